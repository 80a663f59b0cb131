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

In large rounds where that falls short (one organisation so large that those people must meet
colleagues, say), the general method would run the weighted matcher on everyone, for many
minutes. There the same two steps run with colleagues allowed in the pairs apart: the round
still has the fewest pairs who cannot meet, but is not proven best on the rules below that.
"""

from __future__ import annotations

import logging
import random
from collections import Counter
from collections.abc import Callable, Sequence

from unmentoring.core.draw.cardinality import augment, free_matching
from unmentoring.core.draw.costs import CostModel

log = logging.getLogger(__name__)

Groups = list[tuple[int, ...]]

# Rounds of more people than this take the unproven way when the exact one falls short.
PROVEN_LIMIT = 1000


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
    """Some people who can meet nobody as they want: free when neither met nor colleagues
    (with ``colleagues``, when they have not met)."""

    def __init__(self, model: CostModel, people: Sequence[int], colleagues: bool = False) -> None:
        self.model = model
        self.people = list(people)
        self.size = len(self.people)
        self.colleagues = colleagues

    def free(self, v: int, w: int) -> bool:
        first, second = self.people[v], self.people[w]
        if self.colleagues:
            return second not in self.model.met[first]
        return _apart_free(self.model, first, second)

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
    exact = _round_apart(model, rng, solve, lonely, proven=True)
    if exact is not None or model.people <= PROVEN_LIMIT:
        return exact
    found = _round_apart(model, rng, solve, lonely, proven=False)
    if found is not None:
        log.warning(
            "%d people can meet nobody in this round as they want: they are paired with each "
            "other as far as possible, but the round is not proven the best on colleagues",
            len(lonely),
        )
    return found


def _round_apart(
    model: CostModel,
    rng: random.Random,
    solve: Callable[[list[int]], Groups],
    lonely: list[int],
    *,
    proven: bool,
) -> Groups | None:
    """The round with ``lonely`` paired apart; with ``proven``, only when it is optimal."""
    inner, stuck = free_matching(_Apart(model, lonely), rng)
    if not proven:
        stuck = augment(_Apart(model, lonely, colleagues=True), inner, stuck)
    if len(stuck) > len(lonely) % 2:
        return None
    pairs: Groups = [(lonely[i], lonely[inner[i]]) for i in range(len(lonely)) if i < inner[i]]
    apart = set(lonely)
    others = [v for v in range(model.people) if v not in apart]
    rest = others[:]
    if stuck:
        left = lonely[stuck[0]]
        partner = _partner(model, rng, left, rest, proven=proven)
        if partner is None:
            return None
        pairs.append((left, partner))
        rest.remove(partner)
    if len(rest) == 1:
        return None
    groups = solve(rest) if rest else []
    if not proven:
        return [*pairs, *groups]
    if not _free_and_best_trio(model, groups, others):
        return None
    log.info(
        "%d people can meet nobody in this round as they want: they are paired as well as can be",
        len(lonely),
    )
    return [*pairs, *groups]


def _partner(
    model: CostModel, rng: random.Random, left: int, rest: list[int], *, proven: bool
) -> int | None:
    """A partner among ``rest`` for the one of the people apart left over (their count is
    odd): free with them, and preferably someone the trio does not need, in a trio more recently
    than the three whose last trio was longest ago (or who never were in one). Unproven, anyone
    they have not met will do."""
    order = rest[:]
    rng.shuffle(order)
    lowest = sorted(model.trio_level[v] for v in rest)[:3]
    free = [w for w in order if _apart_free(model, left, w)]
    if len(lowest) == 3:
        spare = next((w for w in free if model.trio_level[w] > lowest[-1]), None)
        if spare is not None:
            return spare
    if free:
        return free[0]
    if not proven:
        return next((w for w in order if w not in model.met[left]), None)
    return None


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
