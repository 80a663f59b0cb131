"""Handle comment commands on pairing issues: `/met`, `/not-met`, `/rematch` and `/when`.

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
core/rematch.py); follow-up makes the rematches on `rematch_day`. `/when 12 March` records the
day the group plans to meet in the round file (a later `/when` moves it) and replies with the day
in words and "Add to calendar" links; a date outside the round's month or gone by, or no date,
records nothing and gets a reply saying what to write (core/when.py). In a group that ended when a
member was rematched, a command changes nothing and gets one reply saying so. Any other `/word`
from a member, in a comment with no known command, gets one short reply listing the commands and
changes nothing.
From anyone else this command replies politely and changes nothing; but the workflow
(commands.yml) starts only for comments by the group's members, so on GitHub others get no reply.
Other comments are ignored. The issue number is never recorded from a comment: announce does that.

What each command does is its record in core/comment_commands.py's table, which gives a plan
(core/plan.py); this command reads the event (and the thread, for a command whose reply depends
on it), then prints the plan (--dry-run) or carries it out: the file change first, then the
label, the closing and the reply, each done once.

Running it twice for the same comment changes nothing more and posts no second reply (each reply
carries the comment's id in a hidden marker). With --push the outcome is committed on top of the
branch's newest commit and pushed, starting again from a fresh checkout when someone else pushed
first, so simultaneous comments never overwrite each other's outcomes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from unmentoring.commands import options
from unmentoring.core.comment_commands import CommentEvent, Decision, decide
from unmentoring.core.follow_up import later_round_drawn
from unmentoring.core.model import Round
from unmentoring.core.plan import Action, Applier, GitHubAction, RoundChange
from unmentoring.core.thread import Days, ThreadComment
from unmentoring.github import api, applier, bot_comment, events, identity
from unmentoring.github.interface import GitHub
from unmentoring.github.server import web_url
from unmentoring.gitops import saving
from unmentoring.store import offline, repository

log = logging.getLogger(__name__)

KIND = "issue_comment"


def comment_from_event(event: Mapping[str, Any] | events.Fields) -> CommentEvent:
    """The parts of an ``issue_comment`` webhook payload that a decision needs."""
    if not isinstance(event, events.Fields):
        event = events.of(event, KIND)
    issue, comment = event.object("issue"), event.object("comment")
    user = comment.optional_object("user")
    repo = event.optional_object("repository")
    author = user.text("login")
    return CommentEvent(
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


def issue_link(comment: CommentEvent) -> str | None:
    """The web address of the comment's issue, when the event names its repository."""
    if not comment.repository:
        return None
    return f"{web_url()}/{comment.repository}/issues/{comment.issue}"


# -- applying ------------------------------------------------------------------------------


def read_thread(client: GitHub, comment: CommentEvent) -> tuple[ThreadComment, ...]:
    """The issue's comments but this one, for a command whose reply depends on them."""
    return tuple(
        ThreadComment(author=c.author, body=c.body, is_bot=c.author_is_bot)
        for c in client.list_comments(comment.issue)
        if c.id != comment.comment_id
    )


def carry_out(
    actions: Sequence[Action],
    saver: saving.Saver,
    apply: Applier,
    again: Callable[[Round], Sequence[Action]],
) -> None:
    """The file changes first (the outcome is recorded before the issue closes), then what is
    done on GitHub, in order. When the file changes changed nothing, the plan is made ``again``
    from the round as it is now: recorded before (a rerun gives the same plan), or the round
    moved on meanwhile (a rematch took the group), which calls for another answer."""
    changes = [action for action in actions if not isinstance(action, GitHubAction)]
    if changes and not saver.save(changes):
        month = next(change.month for change in changes if isinstance(change, RoundChange))
        actions = again(saver.round(month))
    for action in actions:
        if isinstance(action, GitHubAction):
            apply.apply(action)


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
    if decision.respond is None:
        log.info("nothing to do: %s", decision.why)
        return 0
    month = decision.on.drawn.round if decision.on else ""
    today = options.today()
    later = later_round_drawn(month, loaded.rounds)
    days = Days.of(loaded.scheme)
    person = loaded.participants.get(comment.author.lower())
    taking_part = person is not None and person.is_eligible(month)

    def plan(decided: Decision, comments: tuple[ThreadComment, ...] = ()) -> Sequence[Action]:
        return decided.plan(
            days,
            today,
            later_round_drawn=later,
            comments=comments,
            taking_part=taking_part,
            scheme_name=loaded.scheme.name,
            issue_url=issue_link(comment),
        )

    if args.dry_run:
        # No thread is read: a reply that depends on a partner's words cannot see them.
        actions = plan(decision)
        printer = offline.Printer(sys.stdout)
        carry_out(actions, saving.InMemory(loaded.rounds, sys.stdout), printer, lambda _: actions)
        return 0
    client = api.connect(repository=comment.repository)
    bot_comment.settle_login(client)
    comments = read_thread(client, comment) if decision.reads_thread else ()
    actions = plan(decision, comments)
    log.info("%s from @%s: %s", decision.action, comment.author, decision.why)
    saver: saving.Saver = saving.WorkingTree(root)
    if args.push and any(not isinstance(action, GitHubAction) for action in actions):
        committer = identity.committer(client)
        base = comment.default_branch  # else the branch checked out (landing.base_branch)
        saver = saving.Pushed(root, remote=args.remote, committer=committer, base=base)

    def again(fresh: Round) -> Sequence[Action]:
        rounds = {**loaded.rounds, fresh.round: fresh}
        return plan(decide(comment, rounds, bot_comment.bot_login()), comments)

    carry_out(actions, saver, applier.OnGitHub(client), again)
    return 0
