"""Open one GitHub issue per group of a round, @-mentioning its members.

Safe to run again at any moment, including after a run that was killed or stopped: it first
lists the round's issues on GitHub (by label, open and closed) and recognises its own by the
hidden marker in each body, so it opens only the missing ones. When GitHub may have opened an
issue but the answer was lost, it looks for the marker again before trying again, so nobody is
announced twice.

Where the issue numbers go: without --push, into the round file in the working tree as they
come (at most a couple of writes a second). With --push (as the workflow runs it), they are
committed and pushed once at the end, also after an error or the time limit, on top of the
branch's newest commit, retried when someone else pushed first. A number lost to a kill is found
again by the issue's marker on the next run.

GitHub limits how fast content is created: the client spaces the issues, keeps to an hourly
budget (counting this round's issues an earlier run opened within the hour) and waits out
refusals (github/pacing.py, github/api.py); a wait past --max-minutes stops the run cleanly.

Which round: --round, or the latest round drawn up to this month (UTC). The workflow runs it
after every draw, on every push of a round file and each day, so whatever that round lacks is
announced within a day, however the round arrived (a pull request merged late, or with other
commits on top); a round whose groups all have their numbers costs no request.

--dry-run prints every issue it would open; --outbox DIR writes them as Markdown files instead.
Neither touches the network. --max-minutes stops cleanly (exit 0) with the rest left for the
next run. A round that has not been drawn (no round file) is nothing to announce: exit 0.
Participant files with problems are warned about and those people left out, as in `pair`.
Groups made mid-month by /rematch are announced by follow-up, which makes them, never here, so
two runs never open the same issue.

An issue that proposes days to meet is edited once right after it is opened, to put its own
link into the "Add to calendar" links (core/announcement.py); its number is recorded only after
that, so an issue found again by its marker gets the edit if it still reads as opened.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from unmentoring.commands import options
from unmentoring.core import announcement, pairing_issue
from unmentoring.core.announcement import Planned
from unmentoring.core.model import Round
from unmentoring.core.plan import OpenIssue
from unmentoring.github import api, applier, identity, round_issues
from unmentoring.github.interface import GitHub, OutOfTime
from unmentoring.github.issue_numbers import LocalRecord, PushRecord, Record, land
from unmentoring.github.server import web_url
from unmentoring.gitops import landing
from unmentoring.site import builder
from unmentoring.store import offline, output_folder, repository, starters, step_outputs

log = logging.getLogger(__name__)


@dataclass
class Result:
    """What a run did, for the progress lines and the summary."""

    month: str
    groups: int
    recorded_before: int = 0
    found: dict[int, int] = field(default_factory=dict)  # group index -> issue found by marker
    opened: dict[int, int] = field(default_factory=dict)  # group index -> issue opened now
    skipped: list[int] = field(default_factory=list)  # groups with nobody left to tell
    stopped: str | None = None

    @property
    def left(self) -> int:
        done = self.recorded_before + len(self.found) + len(self.opened) + len(self.skipped)
        return self.groups - done


# -- on GitHub --------------------------------------------------------------------------------


def announce(
    client: GitHub,
    month: str,
    planned: list[Planned],
    record: Record,
    *,
    clock: Callable[[], float] = time.monotonic,
    out: TextIO | None = None,
) -> Result:
    """Open the missing issues; ``record({marker: number})`` is told every number learned."""
    out = out or sys.stdout
    result = Result(month=month, groups=len(planned))
    result.recorded_before = sum(1 for p in planned if p.issue is not None)
    try:
        _find_earlier(client, month, planned, record, result)
        _skip_empty(planned, result, out)
        todo = announcement.to_open(planned, result.found)
        if not todo:
            print(f"{month}: every group already has its issue; nothing to open", file=out)
            return result
        _open_all(client, todo, record, result, clock, out)
    except OutOfTime as stop:
        result.stopped = str(stop)
    finally:
        record.flush()
    return result


def _find_earlier(
    client: GitHub, month: str, planned: list[Planned], record: Record, result: Result
) -> None:
    """The issues an earlier run opened but never recorded, found by their markers."""
    client.check_access()
    _ensure_labels(client, month)
    listed = round_issues.listed(client, month)
    # This round's issues opened within the hour (by an earlier run) use up GitHub's hourly
    # content-creation allowance too: the budget counts them.
    client.add_earlier_creations(i.created_at for i in listed if i.created_at is not None)
    unnumbered = [p.marker.key for p in planned if p.issue is None and p.text is not None]
    found = round_issues.with_unlabelled(
        client, month, round_issues.by_marker(listed, month), unnumbered
    )
    for item in planned:
        if item.issue is None and item.marker.key in found:
            number = found[item.marker.key]
            issue = client.get_issue(number)  # opened by a run stopped before its edit?
            _link(client, item, number, issue.title, issue.body or "")
            result.found[item.index] = number
    if result.found:
        markers = {item.index: item.marker for item in planned}
        record({markers[i]: number for i, number in result.found.items()})


def _skip_empty(planned: list[Planned], result: Result, out: TextIO) -> None:
    skipped = [p for p in planned if p.issue is None and p.text is None]
    result.skipped = [p.index for p in skipped]
    for item in skipped:
        members = ", ".join(item.marker.members)
        print(f"skipped group {members}: nobody in it is still in the scheme", file=out)


def _open_all(
    client: GitHub,
    todo: list[tuple[Planned, OpenIssue]],
    record: Record,
    result: Result,
    clock: Callable[[], float],
    out: TextIO,
) -> None:
    """Open each issue through the one applier, recording its number as it comes."""
    apply = applier.OnGitHub(client)
    started = clock()
    for position, (item, action) in enumerate(todo, start=1):
        left = client.time_left()
        if left is not None and left <= 0:
            raise OutOfTime("the time limit is reached")
        number = apply.apply(action)
        assert number is not None
        _link(client, item, number, action.title, action.body)
        result.opened[item.index] = number
        record({item.marker: number})
        remaining = len(todo) - position
        per_issue = (clock() - started) / position
        print(
            f"{position}/{len(todo)} issues opened (#{number}: "
            f"{', '.join(item.marker.members)}), about {remaining * per_issue:.0f} s left",
            file=out,
            flush=True,
        )


def _link(client: GitHub, item: Planned, number: int, title: str, body: str) -> None:
    """Put the issue's own link into its calendar links, once (before its number is recorded)."""
    edit = item.link(number, title, body)
    if edit is not None:
        applier.OnGitHub(client).apply(edit)


