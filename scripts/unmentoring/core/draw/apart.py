"""The fast exact round when some people can meet nobody in the round as they want.

Someone who wants to meet only in person, with nobody here in their area who meets in person
(no area, "Outside the UK", or alone in theirs), is in a pair who cannot meet as they want
whatever the draw does. The general method finds no free partner for them and falls back to the
slow weighted matcher on the whole round. But the fewest such pairs is known by counting: a pair
holds at most two of them, and a group of three with one of them holds two such pairs. So a
round that pairs them two by two (one with someone else when their count is odd), with no repeat
and no colleagues in those pairs, and pairs everyone else for free with the best trio rotation,
is optimal on every rule. It is built from two small problems; when either falls short, None
(then the general method decides).
"""

from __future__ import annotations

import logging
import random
from collections import Counter
from collections.abc import Callable, Sequence

from unmentoring.core.draw.cardinality import free_matching
from unmentoring.core.draw.costs import CostModel

log = logging.getLogger(__name__)

Groups = list[tuple[int, ...]]


def alone(model: CostModel) -> list[int]:
    """The people who can meet nobody else in the round as they want."""
    count = Counter(model.kind[: model.people])
    return [
        v
        for v in range(model.people)
        if not any(
            model.able[model.kind[v]][kind] and number - (kind == model.kind[v]) > 0
            for kind, number in count.items()
        )
    ]


class _Apart:
    """Some people who can meet nobody as they want: free when neither met nor colleagues."""

    def __init__(self, model: CostModel, people: Sequence[int]) -> None:
        self.model = model
        self.people = list(people)
        self.size = len(self.people)

    def free(self, v: int, w: int) -> bool:
        return _apart_free(self.model, self.people[v], self.people[w])

    def cost(self, v: int, w: int) -> int:
        return self.model.cost(self.people[v], self.people[w])


def _apart_free(model: CostModel, v: int, w: int) -> bool:
    return w not in model.met[v] and not model.colleagues(v, w)


def round_apart(
    model: CostModel,
    rng: random.Random,
    solve: Callable[[list[int]], Groups],
) -> Groups | None:
    """The best round when some people can meet nobody as they want, or None.

    ``solve`` draws a round of some of the model's people (given as the model's numbers) and
    returns its groups as the model's numbers.
    """
    lonely = alone(model)
    if not lonely:
        return None
    inner, stuck = free_matching(_Apart(model, lonely), rng)
    if len(stuck) > len(lonely) % 2:
        return None
    pairs: Groups = [(lonely[i], lonely[inner[i]]) for i in range(len(lonely)) if i < inner[i]]
    apart = set(lonely)
    others = [v for v in range(model.people) if v not in apart]
    rest = others[:]
    if stuck:
        left = lonely[stuck[0]]
        order = rest[:]
        rng.shuffle(order)
        # Preferably someone the trio does not need: in a trio more recently than the three
        # whose last trio was longest ago (or who never were in one).
        lowest = sorted(model.trio_level[v] for v in rest)[:3]
        partner = (
            next(
                (
                    w
                    for w in order
                    if _apart_free(model, left, w) and model.trio_level[w] > lowest[-1]
                ),
                None,
            )
            if len(lowest) == 3
            else None
        )
        if partner is None:
            partner = next((w for w in order if _apart_free(model, left, w)), None)
        if partner is None:
            return None
        pairs.append((left, partner))
        rest.remove(partner)
    if len(rest) == 1:
        return None
    groups = solve(rest) if rest else []
    if not _free_and_best_trio(
        model, groups, [v for v in range(model.people) if v not in set(lonely)]
    ):
        return None
    log.info(
        "%d people can meet nobody in this round as they want: they are paired as well as can be",
        len(lonely),
    )
    return [*pairs, *groups]


def _free_and_best_trio(model: CostModel, groups: Groups, others: list[int]) -> bool:
    """Whether every pair of ``groups`` is free and its trio (if any) has the least trio
    history of any three of ``others`` (everyone who can meet someone as they want)."""
    for group in groups:
        for i, v in enumerate(group):
            for w in group[i + 1 :]:
                if not model.free(v, w):
                    return False
        if len(group) == 3:
            least = sum(sorted(model.trio_level[v] for v in others)[:3])
            if sum(model.trio_level[v] for v in group) != least:
                return False
    return True
