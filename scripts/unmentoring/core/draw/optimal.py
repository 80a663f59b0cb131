"""The cheapest perfect matching of a graph: free pairs first, the exact weighted matcher if not.

When the random matching over free pairs (``cardinality``) pairs everyone, it is optimal. Only
when it cannot (everyone has met everyone, heavy history) does the vendored exact weighted
matcher run: on every pair for small graphs, or on a sparse set of candidate pairs for large
ones, growing that set until the matcher's dual variables prove that no pair left out could
improve the matching.
"""

from __future__ import annotations

import logging
import random

from unmentoring._vendor.weighted_matching import max_weight_matching
from unmentoring.core.draw.cardinality import free_matching
from unmentoring.core.draw.graph import Graph, Mate

log = logging.getLogger(__name__)

# Graphs of up to this many vertices that need the weighted matcher use it on every pair
# (exact, and fast enough: about a second at this size); larger ones use candidate pairs and
# the certificate.
DENSE_LIMIT = 120
# Random partners per vertex in the weighted matcher's starting candidate pairs.
CANDIDATES = 12
MAX_CERTIFICATE_ROUNDS = 40


def cheapest_matching(graph: Graph, rng: random.Random, dense_limit: int = DENSE_LIMIT) -> Mate:
    """A minimum-cost perfect matching of ``graph`` (``graph.size`` even), random among ties."""
    mate, exposed = free_matching(graph, rng)
    if not exposed:
        log.debug("a round with no repeats and no colleagues exists; drawn at random")
        return mate
    log.info(
        "%d people cannot all be paired without a repeat or colleagues; "
        "finding the best round exactly",
        len(exposed),
    )
    return _weighted(graph, mate, exposed, dense_limit, rng)


def exact_matching(graph: Graph) -> Mate:
    """A minimum-cost perfect matching by the weighted matcher on every pair (small graphs)."""
    n = graph.size
    adjacency: list[dict[int, int]] = [{} for _ in range(n)]
    for v in range(n):
        for w in range(v + 1, n):
            adjacency[v][w] = adjacency[w][v] = -graph.cost(v, w)
    found, _ = max_weight_matching(adjacency, maxcardinality=True)
    return [found[v] for v in range(n)]


def _weighted(
    graph: Graph, mate: Mate, exposed: list[int], dense_limit: int, rng: random.Random
) -> Mate:
    """The exact minimum-cost matching, by the weighted matcher (with a proof when sparse)."""
    n = graph.size
    adjacency: list[dict[int, int]] = [{} for _ in range(n)]

    def add(v: int, w: int) -> None:
        if v != w and w not in adjacency[v]:
            weight = -graph.cost(v, w)
            adjacency[v][w] = adjacency[w][v] = weight

    if n <= dense_limit:
        return exact_matching(graph)

    # Candidate pairs: a perfect matching to start from, every pair that costs something for
    # vertices that could not be paired for free, and random pairs for everyone.
    for v in range(n):
        if mate[v] > v:
            add(v, mate[v])
    for first, second in zip(exposed[::2], exposed[1::2], strict=False):
        add(first, second)
    if len(exposed) * n <= 2_000_000:
        for v in exposed:
            for w in range(n):
                add(v, w)
    for v in range(n):
        for _ in range(CANDIDATES):
            add(v, rng.randrange(n))
    for attempt in range(MAX_CERTIFICATE_ROUNDS):
        found, dual = max_weight_matching(adjacency, maxcardinality=True)
        missing = _violations(graph, dual, adjacency)
        if not missing:
            log.info("best round proven optimal after %d solve(s)", attempt + 1)
            return [found[v] for v in range(n)]
        for v, w in missing:
            add(v, w)
    log.warning("could not prove the round optimal; it is the best over the pairs considered")
    return [found[v] for v in range(n)]


def _violations(
    graph: Graph, dual: dict[int, int], adjacency: list[dict[int, int]]
) -> list[tuple[int, int]]:
    """Pairs left out whose reduced cost is negative: only they could improve the matching.

    The matcher's doubled duals satisfy dual[v] + dual[w] >= 2 * weight on every pair it saw;
    if every other pair satisfies it too, the matching is optimal over all pairs (the blossom
    duals are non-negative and only add to the slack, so ignoring them is safe). Weights are
    minus costs, so a pair can only violate when dual[v] + dual[w] < 0.
    """
    order = sorted(range(graph.size), key=dual.__getitem__)
    missing = []
    for v in order:
        dv = dual[v]
        if dv + dual[order[0]] >= 0:
            break
        for w in order:
            if dv + dual[w] >= 0:
                break
            if w != v and w not in adjacency[v] and dv + dual[w] + 2 * graph.cost(v, w) < 0:
                missing.append((v, w))
    return missing
