"""Handle comment commands on pairing issues: `/met` and `/not-met`.

Reads the `issue_comment` webhook payload (in a workflow: $GITHUB_EVENT_PATH). Only pairing
issues count: labelled `pairing` and opened by the account that announces (github-actions[bot], or
the login in UNMENTORING_BOT_LOGIN for a scheme whose workflows use a GitHub App token). A command
counts only on a line of its own (any case), outside quotes (`> `) and code blocks. From a member
of the issue's group, `/met` records the outcome `met` in the round file, labels the issue, closes
it as completed and says thank you; `/not-met` records `not_met` and closes it as not planned.
From anyone else this command replies politely and changes nothing; but the workflow
(commands.yml) starts only for comments by the group's members, so on GitHub others get no reply.
Other comments are ignored. The issue number is never recorded from a comment: announce does that.

Running it twice for the same comment changes nothing more and posts no second reply. With
--push the outcome is committed on top of the branch's newest commit and pushed, starting again
from a fresh checkout when someone else pushed first, so simultaneous comments never overwrite
each other's outcomes.
"""

from __future__ import annotations

import argparse
import dataclasses
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from unmentoring.core import pairing_issue
from unmentoring.core.model import Round
from unmentoring.core.pairing_issue import Marker
from unmentoring.core.problems import Refused
from unmentoring.github import api, bot_comment, events
from unmentoring.github.interface import GitHub
from unmentoring.gitops import landing
from unmentoring.store import repository
from unmentoring.store.rounds import read_round

log = logging.getLogger(__name__)

KIND = "issue_comment"
COMMANDS = {"/met": "met", "/not-met": "not_met", "/not_met": "not_met", "/notmet": "not_met"}
CLOSE_REASON = {"met": "completed", "not_met": "not_planned"}
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_QUOTE = re.compile(r"^ {0,3}>")
_REPLY_MARKER = "<!-- unmentoring:reply-to={} -->"


# -- reading commands (pure) ---------------------------------------------------------------


def find_command(text: str | None) -> str | None:
    """The outcome asked for by the last command line of a comment, if any."""
    found = None
    fence: str | None = None
    for line in (text or "").splitlines():
        opening = _FENCE.match(line)
        if fence is not None:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = None
            continue
        if opening:
            fence = opening.group(1)
            continue
        if _QUOTE.match(line) or line.startswith(("    ", "\t")):
            continue
        outcome = COMMANDS.get(line.strip().lower())
        if outcome:
            found = outcome
    return found


@dataclass(frozen=True)
class Comment:
    """The parts of an `issue_comment` event that matter here."""

    issue: int
    issue_body: str
    issue_labels: tuple[str, ...]
    comment_id: int
    author: str
    body: str
    issue_author: str = ""
    repository: str | None = None
    default_branch: str | None = None
    is_bot: bool = False
    is_pull_request: bool = False
    action: str = "created"

    @classmethod
    def from_event(cls, event: Mapping[str, Any] | events.Fields) -> Comment:
        if not isinstance(event, events.Fields):
            event = events.of(event, KIND)
        issue, comment = event.object("issue"), event.object("comment")
        user = comment.optional_object("user")
        repo = event.optional_object("repository")
        author = user.text("login")
        return cls(
            issue=issue.number("number"),
            issue_body=issue.text("body"),
            issue_labels=issue.label_names(),
            comment_id=comment.number("id"),
            author=author,
            body=comment.text("body"),
            issue_author=issue.optional_object("user").text("login"),
            repository=repo.optional_text("full_name"),
            default_branch=repo.optional_text("default_branch"),
            is_bot=user.text("type") == "Bot" or author.endswith("[bot]"),
            is_pull_request=issue.has("pull_request"),
            action=event.text("action") or "created",
        )


@dataclass(frozen=True)
class Decision:
    """What to do about one comment: ``ignore``, ``refuse`` (not a member) or ``record``."""

    action: str
    why: str
    outcome: str | None = None
    marker: Marker | None = None
    members: tuple[str, ...] = ()


def decide(
    comment: Comment, rounds: Mapping[str, Round], bot: str = bot_comment.DEFAULT_BOT_LOGIN
) -> Decision:
    """Whether and how to act on ``comment``, from the event and the round files alone.

    Only pairing issues count: labelled ``pairing`` and opened by ``bot``, the account that
    announces. Anyone can copy a marker into an issue of their own, so the marker alone is
    not enough."""
    if comment.action != "created":
        return Decision("ignore", f"the comment was {comment.action}, not created")
    if comment.is_pull_request or comment.is_bot:
        return Decision("ignore", "a pull request, or a bot's own comment")
    if pairing_issue.PAIRING_LABEL not in comment.issue_labels:
        return Decision("ignore", f"issue #{comment.issue} has no `pairing` label")
    if comment.issue_author.lower() != bot.lower():
        return Decision(
            "ignore",
            f"issue #{comment.issue} was opened by {comment.issue_author or 'nobody known'}, "
            f"not by {bot}, which announces pairings (set {bot_comment.BOT_LOGIN_ENV} if "
            "another account announces)",
        )
    outcome = find_command(comment.body)
    if outcome is None:
        return Decision("ignore", "no command on a line of its own")
    marker = pairing_issue.find_marker(comment.issue_body)
    if marker is None:
        return Decision("ignore", f"issue #{comment.issue} is not a pairing issue (no marker)")
    drawn = rounds.get(marker.round)
    if drawn is None:
        raise Refused(
            f"issue #{comment.issue} belongs to round {marker.round}, but "
            f"rounds/{marker.round}.yaml is missing or invalid (`unmentoring validate` says why)"
        )
    group = _group(drawn, marker)
    if group is None:
        return Decision("ignore", f"no group {','.join(marker.members)} in round {marker.round}")
    if group.issue is not None and group.issue != comment.issue:
        return Decision(
            "ignore", f"group {','.join(marker.members)} belongs to issue #{group.issue}"
        )
    if comment.author.lower() not in group.members:
        return Decision("refuse", "not a member", outcome, marker, group.members)
    return Decision("record", "a member's command", outcome, marker, group.members)


