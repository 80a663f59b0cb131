"""How and when a group can meet (core/proposals.py): the sentence each member must find true,
and the half-days proposed: only on half-days every member marked, overlapping by an hour in
their own time zones, never on a weekend or a bank holiday of a member's nation, in the round's
first fortnight (or a rematch's own), spread over different days."""

from __future__ import annotations

import datetime as dt
import itertools
from types import SimpleNamespace

import holidays
import pytest

from unmentoring.core import announcement, proposals
from unmentoring.core.meeting import AREAS, HALF_DAYS, OUTSIDE_UK, Meet, nation
from unmentoring.core.model import Group, Participant, Round, Scheme

LONDON = "Europe/London"
EVERY_HALF_DAY = HALF_DAYS


def person(login: str, **fields) -> Participant:
    values = {"name": f"Person {login}", "organisation": "Borsetshire County Council"}
    values.update(fields)
    return Participant(github=login, joined=dt.date(2026, 1, 5), **values)


def propose(*people: Participant, month: str = "2026-03", made: dt.date | None = None):
    first, last = proposals.fortnight(month, made)
    return proposals.half_days(people, LONDON, first, last)


# -- when ---------------------------------------------------------------------------------------


def test_only_half_days_every_member_marked_are_proposed():
    alice = person("alice", times=("mon-am", "tue-pm", "wed-am"))
    bob = person("bob", times=("tue-pm", "wed-am", "fri-pm"))
    chosen = propose(alice, bob)
    assert chosen
    for proposal in chosen:
        half = "am" if proposal.start < dt.time(12) else "pm"
        name = f"{proposals.DAYS[proposal.day.weekday()]}-{half}"
        assert name in alice.times and name in bob.times
        assert (proposal.start, proposal.end) == proposals.HALVES[half]


@pytest.mark.parametrize("month", [f"{y}-{m:02d}" for y in (2026, 2027) for m in range(1, 13)])
def test_never_a_weekend_or_a_bank_holiday_of_any_members_nation(month):
    areas = ["London", "Scotland", "Wales", "Northern Ireland", None]
    for first, second in itertools.combinations(areas, 2):
        people = [
            person("a", area=first, times=EVERY_HALF_DAY),
            person("b", area=second, times=EVERY_HALF_DAY),
        ]
        for proposal in propose(*people, month=month):
            assert proposal.day.weekday() < 5
            for member in people:
                code = {"England": "ENG", "Scotland": "SCT", "Wales": "WLS"}.get(
                    nation(member.area) or "England", "NIR"
                )
                assert proposal.day not in holidays.country_holidays("GB", subdiv=code)


def test_a_scottish_bank_holiday_is_skipped_only_when_a_member_is_in_scotland():
    # 2 January 2026, a Friday, is a bank holiday in Scotland and not in England.
    friday = dt.date(2026, 1, 2)
    english = [person(login, area="London", times=("fri-am",)) for login in ("a", "b")]
    assert friday in {p.day for p in propose(*english, month="2026-01")}
    mixed = [english[0], person("c", area="Scotland", times=("fri-am",))]
    assert friday not in {p.day for p in propose(*mixed, month="2026-01")}


def test_no_area_counts_as_england_and_outside_the_uk_has_no_uk_bank_holiday():
    easter_monday = dt.date(2026, 4, 6)
    abroad = [person(n, area=OUTSIDE_UK, times=("mon-am",)) for n in ("a", "b")]
    assert easter_monday in {p.day for p in propose(*abroad, month="2026-04")}
    unknown = [person(n, times=("mon-am",)) for n in ("a", "b")]
    assert easter_monday not in {p.day for p in propose(*unknown, month="2026-04")}


def test_up_to_three_spread_over_different_days_of_the_first_fortnight():
    people = [person(n, times=EVERY_HALF_DAY) for n in ("a", "b", "c")]
    chosen = propose(*people)
    assert len(chosen) == 3
    assert len({p.day for p in chosen}) == 3
    assert all(dt.date(2026, 3, 1) <= p.day <= dt.date(2026, 3, 14) for p in chosen)
    assert max(p.day for p in chosen) - min(p.day for p in chosen) >= dt.timedelta(days=5)


def test_two_days_only_give_both_half_days_of_one():
    people = [person(n, times=("wed-am", "wed-pm")) for n in ("a", "b")]
    chosen = propose(*people, month="2026-02")  # Wednesdays 4 and 11 February
    assert len(chosen) == 3
    assert len({p.day for p in chosen}) == 2


def test_anyone_without_times_gets_no_proposal():
    assert propose(person("a", times=EVERY_HALF_DAY), person("b")) == []


def test_other_time_zones_count_when_the_windows_overlap_by_an_hour():
    london = person("a", times=("tue-am",))
    paris = person("b", times=("tue-am",), timezone="Europe/Paris")  # 8am to 11:30am UK
    chosen = propose(london, paris)
    assert chosen and all((p.start, p.end) == (dt.time(9), dt.time(11, 30)) for p in chosen)
    # New York's morning is 2pm to 5:30pm in London in February: London's afternoon meets it.
    new_york = person("c", times=("tue-am",), timezone="America/New_York")
    assert propose(london, new_york) == []
    afternoon = person("d", times=("tue-pm",))
    hours = [(p.start, p.end) for p in propose(afternoon, new_york, month="2026-02")]
    assert hours and set(hours) == {(dt.time(14), dt.time(17))}


