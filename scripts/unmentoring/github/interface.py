"""What the commands see of GitHub: the operations they use (``GitHub``), and plain values.

``api.Client`` is the real implementation (over PyGithub, with the pacing and retry policy in
``api``); a command takes a ``GitHub`` so that it depends on these few operations only, and a
test can hand it anything that has them. ``Comments`` is the part that ``bot_comment`` needs;
``Permissions`` the part that the ownership check needs.

``RepositorySettings`` is what ``doctor`` reads of the repository's settings (Pages, labels,
workflows, the default branch's rules), with its own values.

The errors belong to the interface too: a creating call that may or may not have been applied
raises ``MaybeApplied`` (look for what it created before trying again), a refusal that waiting
will not fix raises ``GitHubRefused``, and a wait that would pass the deadline ``OutOfTime``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol, TypedDict, Unpack

from unmentoring.core.problems import Refused
from unmentoring.core.workflows import Workflow


class GitHubRefused(Refused):
    """GitHub refused a request in a way that waiting will not fix; the message says what will."""

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.status = status


class IssueUnavailable(GitHubRefused):
    """An issue GitHub no longer lets us act on here: deleted (410 Gone), transferred to
    another repository (301 Moved Permanently, or 404 when the token cannot read that
    repository: https://docs.github.com/rest/issues/issues#get-an-issue), or locked (403
    "Unable to create comment because issue is locked"). Expected in a year of real use:
    skipped, with a warning, never a reason to stop the other groups."""

    def __init__(self, number: int, why: str, status: int | None = None):
        super().__init__(f"issue #{number} is {why}", status)
        self.number = number
        self.why = why


class MaybeApplied(Exception):
    """A creating request failed in a way that leaves unknown whether GitHub applied it."""


class OutOfTime(Refused):
    """A wait would run past the deadline; stop now, and let the next run carry on."""


@dataclass(frozen=True, kw_only=True)
class Issue:
    number: int
    title: str
    body: str
    state: str
    labels: tuple[str, ...] = ()
    html_url: str = ""
    author: str = ""
    state_reason: str | None = None
    closed_at: str | None = None  # ISO 8601, UTC
    created_at: float | None = None  # epoch seconds
    # How many comments, and when anything last changed (epoch seconds): a listing carries
    # both, so follow-up reads a thread only when it may hold something new.
    comments: int | None = None
    updated_at: float | None = None

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Issue:
        return cls(
            number=int(data["number"]),
            title=data.get("title") or "",
            body=data.get("body") or "",
            state=data.get("state") or "open",
            labels=tuple(
                label["name"] if isinstance(label, Mapping) else str(label)
                for label in data.get("labels") or ()
            ),
            html_url=data.get("html_url") or "",
            author=(data.get("user") or {}).get("login") or "",
            state_reason=data.get("state_reason"),
            closed_at=data.get("closed_at"),
            created_at=epoch_of(data.get("created_at")),
            comments=data.get("comments") if isinstance(data.get("comments"), int) else None,
            updated_at=epoch_of(data.get("updated_at")),
        )


@dataclass(frozen=True, kw_only=True)
class Comment:
    id: int
    body: str
    author: str = ""
    html_url: str = ""
    # An App or other bot account: GitHub gives its user `"type": "Bot"` and a login ending
    # `[bot]` (https://docs.github.com/rest/issues/comments#list-issue-comments).
    author_is_bot: bool = False
    created_at: float | None = None  # epoch seconds

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Comment:
        user = data.get("user") or {}
        author = user.get("login") or ""
        return cls(
            id=int(data["id"]),
            body=data.get("body") or "",
            author=author,
            html_url=data.get("html_url") or "",
            author_is_bot=user.get("type") == "Bot" or author.endswith("[bot]"),
            created_at=epoch_of(data.get("created_at")),
        )


@dataclass(frozen=True, kw_only=True)
class PullRequest:
    number: int
    title: str
    body: str
    state: str
    head: str  # the branch it comes from, in this repository
    base: str  # the branch it would merge into
    html_url: str = ""
    merged: bool = False  # closed by merging (GitHub's `merged_at` is set), not just closed

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> PullRequest:
        return cls(
            number=int(data["number"]),
            title=data.get("title") or "",
            body=data.get("body") or "",
            state=data.get("state") or "open",
            head=(data.get("head") or {}).get("ref") or "",
            base=(data.get("base") or {}).get("ref") or "",
            html_url=data.get("html_url") or "",
            # The list endpoint gives `merged_at` only; a single pull request also `merged`.
            merged=bool(data.get("merged_at") or data.get("merged")),
        )


@dataclass(frozen=True, kw_only=True)
class Permission:
    """Someone's access to the repository, from every source (own grant, teams, organisation).

    ``level`` is GitHub's base role: ``admin``, ``write`` (which ``maintain`` maps to), ``read``
    (which ``triage`` maps to) or ``none``; ``role`` the role's own name, custom roles included.
    """

    login: str
    level: str
    role: str = ""

    @property
    def can_write(self) -> bool:
        """Admin, maintain, write, or a custom role built on write: the scheme's maintainers."""
        return self.level in ("admin", "write")

    @classmethod
    def from_json(cls, login: str, data: Mapping[str, Any]) -> Permission:
        level = str(data.get("permission") or "none")
        return cls(login=login, level=level, role=str(data.get("role_name") or level))


