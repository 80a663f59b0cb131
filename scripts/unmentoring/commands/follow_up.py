"""Follow up the pairing issues, daily: a nudge, a "did you meet?", and closing at the round's end.

Which rounds: with --round R, that round; otherwise the latest round drawn for this month (or
before), and the round before it. For each group that has an issue and no outcome, it reads the
issue's comments (every page) and takes the steps of core/follow_up.py for --today (default:
today, UTC): from `nudge_day` a nudge where no member has written; from `prompt_day` a "did you
meet?"; and once a later round is drawn, a kind closing comment, the issue closed as not
planned, and `outcome: unreported` in the round file.

Safe to run again at any moment, also after a kill or a lost answer: each comment has a hidden
marker, and one by our login with that marker in the thread means it is posted (bot_comment);
closing twice changes nothing; and a group whose issue is closed but whose outcome was never
recorded (a run killed before it pushed) gets it on the next run. Comments go through the same
client as announce's issues, spaced and kept to the hourly budget (github/pacing.py).

Outcomes: without --push they are written to the round file in the working tree; with --push
committed and pushed once at the end (also after an error), retried on lost races; a `/met`
that lands in between is kept. --dry-run prints what would be posted and changes nothing;
--outbox DIR writes each comment as a Markdown file under DIR/follow-up/ instead of posting
it, treating every group without an outcome as an open issue with no comments (no network).
--max-minutes stops cleanly (exit 0) before a wait would pass it: what was done is kept, and the
next run carries on. With GITHUB_STEP_SUMMARY set, a table per round goes to the job summary; it
is printed anyway.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import logging
import os
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, TextIO

from unmentoring.commands import announce, options
from unmentoring.core import draws, follow_up, pairing_issue, quiet, rematch
from unmentoring.core.follow_up import Action, Days, Kind, Situation, Tally, ThreadComment
from unmentoring.core.model import Group, Outcome, Round, SchemeData
from unmentoring.core.pairing_issue import Marker
from unmentoring.github import api, bot_comment, identity, issue_numbers
from unmentoring.github.interface import GitHub, Issue, OutOfTime
from unmentoring.github.server import web_url
from unmentoring.gitops import landing
from unmentoring.store import output_folder, paths, repository
from unmentoring.store.rounds import read_round
from unmentoring.store.yamlfile import write_atomically

log = logging.getLogger(__name__)

OUTBOX_FOLDER = "follow-up"  # inside --outbox: one file per comment


@dataclass
class RoundResult:
    """What a run did in one round."""

    month: str
    posted: dict[str, int] = field(default_factory=dict)  # kind -> comments posted now
    closed: int = 0
    unreported: set[frozenset[str]] = field(default_factory=set)  # groups to record
    wrote: set[int] = field(default_factory=set)  # group indexes where a member commented
    stopped: str | None = None  # why the run stopped in this round (the time limit)


class Effects(Protocol):
    """Where the actions go: GitHub (``OnGitHub``), or the outbox or screen (``Offline``)."""

    def issues(self, month: str) -> dict[int, Issue]:
        """The round's issues by number, as far as known."""
        ...

    def thread(self, group: Group, issue: Issue | None) -> tuple[bool, tuple[ThreadComment, ...]]:
        """Whether the group's issue is open, and its comments."""
        ...

    def apply(self, month: str, group: Group, action: Action) -> bool:
        """Carry out ``action``'s comment and closing; True if a comment was posted now."""
        ...

    def comments(self, issue: int) -> tuple[ThreadComment, ...]:
        """Any issue's comments (read once per run)."""
        ...

    def group_comments(self, group: Group) -> tuple[ThreadComment, ...]:
        """The comments in a group's issue (read once per run); none without an issue."""
        ...

    def announce(self, loaded: repository.Repository, drawn: Round) -> dict[Marker, int]:
        """Open the issues of ``drawn``'s groups made by /rematch (once each, as announce
        does); the numbers learned."""
        ...

    @property
    def outcome_is_a_word(self) -> bool:
        """Whether a recorded met or not met stands for the members' comments (no threads)."""
        ...

    def time_left(self) -> float | None:
        """Seconds until --max-minutes is up, or None without a limit."""
        ...


