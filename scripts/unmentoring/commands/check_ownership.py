"""Check that a pull request changes only what its author may change.

A participant may add, change or delete their own file, ``participants/<login>.yaml``, and
nothing else; a maintainer may change anything. Rounds and ``scheme.yaml`` are the organisers'.
The author and association come from the ``pull_request`` event, and the changed files from git
(the merge commit GitHub checks out, against its first parent) or from ``--changed-files``.
Exit 1 lists what to do instead.

Three cases the event alone gets wrong:

- With ``signup: review``, intake opens the pull request for a sign-up as the bot (its author is
  ``github-actions[bot]`` or the scheme's App), from the branch ``unmentoring/intake-<login>``
  of this repository. Such a pull request is ``<login>``'s: it may change only their file.
- With ``draw: review``, the round's workflow proposes a round as the bot from the branch
  ``unmentoring/round-YYYY-MM`` of this repository: it may add that round's file, and nothing
  else (with a GitHub App and a protected ``main``, the check is required; issue 21, finding 3).
- An organisation member whose membership is private (GitHub's default) has the association
  CONTRIBUTOR, not MEMBER, in a pull request's event. When the association does not make the
  author a maintainer and the pull request changes more than their own file, GitHub is asked
  for the author's permission on the repository: admin, maintain and write are maintainers.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from unmentoring.core import draw_review
from unmentoring.core.comment_commands import DEFAULT_BOT_LOGIN
from unmentoring.core.forms import form_url
from unmentoring.core.problems import Problem, Refused
from unmentoring.core.submissions import review_branch_login
from unmentoring.github import api, bot_comment, events
from unmentoring.github.interface import Permission, Permissions
from unmentoring.github.server import web_url
from unmentoring.gitops import git
from unmentoring.store import paths
from unmentoring.store.paths import ROUNDS, SCHEME

log = logging.getLogger(__name__)

KIND = "pull_request"
MAINTAINERS = frozenset({"OWNER", "MEMBER", "COLLABORATOR"})


@dataclass(frozen=True, kw_only=True)
class PullRequest:
    """Whose pull request it is: ``author``, whose own file it may change."""

    author: str
    association: str
    repository: str | None = None
    # Opened by intake's bot for ``author``'s sign-up, on their review branch: the bot's
    # association says nothing about ``author``.
    sign_up: bool = False
    # The round a draw proposal is for: opened by the bot on its round branch.
    round: str | None = None

    @property
    def by_maintainer(self) -> bool:
        bot = self.sign_up or self.round is not None
        return not bot and self.association.upper() in MAINTAINERS

    @property
    def association_decides(self) -> bool:
        """Whether the event alone decides; else GitHub may know the author is a maintainer."""
        return self.sign_up or self.round is not None or self.by_maintainer


def check(
    pull: PullRequest, changed: Iterable[str], *, added: Collection[str] | None = None
) -> list[Problem]:
    """A problem for every changed path the pull request's author may not change; ``added``:
    the paths the pull request adds, when known (a round proposal may only add its file)."""
    if pull.round is not None:
        return _check_round(pull.round, changed, added)
    if pull.by_maintainer:
        return []
    own = paths.participant(pull.author)
    forms = _forms_hint(pull.repository)
    problems = []
    for path in sorted(set(changed)):
        parts = PurePosixPath(path).parts
        if path.lower() == own:
            continue
        if paths.login_of(path) is not None:
            message = (
                f"is someone else's entry: a pull request from @{pull.author} may change only "
                f"{own}. To change your own details, pause or leave, {forms}; if this entry needs "
                "fixing, ask its owner or an organiser"
            )
        elif parts[:1] == (ROUNDS,) or path == SCHEME:
            message = (
                "belongs to the scheme's organisers (rounds are written by its workflows, "
                "scheme.yaml holds its settings): changing it needs a maintainer (the "
                "repository's owner, members or collaborators); open an issue to suggest it"
            )
        else:
            message = (
                f"is not {own}: a participant's pull request may change only their own file. "
                "Changes to the scheme's code, pages or workflows need a maintainer: open an "
                "issue to suggest them"
            )
        problems.append(Problem(path=path, message=message))
    return problems


def _check_round(
    month: str, changed: Iterable[str], added: Collection[str] | None
) -> list[Problem]:
    own = paths.round_file(month)
    problems = [
        Problem(
            path=path,
            message=f"is not {own}: the draw the workflow proposes only adds {own}; a change "
            "to anything else needs a maintainer's own pull request",
        )
        for path in sorted(set(changed))
        if path != own
    ]
    if own in changed and added is not None and own not in added:
        problems.append(
            Problem(
                path=own,
                message="is already on the default branch: a round once drawn is never "
                "replaced; close this pull request",
            )
        )
    return problems


def _forms_hint(repository: str | None) -> str:
    if repository:
        return f"use the change form ({form_url(repository, 'change', web_url())})"
    return "use the change form (New issue > Pause, resume, update or leave)"


def pull_request_from_event(
    event: Mapping[str, Any] | events.Fields, bots: Collection[str] | None = None
) -> PullRequest:
    """The pull request of a ``pull_request`` event; ``bots`` are the logins intake opens sign-up
    pull requests as (default: github-actions[bot] and ``UNMENTORING_BOT_LOGIN``)."""
    if not isinstance(event, events.Fields):
        event = events.of(event, KIND)
    if not isinstance(event.data.get("pull_request"), Mapping):
        raise Refused("the event is not a pull request event: it has no `pull_request`")
    pull = event.object("pull_request")
    user = pull.optional_object("user")
    opened_by = user.text("login", required=True)
    association = pull.text("author_association", required=True)
    repository = event.optional_object("repository").optional_text("full_name")
    head = pull.optional_object("head")
    # A fork's branch may have any name; only a branch of this repository is intake's (the
    # head's repository is null when the fork was deleted).
    head_repository = head.optional_object("repo").optional_text("full_name")
    same_repository = bool(repository and head_repository) and (
        str(head_repository).lower() == str(repository).lower()
    )
    bots = {login.lower() for login in (bots or our_bots())}
    for_login = review_branch_login(head.text("ref"))
    # Any bot account will do, not only the logins we know: pushing a branch to this repository
    # needs write access, which a bot has only when the organisers installed it (an App with
    # that access could push to main anyway), and a missing or mistyped UNMENTORING_BOT_LOGIN
    # must not fail every sign-up's required check.
    by_a_bot = opened_by.lower() in bots or user.text("type") == "Bot"
    if same_repository and for_login and by_a_bot:
        return PullRequest(
            author=for_login, association=association, repository=repository, sign_up=True
        )
    month = draw_review.month_of_branch(head.text("ref"))
    if same_repository and month and by_a_bot:
        return PullRequest(
            author=opened_by, association=association, repository=repository, round=month
        )
    return PullRequest(author=opened_by, association=association, repository=repository)


def our_bots() -> set[str]:
    """The logins intake opens pull requests as: the workflow token's, and the scheme's App's."""
    return {DEFAULT_BOT_LOGIN, bot_comment.bot_login()}


