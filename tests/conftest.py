"""Shared fixtures: a miniature scheme repository in a temporary folder."""

from __future__ import annotations

import io
import os
import random
import shutil
import signal
import subprocess
import tarfile
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest
from fake_github import FakeGitHub, FakeTime

from unmentoring.cli import main
from unmentoring.core import texts

SCHEME = "name: Test scheme\norganiser: Tests\nstart: 2026-01\n"


def participant_yaml(login: str, **fields: str) -> str:
    values = {
        "github": login,
        "name": f"Person {login}",
        "organisation": "Borsetshire County Council",
        "joined": "2026-01-05",
        **fields,
    }
    return "".join(f"{key}: {value}\n" for key, value in values.items())


class SchemeRepo:
    """A scheme repository on disk that tests fill with files."""

    def __init__(self, root: Path):
        self.root = root
        (root / "participants").mkdir(parents=True)
        (root / "rounds").mkdir()
        (root / "scheme.yaml").write_text(SCHEME)

    def write(self, relative: str, content: str | bytes) -> Path:
        file = self.root / relative
        file.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            file.write_bytes(content)
        else:
            file.write_text(content, encoding="utf-8", newline="")
        return file

    def add_participant(self, login: str, **fields: str) -> Path:
        return self.write(f"participants/{login.lower()}.yaml", participant_yaml(login, **fields))

    def snapshot(self) -> dict[str, bytes]:
        return {
            path.relative_to(self.root).as_posix(): path.read_bytes()
            for path in sorted(self.root.rglob("*"))
            if path.is_file()
        }


@pytest.fixture(autouse=True)
def default_words():
    """Each test starts and ends with the default texts: a scheme's own words (messages/) are
    used by the process that read them, and a test must not hand them to the next."""
    texts.use({})
    yield
    texts.use({})


@pytest.fixture
def scheme_repo(tmp_path: Path) -> SchemeRepo:
    return SchemeRepo(tmp_path / "scheme")


@pytest.fixture
def run_cli(capsys):
    """Run ``unmentoring ARGS``; return (exit code, stdout, stderr)."""

    def run(*args: str) -> tuple[int, str, str]:
        try:
            code = main([str(arg) for arg in args])
        except SystemExit as exit_:
            code = exit_.code
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run


@pytest.fixture
def timing() -> FakeTime:
    return FakeTime()


@pytest.fixture
def fake(timing):
    """The fake GitHub for owner/repo, on ``timing``'s clock."""
    with FakeGitHub("owner/repo", now=lambda: timing.now) as server:
        yield server


@pytest.fixture
def github(monkeypatch):
    """A fake GitHub that the commands find through the environment (GITHUB_API_URL...)."""
    with FakeGitHub() as fake:
        for key, value in fake.env().items():
            monkeypatch.setenv(key, value)
        yield fake


PROJECT = Path(__file__).resolve().parents[1]


def copy_of_this_repository(into: Path) -> Path:
    """This repository's files as they are here (committed or not, but not ignored), in a new
    git repository at ``into`` with them in one commit: a release of the template to test
    upgrades against."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=PROJECT,
        capture_output=True,
        check=True,
    ).stdout
    for name in filter(None, os.fsdecode(listed).split("\0")):
        source = PROJECT / name
        if source.is_file():  # a file deleted but not yet committed is not in the copy
            (into / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, into / name)
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "A release"]):
        git(into, *args)
    return into


def use_template(template: Path, into: Path) -> Path:
    """A new repository with the template's files in one commit, as "Use this template" makes."""
    archive = subprocess.run(
        ["git", "archive", "--format=tar", "HEAD"], cwd=template, capture_output=True, check=True
    ).stdout
    into.mkdir()
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    git(into, "init", "--quiet", "--initial-branch=main")
    git(into, "add", "--all")
    git(into, "commit", "--quiet", "-m", "Initial commit")
    return into


def isolate_git(monkeypatch, tmp_path: Path) -> None:
    """Git configured for the test only: no user or system config, a fixed identity, and no
    repository found around ``tmp_path``."""
    for key, value in {
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.org",
        "GIT_CEILING_DIRECTORIES": str(tmp_path),
    }.items():
        monkeypatch.setenv(key, value)


def git(cwd: Path, *args: str | Path) -> str:
    """Run git in ``cwd`` with a test identity; its output."""
    return subprocess.run(
        ["git", "-c", "user.name=T", "-c", "user.email=t@example.invalid", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def push_to_bare_remote(root: Path, remote: Path, message: str = "start") -> Path:
    """Make ``root`` a repository on ``main`` with one commit of everything in it, pushed to a new
    bare repository at ``remote`` as ``origin``, like a scheme's GitHub repository."""
    git(remote.parent, "init", "--quiet", "--bare", "--initial-branch=main", remote)
    git(root, "init", "--quiet", "--initial-branch=main")
    git(root, "add", ".")
    git(root, "commit", "--quiet", "-m", message)
    git(root, "remote", "add", "origin", remote)
    git(root, "push", "--quiet", "origin", "main")
    return remote


def kill_repeatedly(
    command: Sequence[str | Path],
    env: Mapping[str, str],
    *,
    seed: int,
    pause: tuple[float, float],
    times: int = 3,
) -> None:
    """Start ``command`` ``times`` times and SIGKILL it after a random pause each time."""
    rng = random.Random(seed)
    for _ in range(times):
        process = subprocess.Popen(
            command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        time.sleep(rng.uniform(*pause))
        process.send_signal(signal.SIGKILL)
        process.wait()
