"""Landing sign-ups with git: many at once against one remote, none lost, none clobbered.

Real git processes push to a local bare repository, as workflow runs push to GitHub.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import SCHEME

from unmentoring.commands import sign_up
from unmentoring.commands.sign_up import Request
from unmentoring.core.forms import Form
from unmentoring.core.problems import Refused
from unmentoring.gitops import landing
from unmentoring.gitops.git import run as run_git
from unmentoring.store import repository

ROOT = Path(__file__).resolve().parent.parent
BODIES = Path(__file__).parent / "fixtures" / "issue_bodies"
TODAY = dt.date(2026, 3, 10)
SIGN_UPS = 20


def git(cwd: Path, *args: str) -> str:
    return run_git(cwd, *args).stdout.strip()


@pytest.fixture
def remote(tmp_path: Path) -> Path:
    """A bare repository holding a scheme on `main`, like the scheme's GitHub repository."""
    bare = tmp_path / "remote.git"
    git(tmp_path, "init", "--quiet", "--bare", "--initial-branch=main", str(bare))
    seed = tmp_path / "seed"
    seed.mkdir()
    git(seed, "init", "--quiet", "--initial-branch=main")
    (seed / "scheme.yaml").write_text(SCHEME)
    (seed / "participants").mkdir()
    (seed / "participants" / ".gitkeep").write_text("")
    shutil.copytree(ROOT / ".github" / "ISSUE_TEMPLATE", seed / ".github" / "ISSUE_TEMPLATE")
    git(seed, "add", "--all")
    git(seed, *landing._identity(seed), "commit", "--quiet", "-m", "A scheme")
    git(seed, "push", "--quiet", str(bare), "HEAD:refs/heads/main")
    return bare


def clone(remote: Path, where: Path) -> Path:
    git(remote.parent, "clone", "--quiet", str(remote), str(where))
    return where


def files_on(remote: Path, branch: str = "main") -> list[str]:
    listing = git(remote, "ls-tree", "--name-only", f"{branch}:participants")
    return sorted(name for name in listing.splitlines() if name.endswith(".yaml"))


def quick_wait(attempt: int) -> float:
    """The real backoff's shape (growing, full jitter), on the scale of a local push."""
    return random.uniform(0, min(1.0, 0.02 * 2**attempt))


def join_form(checkout: Path) -> Form:
    return sign_up.load_forms(checkout)["join"]


