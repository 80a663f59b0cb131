"""Turn a join or change form, submitted as a GitHub issue, into a change to a participant file.

The participant is always the issue's author, never anything written in the form, so nobody can
join, change or remove someone else. The answers are checked with the same rules as
``validate``. With problems, one comment on the issue lists them in plain words (edited in
place when the issue is edited and checked again) and the issue stays open. Otherwise the file
``participants/<login>.yaml`` is written, updated or deleted; with ``--push`` the change lands
on the default branch (or, when scheme.yaml says ``signup: review``, in a pull request), and the
comment says what happens next and the issue is closed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from unmentoring.commands import options
from unmentoring.core import forms
from unmentoring.core.forms import Form, form_url
from unmentoring.core.model import Participant, SignupMode
from unmentoring.core.plan import OpenPullRequest, PostComment
from unmentoring.core.problems import DataProblems, Refused
from unmentoring.core.sign_up_replies import (
    MARKER,
    late_edit,
    problems_comment,
    replies,
)
from unmentoring.core.submissions import (
    FORM_NAMES,
    FORMS,
    Context,
    Evaluation,
    decide,
    next_round,
    review_branch,
)
from unmentoring.github import api, applier, events, identity
from unmentoring.github.interface import GitHub, Issue
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
    return Request(
        # The author, never the form's words nor the event's sender: see the module docstring.
        login=issue.optional_object("user").text("login", required=True),
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


def evaluate(
    root: Path,
    request: Request,
    form: Form,
    *,
    today: dt.date,
    repository_name: str | None = None,
) -> Evaluation:
    """Decide on the request against the repository's files as they are now."""
    # Only the files this decision needs: reading thousands of others would widen the window
    # in which another sign-up can land first.
    scheme = repository.load_scheme(root)
    drawn = repository.drawn_months(root)
    current, broken = read_participant(root, request.login)
    context = Context(
        login=request.login,
        current=current,
        entry_broken=broken,
        today=today,
        next_round=next_round(scheme, drawn, today),
        scheme=scheme,
        links=form_links(repository_name or scheme.repository),
        check=participant_problems,
    )
    return decide(forms.parse(request.body, form), form, context)


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


def apply(root: Path, evaluation: Evaluation) -> str | None:
    """Write or delete the participant's file; returns its path, or None if nothing changed."""
    if not evaluation.ok or not evaluation.changed:
        return None
    relative = paths.participant(evaluation.login)
    file = root / relative
    if evaluation.delete:
        file.unlink(missing_ok=True)
    elif evaluation.participant is not None:
        write_atomically(file, repository.participant_text(evaluation.participant))
    return relative


def commit_message(evaluation: Evaluation, issue: int | None) -> str:
    return f"{evaluation.login}: {evaluation.choice.described}" + (f" (#{issue})" if issue else "")


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
) -> tuple[Evaluation, str | None]:
    """Decide and land the change on ``base`` (or a review branch); retried on races.

    Each attempt decides again from the branch's newest files, so a change made meanwhile
    (another sign-up, or this person's own earlier form) is kept. Returns the final evaluation
    and the branch it landed on (None when nothing changed).
    """
    decided: list[Evaluation] = []

    def make_change(checkout: Path) -> landing.Commit | None:
        evaluation = evaluate(
            checkout, request, form, today=today, repository_name=request.repository
        )
        decided.append(evaluation)
        path = apply(checkout, evaluation)
        if path is None:
            return None
        return landing.Commit(message=commit_message(evaluation, request.issue), paths=(path,))

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


# -- the command -----------------------------------------------------------------------------


def add_arguments(parser: argparse.ArgumentParser) -> None:
    source = parser.add_mutually_exclusive_group(required=True)
    events.add_event_argument(
        source,
        "issues",
        "; the participant is the issue's author, and the result is posted on the issue",
        required=False,
    )
    source.add_argument(
        "--print-signup",
        action="store_true",
        help="print scheme.yaml's `signup` (direct or review) and do nothing else, so that a "
        "workflow can run intake in a job with just the permissions that mode needs",
    )
    source.add_argument(
        "--body-file",
        type=Path,
        metavar="F",
        help="an issue body as GitHub renders it ('-' for standard input); needs --author",
    )
    parser.add_argument("--author", metavar="LOGIN", help="with --body-file: whose submission")
    parser.add_argument(
        "--form",
        choices=FORM_NAMES,
        help="with --body-file: which form the body is from (default: worked out from the body)",
    )
    options.add_dry_run(
        parser,
        "print the participant file that would be written, or the problems; change nothing",
    )
    options.add_push(
        parser,
        "the change (to a pull request when scheme.yaml has `signup: review`)",
    )
    # Which options go together is checked in run(); a mistake there is reported the way
    # argparse reports its own (usage, message, exit 2).
    parser.set_defaults(usage_error=parser.error)


def usage_mistake(args: argparse.Namespace) -> str | None:
    """Options that do not go together, which argparse cannot express; None if all is well."""
    if args.print_signup:
        extra = [name for name in ("author", "form", "dry_run", "push") if getattr(args, name)]
        if extra:
            return f"--print-signup goes alone, not with --{extra[0].replace('_', '-')}"
        return None
    if args.event and (args.author or args.form):
        return "--author and --form go with --body-file; an event names its author"
    if not args.event and not args.author:
        return "--body-file needs --author LOGIN: whose submission it is"
    return None


