"""How and when a group could meet: the sentence on how, and up to three half-days to propose.

Pure: the days come in as values (the round's month, or the day a rematch group was made); the
bank holidays come from the ``holidays`` library, kept current by its maintainers.

When: a half-day is a morning (09:00 to 12:30) or an afternoon (13:30 to 17:00) in each
member's own time zone (the scheme's when they gave none). A day of the fortnight suits the
group when every member marked a half-day of it in ``times`` and those windows overlap by an
hour or more (in different zones, a London morning may meet a Helsinki afternoon); the
proposal is that overlap, in the scheme's time zone. Weekends are skipped, and
so are the bank holidays of every member's UK nation. A member with no area is taken to be in
England (most members are, and England's bank holidays are the UK's common ones); a member
outside the UK has none of the UK's.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import itertools
import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass

import holidays

from unmentoring.core.meeting import DAYS, OUTSIDE_UK, Meet, group_can_meet, nation, same_area
from unmentoring.core.model import Participant
from unmentoring.core.months import last_day

Time = dt.time  # a time of day (a call of ``.time()`` reads as the clock's to tests/test_layers)
MORNING = (Time(9, 0), Time(12, 30))
AFTERNOON = (Time(13, 30), Time(17, 0))
HALVES = {"am": MORNING, "pm": AFTERNOON}
LEAST_OVERLAP = dt.timedelta(hours=1)
FORTNIGHT = 14
MOST = 3
# The holidays library's codes for the UK's nations.
SUBDIVISIONS = {"England": "ENG", "Scotland": "SCT", "Wales": "WLS", "Northern Ireland": "NIR"}


@dataclass(frozen=True)
class Proposal:
    """A half-day that suits every member: its date and hours in the scheme's time zone."""

    day: dt.date
    start: dt.time
    end: dt.time


def fortnight(month: str, made: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The first and last day to propose: days 1 to 14 of the round's month; for an issue
    written during the month (a rematch, or a round announced late), the 14 days from the day
    after ``made``, cut at the month's end, since `/when` takes only a day of the round's
    month (none are left when ``made`` is its last day). A ``made`` outside the month (the demo
    announcing months gone by) counts as before it."""
    first_of_month = dt.date(int(month[:4]), int(month[5:7]), 1)
    month_end = last_day(month)
    if made is None or not first_of_month <= made <= month_end:
        return first_of_month, first_of_month + dt.timedelta(days=FORTNIGHT - 1)
    start = made + dt.timedelta(days=1)
    end = start + dt.timedelta(days=FORTNIGHT - 1)
    return start, min(end, month_end)


def half_days(
    people: Sequence[Participant], scheme_timezone: str, first: dt.date, last: dt.date
) -> list[Proposal]:
    """Up to three half-days from ``first`` to ``last`` that suit everyone in ``people``,
    spread over different days where there are enough (none when anyone gave no times)."""
    if not people or any(not person.times for person in people):
        return []
    suitable: list[Proposal] = []
    day = first
    while day <= last:
        if day.weekday() < len(DAYS) and not any(_holiday(p.area, day) for p in people):
            suitable += _overlaps(people, scheme_timezone, day)
        day += dt.timedelta(days=1)
    return _spread(suitable)


def has_times(people: Sequence[Participant]) -> bool:
    return bool(people) and all(person.times for person in people)


def _overlaps(people: Sequence[Participant], scheme_timezone: str, day: dt.date) -> list[Proposal]:
    """The times of ``day`` when everyone's marked half-days overlap by an hour or more: one
    half-day each (in their own zones, a London morning may meet a Helsinki afternoon)."""
    windows = [
        [_window(day, half, person.timezone or scheme_timezone) for half in _halves(person, day)]
        for person in people
    ]
    found: list[Proposal] = []
    for chosen in itertools.product(*windows):
        start = max(window[0] for window in chosen)
        end = min(window[1] for window in chosen)
        if end - start < LEAST_OVERLAP:
            continue
        zone = zoneinfo.ZoneInfo(scheme_timezone)
        start, end = start.astimezone(zone), end.astimezone(zone)
        if start.date() != day or end.date() != day:
            continue  # another day in the scheme's zone: no half-day of this one
        proposal = Proposal(
            day=day, start=Time(start.hour, start.minute), end=Time(end.hour, end.minute)
        )
        if proposal not in found:
            found.append(proposal)
    return sorted(found, key=lambda proposal: proposal.start)


def _halves(person: Participant, day: dt.date) -> list[str]:
    return [half for half in HALVES if f"{DAYS[day.weekday()]}-{half}" in person.times]


def _window(day: dt.date, half: str, timezone: str) -> tuple[dt.datetime, dt.datetime]:
    zone = zoneinfo.ZoneInfo(timezone)
    start, end = HALVES[half]
    return dt.datetime.combine(day, start, tzinfo=zone), dt.datetime.combine(day, end, tzinfo=zone)


def _holiday(area: str | None, day: dt.date) -> bool:
    if area == OUTSIDE_UK:
        return False
    return day in _bank_holidays(SUBDIVISIONS[nation(area) or "England"], day.year)


@functools.cache
def _bank_holidays(subdivision: str, year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("GB", subdiv=subdivision, years=year)  # the UK


def _spread(suitable: list[Proposal]) -> list[Proposal]:
    """Up to three, on different days spread over the fortnight where there are enough days;
    else the earliest half-days left, in date order."""
    days = sorted({proposal.day for proposal in suitable})
    if len(days) <= MOST:
        chosen_days = days
    else:  # the first, the last, and evenly between
        chosen_days = [days[index * (len(days) - 1) // (MOST - 1)] for index in range(MOST)]
    chosen = [next(p for p in suitable if p.day == day) for day in chosen_days]
    for proposal in suitable:
        if len(chosen) >= MOST:
            break
        if proposal not in chosen:
            chosen.append(proposal)
    return sorted(chosen, key=lambda p: (p.day, p.start))


# -- how they can meet ---------------------------------------------------------------------------


class Kind(enum.StrEnum):
    """Which sentence says how a group can meet."""

    VIDEO = "video"  # all prefer video
    VIDEO_SUITS = "video-suits"  # some prefer video, the others either
    IN_PERSON = "in-person"  # in one area, someone prefers in person, the others either
    EITHER_HERE = "either-here"  # all either, in one area
    EITHER = "either"  # all either
    CANNOT = "cannot"  # not all can meet as they want (the draw found nothing better)


@dataclass(frozen=True)
class How:
    """How a group can meet, as the issue says it: ``kind`` picks the sentence."""

    kind: Kind
    area: str | None = None  # the area they are all in, when it is said


def how_to_meet(people: Sequence[Participant]) -> How:
    """What is true for every member: how they said they'd like to meet, and where they are."""
    if not group_can_meet([(person.meet, person.area) for person in people]):
        return How(Kind.CANNOT)
    ways = {person.meet for person in people}
    areas = {person.area for person in people}
    area = next(iter(areas)) if len(areas) == 1 else None
    here = area if area is not None and same_area(area, area) else None
    if ways == {Meet.VIDEO}:
        return How(Kind.VIDEO)
    if Meet.VIDEO in ways:
        return How(Kind.VIDEO_SUITS)
    if Meet.IN_PERSON in ways and here:  # can meet: all in one area
        return How(Kind.IN_PERSON, here)
    return How(Kind.EITHER_HERE, here) if here else How(Kind.EITHER)
