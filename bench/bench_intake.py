"""``unmentoring intake``: one sign-up checked on a large scheme, and many landing at once.

1. ``intake --dry-run`` of a join form on synthetic schemes of 5,000 and 10,000 participants with
   24 rounds: time and peak memory of the whole process.
2. 20 ``intake --push`` processes started together, each in its own clone (as each workflow run
   has its own checkout), all pushing to one local bare repository holding the 5,000-participant
   scheme: the time until every sign-up has landed, and how many push attempts that took.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from measure import run_command  # noqa: E402 (after the path is set)
from synthetic import make_scheme  # noqa: E402

from unmentoring.gitops import landing  # noqa: E402
from unmentoring.gitops.git import run as run_git  # noqa: E402

SIZES = (5_000, 10_000)
ROUNDS = 24
SIGN_UPS = 20
JOIN = ROOT / "tests" / "fixtures" / "issue_bodies" / "join_plain.md"
FORMS = ROOT / ".github" / "ISSUE_TEMPLATE"


def scheme_with_forms(folder: Path, participants: int) -> Path:
    root = make_scheme(folder, participants=participants, rounds=ROUNDS)
    shutil.copytree(FORMS, root / ".github" / "ISSUE_TEMPLATE")
    return root


def bare_remote(scheme: Path, where: Path) -> Path:
    """A bare repository whose `main` holds ``scheme``, like the scheme's GitHub repository."""
    bare = where / "remote.git"
    run_git(where, "init", "--quiet", "--bare", "--initial-branch=main", str(bare))
    run_git(scheme, "init", "--quiet", "--initial-branch=main")
    run_git(scheme, "add", "--all")
    run_git(scheme, *landing._identity(scheme), "commit", "--quiet", "-m", "A scheme")
    run_git(scheme, "push", "--quiet", str(bare), "HEAD:refs/heads/main")
    return bare


def dry_run(participants: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = scheme_with_forms(Path(folder), participants)
        command = ["intake", "--repo", str(root), "--body-file", str(JOIN), "--author"]
        seconds, peak, done = run_command([*command, "newcomer", "--dry-run"])
        if done.returncode != 0 or "would write participants/newcomer.yaml" not in done.stdout:
            print(done.stdout[-2000:], done.stderr[-2000:])
            raise SystemExit("intake --dry-run failed on the synthetic scheme")
        print(
            f"intake --dry-run, {participants:,} participants + {ROUNDS} rounds: "
            f"{seconds:.2f} s, peak {peak:.0f} MiB"
        )


def concurrent_sign_ups(participants: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        where = Path(folder)
        remote = bare_remote(scheme_with_forms(where / "scheme", participants), where)
        checkouts = []
        for number in range(SIGN_UPS):
            checkout = where / f"run{number}"
            run_git(where, "clone", "--quiet", str(remote), str(checkout))
            checkouts.append(checkout)
        results: dict[int, tuple[float, int, str]] = {}

        def sign_up(number: int) -> None:
            command = ["intake", "--repo", str(checkouts[number]), "--body-file", str(JOIN)]
            command = [*command, "--author", f"bench-{number}", "--push"]
            done = subprocess.run(
                [sys.executable, "-m", "unmentoring", *command],
                capture_output=True,
                text=True,
                check=False,
                timeout=600,
            )
            results[number] = (time.perf_counter() - began, done.returncode, done.stderr)

        threads = [threading.Thread(target=sign_up, args=(n,)) for n in range(SIGN_UPS)]
        began = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        attempts = []
        for _, code, err in results.values():
            if code != 0:
                print(err[-2000:])
                raise SystemExit("a sign-up failed to land")
            attempts += [int(n) for n in re.findall(r"landed \w+ on main \(attempt (\d+)\)", err)]
        finished = sorted(seconds for seconds, _, _ in results.values())
        took = time.perf_counter() - began

        landed = run_git(remote, "ls-tree", "--name-only", "main:participants").stdout
        new = [name for name in landed.split() if name.startswith("bench-")]
        commits = int(run_git(remote, "rev-list", "--count", "main").stdout)
        assert len(new) == SIGN_UPS and commits == SIGN_UPS + 1, (len(new), commits)
        assert len(attempts) == SIGN_UPS, attempts
        print(
            f"{SIGN_UPS} concurrent intake --push processes, {participants:,}-participant scheme, "
            f"local bare remote: all landed in {took:.1f} s (median run "
            f"{finished[SIGN_UPS // 2]:.1f} s); push attempts per sign-up: mean "
            f"{sum(attempts) / SIGN_UPS:.1f}, max {max(attempts)}"
        )


def main() -> None:
    for participants in SIZES:
        dry_run(participants)
    concurrent_sign_ups(SIZES[0])


if __name__ == "__main__":
    main()
