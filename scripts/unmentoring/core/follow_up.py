"""Following up a pairing issue: what to say in it, and when, from its thread and the date.

Pure: the command (commands/follow_up.py) reads the thread and has the plan carried out. Each
step in ``STEPS`` is a small decision over one issue's ``Situation`` that gives plan actions
(core/plan.py: a marked comment to post once, closing the issue, an outcome to record), or
none. Rematches (core/rematch.py) and quiet members (core/quiet.py) are stages of their own.

- ``nudge``: from ``nudge_day`` of the round's month until ``prompt_day``, when no member has
  written in the thread: one friendly nudge, the host @-mentioned first, saying how to rematch.
- ``prompt``: from ``prompt_day``: one "did you meet?" with ``/met`` and ``/not-met``.
- ``close``: once a later round is drawn, an issue still open gets a kind closing comment and is
  closed as not planned, and its group the outcome ``unreported``; a group whose issue is closed
  already (by a person, or by a run killed before it recorded) gets the outcome only.

A member's comment anywhere in the thread counts as writing, whatever it says; a comment by any
bot (``is_bot``: an account of type Bot, or a login ending ``[bot]``) never does, nor does a
person outside the group. Each comment carries a hidden marker, and a step whose marked comment
by our own login is in the thread already does nothing: reruns post nothing twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from unmentoring.core.model import Outcome, Round, Scheme
from unmentoring.core.months import month_name
from unmentoring.core.plan import Action, CloseIssue, Kind, PostComment, RecordOutcome, Thread

NUDGE_MARKER = "<!-- unmentoring:nudge -->"
PROMPT_MARKER = "<!-- unmentoring:prompt -->"
CLOSING_MARKER = "<!-- unmentoring:closing -->"
# Sent with `state: closed` in the same request: GitHub changes `state_reason` only together with
# `state` (https://github.com/github/docs/issues/22914,
# https://docs.github.com/rest/issues/issues#update-an-issue).
CLOSE_REASON = "not_planned"


@dataclass(frozen=True, kw_only=True)
class ThreadComment:
    """One comment in a pairing issue, as the decisions see it."""

    author: str
    body: str
    is_bot: bool = False
    created: dt.date | None = None  # the day it was written (UTC)


@dataclass(frozen=True, kw_only=True)
class Days:
    """The days of the round's month on which follow-up acts (scheme.yaml)."""

    nudge: int = 10
    rematch: int = 17
    prompt: int = 24

    @classmethod
    def of(cls, scheme: Scheme) -> Days:
        return cls(nudge=scheme.nudge_day, rematch=scheme.rematch_day, prompt=scheme.prompt_day)


@dataclass(frozen=True, kw_only=True)
class Situation:
    """One group's pairing issue on one day: everything a step decides from."""

    month: str
    members: tuple[str, ...]
    host: str | None  # the member who makes the first move; None for rounds without hosts
    issue_open: bool
    comments: tuple[ThreadComment, ...]
    today: dt.date
    later_round_drawn: bool
    days: Days
    bot: str  # our own login: only our comments' markers count as posted
    rematch: bool = False  # a group made by /rematch (announced after nudge_day: no nudge)
    issue: int | None = None  # the group's issue (None offline)

    @property
    def thread(self) -> Thread:
        return Thread(month=self.month, members=self.members, issue=self.issue)

    def posted(self, marker: str) -> bool:
        """Whether our comment carrying ``marker`` is in the thread."""
        return posted_by(self.comments, marker, self.bot)

    @property
    def member_wrote(self) -> bool:
        return member_wrote(self.members, self.comments)

    def reached(self, day: int) -> bool:
        """Whether ``today`` is on or after ``day`` of the round's month."""
        return self.today >= day_of(self.month, day)


Step = Callable[[Situation], list[Action]]


def day_of(month: str, day: int) -> dt.date:
    """``day`` of ``month`` (YYYY-MM) as a date."""
    year, number = (int(part) for part in month.split("-"))
    return dt.date(year, number, day)


def posted_by(comments: Iterable[ThreadComment], marker: str, bot: str) -> bool:
    """Whether a comment by ``bot`` (our own login) carrying ``marker`` is among ``comments``."""
    return any(marker in c.body and c.author.lower() == bot.lower() for c in comments)


