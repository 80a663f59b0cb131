"""The statistics, each on a miniature scheme built in memory and counted by hand."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from unmentoring.core.model import Group, Participant, Round, Scheme
from unmentoring.core.stats import Departure, RoundCount, count, publish
from unmentoring.store.repository import Repository


def person(login: str, organisation: str = "Org A", joined: str = "2026-01-01", **fields):
    return Participant(
        github=login,
        name=f"Name {login}",
        organisation=organisation,
        joined=dt.date.fromisoformat(joined),
        **fields,
    )


def scheme(people=(), rounds=(), start: str | None = None) -> Repository:
    return Repository(
        root=Path("."),
        scheme=Scheme(organiser="Tests", start=start),
        participants={p.login: p for p in people},
        rounds={r.round: r for r in rounds},
    )


def held(month: str, *groups) -> Round:
    """A round; each group is a tuple of logins, optionally followed by an outcome."""
    made = []
    for group in groups:
        outcome = group[-1] if group[-1] in ("met", "not_met", "unreported") else None
        members = group[:-1] if outcome else group
        made.append(Group(members=tuple(members), outcome=outcome))
    return Round(round=month, seed="s", groups=tuple(made))


# --- each figure -------------------------------------------------------------------------------


def test_active_participants_are_those_in_the_next_draw():
    people = [
        person("a"),
        person("b"),
        person("c", paused=True),  # paused: out
        person("d", paused_until="2026-04"),  # back in April: out of March's draw
        person("e", paused_until="2026-03"),  # back in March: in
        person("f", joined="2026-03-20"),  # joined this month: in March's draw
        person("g", joined="2026-04-02"),  # joins next month: not yet
    ]
    counts = count(scheme(people), "2026-03")
    assert counts.next_round == "2026-03"
    assert counts.active_participants == 4  # a, b, e, f


def test_once_this_months_round_is_drawn_active_means_next_months_draw():
    people = [person("a"), person("b"), person("d", paused_until="2026-04")]
    drawn = held("2026-03", ("a", "b"))
    counts = count(scheme(people, [drawn]), "2026-03")
    assert counts.next_round == "2026-04"
    assert counts.active_participants == 3  # d is back for April


def test_next_round_waits_for_the_schemes_start():
    assert count(scheme(start="2026-06"), "2026-03").next_round == "2026-06"


def test_after_the_draw_days_an_undrawn_month_counts_people_for_next_months_draw():
    people = [person("a"), person("d", paused_until="2026-04")]
    assert count(scheme(people), "2026-03", dt.date(2026, 3, 7)).active_participants == 1
    late = count(scheme(people), "2026-03", dt.date(2026, 3, 8))
    assert late.next_round == "2026-04"
    assert late.active_participants == 2  # a, and d, who is back for April


def test_a_round_drawn_after_the_month_counted_is_ignored_for_the_next_round():
    rounds = [held("2026-03", ("a", "b")), held("2026-04", ("a", "b"))]
    assert count(scheme(rounds=rounds), "2026-03").next_round == "2026-04"


def test_today_must_be_in_the_month_counted():
    with pytest.raises(ValueError, match="not in the month"):
        count(scheme(), "2026-03", dt.date(2026, 4, 1))


def test_ever_taken_part_counts_distinct_people_in_any_round_including_leavers():
    rounds = [
        held("2026-01", ("a", "b"), ("c", "left")),
        held("2026-02", ("a", "c"), ("b", "d", "e")),
    ]
    counts = count(scheme([person(x) for x in "abcde"], rounds), "2026-02")
    assert counts.ever_taken_part == 6  # a, b, c, left, d, e


def test_organisations_counts_normalised_names_and_skips_placeholders():
    people = [
        person("a", "Ambridge Council"),
        person("b", "ambridge council."),
        person("c", "Felpersham Trust"),
        person("d", "Independent"),
        person("e", "freelance"),
        person("f", "Loamshire Fire & Rescue"),
        person("g", "loamshire fire & rescue."),
        person("h", "N/A"),
    ]
    assert count(scheme(people), "2026-03").organisations == 3


def test_rounds_held_and_conversations_ignore_rounds_after_the_month():
    rounds = [
        held("2026-01", ("a", "b"), ("c", "d", "e")),
        held("2026-02", ("a", "c"), ("b", "d")),
        held("2026-04", ("a", "d"), ("b", "c")),  # not yet held in March
    ]
    counts = count(scheme([person(x) for x in "abcde"], rounds), "2026-03")
    assert counts.rounds_held == 2
    assert counts.conversations == 4
    assert [(r.round, r.participants) for r in counts.per_round] == [
        ("2026-01", 5),
        ("2026-02", 4),
    ]


def test_share_across_organisations_leaves_out_groups_with_someone_who_left():
    people = [
        person("a", "Org A"),
        person("a2", "org a"),
        person("b", "Org B"),
        person("i", "Independent"),
        person("j", "None"),
    ]
    rounds = [
        held(
            "2026-01",
            ("a", "b"),  # across
            ("a2", "a"),  # same organisation, spelled differently
            ("i", "j"),  # two people with no organisation: across
            ("b", "gone"),  # someone left: not counted either way
            ("a", "b", "a2"),  # a trio with two from Org A: not across
        )
    ]
    counts = count(scheme(people, rounds), "2026-01")
    assert counts.groups_with_known_organisations == 4
    assert counts.groups_across_organisations == 2


def test_share_reported_as_happened_counts_only_reported_outcomes():
    rounds = [
        held("2026-01", ("a", "b", "met"), ("c", "d", "not_met"), ("e", "f")),
        held("2026-02", ("a", "c", "met"), ("b", "d", "met"), ("e", "f", "not_met")),
    ]
    counts = count(scheme([person(x) for x in "abcdef"], rounds), "2026-02")
    assert counts.conversations_reported == 5
    assert counts.conversations_met == 3


def test_share_reported_at_all_is_of_the_groups_of_rounds_that_are_over():
    rounds = [
        held("2026-01", ("a", "b", "met"), ("c", "d", "unreported"), ("e", "f")),
        held("2026-02", ("a", "c", "not_met"), ("b", "d", "met"), ("e", "f", "unreported")),
        held("2026-03", ("a", "d", "met"), ("b", "c")),  # in progress: left out
        held("2026-04", ("a", "e", "met")),  # after the month counted: ignored
    ]
    counts = count(scheme([person(x) for x in "abcdef"], rounds), "2026-03")
    # Over: January and February, 6 groups; met or not met: a+b, a+c, b+d.
    assert (counts.conversations_over, counts.conversations_over_reported) == (6, 3)
    # The share that met still counts every reported group, March's too: 3 met of 4.
    assert (counts.conversations_reported, counts.conversations_met) == (4, 3)


def test_before_a_second_round_no_round_is_over():
    rounds = [held("2026-01", ("a", "b", "met"), ("c", "d"))]
    counts = count(scheme([person(x) for x in "abcd"], rounds), "2026-01")
    assert (counts.conversations_over, counts.conversations_over_reported) == (0, 0)


def test_outcomes_are_counted_per_round():
    rounds = [
        held(
            "2026-01",
            ("a", "b", "met"),
            ("c", "d", "met"),
            ("e", "f", "not_met"),
            ("g", "h", "unreported"),
            ("i", "j", "k"),
        ),
        held("2026-02", ("a", "c"), ("b", "d")),
    ]
    counts = count(scheme([person(x) for x in "abcdefghijk"], rounds), "2026-02")
    assert [
        (r.round, r.met, r.not_met, r.unreported, r.not_yet_reported) for r in counts.per_round
    ] == [("2026-01", 2, 1, 1, 1), ("2026-02", 0, 0, 0, 2)]


def test_an_empty_scheme_counts_nothing():
    counts = count(scheme(), "2026-03")
    assert (counts.active_participants, counts.ever_taken_part, counts.organisations) == (0, 0, 0)
    assert (counts.rounds_held, counts.conversations, counts.per_round) == (0, 0, ())


# --- publishing --------------------------------------------------------------------------------


def _published(threshold=5, **changes):
    base = count(scheme(), "2026-03")
    from dataclasses import replace

    return publish(replace(base, **changes), threshold)


def test_counts_at_the_threshold_are_shown_and_below_it_are_not():
    shown = _published(active_participants=5)["active_participants"]
    hidden = _published(active_participants=4)["active_participants"]
    assert shown == {"value": 5, "suppressed": False, "text": "5"}
    assert hidden == {"value": None, "suppressed": True, "text": "fewer than 5"}


def test_a_true_zero_is_shown_and_every_count_from_1_to_below_the_threshold_is_not():
    """A 0 is about nobody, so it cannot single anyone out; 1 to threshold - 1 could."""
    assert _published(conversations=0)["conversations"] == {
        "value": 0,
        "suppressed": False,
        "text": "0",
    }
    for small in range(1, 5):
        assert _published(conversations=small)["conversations"]["suppressed"] is True
    assert _published(threshold=3, conversations=2)["conversations"]["value"] is None


def test_the_threshold_comes_from_the_scheme():
    published = _published(threshold=10, organisations=9)
    assert published["organisations"]["text"] == "fewer than 10"


def test_large_counts_use_thousands_separators():
    assert _published(ever_taken_part=12345)["ever_taken_part"]["text"] == "12,345"


def test_a_share_of_a_small_base_is_suppressed():
    published = _published(groups_with_known_organisations=4, groups_across_organisations=4)
    assert published["across_organisations"]["percent"] is None
    assert published["across_organisations"]["suppressed"] is True


def test_shares_are_rounded_to_whole_percent_half_up():
    published = _published(
        conversations_reported=8, conversations_met=5, groups_with_known_organisations=9
    )
    assert published["reported_met"]["percent"] == 63  # 62.5
    assert published["across_organisations"]["percent"] == 0
    assert _published(conversations_reported=9, conversations_met=7)["reported_met"]["text"] == (
        "78%"
    )


def _round(month: str, participants: int, met=0, not_met=0, unreported=0, not_yet_reported=0):
    return RoundCount(
        round=month,
        participants=participants,
        met=met,
        not_met=not_met,
        unreported=unreported,
        not_yet_reported=not_yet_reported,
    )


def test_per_round_counts_are_suppressed_one_by_one():
    published = _published(per_round=(_round("2026-01", 12), _round("2026-02", 3)))
    assert [item["participants"]["value"] for item in published["per_round"]] == [12, None]


def test_per_round_outcomes_are_suppressed_one_by_one_but_zeros_are_shown():
    published = _published(per_round=(_round("2026-01", 30, 9, 4, 5, 0),))
    outcomes = published["per_round"][0]["outcomes"]
    assert outcomes == {
        "met": {"value": 9, "suppressed": False, "text": "9"},
        "not_met": {"value": None, "suppressed": True, "text": "fewer than 5"},
        "unreported": {"value": 5, "suppressed": False, "text": "5"},
        "not_yet_reported": {"value": 0, "suppressed": False, "text": "0"},
    }


def test_a_share_of_nothing_says_none_yet_rather_than_hiding_it():
    reported = _published(conversations_over=0, conversations_over_reported=0)["reported"]
    assert reported == {
        "percent": None,
        "suppressed": False,
        "text": "none yet",
        "out_of": {"value": 0, "suppressed": False, "text": "0"},
    }


# --- joins and leaves per month ------------------------------------------------------------------


def test_joins_per_month_come_from_joined_dates_and_leaves_from_departures():
    people = [
        person("a", joined="2026-01-05"),
        person("b", joined="2026-01-20"),
        person("c", joined="2026-03-02"),
        person("d", joined="2026-04-01"),  # after the month counted
    ]
    departures = [
        Departure(left="2026-02", joined="2025-12"),  # their join counts too
        Departure(left="2026-03", joined=None),  # a file that did not say: a leave only
        Departure(left="2026-05", joined="2026-01"),  # left after the month: a join only
    ]
    counts = count(scheme(people), "2026-03", departures=departures)
    assert counts.leaves_known is True
    assert [(m.month, m.joins, m.leaves) for m in counts.per_month] == [
        ("2025-12", 1, 0),
        ("2026-01", 3, 0),
        ("2026-02", 0, 1),
        ("2026-03", 1, 1),
    ]


def test_without_departures_the_leaves_are_unknown_not_zero():
    counts = count(scheme([person("a", joined="2026-02-01")]), "2026-03")
    assert counts.leaves_known is False
    assert [(m.month, m.joins, m.leaves) for m in counts.per_month] == [
        ("2026-02", 1, None),
        ("2026-03", 0, None),
    ]
    published = publish(counts, 5)
    assert published["leaves_known"] is False
    assert [item["leaves"] for item in published["per_month"]] == [None, None]
    assert published["per_month"][0]["joins"]["suppressed"] is True
    assert published["per_month"][1]["joins"] == {"value": 0, "suppressed": False, "text": "0"}


def test_nobody_joined_means_no_months():
    assert count(scheme(), "2026-03", departures=[]).per_month == ()


# --- the first round -----------------------------------------------------------------------------


def test_before_any_round_the_first_round_is_the_next_one_and_after_it_the_first_held():
    waiting = publish(count(scheme(start="2026-06"), "2026-03"), 5)
    assert (waiting["first_round"], waiting["rounds_held"]["value"]) == ("2026-06", 0)
    rounds = [held("2026-02", ("a", "b")), held("2026-03", ("a", "b"))]
    going = publish(count(scheme([person("a"), person("b")], rounds), "2026-03"), 5)
    assert going["first_round"] == "2026-02"


def test_signed_up_counts_every_file_paused_or_not():
    people = [person("a"), person("b", paused=True), person("c", paused_until="2026-09")]
    counts = count(scheme(people), "2026-03")
    assert (counts.signed_up, counts.active_participants) == (3, 1)


def test_the_share_reported_at_all_is_suppressed_below_the_threshold_with_what_it_is_of():
    shown = _published(conversations_over=40, conversations_over_reported=19)["reported"]
    assert shown == {
        "percent": 48,  # 47.5, rounded half up
        "suppressed": False,
        "text": "48%",
        "out_of": {"value": 40, "suppressed": False, "text": "40"},
    }
    hidden = _published(conversations_over=4, conversations_over_reported=4)["reported"]
    assert hidden["percent"] is None and hidden["suppressed"] is True
    assert hidden["out_of"] == {"value": None, "suppressed": True, "text": "fewer than 5"}


def test_published_figures_carry_no_names_and_are_plain_json():
    people = [person(f"login{n}", f"Organisation {n}") for n in range(8)]
    rounds = [held("2026-01", *[(f"login{n}", f"login{n + 1}", "met") for n in range(0, 8, 2)])]
    published = publish(count(scheme(people, rounds), "2026-01"), 5)
    text = json.dumps(published)
    assert "login" not in text and "Organisation" not in text and "Name" not in text


def test_the_statistics_page_says_every_way_a_conversation_is_reported():
    """Issue 21, finding 16: a /rematch ends its member's first group as not met, and that
    counts as reported; the page's definitions name each command that records an outcome."""
    from unmentoring.core import rematch
    from unmentoring.core.comment_commands import COMMANDS, REMATCH
    from unmentoring.core.model import Outcome

    ended = Round(
        round="2026-03",
        seed="s",
        groups=(Group(members=("ada", "bob")), Group(members=("ada", "cy"), rematch=True)),
    )
    moved = rematch.with_rematches(
        Round(round="2026-03", seed="s", groups=ended.groups[:1]), ended.groups[1:]
    )
    assert moved.groups[0].outcome is Outcome.NOT_MET and moved.ended_by_rematch(moved.groups[0])
    later = held("2026-04", ("ada", "bob"))
    counted = count(scheme([person(x) for x in ("ada", "bob", "cy")], [moved, later]), "2026-04")
    assert counted.conversations_over_reported == 1 and counted.per_round[0].not_met == 1
    page = (Path(__file__).parent.parent / "site" / "content" / "statistics.md").read_text()
    recording = [c for c in COMMANDS if c.outcome is not None] + [REMATCH]
    for command in recording:
        for line in ("**Reported how it went**", "conversations went** counts"):
            definition = next(text for text in page.splitlines() if line in text)
            assert command.spellings[0] in definition, (line, command.name)


