"""``unmentoring announce`` of 500 groups against the fake GitHub, with no pacing at all.

Prints the requests made per issue and the time of a whole ``announce`` process, then the same
for a second run (which finds every issue by its marker and opens none).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))

from fake_github import FakeGitHub  # noqa: E402 (after the path is set)
from measure import run_command  # noqa: E402
from synthetic import make_scheme  # noqa: E402

from unmentoring.core.model import Group, Round  # noqa: E402
from unmentoring.store import repository  # noqa: E402

GROUPS = 500
MONTH = "2026-03"


def main() -> None:
    with tempfile.TemporaryDirectory() as folder, FakeGitHub("bench/scheme") as fake:
        root = make_scheme(Path(folder), participants=GROUPS * 2, rounds=0)
        logins = sorted(path.stem for path in (root / "participants").glob("*.yaml"))
        groups = tuple(Group(members=tuple(logins[i : i + 2])) for i in range(0, len(logins), 2))
        repository.write_round(root, Round(round=MONTH, seed="bench", groups=groups))
        # No pacing and no hourly budget: this measures the requests and the work per group.
        env = {**os.environ, **fake.env(write_interval=0), "UNMENTORING_HOURLY_CREATES": "100000"}
        env.pop("GITHUB_STEP_SUMMARY", None)
        command = ["announce", "--repo", str(root), "--round", MONTH]
        for label in ("first run", "second run"):
            before = len(fake.requests)
            seconds, peak, done = run_command(command, env=env)
            if done.returncode != 0:
                print(done.stdout[-2000:], done.stderr[-2000:])
                raise SystemExit(f"announce failed on the {label}")
            made = len(fake.requests) - before
            print(
                f"announce {GROUPS} groups, {label}: {seconds:.2f} s, peak {peak:.0f} MiB, "
                f"{made} requests ({made / GROUPS:.3f} per group)"
            )
        assert len(fake.issues) == GROUPS, "every group has exactly one issue"
        print("on GitHub the pacing sets the time a round takes: see bench_throttle")


if __name__ == "__main__":
    main()
