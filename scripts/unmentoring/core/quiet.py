"""Quiet members: who is paused before the next draw for saying nothing in their pairing issues.

Pure: the command (commands/follow_up.py) reads the threads, posts the comment and writes the
file. A member is quiet when, in each of the last ``pause_after_silent`` rounds they were in
with an announced group (one with an issue), they wrote no comment at all in that round's
issues (the group a /rematch took them from counts too), and no group of theirs reported how
it went. Any comment of theirs anywhere in the thread counts as a word, ``/met`` too; a bot's
never does; a group's met, or not met by a member's word, speaks for every member.

A round is judged once it is over: on the last day of its month (so before the next draw,
and not while "did you meet?" is fresh), or on the catch-up days after it when that run was
lost (core/follow_up.py: CATCH_UP_DAYS). Only members of that round
whose file exists and is not paused already are judged, on rounds after any they were paused
for already (``quiet_until``): someone who chose Resume is not paused again for the same
silence. ``0`` switches it off.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from unmentoring.core import texts
from unmentoring.core.follow_up import CATCH_UP_DAYS
from unmentoring.core.model import Group, Outcome, Participant, Round
from unmentoring.core.months import last_day
from unmentoring.core.plan import Action, Kind, Pause, PostComment, Thread
from unmentoring.core.thread import ThreadComment, member_wrote


def marker(login: str) -> str:
    """The hidden marker of the one comment that tells ``login`` they were paused."""
    return texts.QUIET.mark(login=login.lower())


@dataclass(frozen=True, kw_only=True)
class Turn:
    """One round a member was in with an announced group."""

    month: str
    group: Group  # their last group of the round: where they are told
    # Their groups of the round before it (the one a /rematch took them from): a word in any
    # of them counts (issue 21, finding 11).
    earlier: tuple[Group, ...] = ()
    # Those of its groups that ended when a member was rematched (Round.ended_by_rematch).
    ended: tuple[Group, ...] = ()

    @property
    def groups(self) -> tuple[Group, ...]:
        return (*self.earlier, self.group)

    def reported(self, group: Group) -> bool:
        """Whether the group said how it went: met, or not met by a member's word (a group that
        ended when a member was rematched is recorded not met by that request: it is not the
        word of the member who stayed)."""
        if group.outcome is Outcome.MET:
            return True
        return group.outcome is Outcome.NOT_MET and group not in self.ended

    @property
    def issue(self) -> int | None:
        return self.group.issue

    @property
    def named(self) -> str:
        return f"#{self.group.issue}" if self.group.issue is not None else self.month


@dataclass(frozen=True, kw_only=True)
class Candidate:
    """A member of the latest round who may be quiet: their last turns, the latest first."""

    login: str
    turns: tuple[Turn, ...]

    @property
    def latest(self) -> Turn:
        return self.turns[0]


def due(month: str, today: dt.date, rounds: int) -> bool:
    """Whether the quiet members of ``month`` are judged on ``today``: on the month's last day
    and its catch-up days."""
    return rounds > 0 and 0 <= (today - last_day(month)).days <= CATCH_UP_DAYS


def judged(followed: Sequence[str], today: dt.date, rounds: int) -> str | None:
    """Of the rounds a run follows, the one whose quiet members are judged today, if any."""
    return next((m for m in reversed(followed) if due(m, today, rounds)), None)


def turns_of(
    login: str,
    rounds: Mapping[str, Round],
    latest: str,
    *,
    after: str | None = None,
    need_issue: bool = True,
) -> list[Turn]:
    """Every round up to ``latest`` (and after ``after``) in which ``login`` had a group with
    an issue, latest first, with the last such group of each round and the others before it.

    ``need_issue=False``: any group (offline, where no round file has issue numbers)."""
    found = []
    for month in sorted((m for m in rounds if (after or "") < m <= latest), reverse=True):
        mine = [
            group
            for group in rounds[month].groups
            if login in group.members and (group.issue is not None or not need_issue)
        ]
        if mine:  # one turn a round: a group made by /rematch, appended last, is the latest
            ended = tuple(group for group in mine if rounds[month].ended_by_rematch(group))
            turn = Turn(month=month, group=mine[-1], earlier=tuple(mine[:-1]), ended=ended)
            found.append(turn)
    return found


def candidates(
    rounds: Mapping[str, Round],
    participants: Mapping[str, Participant],
    latest: str,
    count: int,
    *,
    need_issue: bool = True,
) -> list[Candidate]:
    """The members of ``latest`` to judge: announced there, with ``count`` turns, not paused."""
    if count <= 0 or latest not in rounds:
        return []
    found = []
    for login in sorted(rounds[latest].members):
        participant = participants.get(login)
        if participant is None or participant.paused:
            continue  # gone, or paused already (by themselves or by an earlier run)
        after = participant.quiet_until
        turns = turns_of(login, rounds, latest, after=after, need_issue=need_issue)
        if len(turns) >= count and turns[0].month == latest:
            found.append(Candidate(login=login, turns=tuple(turns[:count])))
    return found


def spoke(
    login: str, turn: Turn, comments: Iterable[ThreadComment], *, outcome_is_a_word: bool = False
) -> bool:
    """Whether ``login`` wrote in ``turn``'s issue. ``outcome_is_a_word``: without the threads
    (the offline outbox), a group's recorded met or not met stands for its members' comments."""
    return _spoke_in(login, turn, turn.group, comments, outcome_is_a_word)


def _spoke_in(
    login: str,
    turn: Turn,
    group: Group,
    comments: Iterable[ThreadComment],
    outcome_is_a_word: bool,
) -> bool:
    """A member's word in one group: a comment, or the group's report of how it went, which
    speaks for every member (issue 21, finding 10). Offline, a group that ended by /rematch is
    the word of the members who asked (their turn ends in the new group), not of those who
    stayed, as online."""
    asked = group not in turn.ended or turn.group.rematch
    if outcome_is_a_word and group.outcome in (Outcome.MET, Outcome.NOT_MET) and asked:
        return True
    return turn.reported(group) or member_wrote((login,), comments)


def issues_named(turns: Sequence[Turn]) -> str:
    """``#41, #57``: the issues, oldest first."""
    return ", ".join(turn.named for turn in reversed(turns))


