"""``unmentoring build-site`` on 10,000 participants and 36 rounds (goal: under 10 s).

The scheme is a git repository whose history deletes 500 participant files over 24 commits, as
leaving does, so the build reads the leaves per month from history as it would in a real scheme.
``--rounds N`` sets the number of past rounds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from measure import run_command
from synthetic import make_scheme

LEAVERS, LEAVING_COMMITS = 500, 24


def git(root: Path, *args: str, when: dt.date | None = None) -> None:
    env = dict(os.environ)
    if when:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = f"{when.isoformat()}T12:00:00+00:00"
    subprocess.run(["git", "-C", str(root), *args], check=True, env=env, capture_output=True)


def with_history(root: Path) -> None:
    """Commit the scheme, then delete ``LEAVERS`` participant files, one commit a month."""
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.name", "Bench")
    git(root, "config", "user.email", "bench@example.invalid")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "scheme", when=dt.date(2023, 12, 1))
    files = sorted((root / "participants").glob("*.yaml"))[:LEAVERS]
    per_commit = LEAVERS // LEAVING_COMMITS + 1
    for index in range(LEAVING_COMMITS):
        batch = files[index * per_commit : (index + 1) * per_commit]
        if not batch:
            break
        git(root, "rm", "-q", *(str(file.relative_to(root)) for file in batch))
        when = dt.date(2024 + index // 12, index % 12 + 1, 15)
        git(root, "commit", "-q", "-m", "leave", when=when)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=36)
    rounds = parser.parse_args().rounds
    with tempfile.TemporaryDirectory() as folder:
        root = make_scheme(Path(folder) / "scheme", participants=10_000, rounds=rounds)
        with_history(root)
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
            f"build-site, 10,000 participants ({LEAVERS} left) + {rounds} rounds: "
            f"{seconds:.2f} s, peak {peak:.0f} MiB, site {size / 1024:.1f} KB"
        )
        print("goal: under 10 s (and the site under 100 KB)")


if __name__ == "__main__":
    main()
