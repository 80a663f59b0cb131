"""Landing a change on a branch that others push to at the same time: git is the database.

Twenty people may sign up within a minute, each in its own workflow run. A run that rebased its
commit after losing a race could meet a conflict; instead, each attempt starts again from the
branch's newest commit, makes its change afresh (so it sees the other runs' changes, such as a
``joined`` date), commits and pushes. A rejected push means someone else landed first: wait a
moment, with jitter so the losers do not collide again, and start over. Any other refusal
(authentication, a protected branch, a missing permission) stops at once, saying so.
"""

from __future__ import annotations

import logging
import os
import random
import time
import urllib.parse
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from unmentoring.core.problems import Refused
from unmentoring.gitops import git
from unmentoring.store import step_outputs

log = logging.getLogger(__name__)

# Used only when git has no identity configured (as on GitHub's runners). On github.com the
# bot's commits carry its noreply address, `ID+login@users.noreply.github.com`, with the id
# GitHub gives it there (https://api.github.com/users/github-actions%5Bbot%5D; the address
# actions/checkout's README suggests, https://github.com/actions/checkout/pull/1707). Another
# server (GitHub Enterprise Server) has its own ids and noreply host, derived from
# GITHUB_SERVER_URL (https://github.com/peter-evans/create-pull-request/issues/4385): the
# id from its API when a command can ask (``github.identity``), else the address without one.
BOT_NAME = "github-actions[bot]"
GITHUB_BOT_ID = 41898282
BOT_EMAIL = f"{GITHUB_BOT_ID}+{BOT_NAME}@users.noreply.github.com"
SERVER_ENV = "GITHUB_SERVER_URL"
ATTEMPTS = 30
# A workflow step's outputs file: `landed=true` tells later jobs that the default branch changed.
OUTPUTS_ENV = step_outputs.OUTPUTS_ENV


@dataclass(frozen=True)
class Identity:
    """Who a commit is by, when git has no identity of its own."""

    name: str
    email: str


def bot_identity(server: str | None = None, user_id: int | None = None) -> Identity:
    """The bot's commit identity on ``server`` (default: GITHUB_SERVER_URL, else github.com).

    ``user_id``: the bot's id on that server, if known; github.com's is built in."""
    if server is None:
        server = os.environ.get(SERVER_ENV, "")
    host = (urllib.parse.urlsplit(server.strip()).hostname or "github.com").lower()
    if host == "github.com":
        return Identity(BOT_NAME, BOT_EMAIL)
    prefix = f"{user_id}+" if user_id else ""
    return Identity(BOT_NAME, f"{prefix}{BOT_NAME}@users.noreply.{host}")


@dataclass(frozen=True)
class Commit:
    """What one attempt changed: the commit message and the files it touched."""

    message: str
    paths: tuple[str, ...]


def backoff(attempt: int) -> float:
    """Seconds to wait before attempt ``attempt + 1``: growing, with full jitter."""
    return random.uniform(0, min(8.0, 0.25 * 2**attempt))


# How git reports a push that lost a race: the branch moved on (someone else landed first), or
# two pushes met on the server at the same moment. Anything else (authentication, a protected
# branch, a missing permission) fails the same way however often it is tried.
_LOST_RACE = (
    "[rejected]",
    "(fetch first)",
    "(non-fast-forward)",
    "cannot lock ref",
    "failed to update ref",
    "incorrect old value provided",
)


def lost_race(stderr: str) -> bool:
    """Whether a failed push's message says someone else pushed first."""
    return any(sign in stderr for sign in _LOST_RACE)


# -- a push that GitHub's protection of the branch refused --------------------------------------

# How GitHub names the rule that refused a push, in git's stderr: a classic branch protection
# rule ("remote: error: GH006: Protected branch update failed for refs/heads/main.") or a
# ruleset ("remote: error: GH013: Repository rule violations found for refs/heads/main.", then
# the rules, e.g. "- Changes must be made through a pull request."; reported in
# https://github.com/henne49/dbus-opendtu/issues/235 and many other projects).
PROTECTION = {
    "GH006": "a branch protection rule",
    "GH013": "a ruleset",
}
# Set (to 1) by the workflows when the job's token is the organiser's GitHub App's rather than
# the built-in GITHUB_TOKEN: which fix applies depends on it.
APP_TOKEN_ENV = "UNMENTORING_APP_TOKEN"


def protection_of(stderr: str) -> str | None:
    """Which kind of protection refused a push (``GH006`` or ``GH013``), if git's message says."""
    return next((code for code in PROTECTION if f"{code}:" in stderr), None)


