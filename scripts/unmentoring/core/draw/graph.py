"""The small graph interface that the matchers work over.

The matchers never see participants, organisations or history: only vertices 0..size-1, whether
a pair is free (costs nothing, the tie-break aside) and what it costs. The whole round, some of
its people, or the round with two people merged into one trio vertex are all such graphs.
"""

from __future__ import annotations

from typing import Protocol

# mate[v] is v's partner in a matching, or UNMATCHED.
Mate = list[int]
UNMATCHED = -1


class Graph(Protocol):
    """A complete graph on ``size`` vertices with a cost on every pair."""

    @property
    def size(self) -> int: ...

    def free(self, v: int, w: int) -> bool:
        """Whether pairing v and w costs nothing but the tie-break."""
        ...

    def cost(self, v: int, w: int) -> int:
        """The cost of pairing v and w, tie-break included (distinct pairs only)."""
        ...
