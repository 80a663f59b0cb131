"""Re-enable the scheduled workflows that GitHub disabled for inactivity.

In a public repository GitHub disables scheduled workflows (here: the monthly round and the
site's daily rebuild) when nothing has happened in the repository for 60 days, and commits made
by workflows may not count
(https://docs.github.com/actions/managing-workflow-runs/disabling-and-enabling-a-workflow).
Sign-ups and comments still start their workflows, which run this command: it lists the
repository's workflows and enables each workflow that has a `schedule:` trigger in
.github/workflows/ and the state `disabled_inactivity`. A workflow an organiser disabled by hand
(`disabled_manually`) is left as it is and reported. Running it again changes nothing more.

With --refresh (the daily Follow-up workflow runs it so), it also enables each active scheduled
workflow again, which resets GitHub's count of days without activity, as keep-alive actions do
(gautamkrishnar/keepalive-workflow, liskin/gh-workflow-keepalive): the schedules never reach
the limit, idle summer or not (issue 21, finding 6). One listing and one request a workflow.

The token needs `actions: write` (`actions: read` with --dry-run).
"""

from __future__ import annotations

import argparse
import logging
import os
from pathlib import Path

from unmentoring.commands import options
from unmentoring.github import api, schedules
from unmentoring.store import repository

log = logging.getLogger(__name__)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    options.add_dry_run(parser, "say which workflows would be re-enabled, and enable none")
    parser.add_argument(
        "--refresh",
        action="store_true",
        help="also enable the active scheduled workflows again, which resets GitHub's 60-day "
        "count of days without activity (the daily run does this)",
    )


def repository_for(root: Path) -> str | None:
    """scheme.yaml's ``repository``, read only when GITHUB_REPOSITORY (which wins) is not set:
    in a workflow a broken scheme.yaml must not stop the schedules being woken."""
    if os.environ.get("GITHUB_REPOSITORY", "").strip():
        return None
    return repository.load_scheme(root).repository


def run(args: argparse.Namespace) -> int:
    root = Path(args.repo)
    client = api.connect(repository=repository_for(root))
    sleeping = schedules.review(client, root)
    for line in sleeping.asleep():
        log.warning("%s; %s", line, "it would be re-enabled" if args.dry_run else "re-enabling it")
    for line in sleeping.warnings():
        log.warning("%s", line)
    if not args.dry_run:
        schedules.wake(client, sleeping, refresh=args.refresh)
    if not sleeping.to_wake and not sleeping.warnings():
        log.info("every scheduled workflow is active")
    return 0
