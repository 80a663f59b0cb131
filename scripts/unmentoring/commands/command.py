"""Handle comment commands on pairing issues: `/met`, `/not-met` and `/rematch`.

Reads the `issue_comment` webhook payload (in a workflow: $GITHUB_EVENT_PATH). Only pairing
issues count: labelled `pairing`, with a group's marker, and either the issue the round file
records for the group (whoever opened it: a GitHub App, an organiser's token), or, before
announce has committed its number, opened by github-actions[bot] or the login in
UNMENTORING_BOT_LOGIN. A command is a line whose first word is the command, outside quotes
(`> `) and code; the spellings it accepts (`/Met!`, `/met great chat`, `/not met`,
`/didnt-meet`, ...) are core/comment_commands.py's. From a member of the issue's group, `/met`
records the outcome `met` in the round file, labels the issue, closes it as completed and says
thank you; `/not-met` records `not_met` and closes it as not planned. `/rematch` changes nothing
and gets one reply saying what the request amounts to (from the comment's date and the thread:
core/rematch.py); follow-up makes the rematches on `rematch_day`. In a group that ended when a
member was rematched, a command changes nothing and gets one reply saying so. Any other `/word`
from a member, in a comment with no known command, gets one short reply listing the commands and
changes nothing.
From anyone else this command replies politely and changes nothing; but the workflow
(commands.yml) starts only for comments by the group's members, so on GitHub others get no reply.
Other comments are ignored. The issue number is never recorded from a comment: announce does that.

Running it twice for the same comment changes nothing more and posts no second reply (each reply
carries the comment's id in a hidden marker). With --push the outcome is committed on top of the
branch's newest commit and pushed, starting again from a fresh checkout when someone else pushed
first, so simultaneous comments never overwrite each other's outcomes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from unmentoring.commands import options
from unmentoring.core import pairing_issue, rematch
from unmentoring.core.comment_commands import (
    CLOSE_REASON,
    REPLY_MARKER,
    Act,
    Comment,
    Decision,
    command_help,
    decide,
    group_ended,
    not_a_member,
    thank_you,
    with_outcome,
)
from unmentoring.core.follow_up import later_round_drawn
from unmentoring.core.model import Outcome, Round
from unmentoring.core.thread import Days, ThreadComment
from unmentoring.github import api, bot_comment, events, identity
from unmentoring.github.interface import GitHub
from unmentoring.gitops import landing
from unmentoring.store import paths, repository
from unmentoring.store.rounds import read_round

log = logging.getLogger(__name__)

KIND = "issue_comment"


def comment_from_event(event: Mapping[str, Any] | events.Fields) -> Comment:
    """The parts of an ``issue_comment`` webhook payload that a decision needs."""
    if not isinstance(event, events.Fields):
        event = events.of(event, KIND)
    issue, comment = event.object("issue"), event.object("comment")
    user = comment.optional_object("user")
    repo = event.optional_object("repository")
    author = user.text("login")
    return Comment(
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
        created=_day(comment.optional_text("created_at")),
    )


def _day(stamp: str | None) -> dt.date | None:
    """The UTC day of GitHub's ``2026-03-12T08:15:00Z``; None when absent or unreadable."""
    try:
        return dt.datetime.fromisoformat(stamp).astimezone(dt.UTC).date() if stamp else None
    except ValueError:
        return None


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


def land(
    root: Path,
    comment: Comment,
    decision: Decision,
    *,
    remote: str,
    committer: landing.Identity | None = None,
) -> str | None:
    """Record the outcome on the branch's newest commit and push it; retried on races."""
    assert decision.marker and decision.outcome
    month = decision.marker.round

    def make_change(checkout: Path) -> landing.Commit | None:
        if not record(checkout, comment, decision):
            return None
        said = "met" if decision.outcome is Outcome.MET else "did not meet"
        return landing.Commit(
            message=f"Round {month}: {', '.join(decision.members)} {said} (#{comment.issue})",
            paths=(paths.round_file(month),),
        )

    base = landing.base_branch(root, comment.default_branch)
    return landing.land(root, make_change, base=base, remote=remote, identity=committer)


