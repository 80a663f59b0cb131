"""The draw: who meets whom in a round. Pure: participants, history and a seed in, a round out.

What a good round is, in order of importance:

1. Nobody meets someone they have met before, whenever that is possible. When repeats are
   forced (a small scheme that has run for a long time), as few as possible, and the pairs who
   met longest ago first.
2. As few pairs as possible who cannot meet as they both want (``meeting.can_meet``: one wants
   only video and the other only in person, or both only in person but not in one known area).
   Such a pair has no conversation at all, which is worse than meeting a colleague; a repeat
   is worse still, as the scheme is for meeting new people.
3. As few pairs of colleagues (same organisation, see ``organisations.py``) as possible.
4. The group of three (only when the count is odd) goes to someone who has never been in one,
   or was longest ago.
5. Among arrangements equally good on all of that: chosen at random, from the seed.

Then each group gets a host (``hosts.py``): whoever has hosted least, ties broken from the seed.

How: each possible pair gets a cost that encodes those rules in order (``draw/costs.py``: a
repeat outweighs any number of pairs who cannot meet, which outweigh any number of colleague
pairs, and so on), and the round is a minimum-cost
perfect matching. A scheme's graph is nearly complete and almost every pair costs nothing, so
first a random greedy matching over the free pairs, completed by augmenting paths
(``draw/cardinality.py``), looks for a round that costs nothing; when it finds one, that round is
optimal by definition. When one organisation has half the people or more, some of its people
must meet each other; a round with no repeat, nobody who cannot meet as they want and exactly
that surplus of colleague pairs is optimal by counting (``draw/dominant.py``). Only when neither
works (everyone has met everyone, heavy history) does the exact weighted matcher run
(``draw/optimal.py``), with a proof of optimality when it sees only some of the pairs.

Some people may be able to meet nobody in the round as they want (in person only, and nobody
in their area meets in person): the fewest pairs who cannot meet is then known by counting, and a
round that reaches it with everything else free is built from two small problems
(``draw/apart.py``) before the slow matcher is needed.

For an odd count, a stand-in "seat in the group of three" joins the matching; whoever is
matched with it joins the pair that suits them best (``draw/trio.py``).

The same participants, history and seed always give the same round.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from unmentoring.core import hosts
from unmentoring.core.draw.apart import round_apart
from unmentoring.core.draw.costs import CostModel
from unmentoring.core.draw.dominant import dominant_round
from unmentoring.core.draw.history import History
from unmentoring.core.draw.optimal import DENSE_LIMIT, cheapest_matching
from unmentoring.core.draw.trio import arrange
from unmentoring.core.meeting import can_meet
from unmentoring.core.model import Group, Participant, Round
from unmentoring.core.organisations import organisation_key

__all__ = ["DENSE_LIMIT", "History", "Quality", "assess", "draw", "seeded_random"]


@dataclass(frozen=True)
class Quality:
    """How good a round is, by the rules above (for logs, tests and benchmarks)."""

    repeats: int
    same_organisation: int
    cannot_meet: int  # pairs who cannot meet as they both want


def assess(drawn: Round, participants: Iterable[Participant], history: History) -> Quality:
    """Count the repeats, colleague pairs and pairs who cannot meet as they both want in
    ``drawn`` (every pair within every group)."""
    people = list(participants)
    organisation = {p.login: organisation_key(p.organisation) for p in people}
    way = {p.login: (p.meet, p.area) for p in people}
    repeats = colleagues = cannot = 0
    for group in drawn.groups:
        for i, first in enumerate(group.members):
            for second in group.members[i + 1 :]:
                met = history.last_met.get(frozenset((first, second)))
                if met is not None:
                    repeats += 1
                key = organisation.get(first)
                if key is not None and key == organisation.get(second):
                    colleagues += 1
                if first in way and second in way and not can_meet(way[first], way[second]):
                    cannot += 1
    return Quality(repeats, colleagues, cannot)


def _groups(model: CostModel, rng: random.Random, dense_limit: int) -> list[tuple[int, ...]]:
    """The best round of the model's people, as groups of its numbers."""
    mate = dominant_round(model, rng)
    if mate is None:
        mate = cheapest_matching(model, rng, dense_limit)
    return arrange(model, mate, rng)


def seeded_random(seed: str) -> random.Random:
    """A generator that gives the same numbers for the same seed on any machine."""
    return random.Random(int.from_bytes(hashlib.sha256(seed.encode("utf-8")).digest(), "big"))


def draw(
    month: str,
    participants: Sequence[Participant],
    history: Iterable[Round] | History,
    seed: str,
    *,
    dense_limit: int = DENSE_LIMIT,
) -> Round:
    """The round for ``month`` among ``participants`` (all eligible), given the past rounds.

    Needs at least two participants. ``history`` may include rounds from any month; only those
    before ``month`` count.
    """
    if not isinstance(history, History):
        history = History.of(history, month)
    people = sorted({p.login: p for p in participants}.values(), key=lambda p: p.login)
    if len(people) < 2:
        raise ValueError(f"a round needs at least two people, not {len(people)}")
    rng = seeded_random(seed)
    model = CostModel.build(people, history, rng)

    def solve(some: list[int]) -> list[tuple[int, ...]]:
        """A round of some of the people, as the whole round's numbers."""
        part = CostModel.build([people[v] for v in some], history, rng)
        return [tuple(some[v] for v in group) for group in _groups(part, rng, dense_limit)]

    groups = round_apart(model, rng, solve)
    if groups is None:
        groups = _groups(model, rng, dense_limit)
    named = sorted(tuple(sorted(model.logins[v] for v in group)) for group in groups)
    # After the groups, with a generator of its own: hosts never change who meets whom.
    hosted = hosts.choose(
        [Group(members=members) for members in named],
        history.hosted,
        seeded_random(seed + hosts.SALT),
    )
    return Round(round=month, seed=seed, groups=hosted)
