"""Check that a pull request changes only what its author may change.

A participant may add, change or delete their own file, ``participants/<login>.yaml``, and
nothing else; a maintainer (author association OWNER, MEMBER or COLLABORATOR) may change
anything. Rounds and ``scheme.yaml`` are the organisers'. The author and association come from
the ``pull_request`` event, and the changed files from git (the merge commit GitHub checks out,
against its first parent) or from ``--changed-files``. Exit 1 lists what to do instead.
"""

from __future__ import annotations

import argparse
import json
import logging
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from unmentoring.problems import Problem, Refused
from unmentoring.repository import PARTICIPANTS, ROUNDS, SCHEME

log = logging.getLogger(__name__)

MAINTAINERS = frozenset({"OWNER", "MEMBER", "COLLABORATOR"})
MAX_EVENT_BYTES = 4 * 1024 * 1024


@dataclass(frozen=True, kw_only=True)
class PullRequest:
    author: str
    association: str
    repository: str | None = None

    @property
    def by_maintainer(self) -> bool:
        return self.association.upper() in MAINTAINERS


def check(pull: PullRequest, changed: Iterable[str]) -> list[Problem]:
    """A problem for every changed path the pull request's author may not change."""
    if pull.by_maintainer:
        return []
    own = f"{PARTICIPANTS}/{pull.author.lower()}.yaml"
    forms = _forms_hint(pull.repository)
    problems = []
    for path in sorted(set(changed)):
        parts = PurePosixPath(path).parts
        if path.lower() == own:
            continue
        if len(parts) == 2 and parts[0] == PARTICIPANTS and path.endswith(".yaml"):
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


def _forms_hint(repository: str | None) -> str:
    if repository:
        return (
            f"use the change form (https://github.com/{repository}/issues/new?template=change.yml)"
        )
    return "use the change form (New issue > Pause, resume, update or leave)"


def pull_request_from_event(data: object) -> PullRequest:
    pull = data.get("pull_request") if isinstance(data, dict) else None
    if not isinstance(pull, dict):
        raise Refused("the event is not a pull request event: it has no `pull_request`")
    author = (pull.get("user") or {}).get("login")
    association = pull.get("author_association")
    if not isinstance(author, str) or not isinstance(association, str):
        raise Refused("the event's pull request has no `user.login` or `author_association`")
    repository = (data.get("repository") or {}).get("full_name")
    return PullRequest(author=author, association=association, repository=repository)


def changed_files(root: Path, base: str, head: str) -> list[str]:
    """Paths that differ between ``base`` and ``head``; a rename counts as both its paths."""
    done = subprocess.run(
        ["git", "diff", "--name-only", "--no-renames", "-z", base, head],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise Refused(
            f"git could not compare {base} with {head} in {root} ({done.stderr.strip()}); "
            "check out the pull request's merge commit with `fetch-depth: 2`"
        )
    return [path for path in done.stdout.split("\0") if path]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--event",
        type=Path,
        required=True,
        metavar="PATH",
        help="the `pull_request` webhook payload (in a workflow: $GITHUB_EVENT_PATH)",
    )
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


def run(args: argparse.Namespace) -> int:
    try:
        if args.event.stat().st_size > MAX_EVENT_BYTES:
            raise Refused(f"{args.event} is too large to be an event")
        data = json.loads(args.event.read_text(encoding="utf-8"))
    except OSError as error:
        raise Refused(f"cannot read the event file {args.event} ({error.strerror})") from error
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise Refused(f"the event file {args.event} is not JSON ({error})") from error
    pull = pull_request_from_event(data)
    if args.changed_files is None:
        changed = changed_files(args.repo, args.base, args.head)
    elif str(args.changed_files) == "-":
        changed = sys.stdin.read().splitlines()
    else:
        changed = args.changed_files.read_text(encoding="utf-8").splitlines()
    changed = [path.strip() for path in changed if path.strip()]
    problems = check(pull, changed)
    for problem in problems:
        print(problem.as_github_annotation() if args.format == "github" else problem)
    if problems:
        print(f"{len(problems)} file(s) that @{pull.author} may not change in a pull request")
        return 1
    who = "a maintainer" if pull.by_maintainer else "its author"
    print(f"OK: {len(changed)} changed file(s), all of them {who}'s to change")
    return 0
