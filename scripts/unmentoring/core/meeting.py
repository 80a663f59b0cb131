"""How and when someone would like to meet: the words of the participant file's ``every``,
``meet``, ``area``, ``times`` and ``timezone``, and the one rule of who can meet as they want.

Every field is optional, and its default behaves as the scheme did before it existed: every
month, either way, no area, no times, the scheme's time zone. Pure data and rules, no I/O.
"""

from __future__ import annotations

import enum
import functools
import zoneinfo
from collections.abc import Sequence

# How often: take part in one drawn round, then sit out ``every - 1`` drawn rounds (core/draws.py).
EVERY_CHOICES = (1, 2, 3)
DEFAULT_EVERY = 1


class Meet(enum.StrEnum):
    """How someone would like to meet, as the file writes it."""

    VIDEO = "video"
    IN_PERSON = "in-person"
    EITHER = "either"


# The UK's nations and England's regions (the ONS's International Territorial Level 1 names),
# and one choice for everyone else. Written in the file word for word.
OUTSIDE_UK = "Outside the UK"
ENGLISH_REGIONS = (
    "North East",
    "North West",
    "Yorkshire and the Humber",
    "East Midlands",
    "West Midlands",
    "East of England",
    "London",
    "South East",
    "South West",
)
NATIONS = ("England", "Scotland", "Wales", "Northern Ireland")
AREAS = (*ENGLISH_REGIONS, "Scotland", "Wales", "Northern Ireland", OUTSIDE_UK)

# Half-days that usually suit someone, Monday to Friday, as the file writes them.
DAYS = ("mon", "tue", "wed", "thu", "fri")
HALVES = ("am", "pm")
HALF_DAYS = tuple(f"{day}-{half}" for day in DAYS for half in HALVES)

DEFAULT_TIMEZONE = "Europe/London"


def nation(area: str | None) -> str | None:
    """The UK nation an area is in; None for no area or outside the UK."""
    if area in ENGLISH_REGIONS:
        return "England"
    return area if area in NATIONS else None


def same_area(first: str | None, second: str | None) -> bool:
    """Whether two people are in one known area of the UK ("Outside the UK" is no one place)."""
    return first is not None and first != OUTSIDE_UK and first == second


def can_meet(first: tuple[Meet, str | None], second: tuple[Meet, str | None]) -> bool:
    """Whether two people, each (how they'd like to meet, their area), can meet as they both
    want: by video unless one wants only in person; in person only in one known area."""
    (how, area), (other_how, other_area) = first, second
    if Meet.IN_PERSON not in (how, other_how):
        return True  # video suits them both
    if Meet.VIDEO in (how, other_how):
        return False
    return same_area(area, other_area)


def group_can_meet(people: Sequence[tuple[Meet, str | None]]) -> bool:
    """Whether every two people of a group can meet as they want."""
    return all(
        can_meet(first, second)
        for index, first in enumerate(people)
        for second in people[index + 1 :]
    )


def sorted_half_days(values: Sequence[str]) -> tuple[str, ...]:
    """Known half-days once each, Monday morning first."""
    chosen = set(values)
    return tuple(half_day for half_day in HALF_DAYS if half_day in chosen)


def is_timezone(name: str) -> bool:
    """Whether ``name`` is an IANA time zone, such as Europe/London: one of the zones the
    database lists, so a folder of it ("Europe") or a file that is no zone ("posixrules",
    "localtime") is not one (zoneinfo would open or refuse them in ways of their own)."""
    return name in _zones()


# Files some systems' zone folders hold besides the zones (the machine's own, and the old rules).
_NOT_ZONES = ("localtime", "posixrules", "Factory", "posix/", "right/")


@functools.cache
def _zones() -> frozenset[str]:
    return frozenset(z for z in zoneinfo.available_timezones() if not z.startswith(_NOT_ZONES))