def refusal(target: str, stderr: str, env: Mapping[str, str] | None = None) -> str:
    """What to say about a refused push that trying again will not fix, and what fixes it.

    A protected branch refuses every push by a workflow's built-in token, which cannot be put on
    a ruleset's bypass list (https://github.com/orgs/community/discussions/13836); a GitHub App
    can be. So the fix depends on whose token pushed (``UNMENTORING_APP_TOKEN``)."""
    env = os.environ if env is None else env
    said = stderr.strip()
    code = protection_of(stderr)
    if code is None:
        return (
            f"the push to {target} was refused, and trying again will not help: {said}. In a "
            "workflow, the job needs `permissions: contents: write`, and the token must be "
            "allowed to write to the repository"
        )
    what = f"{target} is protected: {PROTECTION[code]} refused the push ({code})"
    if env.get(APP_TOKEN_ENV, "").strip() == "1":
        return (
            f"{what}, and this run pushed with the scheme's GitHub App token: allow the App to "
            "bypass it. For a ruleset: Settings > Rules > Rulesets > the ruleset > Bypass list "
            "> Add bypass > the App, mode Always. A branch protection rule can let an App skip "
            "required reviews but not required status checks: replace it with a ruleset. "
            f"Git said: {said}"
        )
    return (
        f"{what}, and the workflow's built-in GITHUB_TOKEN cannot be allowed to bypass it. "
        "Either take the rule off the branch, or add a GitHub App: create and install it, set "
        "the repository variable UNMENTORING_APP_CLIENT_ID (its client ID) and the secret "
        "UNMENTORING_APP_PRIVATE_KEY (a private key), and put the App on the ruleset's bypass "
        "list (docs/organisers.md: Protecting main). "
        f"Git said: {said}"
    )


def base_branch(root: Path, default_branch: str | None = None) -> str:
    """The branch a change lands on: the repository's default branch as the event names it,
    else the branch checked out at ``root``, else the workflow's ``GITHUB_REF_NAME``."""
    if default_branch:
        return default_branch
    checked_out = git.run(root, "symbolic-ref", "--quiet", "--short", "HEAD", check=False)
    branch = checked_out.stdout.strip() or os.environ.get("GITHUB_REF_NAME", "").strip()
    if not branch:
        raise Refused(
            f"cannot tell which branch to push to: the checkout at {root} is on no branch, "
            "and neither the event nor GITHUB_REF_NAME names one; check out the branch"
        )
    return branch


def require_clean(root: Path) -> None:
    """Refuse to start when local edits would be lost: every attempt resets to the remote."""
    status = git.run(root, "status", "--porcelain", "--untracked-files=no").stdout
    if status.strip():
        raise Refused(
            f"the git checkout at {root} has uncommitted changes, which landing a change "
            "would discard (it starts from the remote branch): commit or stash them first"
        )


def land(
    root: Path,
    make_change: Callable[[Path], Commit | None],
    *,
    base: str,
    target: str | None = None,
    remote: str = "origin",
    force: bool = False,
    attempts: int = ATTEMPTS,
    wait: Callable[[int], float] = backoff,
    sleep: Callable[[float], None] = time.sleep,
    identity: Identity | None = None,
) -> str | None:
    """Make a change on top of ``remote/base`` and push it to ``target`` (default: ``base``).

    ``make_change`` edits the working tree and says what it did, or returns None when there is
    nothing to do. Returns the pushed commit's id, or None when nothing changed. ``force`` is for
    a branch only this change writes to (a review branch), which is replaced each time.
    ``identity``: who commits when git has none configured (default: ``bot_identity()``).
    """
    target = target or base
    require_clean(root)
    for attempt in range(attempts):
        git.run(root, "fetch", "--quiet", remote, f"refs/heads/{base}", authenticate=True)
        git.run(root, "checkout", "--quiet", "--detach", "FETCH_HEAD")
        git.run(root, "reset", "--quiet", "--hard", "FETCH_HEAD")
        change = make_change(root)
        if change is None:
            return None
        git.run(root, "add", "--all", "--", *change.paths)
        if git.run(root, "diff", "--cached", "--quiet", check=False).returncode == 0:
            return None
        git.run(root, *_identity(root, identity), "commit", "--quiet", "--message", change.message)
        push = ["push", "--quiet", *(["--force"] if force else []), remote]
        pushed = git.run(root, *push, f"HEAD:refs/heads/{target}", check=False, authenticate=True)
        if pushed.returncode == 0:
            commit = git.run(root, "rev-parse", "HEAD").stdout.strip()
            log.info("landed %s on %s (attempt %d)", commit[:12], target, attempt + 1)
            if target == base:
                report_landed()
            return commit
        if not lost_race(pushed.stderr):
            raise git.GitFailed(refusal(target, pushed.stderr))
        log.info("push to %s lost a race (attempt %d); starting again", target, attempt + 1)
        log.debug("git said: %s", pushed.stderr.strip())
        sleep(wait(attempt))
    raise git.GitFailed(
        f"could not push to {target} after {attempts} attempts: {pushed.stderr.strip()}; "
        "run the workflow again (the change is safe to repeat)"
    )


def report_landed(env: Mapping[str, str] | None = None) -> None:
    """In a workflow step, set the step output ``landed=true`` (the runner's append-only file).

    A review branch is not the default branch: the site's data did not change, so it is not
    reported."""
    step_outputs.set_output("landed", "true", env)


def _identity(root: Path, identity: Identity | None = None) -> list[str]:
    if git.run(root, "config", "user.email", check=False).stdout.strip():
        return []
    identity = identity or bot_identity()
    return ["-c", f"user.name={identity.name}", "-c", f"user.email={identity.email}"]
