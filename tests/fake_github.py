"""A fake of GitHub's REST API (issues, labels, comments, pull requests) on 127.0.0.1, for tests.

Real PyGithub talks to it through ``GITHUB_API_URL``; nothing reaches the internet. It keeps
state, paginates with ``Link`` headers, sends rate-limit headers, checks the token, and can be
told to misbehave the ways GitHub does (``Fault``). Use it as a context manager::

    with FakeGitHub() as fake:
        monkeypatch.setattr(os, "environ", {**os.environ, **fake.env()})
        fake.inject(lost_response(), method="POST", path=r"/issues$")
        ...
        assert len(fake.issues) == 3
        assert fake.count("POST", r"/issues$") == 4

Endpoints (``{repo}`` is ``/repos/owner/name``): ``GET {repo}``; ``GET, POST {repo}/issues``
(filters ``state``, ``labels``, ``creator``, ``since``; ``per_page``, ``page``); ``GET, PATCH
{repo}/issues/N``; ``GET, POST {repo}/issues/N/comments``; ``GET, PATCH
{repo}/issues/comments/ID``; ``GET, POST {repo}/issues/N/labels``; ``GET, POST {repo}/labels``;
``GET {repo}/labels/NAME``; ``GET, POST {repo}/pulls`` (filters ``state``, ``head`` as
``owner:branch``, ``base``); ``GET, PATCH {repo}/pulls/N``;
``GET {repo}/collaborators/LOGIN/permission``;
``GET /rate_limit``;
``GET /users/LOGIN`` and ``GET /user/ID`` (the accounts in ``fake.users``, login to id, else 404,
as GitHub answers an unknown login or a deleted account). ``rename_user`` keeps the id and frees
the old login; ``delete_user`` answers 404 for the account by login and by id, and shows what it
wrote as @ghost's, as GitHub does (https://github.com/ghost: "I take the place of user accounts
that have been deleted").

The settings ``doctor`` reads: ``GET {repo}/pages`` (404 until ``enable_pages``), and ``setup``
turns on: ``POST, PUT {repo}/pages`` (403 unless ``pages_admin``, as for GITHUB_TOKEN; 409 when
it is on already);
``GET {repo}/actions/permissions/workflow`` (403 unless ``workflow_permissions`` is set);
the workflows (below, ``add_workflow`` with a state: active, disabled_inactivity,
disabled_manually, disabled_fork, deleted);
``GET {repo}/rules/branches/BRANCH`` (the active rules for a branch, ``[]`` for any branch,
existing or not, without rules; ``add_branch_rule``); ``GET {repo}/branches/BRANCH``
(``protected`` and the ``protection`` summary that read access shows; only ``main`` exists
unless ``protect_branch`` names another). ``GET {repo}`` gives ``permissions`` as for a
person's token; set ``permissions = None`` for an installation token (a workflow's
GITHUB_TOKEN), which GitHub answers without them.

Workflows (GitHub Actions, https://docs.github.com/rest/actions/workflows): ``GET
{repo}/actions/workflows`` (an object ``{"total_count", "workflows"}``, paginated); ``GET
{repo}/actions/workflows/ID_OR_FILE``; ``GET .../runs`` (``{"total_count", "workflow_runs"}``,
newest first, ``status=success`` as GitHub filters it; seeded with ``add_run``); ``PUT
.../enable`` and ``PUT .../disable`` (204; a person's disable is ``disabled_manually``); ``POST
.../dispatches`` (204, recorded in ``fake.dispatches``; 422 without a ``ref``, for a workflow
without a ``workflow_dispatch`` trigger or a disabled one, with GitHub's messages, as reported in
https://github.com/benc-uk/workflow-dispatch/issues/72 and
https://github.com/llm-d/llm-d/issues/1572). Seed them with ``add_workflow``; a workflow's
file may be named by its file name (``pages.yml``) wherever GitHub takes its id.

Content limits (off unless ``FakeGitHub(limits=ContentLimits())``): GitHub's secondary limits on
content creation (POST of issues, comments, pull requests, labels), timed by the fake's ``now``
so a ``FakeTime`` drives them without sleeping. Past 80 creations in a minute or 500 in an hour
(https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits)
it answers 403 "secondary rate limit" without ``retry-after``. A new issue or comment after 20
issues and comments accepted within a minute gets 422 "Validation Failed" with "was submitted
too quickly" and no rate-limit hint, and so does every one for the next 90 s (reports see it
from the tenth to twentieth issue, and over a minute to reset:
https://github.com/cli/cli/issues/4801). Refused creations are not applied and do not count;
``limits.accepted`` and ``limits.refused`` tell what happened.

Accounts: a login ending ``[bot]`` (``github-actions[bot]``, an App's ``name[bot]``) is a bot, and
every ``user`` in an answer says so as GitHub does, ``"type": "Bot"`` (else ``"User"``).
Comments list oldest first, paginated like every list; an edit changes ``body`` and
``updated_at`` only. Every issue edit (PATCH) that was applied is kept in ``fake.edits``.

As on GitHub, a pull request is also an issue (with a ``pull_request`` key) sharing its number,
and an open pull request from the same head into the same base cannot be opened twice (422).
A pull request's ``author_association`` is OWNER for the repository's owner, COLLABORATOR for
a login in ``collaborator_roles`` and NONE otherwise (the fake knows no organisations).
The fake knows no branches: any head and base are accepted.

Permissions: ``fake.collaborator_roles`` maps a login (any case) to its role on the repository
(``admin``, ``maintain``, ``write``, ``triage``, ``read`` or a custom role's name, with
``fake.custom_roles`` naming a custom role's base role). As GitHub does, the answer gives the
role as ``role_name`` and the legacy base role as ``permission`` (``maintain`` is ``write``,
``triage`` is ``read``); the repository's owner is ``admin``, anyone else ``read`` (the fake's
repository is public).
"""

from __future__ import annotations

import copy
import hashlib
import itertools
import json
import re
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

TOKEN = "fake-token"
BOT = "github-actions[bot]"


@dataclass
class Fault:
    """One way a request can go wrong, for the requests it matches.

    ``status``: answer with this status instead (None: answer normally). ``apply``: carry out the
    request first, as GitHub sometimes does before failing. ``drop``: close the connection without
    any answer (after applying, if ``apply``). ``delay``: seconds to wait before answering.
    It matches requests by ``method`` and a regular expression searched in the ``path``; it lets
    ``after`` matching requests through, then fires ``times`` times.
    """

    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    message: str = ""
    apply: bool = False
    drop: bool = False
    delay: float = 0.0
    method: str | None = None
    path: str = ""
    times: int = 1
    after: int = 0
    fired: int = 0

    def matches(self, method: str, path: str) -> bool:
        return (self.method is None or self.method == method) and re.search(self.path, path)


def server_error(status: int = 502, *, applied: bool = False, **where: Any) -> Fault:
    """A 5xx; with ``applied`` GitHub did the work first (as with a timed-out create)."""
    return Fault(status=status, message="Server Error", apply=applied, **where)


