"""Random matchings over free pairs only: the fast path that decides almost every round.

A scheme's graph is nearly complete and almost every pair costs nothing, so a random greedy
matching over the free pairs, completed by augmenting paths (short ones first, then Edmonds'
blossom search), usually pairs everyone; a round that costs nothing is optimal by definition.
Without constraints the greedy's first try always succeeds, which makes the round a uniformly
random pairing. Also the bipartite version (everyone of one side with someone of the other).

The order in which these functions draw from ``rng`` is part of the draw: the same seed must
give the same round, so it must not change without a new engine version.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from unmentoring.core.draw.graph import UNMATCHED, Graph, Mate


def free_matching(graph: Graph, rng: random.Random) -> tuple[Mate, list[int]]:
    """A random matching over free pairs, augmented until no augmenting path exists; returns it
    and the vertices it leaves unmatched (none: a round that costs nothing)."""
    mate = [UNMATCHED] * graph.size
    order = list(range(graph.size))
    rng.shuffle(order)
    pool = order[:]  # unmatched, not yet given up on; removal by swapping with the last
    where = {v: i for i, v in enumerate(pool)}

    exposed = []
    for v in order:
        if mate[v] != UNMATCHED:
            continue
        _take(pool, where, v)
        partner = _pick_free(graph, v, pool, rng)
        if partner == UNMATCHED:
            exposed.append(v)
        else:
            _take(pool, where, partner)
            mate[v], mate[partner] = partner, v
    return mate, augment(graph, mate, exposed)


def match_into(
    graph: Graph, others: Sequence[int], members: Sequence[int], mate: Mate, rng: random.Random
) -> bool:
    """Match every one of ``others`` with one of ``members`` over free pairs, at random;
    False if no such matching exists (found by augmenting paths, as it is bipartite)."""
    pool = list(members)  # members not yet matched; removal by swapping with the last
    where = {v: i for i, v in enumerate(pool)}
    order = list(others)
    rng.shuffle(order)
    unmatched = []
    for v in order:
        partner = _pick_free(graph, v, pool, rng)
        if partner == UNMATCHED:
            unmatched.append(v)
            continue
        _take(pool, where, partner)
        mate[v], mate[partner] = partner, v
    return all(_bipartite_path(graph, root, members, mate) for root in unmatched)


def _take(pool: list[int], where: dict[int, int], v: int) -> None:
    """Remove ``v`` from ``pool`` in constant time (``where`` maps each vertex to its index)."""
    i = where.pop(v)
    last = pool.pop()
    if last != v:
        pool[i] = last
        where[last] = i


def _pick_free(graph: Graph, v: int, pool: list[int], rng: random.Random) -> int:
    """A random one of ``pool`` free to pair with ``v``, or UNMATCHED: a few random tries, then
    a scan from a random start (so a crowded pool is still searched in full)."""
    for _ in range(min(8, len(pool))):
        u = pool[rng.randrange(len(pool))]
        if graph.free(v, u):
            return u
    if pool:
        start = rng.randrange(len(pool))
        for k in range(len(pool)):
            u = pool[(start + k) % len(pool)]
            if graph.free(v, u):
                return u
    return UNMATCHED


def _bipartite_path(graph: Graph, root: int, members: Sequence[int], mate: Mate) -> bool:
    """Augment from ``root`` (not a member) along an alternating path to a free member."""
    reached_from: dict[int, int] = {}  # member -> the non-member it was reached from
    queue = [root]
    head = 0
    while head < len(queue):
        v = queue[head]
        head += 1
        for u in members:
            if u in reached_from or not graph.free(v, u):
                continue
            reached_from[u] = v
            if mate[u] == UNMATCHED:
                while True:  # flip the path back to the root
                    v = reached_from[u]
                    following = mate[v]
                    mate[u], mate[v] = v, u
                    if v == root:
                        return True
                    u = following
            queue.append(mate[u])
    return False


def augment(graph: Graph, mate: Mate, exposed: list[int]) -> list[int]:
    """Match ``exposed`` vertices by augmenting paths over free pairs, in place; return those
    left exposed at the maximum (vertices neither matched nor exposed are left alone if no pair
    with them is free)."""
    waiting = list(exposed)
    stuck: list[int] = []
    while waiting:
        root = waiting.pop()
        end = _short_path(graph, root, mate, waiting)
        if end is None:
            end = _blossom_path(graph, root, mate)
        if end is None:
            stuck.append(root)  # no augmenting path now means none later (Edmonds)
        elif end in waiting:
            waiting.remove(end)
    return stuck


def _short_path(graph: Graph, root: int, mate: Mate, waiting: list[int]) -> int | None:
    """Augment along root-x or root-u=w-x, the paths a dense graph almost always has."""
    for x in waiting:
        if graph.free(root, x):
            mate[root], mate[x] = x, root
            return x
    if not waiting:
        return None
    for u in range(graph.size):
        w = mate[u]
        if w < 0 or u == root or not graph.free(root, u):
            continue
        for x in waiting:
            if x != w and graph.free(w, x):
                mate[root], mate[u], mate[w], mate[x] = u, root, x, w
                return x
    return None


def _blossom_path(graph: Graph, root: int, mate: Mate) -> int | None:
    """Edmonds' blossom search for an augmenting path from ``root`` over free pairs."""
    n = graph.size
    parent = [-1] * n
    base = list(range(n))
    used = [False] * n
    used[root] = True
    queue = [root]

    def lowest_common_ancestor(a: int, b: int) -> int:
        seen = [False] * n
        while True:
            a = base[a]
            seen[a] = True
            if mate[a] == UNMATCHED:
                break
            a = parent[mate[a]]
        while True:
            b = base[b]
            if seen[b]:
                return b
            b = parent[mate[b]]

    def mark_path(v: int, b: int, child: int, blossom: list[bool]) -> None:
        while base[v] != b:
            blossom[base[v]] = blossom[base[mate[v]]] = True
            parent[v] = child
            child = mate[v]
            v = parent[mate[v]]

    head = 0
    while head < len(queue):
        v = queue[head]
        head += 1
        for to in range(n):
            if to == v or not graph.free(v, to):
                continue
            if base[v] == base[to] or mate[v] == to:
                continue
            if to == root or (mate[to] != UNMATCHED and parent[mate[to]] != -1):
                current = lowest_common_ancestor(v, to)
                blossom = [False] * n
                mark_path(v, current, to, blossom)
                mark_path(to, current, v, blossom)
                for i in range(n):
                    if blossom[base[i]]:
                        base[i] = current
                        if not used[i]:
                            used[i] = True
                            queue.append(i)
            elif parent[to] == -1:
                parent[to] = v
                if mate[to] == UNMATCHED:
                    end = to
                    while to != -1:  # flip the path back to the root
                        previous = parent[to]
                        following = mate[previous]
                        mate[to], mate[previous] = previous, to
                        to = following
                    return end
                used[mate[to]] = True
                queue.append(mate[to])
    return None
