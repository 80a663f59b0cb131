"""GitHub's REST API, used politely and safely: the one module that talks HTTP to GitHub.

``connect()`` builds a ``Client`` for one repository from the environment (``GITHUB_TOKEN``,
``GITHUB_REPOSITORY``, ``GITHUB_API_URL``, ``UNMENTORING_WRITE_INTERVAL``,
``UNMENTORING_CREATE_INTERVAL``, ``UNMENTORING_HOURLY_CREATES``). The client's methods
take and return plain values (``Issue``, ``Comment``, ``PullRequest``), implement the interface
the commands see (``interface.GitHub``), and follow one policy:

- Requests go one at a time, with at least ``write_interval`` seconds between writes
  (POST, PATCH, PUT, DELETE), as GitHub asks of integrations.
- Content creation (issues, comments, pull requests) keeps to GitHub's secondary limits
  (``pacing``): at least ``create_interval`` seconds apart, and at most ``hourly_creates`` in any
  hour, counting those the caller learned were made earlier (``add_earlier_creations``). Labels
  are left out: a round creates at most two, well within the margin under GitHub's 500.
- Rate limited (429, or 403 with ``retry-after``, a zero ``x-ratelimit-remaining`` or a rate-limit
  message): wait ``retry-after`` seconds, else until ``x-ratelimit-reset`` when nothing remains,
  else at least a minute, doubling each time; then send again. GitHub did not apply a request it
  refused for rate limiting, so this is safe for every request. A create refused with 422
  "was submitted too quickly" is the content-creation limit too: no header says when it resets
  (reports see over a minute: https://github.com/cli/cli/issues/4801), so it waits a minute,
  doubling, and spaces the run's later creations twice as far (up to 24 s). A 422 is GitHub's
  "Validation failed, or the endpoint has been spammed": nothing was created
  (https://docs.github.com/en/rest/issues/issues#create-an-issue), so it is sent again.
- Server errors (5xx), timeouts and dropped connections: requests that are safe to repeat are
  retried with backoff. A request that creates something (a new issue or comment) is not, because
  GitHub may have applied it before the failure: ``MaybeApplied`` is raised, and the caller looks
  for what it created (announce: the issue's marker) before trying again. ``open_pull_request``
  does that itself: a pull request is found again by its head branch.
- 401, 403 without rate limiting, 404, 410 and 422 raise ``GitHubRefused`` (a ``Refused``) naming
  the token permission, the repository or the setting to fix.
- A wait that would run past the client's ``deadline`` raises ``OutOfTime`` instead, so a command
  can stop cleanly and let its next run carry on.

PyGithub provides the connection, authentication, GitHub Enterprise base URLs and error parsing.
Its own retries and request spacing are switched off: its ``GithubRetry`` re-sends a POST whose
response was lost or that got a 5xx after GitHub applied it (a duplicate issue), never retries a
429 without ``retry-after``, and sleeps with ``time.sleep``, where we need injectable waits and a
deadline.
"""

from __future__ import annotations

import datetime as dt
import enum
import logging
import os
import re
import time
import urllib.parse
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Unpack

from unmentoring.core.problems import Refused
from unmentoring.core.setup_checks import FROM_ACTIONS, publishes_from_actions
from unmentoring.core.workflows import Workflow
from unmentoring.github import pacing
from unmentoring.github.interface import (
    BranchProtection,
    Comment,
    GitHubRefused,
    Issue,
    IssueChanges,
    IssueUnavailable,
    MaybeApplied,
    OutOfTime,
    PagesSite,
    Permission,
    PullRequest,
    RepositoryInfo,
    epoch_of,
)

if TYPE_CHECKING:
    from unmentoring.github.interface import (
        GitHub,
        Permissions,
        RepositorySettings,
        Users,
        Workflows,
    )

log = logging.getLogger(__name__)

DEFAULT_API_URL = "https://api.github.com"
DEFAULT_WRITE_INTERVAL = 1.0
# What the bulk commands (follow-up, announce, erase) leave of the hourly request budget for
# intake and comment commands, people's own actions, which never stop for it: at 5 to 10
# requests each, 200 is some 20 to 40 of them in the hour.
BULK_RESERVE = 200
PER_PAGE = 100
REPOSITORY_PATTERN = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")

# Retry budget for server errors and dropped connections, and their backoff (seconds).
MAX_ATTEMPTS = 5
BACKOFF_START = 2.0
BACKOFF_MAX = 60.0
# After a create that may have been applied: wait this long (doubling) before looking for it.
LOOK_AGAIN_WAIT = 2.0
MAX_OPEN_ATTEMPTS = 3
# Rate limiting: at least a minute when GitHub gives no hint, doubling, up to this many waits.
RATE_LIMIT_WAIT = 60.0
RATE_LIMIT_WAIT_MAX = 15 * 60.0
MAX_RATE_LIMIT_WAITS = 8

WRITE_METHODS = frozenset({"POST", "PATCH", "PUT", "DELETE"})