class OnGitHub:
    outcome_is_a_word = False

    def __init__(self, client: GitHub, change_form: str | None = None):
        self.client = client
        self.change_form = change_form
        self.read: dict[int, tuple[ThreadComment, ...]] = {}  # issue -> its comments

    def time_left(self) -> float | None:
        return self.client.time_left()

    def issues(self, month: str) -> dict[int, Issue]:
        listed = self.client.list_issues(labels=[pairing_issue.round_label(month)], state="all")
        return {issue.number: issue for issue in listed}

    def thread(self, group: Group, issue: Issue | None) -> tuple[bool, tuple[ThreadComment, ...]]:
        assert group.issue is not None
        if issue is None:  # its round label was taken off: ask for it by number
            issue = self.client.get_issue(group.issue)
        self.read.pop(group.issue, None)  # read afresh: this run may have posted in it
        return issue.state == "open", self.comments(group.issue)

    def comments(self, issue: int) -> tuple[ThreadComment, ...]:
        if issue not in self.read:
            self.read[issue] = tuple(
                ThreadComment(
                    author=c.author,
                    body=c.body,
                    is_bot=c.author_is_bot,
                    created=_utc_day(c.created_at),
                )
                for c in self.client.list_comments(issue)
            )
        return self.read[issue]

    def group_comments(self, group: Group) -> tuple[ThreadComment, ...]:
        return self.comments(group.issue) if group.issue is not None else ()

    def announce(self, loaded: repository.Repository, drawn: Round) -> dict[Marker, int]:
        planned = announce.plan(loaded, drawn, self.change_form, rematches=True)
        record = issue_numbers.PushRecord()
        result = announce.announce(self.client, drawn.round, planned, record)
        if result.stopped:
            raise OutOfTime(result.stopped)
        return record.numbers

    def apply(self, month: str, group: Group, action: Action) -> bool:
        assert group.issue is not None
        posted = False
        if action.comment is not None and action.marker is not None:
            # Looks for the marked comment again first, so a lost answer never posts twice.
            bot_comment.post(self.client, group.issue, action.marker, action.comment, edit=False)
            posted = True
        if action.close:
            self.client.close_issue(group.issue, follow_up.CLOSE_REASON)
        return posted


class Offline:
    """No network: every group without an outcome is an open issue without comments, and a
    group with one has written (the quiet members are those of groups that never reported)."""

    outcome_is_a_word = True

    def __init__(
        self,
        out: TextIO,
        outbox: Path | None,
        threads: Mapping[frozenset[str], tuple[ThreadComment, ...]] | None = None,
    ):
        self.out = out
        self.outbox = outbox
        # The demo's stand-in for what members wrote: comments by the group's members.
        self.threads = dict(threads or {})

    def issues(self, month: str) -> dict[int, Issue]:
        return {}

    def time_left(self) -> float | None:
        return None

    def thread(self, group: Group, issue: Issue | None) -> tuple[bool, tuple[ThreadComment, ...]]:
        return True, ()

    def comments(self, issue: int) -> tuple[ThreadComment, ...]:
        return ()

    def group_comments(self, group: Group) -> tuple[ThreadComment, ...]:
        return self.threads.get(frozenset(group.members), ())

    def announce(self, loaded: repository.Repository, drawn: Round) -> dict[Marker, int]:
        planned = announce.plan(loaded, drawn, None, rematches=True)
        if self.outbox is None:
            announce.print_plan(planned, drawn.round, self.out)
        else:
            announce.write_outbox(planned, drawn.round, self.outbox, self.out)
        return {}

    def apply(self, month: str, group: Group, action: Action) -> bool:
        where = f"{month}_{'_'.join(group.members)}"
        if action.about is not None:
            where = f"{where}_{action.about}"
        if action.comment is None:
            return False
        if self.outbox is None:
            closing = " (and close it as not planned)" if action.close else ""
            print(f"=== would comment on {where}{closing}:\n{action.comment}\n", file=self.out)
            return True
        file = self.outbox / OUTBOX_FOLDER / f"{where}_{action.kind}.md"
        text = f"# {action.kind} for {', '.join(group.members)} ({month})\n\n{action.comment}\n"
        if not (file.is_file() and file.read_text(encoding="utf-8") == text):
            file.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(file, text)
        return True