def commit_line(candidate: Candidate) -> str:
    """``alice: paused after 2 rounds without a word (#41, #57)``."""
    count = len(candidate.turns)
    plural = "" if count == 1 else "s"
    return (
        f"{candidate.login}: paused after {count} round{plural} without a word "
        f"({issues_named(candidate.turns)})"
    )


def commit_message(paused: Sequence[Candidate]) -> str:
    """One line for one member; a heading and a line each for more."""
    if len(paused) == 1:
        return commit_line(paused[0])
    lines = "\n".join(commit_line(candidate) for candidate in paused)
    return f"Follow-up: {len(paused)} quiet members paused\n\n{lines}"


def comment_text(candidate: Candidate, change_form: str | None) -> str:
    resume = (
        texts.CHANGE_FORM_RESUME.fill(change_form=change_form)
        if change_form
        else texts.CHANGE_FORM_RESUME_UNLINKED.fill()
    )
    return texts.QUIET.fill(
        login=candidate.login,
        count=len(candidate.turns),
        issues=issues_named(candidate.turns),
        resume=resume,
    )


def is_quiet(
    candidate: Candidate,
    comments: Callable[[int], Sequence[ThreadComment]],
    *,
    outcome_is_a_word: bool = False,
) -> bool:
    """Whether ``candidate`` wrote nothing in any of their turns' issues; ``comments`` reads an
    issue's, and is asked only until a word is found."""
    return not any(
        # A group's report is read first: it needs no request.
        turn.reported(group)
        or _spoke_in(
            candidate.login,
            turn,
            group,
            comments(group.issue) if group.issue is not None else (),
            outcome_is_a_word,
        )
        for turn in candidate.turns
        for group in turn.groups
    )


def plan(candidate: Candidate, change_form: str | None) -> list[Action]:
    """Tell a quiet member once, in their latest pairing issue, then pause them. The comment
    comes before the file: a run killed in between finds the comment by its marker and then
    pauses the file, where the other order would leave someone paused untold."""
    latest = candidate.latest
    return [
        PostComment(
            thread=Thread.of(latest.month, latest.group),
            kind=Kind.QUIET,
            marker=marker(candidate.login),
            body=comment_text(candidate, change_form),
            about=candidate.login,
        ),
        Pause(login=candidate.login, why=commit_line(candidate), quiet_until=latest.month),
    ]