def secondary_rate_limit(retry_after: int | None = None, **where: Any) -> Fault:
    """403 'secondary rate limit', with or without a ``retry-after`` header."""
    headers = {} if retry_after is None else {"retry-after": str(retry_after)}
    message = (
        "You have exceeded a secondary rate limit. Please wait a few minutes before you try again."
    )
    return Fault(status=403, headers=headers, message=message, **where)


def too_many_requests(retry_after: int | None = None, **where: Any) -> Fault:
    """429, by default without ``retry-after`` (PyGithub's own retry gives up on that)."""
    headers = {} if retry_after is None else {"retry-after": str(retry_after)}
    return Fault(status=429, headers=headers, message="Too Many Requests", **where)


def primary_rate_limit(reset_in: int = 120, **where: Any) -> Fault:
    """403 with ``x-ratelimit-remaining: 0``; the limit resets ``reset_in`` seconds from now."""
    return Fault(
        status=403,
        headers={"x-ratelimit-remaining": "0", "x-ratelimit-reset": f"+{reset_in}"},
        message="API rate limit exceeded for installation ID 1.",
        **where,
    )


def lost_response(**where: Any) -> Fault:
    """GitHub applies the request, then the connection drops before the answer arrives."""
    return Fault(apply=True, drop=True, **where)


def dropped_request(**where: Any) -> Fault:
    """The connection drops before GitHub sees the request: nothing is applied."""
    return Fault(drop=True, **where)


def slow(seconds: float, **where: Any) -> Fault:
    """Answer normally, but only after ``seconds``."""
    return Fault(delay=seconds, **where)


def forbidden(permission: str = "issues=write", **where: Any) -> Fault:
    """403 for a token that lacks a permission (not rate limiting)."""
    return Fault(
        status=403,
        headers={"x-accepted-github-permissions": permission},
        message="Resource not accessible by integration",
        **where,
    )


@dataclass
class ContentLimits:
    """GitHub's content-creation limits, as the fake applies them; see the module docstring."""

    per_minute: int = 80
    per_hour: int = 500
    too_quickly_after: int = 20  # accepted in a minute before "was submitted too quickly"
    too_quickly_reset: float = 90.0  # seconds every issue and comment is refused after that
    accepted: list[tuple[float, str]] = field(default_factory=list)  # (when, what) applied
    refused: dict[str, int] = field(default_factory=dict)  # "403", "422": how many
    _blocked_until: float = float("-inf")

    def refusal(self, now: float, resource: str) -> tuple[int, Any, dict] | None:
        """The answer refusing a creation of ``resource`` at ``now``, or None to let it through."""
        in_hour = [(t, what) for t, what in self.accepted if t > now - 3600]
        in_minute = [what for t, what in in_hour if t > now - 60]
        if len(in_hour) >= self.per_hour or len(in_minute) >= self.per_minute:
            self.refused["403"] = self.refused.get("403", 0) + 1
            message = (
                "You have exceeded a secondary rate limit and have been temporarily blocked from "
                "content creation. Please retry your request again later."
            )
            return _error(403, message)
        if resource in TOO_QUICKLY:
            # Counted per endpoint family: the limit is lower for some endpoints (GitHub's docs).
            if sum(1 for what in in_minute if what in TOO_QUICKLY) >= self.too_quickly_after:
                self._blocked_until = now + self.too_quickly_reset
            if now < self._blocked_until:
                self.refused["422"] = self.refused.get("422", 0) + 1
                error = {"resource": resource, "code": "custom"}
                error["message"] = "was submitted too quickly"
                return _error(422, "Validation Failed", [error])
        return None

    def created(self, now: float, resource: str) -> None:
        self.accepted.append((now, resource))

    def times(self, resource: str = "Issue") -> list[float]:
        """When each ``resource`` was created, in order."""
        return [t for t, what in self.accepted if what == resource]


# What "was submitted too quickly" refuses (issues and comments), counting only those.
TOO_QUICKLY = ("Issue", "IssueComment")

# The creating requests the content limits apply to, and what GitHub calls what they create.
CREATING = [
    (r"/issues", "Issue"),
    (r"/issues/\d+/comments", "IssueComment"),
    (r"/pulls", "PullRequest"),
    (r"/labels", "Label"),
]


@dataclass(frozen=True)
class Request:
    """One request as the fake saw it, and what it answered (0: dropped)."""

    method: str
    path: str
    query: dict[str, list[str]]
    body: Any
    status: int