def member_wrote(members: Iterable[str], comments: Iterable[ThreadComment]) -> bool:
    """Whether a member of the group (not a bot) has commented anywhere in the thread."""
    logins = {login.lower() for login in members}
    return any(not c.is_bot and c.author.lower() in logins for c in comments)


# -- the steps --------------------------------------------------------------------------------


def close_step(situation: Situation) -> list[Action]:
    """Once a later round is drawn: close an open issue kindly; record ``unreported``."""
    if not situation.later_round_drawn:
        return []
    record = RecordOutcome(
        month=situation.month, members=situation.members, outcome=Outcome.UNREPORTED
    )
    if not situation.issue_open:
        return [record]
    comment: list[Action] = []
    if not situation.posted(CLOSING_MARKER):
        comment = [_comment(situation, Kind.CLOSE, CLOSING_MARKER, closing_text(situation))]
    close = CloseIssue(thread=situation.thread, kind=Kind.CLOSE, reason=CLOSE_REASON)
    return [*comment, close, record]


def prompt_step(situation: Situation) -> list[Action]:
    """From ``prompt_day``: ask once whether the group met."""
    if situation.later_round_drawn or not situation.issue_open:
        return []
    if not situation.reached(situation.days.prompt) or situation.posted(PROMPT_MARKER):
        return []
    return [_comment(situation, Kind.PROMPT, PROMPT_MARKER, prompt_text(situation))]


def nudge_step(situation: Situation) -> list[Action]:
    """From ``nudge_day`` until the prompt: nudge once when no member has written."""
    if situation.later_round_drawn or not situation.issue_open or situation.rematch:
        return []
    if not situation.reached(situation.days.nudge) or situation.reached(situation.days.prompt):
        return []  # too early; or late enough that "did you meet?" says it
    if situation.member_wrote or situation.posted(NUDGE_MARKER):
        return []
    return [_comment(situation, Kind.NUDGE, NUDGE_MARKER, nudge_text(situation))]


def _comment(situation: Situation, kind: Kind, marker: str, body: str) -> PostComment:
    return PostComment(thread=situation.thread, kind=kind, marker=marker, body=body)


# In the order they run: closing first, since a closed round gets nothing else.
STEPS: tuple[Step, ...] = (close_step, prompt_step, nudge_step)


def decide(situation: Situation, steps: Sequence[Step] = STEPS) -> list[Action]:
    """Every action the steps take for this issue today (none on most days)."""
    return [action for step in steps for action in step(situation)]


def still_to_do(
    actions: Iterable[Action], issue_open: bool, comments: Iterable[ThreadComment], bot: str
) -> list[Action]:
    """``actions`` without what the thread shows done: our marked comments, a closed issue."""
    said = tuple(comments)
    return [
        action
        for action in actions
        if not (isinstance(action, PostComment) and posted_by(said, action.marker, bot))
        and not (isinstance(action, CloseIssue) and not issue_open)
    ]


# -- the words ------------------------------------------------------------------------------------


def mentions(members: Sequence[str], host: str | None) -> list[str]:
    """The members as @-mentions, the host first when there is one."""
    order = [host, *(m for m in members if m != host)] if host in members else list(members)
    return [f"@{login}" for login in order]


def rematch_hint(days: Days, trio: bool, *, waited: bool = False) -> str:
    """How to ask for someone else (core/rematch.py): the one place this is worded, for the
    pairing issue and (``waited``: from nudge_day, so no "by the 10th") the nudge."""
    if waited:
        when = "partners don't reply" if trio else "partner doesn't reply"
    else:
        who = "partners haven't" if trio else "partner hasn't"
        when = f"{who} replied by the {ordinal(days.nudge)}"
    return (
        f"If your {when}, comment `/rematch` on a line of its own before the "
        f"{ordinal(days.rematch)}: on the {ordinal(days.rematch)}, everyone who asked is paired "
        "with someone new."
    )


