"""The group of three: who joins which pair when the count is odd.

The matching pairs everyone with a stand-in "seat in the group of three"; whoever is matched
with it joins the pair that suits them best. That is optimal when the result reaches a lower
bound (the matching's cost, and the colleague pairs any round with a trio must hold); otherwise
small rounds try every pair of people as two of the trio. In large rounds that can be paired
for free, the trio's rotation still depends on the pair the third joins, which the matching
chose without looking at trios: so free trios are tried in order of their members' trio history,
each with a free matching of everyone else, and the first that fits is the best on every rule.
Failing that, a sample of pairs as two of the trio, improved by local swaps.
"""

from __future__ import annotations

import itertools
import logging
import random
from collections.abc import Iterator

from unmentoring.core.draw.cardinality import augment
from unmentoring.core.draw.costs import CostModel
from unmentoring.core.draw.graph import UNMATCHED, Mate
from unmentoring.core.draw.optimal import DENSE_LIMIT, cheapest_matching, exact_matching
from unmentoring.core.draw.subgraphs import FixedInTrio, Without

log = logging.getLogger(__name__)

# Odd rounds up to this size whose third cannot join a pair for free are solved exactly by
# trying each possible pair inside the trio; larger ones improve the trio by local swaps.
TRIO_EXACT_LIMIT = 25
# Pairs tried as two of the trio in larger rounds before settling for the best found.
TRIO_TRIES = 60
# Pairs looked at while searching for a free trio in order of trio history, before giving up
# (only reached when most people who could be in the trio have met or are colleagues).
TRIO_SEARCH_BUDGET = 300_000


Groups = list[tuple[int, ...]]


def arrange(model: CostModel, mate: Mate, rng: random.Random) -> Groups:
    """The round's groups (as the model's people) from a perfect matching of the model."""
    pairs: Groups = [(v, mate[v]) for v in range(model.people) if v < mate[v] < model.people]
    if model.seat < 0:
        return pairs
    return _TrioPlacement(model, rng).place(pairs, mate)


