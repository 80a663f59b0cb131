"""The scheme's statistics: counted from the loaded repository, then anonymised for publishing.

Both steps are pure functions (no files, no clock, no network): ``count`` turns a repository and
the month the figures describe into exact counts; ``publish`` turns those into what the site and
``stats.json`` may show. Nothing published names a person or an organisation: only counts and
round months leave this module, and any count of people, organisations or conversations from 1 to
below the scheme's threshold is replaced by "fewer than N". A true zero is shown as 0: it is
about nobody, so it cannot single anyone out.

How people who left are treated: leaving deletes the participant file, but past rounds keep the
login. Such people still count as having taken part and their conversations still count as
matched and (if reported) as happened; but a group with a member who left is not counted in the
share across organisations, because that member's organisation is no longer known.
Organisations are today's, as written in the current files (the files keep no history), and are
compared as the draw compares them (``organisations.organisation_key``), so "across organisations"
means what the draw means by it.

Outcomes: a group reported if its members said ``/met`` or ``/not-met`` (``REPORTED``), or if a
member asked for a new partner with ``/rematch``, which records their first group ``not_met``
(``Round.ended_by_rematch``; site/content/statistics.md says so). A round is
over once a later round has been drawn, which is when follow-up closes its groups' open issues as
``unreported``; the share that reported at all is of the groups of rounds that are over, so the
round in progress, whose members still have time to say, does not pull it down.

Planned dates (``/when``, issue 24): of the groups of rounds that are over, the share that
planned a day to meet, and the share that met among those that planned one and among those that
did not, so the site can show whether planning a day goes with meeting. Each share is hidden
below the threshold of its own base, as every share is.

Joins and leaves per month: a join is a participant's ``joined`` date, a leave a deleted
participant file (``Departure``, read from git history by the caller; the file's last
``joined`` counts as a join too, so a month's joins do not shrink when someone later leaves).
Without history the leaves are unknown, never 0.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from unmentoring.core.draws import drawn_in
from unmentoring.core.model import Outcome, Participant, Round, SchemeData
from unmentoring.core.months import add_months, month_of
from unmentoring.core.organisations import organisation_key
from unmentoring.core.schedule import next_round

# What members said: an issue closed as unreported reports nothing.
REPORTED = (Outcome.MET, Outcome.NOT_MET)


@dataclass(frozen=True, kw_only=True)
class RoundCount:
    round: str
    participants: int
    # The round's groups by outcome; ``not_yet_reported`` have no outcome recorded.
    met: int
    not_met: int
    unreported: int
    not_yet_reported: int
    planned: int = 0  # groups that planned a day to meet (/when)
    redraws: int = 0  # draws of the round the organisers rejected before it (`draw: review`)


@dataclass(frozen=True, kw_only=True)
class Departure:
    """A participant file deleted in the history: the month it went, and its ``joined`` month
    (None when the deleted file did not say)."""

    left: str
    joined: str | None


@dataclass(frozen=True, kw_only=True)
class MonthCount:
    month: str
    joins: int
    leaves: int | None  # None: the history is not known, so neither is this


@dataclass(frozen=True, kw_only=True)
class Counts:
    """Exact figures, before anonymising. Only for ``publish``: never shown as they are."""

    month: str  # the month the figures describe
    next_round: str  # the round "active participants" are eligible for
    active_participants: int
    signed_up: int  # everyone with a participant file now, paused or not
    ever_taken_part: int
    organisations: int
    rounds_held: int
    conversations: int
    # Groups whose members all still have files (the base of the share across organisations).
    groups_with_known_organisations: int
    groups_across_organisations: int
    conversations_reported: int  # outcome met or not_met
    conversations_met: int
    conversations_over: int  # groups of rounds that are over (a later round has been drawn)
    conversations_over_reported: int  # of those, outcome met or not_met
    conversations_over_planned: int  # of those, a day planned with /when
    conversations_over_planned_met: int  # of those planned, outcome met
    conversations_over_unplanned_met: int  # of those over with no day planned, outcome met
    per_round: tuple[RoundCount, ...]
    per_month: tuple[MonthCount, ...]  # from the first join or leave to ``month``
    leaves_known: bool  # whether the history of deleted participant files was read


def count(
    repository: SchemeData,
    month: str,
    today: dt.date | None = None,
    departures: Sequence[Departure] | None = None,
) -> Counts:
    """Count everything the site reports, as of ``month`` (YYYY-MM). Rounds after it are ignored.

    ``today``, a day in ``month``, decides the next round (``schedule.next_round``): once the
    month's draw days are over, an undrawn month's round will not be drawn. Without it, the
    figures are as seen on the month's first day. ``departures`` are the participant files
    deleted in the history; None when there is no history to read (leaves are then unknown)."""
    today = _day_in(month, today)
    rounds = [held for key, held in repository.rounds.items() if key <= month]
    scheme = repository.scheme
    upcoming = next_round(scheme.start, {held.round for held in rounds}, today, scheme.skip_months)
    return Counts(
        month=month,
        next_round=upcoming,
        **_people(repository.participants, rounds, upcoming),
        **_conversations(repository.participants, rounds),
        per_round=tuple(_round_count(held) for held in rounds),
        per_month=_per_month(repository, month, departures),
        leaves_known=departures is not None,
    )


def _day_in(month: str, today: dt.date | None) -> dt.date:
    """``today``, which must be in ``month``; without it, the month's first day."""
    if today is None:
        return dt.date(int(month[:4]), int(month[5:7]), 1)
    if month_of(today) != month:
        raise ValueError(f"today ({today}) is not in the month counted ({month})")
    return today


