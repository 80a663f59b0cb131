"""The draw: who meets whom in a round. Pure: participants, history and a seed in, a round out.

What a good round is, in order of importance:

1. Nobody meets someone they have met before, whenever that is possible. When repeats are
   forced (a small scheme that has run for a long time), as few as possible, and the pairs who
   met longest ago first.
2. As few pairs of colleagues (same organisation, see ``organisations.py``) as possible.
3. The group of three (only when the count is odd) goes to someone who has never been in one,
   or was longest ago.
4. Among arrangements equally good on all of that: chosen at random, from the seed.

How: each possible pair gets a cost that encodes those rules in order (a repeat outweighs any
number of colleague pairs, and so on), and the round is a minimum-cost perfect matching. A
scheme's graph is nearly complete and almost every pair costs nothing, so first a random greedy
matching over the free pairs, completed by augmenting paths, looks for a round that costs
nothing; when it finds one, that round is optimal by definition. When one organisation has half
the people or more, some of its people must meet each other; a round with no repeat and exactly
that surplus of colleague pairs is optimal by counting, and it is found with the same unweighted
matchings (outsiders with insiders, then the insiders left over among themselves). Only when
neither works (everyone has met everyone, heavy history) does the exact weighted matcher
(``weighted_matching.py``) run: on every pair for small rounds, or on a sparse set of candidate
pairs for large ones, growing that set until the matcher's dual variables prove that no pair
left out could improve the round.

For an odd count, a stand-in "seat in the group of three" joins the matching; whoever is
matched with it joins the pair that suits them best (no repeat, no colleague, then the pair
whose members were least recently in a group of three).

The same participants, history and seed always give the same round.
"""

from __future__ import annotations

import hashlib
import logging
import random
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from unmentoring._vendor.weighted_matching import max_weight_matching
from unmentoring.core.model import Group, Participant, Round
from unmentoring.core.organisations import organisation_key

log = logging.getLogger(__name__)

# Rounds of up to this many people that need the weighted matcher use it on every pair (exact,
# and fast enough: about a second at this size); larger ones use candidate pairs and the
# certificate.
DENSE_LIMIT = 120
# Random partners per person in the weighted matcher's starting candidate pairs.
CANDIDATES = 12
# Tie-breaking values per pair: random among [0, TIE_BREAK).
TIE_BREAK = 1 << 10
MAX_CERTIFICATE_ROUNDS = 40
# Odd rounds up to this size whose third cannot join a pair for free are solved exactly by
# trying each possible pair inside the trio; larger ones improve the trio by local swaps.
TRIO_EXACT_LIMIT = 25
# Pairs tried as two of the trio in larger rounds before settling for the best found.
TRIO_TRIES = 60


@dataclass(frozen=True)
class History:
    """What past rounds say about this round's people: who met whom, who was in a trio, when."""

    last_met: dict[frozenset[str], str]
    last_trio: dict[str, str]
    months: tuple[str, ...]

    @classmethod
    def of(cls, rounds: Iterable[Round], before: str) -> History:
        """Every round before the month ``before``, whatever order they were drawn in."""
        last_met: dict[frozenset[str], str] = {}
        last_trio: dict[str, str] = {}
        earlier = sorted((r for r in rounds if r.round < before), key=lambda r: r.round)
        for past in earlier:
            for group in past.groups:
                members = group.members
                for i, first in enumerate(members):
                    for second in members[i + 1 :]:
                        last_met[frozenset((first, second))] = past.round
                if len(members) >= 3:
                    for login in members:
                        last_trio[login] = past.round
        return cls(last_met, last_trio, tuple(r.round for r in earlier))


@dataclass(frozen=True)
class Quality:
    """How good a round is, by the rules above (for logs, tests and benchmarks)."""

    repeats: int
    same_organisation: int
    # For each repeat, how many months ago the pair last met.
    repeat_ages: tuple[int, ...]


def assess(drawn: Round, participants: Iterable[Participant], history: History) -> Quality:
    """Count the repeats and colleague pairs in ``drawn`` (every pair within every group)."""
    from unmentoring.core.months import months_between

    organisation = {p.login: organisation_key(p.organisation) for p in participants}
    repeats = colleagues = 0
    ages: list[int] = []
    for group in drawn.groups:
        for i, first in enumerate(group.members):
            for second in group.members[i + 1 :]:
                met = history.last_met.get(frozenset((first, second)))
                if met is not None:
                    repeats += 1
                    ages.append(months_between(met, drawn.round))
                key = organisation.get(first)
                if key is not None and key == organisation.get(second):
                    colleagues += 1
    return Quality(repeats, colleagues, tuple(sorted(ages)))


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
    problem = _Problem.build(people, history, seeded_random(seed))
    mate = problem.solve(dense_limit)
    return Round(round=month, seed=seed, groups=problem.groups(mate))


