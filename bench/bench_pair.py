"""``unmentoring pair`` as a whole process on 1,000 and 10,000 participants with 24 rounds of
history (goal: 10,000 in under 10 s and 500 MB), with the quality of the round it wrote."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from measure import run_command
from synthetic import make_scheme

from unmentoring import pairing, repository
from unmentoring.draw import eligible, history

MONTH = "2026-01"


def main() -> None:
    for size in (1_000, 10_000):
        with tempfile.TemporaryDirectory() as folder:
            root = make_scheme(Path(folder), participants=size, rounds=24)
            seconds, peak, done = run_command(["pair", "--repo", str(root), "--round", MONTH])
            if done.returncode != 0:
                print(done.stdout[-2000:], done.stderr[-2000:])
                raise SystemExit(f"pair failed on the synthetic scheme of {size}")
            loaded = repository.load_valid(root)
            people = eligible(loaded, MONTH)
            past = history(loaded, MONTH)
            quality = pairing.assess(loaded.rounds[MONTH], people, pairing.History.of(past, MONTH))
            print(
                f"pair, {size:,} participants + 24 rounds: {seconds:.2f} s, peak {peak:.0f} MiB; "
                f"{len(people):,} drawn, {quality.repeats} repeat(s), "
                f"{quality.same_organisation} pair(s) of colleagues"
            )
    print("goal: 10,000 in under 10 s and 500 MB; 0 repeats and 0 colleagues when possible")


if __name__ == "__main__":
    main()