def _people(
    people: Mapping[str, Participant], rounds: Sequence[Round], upcoming: str
) -> dict[str, int]:
    """The counts of people: active, signed up, ever taken part, and their organisations."""
    organisations = {organisation_key(person.organisation) for person in people.values()}
    return {
        # In the draw for the next round: `every` may have some sit it out (core/draws.py).
        "active_participants": len(drawn_in(people.values(), rounds, upcoming)),
        "signed_up": len(people),
        "ever_taken_part": len({login for held in rounds for login in held.members}),
        "organisations": len(organisations - {None}),
        "rounds_held": len(rounds),
    }


def _conversations(people: Mapping[str, Participant], rounds: Sequence[Round]) -> dict[str, int]:
    """The counts of conversations: in all, across organisations, reported, met and over."""
    groups = [group for held in rounds for group in held.groups]
    keys = {login: organisation_key(person.organisation) for login, person in people.items()}
    known = [group for group in groups if all(login in keys for login in group.members)]
    latest = max((held.round for held in rounds), default=None)
    over = [group for held in rounds if held.round != latest for group in held.groups]
    return {
        "conversations": len(groups),
        "groups_with_known_organisations": len(known),
        "groups_across_organisations": sum(
            _across_organisations(group.members, keys) for group in known
        ),
        "conversations_reported": sum(group.outcome in REPORTED for group in groups),
        "conversations_met": sum(group.outcome == Outcome.MET for group in groups),
        "conversations_over": len(over),
        "conversations_over_reported": sum(group.outcome in REPORTED for group in over),
        "conversations_over_planned": sum(group.planned is not None for group in over),
        "conversations_over_planned_met": sum(
            group.planned is not None and group.outcome == Outcome.MET for group in over
        ),
        "conversations_over_unplanned_met": sum(
            group.planned is None and group.outcome == Outcome.MET for group in over
        ),
    }


def _per_month(
    repository: SchemeData, month: str, departures: Sequence[Departure] | None
) -> tuple[MonthCount, ...]:
    joined = [month_of(person.joined) for person in repository.participants.values()]
    joined += [gone.joined for gone in departures or () if gone.joined]
    joins = Counter(at for at in joined if at <= month)
    leaves = Counter(gone.left for gone in departures or () if gone.left <= month)
    if not joins and not leaves:
        return ()
    at, counted = min(joins | leaves), []
    while at <= month:
        known = None if departures is None else leaves[at]
        counted.append(MonthCount(month=at, joins=joins[at], leaves=known))
        at = add_months(at, 1)
    return tuple(counted)


def _round_count(held: Round) -> RoundCount:
    outcomes = [group.outcome for group in held.groups]
    return RoundCount(
        round=held.round,
        participants=len(held.members),
        met=outcomes.count(Outcome.MET),
        not_met=outcomes.count(Outcome.NOT_MET),
        unreported=outcomes.count(Outcome.UNREPORTED),
        not_yet_reported=outcomes.count(None),
        planned=sum(group.planned is not None for group in held.groups),
        redraws=held.redraws,
    )