def _utc_day(epoch: float | None) -> dt.date | None:
    return dt.datetime.fromtimestamp(epoch, dt.UTC).date() if epoch is not None else None


def _stop_if_out_of_time(effects: Effects) -> None:
    left = effects.time_left()
    if left is not None and left <= 0:
        raise OutOfTime("the time limit is reached")


# -- one round --------------------------------------------------------------------------------


def follow_round(
    effects: Effects,
    drawn: Round,
    *,
    today: dt.date,
    days: Days,
    later_round_drawn: bool,
    bot: str,
    need_issue: bool = True,
) -> RoundResult:
    """Take the follow-up steps for every group of ``drawn`` with an issue and no outcome."""
    result = RoundResult(month=drawn.round)
    groups = [
        (index, group)
        for index, group in enumerate(drawn.groups)
        if group.outcome is None and (group.issue is not None or not need_issue)
    ]
    if not groups:
        return result
    try:
        _follow_groups(effects, drawn, groups, result, today, days, later_round_drawn, bot)
    except OutOfTime as stop:
        result.stopped = str(stop)
    return result


def _follow_groups(
    effects: Effects,
    drawn: Round,
    groups: Sequence[tuple[int, Group]],
    result: RoundResult,
    today: dt.date,
    days: Days,
    later_round_drawn: bool,
    bot: str,
) -> None:
    issues = effects.issues(drawn.round)
    for index, group in groups:
        _stop_if_out_of_time(effects)
        issue_open, comments = effects.thread(group, issues.get(group.issue or 0))
        situation = Situation(
            month=drawn.round,
            members=group.members,
            host=group.host,
            issue_open=issue_open,
            comments=comments,
            today=today,
            later_round_drawn=later_round_drawn,
            days=days,
            bot=bot,
            rematch=group.rematch,
        )
        if situation.member_wrote:
            result.wrote.add(index)
        for action in follow_up.decide(situation):
            if effects.apply(drawn.round, group, action):
                result.posted[action.kind] = result.posted.get(action.kind, 0) + 1
            if action.close:
                result.closed += 1
            if action.outcome is not None:
                result.unreported.add(frozenset(group.members))


# -- outcomes ---------------------------------------------------------------------------------


def record(root: Path, results: Sequence[RoundResult]) -> list[str]:
    """Write ``unreported`` into the round files; the paths of those that changed."""
    changed = []
    for result in results:
        if not result.unreported:
            continue
        fresh = read_round(root, result.month)
        updated = follow_up.with_unreported(fresh, result.unreported)
        if updated != fresh:
            repository.write_round(root, updated)
            changed.append(paths.round_file(result.month))
    return changed


def land(
    root: Path,
    results: Sequence[RoundResult],
    *,
    remote: str,
    committer: landing.Identity | None = None,
) -> str | None:
    """Record the outcomes on the branch's newest commit and push; retried on lost races."""

    def make_change(checkout: Path) -> landing.Commit | None:
        changed = record(checkout, results)
        if not changed:
            return None
        counts = ", ".join(
            f"{len(r.unreported)} group(s) of {r.month}" for r in results if r.unreported
        )
        return landing.Commit(
            message=f"Follow-up: {counts} did not report before the next round (unreported)",
            paths=tuple(changed),
        )

    return landing.land(
        root, make_change, base=landing.base_branch(root), remote=remote, identity=committer
    )


# -- /rematch ----------------------------------------------------------------------------------


