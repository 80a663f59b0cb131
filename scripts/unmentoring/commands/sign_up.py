"""A sign-up form and the file change it makes: the request from the event, the forms, the
decision against the participant's file as it is, and landing the change (commands/intake.py
runs them).

The participant is always the issue's author, never anything written in the form. ``land``
decides again from the branch's newest files on each attempt, so a change made meanwhile
(another sign-up, or this person's own earlier form) is kept.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import time
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from unmentoring.core import draw_review, forms
from unmentoring.core.draws import Grouped
from unmentoring.core.forms import Form, form_url
from unmentoring.core.meeting import EVERY_CHOICES
from unmentoring.core.model import DrawMode, Participant, Round
from unmentoring.core.problems import DataProblems, Refused
from unmentoring.core.submissions import (
    FORM_NAMES,
    FORMS,
    Context,
    Evaluation,
    decide,
    next_round,
    review_branch,
)
from unmentoring.github import events
from unmentoring.github.interface import PullRequests
from unmentoring.github.server import web_url
from unmentoring.gitops import landing
from unmentoring.store import issue_forms, paths, repository
from unmentoring.store.checks import participant_problems
from unmentoring.store.yamlfile import read_document, write_atomically

log = logging.getLogger(__name__)

KIND = "issues"


# -- the request -----------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Request:
    """One submission: whose it is (from GitHub, never from the form) and what it says."""

    login: str
    body: str
    labels: tuple[str, ...] = ()
    issue: int | None = None
    is_open: bool = True
    repository: str | None = None  # owner/name, from the event
    default_branch: str | None = None
    # An "edited" event whose changes include the body (not only the title).
    body_edited: bool = False
    user_id: int | None = None  # the author's account number, which a rename keeps


def request_from_event(event: Mapping[str, Any] | events.Fields) -> Request | None:
    """The request in an ``issues`` webhook payload; None for an event intake ignores."""
    if not isinstance(event, events.Fields):
        event = events.of(event, KIND)
    if not isinstance(event.data.get("issue"), Mapping):
        raise Refused("the event is not an `issues` event: it has no `issue`")
    action = event.text("action")
    if action not in ("opened", "edited"):
        log.info("ignoring the issue's %r event: intake acts on opened and edited", action)
        return None
    issue = event.object("issue")
    if issue.has("pull_request"):
        log.info("ignoring a pull request")
        return None
    repo = event.optional_object("repository")
    user = issue.optional_object("user")
    return Request(
        # The author, never the form's words nor the event's sender: see the module docstring.
        login=user.text("login", required=True),
        user_id=user.number("id") if user.data.get("id") is not None else None,
        body=issue.text("body"),
        labels=issue.label_names(),
        issue=issue.number("number"),
        is_open=(issue.text("state") or "open") == "open",
        repository=repo.optional_text("full_name"),
        default_branch=repo.optional_text("default_branch"),
        # GitHub's `edited` payload names what changed in `changes` (`body`, `title`):
        # https://docs.github.com/en/webhooks/webhook-events-and-payloads#issues
        body_edited=action == "edited" and _body_in_changes(event.data.get("changes")),
    )


def _body_in_changes(changes: object) -> bool:
    return not isinstance(changes, Mapping) or "body" in changes


# -- the edges: files, git, GitHub ----------------------------------------------------------


def load_forms(root: Path) -> dict[str, Form]:
    """The join and change forms, refused clearly if an organiser's edit broke them (the same
    check as `validate`'s)."""
    loaded, problems = issue_forms.load_forms(root, FORMS)
    if problems:
        raise DataProblems(problems)
    return loaded


def form_links(repository_name: str | None) -> dict[str, str]:
    if not repository_name:
        return {}
    server = web_url()
    return {name: form_url(repository_name, name, server) for name in FORM_NAMES}


def under_review(root: Path, client: PullRequests | None, today: dt.date) -> frozenset[str]:
    """The round awaiting the organisers' review (``draw: review``), if any: drawn already, so
    a sign-up or change now is for the round after it (issue 21, finding 8)."""
    scheme = repository.load_scheme(root)
    if client is None or scheme.draw is not DrawMode.REVIEW:
        return frozenset()
    month = next_round(scheme, repository.drawn_months(root), today)
    try:
        pulls = client.pull_requests_from(draw_review.branch(month))
    except Refused as error:  # a workflow file from before it had `pull-requests: read`
        log.warning("could not ask whether round %s awaits review: %s", month, error)
        return frozenset()
    waiting = draw_review.Attempts.of(month, pulls).waiting is not None
    return frozenset({month}) if waiting else frozenset()


def evaluate(
    root: Path,
    request: Request,
    form: Form,
    *,
    today: dt.date,
    repository_name: str | None = None,
    reviewed: Collection[str] = (),
) -> Evaluation:
    """Decide on the request against the repository's files as they are now; ``reviewed``:
    a round awaiting review, which counts as drawn."""
    # Only the files this decision needs: reading thousands of others would widen the window
    # in which another sign-up can land first.
    scheme = repository.load_scheme(root)
    drawn = repository.drawn_months(root) | set(reviewed)
    current, broken = read_participant(root, request.login)
    renamed_from = None
    if current is None and not broken and request.user_id is not None:
        earlier = find_account(root, request.user_id)
        if earlier is not None and earlier.login != request.login.lower():
            # A rename (issue 21, finding 18): the account's file, under its new login.
            renamed_from = earlier.login
            current = dataclasses.replace(earlier, github=request.login)
    upcoming = next_round(scheme, drawn, today)
    context = Context(
        login=request.login,
        user_id=request.user_id,
        renamed_from=renamed_from,
        current=current,
        entry_broken=broken,
        today=today,
        next_round=upcoming,
        scheme=scheme,
        recent=recent_rounds(root, drawn, upcoming),
        links=form_links(repository_name or scheme.repository),
        check=participant_problems,
    )
    return decide(forms.parse(request.body, form), form, context)