class FakeGitHub:
    """A stateful fake GitHub serving one repository; see the module docstring."""

    def __init__(
        self,
        repository: str = "owner/repo",
        *,
        token: str = TOKEN,
        login: str = BOT,
        now: Callable[[], float] = time.time,
        rate_limit: int = 5000,
        limits: ContentLimits | None = None,
    ):
        self.repository = repository
        self.token = token
        self.login = login
        self.now = now
        # The primary rate limit: ``rate_limit`` requests in a window of an hour from its first
        # request, then 403 with `x-ratelimit-remaining: 0` until it resets, as GitHub counts
        # it for a token (https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api;
        # GITHUB_TOKEN: 1,000 an hour per repository, shared by every workflow).
        self.rate_limit = rate_limit
        self.window_start: float | None = None
        self.window_used = 0
        self.spent_at: list[float] = []  # when each request was counted (epoch seconds)
        self.limits = limits
        self.has_issues = True
        self.issues: dict[int, dict[str, Any]] = {}
        self.comments: dict[int, dict[str, Any]] = {}
        self.labels: dict[str, dict[str, Any]] = {}
        self.pulls: dict[int, dict[str, Any]] = {}
        # doctor's settings (see the module docstring)
        self.permissions: dict[str, bool] | None = {"admin": False, "push": True, "pull": True}
        self.pages: dict[str, Any] | None = None
        # Whether the token may turn Pages on (POST, PUT {repo}/pages): an administrator's may,
        # a workflow's GITHUB_TOKEN never.
        self.pages_admin = False
        # GET actions/permissions/workflow; None: refused, as for a workflow's GITHUB_TOKEN.
        self.workflow_permissions: dict[str, Any] | None = None
        self.branch_rules: dict[str, list[dict[str, Any]]] = {}
        self.branches: dict[str, dict[str, Any]] = {"main": {}}
        # Collaborators' roles (login -> role), for the permission endpoint.
        self.collaborator_roles: dict[str, str] = {}
        self.custom_roles: dict[str, str] = {}
        self.users: dict[str, int] = {}  # accounts GET /users/LOGIN knows: login -> id
        self.organisations: set[str] = set()  # which of them are organisations
        self.workflows: dict[int, dict[str, Any]] = {}
        self.awake_since: dict[int, float] = {}  # scheduled workflows: their last activity
        self.dispatches: list[dict[str, Any]] = []  # {"workflow": path, "ref": ..., "inputs": ...}
        self.runs: list[dict[str, Any]] = []  # finished workflow runs, oldest first (add_run)
        self.edits: list[
            tuple[int, dict[str, Any]]
        ] = []  # every issue PATCH applied: (number, body)
        # Issues gone from this repository, as GitHub answers for them: deleted (410), or
        # transferred (301 to the issue's new place, which this server also serves, as a public
        # repository would; anything sent there is kept in ``elsewhere``).
        self.deleted: set[int] = set()
        self.transferred: dict[int, str] = {}  # number -> the API path of its new place
        self.unreadable: set[int] = set()  # transferred where the token cannot read: 404
        self.elsewhere: list[tuple[str, str, Any]] = []  # (method, path, body) sent there
        self._moved: dict[str, dict[str, Any]] = {}  # new API path -> the issue there
        self._moved_comments: dict[str, list[dict[str, Any]]] = {}  # and its comments
        self.faults: list[Fault] = []
        self.requests: list[Request] = []
        self.lock = threading.RLock()
        self._numbers = itertools.count(1)
        self._ids = itertools.count(1001)
        self._dispatchable: dict[int, bool] = {}
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- running -----------------------------------------------------------------------------

    def start(self) -> FakeGitHub:
        handler = type("Handler", (_Handler,), {"fake": self})
        self._server = _Server(("127.0.0.1", 0), handler)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeGitHub:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        """The API base URL, for ``GITHUB_API_URL``."""
        assert self._server, "start the fake first"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def env(self, write_interval: float = 0, create_interval: float = 0) -> dict[str, str]:
        """Environment variables that point ``unmentoring`` at this fake (no pacing by default)."""
        return {
            "GITHUB_API_URL": self.url,
            "GITHUB_TOKEN": self.token,
            "GITHUB_REPOSITORY": self.repository,
            "GITHUB_SERVER_URL": "https://github.example",
            # As the workflows set it: the account the token writes as.
            "UNMENTORING_BOT_LOGIN": self.login,
            "UNMENTORING_WRITE_INTERVAL": str(write_interval),
            "UNMENTORING_CREATE_INTERVAL": str(create_interval),
        }

    # -- faults and inspection ---------------------------------------------------------------

    def inject(self, fault: Fault, **where: Any) -> Fault:
        """Add a fault; ``where`` may set ``method``, ``path``, ``times``, ``after``."""
        for key, value in where.items():
            setattr(fault, key, value)
        with self.lock:
            self.faults.append(fault)
        return fault

    def spend(self) -> bool:
        """Count one request against the hour's budget; whether it is over the limit."""
        now = self.now()
        if self.window_start is None or now >= self.window_start + 3600:
            self.window_start, self.window_used = now, 0
        self.window_used += 1
        self.spent_at.append(now)
        return self.window_used > self.rate_limit

    def rate_headers(self) -> dict[str, str]:
        start = self.now() if self.window_start is None else self.window_start
        return {
            "x-ratelimit-limit": str(self.rate_limit),
            "x-ratelimit-remaining": str(max(0, self.rate_limit - self.window_used)),
            "x-ratelimit-reset": str(int(start) + 3600),
            "x-ratelimit-used": str(self.window_used),
            "x-ratelimit-resource": "core",
        }

    def count(self, method: str | None = None, path: str = "") -> int:
        """How many requests matched ``method`` and the ``path`` pattern."""
        with self.lock:
            return sum(
                1
                for r in self.requests
                if (method is None or r.method == method) and re.search(path, r.path)
            )

    def issues_with_label(self, name: str) -> list[dict[str, Any]]:
        with self.lock:
            return [i for i in self.issues.values() if name in _label_names(i)]

    # -- seeding state -----------------------------------------------------------------------

    def add_issue(
        self,
        title: str,
        body: str = "",
        *,
        labels: list[str] = (),
        author: str | None = None,
        state: str = "open",
        pull_request: bool = False,
    ) -> dict[str, Any]:
        """Put an issue (or a pull request) in the repository, as if someone had opened it."""
        with self.lock:
            issue = self._new_issue(title, body, list(labels), author or self.login)
            if state == "closed":
                issue.update(state="closed", state_reason="completed", closed_at=_stamp(self.now()))
            if pull_request:
                issue["pull_request"] = {
                    "url": f"{self.url}{self._repo_path}/pulls/{issue['number']}"
                }
            return issue

    def add_comment(
        self, number: int, body: str, author: str = "someone", created_at: str | None = None
    ) -> dict[str, Any]:
        """A comment by ``author``; ``created_at`` (``2026-03-12T09:00:00Z``) dates it."""
        with self.lock:
            comment = self._new_comment(number, body, author)
            if created_at is not None:
                comment.update(created_at=created_at, updated_at=created_at)
                self.issues[number]["updated_at"] = created_at
            return comment

    def add_label(self, name: str, color: str = "ededed", description: str = "") -> dict:
        with self.lock:
            return self._label(name, color, description)

    def add_pull_request(
        self,
        head: str,
        base: str = "main",
        title: str = "A change",
        body: str = "",
        *,
        author: str | None = None,
        state: str = "open",
        head_owner: str | None = None,
    ) -> dict[str, Any]:
        """Put a pull request in the repository; ``head_owner`` makes it come from a fork."""
        with self.lock:
            pull = self._new_pull(head, base, title, body, author or self.login, head_owner)
            if state == "closed":
                pull.update(state="closed", closed_at=_stamp(self.now()))
                self.issues[pull["number"]].update(state="closed", closed_at=pull["closed_at"])
            return pull

    def close_pull_request(self, number: int, *, merged: bool = False) -> dict[str, Any]:
        """Close a pull request as an organiser would, merging it or not (the fake keeps no
        git: a test merges the branch into its own remote)."""
        with self.lock:
            pull = self.pulls[number]
            stamp = _stamp(self.now())
            pull.update(state="closed", closed_at=stamp, merged=merged)
            pull["merged_at"] = stamp if merged else None
            self.issues[number].update(state="closed", closed_at=stamp)
            return pull

    # -- seeding doctor's settings -------------------------------------------------------------

    def enable_pages(self, build_type: str = "workflow", status: str | None = "built") -> dict:
        """Turn GitHub Pages on, published by a workflow (``workflow``) or from a branch."""
        owner, name = self.repository.lower().split("/")
        with self.lock:
            self.pages = {
                "url": f"{self.url}{self._repo_path}/pages",
                "status": status,
                "cname": None,
                "custom_404": False,
                "html_url": f"https://{owner}.github.io/{name}/",
                "build_type": build_type,
                "source": {"branch": "gh-pages", "path": "/"} if build_type == "legacy" else None,
                "public": True,
                "https_enforced": True,
            }
            return self.pages

    def add_branch_rule(self, rule_type: str, branch: str = "main", ruleset_id: int = 1) -> None:
        """An active ruleset rule of ``rule_type`` (``pull_request``, ``update``) on ``branch``."""
        with self.lock:
            self.branch_rules.setdefault(branch, []).append(
                {
                    "type": rule_type,
                    "ruleset_source_type": "Repository",
                    "ruleset_source": self.repository,
                    "ruleset_id": ruleset_id,
                }
            )

    def protect_branch(self, branch: str = "main", required_checks: tuple[str, ...] = ()) -> None:
        """Classic branch protection on ``branch``, with these required status checks."""
        with self.lock:
            self.branches[branch] = {"protected": True, "required_checks": list(required_checks)}

    def add_run(self, file_name: str, conclusion: str = "success", at: float | None = None) -> dict:
        """A finished run of the workflow ``file_name`` (add it first), at ``at`` (default now)."""
        with self.lock:
            workflow = self._workflow(file_name)
            assert workflow is not None, f"add_workflow({file_name!r}) first"
            run_id = next(self._ids)
            stamp = _stamp(self.now() if at is None else at)
            run = {
                "id": run_id,
                "workflow_id": workflow["id"],
                "status": "completed",
                "conclusion": conclusion,
                "created_at": stamp,
                "updated_at": stamp,
            }
            self.runs.append(run)
            return run

    def add_workflow(
        self,
        file_name: str,
        name: str | None = None,
        *,
        state: str = "active",
        dispatchable: bool = True,
        scheduled: bool = False,
    ) -> dict[str, Any]:
        """A workflow file on the default branch (``round.yml``, or its path
        ``.github/workflows/round.yml``); ``dispatchable``: it has a workflow_dispatch trigger;
        ``scheduled``: a `schedule:` one, which GitHub disables after 60 days without activity
        in a public repository; enabling it again (even when active) starts the count anew, as
        keep-alive actions rely on
        (https://docs.github.com/actions/managing-workflow-runs/disabling-and-enabling-a-workflow)."""
        with self.lock:
            workflow_id = next(self._ids)
            path = file_name if "/" in file_name else f".github/workflows/{file_name}"
            stamp = _stamp(self.now())
            workflow = {
                "id": workflow_id,
                "node_id": f"W_{workflow_id}",
                "name": name or path.rsplit("/", 1)[-1],
                "path": path,
                "state": state,
                "created_at": stamp,
                "updated_at": stamp,
                "url": f"{self.url}{self._repo_path}/actions/workflows/{workflow_id}",
                "html_url": self._html(f"blob/main/{path}"),
                "badge_url": self._html(f"workflows/{name or path.rsplit('/', 1)[-1]}/badge.svg"),
            }
            self.workflows[workflow_id] = workflow
            self._dispatchable[workflow_id] = dispatchable
            if scheduled:
                self.awake_since[workflow_id] = self.now()
            return workflow

    def workflow_state(self, file_name: str) -> str:
        with self.lock:
            self._sleep_the_idle()
            found = self._workflow(file_name)
            assert found is not None, file_name
            return str(found["state"])

    # -- state changes (called with the lock held) -------------------------------------------

    @property
    def _repo_path(self) -> str:
        return f"/repos/{self.repository}"

    def _html(self, suffix: str) -> str:
        return f"https://github.example/{self.repository}/{suffix}"

    def _label(self, name: str, color: str = "ededed", description: str = "") -> dict:
        key = name.lower()
        if key not in self.labels:
            self.labels[key] = {
                "id": next(self._ids),
                "name": name,
                "color": color,
                "description": description,
                "default": False,
                "url": f"{self.url}{self._repo_path}/labels/{urllib.parse.quote(name)}",
            }
        return self.labels[key]

    def _user(self, login: str) -> dict[str, Any]:
        # As GitHub says it: a bot account (``name[bot]``) is of type Bot. Ids are stable from
        # run to run (``hash`` of a string is not).
        stable = int(hashlib.sha256(login.encode()).hexdigest()[:8], 16)
        kind = "Bot" if login.endswith("[bot]") else "User"
        return {"login": login, "id": self.users.get(login, stable), "type": kind}

    def _new_issue(self, title: str, body: str | None, labels: list[str], author: str) -> dict:
        number = next(self._numbers)
        stamp = _stamp(self.now())
        issue = {
            "id": next(self._ids),
            "node_id": f"I_{number}",
            "number": number,
            "title": title,
            "body": body,
            "state": "open",
            "state_reason": None,
            "locked": False,
            "labels": [self._label(name) for name in labels],
            "user": self._user(author),
            "assignees": [],
            "comments": 0,
            "created_at": stamp,
            "updated_at": stamp,
            "closed_at": None,
            "url": f"{self.url}{self._repo_path}/issues/{number}",
            "html_url": self._html(f"issues/{number}"),
            "repository_url": f"{self.url}{self._repo_path}",
        }
        self.issues[number] = issue
        return issue

    def _new_comment(self, number: int, body: str, author: str) -> dict[str, Any]:
        comment_id = next(self._ids)
        stamp = _stamp(self.now())
        comment = {
            "id": comment_id,
            "node_id": f"IC_{comment_id}",
            "issue_number": number,
            "body": body,
            "user": self._user(author),
            "created_at": stamp,
            "updated_at": stamp,
            "url": f"{self.url}{self._repo_path}/issues/comments/{comment_id}",
            "html_url": self._html(f"issues/{number}#issuecomment-{comment_id}"),
            "issue_url": f"{self.url}{self._repo_path}/issues/{number}",
        }
        self.comments[comment_id] = comment
        self.issues[number]["comments"] += 1
        # A new comment changes its issue's `updated_at`, which the listing's `since` filters
        # on (https://docs.github.com/rest/issues/issues#list-repository-issues).
        self.issues[number]["updated_at"] = stamp
        return comment

    def _new_pull(
        self,
        head: str,
        base: str,
        title: str,
        body: str | None,
        author: str,
        head_owner: str | None = None,
    ) -> dict[str, Any]:
        # Its issue: the same number, listed among issues with a `pull_request` key.
        issue = self._new_issue(title, body, [], author)
        number = issue["number"]
        url = f"{self.url}{self._repo_path}/pulls/{number}"
        issue["pull_request"] = {"url": url, "html_url": self._html(f"pull/{number}")}
        owner = self.repository.split("/")[0]
        fork = f"{head_owner}/{self.repository.split('/')[1]}" if head_owner else None
        pull = {
            "id": next(self._ids),
            "node_id": f"PR_{number}",
            "number": number,
            "title": title,
            "body": body,
            "state": "open",
            "draft": False,
            "merged": False,
            "merged_at": None,
            "user": issue["user"],
            "author_association": self._association(author),
            "head": self._branch(head, head_owner or owner, fork or self.repository),
            "base": self._branch(base, owner, self.repository),
            "created_at": issue["created_at"],
            "updated_at": issue["updated_at"],
            "closed_at": None,
            "url": url,
            "html_url": self._html(f"pull/{number}"),
            "issue_url": issue["url"],
        }
        self.pulls[number] = pull
        return pull

    def _association(self, login: str) -> str:
        """As GitHub says it: OWNER, COLLABORATOR for a known collaborator, else NONE."""
        if login.lower() == self.repository.split("/")[0].lower():
            return "OWNER"
        known = {name.lower() for name in self.collaborator_roles}
        return "COLLABORATOR" if login.lower() in known else "NONE"

    def _branch(self, ref: str, owner: str, repository: str) -> dict[str, Any]:
        return {
            "label": f"{owner}:{ref}",
            "ref": ref,
            "sha": hashlib.sha1(f"{repository}:{ref}".encode()).hexdigest(),
            "user": self._user(owner),
            "repo": {"full_name": repository, "name": repository.split("/")[1]},
        }

    # -- routing -----------------------------------------------------------------------------

    # -- issues gone elsewhere (https://docs.github.com/rest/issues/issues#get-an-issue) --------

    def delete_issue(self, number: int) -> None:
        """Delete an issue: GitHub answers 410 Gone for it and its comments from then on."""
        self.issues.pop(number)
        self.deleted.add(number)

    def transfer_issue(
        self, number: int, to: str = "elsewhere/other", *, readable: bool = True
    ) -> str:
        """Move an issue to repository ``to``: GitHub answers 301 Moved Permanently, pointing at
        its new place; the issue is no longer listed here. Returns its new API path. Not
        ``readable`` (a private repository the token cannot read): 404 Not Found instead."""
        if not readable:
            self.issues.pop(number)
            self.unreadable.add(number)
            return ""
        issue = self.issues.pop(number)
        new = f"/repos/{to}/issues/{number + 1000}"
        self.transferred[number] = new
        self._moved[new] = {
            **issue,
            "number": number + 1000,
            "url": f"{self.url}{new}",
            "repository_url": f"{self.url}/repos/{to}",
        }
        # Its comments go with it (GitHub moves the whole conversation).
        self._moved_comments[new] = [
            {**self.comments.pop(key), "issue_url": f"{self.url}{new}"}
            for key in [k for k, c in self.comments.items() if c["issue_number"] == number]
        ]
        return new

    def rename_user(self, old: str, new: str) -> None:
        """``old`` renames their account ``new``: the id stays, ``old`` is free for anyone
        ("After changing your username, your old username becomes available for anyone else to
        claim": https://docs.github.com/en/account-and-profile/setting-up-and-managing-your-personal-account-on-github/managing-personal-account-settings/changing-your-github-username),
        and what they wrote shows the new login."""
        with self.lock:
            self.users[new] = self.users.pop(old)
            for item in [*self.issues.values(), *self.comments.values()]:
                if item["user"]["login"] == old:
                    item["user"] = self._user(new)

    def delete_user(self, login: str) -> None:
        """``login`` deletes their account: 404 by login and by id from then on, and what they
        wrote is @ghost's."""
        with self.lock:
            del self.users[login]
            for item in [*self.issues.values(), *self.comments.values()]:
                if item["user"]["login"] == login:
                    item["user"] = {"login": "ghost", "id": 10137, "type": "User"}

    def lock_issue(self, number: int) -> None:
        """Lock an issue's conversation: GitHub refuses new comments from the bot with 403."""
        self.issues[number]["locked"] = True

    def _gone(self, method: str, path: str, body: Any) -> tuple[int, Any, dict] | None:
        """GitHub's answer for an issue that was deleted or transferred, or None."""
        found = re.fullmatch(rf"{re.escape(self._repo_path)}/issues/(\d+)(/.*)?", path)
        if found and int(found.group(1)) in self.deleted:
            return _error(410, "This issue was deleted")
        if found and int(found.group(1)) in self.unreadable:
            return _error(404, "Not Found")
        if found and int(found.group(1)) in self.transferred:
            new = self.transferred[int(found.group(1))] + (found.group(2) or "")
            moved = {"message": "Moved Permanently", "url": f"{self.url}{new}"}
            return 301, moved, {"Location": f"{self.url}{new}"}
        issue_path = re.sub(r"/comments$", "", path)
        if issue_path in self._moved:
            self.elsewhere.append((method, path, body))
            issue = self._moved[issue_path]
            if path.endswith("/comments"):
                made = {"id": next(self._ids), "body": (body or {}).get("body", "")}
                made["issue_url"] = issue["url"]
                if method == "POST":
                    return 201, made, {}
                return 200, self._moved_comments.get(issue_path, []), {}
            return 200, issue, {}
        return None

    def handle(self, method: str, path: str, query: dict, body: Any) -> tuple[int, Any, dict]:
        """Carry out one request: (status, JSON answer, extra headers)."""
        gone = self._gone(method, path, body)
        if gone is not None:
            return gone
        repo = re.escape(self._repo_path)
        routes: list[tuple[str, str, Callable[..., tuple[int, Any, dict]]]] = [
            ("GET", r"/rate_limit", self._rate_limit_status),
            ("GET", r"/users/([^/]+)", self._get_user),
            ("GET", r"/user/(\d+)", self._get_user_by_id),
            ("GET", r"/user", self._authenticated_user),
            ("GET", rf"{repo}", self._get_repo),
            ("GET", rf"{repo}/issues", self._list_issues),
            ("POST", rf"{repo}/issues", self._create_issue),
            ("GET", rf"{repo}/issues/comments/(\d+)", self._get_comment),
            ("PATCH", rf"{repo}/issues/comments/(\d+)", self._edit_comment),
            ("GET", rf"{repo}/issues/(\d+)", self._get_issue),
            ("PATCH", rf"{repo}/issues/(\d+)", self._edit_issue),
            ("GET", rf"{repo}/issues/(\d+)/comments", self._list_comments),
            ("POST", rf"{repo}/issues/(\d+)/comments", self._create_comment),
            ("GET", rf"{repo}/issues/(\d+)/labels", self._issue_labels),
            ("POST", rf"{repo}/issues/(\d+)/labels", self._add_issue_labels),
            ("GET", rf"{repo}/labels", self._list_labels),
            ("POST", rf"{repo}/labels", self._create_label),
            ("GET", rf"{repo}/labels/([^/]+)", self._get_label),
            ("GET", rf"{repo}/pulls", self._list_pulls),
            ("POST", rf"{repo}/pulls", self._create_pull),
            ("GET", rf"{repo}/pulls/(\d+)", self._get_pull),
            ("PATCH", rf"{repo}/pulls/(\d+)", self._edit_pull),
            ("GET", rf"{repo}/pages", self._get_pages),
            ("POST", rf"{repo}/pages", self._create_pages),
            ("PUT", rf"{repo}/pages", self._update_pages),
            ("GET", rf"{repo}/actions/permissions/workflow", self._get_workflow_permissions),
            ("GET", rf"{repo}/rules/branches/(.+)", self._rules_for_branch),
            ("GET", rf"{repo}/branches/([^/]+)", self._get_branch),
            ("GET", rf"{repo}/collaborators/([^/]+)/permission", self._get_permission),
            ("GET", rf"{repo}/actions/workflows", self._list_workflows),
            ("GET", rf"{repo}/actions/workflows/([^/]+)", self._get_workflow),
            ("GET", rf"{repo}/actions/workflows/([^/]+)/runs", self._list_runs),
            ("PUT", rf"{repo}/actions/workflows/([^/]+)/enable", self._enable_workflow),
            ("PUT", rf"{repo}/actions/workflows/([^/]+)/disable", self._disable_workflow),
            ("POST", rf"{repo}/actions/workflows/([^/]+)/dispatches", self._dispatch),
        ]
        if not path.startswith((self._repo_path, "/users/", "/user/")) and path not in (
            "/rate_limit",
            "/user",
        ):
            return _error(404, "Not Found")
        for route_method, pattern, action in routes:
            match = re.fullmatch(pattern, path)
            if match and route_method == method:
                if "/issues" in path and not self.has_issues:
                    return _error(410, "Issues are disabled for this repo")
                resource = self._creates(method, path)
                if resource and self.limits:
                    refusal = self.limits.refusal(self.now(), resource)
                    if refusal:
                        return refusal
                answer = action(*match.groups(), query=query, body=body)
                if resource and self.limits and answer[0] == 201:
                    self.limits.created(self.now(), resource)
                return answer
        return _error(404, "Not Found")

    def _creates(self, method: str, path: str) -> str | None:
        """What a request creates (``Issue``...), if it is a creation the limits count."""
        if method != "POST":
            return None
        tail = path[len(self._repo_path) :]
        return next((name for pattern, name in CREATING if re.fullmatch(pattern, tail)), None)

    def _rate_limit_status(self, query: dict, body: Any) -> tuple[int, Any, dict]:
        core = {"limit": self.rate_limit, "remaining": self.rate_limit, "reset": 0, "used": 0}
        return 200, {"resources": {"core": core}, "rate": core}, {}

    def _authenticated_user(self, query: dict, body: Any) -> tuple[int, Any, dict]:
        """The token's own account: a person's token answers; GITHUB_TOKEN and a GitHub App's
        installation token are refused (https://docs.github.com/rest/users/users#get-the-authenticated-user)."""
        if self.login.endswith("[bot]"):
            return _error(403, "Resource not accessible by integration")
        return 200, {"login": self.login, "id": self.users.get(self.login, 1), "type": "User"}, {}

    def _get_user(self, login: str, query: dict, body: Any) -> tuple[int, Any, dict]:
        login = urllib.parse.unquote(login)
        known = {name.lower(): (name, number) for name, number in self.users.items()}
        if login.lower() not in known:
            return _error(404, "Not Found")
        name, number = known[login.lower()]
        kind = "Bot" if name.endswith("[bot]") else "User"
        return 200, {"login": name, "id": number, "type": kind}, {}

    def _get_user_by_id(self, number: str, query: dict, body: Any) -> tuple[int, Any, dict]:
        """https://docs.github.com/rest/users/users#get-a-user-using-their-id: the account's
        login now, whatever it was; 404 once it is deleted."""
        found = [name for name, known in self.users.items() if known == int(number)]
        if not found:
            return _error(404, "Not Found")
        kind = "Bot" if found[0].endswith("[bot]") else "User"
        kind = "Organization" if found[0] in self.organisations else kind
        return 200, {"login": found[0], "id": int(number), "type": kind}, {}

    def _get_repo(self, query: dict, body: Any) -> tuple[int, Any, dict]:
        owner, name = self.repository.split("/")
        return (
            200,
            {
                "id": 1,
                "name": name,
                "full_name": self.repository,
                "owner": self._user(owner),
                "private": False,
                "has_issues": self.has_issues,
                "default_branch": "main",
                "html_url": f"https://github.example/{self.repository}",
                "url": f"{self.url}{self._repo_path}",
                **({"permissions": self.permissions} if self.permissions is not None else {}),
            },
            {},
        )

    def _get_workflow_permissions(self, query: dict, body: Any) -> tuple[int, Any, dict]:
        if self.workflow_permissions is None:  # as for a token without Administration: read
            return _error(403, "Resource not accessible by integration")
        return 200, self.workflow_permissions, {}

    def _get_pages(self, query: dict, body: Any) -> tuple[int, Any, dict]:
        return (200, self.pages, {}) if self.pages else _error(404, "Not Found")

    def _create_pages(self, query: dict, body: Any) -> tuple[int, Any, dict]:
        # Only a repository administrator may (Administration and Pages, write): never a
        # workflow's GITHUB_TOKEN. A second creation: 409, "GitHub Pages is already enabled."
        # (https://docs.github.com/en/rest/pages/pages#create-a-apiname-pages-site).
        if not self.pages_admin:
            return _error(403, "Resource not accessible by integration")
        if self.pages:
            return _error(409, "GitHub Pages is already enabled.")
        build_type = (body or {}).get("build_type") or "legacy"
        return 201, self.enable_pages(build_type, status=None), {}

    def _update_pages(self, query: dict, body: Any) -> tuple[int, Any, dict]:
        if not self.pages_admin:
            return _error(403, "Resource not accessible by integration")
        if not self.pages:
            return _error(404, "Not Found")
        self.enable_pages((body or {}).get("build_type") or "legacy", status=None)
        return 204, None, {}

    def _rules_for_branch(self, branch: str, query: dict, body: Any) -> tuple[int, Any, dict]:
        # The branch need not exist: the rules that would apply to that name are listed.
        rules = self.branch_rules.get(urllib.parse.unquote(branch), [])
        return self._page(rules, query, f"{self._repo_path}/rules/branches/{branch}")

    def _get_branch(self, branch: str, query: dict, body: Any) -> tuple[int, Any, dict]:
        name = urllib.parse.unquote(branch)
        if name not in self.branches:
            return _error(404, "Branch not found")
        state = self.branches[name]
        checks = state.get("required_checks") or []
        level = "non_admins" if checks else "off"
        protection: dict[str, Any] = {
            "enabled": bool(state.get("protected")),
            "required_status_checks": {
                "enforcement_level": level,
                "contexts": checks,
                "checks": [{"context": check, "app_id": None} for check in checks],
            },
        }
        return (
            200,
            {
                "name": name,
                "commit": self._branch(name, self.repository.split("/")[0], self.repository),
                "protected": bool(state.get("protected")),
                "protection": protection,
                "protection_url": f"{self.url}{self._repo_path}/branches/{branch}/protection",
                "_links": {"self": f"{self.url}{self._repo_path}/branches/{branch}"},
            },
            {},
        )

    def _list_issues(self, query: dict, body: Any) -> tuple[int, Any, dict]:
        state = _one(query, "state", "open")
        wanted = [n.strip().lower() for n in _one(query, "labels", "").split(",") if n.strip()]
        creator = _one(query, "creator", "")
        since = _one(query, "since", "")  # ISO 8601 in UTC, compared as GitHub stamps them
        found = [
            issue
            for issue in sorted(self.issues.values(), key=lambda i: -i["number"])
            if (state == "all" or issue["state"] == state)
            and all(name in {n.lower() for n in _label_names(issue)} for name in wanted)
            and (not creator or issue["user"]["login"].lower() == creator.lower())
            and (not since or issue["updated_at"] >= since)
        ]
        return self._page(found, query, f"{self._repo_path}/issues")

    def _create_issue(self, query: dict, body: Any) -> tuple[int, Any, dict]:
        if not isinstance(body, dict) or not body.get("title"):
            return _error(422, "Validation Failed", [{"field": "title", "code": "missing_field"}])
        issue = self._new_issue(
            body["title"], body.get("body"), body.get("labels") or [], self.login
        )
        return 201, issue, {}

    def _get_issue(self, number: str, query: dict, body: Any) -> tuple[int, Any, dict]:
        issue = self.issues.get(int(number))
        return (200, issue, {}) if issue else _error(404, "Not Found")

    def _edit_issue(self, number: str, query: dict, body: Any) -> tuple[int, Any, dict]:
        issue = self.issues.get(int(number))
        if not issue:
            return _error(404, "Not Found")
        self.edits.append((int(number), copy.deepcopy(body)))
        for key in ("title", "body"):
            if key in body:
                issue[key] = body[key]
        if "labels" in body:
            issue["labels"] = [self._label(name) for name in body["labels"]]
        if body.get("state") == "closed":
            issue.update(state="closed", closed_at=_stamp(self.now()))
            issue["state_reason"] = body.get("state_reason") or "completed"
        elif body.get("state") == "open":
            issue.update(state="open", closed_at=None, state_reason="reopened")
        elif "state_reason" in body and issue["state"] == "closed":
            issue["state_reason"] = body["state_reason"]
        issue["updated_at"] = _stamp(self.now())
        return 200, issue, {}

    def _list_comments(self, number: str, query: dict, body: Any) -> tuple[int, Any, dict]:
        if int(number) not in self.issues:
            return _error(404, "Not Found")
        found = [c for c in self.comments.values() if c["issue_number"] == int(number)]
        return self._page(found, query, f"{self._repo_path}/issues/{number}/comments")

    def _create_comment(self, number: str, query: dict, body: Any) -> tuple[int, Any, dict]:
        if int(number) not in self.issues:
            return _error(404, "Not Found")
        if self.issues[int(number)].get("locked"):
            # What GitHub says to anyone without write access to a locked conversation.
            return _error(403, "Unable to create comment because issue is locked.")
        if not isinstance(body, dict) or not body.get("body"):
            return _error(422, "Validation Failed", [{"field": "body", "code": "missing_field"}])
        return 201, self._new_comment(int(number), body["body"], self.login), {}

    def _get_comment(self, comment_id: str, query: dict, body: Any) -> tuple[int, Any, dict]:
        comment = self.comments.get(int(comment_id))
        return (200, comment, {}) if comment else _error(404, "Not Found")

    def _edit_comment(self, comment_id: str, query: dict, body: Any) -> tuple[int, Any, dict]:
        comment = self.comments.get(int(comment_id))
        if not comment:
            return _error(404, "Not Found")
        comment.update(body=body["body"], updated_at=_stamp(self.now()))
        return 200, comment, {}

    def _issue_labels(self, number: str, query: dict, body: Any) -> tuple[int, Any, dict]:
        issue = self.issues.get(int(number))
        return (200, issue["labels"], {}) if issue else _error(404, "Not Found")

    def _add_issue_labels(self, number: str, query: dict, body: Any) -> tuple[int, Any, dict]:
        issue = self.issues.get(int(number))
        if not issue:
            return _error(404, "Not Found")
        names = body.get("labels", []) if isinstance(body, dict) else body
        for name in names:
            if name.lower() not in {n.lower() for n in _label_names(issue)}:
                issue["labels"].append(self._label(name))
        return 200, issue["labels"], {}

    def _list_labels(self, query: dict, body: Any) -> tuple[int, Any, dict]:
        return self._page(list(self.labels.values()), query, f"{self._repo_path}/labels")

    def _create_label(self, query: dict, body: Any) -> tuple[int, Any, dict]:
        name = body.get("name", "")
        if name.lower() in self.labels:
            return _error(
                422, "Validation Failed", [{"resource": "Label", "code": "already_exists"}]
            )
        label = self._label(name, body.get("color", "ededed"), body.get("description") or "")
        return 201, label, {}

    def _get_label(self, name: str, query: dict, body: Any) -> tuple[int, Any, dict]:
        label = self.labels.get(urllib.parse.unquote(name).lower())
        return (200, label, {}) if label else _error(404, "Not Found")

    def _list_pulls(self, query: dict, body: Any) -> tuple[int, Any, dict]:
        state = _one(query, "state", "open")
        head = _one(query, "head", "")
        base = _one(query, "base", "")
        # GitHub ignores a `head` that is not `owner:branch` (it lists every pull request).
        if ":" not in head:
            head = ""
        found = [
            pull
            for pull in sorted(self.pulls.values(), key=lambda p: -p["number"])
            if (state == "all" or pull["state"] == state)
            and (not head or pull["head"]["label"] == head)
            and (not base or pull["base"]["ref"] == base)
        ]
        return self._page(found, query, f"{self._repo_path}/pulls")

    def _create_pull(self, query: dict, body: Any) -> tuple[int, Any, dict]:
        if not isinstance(body, dict):
            return _error(400, "Problems parsing JSON")
        missing = [key for key in ("title", "head", "base") if not body.get(key)]
        if missing:
            errors = [
                {"resource": "PullRequest", "field": f, "code": "missing_field"} for f in missing
            ]
            return _error(422, "Validation Failed", errors)
        head = (
            body["head"]
            if ":" in body["head"]
            else f"{self.repository.split('/')[0]}:{body['head']}"
        )
        for pull in self.pulls.values():
            if (
                pull["state"] == "open"
                and pull["head"]["label"] == head
                and pull["base"]["ref"] == body["base"]
            ):
                message = f"A pull request already exists for {head}."
                return _error(
                    422,
                    "Validation Failed",
                    [{"resource": "PullRequest", "code": "custom", "message": message}],
                )
        owner, _, ref = head.rpartition(":")
        fork = owner if owner != self.repository.split("/")[0] else None
        pull = self._new_pull(ref, body["base"], body["title"], body.get("body"), self.login, fork)
        return 201, pull, {}

    def _get_pull(self, number: str, query: dict, body: Any) -> tuple[int, Any, dict]:
        pull = self.pulls.get(int(number))
        return (200, pull, {}) if pull else _error(404, "Not Found")

    def _edit_pull(self, number: str, query: dict, body: Any) -> tuple[int, Any, dict]:
        """``PATCH {repo}/pulls/N``: its title and body (its issue's too, as on GitHub)."""
        pull = self.pulls.get(int(number))
        if pull is None:
            return _error(404, "Not Found")
        for key in ("title", "body"):
            if key in body:
                pull[key] = self.issues[int(number)][key] = body[key]
        return 200, pull, {}

    def _get_permission(self, login: str, query: dict, body: Any) -> tuple[int, Any, dict]:
        login = urllib.parse.unquote(login)
        owner = self.repository.split("/")[0]
        roles = {name.lower(): role for name, role in self.collaborator_roles.items()}
        role = roles.get(login.lower(), "admin" if login.lower() == owner.lower() else "read")
        base = self.custom_roles.get(role, role)
        legacy = {"maintain": "write", "triage": "read"}.get(base, base)
        answer = {"permission": legacy, "role_name": role, "user": self._user(login)}
        return 200, answer, {}

    def _workflow(self, key: str) -> dict[str, Any] | None:
        """A workflow by its id or its file name, as GitHub accepts either."""
        key = urllib.parse.unquote(key)
        for workflow in self.workflows.values():
            if str(workflow["id"]) == key or workflow["path"].rsplit("/", 1)[-1] == key:
                return workflow
        return None

    def _sleep_the_idle(self) -> None:
        """Scheduled workflows 60 days without activity are disabled, as GitHub does."""
        for workflow_id, since in self.awake_since.items():
            workflow = self.workflows[workflow_id]
            if workflow["state"] == "active" and self.now() - since > 60 * 86400:
                workflow.update(state="disabled_inactivity", updated_at=_stamp(self.now()))

    def _list_workflows(self, query: dict, body: Any) -> tuple[int, Any, dict]:
        self._sleep_the_idle()
        found = sorted(self.workflows.values(), key=lambda w: w["id"])
        status, page, headers = self._page(found, query, f"{self._repo_path}/actions/workflows")
        return status, {"total_count": len(found), "workflows": page}, headers

    def _get_workflow(self, key: str, query: dict, body: Any) -> tuple[int, Any, dict]:
        self._sleep_the_idle()
        workflow = self._workflow(key)
        return (200, workflow, {}) if workflow else _error(404, "Not Found")

    def _list_runs(self, key: str, query: dict, body: Any) -> tuple[int, Any, dict]:
        # Newest first; ``status`` filters by status or conclusion ("success"), as GitHub does.
        workflow = self._workflow(key)
        if workflow is None:
            return _error(404, "Not Found")
        wanted = _one(query, "status", "")
        runs = [
            run
            for run in reversed(self.runs)
            if run["workflow_id"] == workflow["id"]
            and wanted in ("", run["status"], run["conclusion"])
        ]
        path = f"{self._repo_path}/actions/workflows/{key}/runs"
        status, page, headers = self._page(runs, query, path)
        return status, {"total_count": len(runs), "workflow_runs": page}, headers

    def _enable_workflow(self, key: str, query: dict, body: Any) -> tuple[int, Any, dict]:
        return self._set_workflow_state(key, "active")

    def _disable_workflow(self, key: str, query: dict, body: Any) -> tuple[int, Any, dict]:
        return self._set_workflow_state(key, "disabled_manually")

    def _set_workflow_state(self, key: str, state: str) -> tuple[int, Any, dict]:
        workflow = self._workflow(key)
        if workflow is None:
            return _error(404, "Not Found")
        workflow.update(state=state, updated_at=_stamp(self.now()))
        if state == "active" and workflow["id"] in self.awake_since:
            self.awake_since[workflow["id"]] = self.now()
        return 204, None, {}

    def _dispatch(self, key: str, query: dict, body: Any) -> tuple[int, Any, dict]:
        workflow = self._workflow(key)
        if workflow is None:
            return _error(404, "Not Found")
        if not isinstance(body, dict) or not body.get("ref"):
            return _error(422, 'Invalid request.\n\n"ref" wasn\'t supplied.')
        if not self._dispatchable[workflow["id"]]:
            return _error(422, "Workflow does not have 'workflow_dispatch' trigger")
        if workflow["state"] != "active":
            return _error(422, "Cannot trigger a 'workflow_dispatch' on a disabled workflow")
        self.dispatches.append(
            {"workflow": workflow["path"], "ref": body["ref"], "inputs": body.get("inputs") or {}}
        )
        return 204, None, {}

    def _page(self, items: list, query: dict, path: str) -> tuple[int, Any, dict]:
        """One page of ``items`` and a ``Link`` header, as GitHub paginates."""
        per_page = max(1, min(int(_one(query, "per_page", "30")), 100))
        page = max(1, int(_one(query, "page", "1")))
        last = max(1, -(-len(items) // per_page))
        links = []

        def link(number: int, rel: str) -> str:
            params = {k: v[0] for k, v in query.items()}
            params.update(page=str(number), per_page=str(per_page))
            return f'<{self.url}{path}?{urllib.parse.urlencode(params)}>; rel="{rel}"'

        if page < last:
            links += [link(page + 1, "next"), link(last, "last")]
        if page > 1:
            links += [link(1, "first"), link(page - 1, "prev")]
        headers = {"link": ", ".join(links)} if links else {}
        return 200, items[(page - 1) * per_page : page * per_page], headers


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Stay quiet when a client gave up on a slow answer; report anything else."""
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    fake: FakeGitHub
    protocol_version = "HTTP/1.1"  # keep-alive, like GitHub
    # One write per answer, sent at once: otherwise delayed ACKs cost ~40 ms a request.
    wbufsize = 64 * 1024
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: Any) -> None:  # quiet test output
        pass

    def do_GET(self) -> None:
        self._serve("GET")

    def do_POST(self) -> None:
        self._serve("POST")

    def do_PATCH(self) -> None:
        self._serve("PATCH")

    def do_PUT(self) -> None:
        self._serve("PUT")

    def do_DELETE(self) -> None:
        self._serve("DELETE")

    def _serve(self, method: str) -> None:
        fake = self.fake
        parsed = urllib.parse.urlsplit(self.path)
        path = parsed.path.rstrip("/") or "/"
        query = urllib.parse.parse_qs(parsed.query)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body = json.loads(raw) if raw else {}
        except ValueError:
            self._answer(*_error(400, "Problems parsing JSON"))
            return
        with fake.lock:
            fault = next(
                (f for f in fake.faults if f.matches(method, path) and f.fired < f.after + f.times),
                None,
            )
            if fault is not None:
                fault.fired += 1
                if fault.fired <= fault.after:
                    fault = None
            status, answer, headers = self._authorise()
            if status == 0 and fake.spend():
                status, answer, headers = _error(403, "API rate limit exceeded for installation.")
                headers = {**fake.rate_headers(), "x-ratelimit-remaining": "0"}
            applies = fault is None or fault.apply or (fault.status is None and not fault.drop)
            if status == 0 and applies:
                status, answer, headers = fake.handle(method, path, query, body)
                answer = copy.deepcopy(answer)
            if fault is not None and fault.status is not None:
                status = fault.status
                headers = dict(fault.headers)
                reset = headers.get("x-ratelimit-reset", "")
                if reset.startswith("+"):
                    headers["x-ratelimit-reset"] = str(int(fake.now()) + int(reset[1:]))
                answer = {"message": fault.message, "documentation_url": "https://docs.github.com"}
            dropped = fault is not None and fault.drop
            fake.requests.append(Request(method, path, query, body, 0 if dropped else status))
        if fault is not None:
            time.sleep(fault.delay)
        if dropped:
            self.close_connection = True
            return
        self._answer(status, answer, headers)

    def _authorise(self) -> tuple[int, Any, dict]:
        """(0, None, {}) when the token is right, else the 401 to send."""
        given = self.headers.get("Authorization", "")
        scheme, _, token = given.partition(" ")
        if scheme.lower() in ("token", "bearer") and token == self.fake.token:
            return 0, None, {}
        return _error(401, "Bad credentials")

    def _answer(self, status: int, answer: Any, headers: dict[str, str]) -> None:
        fake = self.fake
        data = b"" if answer is None else json.dumps(answer).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        rate = fake.rate_headers()
        rate.update(headers)
        for name, value in rate.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)


def _error(status: int, message: str, errors: list | None = None) -> tuple[int, Any, dict]:
    answer: dict[str, Any] = {"message": message, "documentation_url": "https://docs.github.com"}
    if errors:
        answer["errors"] = errors
    return status, answer, {}


def _one(query: dict[str, list[str]], key: str, default: str) -> str:
    return query.get(key, [default])[0]


def _label_names(issue: dict[str, Any]) -> list[str]:
    return [label["name"] for label in issue["labels"]]


def _stamp(seconds: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds))


class FakeTime:
    """A clock that moves only when someone sleeps; records every sleep."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0
        self.sleeps: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    def clock(self) -> float:
        return self.now

    def time(self) -> float:
        return self.now