def _across_organisations(members: tuple[str, ...], keys: dict[str, str | None]) -> bool:
    """Whether no two members share an organisation (people without one share it with nobody)."""
    named = [keys[login] for login in members if keys[login] is not None]
    return len(named) == len(set(named))


def publish(counts: Counts, threshold: int) -> dict[str, Any]:
    """The anonymised figures, as plain data for the templates and for ``stats.json``.

    Each count is ``{"value": n, "suppressed": false, "text": "12"}``, or, from 1 to below the
    threshold, ``{"value": null, "suppressed": true, "text": "fewer than 5"}``. A share is shown
    only when the number it is a share of reaches the threshold, and is rounded to a whole
    percent, so that a small base cannot reveal what one or two people did; its ``out_of`` is
    that number, as a count (so it is shown exactly when the share is). A share of nothing (an
    ``out_of`` of 0) has no percent and is not suppressed: there is nothing yet to count.
    """

    def people(value: int) -> dict[str, Any]:
        # 0 is shown as it is: a count of nobody cannot single anyone out. Only 1 to
        # threshold - 1 could point at one or two people, so only those are hidden.
        if 0 < value < threshold:
            return {"value": None, "suppressed": True, "text": f"fewer than {threshold}"}
        return {"value": value, "suppressed": False, "text": f"{value:,}"}

    def share(part: int, whole: int) -> dict[str, Any]:
        if whole == 0:
            text = "none yet"
            return {"percent": None, "suppressed": False, "text": text, "out_of": people(whole)}
        if whole < threshold:
            text = f"not shown: fewer than {threshold} to count"
            return {"percent": None, "suppressed": True, "text": text, "out_of": people(whole)}
        percent = (200 * part + whole) // (2 * whole)  # rounded half up, in whole numbers
        return {
            "percent": percent,
            "suppressed": False,
            "text": f"{percent}%",
            "out_of": people(whole),
        }

    def maybe(value: int | None) -> dict[str, Any] | None:
        return None if value is None else people(value)

    held = min((item.round for item in counts.per_round), default=None)
    return {
        "month": counts.month,
        "next_round": counts.next_round,
        # The month of the first round: held already, or (before it) the one to come.
        "first_round": held or counts.next_round,
        "threshold": threshold,
        "active_participants": people(counts.active_participants),
        "signed_up": people(counts.signed_up),
        "ever_taken_part": people(counts.ever_taken_part),
        "organisations": people(counts.organisations),
        # The number of rounds says nothing about anyone, and every round's month is listed.
        "rounds_held": {
            "value": counts.rounds_held,
            "suppressed": False,
            "text": f"{counts.rounds_held:,}",
        },
        "conversations": people(counts.conversations),
        "across_organisations": share(
            counts.groups_across_organisations, counts.groups_with_known_organisations
        ),
        "reported": share(counts.conversations_over_reported, counts.conversations_over),
        "reported_met": share(counts.conversations_met, counts.conversations_reported),
        # Of the conversations of rounds that are over: planned a day; and met, with one or not.
        "planned": share(counts.conversations_over_planned, counts.conversations_over),
        "planned_met": share(
            counts.conversations_over_planned_met, counts.conversations_over_planned
        ),
        "unplanned_met": share(
            counts.conversations_over_unplanned_met,
            counts.conversations_over - counts.conversations_over_planned,
        ),
        "per_round": [
            {
                "round": item.round,
                "participants": people(item.participants),
                "outcomes": {
                    "met": people(item.met),
                    "not_met": people(item.not_met),
                    "unreported": people(item.unreported),
                    "not_yet_reported": people(item.not_yet_reported),
                },
                "planned": people(item.planned),
                # The organisers' decisions, not people's: shown exactly.
                "redraws": item.redraws,
            }
            for item in counts.per_round
        ],
        # Leaves are null throughout when the build had no git history to read them from.
        "leaves_known": counts.leaves_known,
        "per_month": [
            {"month": item.month, "joins": people(item.joins), "leaves": maybe(item.leaves)}
            for item in counts.per_month
        ],
    }