def recent_rounds(root: Path, drawn: Collection[str], before: str) -> tuple[Grouped, ...]:
    """The month and members of the last rounds drawn before ``before`` (as many as the longest
    ``every`` can look back), oldest first: only those files are read. A round awaiting review
    has no file here yet, and a file that cannot be read counts as no round."""
    earlier = sorted(month for month in drawn if month < before)[-(max(EVERY_CHOICES) - 1) :]
    found: list[Grouped] = []
    for month in earlier:
        relative = paths.round_file(month)
        if not (root / relative).is_file():
            continue
        document, _ = read_document(root / relative, relative)
        if document is None or not isinstance(document.data, dict):
            continue
        try:
            found.append((month, frozenset(Round.from_dict(document.data).members)))
        except (KeyError, TypeError, ValueError):
            log.warning("%s could not be read as a round", relative)
    return tuple(found)


def read_participant(root: Path, login: str) -> tuple[Participant | None, bool]:
    """The participant's file as it is, and whether a file exists that fails ``validate``."""
    relative = paths.participant(login)
    file = root / relative
    if not file.is_file():
        return None, False
    document, _ = read_document(file, relative)
    if document is None or not isinstance(document.data, dict):
        return None, True
    if participant_problems(document.data, relative):
        log.warning("%s has problems (`unmentoring validate` lists them)", relative)
        return None, True
    return Participant.from_dict(document.data), False


def find_account(root: Path, user_id: int) -> Participant | None:
    """The valid participant file that records account ``user_id``, if any. Only files that
    mention the number are parsed: one sign-up must not read thousands."""
    needle = f"\nid: {user_id}\n"
    folder = paths.at(root, paths.PARTICIPANTS)
    for file in sorted(folder.glob("*.yaml")) if folder.is_dir() else ():
        try:
            if needle not in file.read_text(encoding="utf-8"):
                continue
        except (OSError, UnicodeDecodeError):
            continue
        found, broken = read_participant(root, file.stem)
        if found is not None and not broken and found.user_id == user_id:
            return found
    return None


def apply(root: Path, evaluation: Evaluation) -> tuple[str, ...]:
    """Write or delete the participant's file (and remove the one under a login the account
    had before); the paths changed, none if nothing changed."""
    if not evaluation.ok or not evaluation.changed:
        return ()
    relative = paths.participant(evaluation.login)
    file = root / relative
    if evaluation.delete:
        file.unlink(missing_ok=True)
    elif evaluation.participant is not None:
        write_atomically(file, repository.participant_text(evaluation.participant))
    if evaluation.renamed_from is None:
        return (relative,)
    earlier = paths.participant(evaluation.renamed_from)
    (root / earlier).unlink(missing_ok=True)
    return (relative, earlier)


def commit_message(evaluation: Evaluation, issue: int | None) -> str:
    renamed = f", renamed from {evaluation.renamed_from}" if evaluation.renamed_from else ""
    number = f" (#{issue})" if issue else ""
    return f"{evaluation.login}: {evaluation.choice.described}{renamed}{number}"


def land(
    root: Path,
    request: Request,
    form: Form,
    *,
    today: dt.date,
    base: str,
    review: bool,
    remote: str = "origin",
    wait: Callable[[int], float] = landing.backoff,
    sleep: Callable[[float], None] = time.sleep,
    committer: landing.Identity | None = None,
    reviewed: Collection[str] = (),
) -> tuple[Evaluation, str | None]:
    """Decide and land the change on ``base`` (or a review branch); retried on races.

    Each attempt decides again from the branch's newest files, so a change made meanwhile
    (another sign-up, or this person's own earlier form) is kept. Returns the final evaluation
    and the branch it landed on (None when nothing changed).
    """
    decided: list[Evaluation] = []

    def make_change(checkout: Path) -> landing.Commit | None:
        evaluation = evaluate(
            checkout,
            request,
            form,
            today=today,
            repository_name=request.repository,
            reviewed=reviewed,
        )
        decided.append(evaluation)
        changed = apply(checkout, evaluation)
        if not changed:
            return None
        return landing.Commit(message=commit_message(evaluation, request.issue), paths=changed)

    target = review_branch(request.login) if review else base
    commit = landing.land(
        root,
        make_change,
        base=base,
        target=target,
        remote=remote,
        force=review,
        wait=wait,
        sleep=sleep,
        identity=committer,
    )
    return decided[-1], (target if commit else None)


def choose_form(request: Request, loaded: dict[str, Form], wanted: str | None) -> Form | None:
    if wanted:
        return loaded[wanted]
    # A form puts its label on the issue, if the label exists in the repository; an issue with
    # no label at all may be a form whose label was never created, so its body decides.
    if request.labels:
        return forms.form_for_labels(loaded, list(request.labels))
    return forms.guess_form(loaded, request.body)
