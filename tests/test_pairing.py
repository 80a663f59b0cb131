"""The pairing engine: optimal by the rules, random where it should be, and reproducible.

Optimality is checked against an independent reference: networkx's exact weighted matcher on the
same people with weights built here from the rules (not from the engine's own costs), or, for a
round with a group of three, against every possible arrangement for small rounds.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import math
import random

import networkx as nx
import pytest

from unmentoring.core import pairing
from unmentoring.core.draw import trio as trio_placement
from unmentoring.core.meeting import OUTSIDE_UK, Meet, can_meet
from unmentoring.core.model import Group, Participant, Round
from unmentoring.core.organisations import organisation_key
from unmentoring.core.pairing import History, draw

MONTH = "2030-01"


def person(login: str, organisation: str = "none", joined: str = "2020-01-01") -> Participant:
    return Participant(
        github=login, name=login, organisation=organisation, joined=dt.date.fromisoformat(joined)
    )


# How people would like to meet, for the instances with a mix: areas few enough that some
# people who want to meet only in person share one, and "Outside the UK" (no one place).
WAYS = [Meet.EITHER, Meet.EITHER, Meet.VIDEO, Meet.IN_PERSON, Meet.IN_PERSON]
AREAS = [None, "London", "London", "Wales", OUTSIDE_UK]


def with_ways(rng: random.Random, people: list[Participant]) -> list[Participant]:
    """The same people, each with a random way to meet and area."""
    return [dataclasses.replace(p, meet=rng.choice(WAYS), area=rng.choice(AREAS)) for p in people]


def random_instance(rng: random.Random, n: int, rounds: int, organisations: int, turnout: float):
    """People with organisations of uneven size and ``rounds`` random past rounds."""
    sizes = [1 / (k + 1) for k in range(max(1, organisations))]
    people = [
        person(
            f"p{i}",
            f"Org {rng.choices(range(len(sizes)), sizes)[0]}" if organisations else "n/a",
        )
        for i in range(n)
    ]
    past = []
    for r in range(rounds):
        present = [p.login for p in people if rng.random() < turnout]
        rng.shuffle(present)
        groups = [Group(members=tuple(present[i : i + 2])) for i in range(0, len(present) - 1, 2)]
        if groups:
            month = f"{2021 + r // 12}-{r % 12 + 1:02d}"
            past.append(Round(round=month, seed="s", groups=tuple(groups)))
    return people, past


def score(groups, people, history: History) -> tuple[int, int, int, int]:
    """(repeats, recency of the repeats, pairs who cannot meet as they want, colleague pairs):
    the rules' order, lower is better.

    Recency adds, for each repeat, one more for each later round the pair last met in.
    """
    organisation = {p.login: organisation_key(p.organisation) for p in people}
    way = {p.login: (p.meet, p.area) for p in people}
    rank = {month: i for i, month in enumerate(history.months)}
    repeats = recency = cannot = colleagues = 0
    for group in groups:
        for first, second in itertools.combinations(group.members, 2):
            met = history.last_met.get(frozenset((first, second)))
            if met is not None:
                repeats += 1
                recency += rank[met] + 1
            if not can_meet(way[first], way[second]):
                cannot += 1
            key = organisation[first]
            if key is not None and key == organisation[second]:
                colleagues += 1
    return repeats, recency, cannot, colleagues


def reference_optimum(
    people, history: History, trio_seat: bool = False
) -> tuple[int, int, int, int]:
    """The best score of any perfect matching, by networkx with lexicographic weights."""
    organisation = {p.login: organisation_key(p.organisation) for p in people}
    way = {p.login: (p.meet, p.area) for p in people}
    rank = {month: i for i, month in enumerate(history.months)}
    n = len(people)
    colleague = 1
    cannot = n + 1  # more than all colleague pairs together
    recent = (n + 1) * cannot  # more than all pairs who cannot meet, and colleagues, together
    repeat = (n * (len(rank) + 1) + 1) * recent  # more than all recency together
    graph = nx.Graph()
    logins = [p.login for p in people]
    for first, second in itertools.combinations(logins, 2):
        cost = 0
        met = history.last_met.get(frozenset((first, second)))
        if met is not None:
            cost += repeat + (rank[met] + 1) * recent
        if not can_meet(way[first], way[second]):
            cost += cannot
        if organisation[first] is not None and organisation[first] == organisation[second]:
            cost += colleague
        graph.add_edge(first, second, weight=-cost)
    if trio_seat:
        for login in logins:
            graph.add_edge("seat", login, weight=0)
    matching = nx.max_weight_matching(graph, maxcardinality=True)
    pairs = [Group(members=tuple(pair)) for pair in matching if "seat" not in pair]
    return score(pairs, people, history)


def brute_force_optimum(people, history: History) -> tuple[int, int, int, int]:
    """The best score over every arrangement into pairs and (for an odd count) one trio."""
    best = None

    def arrange(rest, groups, trio_left):
        nonlocal best
        if not rest:
            found = score(groups, people, history)
            best = found if best is None or found < best else best
            return
        first, others = rest[0], rest[1:]
        for i, second in enumerate(others):
            arrange(
                others[:i] + others[i + 1 :], [*groups, Group(members=(first, second))], trio_left
            )
        if trio_left:
            for i, j in itertools.combinations(range(len(others)), 2):
                rest_ = [o for k, o in enumerate(others) if k not in (i, j)]
                trio = Group(members=(first, others[i], others[j]))
                arrange(rest_, [*groups, trio], False)

    arrange([p.login for p in people], [], len(people) % 2 == 1)
    return best


def check_partition(drawn: Round, people) -> None:
    members = drawn.members
    assert sorted(members) == sorted(p.login for p in people)
    sizes = sorted(len(g.members) for g in drawn.groups)
    if len(people) % 2:
        assert sizes == [2] * (len(people) // 2 - 1) + [3]
    else:
        assert sizes == [2] * (len(people) // 2)


# --- optimal -----------------------------------------------------------------------------------

EVEN_CASES = [(seed, n) for seed, n in enumerate([2, 4, 6, 8, 10, 12, 16, 20, 24, 30, 40, 50])]
EVEN_CASES += [(100, 80), (101, 120), (102, 200)]


@pytest.mark.parametrize(("seed", "n"), EVEN_CASES)
def test_even_rounds_are_as_good_as_the_exact_optimum(seed, n):
    """Repeats, their recency and colleague pairs equal networkx's optimum, on both solvers."""
    rng = random.Random(seed)
    rounds = rng.choice([0, n // 4, n // 2, n, 2 * n]) if n <= 50 else rng.choice([5, 20])
    people, past = random_instance(rng, n, rounds, rng.choice([0, 1, 2, 5, n // 3]), 0.9)
    history = History.of(past, MONTH)
    want = reference_optimum(people, history)
    for dense_limit in (0, 10_000):  # candidate pairs with a certificate; every pair
        drawn = draw(MONTH, people, history, f"seed-{seed}", dense_limit=dense_limit)
        check_partition(drawn, people)
        assert score(drawn.groups, people, history) == want


@pytest.mark.parametrize("seed", range(40))
def test_odd_rounds_are_as_good_as_every_possible_arrangement(seed):
    """With a group of three, the best of all arrangements (small rounds, often forced)."""
    rng = random.Random(1000 + seed)
    n = rng.choice([3, 5, 7, 9, 11])
    people, past = random_instance(rng, n, rng.randrange(0, 2 * n), rng.randrange(0, 4), 0.9)
    history = History.of(past, MONTH)
    drawn = draw(MONTH, people, history, f"seed-{seed}")
    check_partition(drawn, people)
    assert score(drawn.groups, people, history) == brute_force_optimum(people, history)


@pytest.mark.parametrize(("seed", "n"), [(1, 41), (2, 81), (3, 151), (4, 199)])
def test_large_odd_rounds_reach_the_lower_bound_when_history_is_sparse(seed, n):
    """No round with a trio beats the best matching of everyone plus a trio seat; we reach it."""
    rng = random.Random(seed)
    # Many small organisations, so that no organisation forces a colleague into the trio.
    people, past = random_instance(rng, n, 6, n // 3, 0.9)
    history = History.of(past, MONTH)
    drawn = draw(MONTH, people, history, f"seed-{seed}")
    check_partition(drawn, people)
    assert score(drawn.groups, people, history) == reference_optimum(people, history, True)


# --- random where it should be -------------------------------------------------------------


def chi_square_critical(df: int, z: float = 3.09) -> float:
    """Wilson-Hilferty: the chi-square value exceeded with probability ~0.001 (z = 3.09)."""
    return df * (1 - 2 / (9 * df) + z * math.sqrt(2 / (9 * df))) ** 3


def test_every_pair_is_equally_likely_without_history_or_organisations():
    people = [person(f"p{i:02d}") for i in range(20)]
    counts = dict.fromkeys(itertools.combinations(sorted(p.login for p in people), 2), 0)
    seeds = 2000
    for seed in range(seeds):
        drawn = draw(MONTH, people, [], f"uniformity-{seed}")
        for group in drawn.groups:
            counts[tuple(sorted(group.members))] += 1
    expected = seeds * 10 / len(counts)
    statistic = sum((c - expected) ** 2 / expected for c in counts.values())
    assert statistic < chi_square_critical(len(counts) - 1)
    # And not suspiciously even either (a fixed rotation would be).
    assert statistic > chi_square_critical(len(counts) - 1, z=-3.09)


def test_the_group_of_three_is_random_among_newcomers_to_trios():
    people = [person(f"p{i}") for i in range(7)]
    in_trio = dict.fromkeys((p.login for p in people), 0)
    for seed in range(700):
        drawn = draw(MONTH, people, [], f"trio-{seed}")
        (trio,) = [g for g in drawn.groups if len(g.members) == 3]
        for login in trio.members:
            in_trio[login] += 1
    # Each person is in the trio 3/7 of the time; allow a generous 4 standard deviations.
    mean, spread = 300, math.sqrt(700 * 3 / 7 * 4 / 7)
    assert all(abs(count - mean) < 4 * spread for count in in_trio.values()), in_trio


# --- reproducible --------------------------------------------------------------------------


def test_same_inputs_and_seed_give_the_same_round_and_other_seeds_differ():
    rng = random.Random(5)
    people, past = random_instance(rng, 60, 10, 6, 0.9)
    first = draw(MONTH, people, past, "fixed")
    again = draw(MONTH, list(reversed(people)), list(reversed(past)), "fixed")
    assert first == again
    assert first.seed == "fixed"
    others = {draw(MONTH, people, past, f"other-{k}").groups for k in range(5)}
    assert first.groups not in others and len(others) == 5


# --- edge cases ------------------------------------------------------------------------------


def test_everyone_in_one_organisation_still_pairs_everyone():
    people = [person(f"p{i}", "Borsetshire County Council") for i in range(9)]
    drawn = draw(MONTH, people, [], "one-org")
    check_partition(drawn, people)


def test_colleagues_are_kept_apart_whenever_possible():
    people = [person(f"a{i}", "Big Council") for i in range(6)]
    people += [person(f"b{i}", f"Small {i}") for i in range(4)]
    drawn = draw(MONTH, people, [], "org")
    quality = pairing.assess(drawn, people, History.of([], MONTH))
    assert quality.same_organisation == 1  # six colleagues, four others: one pair is forced


def test_placeholder_organisations_are_not_colleagues():
    people = [person("a", "Independent"), person("b", "independent"), person("c", "N/A")]
    people += [person("d", "Freelance")]
    drawn = draw(MONTH, people, [], "placeholders")
    assert pairing.assess(drawn, people, History.of([], MONTH)).same_organisation == 0


def test_everyone_has_met_everyone_then_the_oldest_meetings_repeat():
    people = [person(f"p{i}") for i in range(4)]
    # p0-p1 and p2-p3 met long ago; the other pairings more recently.
    past = [
        Round(
            round="2029-01",
            seed="s",
            groups=(Group(members=("p0", "p1")), Group(members=("p2", "p3"))),
        ),
        Round(
            round="2029-02",
            seed="s",
            groups=(Group(members=("p0", "p2")), Group(members=("p1", "p3"))),
        ),
        Round(
            round="2029-03",
            seed="s",
            groups=(Group(members=("p0", "p3")), Group(members=("p1", "p2"))),
        ),
    ]
    drawn = draw(MONTH, people, past, "all-met")
    assert sorted(g.members for g in drawn.groups) == [("p0", "p1"), ("p2", "p3")]


def test_rounds_after_the_one_drawn_do_not_count_as_history():
    people = [person(f"p{i}") for i in range(4)]
    later = Round(
        round="2031-01", seed="s", groups=(Group(members=("p0", "p1")), Group(members=("p2", "p3")))
    )
    earlier = Round(
        round="2029-01", seed="s", groups=(Group(members=("p0", "p2")), Group(members=("p1", "p3")))
    )
    history = History.of([later, earlier], MONTH)
    assert history.months == ("2029-01",)
    for k in range(20):
        drawn = draw(MONTH, people, [later, earlier], f"order-{k}")
        assert pairing.assess(drawn, people, history).repeats == 0


def test_people_who_left_still_shape_history_but_are_not_drawn():
    people = [person(f"p{i}") for i in range(3)]
    past = [
        Round(
            round="2029-01",
            seed="s",
            groups=(Group(members=("p0", "gone")), Group(members=("p1", "p2"))),
        )
    ]
    drawn = draw(MONTH, people, past, "left")
    assert "gone" not in drawn.members
    check_partition(drawn, people)


@pytest.mark.parametrize("n", [2, 3, 4, 5])
def test_tiny_rounds(n):
    people = [person(f"p{i}") for i in range(n)]
    drawn = draw(MONTH, people, [], f"tiny-{n}")
    check_partition(drawn, people)


def test_fewer_than_two_people_is_refused():
    with pytest.raises(ValueError, match="at least two"):
        draw(MONTH, [person("alone")], [], "x")


def trio_rounds(*members: str) -> list[Round]:
    """Past rounds, one a month, each a trio of one of ``members`` with two people who left."""
    return [
        Round(
            round=f"2029-{k + 1:02d}",
            seed="s",
            groups=(Group(members=(login, f"gone{k}a", f"gone{k}b")),),
        )
        for k, login in enumerate(members)
    ]


def test_the_trio_goes_to_people_who_have_not_been_in_one():
    people = [person(f"p{i}") for i in range(5)]
    for k in range(20):
        drawn = draw(MONTH, people, trio_rounds("p0"), f"rotate-{k}")
        (trio,) = [g for g in drawn.groups if len(g.members) == 3]
        assert "p0" not in trio.members


def test_the_trio_goes_to_those_longest_ago_in_one():
    people = [person(f"p{i}") for i in range(5)]
    # Everyone has been in a trio: p0 longest ago, p4 last month.
    past = trio_rounds("p0", "p1", "p2", "p3", "p4")
    for k in range(20):
        drawn = draw(MONTH, people, past, f"longest-{k}")
        (trio,) = [g for g in drawn.groups if len(g.members) == 3]
        assert trio.members == ("p0", "p1", "p2")


def test_avoiding_a_repeat_comes_before_the_trio_rotation():
    people = [person(f"p{i}") for i in range(5)]
    # p1 and p2 were last in a trio and met there, so the fresh p0, p3 and p4 cannot form the
    # trio without leaving p1 and p2 to meet again: one of them joins the trio instead.
    past = [Round(round="2029-01", seed="s", groups=(Group(members=("p1", "p2", "gone")),))]
    for k in range(20):
        drawn = draw(MONTH, people, past, f"first-{k}")
        (trio,) = [g for g in drawn.groups if len(g.members) == 3]
        assert len({"p1", "p2"} & set(trio.members)) == 1
        assert pairing.assess(drawn, people, History.of(past, MONTH)).repeats == 0


# --- one organisation with half the people or more ------------------------------------------


def dominant_instance(rng: random.Random, n: int, share: float, rounds: int):
    """About ``share`` of the people in one organisation, the rest in a few small ones or none,
    and ``rounds`` random past rounds of pairs."""
    people = [
        person(
            f"p{i}",
            "Big Council" if rng.random() < share else rng.choice(["Small A", "Small B", "n/a"]),
        )
        for i in range(n)
    ]
    past = []
    for r in range(rounds):
        present = [p.login for p in people if rng.random() < 0.9]
        rng.shuffle(present)
        groups = [Group(members=tuple(present[i : i + 2])) for i in range(0, len(present) - 1, 2)]
        if groups:
            past.append(Round(round=f"2029-{r + 1:02d}", seed="s", groups=tuple(groups)))
    return people, past


DOMINANT_EVEN = [
    (seed, n, share, rounds)
    for seed, (n, share, rounds) in enumerate(
        [
            (2, 1.0, 0),
            (4, 1.0, 2),
            (10, 0.6, 0),
            (10, 1.0, 5),
            (16, 0.7, 8),
            (20, 0.5, 0),
            (20, 0.8, 19),
            (30, 1.0, 12),
            (40, 0.6, 3),
            (60, 0.55, 10),
            (60, 1.0, 3),
            (100, 0.6, 6),
            (120, 0.9, 12),
        ]
    )
]


@pytest.mark.parametrize(("seed", "n", "share", "rounds"), DOMINANT_EVEN)
def test_a_dominant_organisation_still_gives_the_exact_optimum(seed, n, share, rounds):
    """Against networkx, with and without history, including history heavy enough to force
    repeats (then the engine falls back to its weighted matcher)."""
    rng = random.Random(500 + seed)
    people, past = dominant_instance(rng, n, share, rounds)
    history = History.of(past, MONTH)
    want = reference_optimum(people, history)
    for dense_limit in (0, 10_000):
        drawn = draw(MONTH, people, history, f"dominant-{seed}", dense_limit=dense_limit)
        check_partition(drawn, people)
        assert score(drawn.groups, people, history) == want


@pytest.mark.parametrize("seed", range(30))
def test_a_dominant_organisation_in_odd_rounds_is_as_good_as_every_arrangement(seed):
    rng = random.Random(2000 + seed)
    n = rng.choice([3, 5, 7, 9, 11])
    people, past = dominant_instance(rng, n, rng.choice([0.5, 0.7, 1.0]), rng.randrange(0, n))
    history = History.of(past, MONTH)
    drawn = draw(MONTH, people, history, f"odd-dominant-{seed}")
    check_partition(drawn, people)
    assert score(drawn.groups, people, history) == brute_force_optimum(people, history)


def colleagues_forced_with_a_trio(inside: int, outside: int) -> int:
    """A lower bound on colleague pairs in any arrangement with one trio: with k of the
    organisation's people in the trio, it holds k(k-1)/2 pairs of them, and as each pair holds at
    most one outsider, the pairs hold at least half the surplus of the rest over the outsiders."""
    return min(
        math.comb(k, 2) + max(0, (inside - k) - (outside - (3 - k))) // 2
        for k in range(4)
        if k <= inside and 3 - k <= outside
    )


@pytest.mark.parametrize(
    ("seed", "n", "share"), [(1, 41, 0.6), (2, 81, 1.0), (3, 151, 0.7), (4, 199, 0.55)]
)
def test_a_dominant_organisation_in_large_odd_rounds_adds_the_fewest_colleagues(seed, n, share):
    """With light history, no repeat and exactly the colleague pairs that counting forces."""
    rng = random.Random(seed)
    people, past = dominant_instance(rng, n, share, 4)
    history = History.of(past, MONTH)
    drawn = draw(MONTH, people, history, f"large-odd-{seed}")
    check_partition(drawn, people)
    inside = sum(p.organisation == "Big Council" for p in people)
    forced = colleagues_forced_with_a_trio(inside, n - inside)
    assert forced > 0
    assert score(drawn.groups, people, history) == (0, 0, 0, forced)


def test_a_large_dominant_organisation_reaches_the_counting_bound_quickly():
    """Each pair holds at most one person from outside the big organisation, so at least
    (inside - outside) / 2 pairs are colleagues; with light history the round has exactly that."""
    rng = random.Random(9)
    people, past = dominant_instance(rng, 3000, 0.65, 3)
    history = History.of(past, MONTH)
    drawn = draw(MONTH, people, history, "big")
    check_partition(drawn, people)
    inside = sum(p.organisation == "Big Council" for p in people)
    quality = pairing.assess(drawn, people, history)
    assert (quality.repeats, quality.same_organisation) == (0, (inside - (3000 - inside)) // 2)


def test_a_single_organisation_gives_the_trio_to_people_never_in_one():
    people = [person(f"p{i}", "Borsetshire County Council") for i in range(31)]
    past = trio_rounds(*(f"p{i}" for i in range(12)))
    history = History.of(past, MONTH)
    for k in range(5):
        drawn = draw(MONTH, people, past, f"council-trio-{k}")
        check_partition(drawn, people)
        (trio,) = [g for g in drawn.groups if len(g.members) == 3]
        assert not set(trio.members) & {f"p{i}" for i in range(12)}
        assert pairing.assess(drawn, people, history).same_organisation == 15 + 2


def test_the_trio_rotation_is_exact_in_small_rounds_even_when_the_third_joins_for_free():
    """Here the seat's partner could join a pair for free, but only with someone who was in the
    last trio; the best round has a trio of three newcomers to trios, e.g. p0, p2 and p4."""
    orgs = ["B", "n/a", "Big", "n/a", "n/a", "A", "n/a", "A", "B"]
    people = [person(f"p{i}", org) for i, org in enumerate(orgs)]
    past = [
        Round(
            round="2029-01",
            seed="s",
            groups=tuple(
                Group(members=g)
                for g in [("p2", "p7"), ("p4", "p5"), ("p0", "p8"), ("p1", "p3", "p6")]
            ),
        )
    ]
    history = History.of(past, MONTH)
    for k in [*range(10), 64]:
        drawn = draw(MONTH, people, past, f"g{k}")
        (trio,) = [g for g in drawn.groups if len(g.members) == 3]
        assert not set(trio.members) & {"p1", "p3", "p6"}
        assert score(drawn.groups, people, history) == (0, 0, 0, 0)


def trio_rotation(trio, history: History) -> int:
    """The trio's members' last trios, as ranks counted from 1 (0 for never): lower is better."""
    rank = {month: i + 1 for i, month in enumerate(history.months)}
    return sum(rank.get(history.last_trio.get(login), 0) for login in trio)


def best_with_trio_rotation(people, history: History) -> tuple[int, int, int, int, int]:
    """The best (score, trio rotation) of every arrangement of an odd count, by brute force:
    each possible trio, with the best pairs of the rest."""
    best = None
    for trio in itertools.combinations([p.login for p in people], 3):
        others = [p for p in people if p.login not in trio]
        in_trio = score([Group(members=trio)], people, history)
        paired = brute_force_optimum(others, history) if others else (0, 0, 0, 0)
        total = tuple(a + b for a, b in zip(in_trio, paired, strict=True))
        candidate = (*total, trio_rotation(trio, history))
        best = candidate if best is None or candidate < best else best
    return best


@pytest.mark.parametrize("seed", range(25))
def test_odd_rounds_with_past_trios_rotate_the_trio_exactly(seed):
    rng = random.Random(3000 + seed)
    n = rng.choice([5, 7, 9])
    people, _ = dominant_instance(rng, n, rng.choice([0.0, 0.5, 0.7, 1.0]), 0)
    logins = [p.login for p in people]
    past = []
    for r in range(rng.randrange(1, 8)):
        present = [login for login in logins if rng.random() < 0.8]
        rng.shuffle(present)
        groups = [tuple(present[i : i + 2]) for i in range(0, len(present) - 1, 2)]
        if len(present) % 2 and groups:
            groups[-1] = (*groups[-1], present[-1])
        if groups:
            past.append(
                Round(
                    round=f"2029-{r + 1:02d}",
                    seed="s",
                    groups=tuple(Group(members=g) for g in groups),
                )
            )
    history = History.of(past, MONTH)
    drawn = draw(MONTH, people, history, f"rotation-{seed}")
    check_partition(drawn, people)
    (trio,) = [g.members for g in drawn.groups if len(g.members) == 3]
    got = (*score(drawn.groups, people, history), trio_rotation(trio, history))
    assert got == best_with_trio_rotation(people, history)


# --- the trio rotation on the fast path --------------------------------------------------------


def odd_instance_with_trios(rng: random.Random, n: int):
    """``n`` people (odd) in a few organisations, with past rounds of pairs and trios."""
    people, _ = dominant_instance(rng, n, rng.choice([0.0, 0.0, 0.3, 0.5]), 0)
    logins = [p.login for p in people]
    past = []
    for r in range(rng.randrange(0, n)):
        present = [login for login in logins if rng.random() < 0.8]
        rng.shuffle(present)
        groups = [tuple(present[i : i + 2]) for i in range(0, len(present) - 1, 2)]
        if len(present) % 2 and groups:
            groups[-1] = (*groups[-1], present[-1])
        if groups:
            month = f"{2021 + r // 12}-{r % 12 + 1:02d}"
            past.append(
                Round(round=month, seed="s", groups=tuple(Group(members=g) for g in groups))
            )
    return people, past


@pytest.mark.parametrize("seed", range(40))
def test_odd_rounds_are_best_on_every_tier_including_the_trio_rotation(seed):
    """Against every arrangement: repeats, recency, colleagues, then the trio's rotation."""
    rng = random.Random(4000 + seed)
    people, past = odd_instance_with_trios(rng, rng.choice([3, 5, 7, 9, 11]))
    history = History.of(past, MONTH)
    drawn = draw(MONTH, people, history, f"tiers-{seed}")
    check_partition(drawn, people)
    (trio,) = [g.members for g in drawn.groups if len(g.members) == 3]
    got = (*score(drawn.groups, people, history), trio_rotation(trio, history))
    assert got == best_with_trio_rotation(people, history)


@pytest.mark.parametrize("seed", range(40))
def test_the_fast_trio_path_is_exact_on_rotation_when_a_free_round_exists(seed, monkeypatch):
    """The path that large rounds take, forced on small ones: whenever some arrangement has no
    repeat and no colleagues, the draw has none either and the best trio rotation among them."""
    monkeypatch.setattr(trio_placement, "TRIO_EXACT_LIMIT", 0)
    rng = random.Random(5000 + seed)
    people, past = odd_instance_with_trios(rng, rng.choice([5, 7, 9, 11]))
    history = History.of(past, MONTH)
    best = best_with_trio_rotation(people, history)
    drawn = draw(MONTH, people, history, f"fast-{seed}")
    check_partition(drawn, people)
    (trio,) = [g.members for g in drawn.groups if len(g.members) == 3]
    got = (*score(drawn.groups, people, history), trio_rotation(trio, history))
    if best[:4] == (0, 0, 0, 0):
        assert got == best
    else:
        assert got[:4] >= best[:4]  # the fallbacks are not claimed exact here


def free_pair(history: History, organisation: dict[str, str | None], first: str, second: str):
    key = organisation[first]
    return frozenset((first, second)) not in history.last_met and (
        key is None or key != organisation[second]
    )


def free_way(people, first: str, second: str) -> bool:
    way = {p.login: (p.meet, p.area) for p in people}
    return can_meet(way[first], way[second])


def best_free_trio_rotation(people, history: History) -> int | None:
    """The least trio rotation of any arrangement with no repeat and no colleagues (None when
    there is none): trios of free pairs by rotation, the first whose complement networkx can
    pair over free pairs."""
    organisation = {p.login: organisation_key(p.organisation) for p in people}
    logins = [p.login for p in people]
    graph = nx.Graph()
    graph.add_nodes_from(logins)
    graph.add_edges_from(
        pair
        for pair in itertools.combinations(logins, 2)
        if free_pair(history, organisation, *pair) and free_way(people, *pair)
    )
    trios = sorted(
        (trio_rotation(t, history), t)
        for t in itertools.combinations(logins, 3)
        if all(graph.has_edge(a, b) for a, b in itertools.combinations(t, 2))
    )
    for rotation, t in trios:
        rest = graph.subgraph([login for login in logins if login not in t])
        if 2 * len(nx.max_weight_matching(rest, maxcardinality=True)) == len(logins) - 3:
            return rotation
    return None


@pytest.mark.parametrize("seed", [18, 21])
def test_a_stable_scheme_of_51_gives_the_trio_to_those_never_in_one(seed):
    """The reported failure: 51 people, 42 of them in trios before, then six monthly rounds each
    drawn on the last. Whenever a round with no repeat and no colleagues exists, the draw has
    one, and its trio's rotation is the least among them (the old fast path, seeds 18 and 21,
    put someone in a trio again in the third round while a trio of newcomers was free)."""
    rng = random.Random(seed)
    people = [
        person(f"p{i:02d}", rng.choice(["A", "A", "B", "B", "C", "D", "n/a"])) for i in range(51)
    ]
    logins = [p.login for p in people]
    rng.shuffle(logins)
    rounds = [
        Round(
            round=f"2022-{k + 1:02d}",
            seed="s",
            groups=(Group(members=tuple(logins[9 + 3 * k : 12 + 3 * k])),),
        )
        for k in range(14)
    ]
    checked = 0
    for r in range(6):
        month = f"2024-{r + 1:02d}"
        history = History.of(rounds, month)
        drawn = draw(month, people, rounds, f"stable-{seed}-{month}")
        check_partition(drawn, people)
        best = best_free_trio_rotation(people, history)
        if best is not None:
            (trio,) = [g.members for g in drawn.groups if len(g.members) == 3]
            assert score(drawn.groups, people, history) == (0, 0, 0, 0)
            assert trio_rotation(trio, history) == best
            checked += 1
        rounds.append(drawn)
    assert checked >= 3


# --- how people would like to meet ---------------------------------------------------------------
# The same references, on people with a mix of video only, in person only and either, in a few
# areas: a pair who cannot meet as they want comes after repeats and before colleagues.


@pytest.mark.parametrize(("seed", "n"), EVEN_CASES)
def test_even_rounds_with_ways_to_meet_are_as_good_as_the_exact_optimum(seed, n):
    rng = random.Random(7000 + seed)
    rounds = rng.choice([0, n // 4, n // 2, n, 2 * n]) if n <= 50 else rng.choice([5, 20])
    people, past = random_instance(rng, n, rounds, rng.choice([0, 1, 2, 5, n // 3]), 0.9)
    people = with_ways(rng, people)
    history = History.of(past, MONTH)
    want = reference_optimum(people, history)
    for dense_limit in (0, 10_000):
        drawn = draw(MONTH, people, history, f"ways-{seed}", dense_limit=dense_limit)
        check_partition(drawn, people)
        assert score(drawn.groups, people, history) == want
        quality = pairing.assess(drawn, people, history)
        assert quality.cannot_meet == want[2]


@pytest.mark.parametrize("seed", range(40))
def test_odd_rounds_with_ways_to_meet_are_as_good_as_every_arrangement(seed):
    rng = random.Random(8000 + seed)
    n = rng.choice([3, 5, 7, 9, 11])
    people, past = random_instance(rng, n, rng.randrange(0, 2 * n), rng.randrange(0, 4), 0.9)
    people = with_ways(rng, people)
    history = History.of(past, MONTH)
    drawn = draw(MONTH, people, history, f"odd-ways-{seed}")
    check_partition(drawn, people)
    assert score(drawn.groups, people, history) == brute_force_optimum(people, history)


@pytest.mark.parametrize(("seed", "n", "share", "rounds"), DOMINANT_EVEN)
def test_a_dominant_organisation_with_ways_to_meet_gives_the_exact_optimum(seed, n, share, rounds):
    """The counting shortcut must not claim a round optimal when it would force a pair who
    cannot meet: against networkx."""
    rng = random.Random(9000 + seed)
    people, past = dominant_instance(rng, n, share, rounds)
    people = with_ways(rng, people)
    history = History.of(past, MONTH)
    want = reference_optimum(people, history)
    for dense_limit in (0, 10_000):
        drawn = draw(MONTH, people, history, f"dominant-ways-{seed}", dense_limit=dense_limit)
        check_partition(drawn, people)
        assert score(drawn.groups, people, history) == want


def test_the_counting_shortcut_gives_way_to_a_pair_who_cannot_meet():
    """Four colleagues and two outsiders who want to meet only by video. Two colleagues want to
    meet only in person, one in London and one in Wales; the other two are in those areas. The
    counting shortcut pairs the outsiders with the two who can meet by video (one pair of
    colleagues, as counting allows), leaving London with Wales in person; the best round pays a
    second pair of colleagues so that everyone can meet."""
    people = [
        dataclasses.replace(person("a", "Big"), meet=Meet.IN_PERSON, area="London"),
        dataclasses.replace(person("b", "Big"), meet=Meet.IN_PERSON, area="Wales"),
        dataclasses.replace(person("c", "Big"), area="London"),
        dataclasses.replace(person("d", "Big"), area="Wales"),
        dataclasses.replace(person("e", "Small"), meet=Meet.VIDEO),
        dataclasses.replace(person("f", "Other"), meet=Meet.VIDEO),
    ]
    history = History.of([], MONTH)
    for k in range(10):
        drawn = draw(MONTH, people, history, f"shortcut-{k}")
        assert score(drawn.groups, people, history) == (0, 0, 0, 2)
        assert score(drawn.groups, people, history) == brute_force_optimum(people, history)


@pytest.mark.parametrize("seed", range(30))
def test_a_dominant_organisation_with_ways_to_meet_in_odd_rounds_is_the_best(seed):
    rng = random.Random(9500 + seed)
    n = rng.choice([3, 5, 7, 9, 11])
    people, past = dominant_instance(rng, n, rng.choice([0.5, 0.7, 1.0]), rng.randrange(0, n))
    people = with_ways(rng, people)
    history = History.of(past, MONTH)
    drawn = draw(MONTH, people, history, f"odd-dominant-ways-{seed}")
    check_partition(drawn, people)
    assert score(drawn.groups, people, history) == brute_force_optimum(people, history)


@pytest.mark.parametrize("seed", range(40))
def test_odd_rounds_with_ways_to_meet_are_best_on_every_tier(seed):
    """Repeats, recency, pairs who cannot meet, colleagues, then the trio's rotation."""
    rng = random.Random(10_000 + seed)
    people, past = odd_instance_with_trios(rng, rng.choice([3, 5, 7, 9, 11]))
    people = with_ways(rng, people)
    history = History.of(past, MONTH)
    drawn = draw(MONTH, people, history, f"tiers-ways-{seed}")
    check_partition(drawn, people)
    (trio,) = [g.members for g in drawn.groups if len(g.members) == 3]
    got = (*score(drawn.groups, people, history), trio_rotation(trio, history))
    assert got == best_with_trio_rotation(people, history)


@pytest.mark.parametrize("seed", range(40))
def test_the_fast_trio_path_with_ways_to_meet_is_exact_when_a_free_round_exists(seed, monkeypatch):
    monkeypatch.setattr(trio_placement, "TRIO_EXACT_LIMIT", 0)
    rng = random.Random(11_000 + seed)
    people, past = odd_instance_with_trios(rng, rng.choice([5, 7, 9, 11]))
    # Mostly "either", so that a round where everyone can meet often exists.
    people = [dataclasses.replace(p, meet=Meet.VIDEO) if rng.random() < 0.3 else p for p in people]
    history = History.of(past, MONTH)
    best = best_with_trio_rotation(people, history)
    drawn = draw(MONTH, people, history, f"fast-ways-{seed}")
    check_partition(drawn, people)
    (trio,) = [g.members for g in drawn.groups if len(g.members) == 3]
    got = (*score(drawn.groups, people, history), trio_rotation(trio, history))
    if best[:4] == (0, 0, 0, 0):
        assert got == best
    else:
        assert got[:4] >= best[:4]


def test_someone_who_can_meet_nobody_as_they_want_is_still_paired():
    """In person only, outside the UK: no pair suits them, so they meet someone anyway, and two
    such people meet each other (one pair who cannot meet instead of two)."""
    away = dataclasses.replace(person("away"), meet=Meet.IN_PERSON, area=OUTSIDE_UK)
    abroad = dataclasses.replace(person("abroad"), meet=Meet.IN_PERSON, area=OUTSIDE_UK)
    people = [away, abroad, *(person(f"p{i}") for i in range(8))]
    history = History.of([], MONTH)
    drawn = draw(MONTH, people, history, "nobody")
    check_partition(drawn, people)
    assert pairing.assess(drawn, people, history).cannot_meet == 1
    assert ("abroad", "away") in [g.members for g in drawn.groups]
