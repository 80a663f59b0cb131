"""Start the Site workflow, so that the site shows what a workflow just landed.

Pushes made with a workflow's GITHUB_TOKEN start no other workflows, except through
`workflow_dispatch` and `repository_dispatch`
(https://docs.github.com/actions/using-workflows/triggering-a-workflow#triggering-a-workflow-from-a-workflow),
so without this the site would wait for its daily run. The workflows run it only when a round,
a sign-up or an outcome landed on the default branch (the step output `landed`).

A start whose answer from GitHub was lost is not sent again: it may have started a run, and the
site's daily run catches up if it did not. The token needs `actions: write`.
"""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from unmentoring.commands import keep_awake
from unmentoring.github import api
from unmentoring.github.interface import MaybeApplied, Workflows

log = logging.getLogger(__name__)

SITE_WORKFLOW = "pages.yml"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--workflow",
        default=SITE_WORKFLOW,
        metavar="FILE",
        help=f"the site's workflow file in .github/workflows/ (default: {SITE_WORKFLOW})",
    )
    parser.add_argument(
        "--ref",
        metavar="BRANCH",
        help="the branch to build from (default: the repository's default branch)",
    )


def refresh(client: Workflows, workflow: str, ref: str | None = None) -> bool:
    """Start ``workflow`` on ``ref`` (default: the default branch); False if that is unknown."""
    branch = ref or client.check_access().default_branch
    if not branch:
        log.warning("GitHub named no default branch; the site's daily run will rebuild it")
        return False
    try:
        client.dispatch_workflow(workflow, branch)
    except MaybeApplied as error:
        log.warning(
            "%s: it may have started; not asked again, so that it runs at most once (the "
            "site's daily run catches up otherwise)",
            error,
        )
        return False
    log.info("started %s on %s", workflow, branch)
    return True


def run(args: argparse.Namespace) -> int:
    client = api.connect(repository=keep_awake.repository_for(Path(args.repo)))
    refresh(client, args.workflow, args.ref)
    return 0
