"""Check every file in the scheme repository against its schema and the cross-file rules.

Also checks that the issue forms in ``.github/ISSUE_TEMPLATE/`` still have the questions and
choices the code reads. Prints every problem at once as ``path:line: message``, then a count.
Exit status: 0 when the data is clean, 1 when there are problems.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from unmentoring.core import rules, submissions
from unmentoring.core.problems import Problem, sort_problems
from unmentoring.gitops import history
from unmentoring.store import issue_forms, paths, repository


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format",
        choices=("text", "github"),
        default="text",
        help="text: path:line: message (default); github: workflow annotations",
    )


def run(args: argparse.Namespace) -> int:
    loaded, problems = repository.load(args.repo)
    problems += _members_who_never_were(args.repo, loaded)
    # The issue forms are not data, but an edit that breaks them stops every sign-up.
    problems = sort_problems([*problems, *issue_forms.form_problems(args.repo, submissions.FORMS)])
    for problem in problems:
        print(problem.as_github_annotation() if args.format == "github" else problem)
    if problems:
        files = len({problem.path for problem in problems})
        print(f"{len(problems)} problem(s) in {files} file(s)")
        return 1
    print(
        f"OK: {len(loaded.participants)} participant(s), {len(loaded.rounds)} round(s), no problems"
    )
    return 0


def _members_who_never_were(root: Path, loaded: repository.Repository) -> list[Problem]:
    """Round members who never had a participant file: read from git's history, as leaving
    deletes the file. Without the whole history (not a git checkout, or a shallow clone) it
    cannot tell a leaver from a typo, and says nothing."""
    ever = history.participants_ever(root)
    if isinstance(ever, history.NotInGit):
        return []
    found: list[Problem] = []
    for month, drawn in loaded.rounds.items():
        path = paths.round_file(month)
        lines = paths.at(root, path).read_text(encoding="utf-8").splitlines()

        def line_of(login: str, lines: list[str] = lines) -> int | None:
            return next((n for n, text in enumerate(lines, 1) if login in text), None)

        found += rules.check_members_were_participants(path, drawn, ever, line_of)
    return found
