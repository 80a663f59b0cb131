"""``unmentoring pair --push``: the round file lands on the remote branch, never replacing one.

Each test has a bare remote and two clones: ``ours`` (where `pair --push` runs, with no git
identity, as on GitHub's runners) and ``theirs`` (someone else pushing at the same time).
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest

from unmentoring import cli
from unmentoring.commands import pair as pair_command
from unmentoring.core.schedule import LAST_DRAW_DAY
from unmentoring.store import repository

SAMPLE = Path(cli.__file__).parent / "sample"
MONTH = "2026-02"
IDENTITY = ["-c", "user.name=Someone", "-c", "user.email=someone@example.invalid"]


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)
    return done.stdout


@pytest.fixture
def clones(tmp_path, monkeypatch):
    # No global or system git configuration: no identity, as on a fresh runner.
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.delenv("GIT_CONFIG_GLOBAL", raising=False)
    for name in ("NAME", "EMAIL"):
        for who in ("AUTHOR", "COMMITTER"):
            monkeypatch.delenv(f"GIT_{who}_{name}", raising=False)
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "--quiet", "--bare", "--initial-branch=main", str(remote))
    seed = tmp_path / "seed"
    shutil.copytree(SAMPLE, seed)
    git(seed, "init", "--quiet", "--initial-branch=main")
    git(seed, "add", ".")
    git(seed, *IDENTITY, "commit", "--quiet", "-m", "the scheme")
    git(seed, "push", "--quiet", str(remote), "main")
    ours, theirs = tmp_path / "ours", tmp_path / "theirs"
    for clone in (ours, theirs):
        git(tmp_path, "clone", "--quiet", str(remote), str(clone))
    return ours, theirs


def pair(root: Path, *args: str) -> int:
    return cli.main(["pair", "--repo", str(root), "--round", MONTH, *args])


def push_from(clone: Path, message: str) -> None:
    git(clone, "add", "--all")
    git(clone, *IDENTITY, "commit", "--quiet", "-m", message)
    git(clone, "push", "--quiet", "origin", "main")


def remote_round(theirs: Path) -> str:
    git(theirs, "pull", "--quiet", "--ff-only", "origin", "main")
    return (theirs / "rounds" / f"{MONTH}.yaml").read_text()


def add_newcomer(clone: Path) -> None:
    model = (clone / "participants").glob("*.yaml")
    text = next(f for f in sorted(model) if "paused" not in f.read_text()).read_text()
    login = text.split("github:", 1)[1].split()[0]
    (clone / "participants" / "newcomer.yaml").write_text(text.replace(login, "newcomer"))


def test_pushes_the_round_without_a_git_identity(clones, capsys):
    ours, theirs = clones
    assert pair(ours, "--push") == 0
    out = capsys.readouterr().out
    assert "pushed as commit" in out
    pushed = remote_round(theirs)
    committer = git(theirs, "log", "-1", "--format=%cn")
    assert committer.strip() == "github-actions[bot]"  # landing's stand-in identity
    # The pushed file is what a plain draw of the same data writes.
    git(theirs, "reset", "--quiet", "--hard", "HEAD~1")
    assert pair(theirs) == 0
    assert (theirs / "rounds" / f"{MONTH}.yaml").read_text() == pushed


def test_draws_from_the_branchs_newest_data_not_the_stale_checkout(clones):
    ours, theirs = clones
    add_newcomer(theirs)
    push_from(theirs, "newcomer joins")
    assert pair(ours, "--push") == 0
    assert "newcomer" in remote_round(theirs)


def test_a_round_pushed_first_by_someone_else_is_kept(clones, capsys):
    ours, theirs = clones
    assert pair(theirs, "--seed", "theirs") == 0
    push_from(theirs, "their round")
    theirs_text = (theirs / "rounds" / f"{MONTH}.yaml").read_text()
    assert pair(ours, "--push") == 0
    assert "already drawn" in capsys.readouterr().out
    assert remote_round(theirs) == theirs_text


def test_a_lost_race_starts_again_and_keeps_the_round_that_won(clones, monkeypatch, capsys):
    """Someone pushes their round between our draw and our push: ours is dropped, not forced."""
    ours, theirs = clones
    assert pair(theirs, "--seed", "theirs") == 0
    theirs_text = (theirs / "rounds" / f"{MONTH}.yaml").read_text()
    write_round = repository.write_round
    attempts = []

    def racing_write(root, drawn):
        attempts.append(drawn.seed)
        if len(attempts) == 1:
            push_from(theirs, "their round, pushed while we draw")
        return write_round(root, drawn)

    monkeypatch.setattr(repository, "write_round", racing_write)
    assert pair(ours, "--push") == 0
    assert len(attempts) == 1  # the second attempt found their round and drew nothing
    assert "already drawn" in capsys.readouterr().out
    assert remote_round(theirs) == theirs_text


def test_a_scheduled_run_before_the_start_pushes_nothing(clones, capsys, monkeypatch):
    ours, theirs = clones

    monkeypatch.setattr(pair_command, "current_month", lambda: "2025-12")
    monkeypatch.setattr(pair_command, "today", lambda: dt.date(2025, 12, 1))
    before = git(theirs, "ls-remote", "origin", "main")
    assert cli.main(["pair", "--repo", str(ours), "--push"]) == 0
    assert "the scheme starts in 2026-01" in capsys.readouterr().out
    assert git(theirs, "ls-remote", "origin", "main") == before


def test_a_scheduled_run_after_the_draw_days_draws_nothing_and_says_how(
    clones, capsys, monkeypatch
):
    """Issue 21, finding 5: the workflow now runs daily so that announce converges; the draw
    itself stays on days 1 to 7 (a round drawn on the 20th would be nudged, asked and judged
    quiet within days). Asked for by name, a round is drawn on any day."""
    ours, theirs = clones
    monkeypatch.setattr(pair_command, "current_month", lambda: "2026-02")
    monkeypatch.setattr(pair_command, "today", lambda: dt.date(2026, 2, LAST_DRAW_DAY + 1))
    monkeypatch.setenv("GITHUB_REF_NAME", "main")  # as in the workflow: the run's branch
    before = git(theirs, "ls-remote", "origin", "main")
    assert cli.main(["pair", "--repo", str(ours), "--push"]) == 0
    said = capsys.readouterr().out
    assert "round 2026-02 not drawn: the month's draw days (1 to 7) have passed" in said
    assert "--round 2026-02" in said
    assert git(theirs, "ls-remote", "origin", "main") == before
    code = cli.main(["pair", "--repo", str(ours), "--push", "--round", "2026-02"])
    assert code == 0, capsys.readouterr()
    assert git(theirs, "ls-remote", "origin", "main") != before


def test_push_refuses_a_checkout_with_uncommitted_changes(clones, capsys):
    ours, _theirs = clones
    (ours / "scheme.yaml").write_text((ours / "scheme.yaml").read_text() + "# edited\n")
    assert pair(ours, "--push") == 1
    assert "uncommitted changes" in capsys.readouterr().err