def test_less_than_an_hour_of_overlap_is_not_proposed():
    # February: the UK is on UTC. Each zone's half-day as the UK's clock reads it.
    london = person("a", times=("mon-am",))  # 9am to 12:30pm
    dubai = person("b", times=("mon-am", "mon-pm"), timezone="Asia/Dubai")  # pm: 9:30am to 1pm
    bangkok = person("c", times=("mon-pm",), timezone="Asia/Bangkok")  # 6:30am to 10am
    sao_paulo = person("d", times=("mon-am",), timezone="America/Sao_Paulo")  # noon to 3:30pm
    perth = person("e", times=("mon-pm",), timezone="Australia/Perth")  # 5:30am to 9am

    def hours(other):
        return {(p.start, p.end) for p in propose(london, other, month="2026-02")}

    assert hours(dubai) == {(dt.time(9, 30), dt.time(12, 30))}
    assert hours(bangkok) == {(dt.time(9), dt.time(10))}  # one hour exactly
    assert hours(sao_paulo) == set()  # half an hour
    assert hours(perth) == set()


def test_the_fortnight_of_a_round_and_of_a_rematch():
    assert proposals.fortnight("2026-03") == (dt.date(2026, 3, 1), dt.date(2026, 3, 14))
    made = dt.date(2026, 3, 10)
    assert proposals.fortnight("2026-03", made) == (dt.date(2026, 3, 11), dt.date(2026, 3, 24))
    late = dt.date(2026, 3, 20)  # cut at the month's end: 21 to 31 March is a week or more
    assert proposals.fortnight("2026-03", late) == (dt.date(2026, 3, 21), dt.date(2026, 3, 31))
    # Always cut at the month's end: /when takes only a day of the round's month.
    later = dt.date(2026, 3, 27)
    assert proposals.fortnight("2026-03", later) == (dt.date(2026, 3, 28), dt.date(2026, 3, 31))
    first, last = proposals.fortnight("2026-03", dt.date(2026, 3, 31))
    assert first > last, "nothing is left on the month's last day"
    people = [person(n, times=EVERY_HALF_DAY) for n in ("a", "b")]
    assert all(p.day > made for p in propose(*people, made=made))


def test_a_round_announced_late_proposes_only_days_to_come():
    """The draw may run on any of days 1 to 7 (a lost scheduled run is drawn the next day), or
    when an organiser merges a draw under review: the days proposed are those still ahead."""
    late = dt.date(2026, 3, 6)
    assert proposals.fortnight("2026-03", late) == (dt.date(2026, 3, 7), dt.date(2026, 3, 20))
    # A day outside the month (the demo announcing months gone by) changes nothing.
    for outside in (dt.date(2026, 2, 27), dt.date(2026, 12, 5)):
        assert proposals.fortnight("2026-03", outside) == proposals.fortnight("2026-03")


# -- how ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ways", "areas", "kind"),
    [
        ((Meet.VIDEO, Meet.VIDEO), (None, None), "video"),
        ((Meet.VIDEO, Meet.EITHER), ("London", None), "video-suits"),
        ((Meet.IN_PERSON, Meet.EITHER), ("North West", "North West"), "in-person"),
        ((Meet.IN_PERSON, Meet.IN_PERSON), ("Wales", "Wales"), "in-person"),
        ((Meet.EITHER, Meet.EITHER), ("London", "London"), "either-here"),
        ((Meet.EITHER, Meet.EITHER), (OUTSIDE_UK, OUTSIDE_UK), "either"),
        ((Meet.EITHER, Meet.EITHER), ("London", "Wales"), "either"),
        ((Meet.VIDEO, Meet.IN_PERSON), ("London", "London"), "cannot"),
        ((Meet.IN_PERSON, Meet.EITHER), ("London", "Wales"), "cannot"),
        ((Meet.IN_PERSON, Meet.EITHER, Meet.EITHER), ("Wales", "Wales", "London"), "cannot"),
    ],
)
def test_how_a_group_can_meet(ways, areas, kind):
    people = [
        person(str(n), meet=w, area=a) for n, (w, a) in enumerate(zip(ways, areas, strict=True))
    ]
    assert proposals.how_to_meet(people).kind == kind


def test_how_is_true_for_every_member_of_every_pair():
    """Every pair of settings: the sentence chosen is true for both readers."""
    settings = [(way, area) for way in Meet for area in (*AREAS[:2], OUTSIDE_UK, None)]
    for (way, area), (other_way, other_area) in itertools.product(settings, repeat=2):
        people = [person("a", meet=way, area=area), person("b", meet=other_way, area=other_area)]
        how = proposals.how_to_meet(people)
        ways = {way, other_way}
        if how.kind == "video":
            assert ways == {Meet.VIDEO}
        elif how.kind == "video-suits":
            assert Meet.IN_PERSON not in ways
        elif how.kind in ("in-person", "either-here"):
            assert area == other_area == how.area and area not in (None, OUTSIDE_UK)
            assert Meet.VIDEO not in ways
        elif how.kind == "either":
            assert ways == {Meet.EITHER}
        else:
            assert how.kind == "cannot"
            assert Meet.IN_PERSON in ways


def test_announce_writes_the_days_from_the_day_it_runs():
    """announcement.plan hands its ``today`` to each drawn group's issue."""
    people = {n: person(n, times=EVERY_HALF_DAY) for n in ("a", "b")}
    drawn = Round(round="2026-03", seed="s", groups=(Group(members=("a", "b"), host="a"),))
    data = SimpleNamespace(scheme=Scheme(organiser="Tests"), participants=people, rounds={})
    on_time, late = (
        announcement.plan(data, drawn, None, today=day)[0].text.body
        for day in (dt.date(2026, 2, 28), dt.date(2026, 3, 6))
    )
    assert "Monday 2 March" in on_time and "Monday 2 March" not in late
    assert "Monday 9 March" in late
