"""``unmentoring build-site`` on 10,000 participants and 36 rounds (goal: under 10 s)."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from measure import run_command
from synthetic import make_scheme


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = make_scheme(Path(folder) / "scheme", participants=10_000, rounds=36)
        out = Path(folder) / "site"
        # The synthetic scheme names no repository; the workflow's variable stands in for it.
        env = {**os.environ, "GITHUB_REPOSITORY": "bench/unmentoring"}
        args = ["build-site", "--repo", str(root), "--out", str(out), "--month", "2026-01"]
        seconds, peak, done = run_command(args, env=env)
        if done.returncode != 0:
            print(done.stdout[-2000:], done.stderr[-2000:])
            raise SystemExit("build-site failed on the synthetic scheme")
        size = sum(file.stat().st_size for file in out.rglob("*") if file.is_file())
        print(
            f"build-site, 10,000 participants + 36 rounds: {seconds:.2f} s, peak {peak:.0f} MiB, "
            f"site {size / 1024:.1f} KB"
        )
        print("goal: under 10 s (and the site under 100 KB)")


if __name__ == "__main__":
    main()