class IssueChanges(TypedDict, total=False):
    """What ``update_issue`` may change; GitHub leaves the fields not given as they are."""

    title: str
    body: str
    state: str  # "open" or "closed"
    state_reason: str  # with state "closed": "completed" or "not_planned"
    labels: list[str]  # replaces every label


class Comments(Protocol):
    """An issue's comments: enough for the bot to find its own, and add or edit it."""

    def list_comments(self, number: int) -> list[Comment]: ...

    def create_comment(self, number: int, body: str) -> Comment:
        """Raises ``MaybeApplied`` when it may or may not have been posted."""
        ...

    def update_comment(self, comment_id: int, body: str) -> Comment: ...

    def wait(self, seconds: float, why: str) -> None:
        """Sleep, or raise ``OutOfTime`` if that would pass the deadline."""
        ...


class Permissions(Protocol):
    """Who may change what in the repository: enough for the ownership check."""

    def permission_of(self, login: str) -> Permission:
        """``login``'s access to the repository (``none`` for someone GitHub does not know)."""
        ...


class GitHub(Comments, Protocol):
    """One repository's issues, labels, comments and pull requests, as the commands use them."""

    def check_access(self) -> RepositoryInfo:
        """The repository's details; fails clearly when the token cannot see it."""
        ...

    def time_left(self) -> float | None:
        """Seconds until the deadline, or None without one."""
        ...

    def add_earlier_creations(self, times: Iterable[float]) -> None:
        """Count creations made before this run (epoch seconds) in the hourly budget."""
        ...

    def get_issue(self, number: int) -> Issue: ...

    def list_issues(
        self, *, labels: Iterable[str] = (), state: str = "all", since: dt.datetime | None = None
    ) -> list[Issue]:
        """Every issue (not pull request) with all of ``labels``; with ``since``, only those
        updated at or after it."""
        ...

    def create_issue(self, title: str, body: str, labels: Iterable[str] = ()) -> Issue:
        """Raises ``MaybeApplied`` when it may or may not have been opened."""
        ...

    def update_issue(self, number: int, **fields: Unpack[IssueChanges]) -> Issue: ...

    def edit_issue_text(self, number: int, title: str, body: str) -> Issue:
        """Raises ``MaybeApplied`` when it may or may not have been applied."""
        ...

    def close_issue(self, number: int, reason: str = "completed") -> Issue: ...

    def ensure_label(self, name: str, color: str, description: str) -> bool:
        """Create the label unless it exists; True if it was created."""
        ...

    def open_pull_request(self, head: str, base: str, title: str, body: str) -> PullRequest:
        """The open pull request from ``head`` into ``base``, opened now if there is none."""
        ...


class PullRequests(Protocol):
    """The pull requests `pair --push` opens for review (``draw: review``)."""

    def pull_requests_from(self, head: str) -> list[PullRequest]:
        """Every pull request, open or closed, from branch ``head`` of this repository."""
        ...

    def open_pull_request(self, head: str, base: str, title: str, body: str) -> PullRequest:
        """The open pull request from ``head`` into ``base``, opened now if there is none."""
        ...