def _ensure_labels(client: GitHub, month: str) -> None:
    client.ensure_label(
        pairing_issue.PAIRING_LABEL,
        pairing_issue.PAIRING_LABEL_COLOR,
        pairing_issue.PAIRING_LABEL_DESCRIPTION,
    )
    client.ensure_label(
        pairing_issue.round_label(month),
        pairing_issue.ROUND_LABEL_COLOR,
        pairing_issue.round_label_description(month),
    )


# -- offline: dry run and outbox ----------------------------------------------------------------


def print_plan(planned: list[Planned], month: str, out: TextIO) -> None:
    """Every issue a run would open (groups already numbered in the round file are skipped)."""
    todo = announcement.to_open(planned)
    printer = offline.Printer(out)
    for _item, action in todo:
        printer.apply(action)
    done = sum(1 for p in planned if p.issue is not None)
    print(
        f"{month}: {len(todo)} issue(s) would be opened; {done} group(s) already have one in "
        "the round file (a real run also finds issues opened earlier by their marker)",
        file=out,
    )


def write_outbox(planned: list[Planned], month: str, outbox: Path, out: TextIO) -> None:
    """One Markdown file per issue, named after its group, so a re-run rewrites, not adds."""
    box = offline.Outbox(outbox)
    for _item, action in announcement.to_open(planned):
        box.apply(action)
    print(
        f"{month}: wrote {box.written} issue(s) to {outbox}"
        + (f"; {box.unchanged} already there" if box.unchanged else ""),
        file=out,
    )


# -- reporting ----------------------------------------------------------------------------------


def summary(result: Result, planned: list[Planned], issue_url: Callable[[int], str]) -> str:
    """A Markdown summary with a link to every group's issue."""
    numbers = {p.index: p.issue for p in planned if p.issue is not None}
    numbers.update(result.found)
    numbers.update(result.opened)
    lines = [
        f"### Round {result.month}: pairing issues",
        "",
        f"{result.groups} group(s): {len(result.opened)} issue(s) opened now, "
        f"{len(result.found)} found from an earlier run, {result.recorded_before} recorded "
        f"before, {len(result.skipped)} skipped (nobody left), {result.left} left for the "
        "next run.",
    ]
    if result.stopped:
        lines += ["", f"Stopped early: {result.stopped}."]
    lines += ["", "| Group | Issue |", "| --- | --- |"]
    for item in planned:
        number = numbers.get(item.index)
        where = f"[#{number}]({issue_url(number)})" if number else "not yet"
        lines.append(f"| {', '.join(item.marker.members)} | {where} |")
    return "\n".join(lines) + "\n"


# -- the command --------------------------------------------------------------------------------

# A job on a GitHub-hosted runner may run 6 hours (https://docs.github.com/en/actions/reference/limits):
# a run stops itself well before, leaving time to push the numbers; the next run carries on.
LONGEST_RUN = 330.0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    options.add_round(
        parser, "the round to announce (default: the latest drawn up to this month, UTC)"
    )
    mode = parser.add_mutually_exclusive_group()
    options.add_dry_run(
        mode, "print every issue that would be opened; no network, no files changed"
    )
    mode.add_argument(
        "--outbox",
        type=output_folder.argument,
        metavar="DIR",
        help="write each issue as a Markdown file in DIR instead of opening it; no network",
    )
    options.add_max_minutes(parser, LONGEST_RUN)
    options.add_push(parser, "the issue numbers (at the end of the run)")