# --- planned dates (/when, issue 24) -------------------------------------------------------------


def planned(drawn: Round, *indexes: int) -> Round:
    """``drawn`` with a day planned for the groups at ``indexes``."""
    from dataclasses import replace

    day = dt.date.fromisoformat(f"{drawn.round}-12")
    groups = tuple(
        replace(group, planned=day) if i in indexes else group
        for i, group in enumerate(drawn.groups)
    )
    return replace(drawn, groups=groups)


def test_planned_dates_are_counted_in_rounds_that_are_over_with_who_met_on_each_side():
    rounds = [
        planned(held("2026-01", ("a", "b", "met"), ("c", "d", "not_met"), ("e", "f")), 0, 1),
        planned(held("2026-02", ("a", "c", "met"), ("b", "d", "met"), ("e", "f", "unreported")), 0),
        planned(held("2026-03", ("a", "d", "met"), ("b", "c")), 0, 1),  # in progress: left out
    ]
    counts = count(scheme([person(x) for x in "abcdef"], rounds), "2026-03")
    # Over: 6 groups, 3 planned (a+b met, c+d not met, a+c met); of the 3 unplanned, b+d met.
    assert counts.conversations_over == 6
    assert counts.conversations_over_planned == 3
    assert counts.conversations_over_planned_met == 2
    assert counts.conversations_over_unplanned_met == 1
    assert [r.planned for r in counts.per_round] == [2, 1, 2]


