"""``unmentoring validate`` on 10,000 participant files and 24 rounds (goal: < 6 s, < 300 MB)."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from measure import run_command
from synthetic import make_scheme


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = make_scheme(Path(folder), participants=10_000, rounds=24)
        seconds, peak, done = run_command(["validate", "--repo", str(root)])
        if done.returncode != 0:
            print(done.stdout[-2000:], done.stderr[-2000:])
            raise SystemExit("validate failed on the synthetic scheme")
        print(f"validate, 10,000 participants + 24 rounds: {seconds:.2f} s, peak {peak:.0f} MiB")
        print("goal: under 6 s and 300 MB")


if __name__ == "__main__":
    main()
