"""The scheme's data: participants, rounds and settings, as frozen dataclasses without I/O.

``from_dict`` expects data that has passed the JSON Schema (see ``schemas/``); ``to_dict`` gives
back the file's fields in their documented order, omitting optional fields that are unset.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from unmentoring.core.meeting import DEFAULT_EVERY, DEFAULT_TIMEZONE, Meet, sorted_half_days
from unmentoring.core.months import months_between


@dataclass(frozen=True, kw_only=True)
class Participant:
    github: str
    name: str
    organisation: str
    joined: dt.date
    role: str | None = None
    about: str | None = None
    contact: str | None = None  # an https link or email address (core/contact.py)
    agreed: dt.date | None = None  # when they ticked the join form's agreements
    agreement: int | None = None  # which wording they ticked (core/consent.py)
    paused_until: str | None = None
    paused: bool = False
    # Paused for saying nothing up to this round: only later rounds count again (core/quiet.py).
    quiet_until: str | None = None
    # The GitHub account's number (`id:` in the file), which a rename keeps: a login freed by a
    # rename and claimed by someone else is not the participant (issue 21, finding 18).
    user_id: int | None = None
    # The day GitHub first said it has no such account (core/accounts.py): a second look, a
    # week or more later, that says the same makes them leave; an account found clears it.
    account_missing: dt.date | None = None
    # How and when they'd like to meet (core/meeting.py); each default behaves as before.
    every: int = DEFAULT_EVERY  # take part in one drawn round in this many
    meet: Meet = Meet.EITHER
    area: str | None = None
    times: tuple[str, ...] = ()  # half-days that usually suit them: mon-am .. fri-pm
    timezone: str | None = None  # an IANA name; None: the scheme's

    @property
    def login(self) -> str:
        """The lowercased login: the participant's key everywhere (files, rounds, issues)."""
        return self.github.lower()

    def is_eligible(self, month: str) -> bool:
        """Whether this person takes part in the scheme in ``month``: joined by then and not
        paused. The draw also leaves out those that ``every`` has sit the round out
        (``core/draws.eligible``); a round they are already in needs only this."""
        joined_month = f"{self.joined.year:04d}-{self.joined.month:02d}"
        if months_between(joined_month, month) < 0 or self.paused:
            return False
        return self.paused_until is None or self.paused_until <= month

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Participant:
        return cls(
            github=data["github"],
            name=data["name"],
            organisation=data["organisation"],
            joined=dt.date.fromisoformat(data["joined"]),
            role=data.get("role"),
            about=data.get("about"),
            contact=data.get("contact"),
            agreed=dt.date.fromisoformat(data["agreed"]) if data.get("agreed") else None,
            agreement=data.get("agreement"),
            paused_until=data.get("paused_until"),
            paused=bool(data.get("paused", False)),
            quiet_until=data.get("quiet_until"),
            user_id=data.get("id"),
            account_missing=(
                dt.date.fromisoformat(data["account_missing"])
                if data.get("account_missing")
                else None
            ),
            every=int(data.get("every", DEFAULT_EVERY)),
            meet=Meet(data.get("meet", Meet.EITHER)),
            area=data.get("area"),
            times=sorted_half_days(data.get("times") or ()),
            timezone=data.get("timezone"),
        )

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"github": self.github}
        if self.user_id is not None:
            data["id"] = self.user_id
        data |= {
            "name": self.name,
            "organisation": self.organisation,
        }
        if self.role:
            data["role"] = self.role
        if self.about:
            data["about"] = self.about
        if self.contact:
            data["contact"] = self.contact
        if self.every != DEFAULT_EVERY:
            data["every"] = self.every
        if self.meet is not Meet.EITHER:
            data["meet"] = str(self.meet)
        if self.area:
            data["area"] = self.area
        if self.times:
            data["times"] = list(self.times)
        if self.timezone:
            data["timezone"] = self.timezone
        data["joined"] = self.joined.isoformat()
        if self.agreed:
            data["agreed"] = self.agreed.isoformat()
        if self.agreement is not None:
            data["agreement"] = self.agreement
        if self.paused_until:
            data["paused_until"] = self.paused_until
        if self.paused:
            data["paused"] = True
        if self.quiet_until:
            data["quiet_until"] = self.quiet_until
        if self.account_missing:
            data["account_missing"] = self.account_missing.isoformat()
        return data