def test_planned_shares_are_hidden_below_the_threshold_of_their_own_base():
    figures = _published(
        conversations_over=12,
        conversations_over_planned=4,
        conversations_over_planned_met=3,
        conversations_over_unplanned_met=5,
    )
    assert figures["planned"]["percent"] == 33  # 4 of 12
    assert figures["planned_met"]["suppressed"] is True  # of 4: too few to show
    assert figures["planned_met"]["out_of"]["text"] == "fewer than 5"
    assert figures["unplanned_met"]["percent"] == 63  # 5 of 8, rounded half up
    assert figures["unplanned_met"]["out_of"]["value"] == 8


def test_no_round_over_means_no_planned_share_yet():
    figures = _published()
    for key in ("planned", "planned_met", "unplanned_met"):
        assert figures[key]["percent"] is None and figures[key]["text"] == "none yet"


def test_a_rounds_planned_count_is_suppressed_like_its_outcomes():
    from unmentoring.core.stats import RoundCount as Counted

    one = Counted(
        round="2026-01",
        participants=10,
        met=5,
        not_met=0,
        unreported=0,
        not_yet_reported=0,
        planned=2,
    )
    figures = _published(per_round=(one,))
    assert figures["per_round"][0]["planned"] == {
        "value": None,
        "suppressed": True,
        "text": "fewer than 5",
    }
