"""Erase what the bot wrote about someone who left: in every pairing issue that introduces them,
their name, organisation, role, note and contact become "(left the scheme)".

Their @login and the issue's hidden marker stay, so the history of the thread still reads, and
the round files (which keep logins only) still let the draw avoid repeat pairs. What people
wrote in comments is theirs and is not touched.

Which issues: every group of every round file that lists the person. Their issues are looked
up by the round's label (open and closed, so an issue whose number a killed run never
recorded is found too) and by the number the round file records, and each is edited only when
its hidden marker names that round and that person. The edit is worked out from the issue
itself (core/erasure.py), so it needs neither the person's file nor git history.

Exactly once, however often it runs or is killed: an issue whose body no longer introduces the
person is erased, and gets no request. An edit whose answer was lost (a dropped connection, a
5xx) is not sent again blindly: the issue is read first, and sent again only if it still
introduces them. Edits are paced like announce's writes (github/api.py).

Who: the logins given (as arguments, or in one text with ``--usernames``, as the Erase leavers
workflow passes what an organiser typed: split into words here, never run by a shell), or with
``--left-since REV`` everyone whose participant file was
deleted between REV and HEAD (a push's range), and with ``--left-within DAYS`` everyone whose
file a commit of the last DAYS days deleted. Every run of the workflows passes
``--left-within 14`` as well: GitHub keeps one pending run per concurrency group and cancels
the one before (https://docs.github.com/actions/using-jobs/using-concurrency), so the run
for one leave must erase the leave before it too, and the daily run erases any leave whose
run was lost; a leave already erased costs one listing of its rounds' issues.
``--dry-run`` reads the issues and prints every edit it would make; it edits nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from unmentoring.commands import options
from unmentoring.core import erasure, pairing_issue, texts
from unmentoring.core.model import Round
from unmentoring.core.plan import Applier
from unmentoring.core.problems import Refused
from unmentoring.core.rules import LOGIN_PATTERN
from unmentoring.github import api, applier
from unmentoring.github.interface import GitHub, Issue, IssueUnavailable, OutOfTime
from unmentoring.github.server import web_url
from unmentoring.gitops import history
from unmentoring.store import offline, paths, repository, step_outputs

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Target:
    """One round's group that listed the person, and the issue the round file records."""

    month: str
    members: tuple[str, ...]
    issue: int | None


@dataclass
class Result:
    """What a run did, for the report."""

    login: str
    edited: list[int] = field(default_factory=list)
    already: list[int] = field(default_factory=list)  # erased earlier, or never introduced them
    # A group whose recorded issue does not have its marker (or is gone); groups never
    # announced have no issue, which is not a problem.
    not_found: list[Target] = field(default_factory=list)
    deleted: list[int] = field(default_factory=list)  # nothing of anyone is left in these
    moved: list[int] = field(default_factory=list)  # transferred: erased by hand, elsewhere
    stopped: str | None = None


def targets(rounds: Mapping[str, Round], login: str) -> list[Target]:
    """Every group, of every round, that lists ``login``, oldest round first."""
    found = []
    for month in sorted(rounds):
        for group in rounds[month].groups:
            if login in group.members:
                found.append(Target(month=month, members=group.members, issue=group.issue))
    return found


def issues_for(client: GitHub, target: Target, login: str) -> list[Issue]:
    """The issues of ``target``'s group that name ``login`` in their marker: those with the
    round's label, and the one the round file records (which an organiser may have relabelled)."""
    listed = client.list_issues(labels=[pairing_issue.round_label(target.month)], state="all")
    if target.issue is not None and all(issue.number != target.issue for issue in listed):
        listed.append(client.get_issue(target.issue))
    group = frozenset(target.members)
    found = []
    for issue in listed:
        marker = pairing_issue.find_marker(issue.body)
        if marker is None or marker.round != target.month or login not in marker.members:
            continue
        if frozenset(marker.members) != group:
            continue
        found.append(issue)
    return sorted(found, key=lambda issue: issue.number)


def erase_person(
    client: GitHub, login: str, found: list[Target], apply: Applier, done: TextIO | None
) -> Result:
    """Erase ``login`` from every issue of ``found``: the edits planned from the issues as read,
    each carried out by ``apply`` (on GitHub, or printed by a dry run) and, when done, said in
    ``done``."""
    result = Result(login=login)
    try:
        for target in found:
            try:
                issues = issues_for(client, target, login)
            except IssueUnavailable as gone:
                # Deleted: nothing is left to erase. Moved: its new repository is not ours.
                (result.deleted if gone.why == "deleted" else result.moved).append(gone.number)
                continue
            if not issues and target.issue is not None:
                result.not_found.append(target)
            for issue in issues:
                edit = erasure.edit(issue.number, issue.title, issue.body, login, target.month)
                if edit is None:
                    result.already.append(issue.number)
                    continue
                apply.apply(edit)
                if done is not None:
                    print(edit.why, file=done)
                result.edited.append(issue.number)
    except OutOfTime as stop:
        result.stopped = str(stop)
    return result