@dataclass(frozen=True)
class _Call:
    """What a request is for, to explain failures: 'create an issue' needs 'issues: write'."""

    action: str
    permission: str
    idempotent: bool
    creates: bool = False  # content creation, which GitHub limits separately (see pacing)
    issue: int | None = None  # the issue it acts on, if one: deleted or locked is told apart


@dataclass
class _Tries:
    """How often one request has failed, and been rate limited, so far."""

    failures: int = 0
    rate_limited: int = 0


class _Then(enum.Enum):
    """After an error answer: ask again, or give nothing (an answer the caller expects)."""

    AGAIN = "again"
    NOTHING = "nothing"


class Client:
    """One repository's issues, labels, comments and pull requests, with the policy above.

    ``sleep``, ``clock`` (monotonic seconds) and ``now`` (epoch seconds, to read
    ``x-ratelimit-reset``) are injectable so tests need not wait. ``deadline`` is a ``clock()``
    value after which no wait may end.
    """

    def __init__(
        self,
        github: Any,
        repository: str,
        *,
        write_interval: float = DEFAULT_WRITE_INTERVAL,
        create_interval: float = pacing.DEFAULT_CREATE_INTERVAL,
        hourly_creates: int = pacing.DEFAULT_HOURLY_CREATES,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], float] = time.time,
        deadline: float | None = None,
        reserve: int = 0,
    ):
        self._requester = github.requester
        # Requests of the hourly budget (shared by every workflow with GITHUB_TOKEN: 1,000 an
        # hour per repository, https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api)
        # that a bulk command leaves for people's sign-ups and comments: at it, it waits for
        # the hour to reset, or stops cleanly (OutOfTime) at its deadline, and the next run
        # carries on.
        self.reserve = reserve
        self.remaining: int | None = None  # as GitHub said in its last answer
        self.resets_at: float | None = None  # epoch seconds
        self.repository = repository
        self.write_interval = write_interval
        self.create_interval = create_interval
        self.budget = pacing.CreationBudget(hourly_creates)
        self.sleep = sleep
        self.clock = clock
        self.now = now
        self.deadline = deadline
        self.requests = 0  # every HTTP request sent, retries included
        self._last_write: float | None = None
        self._last_create: float | None = None
        self._path = f"/repos/{repository}"

    # -- the repository --------------------------------------------------------------------

    def check_access(self) -> RepositoryInfo:
        """The repository's details; fails clearly when it is missing or the token cannot see it."""
        call = _Call("read the repository", "metadata: read", idempotent=True)
        return RepositoryInfo.from_json(self._request("GET", self._path, call))

    # -- issues ----------------------------------------------------------------------------

    def get_issue(self, number: int) -> Issue:
        call = _Call(f"read issue #{number}", "issues: read", idempotent=True, issue=number)
        found = self._request("GET", f"{self._path}/issues/{number}", call)
        self._here(number, found.get("repository_url"))
        return Issue.from_json(found)

    def _here(self, number: int, repository_url: object) -> None:
        """Refuse an answer from another repository: PyGithub follows GitHub's 301 for an issue
        transferred elsewhere, and acting on it there would post in someone else's issue."""
        ours = f"/repos/{self.repository}".lower()
        if (
            isinstance(repository_url, str)
            and repository_url
            and not repository_url.lower().endswith(ours)
        ):
            raise IssueUnavailable(number, "moved to another repository", 301)

    def list_issues(
        self, *, labels: Iterable[str] = (), state: str = "all", since: dt.datetime | None = None
    ) -> list[Issue]:
        """Every issue (not pull request) with all of ``labels``, following every page; with
        ``since``, only those updated at or after it
        (https://docs.github.com/rest/issues/issues#list-repository-issues)."""
        parameters: dict[str, Any] = {"state": state, "per_page": PER_PAGE}
        labels = list(labels)
        if labels:
            parameters["labels"] = ",".join(labels)
        if since is not None:
            parameters["since"] = since.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        call = _Call("list issues", "issues: read", idempotent=True)
        return [
            Issue.from_json(item)
            for item in self._pages(f"{self._path}/issues", parameters, call)
            if "pull_request" not in item
        ]

    def create_issue(self, title: str, body: str, labels: Iterable[str] = ()) -> Issue:
        """Open an issue. Raises ``MaybeApplied`` when it may or may not have been opened."""
        call = _Call("open an issue", "issues: write", idempotent=False, creates=True)
        data = {"title": title, "body": body, "labels": list(labels)}
        return Issue.from_json(self._request("POST", f"{self._path}/issues", call, data))

    def update_issue(self, number: int, **fields: Unpack[IssueChanges]) -> Issue:
        """Change an issue's ``title``, ``body``, ``state``, ``state_reason`` or ``labels``."""
        call = _Call(f"update issue #{number}", "issues: write", idempotent=True, issue=number)
        path = f"{self._path}/issues/{number}"
        return Issue.from_json(self._request("PATCH", path, call, fields))

    def edit_issue_text(self, number: int, title: str, body: str) -> Issue:
        """Replace an issue's title and body, once: after a failure that may have applied it,
        raises ``MaybeApplied`` (the caller reads the issue before sending it again) instead of
        sending it again itself, so an edit is applied exactly once."""
        # Counted with creations: GitHub's secondary limits count "content-generating"
        # requests, and an edit of an issue's text may be one (announce edits each new issue
        # that proposes days, once, to link it to itself).
        call = _Call(
            f"edit issue #{number}", "issues: write", idempotent=False, creates=True, issue=number
        )
        path = f"{self._path}/issues/{number}"
        data = {"title": title, "body": body}
        return Issue.from_json(self._request("PATCH", path, call, data))

    def close_issue(self, number: int, reason: str = "completed") -> Issue:
        """Close an issue as ``completed`` or ``not_planned``."""
        return self.update_issue(number, state="closed", state_reason=reason)

    # -- labels ----------------------------------------------------------------------------

    def ensure_label(self, name: str, color: str, description: str) -> bool:
        """Create the label unless it exists; True if it was created."""
        quoted = urllib.parse.quote(name, safe="")
        call = _Call(f"read label {name!r}", "issues: read", idempotent=True)
        if self._request("GET", f"{self._path}/labels/{quoted}", call, missing_ok=True):
            return False
        # Creating a label twice fails with 422 "already_exists": repeating is harmless.
        call = _Call(f"create label {name!r}", "issues: write", idempotent=True)
        data = {"name": name, "color": color, "description": description}
        created = self._request("POST", f"{self._path}/labels", call, data, exists_ok=True)
        return created is not None

    # -- comments --------------------------------------------------------------------------

    def list_comments(self, number: int) -> list[Comment]:
        call = _Call(
            f"list comments on issue #{number}", "issues: read", idempotent=True, issue=number
        )
        path = f"{self._path}/issues/{number}/comments"
        found = self._pages(path, {"per_page": PER_PAGE}, call)
        for item in found:
            self._here(number, str(item.get("issue_url") or "").rsplit("/issues/", 1)[0])
        return [Comment.from_json(item) for item in found]

    def create_comment(self, number: int, body: str) -> Comment:
        """Comment on an issue. Raises ``MaybeApplied`` when it may or may not have been posted."""
        call = _Call(
            f"comment on issue #{number}",
            "issues: write",
            idempotent=False,
            creates=True,
            issue=number,
        )
        path = f"{self._path}/issues/{number}/comments"
        return Comment.from_json(self._request("POST", path, call, {"body": body}))

    def update_comment(self, comment_id: int, body: str) -> Comment:
        call = _Call(f"edit comment {comment_id}", "issues: write", idempotent=True)
        path = f"{self._path}/issues/comments/{comment_id}"
        return Comment.from_json(self._request("PATCH", path, call, {"body": body}))

    # -- pull requests ---------------------------------------------------------------------

    def find_pull_request(self, head: str, base: str | None = None) -> PullRequest | None:
        """The open pull request from branch ``head`` of this repository (into ``base``), if any."""
        owner = self.repository.split("/")[0]
        parameters: dict[str, Any] = {"head": f"{owner}:{head}", "state": "open"}
        if base:
            parameters["base"] = base
        parameters["per_page"] = PER_PAGE
        call = _Call("list pull requests", "pull-requests: read", idempotent=True)
        for item in self._pages(f"{self._path}/pulls", parameters, call):
            # GitHub ignores a `head` filter it cannot parse and lists every pull request, so
            # check: only a branch of this repository, not a fork's branch of the same name.
            if (item.get("head") or {}).get("label") == f"{owner}:{head}":
                return PullRequest.from_json(item)
        return None

    def pull_requests_from(self, head: str) -> list[PullRequest]:
        """Every pull request, open or closed, from branch ``head`` of this repository."""
        owner = self.repository.split("/")[0]
        parameters = {"head": f"{owner}:{head}", "state": "all", "per_page": PER_PAGE}
        call = _Call("list pull requests", "pull-requests: read", idempotent=True)
        return [
            PullRequest.from_json(item)
            for item in self._pages(f"{self._path}/pulls", parameters, call)
            # As in find_pull_request: never a fork's branch of the same name.
            if (item.get("head") or {}).get("label") == f"{owner}:{head}"
        ]

    def create_pull_request(self, head: str, base: str, title: str, body: str) -> PullRequest:
        """Open a pull request. Raises ``MaybeApplied`` when it may or may not have been opened.

        ``open_pull_request`` deals with that; prefer it.
        """
        call = _Call("open a pull request", "pull-requests: write", idempotent=False, creates=True)
        data = {"title": title, "head": head, "base": base, "body": body}
        return PullRequest.from_json(self._request("POST", f"{self._path}/pulls", call, data))

    def update_pull_request(self, number: int, title: str, body: str) -> PullRequest:
        """Set a pull request's title and description (the same text twice changes nothing)."""
        call = _Call(f"edit pull request #{number}", "pull-requests: write", idempotent=True)
        data = {"title": title, "body": body}
        return PullRequest.from_json(
            self._request("PATCH", f"{self._path}/pulls/{number}", call, data)
        )

    def open_pull_request(self, head: str, base: str, title: str, body: str) -> PullRequest:
        """The open pull request from ``head`` into ``base``, opened now if there is none.

        Safe to run again: an existing one is reused as it is. After a create whose answer was
        lost, or one refused because another run opened it meanwhile, it looks again before
        creating, so there is never a second pull request.
        """
        for attempt in range(1, MAX_OPEN_ATTEMPTS + 1):
            found = self.find_pull_request(head, base)
            if found is not None:
                if attempt > 1:
                    log.info("GitHub had opened it: #%d", found.number)
                return found
            try:
                return self.create_pull_request(head, base, title, body)
            except MaybeApplied as error:
                log.warning("%s; looking for the pull request before trying again", error)
            except GitHubRefused as error:
                if error.status != 422 or "already exists" not in str(error):
                    raise
                log.info("another run opened a pull request from %s meanwhile", head)
            self.wait(LOOK_AGAIN_WAIT * 2 ** (attempt - 1), "after an uncertain create")
        found = self.find_pull_request(head, base)
        if found is not None:
            return found
        raise GitHubRefused(
            f"could not open a pull request from {head} into {base} in {self.repository} after "
            f"{MAX_OPEN_ATTEMPTS} attempts; run again later (nothing is duplicated)"
        )

    # -- the repository's settings (doctor) ------------------------------------------------

    def actions_may_open_pull_requests(self) -> bool | None:
        """Whether "Allow GitHub Actions to create and approve pull requests" is ticked; None
        when this token may not read it (a workflow's GITHUB_TOKEN never may).

        https://docs.github.com/en/rest/actions/permissions#get-default-workflow-permissions-for-a-repository
        gives it as ``can_approve_pull_request_reviews``, and needs Administration: read.
        """
        call = _Call("read the workflow permissions", "administration: read", idempotent=True)
        try:
            found = self._request("GET", f"{self._path}/actions/permissions/workflow", call)
        except GitHubRefused as error:
            if error.status in (403, 404):
                return None
            raise
        return bool((found or {}).get("can_approve_pull_request_reviews"))

    def get_pages(self) -> PagesSite | None:
        # https://docs.github.com/en/rest/pages/pages#get-a-apiname-pages-site: 404 when the
        # repository has no Pages site.
        call = _Call("read the Pages site", "pages: read", idempotent=True)
        found = self._request("GET", f"{self._path}/pages", call, missing_ok=True)
        return None if found is None else PagesSite.from_json(found)

    def publish_pages_from_actions(self) -> bool:
        """Make GitHub Actions the Pages site's source (creating the site if there is none);
        True if this changed anything. GitHub lets only a repository administrator do it
        (https://docs.github.com/en/rest/pages/pages#create-a-apiname-pages-site: Administration
        and Pages, write), which a workflow's GITHUB_TOKEN never is: it refuses with 403
        (``GitHubRefused``), and the caller asks a person instead."""
        found = self.get_pages()
        if publishes_from_actions(found):
            return False
        call = _Call("turn on GitHub Pages", "administration: write, pages: write", idempotent=True)
        method = "POST" if found is None else "PUT"
        try:
            self._request(method, f"{self._path}/pages", call, {"build_type": FROM_ACTIONS})
        except GitHubRefused as error:
            if error.status != 409:  # 409: another run turned it on meanwhile
                raise
        return True

    def list_labels(self) -> list[str]:
        call = _Call("list labels", "issues: read", idempotent=True)
        items = self._pages(f"{self._path}/labels", {"per_page": PER_PAGE}, call)
        return [str(item.get("name") or "") for item in items]

    def branch_rules(self, branch: str) -> list[str]:
        # https://docs.github.com/en/rest/repos/rules#get-rules-for-a-branch: the active rules
        # from every ruleset (repository or organisation) that applies; metadata: read suffices.
        call = _Call(f"read the rules of branch {branch!r}", "metadata: read", idempotent=True)
        quoted = urllib.parse.quote(branch, safe="")
        path = f"{self._path}/rules/branches/{quoted}"
        return [str(item.get("type")) for item in self._pages(path, {"per_page": PER_PAGE}, call)]

    def branch_protection(self, branch: str) -> BranchProtection:
        # https://docs.github.com/en/rest/branches/branches#get-a-branch: `protected`, and a
        # summary of the classic protection that read access shows (its details need admin).
        call = _Call(f"read branch {branch!r}", "contents: read", idempotent=True)
        quoted = urllib.parse.quote(branch, safe="")
        return BranchProtection.from_json(
            self._request("GET", f"{self._path}/branches/{quoted}", call)
        )

    # -- people ----------------------------------------------------------------------------

    def permission_of(self, login: str) -> Permission:
        """``login``'s access to the repository, counting teams and organisation roles.

        GET /repos/{owner}/{repo}/collaborators/{username}/permission, which needs only
        `metadata: read` (https://docs.github.com/en/rest/collaborators/collaborators#get-repository-permissions-for-a-user),
        a permission every GITHUB_TOKEN has, a fork's read-only one too
        (https://docs.github.com/en/actions/security-for-github-actions/security-guides/automatic-token-authentication#permissions-for-the-github_token).
        An unknown login (404) has no access.
        """
        quoted = urllib.parse.quote(login, safe="")
        call = _Call(f"read @{login}'s permission", "metadata: read", idempotent=True)
        path = f"{self._path}/collaborators/{quoted}/permission"
        data = self._request("GET", path, call, missing_ok=True)
        if not isinstance(data, Mapping):
            return Permission(login=login, level="none", role="none")
        return Permission.from_json(login, data)

    # -- users ---------------------------------------------------------------------------------

    def user_id(self, login: str) -> int | None:
        """The account's id (https://docs.github.com/rest/users/users#get-a-user), None if none."""
        quoted = urllib.parse.quote(login, safe="")
        call = _Call(f"read the account {login}", "none (public data)", idempotent=True)
        found = self._request("GET", f"/users/{quoted}", call, missing_ok=True)
        return int(found["id"]) if found and found.get("id") is not None else None

    def login_of(self, user_id: int) -> str | None:
        """The account's login now, by its durable id, which a rename keeps; None when no person
        has it (deleted, hidden by GitHub, or turned into an organisation:
        https://docs.github.com/rest/users/users#get-a-user-using-their-id)."""
        call = _Call(f"read account {user_id}", "none (public data)", idempotent=True)
        found = self._request("GET", f"/user/{int(user_id)}", call, missing_ok=True)
        if not found or not found.get("login") or found.get("type", "User") != "User":
            return None  # deleted, or turned into an organisation: no person there now
        return str(found["login"])

    def own_login(self) -> str | None:
        """The account a person's token acts as (GET /user); None for GITHUB_TOKEN or a GitHub
        App's installation token, which GitHub refuses there
        (https://docs.github.com/rest/users/users#get-the-authenticated-user)."""
        call = _Call("read the token's own account", "none", idempotent=True)
        try:
            found = self._request("GET", "/user", call)
        except GitHubRefused:
            return None
        login = found.get("login") if isinstance(found, Mapping) else None
        return str(login) if login else None

    # -- workflows (GitHub Actions) ---------------------------------------------------------
    # https://docs.github.com/rest/actions/workflows: listing needs `actions: read`; enabling
    # and dispatching need `actions: write`.

    def list_workflows(self) -> list[Workflow]:
        """Every workflow of the repository, with its state (``core.workflows.State``)."""
        call = _Call("list the workflows", "actions: read", idempotent=True)
        path = f"{self._path}/actions/workflows"
        return [
            _workflow(item)
            for item in self._pages(path, {"per_page": PER_PAGE}, call, items="workflows")
        ]

    def last_success(self, workflow: str) -> float | None:
        """When ``workflow`` (its id or file name) last finished without errors, from its newest
        successful run (https://docs.github.com/en/rest/actions/workflow-runs#list-workflow-runs-for-a-workflow);
        None if it never did, or GitHub does not know the file."""
        quoted = urllib.parse.quote(workflow, safe="")
        call = _Call(f"read the runs of {workflow}", "actions: read", idempotent=True)
        path = f"{self._path}/actions/workflows/{quoted}/runs"
        parameters = {"status": "success", "per_page": 1}
        found = self._request("GET", path, call, parameters=parameters, missing_ok=True)
        runs = (found or {}).get("workflow_runs") or []
        return epoch_of(runs[0].get("updated_at")) if runs else None

    def enable_workflow(self, workflow_id: int) -> None:
        """Set a workflow's state to active; enabling an active workflow changes nothing."""
        call = _Call(f"enable workflow {workflow_id}", "actions: write", idempotent=True)
        self._request("PUT", f"{self._path}/actions/workflows/{workflow_id}/enable", call)

    def dispatch_workflow(self, workflow: str, ref: str) -> None:
        """Start a run of ``workflow`` (its id or file name) on branch ``ref``.

        Raises ``MaybeApplied`` when the run may or may not have been started: a second
        request could start a second run, and GitHub's answer names no run to look for."""
        quoted = urllib.parse.quote(workflow, safe="")
        call = _Call(f"start the workflow {workflow}", "actions: write", idempotent=False)
        path = f"{self._path}/actions/workflows/{quoted}/dispatches"
        self._request("POST", path, call, {"ref": ref})

    # -- waiting ---------------------------------------------------------------------------

    def wait(self, seconds: float, why: str) -> None:
        """Sleep ``seconds``, or raise ``OutOfTime`` if that would pass the deadline."""
        if seconds <= 0:
            return
        if self.deadline is not None and self.clock() + seconds > self.deadline:
            raise OutOfTime(
                f"{why}: waiting {seconds:.0f} s would pass the time limit, so this run stops "
                "here; the next run carries on"
            )
        log.info("%s: waiting %.0f s", why, seconds)
        self.sleep(seconds)

    def add_earlier_creations(self, times: Iterable[float]) -> None:
        """Count creations made before this run (epoch seconds) in the hourly budget."""
        self.budget.add(t for t in times if t > self.now() - pacing.HOUR)

    def time_left(self) -> float | None:
        """Seconds until the deadline, or None without one."""
        return None if self.deadline is None else self.deadline - self.clock()

    # -- the policy ------------------------------------------------------------------------

    def _pages(
        self, path: str, parameters: dict[str, Any], call: _Call, *, items: str | None = None
    ) -> list[dict[str, Any]]:
        """Every item of a paginated list, following the ``Link: rel="next"`` header.

        ``items``: the key of the list, for endpoints whose pages are objects
        (``{"total_count": 2, "workflows": [...]}``)."""
        found: list[dict[str, Any]] = []
        url: str | None = path
        while url:
            headers, page = self._request(
                "GET", url, call, parameters=parameters, with_headers=True
            )
            if items is not None:
                page = (page or {}).get(items)
            found.extend(page or [])
            url = _next_link(headers.get("link", ""))
            parameters = {}  # the next link carries them
        return found

    def _request(
        self,
        method: str,
        url: str,
        call: _Call,
        data: Any = None,
        *,
        parameters: dict[str, Any] | None = None,
        missing_ok: bool = False,
        exists_ok: bool = False,
        with_headers: bool = False,
    ) -> Any:
        # PyGithub (with requests) loads on first use: about 120 ms that every command would
        # otherwise pay at start-up, GitHub or not.
        import requests
        from github import GithubException

        tries = _Tries()
        while True:
            self._keep_the_reserve()
            if call.creates:
                self._keep_to_budget()
            self._space(method, call)
            self.requests += 1
            try:
                headers, result = self._requester.requestJsonAndCheck(
                    method, url, parameters=parameters, input=data
                )
            except GithubException as error:
                then = self._after_refusal(error, call, tries, missing_ok, exists_ok)
                if then is _Then.AGAIN:
                    continue
                if then is _Then.NOTHING:
                    return None
                failure = then
            except (requests.exceptions.RequestException, OSError) as error:
                failure = f"the connection failed ({type(error).__name__})"
            else:
                if call.creates:
                    self.budget.add([self.now()])
                self._note_remaining(headers)
                return (headers, result) if with_headers else result
            self._after_failure(call, failure, tries)

    def _after_refusal(
        self, error: Any, call: _Call, tries: _Tries, missing_ok: bool, exists_ok: bool
    ) -> _Then | str:
        """What to do after GitHub answered with an error: ask again (after waiting out a rate
        limit), give nothing (an expected 404 or 422), raise a refusal, or go on as after a
        failure (a 5xx: the failure's words)."""
        status = error.status
        headers = {str(k).lower(): str(v) for k, v in (error.headers or {}).items()}
        message = _message(error.data)
        if _is_rate_limited(status, headers, message):
            tries.rate_limited += 1
            if tries.rate_limited > MAX_RATE_LIMIT_WAITS:
                raise GitHubRefused(
                    f"GitHub kept rate limiting the request to {call.action} in "
                    f"{self.repository}; run again later",
                    status,
                ) from None
            if call.creates and status == 422 and tries.rate_limited == 1:
                self._slow_creations()
            self.wait(self._rate_limit_wait(headers, tries.rate_limited), "GitHub rate limit")
            return _Then.AGAIN
        if (status == 404 and missing_ok) or (
            status == 422 and exists_ok and "already_exists" in str(error.data)
        ):
            return _Then.NOTHING
        if status < 500:
            raise self._refusal(call, status, headers, message) from None
        return f"GitHub answered {status} ({message or 'server error'})"

    def _after_failure(self, call: _Call, failure: str, tries: _Tries) -> None:
        """After a 5xx or a failed connection: a call that may have been applied is not sent
        again blindly (``MaybeApplied``); another is, after a growing wait, a few times."""
        if not call.idempotent:
            if call.creates:
                self.budget.add([self.now()])  # it may count against GitHub's limit
            raise MaybeApplied(f"{call.action}: {failure}")
        tries.failures += 1
        if tries.failures >= MAX_ATTEMPTS:
            raise GitHubRefused(
                f"could not {call.action} in {self.repository}: {failure}, "
                f"{MAX_ATTEMPTS} times; run again later (https://www.githubstatus.com/)"
            )
        self.wait(min(BACKOFF_START * 2 ** (tries.failures - 1), BACKOFF_MAX), failure)

    def _space(self, method: str, call: _Call) -> None:
        """Keep writes ``write_interval`` apart and creations ``create_interval`` apart.

        Both measured from the last one's start.
        """
        if method not in WRITE_METHODS:
            return
        due = [] if self._last_write is None else [self._last_write + self.write_interval]
        if call.creates and self._last_create is not None:
            due.append(self._last_create + self.create_interval)
        gap = max(due, default=0.0) - self.clock()
        if gap > 0:
            self.sleep(gap)
        self._last_write = self.clock()
        if call.creates:
            self._last_create = self._last_write

    def _slow_creations(self) -> None:
        """After "submitted too quickly", space the rest of this run's creations twice as far.

        GitHub's threshold is unpublished and varies (from the tenth to twentieth issue in a
        minute): keeping the same pace would be refused again every minute or so.
        """
        slower = min(max(self.create_interval * 2, 1.0), pacing.MAX_CREATE_INTERVAL)
        if slower > self.create_interval:
            log.warning(
                "GitHub: submitted too quickly; creations now %.0f s apart (were %.0f s)",
                slower,
                self.create_interval,
            )
            self.create_interval = slower

    def _note_remaining(self, headers: Mapping[str, Any] | None) -> None:
        lowered = {str(k).lower(): v for k, v in (headers or {}).items()}
        remaining = _number(lowered.get("x-ratelimit-remaining"))
        self.remaining = int(remaining) if remaining is not None else self.remaining
        self.resets_at = _number(lowered.get("x-ratelimit-reset")) or self.resets_at

    def _keep_the_reserve(self) -> None:
        """Wait for the hour to reset (or stop at the deadline) before a request that would eat
        into what is left for people's own actions."""
        if not self.reserve or self.remaining is None or self.remaining > self.reserve:
            return
        # A window is an hour at most, whatever our clock says of GitHub's.
        resets = (self.resets_at or self.now() + pacing.HOUR) - self.now() + 1
        self.wait(
            min(max(resets, 1.0), pacing.HOUR + 1),
            f"GitHub's hourly request budget is down to {self.remaining}, which this run "
            "leaves for sign-ups and comments",
        )
        self.remaining = None  # a new hour: GitHub says what is left in its next answer

    def _keep_to_budget(self) -> None:
        """Wait (or stop, at the deadline) until one more creation fits the hourly budget."""
        seconds = self.budget.wait_before_next(self.now())
        if seconds > 0:
            self.wait(
                seconds,
                f"{self.budget.hourly} creations in the last hour (UNMENTORING_HOURLY_CREATES)",
            )

    def _rate_limit_wait(self, headers: Mapping[str, str], count: int) -> float:
        retry_after = _number(headers.get("retry-after"))
        if retry_after is not None:
            return max(retry_after, 1.0)
        reset = _number(headers.get("x-ratelimit-reset"))
        if headers.get("x-ratelimit-remaining") == "0" and reset is not None:
            # +1: the reset second itself may not have passed on GitHub's clock.
            return max(reset - self.now() + 1, 1.0)
        return min(RATE_LIMIT_WAIT * 2 ** (count - 1), RATE_LIMIT_WAIT_MAX)

    def _refusal(
        self, call: _Call, status: int, headers: Mapping[str, str], message: str
    ) -> GitHubRefused:
        said = f" ({message})" if message else ""
        if call.issue is not None and status == 410 and "deleted" in message.lower():
            return IssueUnavailable(call.issue, "deleted", status)
        if call.issue is not None and status == 403 and "locked" in message.lower():
            return IssueUnavailable(call.issue, "locked", status)
        if call.issue is not None and status == 404:
            # "If the issue was transferred to or deleted from a repository where the
            # authenticated user lacks read access, the API returns a 404 Not Found status"
            # (https://docs.github.com/rest/issues/issues#get-an-issue). The repository itself
            # was read already: these calls come after listing its issues.
            return IssueUnavailable(call.issue, "moved to a repository this token cannot read", 404)
        if status == 401:
            text = (
                f"GitHub did not accept the token{said} while trying to {call.action}: "
                "GITHUB_TOKEN is missing, expired or wrong"
            )
        elif status == 403 and "not permitted to create" in message:
            # The workflow token has `pull-requests: write`, but the repository forbids its use.
            text = (
                f"GitHub refused to {call.action} in {self.repository}{said}: allow it in the "
                "repository's Settings > Actions > General > Workflow permissions > "
                "'Allow GitHub Actions to create and approve pull requests'"
            )
        elif status == 403:
            needed = headers.get("x-accepted-github-permissions") or call.permission
            text = (
                f"GitHub refused to {call.action} in {self.repository}{said}: the token needs "
                f"the `{needed}` permission (in a workflow: `permissions:` of the job)"
            )
        elif status == 404:
            text = (
                f"could not {call.action}: GitHub says {self.repository} or the item does not "
                "exist, or the token cannot see it; check GITHUB_REPOSITORY (owner/name) and "
                "that the token has access to that repository"
            )
        elif status == 410:
            text = (
                f"could not {call.action}: issues are switched off in {self.repository}{said}; "
                "turn them on in the repository's Settings > General > Features"
            )
        else:
            text = f"GitHub refused to {call.action} in {self.repository}: {status}{said}"
        return GitHubRefused(text, status)