def print_preview(loaded: repository.Repository, asked: str | None, out: TextIO) -> None:
    """What ``announce --dry-run`` prints: every issue it would open for the round ``asked``
    (default: the latest drawn up to this month); no network, nothing written."""
    month = asked or _latest(loaded.rounds, options.current_month())
    drawn = loaded.rounds.get(month)
    if drawn is None:
        print(f"round {month} has not been drawn; nothing to announce", file=out)
        return
    print_plan(_plan(loaded, drawn), month, out)


def _plan(loaded: repository.Repository, drawn: Round) -> list[Planned]:
    repo_name = os.environ.get("GITHUB_REPOSITORY", "").strip() or loaded.scheme.repository
    return plan(loaded, drawn, pairing_issue.change_form_url(web_url(), repo_name))


def plan(
    loaded: repository.Repository,
    drawn: Round,
    change_form: str | None,
    *,
    rematches: bool = False,
) -> list[Planned]:
    """Every group's issue (core/announcement.plan), with the scheme's conversation starters and
    its issues' links (when the repository is known: GITHUB_REPOSITORY or scheme.yaml)."""
    repo_name = os.environ.get("GITHUB_REPOSITORY", "").strip() or loaded.scheme.repository
    return announcement.plan(
        loaded,
        drawn,
        change_form,
        rematches=rematches,
        starter_list=starters.load(builder.find_sources(loaded.root).content),
        issue_url=_issue_url(web_url(), repo_name) if repo_name else None,
        today=options.today(),
    )


def _issue_url(server: str, repo_name: str) -> Callable[[int], str]:
    issues = f"{server.rstrip('/')}/{repo_name}/issues/"
    return lambda number: f"{issues}{number}"


def run(args: argparse.Namespace) -> int:
    root = Path(args.repo)
    loaded = repository.load_for_use(root)
    if args.dry_run:
        print_preview(loaded, args.round, sys.stdout)
        return 0
    month = args.round or _latest(loaded.rounds, options.current_month())
    drawn = loaded.rounds.get(month)
    if drawn is None:
        # `pair` has said why (not yet drawn, fewer than two people, before the start).
        print(f"round {month} has not been drawn; nothing to announce")
        return 0
    repo_name = os.environ.get("GITHUB_REPOSITORY", "").strip() or loaded.scheme.repository
    server = web_url()
    planned = _plan(loaded, drawn)
    if not args.outbox and all(item.issue is not None or item.text is None for item in planned):
        # The numbers come from GitHub, so every issue exists (a group whose members have all
        # left gets none): the daily run costs no request.
        print(f"{month}: every group already has its issue; nothing to open")
        return 0
    if args.outbox:
        write_outbox(planned, month, args.outbox, sys.stdout)
        return 0

    deadline = None
    minutes = options.max_minutes(args.max_minutes, LONGEST_RUN)
    if minutes is not None:
        deadline = time.monotonic() + max(minutes, 0) * 60
    client = api.connect(repository=repo_name, deadline=deadline, reserve=api.BULK_RESERVE)
    record: LocalRecord | PushRecord
    committer = None
    if args.push:
        landing.require_clean(root)
        record = PushRecord()
        committer = identity.committer(client)
    else:
        record = LocalRecord(root, drawn)
    try:
        result = announce(client, month, planned, record)
    except BaseException:
        if isinstance(record, PushRecord) and record.numbers:
            _land_after_failure(root, month, record, args.remote, committer)
        raise
    if isinstance(record, PushRecord) and record.numbers:
        land(root, month, record.numbers, remote=args.remote, committer=committer)
    _report(result, planned, server, client.repository)
    return 0


def _latest(rounds: Mapping[str, object], this_month: str) -> str:
    """The latest round drawn up to ``this_month`` (this month's when none is)."""
    return max((month for month in rounds if month <= this_month), default=this_month)


def _land_after_failure(
    root: Path,
    month: str,
    record: PushRecord,
    remote: str,
    committer: landing.Identity | None,
) -> None:
    """Keep the numbers learned before the failure; a landing failure must not hide it."""
    try:
        land(root, month, record.numbers, remote=remote, committer=committer)
    except Exception as landing:  # the original error is re-raised by the caller
        log.error(
            "could not push the %d issue number(s) learned before the failure (%s); the next "
            "run finds those issues again by their marker",
            len(record.numbers),
            landing,
        )


def _report(result: Result, planned: list[Planned], server: str, repo_name: str) -> None:
    if result.stopped:
        print(f"stopped: {result.stopped}; {result.left} group(s) left for the next run")
    else:
        print(
            f"{result.month}: done: {len(result.opened)} opened now, {len(result.found)} found "
            f"from an earlier run, {result.recorded_before} recorded before"
        )
    if os.environ.get(step_outputs.SUMMARY_ENV, "").strip():
        issues = f"{server.rstrip('/')}/{repo_name}/issues/"
        step_outputs.add_to_summary(summary(result, planned, lambda number: f"{issues}{number}"))