def ask_permission(client: Permissions | None, pull: PullRequest) -> tuple[Permission | None, str]:
    """The author's permission on the repository from GitHub, or None and why it is unknown."""
    try:
        client = client or api.connect(repository=pull.repository)
        return client.permission_of(pull.author), ""
    except Refused as error:
        return None, str(error)


def changed_files(root: Path, base: str, head: str, *, only: str = "") -> list[str]:
    """Paths that differ between ``base`` and ``head``; a rename counts as both its paths.
    ``only``: git's --diff-filter (``A``: the paths added)."""
    done = git.run(
        root,
        "diff",
        "--name-only",
        "--no-renames",
        *([f"--diff-filter={only}"] if only else []),
        "-z",
        base,
        head,
        check=False,
    )
    if not done.ok:
        raise Refused(
            f"git could not compare {base} with {head} in {root} ({done.stderr.strip()}); "
            "check out the pull request's merge commit with `fetch-depth: 2`"
        )
    return [path for path in done.stdout.split("\0") if path]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    events.add_event_argument(parser, "pull_request")
    parser.add_argument(
        "--changed-files",
        type=Path,
        metavar="FILE",
        help="the changed paths, one a line ('-' for standard input); default: ask git",
    )
    parser.add_argument(
        "--base",
        default="HEAD^1",
        metavar="REV",
        help="without --changed-files: compare from this commit (default: HEAD^1, the base "
        "branch's side of the merge commit GitHub checks out for a pull request)",
    )
    parser.add_argument(
        "--head", default="HEAD", metavar="REV", help="compare to this commit (default: HEAD)"
    )
    parser.add_argument(
        "--format",
        choices=("text", "github"),
        default="text",
        help="text: path: message (default); github: workflow annotations",
    )


def run(args: argparse.Namespace, client: Permissions | None = None) -> int:
    pull = pull_request_from_event(events.read(args.event, KIND))
    added = None
    if args.changed_files is None:
        changed = changed_files(args.repo, args.base, args.head)
        added = changed_files(args.repo, args.base, args.head, only="A")
    elif str(args.changed_files) == "-":
        changed = sys.stdin.read().splitlines()
    else:
        try:
            changed = args.changed_files.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as error:
            raise Refused(
                f"cannot read --changed-files {args.changed_files} ({error}); give a file "
                "with one changed path a line, or leave the option out to ask git"
            ) from None
    changed = [path.strip() for path in changed if path.strip()]
    problems = check(pull, changed, added=added)
    if pull.sign_up:
        who = f"@{pull.author}'s (a sign-up opened by intake)"
    elif pull.round is not None:
        who = f"the workflow's (the draw of round {pull.round} that the scheme's workflow proposed)"
    elif pull.by_maintainer:
        who = "a maintainer's"
    else:
        who = "its author's"
    note = ""
    if problems and not pull.association_decides:
        permission, unknown = ask_permission(client, pull)
        if permission is not None and permission.can_write:
            log.info("@%s has the %s role on the repository", pull.author, permission.role)
            problems = []
            who = (
                f"a maintainer's (@{pull.author} has the {permission.role} role on the "
                f"repository; the event says {pull.association}, as for a private "
                "organisation membership)"
            )
        elif permission is None:
            note = (
                f"the pull request's author association ({pull.association}) does not show "
                f"whether @{pull.author} is a maintainer (an organisation member whose "
                "membership is private shows as CONTRIBUTOR), and GitHub could not be asked "
                f"for their permission: {unknown}"
            )
    for problem in problems:
        print(problem.as_github_annotation() if args.format == "github" else problem)
    if note:
        print(f"::warning::{note}" if args.format == "github" else f"note: {note}")
    if problems:
        print(f"{len(problems)} file(s) that @{pull.author} may not change in a pull request")
        return 1
    print(f"OK: {len(changed)} changed file(s), all of them {who} to change")
    return 0