@dataclass
class RematchResult:
    """What a run did about this month's /rematch requests."""

    month: str
    asked: list[str] = field(default_factory=list)  # whose requests count
    made: tuple[Group, ...] = ()  # the groups made by /rematch (this run or before)
    made_now: bool = False
    numbers: dict[Marker, int] = field(default_factory=dict)  # issues of new groups learned
    told: int = 0  # comments posted: moved and alone
    stopped: str | None = None


class Keep(Protocol):
    """Records the groups ``make`` gives for the round as it is when recorded (a ``/met`` may
    have landed meanwhile); gives the round as recorded."""

    def __call__(self, make: Callable[[Round], rematch.Made]) -> Round: ...


def rematch_round(
    effects: Effects,
    loaded: repository.Repository,
    drawn: Round,
    *,
    today: dt.date,
    days: Days,
    later_round_drawn: bool,
    bot: str,
    keep: Keep,
    need_issue: bool = True,
) -> RematchResult:
    """From ``rematch_day`` of the round's month: pair this month's requests once, announce the
    new groups, and tell the old groups and anyone alone, each comment once. Once is recorded by
    the groups in the round file, or, when none could be made, by the replies to those alone, so
    a request that counts only later (a reply deleted) never makes a late group; and groups are
    made only within the round's month. Reruns and runs after a kill finish what is left and
    change nothing more."""
    result = RematchResult(month=drawn.round)
    if later_round_drawn or today < follow_up.day_of(drawn.round, days.rematch):
        return result
    try:
        threads = {
            index: effects.group_comments(group)
            for index, group in enumerate(drawn.groups)
            if not group.rematch
            and group.outcome is not Outcome.MET
            and (group.issue is not None or not need_issue)
        }
        result.asked = rematch.requests(drawn, threads, days)
        # As in the draw: only people still in the scheme and not paused (nobody else is told).
        asking = [
            loaded.participants[login]
            for login in result.asked
            if login in loaded.participants and loaded.participants[login].is_eligible(drawn.round)
        ]
        told_alone = any(
            follow_up.posted_by(comments, rematch.ALONE_MARKER.format(login=login), bot)
            for comments in threads.values()
            for login in result.asked
        )
        past = draws.past_rounds(loaded, drawn.round)

        def make(fresh: Round) -> rematch.Made:
            # Pairs among those still asking in the round as it is now (a /met that landed
            # since withdraws a request).
            still = [p for p in asking if not rematch.met(fresh, p.login)]
            return rematch.pair(fresh, still, past)

        current = drawn
        if not drawn.rematches and not told_alone and today.strftime("%Y-%m") == drawn.round:
            made = make(drawn)
            if made.groups:
                current = keep(make)
                result.made_now = bool(current.rematches)
        result.made = current.rematches
        if current.rematches:
            result.numbers = effects.announce(loaded, current)
        current = issue_numbers.with_numbers(current, result.numbers)
        for group, leaving in rematch.moved_from(current):
            staying = [login for login in group.members if login not in leaving]
            issues = sorted(
                {g.issue for g in current.rematches if g.issue and set(g.members) & set(leaving)}
            )
            text = rematch.moved_text(leaving, staying, issues)
            action = Action(
                kind=Kind.REMATCH, marker=rematch.MOVED_MARKER, comment=text, close=True
            )
            result.told += _tell(effects, drawn.round, group, action, bot, need_issue)
        in_new = {login for group in current.rematches for login in group.members}
        alone = [p.login for p in asking if p.login not in in_new]
        for login in alone:
            old = rematch.drawn_group_of(current, login)
            if old is None or rematch.met(current, login):
                continue
            partners = [other for other in alone if other != login and other in old.members]
            marker = rematch.ALONE_MARKER.format(login=login)
            text = rematch.alone_text(login, drawn.round, partners)
            action = Action(kind=Kind.REMATCH, marker=marker, comment=text, about=login)
            result.told += _tell(effects, drawn.round, old, action, bot, need_issue)
    except OutOfTime as stop:
        result.stopped = str(stop)
    return result