class _TrioPlacement:
    """Placing the seat's partner, with the costs of whole arrangements that this needs."""

    def __init__(self, model: CostModel, rng: random.Random) -> None:
        self.model = model
        self.rng = rng

    def place(self, pairs: Groups, mate: Mate) -> Groups:
        model = self.model
        third = mate[model.seat]
        best = min(range(len(pairs)), key=lambda k: model.trio_cost((*pairs[k], third)))
        pairs[best] = (*pairs[best], third)
        bound = self._plain_total(mate)
        # The trio's other two members were in trios no less recently than the fewest.
        floor = max(bound, self._colleagues_with_trio() * model.colleague_unit)
        floor += 2 * model.fewest_trios * model.trio_unit
        if self._arrangement_cost(pairs) <= floor:
            log.debug("the group of three reaches the lower bound")
        elif model.people <= TRIO_EXACT_LIMIT:
            pairs = self._exact(pairs, bound)
        elif bound < model.colleague_unit and (free := self._free_trio(mate)) is not None:
            # The matching pairs everyone for free (only the seat may cost), so a round with a
            # free trio may exist; the search finds the one with the best rotation if it does.
            pairs = free
        elif model.plain_cost(third, pairs[best][0]) or model.plain_cost(third, pairs[best][1]):
            pairs = self._search(pairs, best, floor)
        else:
            # The third joined for free; swaps may still bring in people whose last trio was
            # longer ago.
            self._improve(pairs, best)
        return pairs

    def _free_trio(self, mate: Mate) -> Groups | None:
        """The round whose trio has the least trio history among those that cost nothing on
        the higher rules (no repeat, nobody who cannot meet as they want, no colleagues, in the
        trio or in the pairs), or None when
        there is none or the search gives up.

        Trios are tried in order of their members' summed trio levels, at random among equal
        levels; the first free trio whose other people can all be paired for free wins, as no
        later one is better. Pairing the rest repairs the matching in hand by augmenting paths
        (usually one short path per person taken out of a pair).
        """
        model, rng = self.model, self.rng
        people = model.people
        paired = [w if w < people else UNMATCHED for w in mate[:people]]
        by_level: dict[int, list[int]] = {}
        for v in range(people):
            by_level.setdefault(model.trio_level[v], []).append(v)
        for members in by_level.values():
            rng.shuffle(members)
        level_triples = sorted(
            itertools.combinations_with_replacement(sorted(by_level), 3), key=sum
        )
        budget = [TRIO_SEARCH_BUDGET]
        for levels in level_triples:
            for trio in self._free_trios(levels, by_level, budget):
                rest = self._pair_all_but(trio, paired)
                if rest is not None:
                    return [*rest, trio]
            if budget[0] <= 0:
                log.warning("gave up the search for the best free group of three")
                return None
        return None

    def _free_trios(
        self, levels: tuple[int, ...], by_level: dict[int, list[int]], budget: list[int]
    ) -> Iterator[tuple[int, int, int]]:
        """Every trio of free pairs with these trio levels (ascending), spending ``budget``."""
        free = self.model.free
        first, second, third = (by_level[level] for level in levels)
        for i, x in enumerate(first):
            budget[0] -= 1
            # With equal levels, take the members in order so each trio comes once.
            seconds = second[i + 1 :] if levels[1] == levels[0] else second
            for j, y in enumerate(seconds):
                budget[0] -= 1
                if budget[0] <= 0:
                    return
                if not free(x, y):
                    continue
                if levels[2] == levels[1]:
                    start = j + 1 + (i + 1 if levels[1] == levels[0] else 0)
                    thirds = third[start:]
                else:
                    thirds = third
                for z in thirds:
                    budget[0] -= 1
                    if budget[0] <= 0:
                        return
                    if free(x, z) and free(y, z):
                        yield x, y, z

    def _pair_all_but(self, trio: tuple[int, int, int], paired: Mate) -> Groups | None:
        """Free pairs for everyone outside ``trio``, from the matching in hand, or None."""
        mate = paired[:]
        exposed = [v for v in range(self.model.people) if mate[v] == UNMATCHED]
        for v in trio:
            w = mate[v]
            if w != UNMATCHED:
                mate[v] = mate[w] = UNMATCHED
                exposed.append(w)
        exposed = [v for v in exposed if v not in trio]
        if augment(Without(self.model, trio), mate, exposed):
            return None
        return [(v, mate[v]) for v in range(self.model.people) if v < mate[v]]

    def _colleagues_with_trio(self) -> int:
        """Colleague pairs that no round with a trio avoids, given the largest organisation.

        With k of its b people in the trio, the trio holds k(k-1)/2 pairs of them, and the pairs
        at least half the surplus of the b - k others over everyone else.
        """
        _, inside = self.model.largest_organisation()
        outside = self.model.people - inside
        forced = [
            k * (k - 1) // 2 + max(0, (inside - k) - (outside - (3 - k))) // 2
            for k in range(4)
            if k <= inside and 3 - k <= outside
        ]
        return min(forced, default=0)

    def _plain_total(self, mate: Mate) -> int:
        """The cost of a matching (with the trio seat) without the tie-break: a lower bound
        for every round with a trio when the matching is optimal."""
        model = self.model
        return sum(model.plain_cost(v, mate[v]) for v in range(model.size) if v < mate[v])

    def _arrangement_cost(self, groups: Groups) -> int:
        model = self.model
        return sum(model.trio_cost(g)[0] if len(g) == 3 else model.plain_cost(*g) for g in groups)

    def _total_with_tie_break(self, groups: Groups) -> int:
        model = self.model
        return sum(sum(model.trio_cost(g)) if len(g) == 3 else model.cost(*g) for g in groups)

    def _exact(self, groups: Groups, bound: int) -> Groups:
        """The best round with a trio, by trying each pair of people as two of the trio.

        A trio that could beat the round in hand has every one of its pairs cheaper than the
        gap between that round and the matching lower bound, so only such pairs are tried.
        """
        model = self.model
        best, best_cost = groups, self._total_with_tie_break(groups)
        for x in range(model.people):
            for a in range(x + 1, model.people):
                if model.cost(x, a) >= best_cost - bound:
                    continue
                fixed = FixedInTrio(model, x, a)
                arrangement = fixed.arrangement(exact_matching(fixed))
                cost = self._total_with_tie_break(arrangement)
                if cost < best_cost:
                    best, best_cost = arrangement, cost
        return best

    def _search(self, groups: Groups, trio: int, bound: int) -> Groups:
        """For large rounds: try pairs of the round as two of the trio until one reaches the
        bound. Reaching it proves the round optimal; otherwise the best found is kept."""
        self._improve(groups, trio)
        best, best_cost = groups, self._arrangement_cost(groups)
        candidates = [g[:2] for g in groups if len(g) == 2]
        self.rng.shuffle(candidates)
        for x, a in candidates[:TRIO_TRIES]:
            if best_cost <= bound:
                break
            fixed = FixedInTrio(self.model, x, a)
            arrangement = fixed.arrangement(cheapest_matching(fixed, self.rng, DENSE_LIMIT))
            cost = self._arrangement_cost(arrangement)
            if cost < best_cost:
                best, best_cost = arrangement, cost
        if best_cost > bound:
            log.warning("the group of three may not be the best possible (not proven optimal)")
        return best

    def _improve(self, groups: Groups, trio: int) -> None:
        """Swap people between the trio and a pair while that makes the round better.

        Only needed when the third could not join any pair for free (a small scheme where
        nearly everyone has met): then the best trio also depends on who is in it.
        """
        # Only a lower cost counts, not a better tie-break: chasing the random tie-break made
        # a pass over every pair per step, quadratic in the round's size.
        improved = True
        while improved:
            improved = False
            for k, pair in enumerate(groups):
                if k == trio:
                    continue
                five = (*groups[trio], *pair)
                current = self._split_cost(groups[trio], pair)
                for left in ((a, b) for a in range(5) for b in range(a + 1, 5)):
                    new_pair = (five[left[0]], five[left[1]])
                    new_trio = tuple(five[i] for i in range(5) if i not in left)
                    cost = self._split_cost(new_trio, new_pair)
                    if cost < current:
                        groups[trio], groups[k] = new_trio, new_pair
                        current = cost
                        improved = True
                        five = (*groups[trio], *groups[k])

    def _split_cost(self, trio: tuple[int, ...], pair: tuple[int, ...]) -> int:
        return self.model.trio_cost(trio)[0] + self.model.plain_cost(*pair)