def _take(pool: list[int], where: dict[int, int], v: int) -> None:
    """Remove ``v`` from ``pool`` in constant time (``where`` maps each person to their index)."""
    i = where.pop(v)
    last = pool.pop()
    if last != v:
        pool[i] = last
        where[last] = i


class _Problem:
    """The matching problem: people as numbers 0..n-1, plus a trio seat n when n is odd."""

    def __init__(self, logins, organisation, met, trio_level, rng):
        self.logins: list[str] = logins
        self.people = len(logins)
        self.organisation: list[int] = organisation  # -1: no organisation
        self.met: list[dict[int, int]] = met  # partner -> rank of the round they last met
        self.trio_level: list[int] = trio_level  # 0 never in a trio, else rank + 1 of the last
        self.rng = rng
        self.seat = self.people if self.people % 2 else -1
        self.size = self.people + (1 if self.seat >= 0 else 0)
        self.salt = rng.getrandbits(64)
        self.fewest_trios = min(trio_level) if self.seat >= 0 else 0
        # Cost units, each larger than any total of the units below it, so that the costs
        # compare rules in order: repeats, then how recent, then colleagues, then the trio.
        pairs = self.size // 2 + 2
        ranks = max(1, max((r for m in met for r in m.values()), default=0) + 2)
        self.trio_unit = pairs * TIE_BREAK
        self.colleague_unit = (ranks + 1) * self.trio_unit
        self.recency_unit = (pairs + 1) * self.colleague_unit
        self.repeat_unit = (pairs * ranks + 1) * self.recency_unit

    @classmethod
    def build(cls, people: list[Participant], history: History, rng: random.Random) -> _Problem:
        logins = [p.login for p in people]
        index = {login: i for i, login in enumerate(logins)}
        keys: dict[str, int] = {}
        organisation = []
        for p in people:
            key = organisation_key(p.organisation)
            organisation.append(-1 if key is None else keys.setdefault(key, len(keys)))
        rank = {month: r for r, month in enumerate(history.months)}
        met: list[dict[int, int]] = [{} for _ in logins]
        for pair, month in history.last_met.items():
            first, second = tuple(pair)
            if first in index and second in index:
                met[index[first]][index[second]] = rank[month]
                met[index[second]][index[first]] = rank[month]
        trio_level = [
            rank[history.last_trio[login]] + 1 if login in history.last_trio else 0
            for login in logins
        ]
        return cls(logins, organisation, met, trio_level, rng)

    # --- costs ---------------------------------------------------------------------------

    def free(self, v: int, w: int) -> bool:
        """Whether pairing v and w costs nothing (the tie-break aside)."""
        if v == self.seat:
            return self.trio_level[w] == self.fewest_trios
        if w == self.seat:
            return self.trio_level[v] == self.fewest_trios
        org = self.organisation[v]
        return (org < 0 or org != self.organisation[w]) and w not in self.met[v]

    def cost(self, v: int, w: int) -> int:
        tie = self._tie_break(v, w)
        if v == self.seat or w == self.seat:
            person = w if v == self.seat else v
            return (self.trio_level[person] - self.fewest_trios) * self.trio_unit + tie
        total = tie
        rank = self.met[v].get(w)
        if rank is not None:
            total += self.repeat_unit + (rank + 1) * self.recency_unit
        org = self.organisation[v]
        if org >= 0 and org == self.organisation[w]:
            total += self.colleague_unit
        return total

    def _plain_cost(self, v: int, w: int) -> int:
        return self.cost(v, w) - self._tie_break(v, w)

    def _tie_break(self, v: int, w: int) -> int:
        # splitmix64 of the pair and the seed's salt: random, but the same for the same seed.
        low, high = (v, w) if v < w else (w, v)
        z = (low * 1_000_003 + high + self.salt) & 0xFFFFFFFFFFFFFFFF
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & 0xFFFFFFFFFFFFFFFF
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & 0xFFFFFFFFFFFFFFFF
        return (z ^ (z >> 31)) % TIE_BREAK

    # --- solving ----------------------------------------------------------------------------

    def solve(self, dense_limit: int) -> list[int]:
        dominant = self._dominant()
        if dominant is not None:
            return dominant
        mate, exposed = self._free_matching()
        if not exposed:
            log.debug("a round with no repeats and no colleagues exists; drawn at random")
            return mate
        log.info(
            "%d people cannot all be paired without a repeat or colleagues; "
            "finding the best round exactly",
            len(exposed),
        )
        return self._weighted(mate, exposed, dense_limit)

    def _largest_organisation(self) -> tuple[int, int]:
        """The largest organisation among the people and its size ((-1, 0) when none)."""
        sizes = Counter(org for org in self.organisation if org >= 0)
        if not sizes:
            return -1, 0
        size = max(sizes.values())
        return min(org for org, count in sizes.items() if count == size), size

    def _dominant(self) -> list[int] | None:
        """The best round when one organisation has at least half the matching's vertices.

        Then no round has fewer colleague pairs than its surplus, b - size / 2: each pair holds
        at most one person from outside it. A round with no repeat, a free trio seat and exactly
        that many colleague pairs is therefore optimal, and it is built in two steps, both
        maximum-cardinality matchings on dense graphs (no weights): everyone outside the large
        organisation (and the trio seat) with someone inside it, over free pairs; then the
        organisation's people left over among themselves, over pairs who have not met. Returns
        None when either step falls short (then the exact matcher decides).
        """
        big, count = self._largest_organisation()
        if count == 0 or 2 * count < self.size:
            return None
        members = [v for v in range(self.people) if self.organisation[v] == big]
        others = [v for v in range(self.size) if v >= self.people or self.organisation[v] != big]
        mate = [-1] * self.size
        if not self._match_into(others, members, mate):
            return None
        left = [v for v in members if mate[v] == -1]
        if left:
            within = _Within(self, left)
            inner, stuck = within._free_matching()
            if stuck:
                return None
            for i, v in enumerate(left):
                mate[v] = left[inner[i]]
        log.info(
            "one organisation has %d of %d people: its surplus meets in pairs of colleagues, "
            "as few as possible",
            count,
            self.people,
        )
        return mate

    def _match_into(self, others: list[int], members: list[int], mate: list[int]) -> bool:
        """Match every one of ``others`` with one of ``members`` over free pairs, at random;
        False if no such matching exists (found by augmenting paths, as it is bipartite)."""
        rng = self.rng
        pool = members[:]  # members not yet matched; removal by swapping with the last
        where = {v: i for i, v in enumerate(pool)}
        order = others[:]
        rng.shuffle(order)
        unmatched = []
        for v in order:
            partner = self._pick_free(v, pool)
            if partner == -1:
                unmatched.append(v)
                continue
            _take(pool, where, partner)
            mate[v], mate[partner] = partner, v
        return all(self._bipartite_path(root, members, mate) for root in unmatched)

    def _bipartite_path(self, root: int, members: list[int], mate: list[int]) -> bool:
        """Augment from ``root`` (not a member) along an alternating path to a free member."""
        reached_from: dict[int, int] = {}  # member -> the non-member it was reached from
        queue = [root]
        head = 0
        while head < len(queue):
            v = queue[head]
            head += 1
            for u in members:
                if u in reached_from or not self.free(v, u):
                    continue
                reached_from[u] = v
                if mate[u] == -1:
                    while True:  # flip the path back to the root
                        v = reached_from[u]
                        following = mate[v]
                        mate[u], mate[v] = v, u
                        if v == root:
                            return True
                        u = following
                queue.append(mate[u])
        return False

    def _free_matching(self) -> tuple[list[int], list[int]]:
        """A random matching over free pairs, then augmented until no augmenting path exists."""
        size, rng = self.size, self.rng
        mate = [-1] * size
        order = list(range(size))
        rng.shuffle(order)
        pool = order[:]  # unmatched, not yet given up on; removal by swapping with the last
        where = {v: i for i, v in enumerate(pool)}

        exposed = []
        for v in order:
            if mate[v] != -1:
                continue
            _take(pool, where, v)
            # With no constraints the first try always succeeds, which makes the round a
            # uniformly random pairing.
            partner = self._pick_free(v, pool)
            if partner == -1:
                exposed.append(v)
            else:
                _take(pool, where, partner)
                mate[v], mate[partner] = partner, v
        return mate, self._augment(mate, exposed)

    def _pick_free(self, v: int, pool: list[int]) -> int:
        """A random one of ``pool`` free to pair with ``v``, or -1: a few random tries, then a
        scan from a random start (so a crowded pool is still searched in full)."""
        rng = self.rng
        for _ in range(min(8, len(pool))):
            u = pool[rng.randrange(len(pool))]
            if self.free(v, u):
                return u
        if pool:
            start = rng.randrange(len(pool))
            for k in range(len(pool)):
                u = pool[(start + k) % len(pool)]
                if self.free(v, u):
                    return u
        return -1

    def _augment(self, mate: list[int], exposed: list[int]) -> list[int]:
        """Match exposed people by augmenting paths; return those left exposed at the maximum."""
        waiting = list(exposed)
        stuck: list[int] = []
        while waiting:
            root = waiting.pop()
            end = self._short_path(root, mate, waiting)
            if end is None:
                end = self._blossom_path(root, mate)
            if end is None:
                stuck.append(root)  # no augmenting path now means none later (Edmonds)
            elif end in waiting:
                waiting.remove(end)
        return stuck

    def _short_path(self, root: int, mate: list[int], waiting: list[int]) -> int | None:
        """Augment along root-x or root-u=w-x, the paths a dense graph almost always has."""
        for x in waiting:
            if self.free(root, x):
                mate[root], mate[x] = x, root
                return x
        if not waiting:
            return None
        for u in range(self.size):
            w = mate[u]
            if w < 0 or u == root or not self.free(root, u):
                continue
            for x in waiting:
                if x != w and self.free(w, x):
                    mate[root], mate[u], mate[w], mate[x] = u, root, x, w
                    return x
        return None

    def _blossom_path(self, root: int, mate: list[int]) -> int | None:
        """Edmonds' blossom search for an augmenting path from ``root`` over free pairs."""
        n = self.size
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
                if mate[a] == -1:
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
                if to == v or not self.free(v, to):
                    continue
                if base[v] == base[to] or mate[v] == to:
                    continue
                if to == root or (mate[to] != -1 and parent[mate[to]] != -1):
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
                    if mate[to] == -1:
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

    def _weighted(self, mate: list[int], exposed: list[int], dense_limit: int) -> list[int]:
        """The exact minimum-cost round, by the weighted matcher (with a proof when sparse)."""
        n = self.size
        adjacency: list[dict[int, int]] = [{} for _ in range(n)]

        def add(v: int, w: int) -> None:
            if v != w and w not in adjacency[v]:
                weight = -self.cost(v, w)
                adjacency[v][w] = adjacency[w][v] = weight

        if n <= dense_limit:
            for v in range(n):
                for w in range(v + 1, n):
                    add(v, w)
            found, _ = max_weight_matching(adjacency, maxcardinality=True)
            return [found[v] for v in range(n)]

        # Candidate pairs: a perfect matching to start from, every pair that costs something
        # for people who could not be paired for free, and random pairs for everyone.
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
                add(v, self.rng.randrange(n))
        for attempt in range(MAX_CERTIFICATE_ROUNDS):
            found, dual = max_weight_matching(adjacency, maxcardinality=True)
            missing = self._violations(dual, adjacency)
            if not missing:
                log.info("best round proven optimal after %d solve(s)", attempt + 1)
                return [found[v] for v in range(n)]
            for v, w in missing:
                add(v, w)
        log.warning("could not prove the round optimal; it is the best over the pairs considered")
        return [found[v] for v in range(n)]

    def _violations(
        self, dual: dict[int, int], adjacency: list[dict[int, int]]
    ) -> list[tuple[int, int]]:
        """Pairs left out whose reduced cost is negative: only they could improve the round.

        The matcher's doubled duals satisfy dual[v] + dual[w] >= 2 * weight on every pair it
        saw; if every other pair satisfies it too, the round is optimal over all pairs (the
        blossom duals are non-negative and only add to the slack, so ignoring them is safe).
        Weights are minus costs, so a pair can only violate when dual[v] + dual[w] < 0.
        """
        order = sorted(range(self.size), key=dual.__getitem__)
        missing = []
        for v in order:
            dv = dual[v]
            if dv + dual[order[0]] >= 0:
                break
            for w in order:
                if dv + dual[w] >= 0:
                    break
                if w != v and w not in adjacency[v] and dv + dual[w] + 2 * self.cost(v, w) < 0:
                    missing.append((v, w))
        return missing

    # --- the round --------------------------------------------------------------------------

    def groups(self, mate: list[int]) -> tuple[Group, ...]:
        pairs: list[tuple[int, ...]] = [
            (v, mate[v]) for v in range(self.people) if v < mate[v] < self.people
        ]
        if self.seat >= 0:
            third = mate[self.seat]
            best = min(range(len(pairs)), key=lambda k: self._trio_cost((*pairs[k], third)))
            pairs[best] = (*pairs[best], third)
            bound = self._plain_total(mate)
            # The trio's other two members were in trios no less recently than the fewest.
            floor = max(bound, self._colleagues_with_trio() * self.colleague_unit)
            floor += 2 * self.fewest_trios * self.trio_unit
            if self._arrangement_cost(pairs) <= floor:
                log.debug("the group of three reaches the lower bound")
            elif self.people <= TRIO_EXACT_LIMIT:
                pairs = self._exact_with_trio(pairs, best, bound)
            elif self._plain_cost(third, pairs[best][0]) or self._plain_cost(third, pairs[best][1]):
                pairs = self._search_trio(pairs, best, floor)
            else:
                # The third joined for free; swaps may still bring in people whose last trio
                # was longer ago.
                self._improve_trio(pairs, best)
        named = sorted(tuple(sorted(self.logins[v] for v in group)) for group in pairs)
        return tuple(Group(members=members) for members in named)

    def _colleagues_with_trio(self) -> int:
        """Colleague pairs that no round with a trio avoids, given the largest organisation.

        With k of its b people in the trio, the trio holds k(k-1)/2 pairs of them, and the pairs
        at least half the surplus of the b - k others over everyone else.
        """
        _, inside = self._largest_organisation()
        outside = self.people - inside
        forced = [
            k * (k - 1) // 2 + max(0, (inside - k) - (outside - (3 - k))) // 2
            for k in range(4)
            if k <= inside and 3 - k <= outside
        ]
        return min(forced, default=0)

    def _trio_cost(self, trio: tuple[int, ...]) -> tuple[int, int]:
        """A trio's pair costs with its members' trio history, then the tie-break."""
        x, y, z = trio
        plain = self._plain_cost(x, y) + self._plain_cost(x, z) + self._plain_cost(y, z)
        rotation = (sum(self.trio_level[m] for m in trio) - self.fewest_trios) * self.trio_unit
        tie = self._tie_break(x, y) + self._tie_break(x, z) + self._tie_break(y, z)
        return plain + rotation, tie

    def _exact_with_trio(
        self, groups: list[tuple[int, ...]], trio: int, bound: int
    ) -> list[tuple[int, ...]]:
        """The best round with a trio, by trying each pair of people as two of the trio.

        With x and a fixed as two of the trio, the third person b costs cost(x, b) + cost(a, b):
        merge x and a into one vertex with those costs and the rest is a perfect matching again.
        A trio that could beat the round in hand has every one of its pairs cheaper than the
        gap between that round and the matching lower bound, so only such pairs are tried.
        """
        people = list(range(self.people))

        def total(arrangement: list[tuple[int, ...]]) -> int:
            cost = 0
            for group in arrangement:
                if len(group) == 3:
                    cost += sum(self._trio_cost(group))
                else:
                    cost += self.cost(*group)
            return cost

        best, best_cost = groups, total(groups)
        for x in people:
            for a in range(x + 1, self.people):
                if self.cost(x, a) >= best_cost - bound:
                    continue
                rest = [v for v in people if v not in (x, a)]
                merged = len(rest)  # the vertex standing for x and a together
                adjacency: list[dict[int, int]] = [{} for _ in range(len(rest) + 1)]
                for i, v in enumerate(rest):
                    for j in range(i + 1, len(rest)):
                        adjacency[i][j] = adjacency[j][i] = -self.cost(v, rest[j])
                    trio = sum(self._trio_cost((x, a, v)))
                    adjacency[i][merged] = adjacency[merged][i] = -trio
                found, _ = max_weight_matching(adjacency, maxcardinality=True)
                arrangement = [
                    (x, a, rest[i]) if found[i] == merged else (rest[i], rest[found[i]])
                    for i in range(len(rest))
                    if found[i] == merged or i < found[i] < merged
                ]
                cost = total(arrangement)
                if cost < best_cost:
                    best, best_cost = arrangement, cost
        return best

    def _plain_total(self, mate: list[int]) -> int:
        """The cost of a matching (with the trio seat) without the tie-break: a lower bound
        for every round with a trio when the matching is optimal."""
        return sum(self._plain_cost(v, mate[v]) for v in range(self.size) if v < mate[v])

    def _arrangement_cost(self, groups: list[tuple[int, ...]]) -> int:
        return sum(self._trio_cost(g)[0] if len(g) == 3 else self._plain_cost(*g) for g in groups)

    def _search_trio(
        self, groups: list[tuple[int, ...]], trio: int, bound: int
    ) -> list[tuple[int, ...]]:
        """For large rounds: try pairs of the round as two of the trio until one reaches the bound.

        Each try is the merged-vertex matching of ``_exact_with_trio``; reaching the lower bound
        proves the round optimal. Otherwise the best found is kept, improved by local swaps.
        """
        self._improve_trio(groups, trio)
        best, best_cost = groups, self._arrangement_cost(groups)
        candidates = [g[:2] for g in groups if len(g) == 2]
        self.rng.shuffle(candidates)
        for x, a in candidates[:TRIO_TRIES]:
            if best_cost <= bound:
                break
            merged = _Merged(self, x, a)
            mate = merged.solve(DENSE_LIMIT)
            arrangement = merged.arrangement(mate)
            cost = self._arrangement_cost(arrangement)
            if cost < best_cost:
                best, best_cost = arrangement, cost
        if best_cost > bound:
            log.warning("the group of three may not be the best possible (not proven optimal)")
        return best

    def _improve_trio(self, groups: list[tuple[int, ...]], trio: int) -> None:
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
                current = self._split_cost(groups[trio], pair)[0]
                for left in ((a, b) for a in range(5) for b in range(a + 1, 5)):
                    new_pair = (five[left[0]], five[left[1]])
                    new_trio = tuple(five[i] for i in range(5) if i not in left)
                    cost = self._split_cost(new_trio, new_pair)[0]
                    if cost < current:
                        groups[trio], groups[k] = new_trio, new_pair
                        current = cost
                        improved = True
                        five = (*groups[trio], *groups[k])

    def _split_cost(self, trio: tuple[int, ...], pair: tuple[int, ...]) -> tuple[int, int]:
        plain, tie = self._trio_cost(trio)
        return plain + self._plain_cost(*pair), tie + self._tie_break(*pair)


