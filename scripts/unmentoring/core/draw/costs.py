"""The rules of a good round as costs on pairs: the one place that says what "better" means.

Each rule is a cost unit larger than any total of the units below it, so that comparing costs
compares the rules in order: repeats, then how recently the pair met, then pairs who cannot meet
as they both want (``core/meeting.can_meet``), then colleagues, then the trio's rotation, then a
random tie-break from the seed. People are numbers 0..n-1 (in login
order); for an odd count, vertex n is a stand-in "seat in the group of three", whose cost with
someone is that person's trio history.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence

from unmentoring.core.draw.history import History
from unmentoring.core.meeting import Meet, can_meet
from unmentoring.core.model import Participant
from unmentoring.core.organisations import organisation_key

# Tie-breaking values per pair: random among [0, TIE_BREAK).
TIE_BREAK = 1 << 10
_MASK = 0xFFFFFFFFFFFFFFFF

NO_ORGANISATION = -1


class CostModel:
    """Who is who (organisation, how they'd like to meet, who met whom when, trio history) and
    what each pair costs.

    It is also the ``Graph`` of the whole round: vertices are the people plus the trio seat.
    """

    def __init__(
        self,
        logins: list[str],
        organisation: list[int],
        ways: Sequence[tuple[Meet, str | None]],
        met: list[dict[int, int]],
        trio_level: list[int],
        salt: int,
    ) -> None:
        self.logins = logins
        self.people = len(logins)
        self.organisation = organisation  # NO_ORGANISATION, or a number per organisation
        self.met = met  # partner -> rank of the round they last met
        self.trio_level = trio_level  # 0 never in a trio, else rank + 1 of the last
        self.salt = salt
        # How each would like to meet, as a number per distinct (meet, area), and which numbers
        # can meet: a table, as free() runs millions of times in a large round.
        kinds: dict[tuple[Meet, str | None], int] = {}
        self.kind = [kinds.setdefault(way, len(kinds)) for way in ways]
        self.able = [[can_meet(way, other) for other in kinds] for way in kinds]
        self.seat = self.people if self.people % 2 else -1
        self.size = self.people + (1 if self.seat >= 0 else 0)
        self.fewest_trios = min(trio_level) if self.seat >= 0 else 0
        pairs = self.size // 2 + 2
        ranks = max(1, max((r for m in met for r in m.values()), default=0) + 2)
        self.trio_unit = pairs * TIE_BREAK
        self.colleague_unit = (ranks + 1) * self.trio_unit
        # A pair who cannot meet as they want has no conversation at all: worse than colleagues,
        # but better than meeting the same person again (the scheme is for meeting new people).
        self.cannot_meet_unit = (pairs + 1) * self.colleague_unit
        self.recency_unit = (pairs + 1) * self.cannot_meet_unit
        self.repeat_unit = (pairs * ranks + 1) * self.recency_unit

    @classmethod
    def build(
        cls, people: Sequence[Participant], history: History, rng: random.Random
    ) -> CostModel:
        """The model of ``people`` (sorted by login); takes the tie-break's salt from ``rng``."""
        logins = [p.login for p in people]
        index = {login: i for i, login in enumerate(logins)}
        keys: dict[str, int] = {}
        organisation = []
        for p in people:
            key = organisation_key(p.organisation)
            organisation.append(NO_ORGANISATION if key is None else keys.setdefault(key, len(keys)))
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
        ways = [(p.meet, p.area) for p in people]
        return cls(logins, organisation, ways, met, trio_level, rng.getrandbits(64))

    def free(self, v: int, w: int) -> bool:
        """Whether pairing v and w costs nothing (the tie-break aside)."""
        if v == self.seat:
            return self.trio_level[w] == self.fewest_trios
        if w == self.seat:
            return self.trio_level[v] == self.fewest_trios
        org = self.organisation[v]
        return (
            (org < 0 or org != self.organisation[w])
            and w not in self.met[v]
            and self.able[self.kind[v]][self.kind[w]]
        )

    def cost(self, v: int, w: int) -> int:
        return self.plain_cost(v, w) + self.tie_break(v, w)

    def plain_cost(self, v: int, w: int) -> int:
        """The cost by the rules alone, without the tie-break."""
        if v == self.seat or w == self.seat:
            person = w if v == self.seat else v
            return (self.trio_level[person] - self.fewest_trios) * self.trio_unit
        total = 0
        rank = self.met[v].get(w)
        if rank is not None:
            total += self.repeat_unit + (rank + 1) * self.recency_unit
        if not self.can_meet(v, w):
            total += self.cannot_meet_unit
        if self.colleagues(v, w):
            total += self.colleague_unit
        return total

    def can_meet(self, v: int, w: int) -> bool:
        """Whether two people (not the seat) can meet as they both want."""
        return self.able[self.kind[v]][self.kind[w]]

    def colleagues(self, v: int, w: int) -> bool:
        org = self.organisation[v]
        return org >= 0 and org == self.organisation[w]

    def tie_break(self, v: int, w: int) -> int:
        # splitmix64 of the pair and the seed's salt: random, but the same for the same seed.
        low, high = (v, w) if v < w else (w, v)
        z = (low * 1_000_003 + high + self.salt) & _MASK
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
        return (z ^ (z >> 31)) % TIE_BREAK

    def trio_cost(self, trio: tuple[int, ...]) -> tuple[int, int]:
        """A trio's pair costs with its members' trio history, then the tie-break."""
        x, y, z = trio
        plain = self.plain_cost(x, y) + self.plain_cost(x, z) + self.plain_cost(y, z)
        rotation = (sum(self.trio_level[m] for m in trio) - self.fewest_trios) * self.trio_unit
        tie = self.tie_break(x, y) + self.tie_break(x, z) + self.tie_break(y, z)
        return plain + rotation, tie

    def largest_organisation(self) -> tuple[int, int]:
        """The largest organisation among the people and its size ((-1, 0) when none)."""
        sizes = Counter(org for org in self.organisation if org >= 0)
        if not sizes:
            return NO_ORGANISATION, 0
        size = max(sizes.values())
        return min(org for org, count in sizes.items() if count == size), size