def test_twenty_simultaneous_sign_ups_all_land(remote, tmp_path):
    """Each run has its own checkout (as each workflow run does) and pushes at the same moment."""
    checkouts = [clone(remote, tmp_path / f"run{number}") for number in range(SIGN_UPS)]
    body = (BODIES / "join_plain.md").read_text()
    start = threading.Barrier(SIGN_UPS)
    results: dict[int, object] = {}

    def sign_up_as(number: int) -> None:
        checkout = checkouts[number]
        request = Request(login=f"person-{number}", body=body, issue=number + 1)
        form = join_form(checkout)
        start.wait()
        try:
            results[number] = sign_up.land(
                checkout, request, form, today=TODAY, base="main", review=False, wait=quick_wait
            )
        except Exception as error:  # reported below, with the others
            results[number] = error

    threads = [threading.Thread(target=sign_up_as, args=(n,)) for n in range(SIGN_UPS)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    took = time.perf_counter() - began

    failures = {n: r for n, r in results.items() if isinstance(r, Exception)}
    assert not failures, failures
    assert len(results) == SIGN_UPS
    assert all(result[1] == "main" for result in results.values())
    assert files_on(remote) == sorted(f"person-{n}.yaml" for n in range(SIGN_UPS))
    # One commit per sign-up on top of the seed: nothing squashed, nothing duplicated.
    assert int(git(remote, "rev-list", "--count", "main")) == SIGN_UPS + 1
    final = clone(remote, tmp_path / "final")
    loaded, problems = repository.load(final)
    assert problems == []
    assert set(loaded.participants) == {f"person-{n}" for n in range(SIGN_UPS)}
    print(f"{SIGN_UPS} simultaneous sign-ups landed in {took:.1f} s")


def test_a_lost_race_starts_again_from_the_newer_files(remote, tmp_path):
    """The retry sees what landed meanwhile: here the same person's earlier join (its date)."""
    mine, theirs = clone(remote, tmp_path / "mine"), clone(remote, tmp_path / "theirs")
    body = (BODIES / "join_plain.md").read_text()
    earlier = dt.date(2026, 3, 1)
    attempts = []

    def make_change(checkout: Path) -> landing.Commit | None:
        if not attempts:
            # Someone else lands first: this person's own earlier form, and another sign-up.
            for login, day in (("alex", earlier), ("bea", earlier)):
                form = join_form(theirs)
                sign_up.land(
                    theirs, Request(login=login, body=body), form,
                    today=day, base="main", review=False, wait=quick_wait,
                )  # fmt: skip
        form = join_form(checkout)
        outcome = sign_up.evaluate(checkout, Request(login="alex", body=body), form, today=TODAY)
        attempts.append(outcome)
        changed = sign_up.apply(checkout, outcome)
        return landing.Commit(message="alex: join", paths=changed) if changed else None

    landing.land(mine, make_change, base="main", wait=lambda attempt: 0)
    # First attempt: a new join dated today, rejected on push. Second: sees the earlier join.
    assert attempts[0].participant.joined == TODAY
    assert attempts[-1].participant.joined == earlier
    assert files_on(remote) == ["alex.yaml", "bea.yaml"]


def test_review_mode_pushes_a_branch_and_leaves_main_alone(remote, tmp_path):
    checkout = clone(remote, tmp_path / "run")
    request = Request(login="Alex", body=(BODIES / "join_plain.md").read_text(), issue=3)
    outcome, branch = sign_up.land(
        checkout, request, join_form(checkout), today=TODAY, base="main", review=True
    )
    assert outcome.ok and branch == "unmentoring/intake-alex"
    assert files_on(remote) == []
    assert files_on(remote, branch) == ["alex.yaml"]
    # An edited issue runs again: the branch is replaced, still one commit on top of main.
    edited = Request(login="Alex", body=(BODIES / "join_minimal.md").read_text(), issue=3)
    sign_up.land(checkout, edited, join_form(checkout), today=TODAY, base="main", review=True)
    assert git(remote, "rev-list", "--count", f"main..{branch}") == "1"
    shown = git(remote, "show", f"{branch}:participants/alex.yaml")
    assert "name: Sam Owen" in shown


def test_nothing_to_change_makes_no_commit(remote, tmp_path):
    checkout = clone(remote, tmp_path / "run")
    request = Request(login="nobody", body=(BODIES / "change_leave.md").read_text())
    form = sign_up.load_forms(checkout)["change"]
    outcome, branch = sign_up.land(checkout, request, form, today=TODAY, base="main", review=False)
    assert outcome.ok and not outcome.changed and branch is None
    assert git(remote, "rev-list", "--count", "main") == "1"


def test_problems_make_no_commit(remote, tmp_path):
    checkout = clone(remote, tmp_path / "run")
    request = Request(login="una", body=(BODIES / "join_unticked.md").read_text())
    outcome, branch = sign_up.land(
        checkout, request, join_form(checkout), today=TODAY, base="main", review=False
    )
    assert not outcome.ok and branch is None
    assert git(remote, "rev-list", "--count", "main") == "1"


def test_uncommitted_work_is_never_discarded(remote, tmp_path):
    checkout = clone(remote, tmp_path / "run")
    (checkout / "scheme.yaml").write_text(SCHEME + "# my local edit\n")
    request = Request(login="alex", body=(BODIES / "join_plain.md").read_text())
    with pytest.raises(Refused, match="uncommitted changes"):
        sign_up.land(checkout, request, join_form(checkout), today=TODAY, base="main", review=False)
    assert "# my local edit" in (checkout / "scheme.yaml").read_text()


def test_a_push_that_keeps_losing_races_gives_up_with_a_clear_message(remote, tmp_path):
    checkout = clone(remote, tmp_path / "run")
    other = clone(remote, tmp_path / "other")
    waits = []

    def make_change(root: Path) -> landing.Commit:
        # Another run lands first every time, so this push is always rejected.
        git(other, "pull", "--quiet", "origin", "main")
        (other / f"other-{len(waits)}.txt").write_text("x")
        git(other, "add", "--all")
        git(other, *landing._identity(other), "commit", "--quiet", "-m", "other")
        git(other, "push", "--quiet", "origin", "HEAD:main")
        (root / "participants" / "x.yaml").write_text("x")
        return landing.Commit(message="x", paths=("participants/x.yaml",))

    with pytest.raises(Refused, match="could not push to main after 3 attempts"):
        landing.land(
            checkout, make_change, base="main", attempts=3, wait=lambda a: a, sleep=waits.append
        )
    assert waits == [0, 1, 2]


def test_a_push_to_a_missing_remote_fails_at_once(remote, tmp_path):
    checkout = clone(remote, tmp_path / "run")
    git(checkout, "remote", "set-url", "--push", "origin", str(tmp_path / "missing.git"))
    waits = []

    def make_change(root: Path) -> landing.Commit:
        (root / "participants" / "x.yaml").write_text("x")
        return landing.Commit(message="x", paths=("participants/x.yaml",))

    with pytest.raises(Refused, match="trying again will not help"):
        landing.land(
            checkout, make_change, base="main", attempts=3, wait=lambda a: a, sleep=waits.append
        )
    assert waits == []


def test_cli_sign_ups_from_separate_processes_all_land(remote, tmp_path):
    """The command itself, as the workflow runs it: separate processes, --push."""
    count = 4
    processes = []
    env = {**os.environ, "PYTHONPATH": str(ROOT / "scripts")}
    for number in range(count):
        checkout = clone(remote, tmp_path / f"cli{number}")
        command = [
            sys.executable, "-m", "unmentoring", "intake", "--repo", str(checkout),
            "--body-file", str(BODIES / "join_emoji_rtl.md"), "--author", f"cli-{number}",
            "--push",
        ]  # fmt: skip
        processes.append(
            subprocess.Popen(
                command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
            )
        )
    for process in processes:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        assert "you're in" in out
    assert files_on(remote) == sorted(f"cli-{n}.yaml" for n in range(count))