# -- the repository's settings, as `doctor` reads them --------------------------------------


@dataclass(frozen=True, kw_only=True)
class PagesSite:
    """The repository's GitHub Pages site; ``build_type`` "workflow" means GitHub Actions."""

    build_type: str | None
    html_url: str
    status: str | None

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> PagesSite:
        return cls(
            build_type=data.get("build_type"),
            html_url=data.get("html_url") or "",
            status=data.get("status"),
        )


@dataclass(frozen=True, kw_only=True)
class RepositoryInfo:
    """The repository, and whether this token may push (None: GitHub does not say)."""

    full_name: str
    default_branch: str  # "" if GitHub names none
    can_push: bool | None
    private: bool = False

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> RepositoryInfo:
        # GitHub gives `permissions` for a person's token only, not an installation token's
        # (a workflow's GITHUB_TOKEN or an App's).
        permissions = data.get("permissions")
        return cls(
            full_name=data.get("full_name") or "",
            default_branch=data.get("default_branch") or "",
            can_push=bool(permissions.get("push")) if isinstance(permissions, Mapping) else None,
            private=bool(data.get("private")),
        )


@dataclass(frozen=True, kw_only=True)
class BranchProtection:
    """A branch's classic protection, as anyone who can read the repository sees it."""

    protected: bool
    required_checks: bool  # status checks must pass before a commit lands, for non-admins too

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> BranchProtection:
        protection = data.get("protection") or {}
        checks = protection.get("required_status_checks") or {}
        level = checks.get("enforcement_level") or "off"
        required = level != "off" and bool(checks.get("contexts") or checks.get("checks"))
        return cls(protected=bool(data.get("protected")), required_checks=required)


class RepositorySettings(Protocol):
    """What ``doctor`` reads of the repository's settings; nothing here changes anything."""

    def check_access(self) -> RepositoryInfo:
        """The repository's details; fails clearly when the token cannot see it."""
        ...

    def actions_may_open_pull_requests(self) -> bool | None:
        """The "Allow GitHub Actions to create and approve pull requests" setting; None when
        this token may not read it."""
        ...

    def get_pages(self) -> PagesSite | None:
        """The Pages site, or None when Pages is not enabled."""
        ...

    def list_labels(self) -> list[str]:
        """The names of every label in the repository."""
        ...

    def list_workflows(self) -> list[Workflow]: ...

    def branch_rules(self, branch: str) -> list[str]:
        """The types of the active ruleset rules that apply to ``branch``."""
        ...

    def branch_protection(self, branch: str) -> BranchProtection: ...

    def last_success(self, workflow: str) -> float | None:
        """When ``workflow`` (its file name) last finished without errors (epoch seconds), or
        None if it never did."""
        ...


class Users(Protocol):
    """Accounts on the server."""

    def user_id(self, login: str) -> int | None:
        """The account's id, or None if there is no such account."""
        ...

    def login_of(self, user_id: int) -> str | None:
        """The login of account ``user_id`` now (a rename keeps the id); None once it is
        deleted."""
        ...

    def own_login(self) -> str | None:
        """The account a person's token acts as; None for an integration's token."""
        ...


class Workflows(Protocol):
    """The repository's GitHub Actions workflows: their states, waking them, starting one."""

    def check_access(self) -> RepositoryInfo:
        """The repository's details (``default_branch``); fails clearly when it is not seen."""
        ...

    def list_workflows(self) -> list[Workflow]: ...

    def enable_workflow(self, workflow_id: int) -> None:
        """Set the workflow's state to active (repeating it is harmless)."""
        ...

    def dispatch_workflow(self, workflow: str, ref: str) -> None:
        """Start a run; raises ``MaybeApplied`` when it may or may not have started."""
        ...


def epoch_of(stamp: Any) -> float | None:
    """GitHub's ISO 8601 time (``2026-03-01T07:17:00Z``) in epoch seconds."""
    if not isinstance(stamp, str) or not stamp:
        return None
    try:
        return datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return None
