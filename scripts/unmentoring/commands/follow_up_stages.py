"""Follow-up's stages, each reading what it needs, asking core/ for actions and applying them.

- ``follow_round``: nudges, prompts and closing (core/follow_up.py), one round's groups;
- ``rematch_round``: this month's /rematch requests (core/rematch.py): the groups made and
  recorded once, announced, the old groups and anyone alone told;
- ``find_quiet``: quiet members (core/quiet.py) told, then paused.

A ``Run`` holds what they share: the data, the threads to read (on GitHub or offline), the
applier for GitHub actions and the saver for file changes, which ``follow`` saves once, at
the end, also after an error (commands/follow_up.py builds a ``Run`` for each mode).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import itertools
import logging
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from unmentoring.core import (
    changes,
    comment_commands,
    draws,
    follow_up,
    quiet,
    rematch,
    thread,
    when,
)
from unmentoring.core.model import Group, Outcome, Round
from unmentoring.core.pairing_issue import Marker
from unmentoring.core.plan import (
    Action,
    Applier,
    CloseIssue,
    FileChange,
    GitHubAction,
    Pause,
    PostComment,
    RecordIssues,
    RecordOutcome,
    RecordPlanned,
)
from unmentoring.core.thread import Days, Situation, ThreadComment
from unmentoring.github import bot_comment, threads
from unmentoring.github.interface import GitHubRefused, Issue, IssueUnavailable, OutOfTime
from unmentoring.gitops import saving
from unmentoring.store import repository

log = logging.getLogger(__name__)


@dataclass
class RoundResult:
    """What a run did in one round."""

    month: str
    posted: dict[str, int] = field(default_factory=dict)  # kind -> comments posted now
    closed: int = 0
    unreported: set[frozenset[str]] = field(default_factory=set)  # groups to record
    wrote: set[int] = field(default_factory=set)  # group indexes where a member commented
    unread: int = 0  # groups whose issue had not changed lately: not read (core/follow_up.py)


@dataclass
class RematchResult:
    """What a run did about this month's /rematch requests."""

    month: str
    asked: tuple[str, ...] = ()  # whose requests count
    made: tuple[Group, ...] = ()  # the groups made by /rematch (this run or before)
    made_now: bool = False
    told: int = 0  # comments posted: moved and alone


@dataclass
class QuietResult:
    """Who a run found quiet in the round it judged (core/quiet.py), and whose files it paused."""

    month: str
    quiet: list[quiet.Candidate] = field(default_factory=list)  # told, to be paused
    paused: list[str] = field(default_factory=list)  # logins whose files this run paused


@dataclass
class Run:
    """One run: what it reads, where its plans go, and the file changes it has yet to save."""

    loaded: repository.Repository
    today: dt.date
    threads: threads.Threads
    applier: Applier
    saver: saving.Saver
    # Opens the issues of a round's groups made by /rematch; the numbers learned.
    announce: Callable[[Round], dict[Marker, int]]
    change_form: str | None = None
    # What an issue's number follows in its web address, ending in `/issues/` (/when's reply).
    issue_links: str | None = None
    need_issue: bool = True  # offline no group has an issue: act on every group
    bot: str = field(default_factory=bot_comment.bot_login)
    pending: list[FileChange] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # issues gone, moved or locked: warnings
    failed: list[str] = field(default_factory=list)  # other refusals: the run fails at the end

    @contextlib.contextmanager
    def each(self, what: str) -> Iterator[None]:
        """Act on one group or member: an issue deleted, moved or locked is skipped with a
        warning, and any other refusal is noted, so one bad issue never stops the others."""
        try:
            yield
        except IssueUnavailable as gone:
            log.warning("%s: %s; skipped", what, gone)
            self.skipped.append(f"{what}: {gone}; skipped")
        except GitHubRefused as refused:
            log.error("%s: %s", what, refused)
            self.failed.append(f"{what}: {refused}")

    @property
    def days(self) -> Days:
        return Days.of(self.loaded.scheme)

    def check_time(self) -> None:
        left = self.applier.time_left()
        if left is not None and left <= 0:
            raise OutOfTime("the time limit is reached")

    def apply(self, actions: Sequence[Action]) -> None:
        """Carry out the GitHub actions now; keep the file changes to save at the end."""
        for action in actions:
            if isinstance(action, GitHubAction):
                self.applier.apply(action)
            else:
                self.pending.append(action)

    def save(self) -> list[FileChange]:
        done, self.pending = self.saver.save(self.pending), []
        return done


@dataclass
class Report:
    """What a run did, stage by stage, for the summary; ``latest``: the round being met in."""

    latest: str
    rounds: list[RoundResult] = field(default_factory=list)
    rematch: RematchResult = field(init=False)
    quiet: QuietResult = field(init=False)
    stopped: str | None = None

    def __post_init__(self) -> None:
        self.rematch = RematchResult(month=self.latest)
        self.quiet = QuietResult(month=self.latest)


