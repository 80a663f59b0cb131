"""Re-drawing a round with the package as it was at a commit of the scheme's repository.

A scheme's workflows install the package in its own repository (scripts/unmentoring), so the
code in the commit that added a round file is, at best, the code the workflow ran to draw it
(an organiser may have drawn by hand with another install). Running it runs the scheme
repository's own code from that commit, as `pip install .` of a clone runs its current code:
it runs in a separate Python process (this interpreter, so this environment's dependencies)
with no shell, a minimal environment and a time limit, from a temporary folder holding that
code and the data as it was drawn, and it only prints the round (`pair --dry-run`). What it
prints is read like any round file from a pull request: untrusted, size-limited YAML.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from unmentoring.core.model import Round
from unmentoring.gitops import history
from unmentoring.store import paths, schema
from unmentoring.store.roundfile import parse_canonical
from unmentoring.store.yamlfile import MAX_ROUND_BYTES, read_bytes

# Seconds the code may take to re-draw a round (the biggest schemes take seconds).
TIMEOUT = 300


@dataclass(frozen=True)
class CannotRun:
    """Why the code at a commit gave no round, in words for the command's output."""

    why: str
    absent: bool = False  # the commit holds no package at all (a scheme that does not keep it)


def redraw(root: Path, code_at: str, data_at: str, month: str, seed: str) -> Round | CannotRun:
    """Round ``month`` drawn from ``seed`` by the package as of commit ``code_at``, on the data
    as of commit ``data_at``; or why that code gave none."""
    with tempfile.TemporaryDirectory(prefix="unmentoring-check-") as folder:
        code, data = Path(folder) / "code", Path(folder) / "data"
        if not history.extract(root, code_at, (paths.CODE,), code):
            return CannotRun(f"that commit has no {paths.CODE}/ folder", absent=True)
        history.materialise(root, data_at, data)
        # When the round was committed with the data it was drawn from, the draw did not see it.
        paths.at(data, paths.round_file(month)).unlink(missing_ok=True)
        scripts = paths.at(code, paths.CODE).parent
        done = run_package(
            scripts, ["pair", "--repo", str(data), "--round", month, "--seed", seed, "--dry-run"]
        )
    if isinstance(done, CannotRun):
        return done
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        last = f": {said[-1].strip()}" if said else ""  # a traceback's last line says what broke
        return CannotRun(f"it stopped with exit status {done.returncode}{last}")
    return _printed_round(done.stdout, month)


def run_package(
    scripts: Path, arguments: list[str], timeout: int | None = None, packages: Path | None = None
) -> subprocess.CompletedProcess[bytes] | CannotRun:
    """Run ``unmentoring arguments`` with the package in ``scripts`` (not this one), in this
    interpreter, from ``scripts``: no shell, a minimal environment and a time limit.
    ``packages``: a folder of packages it needs that come before this environment's."""
    timeout = timeout or TIMEOUT
    command = [sys.executable, "-m", "unmentoring", *arguments]
    environment = {
        "PATH": os.environ.get("PATH", os.defpath),
        "PYTHONPATH": os.pathsep.join(str(p) for p in (scripts, packages) if p is not None),
        "PYTHONNOUSERSITE": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONIOENCODING": "utf-8",
        "LC_ALL": "C.UTF-8",
    }
    # On a timeout, run() kills the child and waits for it
    # (https://docs.python.org/3/library/subprocess.html#subprocess.run).
    try:
        return subprocess.run(
            command,
            cwd=scripts,
            env=environment,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return CannotRun(f"it did not finish within {timeout} seconds")
    except OSError as error:
        return CannotRun(f"it could not be started ({error})")


def _printed_round(printed: bytes, month: str) -> Round | CannotRun:
    """The round ``pair --dry-run`` printed, or why what it printed is not round ``month``."""
    if len(printed) > MAX_ROUND_BYTES:
        return CannotRun(f"it printed more than {MAX_ROUND_BYTES // 1024} KiB")
    text = printed.decode("utf-8", "replace")
    data = parse_canonical(text)
    if data is None:
        document, _ = read_bytes(printed, "its output")
        if document is not None and not list(schema.check(document, "round")):
            data = document.data
    if data is None or data.get("round") != month:
        first = text.strip().splitlines()[0] if text.strip() else "nothing"
        return CannotRun(f"it printed no round file (it said: {first})")
    return Round.from_dict(data)
