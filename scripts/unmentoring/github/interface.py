"""What the commands see of GitHub: the operations they use (``GitHub``), and plain values.

``api.Client`` is the real implementation (over PyGithub, with the pacing and retry policy in
``api``); a command takes a ``GitHub`` so that it depends on these few operations only, and a
test can hand it anything that has them. ``Comments`` is the part that ``bot_comment`` needs.

The errors belong to the interface too: a creating call that may or may not have been applied
raises ``MaybeApplied`` (look for what it created before trying again), a refusal that waiting
will not fix raises ``GitHubRefused``, and a wait that would pass the deadline ``OutOfTime``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol, TypedDict, Unpack

from unmentoring.core.problems import Refused


class GitHubRefused(Refused):
    """GitHub refused a request in a way that waiting will not fix; the message says what will."""

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.status = status


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
    created_at: float | None = None  # epoch seconds

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
            created_at=_epoch(data.get("created_at")),
        )


@dataclass(frozen=True, kw_only=True)
class Comment:
    id: int
    body: str
    author: str = ""
    html_url: str = ""

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Comment:
        return cls(
            id=int(data["id"]),
            body=data.get("body") or "",
            author=(data.get("user") or {}).get("login") or "",
            html_url=data.get("html_url") or "",
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
        )


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


class GitHub(Comments, Protocol):
    """One repository's issues, labels, comments and pull requests, as the commands use them."""

    def check_access(self) -> dict[str, Any]:
        """The repository's details; fails clearly when the token cannot see it."""
        ...

    def time_left(self) -> float | None:
        """Seconds until the deadline, or None without one."""
        ...

    def add_earlier_creations(self, times: Iterable[float]) -> None:
        """Count creations made before this run (epoch seconds) in the hourly budget."""
        ...

    def get_issue(self, number: int) -> Issue: ...

    def list_issues(self, *, labels: Iterable[str] = (), state: str = "all") -> list[Issue]:
        """Every issue (not pull request) with all of ``labels``."""
        ...

    def create_issue(self, title: str, body: str, labels: Iterable[str] = ()) -> Issue:
        """Raises ``MaybeApplied`` when it may or may not have been opened."""
        ...

    def update_issue(self, number: int, **fields: Unpack[IssueChanges]) -> Issue: ...

    def close_issue(self, number: int, reason: str = "completed") -> Issue: ...

    def ensure_label(self, name: str, color: str, description: str) -> bool:
        """Create the label unless it exists; True if it was created."""
        ...

    def open_pull_request(self, head: str, base: str, title: str, body: str) -> PullRequest:
        """The open pull request from ``head`` into ``base``, opened now if there is none."""
        ...


def _epoch(stamp: Any) -> float | None:
    """GitHub's ISO 8601 time (``2026-03-01T07:17:00Z``) in epoch seconds."""
    if not isinstance(stamp, str) or not stamp:
        return None
    try:
        return datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return None
