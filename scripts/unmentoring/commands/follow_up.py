"""Follow up the pairing issues, daily: a nudge, a "did you meet?", and closing at the round's end.

Which rounds: with --round R, that round; otherwise the latest round drawn for this month (or
before), and the round before it. For --today (default: today, UTC) it runs four stages, each
reading what it needs and asking core/ for a plan (core/plan.py), which one applier carries out:
- nudges, prompts and closing (core/follow_up.py), for each group with an issue and no
  outcome: from `nudge_day` a nudge where no member has written; from `prompt_day` a "did you
  meet?"; once a later round is drawn, a kind closing comment, the issue closed as not planned,
  and `outcome: unreported` in the round file;
- rematches (core/rematch.py), from `rematch_day` of the latest round: the requests paired once,
  the new groups recorded and announced, the old groups and anyone alone told;
- quiet members (core/quiet.py), from `prompt_day`: told once, then paused.

Safe to run again at any moment, also after a kill or a lost answer: each comment has a hidden
marker, and one by our login with that marker in the thread means it is posted (bot_comment);
closing twice changes nothing; and a group whose issue is closed but whose outcome was never
recorded (a run killed before it pushed) gets it on the next run. Comments go through the same
client as announce's issues, spaced and kept to the hourly budget (github/pacing.py).

File changes are saved once at the end (also after an error), each kind in a commit of its
own with --push, retried on lost races, so a `/met` that lands in between is kept; without
--push in the working tree. Only the rematch groups are saved as soon as they are made: the
round file is the record that they were made once, before their issues open. --dry-run prints
the plan and changes nothing; --outbox DIR writes each comment as a Markdown file under
DIR/follow-up/ instead of posting it, treating every group without an outcome as an open issue
with no comments (no network). --max-minutes stops cleanly (exit 0) before a wait would pass
it: what was done is kept, and the next run carries on. With GITHUB_STEP_SUMMARY set, a table
per round goes to the job summary; it is printed anyway.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import logging
import os
import sys
import time
from collections.abc import Mapping
from pathlib import Path

from unmentoring.commands import announce, options
from unmentoring.commands.follow_up_stages import Report, Run, follow
from unmentoring.core import follow_up, pairing_issue, tally
from unmentoring.core.model import Round
from unmentoring.core.pairing_issue import Marker
from unmentoring.core.thread import ThreadComment
from unmentoring.github import api, applier, bot_comment, identity, issue_numbers, threads
from unmentoring.github.interface import GitHub, OutOfTime
from unmentoring.github.server import web_url
from unmentoring.gitops import landing, saving
from unmentoring.store import offline, output_folder, repository, step_outputs

log = logging.getLogger(__name__)

OUTBOX_FOLDER = offline.COMMENTS_FOLDER  # inside --outbox: one file per comment


# -- the command ------------------------------------------------------------------------------


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a day; write it YYYY-MM-DD, e.g. 2026-03-24"
        ) from None


# A job on a GitHub-hosted runner may run 6 hours (https://docs.github.com/en/actions/reference/limits):
# a run stops itself well before, leaving time to push; the next day's run carries on.
LONGEST_RUN = 320.0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    options.add_round(
        parser,
        "follow up this round only (default: the latest round drawn for this month or before, "
        "and the one before it)",
    )
    parser.add_argument(
        "--today",
        type=_day,
        metavar="YYYY-MM-DD",
        help="act as on this day (default: today, UTC)",
    )
    mode = parser.add_mutually_exclusive_group()
    options.add_dry_run(mode, "print every comment that would be posted; no network, no files")
    mode.add_argument(
        "--outbox",
        type=output_folder.argument,
        metavar="DIR",
        help="write each comment as a Markdown file in DIR/follow-up/ instead of posting it, "
        "as if no one had commented; no network",
    )
    options.add_max_minutes(parser, LONGEST_RUN)
    options.add_push(
        parser,
        "the outcome `unreported` of the groups whose issues it closes, the groups made by "
        "/rematch and their issue numbers, and the quiet members' pauses",
    )


def repository_name(loaded: repository.Repository) -> str | None:
    """owner/name: the workflow's repository, else scheme.yaml's."""
    return os.environ.get("GITHUB_REPOSITORY", "").strip() or loaded.scheme.repository


def offline_run(
    root: Path,
    today: dt.date,
    *,
    outbox: Path | None,
    said: Mapping[frozenset[str], tuple[ThreadComment, ...]] | None = None,
) -> Run:
    """A run without the network: into ``outbox``, or (None) printed as a dry run. ``said``:
    what members wrote, by group (the demo's stand-ins); what earlier runs wrote to ``outbox``
    is read back as the bot's comments, so a rerun posts each comment once, as on GitHub."""
    loaded = repository.load_for_use(root)
    out = sys.stdout
    bot = bot_comment.bot_login()
    # The same link as announce's issues, so a rematch's issue says where to pause as they do.
    change_form = pairing_issue.change_form_url(web_url(), repository_name(loaded))

    def announce_offline(drawn: Round) -> dict[Marker, int]:
        planned = announce.plan(loaded, drawn, change_form, rematches=True)
        if outbox is None:
            announce.print_plan(planned, drawn.round, out)
        else:
            announce.write_outbox(planned, drawn.round, outbox, out)
        return {}

    return Run(
        loaded=loaded,
        today=today,
        threads=threads.NoThreads(said, offline.posted(outbox, bot) if outbox else None),
        applier=offline.Printer(out) if outbox is None else offline.Outbox(outbox),
        saver=saving.InMemory(loaded.rounds, out) if outbox is None else saving.WorkingTree(root),
        announce=announce_offline,
        change_form=change_form,
        need_issue=False,
        bot=bot,
    )


def github_run(
    root: Path, today: dt.date, client: GitHub, saver: saving.Saver, repo_name: str | None
) -> Run:
    """A run on GitHub through ``client``, saving into ``saver``."""
    loaded = repository.load_for_use(root)
    change_form = pairing_issue.change_form_url(web_url(), repo_name)

    def announce_on_github(drawn: Round) -> dict[Marker, int]:
        planned = announce.plan(loaded, drawn, change_form, rematches=True)
        record = issue_numbers.PushRecord()
        result = announce.announce(client, drawn.round, planned, record)
        if result.stopped:
            raise OutOfTime(result.stopped)
        return record.numbers

    return Run(
        loaded=loaded,
        today=today,
        threads=threads.OnGitHub(client),
        applier=applier.OnGitHub(client),
        saver=saver,
        announce=announce_on_github,
        change_form=change_form,
        issue_links=f"{web_url()}/{repo_name}/issues/" if repo_name else None,
    )


def run(args: argparse.Namespace) -> int:
    root = Path(args.repo)
    today = args.today or options.today()
    loaded = repository.load_for_use(root)
    months = follow_up.rounds_to_follow(loaded.rounds, today, args.round)
    if not months:
        which = f"round {args.round} has not been drawn" if args.round else "no round drawn yet"
        print(f"{which}; nothing to follow up")
        return 0
    if args.dry_run or args.outbox is not None:
        current = offline_run(root, today, outbox=args.outbox)
    else:
        repo_name = repository_name(loaded)
        deadline = None
        minutes = options.max_minutes(args.max_minutes, LONGEST_RUN)
        if minutes is not None:
            deadline = time.monotonic() + minutes * 60
        client = api.connect(repository=repo_name, deadline=deadline, reserve=api.BULK_RESERVE)
        bot_comment.settle_login(client)  # before anything is read: whose comments are ours
        saver: saving.Saver = saving.WorkingTree(root)
        if args.push:
            landing.require_clean(root)
            saver = saving.Pushed(root, remote=args.remote, committer=identity.committer(client))
        current = github_run(root, today, client, saver, repo_name)
    report = follow(current, months)
    verb = "would pause" if args.dry_run else "paused"
    for login in report.quiet.paused:
        print(f"{report.quiet.month}: {verb} {login}: no word in their pairing issues")
    if report.stopped:
        print(f"stopped: {report.stopped}; the next run carries on where this one stopped")
    _report(current, report)
    for failure in current.failed:
        print(f"error: {failure}", file=sys.stderr)
    return 1 if current.failed else 0


def _report(run: Run, report: Report) -> None:
    tallies = []
    for result in report.rounds:
        counted = tally.tally(run.saver.round(result.month), result.wrote)
        if result.month == report.quiet.month:
            counted = dataclasses.replace(counted, paused_as_quiet=len(report.quiet.paused))
        tallies.append(counted)
        posted = ", ".join(f"{n} {kind}" for kind, n in sorted(result.posted.items())) or "none"
        unread = f"; not read, unchanged lately: {result.unread}" if result.unread else ""
        print(
            f"{result.month}: comments posted: {posted}; issues closed: {result.closed}; "
            f"unreported: {len(result.unreported)}{unread}"
        )
    done = report.rematch
    if done.asked or done.made:
        # Only what is news: a later run reads no request offline, and posts nothing again.
        parts = [f"{len(done.asked)} asked"] if done.asked else []
        parts.append(f"{len(done.made)} group(s) {'made now' if done.made_now else 'made before'}")
        if done.told or done.made_now:
            parts.append(f"{done.told} comment(s) posted to the old groups and anyone alone")
        print(f"{done.month}: /rematch: {'; '.join(parts)}")
    print(tally.summary_text(tallies))
    for warning in run.skipped:
        print(f"warning: {warning}")
    step_outputs.add_to_summary(tally.summary_markdown(tallies) + _problems_markdown(run))


def _problems_markdown(run: Run) -> str:
    """The issues skipped (deleted, moved, locked) and the refusals, for the job summary."""
    if not run.skipped and not run.failed:
        return ""
    lines = ["", "#### Skipped or failed", ""]
    lines += [f"- {warning}" for warning in run.skipped]
    lines += [f"- **error**: {failure}" for failure in run.failed]
    return "\n".join(lines) + "\n"
