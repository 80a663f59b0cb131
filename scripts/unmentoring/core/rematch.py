"""`/rematch`: members whose partners have not replied are paired among themselves mid-month.

Pure: the comment command (commands/command.py) answers each request, and follow-up
(commands/follow_up.py) reads the threads, makes the groups, records them and announces them.

The rule, from the comments alone, so every run and the reply to the request agree:
- a request is a member's ``/rematch`` (core/comment_commands.py reads it) made on or after
  ``nudge_day`` and before ``rematch_day`` of the round's month (UTC dates);
- it counts when no other member of the group has written anything but a request of their own
  before ``rematch_day``, and the group has not reported that it met;
- from ``rematch_day`` (once, while no later round is drawn) everyone whose request counts is
  paired by the draw itself, with every earlier round and this one as history, so nobody meets
  the partner who went quiet, repeats are avoided where they can be, a trio takes the odd one,
  and hosts are chosen as in the draw; the seed is the round's with ``SALT``, so the same
  requests always give the same groups. A group that could only re-make one of the round's own
  groups is dropped, and its members are told, like someone alone, that no one else asked.

The new groups are appended to the round file with ``rematch: true``; each rematched member's
drawn group gets the outcome ``not_met`` (it is not counted as a meeting), and its issue a
comment saying so before it is closed. A rematch group is never rematched again.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from unmentoring.core import pairing, texts
from unmentoring.core.comment_commands import REMATCH, read_commands
from unmentoring.core.draw.history import History
from unmentoring.core.model import Group, Outcome, Participant, Round
from unmentoring.core.months import add_months, month_name
from unmentoring.core.plan import Action, AddGroups, CloseIssue, Kind, PostComment, Thread
from unmentoring.core.thread import Days, ThreadComment, and_list, day_of, ordinal, posted_by

# Appended to the round's seed for the rematch draw, so it never repeats the round's own draw.
SALT = "\trematch"
CLOSE_REASON = "not_planned"  # an old group closes: it is not counted as a meeting
MOVED_MARKER = texts.REMATCH_MOVED.mark()


class RequestStatus(enum.StrEnum):
    """What a member's `/rematch` amounts to, as the reply to it says."""

    NOTED = "noted"  # counts: they are paired on rematch_day
    EARLY = "early"  # before nudge_day: ask again from then
    LATE = "late"  # on or after rematch_day, or this round's rematches are made
    ANSWERED = "answered"  # a partner has written: carry on in this issue
    MET = "met"  # the group said it met
    AGAIN = "again"  # a group made by /rematch is not rematched again
    OVER = "over"  # a later round is drawn
    PAUSED = "paused"  # the member is paused or has left: not paired, so not rematched


def is_request(comment: ThreadComment) -> bool:
    return not comment.is_bot and read_commands(comment.body).command is REMATCH


def window(month: str, days: Days) -> tuple[dt.date, dt.date]:
    """The first day a request counts, and the day the rematch is made (no request after)."""
    return day_of(month, days.nudge), day_of(month, days.rematch)


def others_wrote(
    login: str, group: Group, comments: Iterable[ThreadComment], before: dt.date | None = None
) -> bool:
    """Whether a member of ``group`` other than ``login`` has written anything but a request
    (before the day ``before``, when given)."""
    others = {member for member in group.members if member != login.lower()}
    return any(
        c.author.lower() in others
        and not c.is_bot
        and not is_request(c)
        and (before is None or (c.created is not None and c.created < before))
        for c in comments
    )


def status(
    drawn: Round,
    group: Group,
    login: str,
    asked_on: dt.date,
    comments: Iterable[ThreadComment],
    days: Days,
    *,
    later_round_drawn: bool,
    taking_part: bool = True,
) -> RequestStatus:
    """What ``login``'s request in ``group``'s issue, made on ``asked_on``, amounts to;
    ``taking_part``: whether they are still in the scheme and not paused for the round (the
    rematch pairs only those, as the draw does)."""
    start, made = window(drawn.round, days)
    if later_round_drawn:
        return RequestStatus.OVER
    if not taking_part:
        return RequestStatus.PAUSED
    if group.rematch:
        return RequestStatus.AGAIN
    if group.outcome is Outcome.MET:
        return RequestStatus.MET
    if drawn.rematches or asked_on >= made:
        return RequestStatus.LATE
    if asked_on < start:
        return RequestStatus.EARLY
    if others_wrote(login, group, comments):
        return RequestStatus.ANSWERED
    return RequestStatus.NOTED


