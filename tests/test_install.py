"""The package as pip installs it (not editable, as the workflows and a checker install it) has
every module and data file, and its commands run."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "scripts" / "unmentoring"


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project installed with pip into a folder of its own (no dependencies: those are
    this environment's), as `pip install .` would."""
    # From a copy without build/ or egg-info: setuptools reuses those, which would hide a
    # package left out of the list.
    source = tmp_path_factory.mktemp("source") / "project"
    leftovers = shutil.ignore_patterns(
        ".git", ".venv", "build", "*.egg-info", "__pycache__", "_site", "test-artifacts"
    )
    shutil.copytree(ROOT, source, ignore=leftovers)
    target = tmp_path_factory.mktemp("installed")
    pip = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation"]
    subprocess.run(
        [*pip, "--target", str(target), str(source)],
        check=True,
        capture_output=True,
        cwd=target,
    )
    return target


def test_every_module_and_data_file_is_installed(installed):
    """A package folder left out of pyproject.toml's list would be missing here."""
    wanted = {
        path.relative_to(SOURCE.parent).as_posix()
        for path in SOURCE.rglob("*")
        if path.is_file()
        and "__pycache__" not in path.parts
        and path.suffix in {".py", ".json", ".yaml"}
    }
    found = {
        path.relative_to(installed).as_posix()
        for path in (installed / "unmentoring").rglob("*")
        if path.is_file()
    }
    assert sorted(wanted - found) == []
    # The guide's pages the site publishes, for a scheme repository without docs/.
    docs = {f"unmentoring/docs_default/{doc.name}" for doc in (ROOT / "docs").glob("*.md")}
    assert sorted(docs - found) == []


def test_the_installed_commands_run(installed, tmp_path):
    """`validate` and `pair --dry-run` on the sample scheme, from the installed copy only."""
    env = {**os.environ, "PYTHONPATH": str(installed)}
    sample = installed / "unmentoring" / "sample"
    for args in (["validate"], ["pair", "--round", "2026-03", "--dry-run"]):
        done = subprocess.run(
            [sys.executable, "-m", "unmentoring", *args, "--repo", str(sample)],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
        )
        assert done.returncode == 0, done.stderr
    # The site from the installed copy alone: its default pages, one of them from its docs.
    site = tmp_path / "site"
    done = subprocess.run(
        [sys.executable, "-m", "unmentoring", "build-site", "--repo", str(sample), "--out", site],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    for page, doc in (("draws.html", "draws.md"),):
        title = (ROOT / "docs" / doc).read_text(encoding="utf-8").splitlines()[0][2:]
        assert title.replace("'", "&#39;") in (site / page).read_text(encoding="utf-8"), page
    check = "import unmentoring; print(unmentoring.__file__)"
    where = subprocess.run(
        [sys.executable, "-c", check], capture_output=True, text=True, env=env, cwd=tmp_path
    )
    assert where.stdout.strip().startswith(str(installed))