def rematch_status(
    client: GitHub | None,
    comment: Comment,
    decision: Decision,
    rounds: Mapping[str, Round],
    days: Days,
) -> rematch.Status:
    """What a member's /rematch amounts to; reads the thread (not on a dry run: ``client``
    None, when a partner's reply cannot be seen)."""
    assert decision.marker and decision.group
    thread: tuple[ThreadComment, ...] = ()
    if client is not None:
        thread = tuple(
            ThreadComment(author=c.author, body=c.body, is_bot=c.author_is_bot)
            for c in client.list_comments(comment.issue)
            if c.id != comment.comment_id
        )
    asked_on = comment.created or dt.datetime.now(dt.UTC).date()
    return rematch.status(
        rounds[decision.marker.round],
        decision.group,
        comment.author.lower(),
        asked_on,
        thread,
        days,
        later_round_drawn=later_round_drawn(decision.marker.round, rounds),
    )


def reply_to(
    comment: Comment,
    decision: Decision,
    found: rematch.Status | None = None,
    days: Days | None = None,
) -> str:
    """The one reply ``decision`` calls for (not for IGNORE); ``found`` and ``days`` for
    REMATCH."""
    if decision.action is Act.REMATCH:
        assert found and days and decision.marker
        marker = REPLY_MARKER.format(comment.comment_id)
        return rematch.reply(comment.author, found, decision.marker.round, days, marker)
    if decision.action is Act.ENDED:
        return group_ended(comment)
    if decision.action is Act.RECORD:
        assert decision.outcome
        return thank_you(comment, decision.outcome)
    if decision.action is Act.HELP:
        assert decision.unknown
        return command_help(comment, decision.unknown)
    return not_a_member(comment, decision.members)


def respond(client: GitHub, comment: Comment, decision: Decision, reply: str) -> None:
    """Label and close the issue (for a member's command) and post ``reply`` once."""
    if decision.action is Act.RECORD:
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
    bot_comment.post(
        client, comment.issue, REPLY_MARKER.format(comment.comment_id), reply, edit=False
    )


# -- the command ---------------------------------------------------------------------------


def add_arguments(parser: argparse.ArgumentParser) -> None:
    events.add_event_argument(
        parser,
        KIND,
        "; only issues labelled `pairing` that the round file records for the marker's group "
        "count (or, before announce has committed the number, issues opened by "
        "github-actions[bot] or the login in UNMENTORING_BOT_LOGIN)",
    )
    options.add_dry_run(parser, "print what would be done; change no file and call no API")
    options.add_push(parser, "the outcome")


def run(args: argparse.Namespace) -> int:
    root = Path(args.repo)
    comment = comment_from_event(events.read(args.event, KIND))
    loaded, _problems = repository.load(root)
    decision = decide(comment, loaded.rounds, bot_comment.bot_login())
    if decision.action is Act.IGNORE:
        log.info("nothing to do: %s", decision.why)
        return 0
    days = Days.of(loaded.scheme)
    if args.dry_run:
        if decision.action is Act.RECORD:
            print(f"would record {decision.outcome} for {', '.join(decision.members)}")
        found = None
        if decision.action is Act.REMATCH:
            found = rematch_status(None, comment, decision, loaded.rounds, days)
        print(reply_to(comment, decision, found, days))
        return 0

    client = api.connect(repository=comment.repository)
    found = None
    if decision.action is Act.REMATCH:
        found = rematch_status(client, comment, decision, loaded.rounds, days)
        log.info("/rematch from @%s: %s; nothing changed", comment.author, found)
    elif decision.action is Act.ENDED:
        log.info("%s; replying, nothing changed", decision.why)
    elif decision.action is Act.RECORD:
        if args.push:
            land(root, comment, decision, remote=args.remote, committer=identity.committer(client))
        else:
            record(root, comment, decision)
        log.info("recorded %s for %s", decision.outcome, ", ".join(decision.members))
    elif decision.action is Act.HELP:
        log.info("%s; replying with the commands, nothing changed", decision.why)
    else:
        log.info("@%s is not in this pairing; replying, nothing changed", comment.author)
    respond(client, comment, decision, reply_to(comment, decision, found, days))
    return 0
