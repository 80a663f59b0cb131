"""Shared fixtures: a miniature scheme repository in a temporary folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from unmentoring.cli import main

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