def requests(drawn: Round, threads: Mapping[int, Sequence[ThreadComment]], days: Days) -> list[str]:
    """Whose requests count, in login order. ``threads``: comments by group index (groups
    whose threads were not read are left out)."""
    start, made = window(drawn.round, days)
    asked = set()
    for index, group in enumerate(drawn.groups):
        if group.rematch or group.outcome is Outcome.MET or index not in threads:
            continue
        comments = threads[index]
        for login in group.members:
            requested = any(
                c.author.lower() == login
                and is_request(c)
                and c.created is not None
                and start <= c.created < made
                for c in comments
            )
            if requested and not others_wrote(login, group, comments, before=made):
                asked.add(login)
    return sorted(asked)


@dataclass(frozen=True)
class Made:
    """The groups a rematch makes, and who asked but is paired with nobody."""

    groups: tuple[Group, ...]
    alone: tuple[str, ...]


def pair(drawn: Round, asking: Sequence[Participant], past: Iterable[Round]) -> Made:
    """Pair ``asking`` (members of ``drawn`` whose requests count) by the draw's own rules."""
    if len(asking) < 2:
        return Made(groups=(), alone=tuple(p.login for p in asking))
    # History up to and including this round: `History.of` keeps the rounds before its month.
    history = History.of([*past, drawn], add_months(drawn.round, 1))
    made = pairing.draw(drawn.round, asking, history, drawn.seed + SALT)
    own = [frozenset(group.members) for group in drawn.drawn]
    kept: list[Group] = []
    alone: list[str] = []
    for group in made.groups:
        if any(frozenset(group.members) <= members for members in own):
            alone.extend(group.members)  # only the group they were in: nobody new to meet
        else:
            kept.append(dataclasses.replace(group, rematch=True))
    return Made(groups=tuple(kept), alone=tuple(sorted(alone)))


def met(drawn: Round, login: str) -> bool:
    """Whether ``login``'s drawn group in ``drawn`` has said it met (their request is void)."""
    group = drawn_group_of(drawn, login)
    return group is not None and group.outcome is Outcome.MET


def with_rematches(drawn: Round, groups: Sequence[Group]) -> Round:
    """``drawn`` with ``groups`` appended, and each rematched member's drawn group ``not_met``
    (a group that reported not meeting, or closed unreported, keeps what it has)."""
    moved = {login for group in groups for login in group.members}
    kept = tuple(
        dataclasses.replace(group, outcome=Outcome.NOT_MET)
        if not group.rematch and group.outcome is None and moved & set(group.members)
        else group
        for group in drawn.groups
    )
    return dataclasses.replace(drawn, groups=kept + tuple(groups))


def moved_from(drawn: Round) -> list[tuple[Group, tuple[str, ...]]]:
    """Each drawn group that lost members to a rematch, and who, in the round's order."""
    moved = {login for group in drawn.rematches for login in group.members}
    found = []
    for group in drawn.drawn:
        if group.outcome is Outcome.MET:
            continue  # said it met (a hand edit, or a /met that raced): never closed as not met
        leaving = tuple(login for login in group.members if login in moved)
        if leaving:
            found.append((group, leaving))
    return found


def alone_marker(login: str) -> str:
    """The marker of the one reply to ``login``, who asked and is in no new group."""
    return texts.REMATCH_ALONE.mark(login=login)


def drawn_group_of(drawn: Round, login: str) -> Group | None:
    return next((group for group in drawn.drawn if login in group.members), None)


# -- the plan: making the groups, then telling the old groups and anyone alone --------------------


@dataclass(frozen=True)
class Requested:
    """This month's requests, as the threads show them."""

    asked: tuple[str, ...]  # whose requests count
    asking: tuple[Participant, ...]  # of those, still in the scheme and not paused
    told_alone: bool  # someone was told nobody else asked: no group is made after that


def requested(
    drawn: Round,
    threads: Mapping[int, Sequence[ThreadComment]],
    participants: Mapping[str, Participant],
    days: Days,
    bot: str,
) -> Requested:
    """Whose requests count; as in the draw, only people still in the scheme and not paused
    are paired (nobody else is told)."""
    asked = tuple(requests(drawn, threads, days))
    asking = tuple(
        participants[login]
        for login in asked
        if login in participants and participants[login].is_eligible(drawn.round)
    )
    told_alone = any(
        posted_by(comments, alone_marker(login), bot)
        for comments in threads.values()
        for login in asked
    )
    return Requested(asked=asked, asking=asking, told_alone=told_alone)