def nudge_text(situation: Situation) -> str:
    named = mentions(situation.members, situation.host)
    host = (
        f"{named[0]}, you're the host this time: suggest two or three times that suit you."
        if situation.host in situation.members
        else "Whoever replies first: suggest two or three times that suit you."
    )
    text = (
        f"{NUDGE_MARKER}\n"
        f"Hello {_and(named)}! A friendly nudge: nobody has written here yet for the "
        f"{month_name(situation.month)} round. {host} Half an hour is plenty."
    )
    if situation.reached(situation.days.rematch):
        return text  # this month's rematches are made: nothing more to ask for
    return f"{text}\n\n{rematch_hint(situation.days, len(situation.members) > 2, waited=True)}"


def prompt_text(situation: Situation) -> str:
    named = mentions(situation.members, situation.host)
    return (
        f"{PROMPT_MARKER}\n"
        f"{_and(named)}: did you meet? Comment `/met` on a line of its own if you did, or "
        "`/not-met` if it didn't happen this time. Either one closes this issue; the answer is "
        "recorded with your group in the public round file, and the site shows only counts."
    )


def closing_text(situation: Situation) -> str:
    # No @-mentions: closing needs nobody's attention.
    return (
        f"{CLOSING_MARKER}\n"
        f"The {month_name(situation.month)} round is over and the next one has been drawn, so "
        "this issue is closing. Nobody said whether you met, and that is fine: it is recorded "
        "as not reported, and you are in the new round as usual. Thank you for taking part!"
    )


def ordinal(day: int) -> str:
    """``17`` as ``17th``."""
    suffix = "th" if 11 <= day % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def _and(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


# -- which rounds, and what the organiser sees -----------------------------------------------------


def rounds_to_follow(drawn: Iterable[str], today: dt.date, chosen: str | None = None) -> list[str]:
    """The rounds a run follows up, oldest first.

    With ``chosen``, that round only. Otherwise the latest round drawn for this month or before
    (the one being met in), and the round before it (whose open issues close once a later round
    is drawn). Older rounds are left as they are: follow-up runs daily, so it closed them then."""
    months = sorted(drawn)
    if chosen is not None:
        return [chosen] if chosen in months else []
    this_month = f"{today.year:04d}-{today.month:02d}"
    current = [month for month in months if month <= this_month]
    return current[-2:]


def later_round_drawn(month: str, drawn: Iterable[str]) -> bool:
    return any(other > month for other in drawn)


@dataclass(frozen=True, kw_only=True)
class Tally:
    """One round as the organiser's summary shows it."""

    month: str
    groups: int
    replied: int
    met: int
    not_met: int
    unreported: int
    rematched: int  # groups made by /rematch
    paused_as_quiet: int = 0  # filled in by the quiet-members step

    HEADINGS = (
        "round",
        "groups",
        "replied",
        "met",
        "not met",
        "unreported",
        "rematched",
        "paused as quiet",
    )

    def cells(self) -> tuple[str, ...]:
        values = (self.groups, self.replied, self.met, self.not_met, self.unreported)
        return (self.month, *map(str, values), str(self.rematched), str(self.paused_as_quiet))


def tally(drawn: Round, wrote: Iterable[int]) -> Tally:
    """Count ``drawn``'s groups; ``wrote``: the indexes of groups where a member commented.

    A group that reported met or not met has replied too, whatever the thread shows."""
    outcomes = [group.outcome for group in drawn.groups]
    written = set(wrote)
    replied = sum(
        1
        for index, outcome in enumerate(outcomes)
        if index in written or outcome in (Outcome.MET, Outcome.NOT_MET)
    )
    return Tally(
        month=drawn.round,
        groups=len(drawn.groups),
        replied=replied,
        met=outcomes.count(Outcome.MET),
        not_met=outcomes.count(Outcome.NOT_MET),
        unreported=outcomes.count(Outcome.UNREPORTED),
        rematched=len(drawn.rematches),
    )


def summary_markdown(tallies: Sequence[Tally]) -> str:
    lines = [
        "### Follow-up",
        "",
        "| " + " | ".join(Tally.HEADINGS) + " |",
        "|" + " --- |" * len(Tally.HEADINGS),
    ]
    lines += ["| " + " | ".join(t.cells()) + " |" for t in tallies]
    return "\n".join(lines) + "\n"


def summary_text(tallies: Sequence[Tally]) -> str:
    rows = [Tally.HEADINGS, *(t.cells() for t in tallies)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(Tally.HEADINGS))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    )
