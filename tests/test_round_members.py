"""`validate` refuses a round member who is not, and never was, a participant: a typo in a
round file (`sam-clark` for `sam-clerk`) would otherwise leave the real person unmatched."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from conftest import isolate_git

PEOPLE = ("ann", "bob", "cat", "dan")


def git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "init.defaultBranch=main", *args],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


@pytest.fixture
def scheme(scheme_repo, run_cli, monkeypatch, tmp_path) -> Path:
    isolate_git(monkeypatch, tmp_path)
    for login in PEOPLE:
        scheme_repo.add_participant(login)
    root = scheme_repo.root
    git(root, "init", "--quiet")
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "-m", "Sign-ups")
    assert run_cli("pair", "--repo", root, "--round", "2026-02")[0] == 0
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "-m", "Round")
    return root


def test_a_misspelt_member_is_named_with_its_line(scheme, run_cli):
    round_file = scheme / "rounds" / "2026-02.yaml"
    text = round_file.read_text()
    round_file.write_text(text.replace("bob", "bobb"))
    line = next(n for n, row in enumerate(round_file.read_text().splitlines(), 1) if "bobb" in row)

    code, out, _ = run_cli("validate", "--repo", scheme)

    assert code == 1
    assert f"rounds/2026-02.yaml:{line}: `bobb` in group" in out
    assert "is not a participant and never was" in out


def test_a_member_who_left_is_no_problem(scheme, run_cli):
    (scheme / "participants" / "dan.yaml").unlink()
    git(scheme, "commit", "--quiet", "-am", "dan leaves")

    code, out, _ = run_cli("validate", "--repo", scheme)

    assert code == 0, out


def test_without_the_history_a_leaver_cannot_be_told_from_a_typo_so_nothing_is_said(
    scheme, run_cli, tmp_path
):
    (scheme / "participants" / "dan.yaml").unlink()
    git(scheme, "commit", "--quiet", "-am", "dan leaves")
    shallow = tmp_path / "shallow"
    git(tmp_path, "clone", "--quiet", "--depth=1", f"file://{scheme}", str(shallow))

    code, out, _ = run_cli("validate", "--repo", shallow)

    assert code == 0, out


def test_a_folder_that_is_no_scheme_says_so_and_names_repo(tmp_path, run_cli):
    (tmp_path / "elsewhere").mkdir()

    code, _, err = run_cli("validate", "--repo", tmp_path / "elsewhere")

    assert code == 1
    assert "is not a scheme's folder: it has no scheme.yaml" in err and "--repo DIR" in err