def connect(
    *,
    repository: str | None = None,
    env: Mapping[str, str] | None = None,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
    now: Callable[[], float] = time.time,
    deadline: float | None = None,
    timeout: int = 30,
    reserve: int = 0,
) -> Client:
    """A client for ``GITHUB_REPOSITORY`` (else ``repository``, e.g. scheme.yaml's) from ``env``.

    Reads ``GITHUB_TOKEN`` (required), ``GITHUB_API_URL`` (default https://api.github.com, so
    GitHub Enterprise Server works too), ``UNMENTORING_WRITE_INTERVAL`` (seconds, default 1),
    ``UNMENTORING_CREATE_INTERVAL`` (seconds, default 3) and ``UNMENTORING_HOURLY_CREATES``
    (default 400).
    """
    from github import Auth, Github  # on first use, not at start-up: see Client._request

    env = os.environ if env is None else env
    token = env.get("GITHUB_TOKEN", "").strip()
    if not token:
        raise Refused(
            "GITHUB_TOKEN is not set: in a workflow pass `GITHUB_TOKEN: ${{ github.token }}` "
            "in `env:`; elsewhere use a token for this repository with the permissions listed "
            "under `permissions:` in the workflow job that runs the command (.github/workflows/)"
        )
    name = env.get("GITHUB_REPOSITORY", "").strip() or (repository or "").strip()
    if not REPOSITORY_PATTERN.match(name):
        raise Refused(
            f"the repository {name!r} is not owner/name: set GITHUB_REPOSITORY, or "
            "`repository:` in scheme.yaml"
            if name
            else "no repository: set GITHUB_REPOSITORY (owner/name) or `repository:` in scheme.yaml"
        )
    api_url = env.get("GITHUB_API_URL", "").strip() or DEFAULT_API_URL
    github = Github(
        auth=Auth.Token(token),
        base_url=api_url.rstrip("/"),
        timeout=timeout,
        per_page=PER_PAGE,
        user_agent="unmentoring",
        # Our policy replaces these (see the module docstring).
        retry=None,
        seconds_between_requests=None,
        seconds_between_writes=None,
    )
    return Client(
        github,
        name,
        write_interval=write_interval_from(env),
        create_interval=create_interval_from(env),
        hourly_creates=hourly_creates_from(env),
        sleep=sleep,
        clock=clock,
        now=now,
        deadline=deadline,
        reserve=reserve,
    )


