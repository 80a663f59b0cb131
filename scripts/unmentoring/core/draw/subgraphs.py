"""Smaller graphs derived from a round, for the matchers to solve as rounds of their own.

``Colleagues``: some people of one organisation, who are all colleagues, so that only a repeat
or a pair who cannot meet as they want costs more (the dominant organisation's leftover people).
``FixedInTrio``: the round with two people fixed in the trio, merged into one vertex whose cost
with anyone is the whole trio's, so that placing the trio's third is a perfect matching again.
``Without``: the round's people but a few (a trio chosen first), for pairing everyone else.
"""

from __future__ import annotations

from collections.abc import Sequence

from unmentoring.core.draw.costs import CostModel
from unmentoring.core.draw.graph import Mate


class Colleagues:
    """Some of a round's people (all of one organisation), matched over pairs who have not met
    and can meet as they want."""

    def __init__(self, model: CostModel, people: Sequence[int]) -> None:
        self.model = model
        self.people = list(people)
        self.size = len(self.people)

    def free(self, v: int, w: int) -> bool:
        first, second = self.people[v], self.people[w]
        return second not in self.model.met[first] and self.model.can_meet(first, second)

    def cost(self, v: int, w: int) -> int:
        return self.model.cost(self.people[v], self.people[w])


class FixedInTrio:
    """The round's people with x and a fixed in the trio: vertices 0..size-2 are the rest (in
    order), and the last vertex stands for x and a together."""

    def __init__(self, model: CostModel, x: int, a: int) -> None:
        self.model, self.x, self.a = model, x, a
        self.rest = [v for v in range(model.people) if v not in (x, a)]
        self.merged = len(self.rest)
        self.size = self.merged + 1

    def _trio(self, v: int) -> tuple[int, int]:
        return self.model.trio_cost((self.x, self.a, self.rest[v]))

    def free(self, v: int, w: int) -> bool:
        if v == self.merged:
            return self._trio(w)[0] == 0
        if w == self.merged:
            return self._trio(v)[0] == 0
        return self.model.free(self.rest[v], self.rest[w])

    def cost(self, v: int, w: int) -> int:
        if v == self.merged or w == self.merged:
            return sum(self._trio(w if v == self.merged else v))
        return self.model.cost(self.rest[v], self.rest[w])

    def arrangement(self, mate: Mate) -> list[tuple[int, ...]]:
        """The round's groups (as the model's people) for a perfect matching of this graph."""
        groups: list[tuple[int, ...]] = []
        for v in range(self.merged):
            if mate[v] == self.merged:
                groups.append((self.x, self.a, self.rest[v]))
            elif v < mate[v]:
                groups.append((self.rest[v], self.rest[mate[v]]))
        return groups


class Without:
    """The round's people (no trio seat) with no free pair for the ``excluded`` ones, so that
    matchings over free pairs leave them out."""

    def __init__(self, model: CostModel, excluded: Sequence[int]) -> None:
        self.model = model
        self.excluded = frozenset(excluded)
        self.size = model.people

    def free(self, v: int, w: int) -> bool:
        excluded = self.excluded
        return v not in excluded and w not in excluded and self.model.free(v, w)

    def cost(self, v: int, w: int) -> int:
        return self.model.cost(v, w)