class Outcome(enum.StrEnum):
    """What the members of a group said about their conversation."""

    MET = "met"
    NOT_MET = "not_met"
    # Nobody said by the time the next round was drawn (follow-up closes the issue then).
    UNREPORTED = "unreported"


OUTCOMES = tuple(Outcome)


@dataclass(frozen=True, kw_only=True)
class Group:
    """Two people (or three, once a round when the count is odd) matched for a conversation.

    ``host`` is the member asked to make the first move (core/hosts.py); None in groups drawn
    before hosts were chosen (engine 2 and older). ``rematch``: made mid-month from members who
    asked for someone else (core/rematch.py), appended after the drawn groups; never re-drawn.
    """

    members: tuple[str, ...]
    host: str | None = None
    rematch: bool = False
    issue: int | None = None
    # The day a member said they will meet (``/when``): public, like the group.
    planned: dt.date | None = None
    outcome: Outcome | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Group:
        return cls(
            members=tuple(login.lower() for login in data["members"]),
            host=data["host"].lower() if data.get("host") else None,
            rematch=data.get("rematch") is True,
            issue=data.get("issue"),
            planned=dt.date.fromisoformat(data["planned"]) if data.get("planned") else None,
            outcome=Outcome(data["outcome"]) if data.get("outcome") else None,
        )

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"members": list(self.members)}
        if self.host is not None:
            data["host"] = self.host
        if self.rematch:
            data["rematch"] = True
        if self.issue is not None:
            data["issue"] = self.issue
        if self.planned is not None:
            data["planned"] = self.planned.isoformat()
        if self.outcome is not None:
            data["outcome"] = str(self.outcome)  # the plain word, as YAML writes it
        return data


@dataclass(frozen=True, kw_only=True)
class Round:
    round: str
    seed: str
    engine: int | None = None  # the draw engine's version (core/engine.py); None before it existed
    # How many draws of this round the organisers rejected before this one (`draw: review`):
    # part of the seed's digest when not 0, so each new draw differs.
    redraws: int = 0
    groups: tuple[Group, ...] = ()

    @property
    def members(self) -> list[str]:
        """Everyone in the round, once each (a rematched member is in two groups)."""
        return list(dict.fromkeys(login for group in self.groups for login in group.members))

    @property
    def drawn(self) -> tuple[Group, ...]:
        """The groups the draw made, without those made later by rematching."""
        return tuple(group for group in self.groups if not group.rematch)

    @property
    def rematches(self) -> tuple[Group, ...]:
        return tuple(group for group in self.groups if group.rematch)

    def ended_by_rematch(self, group: Group) -> bool:
        """Whether ``group`` ended when a member who asked for a new partner (``/rematch``) was
        put in a group made for that: it is recorded ``not_met`` by that request, and no later
        word changes it. (Only drawn groups end this way.)"""
        if group.rematch:
            return False
        moved = {login for made in self.rematches for login in made.members}
        return bool(moved & set(group.members))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Round:
        engine = data.get("engine")
        return cls(
            round=data["round"],
            seed=str(data["seed"]),
            engine=None if engine is None else int(engine),  # the schema allows 2.0 as 2
            redraws=int(data.get("redraws", 0)),
            groups=tuple(Group.from_dict(group) for group in data["groups"]),
        )

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"round": self.round, "seed": self.seed}
        if self.engine is not None:
            data["engine"] = self.engine
        if self.redraws:
            data["redraws"] = self.redraws
        data["groups"] = [group.to_dict() for group in self.groups]
        return data


class SignupMode(enum.StrEnum):
    """How a sign-up lands: committed at once, or in a pull request for an organiser."""

    DIRECT = "direct"
    REVIEW = "review"


