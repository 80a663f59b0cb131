"""`upgrade --push`, as the Upgrade workflow runs it: the upgrade committed to the branch
``unmentoring/upgrade`` and proposed in one pull request.

A run while that pull request is open for the same release changes nothing, unless the release
migrates data and the default branch has moved on: then the branch is made again, so that data
written meanwhile is migrated too. Workflow files are left out of the push unless the GitHub
App's token has the Workflows permission (GITHUB_TOKEN never has it); the pull request says
what to change by hand. As actions-template-sync does
(https://github.com/AndreasAugustin/actions-template-sync), a newer release replaces what the
branch proposes.
"""

from __future__ import annotations

import argparse
import logging
import os
from pathlib import Path

from unmentoring.commands import upgrade
from unmentoring.core import upgrade_report
from unmentoring.core.problems import Refused
from unmentoring.github import api
from unmentoring.gitops import git, landing
from unmentoring.store import repository

log = logging.getLogger(__name__)

# Set to "true" by the Upgrade workflow when its GitHub App token has the Workflows permission.
APP_WORKFLOWS_ENV = "UNMENTORING_APP_WORKFLOWS"
# How GitHub refuses such a push ("refusing to allow a GitHub App to create or update workflow
# `.github/workflows/x.yml` without `workflows` permission", as projects report it).
WORKFLOWS_REFUSED = "without `workflows` permission"


def propose(root: Path, args: argparse.Namespace) -> int:
    """Commit the upgrade to ``upgrade.BRANCH`` and open (or update) its one pull request."""
    client = api.connect(repository=repository.load_scheme(root).repository)
    base = landing.base_branch(root)
    open_now = client.find_pull_request(upgrade.BRANCH, base)
    said: list[str] = []
    made: list[tuple[upgrade.Upgrade, frozenset[str]]] = []
    # GitHub refuses a push that changes .github/workflows/ unless the token has the Workflows
    # permission, which GITHUB_TOKEN never has; a GitHub App may, and the workflow says so
    # (https://docs.github.com/en/apps/creating-github-apps/registering-a-github-app/choosing-permissions-for-a-github-app).
    with_workflows = [os.environ.get(APP_WORKFLOWS_ENV, "").strip().lower() == "true"]

    remote = "origin"
    proposed = (
        f"refs/remotes/{remote}/{upgrade.BRANCH}"  # the open pull request's branch, as fetched
    )
    tracking = f"+refs/heads/{upgrade.BRANCH}:{proposed}"
    git.run(root, "fetch", "--quiet", remote, tracking, check=False, authenticate=True)

    def make_change(checkout: Path) -> landing.Commit | None:
        decided = upgrade.decide(checkout, args.source, args.ref or None)
        if isinstance(decided, str):
            said[:] = [decided]
            return None
        title = upgrade_report.pull_request_title(decided.target)
        number = open_now.number if open_now is not None and open_now.title == title else None
        already = f"pull request #{number} proposes release {decided.target} already"
        if number is not None and _is_ancestor(checkout, "HEAD", proposed):
            said[:] = [already]
            return None
        if decided.clashes:
            upgrade.say_clashes(decided)
            raise Refused(f"release {decided.target} conflicts with this scheme's edits")
        workflows = (w for w in decided.workflows if not (with_workflows[0] and not w.differs))
        skip = frozenset(w.path for w in workflows)
        migrated = upgrade.stage_and_check(checkout, decided, skip)
        if number is not None and not migrated:
            # The branch is behind, but merging it brings nothing stale: left as it is.
            said[:] = [already]
            return None
        # Data files written since the pull request was made would stay in the old format: the
        # branch is made again from the newest commit, with them migrated too.
        decided.add_migrated(migrated)
        written = upgrade.apply(checkout, decided, skip)
        made[:] = [(decided, skip)]
        return landing.Commit(message=title, paths=tuple(written))

    started_at = git.text(root, "rev-parse", "HEAD").strip()
    try:
        landing.land(root, make_change, base=base, target=upgrade.BRANCH, force=True)
    except git.GitFailed as error:
        if not (with_workflows[0] and WORKFLOWS_REFUSED in str(error)):
            raise
        log.warning("the GitHub App may not change workflow files; pushing the rest")
        with_workflows[0] = False
        landing.land(root, make_change, base=base, target=upgrade.BRANCH, force=True)
    finally:
        # Back to the files the job started with: when the job ends, the runner reads the local
        # action's action.yml again for its post steps, and matches them by position
        # (actions/runner#2816), so it must not find the release's.
        git.run(root, "checkout", "--quiet", "--force", "--detach", started_at)
    if not made:
        print(*said)
        return 0
    decided, skipped = made[0]
    workflows = [w for w in decided.workflows if w.path in skipped or w.differs]
    body = upgrade_report.pull_request_body(
        upgrade_report.Proposal(
            decided.current,
            decided.target,
            decided.entries,
            [o for o in decided.outcomes if o.path not in skipped],
            workflows,
            decided.link_base or decided.source,
            checks_start=os.environ.get(landing.APP_TOKEN_ENV, "").strip() == "1",
        )
    )
    title = upgrade_report.pull_request_title(decided.target)
    pull = client.open_pull_request(upgrade.BRANCH, base, title, body)
    if pull.title != title or pull.body != body:
        client.update_pull_request(pull.number, title, body)
    print(
        f"release {decided.target}: proposed in pull request #{pull.number} from {upgrade.BRANCH}"
    )
    for workflow in workflows:
        print(f"it asks you to change {workflow.path} by hand")
    return 0


def _is_ancestor(root: Path, commit: str, of: str) -> bool:
    """Whether ``commit`` is in the history of ``of`` (False when ``of`` is unknown)."""
    return git.run(root, "merge-base", "--is-ancestor", commit, of, check=False).ok
