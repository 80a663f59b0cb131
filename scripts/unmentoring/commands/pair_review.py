"""`pair --push` with ``draw: review``: propose the round in a pull request instead of landing it.

Each attempt first asks GitHub about the round's pull requests (core/draw_review.py): one open
means the draw awaits review, and nothing is done; otherwise the number closed without merging is
the count of rejected draws, which goes into the seed and the round file (``redraws: N``). The
round is drawn on the default branch's newest commit, force-pushed to ``unmentoring/round-YYYY-MM``
(only ever while no pull request from it is open), and one pull request is opened from it:
``open_pull_request`` looks for it again after a lost answer, so a rerun or a killed run never
opens a second one, and a rerun after a kill draws the same round (the same data and count give
the same file) and opens the pull request the killed run did not.

When an organiser merges it, the round file lands on the default branch by a person's push, which
starts the *Monthly round* workflow's announce job. (A pull request opened with the workflow's
GITHUB_TOKEN starts no workflow, but the merge is the organiser's own event:
https://docs.github.com/en/actions/security-for-github-actions/security-guides/automatic-token-authentication#using-the-github_token-in-a-workflow)
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from unmentoring.core import draw_review, pairing
from unmentoring.core.draws import NothingToDraw, eligible, past_rounds
from unmentoring.core.model import Round
from unmentoring.github.interface import PullRequests
from unmentoring.gitops import landing
from unmentoring.store import repository

log = logging.getLogger(__name__)

# Decides the round on a checkout's data, with the count of rejected draws (pair.decide).
Decide = Callable[[repository.Repository, int], Round | NothingToDraw]


def propose(root: Path, month: str, decide: Decide, client: PullRequests, *, remote: str) -> int:
    """Draw round ``month`` onto its review branch and open (or find) its pull request."""
    head = draw_review.branch(month)
    attempts = draw_review.Attempts.of(month, client.pull_requests_from(head))
    if attempts.waiting is not None:
        print(
            f"round {month} is drawn and awaits review in pull request #{attempts.waiting}: "
            "merging it announces the round, closing it unmerged lets the next run draw anew; "
            "nothing to do"
        )
        return 0
    said: list[str] = []  # the latest attempt's outcome
    proposed: list[tuple[Round, pairing.Quality]] = []

    def make_change(checkout: Path) -> landing.Commit | None:
        loaded = repository.load_for_use(checkout)
        drawn = decide(loaded, attempts.rejected)
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
    pull = client.open_pull_request(
        head, base, draw_review.title(month), draw_review.body(drawn, quality)
    )
    print(f"round {month}: {draw_review.quality_line(drawn, quality)}")
    print(f"round {month}: proposed for review in pull request #{pull.number} from {head}")
    return 0