def _tell(
    effects: Effects, month: str, group: Group, action: Action, bot: str, need_issue: bool
) -> int:
    """Post ``action``'s comment in ``group``'s issue unless it is there (and close it if it is
    asked and open); 1 if a comment was posted now."""
    if group.issue is None and need_issue:
        return 0
    _stop_if_out_of_time(effects)
    issue_open, comments = effects.thread(group, None)
    said = follow_up.posted_by(comments, action.marker or "", bot)
    todo = dataclasses.replace(
        action, comment=None if said else action.comment, close=action.close and issue_open
    )
    if todo.comment is None and not todo.close:
        return 0
    return 1 if effects.apply(month, group, todo) else 0


def keep_rematches(
    root: Path, month: str, *, push: bool, remote: str, committer: landing.Identity | None
) -> Keep:
    """How the rematch stage records its groups: in one commit pushed (``push``), or in the
    working tree; a dry run passes ``keep_in_memory``."""

    def change(checkout: Path, make: Callable[[Round], rematch.Made]) -> landing.Commit | None:
        fresh = read_round(checkout, month)
        if fresh.rematches:
            return None  # made by an earlier run that this one did not see
        made = make(fresh)
        if not made.groups:
            return None
        repository.write_round(checkout, rematch.with_rematches(fresh, made.groups))
        return landing.Commit(
            message=rematch.commit_message(month, made.groups), paths=(paths.round_file(month),)
        )

    def keep(make: Callable[[Round], rematch.Made]) -> Round:
        if push:
            landing.land(
                root,
                lambda checkout: change(checkout, make),
                base=landing.base_branch(root),
                remote=remote,
                identity=committer,
            )
        else:
            change(root, make)
        return read_round(root, month)

    return keep


def keep_in_memory(drawn: Round) -> Keep:
    return lambda make: rematch.with_rematches(drawn, make(drawn).groups)


def record_rematch_numbers(
    root: Path,
    result: RematchResult,
    *,
    push: bool,
    remote: str,
    committer: landing.Identity | None,
) -> None:
    """Write the new groups' issue numbers into the round file (pushed with ``push``)."""
    if not result.numbers:
        return
    if push:
        issue_numbers.land(root, result.month, result.numbers, remote=remote, committer=committer)
        return
    fresh = read_round(root, result.month)
    updated = issue_numbers.with_numbers(fresh, result.numbers)
    if updated != fresh:
        repository.write_round(root, updated)


# -- quiet members ----------------------------------------------------------------------------


@dataclass
class QuietResult:
    """Who a run found quiet in the latest round, and whose files it paused."""

    month: str
    quiet: list[quiet.Candidate] = field(default_factory=list)  # told, to be paused
    paused: list[str] = field(default_factory=list)  # logins whose files this run paused
    stopped: str | None = None


def find_quiet(
    effects: Effects,
    loaded: SchemeData,
    latest: str,
    *,
    today: dt.date,
    change_form: str | None,
    need_issue: bool = True,
) -> QuietResult:
    """Tell each quiet member of ``latest`` once, in their latest pairing issue, that they are
    paused. The comment comes before the file: a run killed in between finds the comment by its
    marker and then pauses the file, where the other order would leave someone paused untold."""
    result = QuietResult(month=latest)
    scheme = loaded.scheme
    if not quiet.due(latest, today, scheme.prompt_day, scheme.pause_after_silent):
        return result
    found = quiet.candidates(
        loaded.rounds,
        loaded.participants,
        latest,
        scheme.pause_after_silent,
        need_issue=need_issue,
    )
    try:
        for candidate in found:
            _stop_if_out_of_time(effects)
            if any(_spoke(effects, candidate.login, turn) for turn in candidate.turns):
                continue
            action = Action(
                kind=Kind.QUIET,
                marker=quiet.marker(candidate.login),
                comment=quiet.comment_text(candidate, change_form),
                about=candidate.login,
            )
            effects.apply(candidate.latest.month, candidate.latest.group, action)
            result.quiet.append(candidate)
    except OutOfTime as stop:
        result.stopped = str(stop)
    return result