def write_interval_from(env: Mapping[str, str]) -> float:
    """``UNMENTORING_WRITE_INTERVAL`` seconds (default 1); a bad value is refused, not ignored."""
    return _seconds_from(env, "UNMENTORING_WRITE_INTERVAL", DEFAULT_WRITE_INTERVAL)


def create_interval_from(env: Mapping[str, str]) -> float:
    """``UNMENTORING_CREATE_INTERVAL`` seconds between creations (default 3); bad is refused."""
    return _seconds_from(env, "UNMENTORING_CREATE_INTERVAL", pacing.DEFAULT_CREATE_INTERVAL)


def _seconds_from(env: Mapping[str, str], name: str, default: float) -> float:
    text = env.get(name, "").strip()
    if not text:
        return default
    value = _number(text)
    if value is None or value < 0:
        raise Refused(f"{name}={text!r} is not a number of seconds (>= 0)")
    return value


def hourly_creates_from(env: Mapping[str, str]) -> int:
    """``UNMENTORING_HOURLY_CREATES`` (default 400); a bad value is refused, not ignored."""
    text = env.get("UNMENTORING_HOURLY_CREATES", "").strip()
    if not text:
        return pacing.DEFAULT_HOURLY_CREATES
    if not text.isdigit() or int(text) < 1:
        raise Refused(
            f"UNMENTORING_HOURLY_CREATES={text!r} is not a whole number of creations (>= 1; "
            "GitHub allows at most 500 an hour)"
        )
    return int(text)


