"""`pair --push` with ``draw: review``: propose the round in a pull request instead of landing it.

Each attempt first asks GitHub about the round's pull requests (core/draw_review.py): one open
means the draw awaits review, and nothing is done; otherwise the number closed without merging is
the count of rejected draws, which goes into the seed and the round file (``redraws: N``). The
round is drawn on the default branch's newest commit, force-pushed to ``unmentoring/round-YYYY-MM``
(only ever while no pull request from it is open), and one pull request is opened from it:
``open_pull_request`` looks for it again after a lost answer, so a rerun or a killed run never
opens a second one, and a rerun after a kill draws the same round (the same data and count give
the same file) and opens the pull request the killed run did not.

While it is open, someone who leaves or pauses would be left in the proposed round, and their
partner introduced to nobody once it is merged (issue 21, finding 8). So each run reads the
proposed round from the branch, and when a member of it is no longer taking part, draws the
round anew onto the same branch from today's participants (the same count of rejected draws:
nobody rejected it), after saying so once in the pull request.

When an organiser merges it, the round file lands on the default branch by a person's push, which
starts the *Monthly round* workflow's announce job. (A pull request opened with the workflow's
GITHUB_TOKEN starts no workflow, but the merge is the organiser's own event:
https://docs.github.com/en/actions/security-for-github-actions/security-guides/automatic-token-authentication#using-the-github_token-in-a-workflow)
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

import yaml

from unmentoring.core import draw_review, pairing, texts
from unmentoring.core.draws import NothingToDraw, eligible, past_rounds
from unmentoring.core.model import Round
from unmentoring.github import bot_comment
from unmentoring.github.interface import Comments, PullRequests
from unmentoring.gitops import git, landing
from unmentoring.store import paths, repository

log = logging.getLogger(__name__)

# Decides the round on a checkout's data, with the count of rejected draws, and whether it
# corrects a proposal awaiting review (drawn on any day, then) (pair.decide).
Decide = Callable[[repository.Repository, int, bool], Round | NothingToDraw]


class ReviewClient(PullRequests, Comments, Protocol):
    """The round's pull requests, and comments on them (a pull request is an issue too)."""


def propose(root: Path, month: str, decide: Decide, client: ReviewClient, *, remote: str) -> int:
    """Draw round ``month`` onto its review branch and open (or find) its pull request; while
    one is open, draw it anew when a member of the proposed round is no longer taking part."""
    head = draw_review.branch(month)
    attempts = draw_review.Attempts.of(month, client.pull_requests_from(head))
    if attempts.waiting is not None:
        gone = _gone_since(root, month, head, remote)
        if not gone:
            print(
                f"round {month} is drawn and awaits review in pull request #{attempts.waiting}: "
                "merging it announces the round, closing it unmerged lets the next run draw "
                "anew; nothing to do"
            )
            return 0
        # Said first, keyed by who went: a run killed before its push says it once, and the
        # next run pushes the same draw (the same data gives the same round).
        logins = ", ".join(f"`{login}`" for login in gone)
        bot_comment.post(
            client,
            attempts.waiting,
            texts.DRAW_REDRAWN.mark(month=month, gone=",".join(gone)),
            texts.DRAW_REDRAWN.fill(month=month, gone=",".join(gone), logins=logins),
            edit=False,
        )
    said: list[str] = []  # the latest attempt's outcome
    proposed: list[tuple[Round, pairing.Quality]] = []

    def make_change(checkout: Path) -> landing.Commit | None:
        loaded = repository.load_for_use(checkout)
        drawn = decide(loaded, attempts.rejected, attempts.waiting is not None)
        proposed.clear()
        if isinstance(drawn, NothingToDraw):
            said[:] = [str(drawn)]
            return None
        people = eligible(loaded, month)
        history = pairing.History.of(past_rounds(loaded, month), month)
        proposed.append((drawn, pairing.assess(drawn, people, history)))
        written = repository.write_round(checkout, drawn)
        return landing.Commit(
            message=f"Propose round {month}: {draw_review.quality_line(*proposed[0])}",
            paths=(written.relative_to(checkout).as_posix(),),
        )

    base = landing.base_branch(root)
    # Force: the branch holds only rejected (or never proposed) draws, each a fresh commit on
    # the base; a pull request from it is open only once this push is done.
    commit = landing.land(root, make_change, base=base, target=head, remote=remote, force=True)
    if commit is None or not proposed:
        print(*said)
        return 0
    drawn, quality = proposed[0]
    if attempts.waiting is not None:
        print(f"round {month}: {draw_review.quality_line(drawn, quality)}")
        print(
            f"round {month}: drawn anew in pull request #{attempts.waiting}, as "
            f"{', '.join(gone)} no longer take(s) part"
        )
        return 0
    pull = client.open_pull_request(
        head, base, draw_review.title(month), draw_review.body(drawn, quality)
    )
    print(f"round {month}: {draw_review.quality_line(drawn, quality)}")
    print(f"round {month}: proposed for review in pull request #{pull.number} from {head}")
    return 0


def _gone_since(root: Path, month: str, head: str, remote: str) -> list[str]:
    """The members of the round proposed on ``head`` who are no longer taking part (left, or
    paused for the round), sorted; none when the branch cannot be read."""
    fetched = git.run(root, "fetch", "--quiet", remote, head, check=False, authenticate=True)
    shown = git.run(root, "show", f"FETCH_HEAD:{paths.round_file(month)}", check=False)
    if not (fetched.ok and shown.ok):
        return []
    try:
        proposed = Round.from_dict(yaml.safe_load(shown.stdout))
    except (yaml.YAMLError, KeyError, TypeError, ValueError):
        return []
    taking_part = {person.login for person in eligible(repository.load_for_use(root), month)}
    return sorted(set(proposed.members) - taking_part)