class DrawMode(enum.StrEnum):
    """How a drawn round goes out: committed at once, or in a pull request for an organiser."""

    DIRECT = "direct"
    REVIEW = "review"


def _month_numbers(value: Any) -> tuple[int, ...]:
    return tuple(sorted(set(value)))


@dataclass(frozen=True, kw_only=True)
class Scheme:
    """The organiser's settings from ``scheme.yaml``: the one list of its fields, their order
    and their defaults. The JSON Schema, the template's scheme.yaml and docs/organisers.md are
    checked against it (tests/test_settings.py). A field that defaults to nothing (None, or an
    empty list) is written only when set; ``organiser`` has no default: it is required. A
    field's ``read`` metadata turns the file's value into the field's type."""

    name: str = "UnMentoring"
    organiser: str
    contact: str | None = None  # how to reach the organisers: an email address or https link
    start: str | None = None
    repository: str | None = None
    site_title: str | None = None  # the site's title when not the scheme's name: see `title`
    site_url: str | None = None
    stats_threshold: int = 5
    signup: SignupMode = dataclasses.field(default=SignupMode.DIRECT, metadata={"read": SignupMode})
    # Follow-up (commands/follow_up.py): days of the round's month, 1-28 so every month has them.
    nudge_day: int = 10  # a nudge to groups where no member has written yet
    rematch_day: int = 17  # the day the nudge names: ask for someone else if nobody replied
    prompt_day: int = 24  # "did you meet?"
    # Pause a member silent in their pairing issues this many rounds in a row (0: never).
    pause_after_silent: int = 2
    draw: DrawMode = dataclasses.field(default=DrawMode.DIRECT, metadata={"read": DrawMode})
    # Month numbers (1-12) in which no round is drawn, e.g. (8, 12): core/schedule.py.
    skip_months: tuple[int, ...] = dataclasses.field(default=(), metadata={"read": _month_numbers})
    # The time zone of participants who give none, and of the days proposed to meet: IANA's name.
    timezone: str = DEFAULT_TIMEZONE
    # The template's repository, which `unmentoring upgrade` takes releases from.
    upstream: str = "localgovdigital/unmentoring"

    @property
    def title(self) -> str:
        """The site's title: ``site_title`` if given, otherwise the scheme's name."""
        return self.site_title or self.name

    @classmethod
    def default(cls, name: str) -> Any:
        """The default of field ``name`` (a KeyError for a field without one)."""
        found = {f.name: f.default for f in dataclasses.fields(cls)}[name]
        if found is dataclasses.MISSING:
            raise KeyError(f"scheme.yaml's `{name}` has no default")
        return found

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Scheme:
        values = {}
        for spec in dataclasses.fields(cls):
            if spec.name in data:
                read = spec.metadata.get("read")
                values[spec.name] = read(data[spec.name]) if read else data[spec.name]
        return cls(**values)

    @classmethod
    def placeholder(cls) -> Scheme:
        """Stands in for a scheme.yaml that is missing or has problems (reported already)."""
        return cls(organiser="")

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for spec in dataclasses.fields(self):
            value = getattr(self, spec.name)
            if spec.default in (None, ()) and not value:
                continue  # an optional field left unset
            data[spec.name] = list(value) if isinstance(value, tuple) else _plain(value)
        return data


def _plain(value: Any) -> Any:
    """An enum as its plain word, as YAML writes it."""
    return str(value) if isinstance(value, enum.Enum) else value


# The follow-up days, in the order they must come (checked by core/rules.py).
FOLLOW_UP_DAYS = ("nudge_day", "rematch_day", "prompt_day")


class SchemeData(Protocol):
    """A scheme's data as loaded: its settings, participants by login and rounds by month.

    The store's ``Repository`` is one; the core reads the data through this and never the disk.
    """

    @property
    def scheme(self) -> Scheme: ...

    @property
    def participants(self) -> Mapping[str, Participant]: ...

    @property
    def rounds(self) -> Mapping[str, Round]: ...
