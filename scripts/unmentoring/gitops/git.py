"""The one way this program runs git: never a prompt, a fixed locale, and failures as messages.

Every git command goes through ``run``: it never waits for a password (``GIT_TERMINAL_PROMPT=0``),
speaks English whatever the machine's locale (messages such as a lost push race are read, so
their words must be known), takes no optional locks (a read-only command must not refresh
someone's index), and turns a missing git or a failed command into ``GitFailed``, a message
for the command line rather than a traceback.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from unmentoring.core.problems import Refused

ENVIRONMENT = {"GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}


class GitFailed(Refused):
    """A git command failed; the message says which, and what git said."""


@dataclass(frozen=True)
class Result:
    """What a git command did: its exit status, its output (bytes, as git wrote it), its errors."""

    returncode: int
    output: bytes
    stderr: str

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    @property
    def stdout(self) -> str:
        """The output as text (file names in the file system's encoding, as git gives them)."""
        return os.fsdecode(self.output)


def run(root: Path, *args: str, stdin: bytes | None = None, check: bool = True) -> Result:
    """Run ``git args`` in ``root``; with ``check``, a failure raises ``GitFailed``."""
    try:
        done = subprocess.run(
            ["git", *args],
            cwd=root,
            input=stdin,
            capture_output=True,
            check=False,
            env={**os.environ, **ENVIRONMENT},
        )
    except FileNotFoundError as error:
        missing = "git is not installed" if error.filename == "git" else f"no folder {root}"
        raise GitFailed(f"`git {shown(args)}` could not run: {missing}") from None
    except NotADirectoryError:
        raise GitFailed(f"`git {shown(args)}` could not run: {root} is not a folder") from None
    result = Result(done.returncode, done.stdout, done.stderr.decode("utf-8", errors="replace"))
    if check and not result.ok:
        said = result.stderr.strip() or result.stdout.strip()
        raise GitFailed(f"`git {shown(args)}` failed: {said}")
    return result


def text(root: Path, *args: str) -> str:
    """The output of ``git args`` as text; a failure raises ``GitFailed``."""
    return run(root, *args).stdout


def shown(args: tuple[str, ...]) -> str:
    """The command as a message shows it: the subcommand and its arguments, without the
    ``-c name=value`` settings before it (an identity, not what was asked of git)."""
    index = 0
    while index + 1 < len(args) and args[index] == "-c":
        index += 2
    return " ".join(args[index:])
