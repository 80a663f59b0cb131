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
from dataclasses import dataclass
from pathlib import Path

from unmentoring.commands import options
from unmentoring.commands.sign_up import (
    KIND,
    Request,
    apply,
    choose_form,
    commit_message,
    evaluate,
    form_links,
    land,
    load_forms,
    request_from_event,
    under_review,
)
from unmentoring.core import texts
from unmentoring.core.forms import Form
from unmentoring.core.model import SignupMode
from unmentoring.core.plan import OpenPullRequest, PostComment
from unmentoring.core.problems import Refused
from unmentoring.core.sign_up_replies import (
    MARKER,
    late_edit,
    problems_comment,
    replies,
)
from unmentoring.core.submissions import (
    FORM_NAMES,
    Evaluation,
)
from unmentoring.github import api, applier, bot_comment, events, identity
from unmentoring.github.interface import GitHub, Issue
from unmentoring.gitops import landing
from unmentoring.store import paths, repository, step_outputs

log = logging.getLogger(__name__)

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
        help="print scheme.yaml's `signup` (direct or review), and in a workflow set it as "
        "the step output `signup`, and do nothing else, so that a workflow can run intake in a "
        "job with just the permissions that mode needs",
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
        mode = repository.load_scheme(root).signup
        print(mode)
        step_outputs.set_output("signup", str(mode))
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
    today = options.today()
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
        client = api.connect(repository=request.repository)
        bot_comment.settle_login(client)
        return client
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
        reviewed=under_review(root, client, today),
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
            body=texts.SIGN_UP_REVIEW.fill(title=title, issue=request.issue),
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
    today = options.today()
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