class _Within(_Problem):
    """Some of a problem's people, matched over pairs who have not met (all colleagues)."""

    def __init__(self, base: _Problem, people: list[int]):
        self.base, self.chosen = base, people
        self.size = len(people)
        self.rng = base.rng
        self.seat = -1

    def free(self, v: int, w: int) -> bool:
        return self.chosen[w] not in self.base.met[self.chosen[v]]


class _Merged(_Problem):
    """The round with two people, x and a, fixed in the trio: they act as one vertex whose cost
    with anyone b is the whole trio's cost, so the rest is a perfect matching again."""

    def __init__(self, base: _Problem, x: int, a: int):
        self.base, self.x, self.a = base, x, a
        self.rest = [v for v in range(base.people) if v not in (x, a)]
        self.merged = len(self.rest)
        self.size = self.merged + 1
        self.rng = base.rng
        self.seat = -1

    def _trio(self, v: int) -> tuple[int, int]:
        return self.base._trio_cost((self.x, self.a, self.rest[v]))

    def free(self, v: int, w: int) -> bool:
        if v == self.merged:
            return self._trio(w)[0] == 0
        if w == self.merged:
            return self._trio(v)[0] == 0
        return self.base.free(self.rest[v], self.rest[w])

    def cost(self, v: int, w: int) -> int:
        if v == self.merged or w == self.merged:
            return sum(self._trio(w if v == self.merged else v))
        return self.base.cost(self.rest[v], self.rest[w])

    def _dominant(self) -> list[int] | None:
        return None  # the merged vertex's costs are not a pair's: use the general method

    def arrangement(self, mate: list[int]) -> list[tuple[int, ...]]:
        groups: list[tuple[int, ...]] = []
        for v in range(self.merged):
            if mate[v] == self.merged:
                groups.append((self.x, self.a, self.rest[v]))
            elif v < mate[v]:
                groups.append((self.rest[v], self.rest[mate[v]]))
        return groups