def run(args: argparse.Namespace) -> int:
    mistake = usage_mistake(args)
    if mistake:
        args.usage_error(mistake)  # exits 2
    root = Path(args.repo)
    if args.print_signup:
        print(repository.load_scheme(root).signup)
        return 0
    request = _read_request(args)
    if request is None:
        return 0
    form = choose_form(request, load_forms(root), args.form)
    if form is None:
        log.info("the issue is not a join or change form; nothing to do")
        return 0
    if args.event and not request.is_open and not args.dry_run:
        _closed_in_the_event(root, request, form)
        return 0
    today = dt.datetime.now(dt.UTC).date()
    if args.dry_run:
        return _print_dry_run(evaluate(root, request, form, today=today))
    client = _client(args, request)
    if client is not None and _closed_now(client, root, request, form):
        return 0
    evaluation, review = _change(args, root, request, form, today, client)
    if client is None:
        # By hand (a body file): the answer is printed; problems exit 1 like any refused action.
        reply = replies(evaluation, 0)[0]
        assert isinstance(reply, PostComment)
        print(reply.body.removeprefix(MARKER).strip())
        return 0 if evaluation.ok else 1
    _reply(client, request, evaluation, review)
    return 0


def _client(args: argparse.Namespace, request: Request) -> api.Client | None:
    """GitHub, when the request is an event's issue (an event always names its issue)."""
    if args.event and request.issue is not None:
        return api.connect(repository=request.repository)
    return None


def _closed_in_the_event(root: Path, request: Request, form: Form) -> None:
    # Without a token (a replayed event file, by hand) there is no one to reply to.
    if request.body_edited and request.issue is not None and os.environ.get("GITHUB_TOKEN"):
        github = api.connect(repository=request.repository)
        _answer_late_edit(github, root, request, form, github.get_issue(request.issue))
    log.info("issue #%s is closed; a closed form is not acted on again", request.issue)


def _closed_now(client: GitHub, root: Path, request: Request, form: Form) -> bool:
    """Whether the issue is closed now. The event is a snapshot: a re-run replays it after the
    issue was dealt with and closed, and acting again would turn the reply into "nothing to
    do"; an edit made since gets its own reply."""
    assert request.issue is not None
    issue = client.get_issue(request.issue)
    if issue.state == "open":
        return False
    if request.body_edited:
        _answer_late_edit(client, root, request, form, issue)
    log.info("issue #%s is closed now; a closed form is not acted on again", request.issue)
    return True


@dataclass(frozen=True)
class Review:
    """Where a change waits for an organiser (``signup: review``): its branch and base."""

    branch: str
    base: str


def _change(
    args: argparse.Namespace,
    root: Path,
    request: Request,
    form: Form,
    today: dt.date,
    client: api.Client | None,
) -> tuple[Evaluation, Review | None]:
    """Decide and make the file change: landed (``--push``), or in the working tree."""
    if not args.push:
        evaluation = evaluate(root, request, form, today=today, repository_name=request.repository)
        apply(root, evaluation)
        return evaluation, None
    review = repository.load_scheme(root).signup is SignupMode.REVIEW
    base = landing.base_branch(root, request.default_branch)
    evaluation, branch = land(
        root,
        request,
        form,
        today=today,
        base=base,
        review=review,
        remote=args.remote,
        committer=identity.committer(client),
    )
    return evaluation, Review(branch, base) if review and branch else None


def _reply(client: GitHub, request: Request, evaluation: Evaluation, review: Review | None) -> None:
    """The pull request for review, if any, then the reply (and closing), by one applier."""
    assert request.issue is not None
    apply_on = applier.OnGitHub(client)
    pull_request = None
    if evaluation.ok and review is not None:
        title = commit_message(evaluation, request.issue)
        # An edited issue lands on the same branch: its pull request is reused.
        opening = OpenPullRequest(
            head=review.branch,
            base=review.base,
            title=title,
            body=f"{title}\n\nCloses #{request.issue}.",
        )
        pull_request = apply_on.apply(opening)
    for action in replies(evaluation, request.issue, pull_request):
        apply_on.apply(action)
    if not evaluation.ok:
        log.info("%d problem(s) with the submission; nothing changed", len(evaluation.problems))


def _read_request(args: argparse.Namespace) -> Request | None:
    if args.event:
        return request_from_event(events.read(args.event, KIND))
    if str(args.body_file) == "-":
        body = sys.stdin.read()
    else:
        try:
            body = args.body_file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise Refused(f"cannot read {args.body_file} ({error})") from error
    return Request(login=args.author, body=body)


def _answer_late_edit(
    client: GitHub, root: Path, request: Request, form: Form, issue: Issue
) -> None:
    """Someone edited a form that was already dealt with: unless their file already says what
    the edit says (a replay of the run that dealt with it), say that the edit changed nothing
    and where to go instead. One comment, edited in place by later runs."""
    today = dt.datetime.now(dt.UTC).date()
    evaluation = evaluate(root, request, form, today=today, repository_name=request.repository)
    if evaluation.ok and not evaluation.changed:
        log.info("issue #%s: the edit matches the file; nothing to say", request.issue)
        return
    change_form = form_links(request.repository).get("change")
    applier.OnGitHub(client).apply(late_edit(issue.number, issue.closed_at, change_form))
    log.info("issue #%s was edited after it was dealt with; replied", issue.number)


def _print_dry_run(evaluation: Evaluation) -> int:
    if not evaluation.ok:
        print(problems_comment(evaluation).removeprefix(MARKER).strip())
        return 1
    relative = paths.participant(evaluation.login)
    if evaluation.delete:
        print(f"would delete {relative}")
    elif evaluation.changed and evaluation.participant is not None:
        print(f"would write {relative}:\n")
        print(repository.participant_text(evaluation.participant), end="")
    else:
        print(f"{relative} would not change")
    print()
    print(evaluation.reply)
    return 0