def make_groups(
    drawn: Round, wanted: Requested, past: Sequence[Round], this_month: str
) -> AddGroups | None:
    """The groups to add, once, and only within the round's month; None when there are none.
    They are made again from the round as it is when written: a ``/met`` that landed since
    withdraws its request."""
    if drawn.rematches or wanted.told_alone or this_month != drawn.round:
        return None

    def make(fresh: Round) -> tuple[Group, ...]:
        still = [p for p in wanted.asking if not met(fresh, p.login)]
        return pair(fresh, still, past).groups

    return AddGroups(month=drawn.round, make=make) if make(drawn) else None


def missed(drawn: Round, wanted: Requested, past: Sequence[Round], this_month: str) -> bool:
    """Whether the requests could have been paired, but the month ended before any run made
    them (no follow-up ran between ``rematch_day`` and the month's end)."""
    if drawn.rematches or wanted.told_alone or this_month == drawn.round:
        return False
    return bool(pair(drawn, wanted.asking, past).groups)


def tell(current: Round, wanted: Requested, *, too_late: bool = False) -> list[Action]:
    """Once the groups are recorded (and announced): a comment in each old group's issue, which
    is closed; a reply to anyone asking who is in no new group (``too_late``: because the month
    ended before the rematch was made, not because nobody else asked)."""
    return [*_tell_moved(current), *_tell_alone(current, wanted, too_late)]


def _tell_moved(current: Round) -> list[Action]:
    actions: list[Action] = []
    for group, leaving in moved_from(current):
        issues = sorted(
            {g.issue for g in current.rematches if g.issue and set(g.members) & set(leaving)}
        )
        thread = Thread.of(current.round, group)
        text = moved_text(leaving, issues)
        actions += [
            PostComment(thread=thread, kind=Kind.REMATCH, marker=MOVED_MARKER, body=text),
            CloseIssue(thread=thread, kind=Kind.REMATCH, reason=CLOSE_REASON),
        ]
    return actions


def _tell_alone(current: Round, wanted: Requested, too_late: bool) -> list[Action]:
    in_new = {login for group in current.rematches for login in group.members}
    alone = [p.login for p in wanted.asking if p.login not in in_new]
    actions: list[Action] = []
    for login in alone:
        old = drawn_group_of(current, login)
        if old is None or met(current, login):
            continue
        partners = [other for other in alone if other != login and other in old.members]
        actions.append(
            PostComment(
                thread=Thread.of(current.round, old),
                kind=Kind.REMATCH,
                marker=alone_marker(login),
                body=texts.REMATCH_MISSED.fill(login=login, month=month_name(current.round))
                if too_late
                else alone_text(login, current.round, partners),
                about=login,
            )
        )
    return actions


# -- the words --------------------------------------------------------------------------------


def reply(author: str, found: RequestStatus, month: str, days: Days, marker: str) -> str:
    """The one reply to a request."""
    words = texts.REMATCH_REPLIES[found.value].fill(
        author=author,
        month=month_name(month),
        nudge_day=ordinal(days.nudge),
        rematch_day=ordinal(days.rematch),
    )
    return f"{marker}\n{words}"


def alone_text(login: str, month: str, partners: Sequence[str] = ()) -> str:
    """The reply to someone asking whom nobody could be paired with; ``partners``: others in
    their group who asked too (so they are both here, and can meet each other)."""
    if partners:
        others = and_list([f"@{other}" for other in partners])
        return texts.REMATCH_ALONE_TOGETHER.fill(
            login=login, others=others, month=month_name(month)
        )
    return texts.REMATCH_ALONE.fill(login=login, month=month_name(month))


def moved_text(leaving: Sequence[str], issues: Sequence[int]) -> str:
    """The comment in a drawn group's issue when some of its members are rematched."""
    where = f" ({and_list([f'#{n}' for n in issues])})" if issues else ""
    return texts.REMATCH_MOVED.fill(
        leaving=and_list([f"@{login}" for login in leaving]),
        have="has" if len(leaving) == 1 else "have",
        issues=where,
    )


def commit_message(month: str, groups: Sequence[Group]) -> str:
    listed = "\n".join(f"- {', '.join(group.members)}" for group in groups)
    plural = "" if len(groups) == 1 else "s"
    return f"Round {month}: {len(groups)} group{plural} made by /rematch\n\n{listed}"