def _is_rate_limited(status: int, headers: Mapping[str, str], message: str) -> bool:
    if status == 429:
        return True
    if status == 422:
        # The content-creation limit, as GitHub reports it on creating issues and comments.
        return "submitted too quickly" in message.lower()
    if status != 403:
        return False
    lowered = message.lower()
    return (
        "retry-after" in headers
        or headers.get("x-ratelimit-remaining") == "0"
        or "rate limit" in lowered
        or "abuse" in lowered
    )


def _message(data: Any) -> str:
    """GitHub's message, with the details a 422 gives ("A pull request already exists ...")."""
    if not isinstance(data, Mapping):
        return str(data or "")
    message = str(data.get("message") or "")
    details = [
        str(error.get("message") or error.get("code") or "")
        for error in data.get("errors") or ()
        if isinstance(error, Mapping)
    ]
    details = [detail for detail in details if detail]
    if not details:
        return message
    return f"{message}: {'; '.join(details)}" if message else "; ".join(details)


def _number(text: str | None) -> float | None:
    try:
        return float(text) if text is not None else None
    except ValueError:
        return None


def _workflow(data: Mapping[str, Any]) -> Workflow:
    return Workflow(
        id=int(data["id"]),
        name=str(data.get("name") or data.get("path") or data["id"]),
        path=str(data.get("path") or ""),
        state=str(data.get("state") or ""),
    )


def _next_link(header: str) -> str | None:
    """The ``rel="next"`` URL of a ``Link`` header, if any."""
    for part in header.split(","):
        match = re.match(r'\s*<([^>]+)>\s*;.*\brel="?next"?', part)
        if match:
            return match.group(1)
    return None


if TYPE_CHECKING:
    # mypy checks that the real client has every operation of the interface the commands use.
    _client_is_a_github: type[GitHub] = Client
    _client_reads_settings: type[RepositorySettings] = Client
    _client_has_permissions: type[Permissions] = Client
    _client_has_workflows: type[Workflows] = Client
    _client_has_users: type[Users] = Client