def _spoke(effects: Effects, login: str, turn: quiet.Turn) -> bool:
    comments = effects.comments(turn.issue) if turn.issue is not None else ()
    return quiet.spoke(login, turn, comments, outcome_is_a_word=effects.outcome_is_a_word)


def pause(root: Path, found: Sequence[quiet.Candidate]) -> list[quiet.Candidate]:
    """Write ``paused: true`` into the files of ``found``; those that changed (someone gone or
    paused already is left alone, so a rerun writes nothing)."""
    fresh = repository.load_for_use(root)
    changed = []
    for candidate in found:
        participant = fresh.participants.get(candidate.login)
        if participant is None or participant.paused:
            continue
        paused = dataclasses.replace(participant, paused=True)
        text = repository.participant_text(paused)
        write_atomically(fresh.participant_file(candidate.login), text)
        changed.append(candidate)
    return changed


def land_pauses(
    root: Path,
    result: QuietResult,
    *,
    remote: str,
    committer: landing.Identity | None = None,
) -> str | None:
    """Pause the quiet members' files on the branch's newest commit and push, in one commit
    that says who and why; retried on lost races."""

    def make_change(checkout: Path) -> landing.Commit | None:
        changed = pause(checkout, result.quiet)
        result.paused = [candidate.login for candidate in changed]
        if not changed:
            return None
        return landing.Commit(
            message=quiet.commit_message(changed),
            paths=tuple(paths.participant(candidate.login) for candidate in changed),
        )

    return landing.land(
        root, make_change, base=landing.base_branch(root), remote=remote, identity=committer
    )


# -- the command ------------------------------------------------------------------------------


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a day; write it YYYY-MM-DD, e.g. 2026-03-24"
        ) from None


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
    options.add_max_minutes(parser)
    options.add_push(
        parser,
        "the outcome `unreported` of the groups whose issues it closes, the groups made by "
        "/rematch and their issue numbers, and the quiet members' pauses",
    )


def run(args: argparse.Namespace) -> int:
    root = Path(args.repo)
    today = args.today or dt.datetime.now(dt.UTC).date()
    loaded = repository.load_for_use(root)
    months = follow_up.rounds_to_follow(loaded.rounds, today, args.round)
    if not months:
        which = f"round {args.round} has not been drawn" if args.round else "no round drawn yet"
        print(f"{which}; nothing to follow up")
        return 0
    effects: Effects
    committer = None
    offline = args.dry_run or args.outbox is not None
    repo_name = os.environ.get("GITHUB_REPOSITORY", "").strip() or loaded.scheme.repository
    if offline:
        effects = Offline(sys.stdout, args.outbox)
    else:
        deadline = None
        if args.max_minutes is not None:
            deadline = time.monotonic() + args.max_minutes * 60
        client = api.connect(repository=repo_name, deadline=deadline)
        if args.push:
            landing.require_clean(root)
            committer = identity.committer(client)
        effects = OnGitHub(client, pairing_issue.change_form_url(web_url(), repo_name))
    results: list[RoundResult] = []
    latest = months[-1]
    quiet_result = QuietResult(month=latest)
    rematch_result = RematchResult(month=latest)
    if args.dry_run:
        keep = keep_in_memory(loaded.rounds[latest])
    else:
        keep = keep_rematches(root, latest, push=args.push, remote=args.remote, committer=committer)
    stopped = None
    try:
        for month in months:
            results.append(
                follow_round(
                    effects,
                    loaded.rounds[month],
                    today=today,
                    days=Days.of(loaded.scheme),
                    later_round_drawn=follow_up.later_round_drawn(month, loaded.rounds),
                    bot=bot_comment.bot_login(),
                    need_issue=not offline,
                )
            )
            if results[-1].stopped:
                stopped = results[-1].stopped
                break
        if stopped is None:
            rematch_result = rematch_round(
                effects,
                loaded,
                loaded.rounds[latest],
                today=today,
                days=Days.of(loaded.scheme),
                later_round_drawn=follow_up.later_round_drawn(latest, loaded.rounds),
                bot=bot_comment.bot_login(),
                keep=keep,
                need_issue=not offline,
            )
            stopped = rematch_result.stopped
        if stopped is None:
            quiet_result = find_quiet(
                effects,
                loaded,
                months[-1],
                today=today,
                change_form=pairing_issue.change_form_url(web_url(), repo_name),
                need_issue=not offline,
            )
            stopped = quiet_result.stopped
    except BaseException:
        # Keep what was done before the failure; a landing failure must not hide it (and the
        # next run does it anyway: the issues are closed, the quiet members' comments posted).
        if not args.dry_run:
            try:
                _keep(root, results, args, committer)
                _keep_numbers(root, rematch_result, args, committer)
                _keep_pauses(root, quiet_result, args, committer)
            except Exception as failed:
                log.error("could not record what was learned before the failure: %s", failed)
        raise
    if not args.dry_run:
        _keep(root, results, args, committer)
        _keep_numbers(root, rematch_result, args, committer)
        _keep_pauses(root, quiet_result, args, committer)
    else:
        quiet_result.paused = [candidate.login for candidate in quiet_result.quiet]
    if stopped:
        print(f"stopped: {stopped}; the next run carries on where this one stopped")
    after = repository.load_for_use(root).rounds if not args.dry_run else None
    _report(results, after, loaded, quiet_result, rematch_result)
    return 0


