"""Check every file in the scheme repository against its schema and the cross-file rules.

Also checks that the issue forms in ``.github/ISSUE_TEMPLATE/`` still have the questions and
choices the code reads. Prints every problem at once as ``path:line: message``, then a count.
Exit status: 0 when the data is clean, 1 when there are problems.
"""

from __future__ import annotations

import argparse

from unmentoring.core import submissions
from unmentoring.core.problems import sort_problems
from unmentoring.store import issue_forms, repository


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format",
        choices=("text", "github"),
        default="text",
        help="text: path:line: message (default); github: workflow annotations",
    )


def run(args: argparse.Namespace) -> int:
    loaded, problems = repository.load(args.repo)
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
