"""What a command does, as values: decided in ``core/``, printed by ``--dry-run``, applied once.

A command that writes reads what it needs, asks ``core/`` for a plan (a list of these actions),
and hands the plan to one applier: ``github/applier.py`` for what is done on GitHub (each bot
comment found again by its hidden marker, so a rerun or a lost answer never posts twice) and
``gitops/saving.py`` for what is written into the scheme's files (saved once, in the working
tree or as commits pushed on top of the branch). ``--dry-run`` prints the same plan instead.
This is rust-lang/team's sync: create the diff, print it, apply it.

Two kinds of action:
- on GitHub: ``OpenIssue``, ``PostComment``, ``CloseIssue``, ``EditIssue``,
  ``OpenPullRequest``, ``EnsureLabel``;
- in the files: ``RecordOutcome``, ``RecordPlanned``, ``AddGroups``, ``RecordIssues`` (round
  files); ``Pause``,
  ``RecordAccount``, ``FollowRename``, ``AccountDeleted``, ``AccountMissing`` (participant
  files).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Protocol

from unmentoring.core.model import Group, Outcome, Round


class Kind(enum.StrEnum):
    """What a bot comment is for: it names the comment in the outbox and the organiser's summary."""

    NUDGE = "nudge"
    PROMPT = "prompt"
    REMINDER = "reminder"  # the day before a date planned with /when (core/when.py)
    CLOSE = "close"
    QUIET = "quiet"  # a quiet member paused (core/quiet.py)
    REMATCH = "rematch"  # a comment about a rematch (core/rematch.py)
    REPLY = "reply"  # the reply to a comment command (core/comment_commands.py)
    SIGN_UP = "sign-up"  # the one reply on a join or change form (core/sign_up_replies.py)


@dataclass(frozen=True, kw_only=True)
class Thread:
    """The issue an action is about: ``issue`` None when not yet known (offline); a pairing
    issue also names its round and group, which name it offline."""

    issue: int | None
    month: str | None = None
    members: tuple[str, ...] = ()

    @classmethod
    def of(cls, month: str, group: Group) -> Thread:
        return cls(month=month, members=group.members, issue=group.issue)


# -- on GitHub --------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class PostComment:
    """Post ``body`` in the thread once: a comment by our login carrying ``marker`` means it is
    there already. ``about``: the member it is about, when not the whole group."""

    thread: Thread
    kind: Kind
    marker: str
    body: str
    about: str | None = None
    edit: bool = False  # one comment kept up to date: edited in place when it says otherwise
    # Decided from the thread as this run read it, without the marker: post without reading it
    # again first (follow-up runs one at a time, and only it posts these markers).
    seen: bool = False


@dataclass(frozen=True, kw_only=True)
class CloseIssue:
    """Close the thread's issue with GitHub's ``reason`` (``completed`` or ``not_planned``),
    setting ``labels`` when given; closing a closed issue changes nothing."""

    thread: Thread
    kind: Kind
    reason: str
    labels: tuple[str, ...] | None = None


@dataclass(frozen=True, kw_only=True)
class EditIssue:
    """Rewrite an issue's title and body, as read (``title``, ``body``), by ``revise`` (None:
    nothing left to change). After an answer was lost the applier reads the issue again and
    revises that, so the edit is made once."""

    issue: int
    title: str
    body: str
    why: str  # for the log: "erased alice (2026-03)"
    revise: Callable[[str, str], tuple[str, str] | None]

    @property
    def revised(self) -> tuple[str, str] | None:
        return self.revise(self.title, self.body)


@dataclass(frozen=True, kw_only=True)
class OpenIssue:
    """Open the group's pairing issue once: an issue of the round carrying the group's hidden
    marker (in ``body``) is it, found again after an answer was lost."""

    thread: Thread
    title: str
    body: str
    labels: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class OpenPullRequest:
    """Open a pull request from ``head`` into ``base`` once: an open one between them is it."""

    head: str
    base: str
    title: str
    body: str


@dataclass(frozen=True, kw_only=True)
class EnsureLabel:
    """Create the label unless the repository has it."""

    name: str
    color: str
    description: str


GitHubAction = PostComment | CloseIssue | EditIssue | OpenIssue | OpenPullRequest | EnsureLabel


# -- in the files ------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class RecordOutcome:
    """Record ``outcome`` for the group of ``members`` in the round file; ``if_unset``: only
    where none is recorded (a late ``/met`` keeps what it said)."""

    month: str
    members: tuple[str, ...]
    outcome: Outcome
    if_unset: bool = True
    issue: int | None = None  # named in the commit message


@dataclass(frozen=True, kw_only=True)
class RecordPlanned:
    """Record ``day``, the day the group of ``members`` plans to meet (/when), in the round file:
    a later /when moves it."""

    month: str
    members: tuple[str, ...]
    day: dt.date
    issue: int | None = None  # named in the commit message


@dataclass(frozen=True, kw_only=True)
class Pause:
    """Write ``paused: true`` into the participant's file, and ``quiet_until``: the round their
    silence was judged up to; ``why`` is its commit line."""

    login: str
    why: str
    quiet_until: str


@dataclass(frozen=True, kw_only=True)
class AddGroups:
    """Append groups to the round file, made by ``make`` from the round as it is when written
    (a ``/met`` may have landed meanwhile); nothing when the round has such groups already."""

    month: str
    make: Callable[[Round], tuple[Group, ...]]


@dataclass(frozen=True, kw_only=True)
class RecordIssues:
    """Write the issue numbers learned into the round file, for groups that have none."""

    month: str
    numbers: Mapping[tuple[str, frozenset[str]], int]  # by marker key: round, members


@dataclass(frozen=True, kw_only=True)
class RecordAccount:
    """Write ``user_id``, the number of the account GitHub knows as ``login``, into a
    participant file that has none, so that a later rename can be followed."""

    login: str
    user_id: int


@dataclass(frozen=True, kw_only=True)
class FollowRename:
    """The account of ``login`` (number ``user_id``) is now called ``new_login``: move its
    participant file there."""

    login: str
    user_id: int
    new_login: str


@dataclass(frozen=True, kw_only=True)
class AccountDeleted:
    """GitHub no longer knows the account of ``login``: delete its participant file, as when
    someone leaves. ``user_id``: the number recorded, if any, which the file must still hold."""

    login: str
    user_id: int | None


@dataclass(frozen=True, kw_only=True)
class AccountMissing:
    """Write into ``login``'s file the day GitHub first said it has no such account
    (``since``), or clear it (None) once the account is found again."""

    login: str
    since: dt.date | None


RoundChange = RecordOutcome | RecordPlanned | AddGroups | RecordIssues
ParticipantChange = Pause | RecordAccount | FollowRename | AccountDeleted | AccountMissing
FileChange = RoundChange | ParticipantChange
Action = GitHubAction | FileChange


class Applier(Protocol):
    """Carries out a plan's GitHub actions: on GitHub, in an outbox, or on the screen."""

    def apply(self, action: GitHubAction) -> int | None:
        """Carry out ``action``; the number of the issue or pull request it opened, if any."""
        ...

    def time_left(self) -> float | None:
        """Seconds until the run's time limit, or None without one."""
        ...