def _keep(
    root: Path,
    results: Sequence[RoundResult],
    args: argparse.Namespace,
    committer: landing.Identity | None,
) -> None:
    if not any(result.unreported for result in results):
        return  # nothing to record: no checkout reset, no push
    if args.push:
        land(root, results, remote=args.remote, committer=committer)
    else:
        record(root, results)


def _keep_numbers(
    root: Path,
    result: RematchResult,
    args: argparse.Namespace,
    committer: landing.Identity | None,
) -> None:
    record_rematch_numbers(root, result, push=args.push, remote=args.remote, committer=committer)


def _keep_pauses(
    root: Path,
    result: QuietResult,
    args: argparse.Namespace,
    committer: landing.Identity | None,
) -> None:
    if not result.quiet:
        return
    if args.push:
        land_pauses(root, result, remote=args.remote, committer=committer)
    else:
        result.paused = [candidate.login for candidate in pause(root, result.quiet)]
    for login in result.paused:
        print(f"{result.month}: paused {login}: no word in their pairing issues")


def _report(
    results: Sequence[RoundResult],
    after: Mapping[str, Round] | None,
    before: repository.Repository,
    quiet_result: QuietResult,
    rematch_result: RematchResult,
) -> None:
    rounds = dict(after if after is not None else before.rounds)
    if after is None and rematch_result.made:  # a dry run: count what it would record
        drawn = rounds[rematch_result.month]
        if not drawn.rematches:
            rounds[rematch_result.month] = rematch.with_rematches(drawn, rematch_result.made)
    tallies: list[Tally] = []
    for result in results:
        drawn = rounds[result.month]
        if after is None:  # a dry run: count what it would record
            drawn = follow_up.with_unreported(drawn, result.unreported)
        tally = follow_up.tally(drawn, result.wrote)
        if result.month == quiet_result.month:
            tally = dataclasses.replace(tally, paused_as_quiet=len(quiet_result.paused))
        tallies.append(tally)
        posted = ", ".join(f"{n} {kind}" for kind, n in sorted(result.posted.items())) or "none"
        print(
            f"{result.month}: comments posted: {posted}; issues closed: {result.closed}; "
            f"unreported: {len(result.unreported)}"
        )
    if rematch_result.asked or rematch_result.made:
        made = "made now" if rematch_result.made_now else "made before"
        print(
            f"{rematch_result.month}: /rematch: {len(rematch_result.asked)} asked; "
            f"{len(rematch_result.made)} group(s) {made}; {rematch_result.told} comment(s) "
            "posted to the old groups and anyone alone"
        )
    print(follow_up.summary_text(tallies))
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary_file:
        with open(summary_file, "a", encoding="utf-8") as handle:
            handle.write(follow_up.summary_markdown(tallies))
