"""The one way this program runs git: never a prompt, a fixed locale, and failures as messages.

Every git command goes through ``run``: it never waits for a password (``GIT_TERMINAL_PROMPT=0``),
speaks English whatever the machine's locale (messages such as a lost push race are read, so
their words must be known), takes no optional locks (a read-only command must not refresh
someone's index), and turns a missing git or a failed command into ``GitFailed``, a message
for the command line rather than a traceback.

In a GitHub Actions job, a command that talks to the scheme's own remote (``authenticate``) gets
the job's token as an HTTP header, as actions/checkout gives it, but only through the
environment of that one git process: the workflows check out without persisting credentials, so
that no token is left in .git/config for a later step to read.
"""

from __future__ import annotations

import base64
import os
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from unmentoring.core.problems import Refused

ENVIRONMENT = {"GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}
TOKEN_ENV = "GITHUB_TOKEN"
SERVER_ENV = "GITHUB_SERVER_URL"


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


def credentials(env: Mapping[str, str] | None = None) -> dict[str, str]:
    """In a GitHub Actions job with a token in GITHUB_TOKEN, git settings (as environment
    variables) that send it to the job's server; elsewhere none.

    The header is the one actions/checkout writes into .git/config when it persists credentials
    (``http.<server>/.extraheader``, basic auth as ``x-access-token``); here it is given with
    ``GIT_CONFIG_COUNT``/``GIT_CONFIG_KEY_n``/``GIT_CONFIG_VALUE_n`` (git 2.31 and later,
    https://git-scm.com/docs/git-config#Documentation/git-config.txt-GITCONFIGCOUNT), so it is
    neither on the command line (which other processes can read) nor in a file. Settings
    already given that way are kept: the header is added after them.

    An empty value first clears any header already set for the server, as git documents for
    http.extraHeader: a checkout that persisted credentials (as workflow files from before
    release 1.0.0 do) would otherwise send two, and GitHub refuses a request with a duplicate
    Authorization header (400; github/gh-aw#40280)."""
    env = os.environ if env is None else env
    token = env.get(TOKEN_ENV, "").strip()
    if env.get("GITHUB_ACTIONS") != "true" or not token:
        return {}
    server = (env.get(SERVER_ENV, "").strip() or "https://github.com").rstrip("/")
    basic = base64.b64encode(f"x-access-token:{token}".encode()).decode("ascii")
    try:
        index = max(int(env.get("GIT_CONFIG_COUNT", "0")), 0)
    except ValueError:
        index = 0
    key = f"http.{server}/.extraheader"
    return {
        "GIT_CONFIG_COUNT": str(index + 2),
        f"GIT_CONFIG_KEY_{index}": key,
        f"GIT_CONFIG_VALUE_{index}": "",
        f"GIT_CONFIG_KEY_{index + 1}": key,
        f"GIT_CONFIG_VALUE_{index + 1}": f"AUTHORIZATION: basic {basic}",
    }


def run(
    root: Path,
    *args: str,
    stdin: bytes | None = None,
    check: bool = True,
    authenticate: bool = False,
) -> Result:
    """Run ``git args`` in ``root``; with ``check``, a failure raises ``GitFailed``.

    ``authenticate``: a fetch or push to the scheme's own remote, which in a workflow gets the
    job's token (``credentials``); nothing else does."""
    try:
        done = subprocess.run(
            ["git", *args],
            cwd=root,
            input=stdin,
            capture_output=True,
            check=False,
            env={**os.environ, **ENVIRONMENT, **(credentials() if authenticate else {})},
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