# -- the stages --------------------------------------------------------------------------------


def follow_round(run: Run, drawn: Round, result: RoundResult) -> None:
    """Nudges, prompts and closing for every group of ``drawn`` with an issue and no outcome;
    ``result`` says what was done, also when the time limit stops it half-way."""
    groups = [
        (index, group)
        for index, group in enumerate(drawn.groups)
        if group.outcome is None and (group.issue is not None or not run.need_issue)
    ]
    if not groups:
        return
    issues = run.threads.issues(drawn.round)
    later = follow_up.later_round_drawn(drawn.round, run.loaded.rounds)
    every = later or follow_up.reads_every_thread(drawn.round, run.today, run.days)
    for index, group in groups:
        # A planned date's reminder and prompt fall due on days of their own.
        near = when.near(group.planned, run.today, follow_up.CATCH_UP_DAYS)
        if not every and not near and _unchanged(issues.get(group.issue or 0), run.today):
            result.unread += 1
            continue
        run.check_time()
        with run.each(f"{drawn.round}, group {', '.join(group.members)} (#{group.issue})"):
            _follow_group(run, drawn, index, group, issues, later, result)


def _follow_group(
    run: Run,
    drawn: Round,
    index: int,
    group: Group,
    issues: Mapping[int, Issue],
    later: bool,
    result: RoundResult,
) -> None:
    # Its issue as listed, else read by number: someone may have taken the round's label off.
    listed = run.threads.issue(group, issues.get(group.issue or 0)) if group.issue else None
    issue_open, comments = run.threads.thread(group, listed, drawn.round)
    situation = Situation(
        month=drawn.round,
        members=group.members,
        host=group.host,
        issue_open=issue_open,
        comments=comments,
        today=run.today,
        later_round_drawn=later,
        days=run.days,
        bot=run.bot,
        rematch=group.rematch,
        issue=group.issue,
        left=frozenset(m for m in group.members if m not in run.loaded.participants),
        planned=group.planned,
    )
    if situation.member_wrote:
        result.wrote.add(index)
    answered, finished = (
        _answer_lost(run, drawn, group, listed, comments, later) if listed else ([], False)
    )
    if finished:
        return  # recorded and closed, as the command would have
    for action in answered:
        if isinstance(action, RecordPlanned):  # a /when: its date, not yet saved, counts now
            situation = dataclasses.replace(situation, planned=action.day)
    for action in follow_up.decide(situation):
        run.apply([action])
        _count(result, action)  # counted once done: the time limit may stop it


def _answer_lost(
    run: Run,
    drawn: Round,
    group: Group,
    listed: Issue,
    comments: tuple[ThreadComment, ...],
    later: bool,
) -> tuple[list[Action], bool]:
    """Carry out a member's /met, /not-met or /when whose own run was lost, as that run would
    have (core/comment_commands.py: ``unanswered``): the actions (none when there was none), and
    whether the group's follow-up is over for today (all but a /when's)."""
    found = comment_commands.unanswered(comments, group.members, run.bot, run.today)
    if found is None or found.comment_id is None:
        return [], False
    event = comment_commands.CommentEvent(
        issue=listed.number,
        issue_body=listed.body,
        issue_labels=listed.labels,
        comment_id=found.comment_id,
        author=found.author,
        body=found.body,
        issue_author=listed.author,
        created=found.created,
    )
    decision = comment_commands.decide(event, run.loaded.rounds, run.bot)
    if decision.respond is None:
        return [], False
    person = run.loaded.participants.get(found.author.lower())
    taking_part = person is not None and person.is_eligible(drawn.round)
    log.info(
        "%s: answering the command %s wrote, whose own run was lost", drawn.round, found.author
    )
    actions = decision.plan(
        run.days,
        run.today,
        later_round_drawn=later,
        comments=comments,
        taking_part=taking_part,
        scheme_name=run.loaded.scheme.name,
        issue_url=f"{run.issue_links}{listed.number}" if run.issue_links else None,
    )
    run.apply(actions)
    return actions, decision.command is not comment_commands.WHEN


def _count(result: RoundResult, action: Action) -> None:
    if isinstance(action, PostComment):
        result.posted[action.kind] = result.posted.get(action.kind, 0) + 1
    elif isinstance(action, CloseIssue):
        result.closed += 1
    elif isinstance(action, RecordOutcome):
        result.unreported.add(frozenset(action.members))


