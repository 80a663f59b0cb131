"""``unmentoring pair`` as a whole process on 1,000 and 10,000 participants with 24 rounds of
history (goal: 10,000 in under 10 s and 500 MB), with the quality of the round it wrote; also
10,000 with 60% in one organisation, 10,000 all in one organisation (a single council), and
10,000 who say how often and how they'd like to meet (20% video only, 15% in person only spread
over the areas, 15% every 2 or 3 months: bench/synthetic.py)."""

from __future__ import annotations

import math
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from measure import run_command
from synthetic import make_scheme

from unmentoring.core import pairing
from unmentoring.core.draws import eligible, past_rounds
from unmentoring.core.meeting import can_meet
from unmentoring.core.organisations import organisation_key
from unmentoring.store import repository

MONTH = "2026-01"
CASES = [
    (1_000, 0.0, False, "mixed organisations"),
    (10_000, 0.0, False, "mixed organisations"),
    (10_000, 0.6, False, "60% in one organisation"),
    (10_000, 1.0, False, "all in one organisation"),
    (10_000, 0.0, True, "mixed organisations, every, meet and area"),
    (10_000, 0.6, True, "60% in one organisation, every, meet and area"),
]


def colleague_bound(people) -> int:
    """Colleague pairs no round avoids: each pair holds at most one person from outside the
    largest organisation (and a trio of k of its people holds k(k-1)/2 pairs of them)."""
    sizes = Counter(organisation_key(p.organisation) for p in people)
    sizes.pop(None, None)
    inside = max(sizes.values(), default=0)
    outside = len(people) - inside
    if len(people) % 2 == 0:
        return max(0, inside - outside) // 2
    return min(
        math.comb(k, 2) + max(0, (inside - k) - (outside - (3 - k))) // 2
        for k in range(4)
        if k <= inside and 3 - k <= outside
    )


def cannot_meet_bound(people) -> int:
    """Pairs who cannot meet as they want that no round avoids: someone who can meet nobody
    here as they want (in person only, with no one in their area who meets in person) is in
    such a pair whatever happens, and one pair holds at most two of them (a trio, three)."""
    ways = [(p.meet, p.area) for p in people]
    alone = sum(
        1
        for i, way in enumerate(ways)
        if not any(can_meet(way, other) for j, other in enumerate(ways) if j != i)
    )
    return (alone + 1) // 2


def main() -> None:
    only = sys.argv[1:]  # labels to run (all when none), e.g. "every"
    for size, dominant, ways, label in CASES:
        if only and not any(word in label for word in only):
            continue
        with tempfile.TemporaryDirectory() as folder:
            root = make_scheme(
                Path(folder), participants=size, rounds=24, dominant=dominant, ways=ways
            )
            seconds, peak, done = run_command(["pair", "--repo", str(root), "--round", MONTH])
            if done.returncode != 0:
                print(done.stdout[-2000:], done.stderr[-2000:])
                raise SystemExit(f"pair failed on the synthetic scheme of {size} ({label})")
            loaded = repository.load_valid(root)
            people = eligible(loaded, MONTH)
            past = past_rounds(loaded, MONTH)
            quality = pairing.assess(loaded.rounds[MONTH], people, pairing.History.of(past, MONTH))
            print(
                f"pair, {size:,} participants ({label}) + 24 rounds: {seconds:.2f} s, "
                f"peak {peak:.0f} MiB; {len(people):,} drawn, {quality.repeats} repeat(s), "
                f"{quality.cannot_meet} pair(s) who cannot meet as they want "
                f"({cannot_meet_bound(people)} forced at least), "
                f"{quality.same_organisation} pair(s) of colleagues "
                f"(at least {colleague_bound(people)} forced)"
            )
    print(
        "goal: 10,000 in under 10 s and 500 MB; 0 repeats, and pairs who cannot meet and "
        "colleagues at their bounds"
    )


if __name__ == "__main__":
    main()