# -- the command --------------------------------------------------------------------------------


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "logins",
        nargs="*",
        metavar="LOGIN",
        help="the GitHub login of each person to erase (any case)",
    )
    parser.add_argument(
        "--usernames",
        metavar="TEXT",
        default="",
        help="logins separated by spaces, in one argument, as an organiser types them into the "
        "workflow's form; when it names anyone, only they are erased (--left-since and "
        "--left-within are then not used); empty: as if not given",
    )
    parser.add_argument(
        "--left-since",
        metavar="REV",
        help="erase everyone whose participant file was deleted between commit REV and HEAD "
        "(instead of LOGIN)",
    )
    parser.add_argument(
        "--left-within",
        type=int,
        metavar="DAYS",
        help="erase everyone whose participant file a commit of the last DAYS days deleted "
        "(instead of LOGIN; with --left-since, both)",
    )
    options.add_dry_run(parser, "read the issues and print every edit; edit nothing")
    options.add_max_minutes(parser)


def run(args: argparse.Namespace) -> int:
    root = Path(args.repo)
    # Typed words, split here rather than by a shell; each is then checked to be a login.
    typed = args.usernames.split()
    if typed:
        args.logins, args.left_since, args.left_within = [*args.logins, *typed], None, None
    by_history = bool(args.left_since) or args.left_within is not None
    if bool(args.logins) == by_history:
        print(
            "unmentoring erase: give either LOGIN or --left-since REV (or --left-within DAYS)",
            file=sys.stderr,
        )
        return 2
    loaded = repository.load_for_use(root)
    logins = _logins(root, args)
    if not logins:
        print(f"{_nobody_left(args)}; nothing to erase")
        return 0
    deadline = None
    if args.max_minutes is not None:
        deadline = time.monotonic() + max(args.max_minutes, 0) * 60
    repo_name = os.environ.get("GITHUB_REPOSITORY", "").strip() or loaded.scheme.repository
    client = None
    status = 0
    for login in logins:
        if login in loaded.participants:
            print(
                f"note: {login} is still in the scheme ({paths.participant(login)}): their "
                "next pairing issues introduce them again unless they leave first"
            )
        found = targets(loaded.rounds, login)
        if not found:
            print(f"{login}: in no round file; nothing to erase")
            continue
        client = client or api.connect(
            repository=repo_name, deadline=deadline, reserve=api.BULK_RESERVE
        )
        apply: Applier = offline.Printer(sys.stdout) if args.dry_run else applier.OnGitHub(client)
        result = erase_person(client, login, found, apply, None if args.dry_run else sys.stdout)
        _report(result, args.dry_run)
        if result.edited and not args.dry_run:
            _ask_for_revisions(result, web_url(), client.repository)
        if result.stopped:
            print(f"stopped: {result.stopped}; run again to carry on")
            break
        # A transferred issue is a known state, said in the job summary; the run does not
        # fail for it every day of the fortnight (issue 21, finding 1). An issue without its
        # marker is not: the run fails, naming it.
        if result.not_found:
            status = 1
    return status


def _nobody_left(args: argparse.Namespace) -> str:
    ranges = [f"since {args.left_since}"] if args.left_since else []
    if args.left_within is not None:
        ranges.append(f"in the last {args.left_within} days")
    return f"nobody left {' or '.join(ranges)}"


def _logins(root: Path, args: argparse.Namespace) -> list[str]:
    if args.logins:
        names = list(args.logins)
    else:
        gone = []
        if args.left_since:
            gone += history.deleted_since(root, args.left_since, paths.PARTICIPANTS)
        if args.left_within is not None:
            since = options.now() - dt.timedelta(days=max(args.left_within, 0))
            gone += history.deleted_within(root, since, paths.PARTICIPANTS)
        names = [name.rsplit(".", 1)[0] for name in sorted(set(gone)) if name.endswith(".yaml")]
    logins = []
    for name in names:
        if not LOGIN_PATTERN.match(name):
            raise Refused(f"`{name}` is not a GitHub login (letters, digits and single hyphens)")
        if name.lower() not in logins:
            logins.append(name.lower())
    return logins


def _ask_for_revisions(result: Result, server: str, repo_name: str) -> None:
    """GitHub keeps an edited issue's earlier text in its edit history, and no API deletes it
    (https://docs.github.com/communities/moderating-comments-and-conversations/tracking-changes-in-a-comment):
    say which issues need an organiser to delete those revisions, here and in the job summary."""
    links = [f"{server.rstrip('/')}/{repo_name}/issues/{number}" for number in result.edited]
    text = texts.ERASE_REVISIONS.fill(
        login=result.login, issues="\n".join(f"- {link}" for link in links)
    )
    print(f"to do: {text}")
    step_outputs.add_to_summary(texts.ERASE_SUMMARY.fill(login=result.login, revisions=text))


def _report(result: Result, dry_run: bool) -> None:
    verb = "would edit" if dry_run else "edited"
    print(
        f"{result.login}: {verb} {len(result.edited)} issue(s)"
        + (f" ({', '.join(f'#{n}' for n in result.edited)})" if result.edited else "")
        + f"; {len(result.already)} already without their details"
    )
    for number in result.deleted:
        print(f"note: #{number} was deleted, so nothing of {result.login} is left in it")
    for number in result.moved:
        line = (
            f"#{number} was transferred to another repository: erase {result.login}'s details "
            "from it there by hand"
        )
        print(f"warning: {line}", file=sys.stderr)
        if not dry_run:
            step_outputs.add_to_summary(f"- {line}\n")
    for target in result.not_found:
        print(
            f"warning: round {target.month}, group {', '.join(target.members)}: issue "
            f"#{target.issue}, which the round file records, does not have the group's hidden "
            f"marker; erase {result.login}'s details from it by hand, or restore the marker and "
            "run again",
            file=sys.stderr,
        )