def rematch_round(run: Run, drawn: Round, result: RematchResult) -> None:
    """From ``rematch_day``: pair this month's requests once, record and announce the new
    groups, and tell the old groups and anyone alone, each comment once."""
    days = run.days
    if follow_up.later_round_drawn(drawn.round, run.loaded.rounds):
        return
    if run.today < thread.day_of(drawn.round, days.rematch):
        return
    # Past its catch-up days, only the threads that changed lately can hold a new request.
    every = follow_up.reads_every_thread(drawn.round, run.today, days)
    listed = run.threads.issues(drawn.round) if not every else {}
    read: dict[int, tuple[ThreadComment, ...]] = {}
    for index, group in enumerate(drawn.groups):
        if (
            not group.rematch
            and group.outcome is not Outcome.MET
            and (group.issue is not None or not run.need_issue)
            and (every or not _unchanged(listed.get(group.issue or 0), run.today))
        ):
            # A deleted or moved thread holds no request we can read: skipped, as elsewhere.
            with run.each(f"{drawn.round}, group {', '.join(group.members)} (#{group.issue})"):
                read[index] = run.threads.group_comments(group)
    wanted = rematch.requested(drawn, read, run.loaded.participants, days, run.bot)
    result.asked = wanted.asked
    past = draws.past_rounds(run.loaded, drawn.round)
    current = drawn
    this_month = run.today.strftime("%Y-%m")
    add = rematch.make_groups(drawn, wanted, past, this_month)
    too_late = rematch.missed(drawn, wanted, past, this_month)
    if add is not None:
        run.saver.save([add])  # recorded before announced: the record that it is made once
        current = run.saver.round(drawn.round)
        result.made_now = bool(current.rematches)
    result.made = current.rematches
    numbers = run.announce(current) if current.rematches else {}
    if numbers:
        keyed = {marker.key: number for marker, number in numbers.items()}
        run.apply([RecordIssues(month=drawn.round, numbers=keyed)])
        current = changes.with_issues(current, keyed)
    told = [
        action
        for action in rematch.tell(current, wanted, too_late=too_late)
        if isinstance(action, PostComment | CloseIssue)
    ]
    # One thread's actions together (a comment, then closing): its thread is read once.
    for where, actions in itertools.groupby(told, key=lambda action: action.thread):
        with run.each(f"{where.month}, group {', '.join(where.members)} (#{where.issue})"):
            result.told += _tell(run, current, list(actions))


def _unchanged(issue: Issue | None, today: dt.date) -> bool:
    return issue is not None and follow_up.unchanged(issue.updated_at, today)


def _tell(run: Run, current: Round, actions: list[PostComment | CloseIssue]) -> int:
    """Carry out the actions in one thread, but what the thread shows done; how many comments
    were posted now."""
    where = actions[0].thread
    if where.issue is None and run.need_issue:
        return 0
    run.check_time()
    group = next(g for g in current.groups if g.members == where.members)
    issue_open, comments = run.threads.thread(group, None, current.round)
    todo = thread.still_to_do(actions, issue_open, comments, run.bot)
    run.apply(todo)
    return sum(isinstance(a, PostComment) for a in todo)


def find_quiet(run: Run, month: str, result: QuietResult) -> None:
    """Tell each quiet member of ``month`` once, in their latest pairing issue, then pause
    them (core/quiet.py says why in that order, and when a round is judged)."""
    scheme = run.loaded.scheme
    if not quiet.due(month, run.today, scheme.pause_after_silent):
        return
    found = quiet.candidates(
        run.loaded.rounds,
        run.loaded.participants,
        month,
        scheme.pause_after_silent,
        need_issue=run.need_issue,
    )
    for candidate in found:
        run.check_time()
        with run.each(f"{month}, quiet member {candidate.login}"):
            _tell_quiet(run, candidate, result)


def _tell_quiet(run: Run, candidate: quiet.Candidate, result: QuietResult) -> None:
    silent = quiet.is_quiet(
        candidate, run.threads.comments, outcome_is_a_word=run.threads.outcome_is_a_word
    )
    if not silent:
        return
    if candidate.latest.issue is not None:
        # Read the issue first: one deleted, moved or locked since is skipped, never written.
        run.threads.thread(candidate.latest.group, None)
    run.apply(quiet.plan(candidate, run.change_form))
    result.quiet.append(candidate)


def follow(run: Run, months: Sequence[str]) -> Report:
    """The stages for ``months`` (oldest first), then one save; stops cleanly at the time
    limit, and saves what was decided before an error too."""
    latest = months[-1]
    report = Report(latest)
    try:
        for month in months:
            report.rounds.append(RoundResult(month=month))
            follow_round(run, run.loaded.rounds[month], report.rounds[-1])
        rematch_round(run, run.loaded.rounds[latest], report.rematch)
        scheme = run.loaded.scheme
        over = quiet.judged(months, run.today, scheme.pause_after_silent)
        if over is not None:
            report.quiet.month = over
            find_quiet(run, over, report.quiet)
    except OutOfTime as stop:
        report.stopped = str(stop)
    finally:
        _save(run, report.quiet)
    return report


def _save(run: Run, result: QuietResult) -> None:
    """Save what the stages decided; a failure here is logged, not raised over the first."""
    failing = sys.exc_info()[1] is not None
    try:
        done = run.save()
    except Exception as failed:
        if not failing:
            raise
        log.error("could not record what was learned before the failure: %s", failed)
        return
    result.paused = [c.login for c in done if isinstance(c, Pause)]
