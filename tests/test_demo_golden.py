"""``make demo``'s output is a golden copy: its outbox, its site, its round files and what it
prints are compared file by file with tests/golden/demo/.

The demo runs every command a scheme's workflows run (pair, announce, follow-up with its nudges,
rematches, quiet members and closing, build-site), so this is the check that a change meant to
move code changes nothing anyone reads. After an intended change to what the demo writes,
regenerate it with:

    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_demo_golden.py
"""

from __future__ import annotations

import contextlib
import difflib
import io
import os
from pathlib import Path

import pytest

from unmentoring.cli import main

HERE = Path(__file__).parent
GOLDEN = HERE / "golden" / "demo"
REGENERATE = "UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_demo_golden.py"
# What the demo writes that people read, and the folder of the golden copy each is kept in
# (``_site`` is one git ignores); its git history and copied package are left out.
COMPARED = {"outbox": "outbox", "_site": "site", "rounds": "rounds", "participants": "participants"}
PRINTED = "printed.txt"  # what it printed, with its folder written as FOLDER
FOLDER = "FOLDER"


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> dict[str, bytes]:
    root = tmp_path_factory.mktemp("demo") / "demo"
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        assert main(["demo", "--out", str(root)]) == 0
    files = {
        f"{kept}/{path.relative_to(root / folder).as_posix()}": path.read_bytes()
        for folder, kept in COMPARED.items()
        for path in sorted((root / folder).rglob("*"))
        if path.is_file()
    }
    files[PRINTED] = printed.getvalue().replace(str(root), FOLDER).encode()
    return files


def _golden() -> dict[str, bytes]:
    return {
        path.relative_to(GOLDEN).as_posix(): path.read_bytes()
        for path in sorted(GOLDEN.rglob("*"))
        if path.is_file()
    }


def test_the_demo_writes_and_prints_what_the_golden_copy_holds(demo):
    if os.environ.get("UPDATE_GOLDEN"):
        for old in GOLDEN.rglob("*") if GOLDEN.exists() else ():
            if old.is_file():
                old.unlink()
        for name, content in demo.items():
            (GOLDEN / name).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / name).write_bytes(content)
    expected = _golden()
    missing, extra = sorted(set(expected) - set(demo)), sorted(set(demo) - set(expected))
    assert not missing and not extra, (
        f"the demo's files differ from tests/golden/demo/: missing {missing}, new {extra}; "
        f"if the change is intended, regenerate with {REGENERATE}"
    )
    different = [name for name in expected if expected[name] != demo[name]]
    diffs = "".join(
        "".join(
            difflib.unified_diff(
                expected[name].decode(errors="replace").splitlines(keepends=True),
                demo[name].decode(errors="replace").splitlines(keepends=True),
                f"golden/demo/{name}",
                f"demo/{name}",
            )
        )
        for name in different[:5]
    )
    assert not different, (
        f"{len(different)} of the demo's files differ from tests/golden/demo/; if the change is "
        f"intended, regenerate with {REGENERATE}\n\n{diffs}"
    )
