"""Hosts: the member who has hosted least makes the first move; ties from the seed; groups as
drawn without them."""

from __future__ import annotations

import dataclasses
import datetime as dt

from unmentoring.core import hosts, pairing
from unmentoring.core.draw.history import History
from unmentoring.core.model import Group, Participant, Round

PEOPLE = [
    Participant(
        github=f"p{i:02d}", name=f"P {i}", organisation=f"Org {i % 4}", joined=dt.date(2026, 1, 1)
    )
    for i in range(1, 12)
]


def history_of(count: int) -> list[Round]:
    """``count`` rounds drawn one after another, each seeing the ones before."""
    drawn: list[Round] = []
    for month in (f"2026-{m:02d}" for m in range(1, count + 1)):
        drawn.append(pairing.draw(month, PEOPLE, drawn, f"seed-{month}"))
    return drawn


def test_every_group_gets_a_host_from_among_its_members():
    drawn = pairing.draw("2026-01", PEOPLE, [], "s")
    assert drawn.groups and all(g.host in g.members for g in drawn.groups)


def test_the_member_who_has_hosted_least_hosts():
    group = Group(members=("ann", "bob", "cat"))
    hosted = {"ann": 3, "bob": 1, "cat": 2}
    for seed in ("a", "b", "c", "d"):
        assert hosts.choose([group], hosted, pairing.seeded_random(seed)) == (
            Group(members=group.members, host="bob"),
        )


def test_ties_are_broken_from_the_seed_reproducibly():
    groups = [Group(members=(f"a{i}", f"b{i}")) for i in range(40)]
    first = hosts.choose(groups, {}, pairing.seeded_random("one" + hosts.SALT))
    again = hosts.choose(groups, {}, pairing.seeded_random("one" + hosts.SALT))
    other = hosts.choose(groups, {}, pairing.seeded_random("two" + hosts.SALT))
    assert first == again
    assert first != other  # 40 coin tosses: the seed decides
    assert {g.host[0] for g in first} == {"a", "b"}  # not always the first in login order


def test_only_recorded_hosts_count_and_old_rounds_have_none():
    old = Round(round="2025-12", seed="x", groups=(Group(members=("ann", "bob")),))
    new = Round(round="2026-01", seed="y", groups=(Group(members=("ann", "cat"), host="cat"),))
    assert History.of([old, new], "2026-02").hosted == {"cat": 1}
    assert History.of([old, new], "2026-01").hosted == {}  # only rounds before the month


def test_hosting_history_changes_hosts_never_groups():
    past = history_of(5)
    without = [
        dataclasses.replace(r, groups=tuple(Group(members=g.members) for g in r.groups))
        for r in past
    ]
    with_hosts = pairing.draw("2026-06", PEOPLE, past, "the seed")
    without_hosts = pairing.draw("2026-06", PEOPLE, without, "the seed")
    assert [g.members for g in with_hosts.groups] == [g.members for g in without_hosts.groups]


def test_over_rounds_each_host_had_hosted_least_in_their_group():
    past = history_of(10)
    for index, drawn in enumerate(past):
        counts = History.of(past[:index], drawn.round).hosted
        for group in drawn.groups:
            fewest = min(counts.get(login, 0) for login in group.members)
            assert counts.get(group.host or "", 0) == fewest, (drawn.round, group)
    # Hosting goes round: in these ten rounds of 11 people (5 groups each), shares differ by one.
    total = History.of(past, "2027-01").hosted
    assert sum(total.values()) == 50 and max(total.values()) - min(total.values()) <= 1
