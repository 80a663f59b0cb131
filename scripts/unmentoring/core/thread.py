"""A pairing issue's thread on one day, as the follow-up decisions see it; and their words.

Pure. ``Situation`` is everything a stage decides from for one group: its members and host,
whether its issue is open, its comments, the day, and the scheme's days (``Days``). A member's
comment anywhere in the thread counts as writing, whatever it says; a comment by any bot
(``is_bot``: an account of type Bot, or a login ending ``[bot]``) never does, nor does a person
outside the group. Only a comment by our own login carrying a marker counts as ours: anyone can
paste a marker.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from unmentoring.core.model import Scheme
from unmentoring.core.plan import Action, CloseIssue, Kind, PostComment, Thread


@dataclass(frozen=True, kw_only=True)
class ThreadComment:
    """One comment in a pairing issue, as the decisions see it."""

    author: str
    body: str
    is_bot: bool = False
    created: dt.date | None = None  # the day it was written (UTC)
    comment_id: int | None = None  # GitHub's id (None offline)


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
    left: frozenset[str] = frozenset()  # members who have left the scheme since: never named
    planned: dt.date | None = None  # the day the group plans to meet (/when: core/when.py)

    @property
    def present(self) -> tuple[str, ...]:
        """The members still in the scheme, who may be @-mentioned."""
        return tuple(login for login in self.members if login not in self.left)

    @property
    def host_present(self) -> str | None:
        return self.host if self.host in self.present else None

    def comment(self, kind: Kind, marker: str, body: str) -> PostComment:
        """A marked comment in this group's issue, decided from the thread as read."""
        return PostComment(thread=self.thread, kind=kind, marker=marker, body=body, seen=True)

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


# -- words the stages share ------------------------------------------------------------------------


def mentions(members: Sequence[str], host: str | None) -> list[str]:
    """The members as @-mentions, the host first when there is one."""
    order = [host, *(m for m in members if m != host)] if host in members else list(members)
    return [f"@{login}" for login in order]


def ordinal(day: int) -> str:
    """``17`` as ``17th``."""
    suffix = "th" if 11 <= day % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def and_list(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"