def with_outcome(drawn: Round, marker: Marker, outcome: str) -> Round:
    """``drawn`` with the group's outcome set.

    The issue number is never taken from a comment: announce records it, matching issues by
    their marker, so a group without a number is still announced (or recognised) properly."""
    groups = tuple(
        dataclasses.replace(group, outcome=outcome)
        if pairing_issue.marker_for(drawn.round, group).key == marker.key
        else group
        for group in drawn.groups
    )
    return dataclasses.replace(drawn, groups=groups)


def _group(drawn: Round, marker: Marker) -> Any:
    for group in drawn.groups:
        if pairing_issue.marker_for(drawn.round, group).key == marker.key:
            return group
    return None


# -- replies -------------------------------------------------------------------------------


def thank_you(comment: Comment, outcome: str) -> str:
    if outcome == "met":
        text = (
            f"Thank you, @{comment.author}! Recorded: you met. This issue is now closed; "
            "see you in the next round."
        )
    else:
        text = (
            f"Thanks for letting us know, @{comment.author}. Recorded: you did not meet this "
            "time. This issue is now closed, and you stay in the next draw."
        )
    return f"{_REPLY_MARKER.format(comment.comment_id)}\n{text}"


def not_a_member(comment: Comment, members: tuple[str, ...]) -> str:
    # The members are named without @, so this reply does not notify them again.
    names = " and ".join([", ".join(members[:-1]), members[-1]] if len(members) > 1 else members)
    return (
        f"{_REPLY_MARKER.format(comment.comment_id)}\n"
        f"Thanks, @{comment.author}! Only the people in this pairing ({names}) can record "
        "whether they met, so nothing has changed."
    )


# -- applying ------------------------------------------------------------------------------


def record(root: Path, comment: Comment, decision: Decision) -> bool:
    """Write the outcome into the round file; True if the file changed."""
    assert decision.marker and decision.outcome
    fresh = read_round(root, decision.marker.round)
    updated = with_outcome(fresh, decision.marker, decision.outcome)
    if updated == fresh:
        return False
    repository.write_round(root, updated)
    return True


def land(root: Path, comment: Comment, decision: Decision, *, remote: str) -> str | None:
    """Record the outcome on the branch's newest commit and push it; retried on races."""
    assert decision.marker and decision.outcome
    month = decision.marker.round

    def make_change(checkout: Path) -> landing.Commit | None:
        if not record(checkout, comment, decision):
            return None
        said = "met" if decision.outcome == "met" else "did not meet"
        return landing.Commit(
            message=f"Round {month}: {', '.join(decision.members)} {said} (#{comment.issue})",
            paths=(f"{repository.ROUNDS}/{month}.yaml",),
        )

    base = landing.base_branch(root, comment.default_branch)
    return landing.land(root, make_change, base=base, remote=remote)


def respond(client: GitHub, comment: Comment, decision: Decision) -> None:
    """Label and close the issue (for a member) and reply once to the comment."""
    if decision.action == "record":
        assert decision.outcome
        label = pairing_issue.OUTCOME_LABELS[decision.outcome]
        client.ensure_label(
            label,
            pairing_issue.OUTCOME_LABEL_COLORS[decision.outcome],
            "UnMentoring: the outcome a member reported",
        )
        others = set(pairing_issue.OUTCOME_LABELS.values()) - {label}
        labels = [name for name in comment.issue_labels if name not in others]
        labels += [label] if label not in labels else []
        client.update_issue(
            comment.issue,
            labels=labels,
            state="closed",
            state_reason=CLOSE_REASON[decision.outcome],
        )
        reply = thank_you(comment, decision.outcome)
    else:
        reply = not_a_member(comment, decision.members)
    bot_comment.post(
        client, comment.issue, _REPLY_MARKER.format(comment.comment_id), reply, edit=False
    )


# -- the command ---------------------------------------------------------------------------


def add_arguments(parser: argparse.ArgumentParser) -> None:
    events.add_event_argument(
        parser,
        KIND,
        "; only issues labelled `pairing` and opened by github-actions[bot] (or by the login in "
        "UNMENTORING_BOT_LOGIN, for workflows that use a GitHub App token) count",
    )
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="print what would be done; change no file and call no API",
    )
    landing.add_push_arguments(parser, "the outcome")


def run(args: argparse.Namespace) -> int:
    root = Path(args.repo)
    comment = Comment.from_event(events.read(args.event, KIND))
    loaded, _problems = repository.load(root)
    decision = decide(comment, loaded.rounds, bot_comment.bot_login())
    if decision.action == "ignore":
        log.info("nothing to do: %s", decision.why)
        return 0
    if args.dry_run:
        if decision.action == "record":
            print(f"would record {decision.outcome} for {', '.join(decision.members)}")
            print(thank_you(comment, decision.outcome or ""))
        else:
            print(not_a_member(comment, decision.members))
        return 0

    client = api.connect(repository=comment.repository)
    if decision.action == "record":
        if args.push:
            land(root, comment, decision, remote=args.remote)
        else:
            record(root, comment, decision)
        log.info("recorded %s for %s", decision.outcome, ", ".join(decision.members))
    else:
        log.info("@%s is not in this pairing; replying, nothing changed", comment.author)
    respond(client, comment, decision)
    return 0
