"""Check the scheme's set-up: run it after setting up, and whenever something seems wrong.

Each check prints pass, warn or fail (or skip, with why) and, unless it passed, the fix in one
line. Without a token (offline): the data files and the participants count, the first round's
month, and template leftovers (scheme.yaml's `repository`, `site_url` and `organiser`,
.github/ISSUE_TEMPLATE/config.yml's links and the forms' own links, compared with the repository
it runs in:
GITHUB_REPOSITORY, else the git remote `origin`). With GITHUB_TOKEN, it also asks GitHub: Pages
publishes from GitHub Actions, the labels the forms put on issues exist, every workflow is
enabled (GitHub disables scheduled ones after 60 days without activity), how near that limit
the schedules are (from the newest commit and the last finished Follow-up run, whose keep-awake
job keeps them on), and no rule on the
default branch refuses the workflows' pushes (UNMENTORING_APP_CLIENT_ID set: an App is
configured). It only reads; it changes nothing. Exit status: 1 if any check fails, else 0.
In GitHub Actions (GITHUB_STEP_SUMMARY set) it also adds the report to the job's summary.

With --issue (the daily Follow-up workflow runs it so) it also keeps one issue, "Needs
attention", listing every check that fails or warns: opened when something does, edited when the
list changes, closed when all is well, never opened twice. Then the exit status is 0 whatever
the checks found, since the issue is where they go; it needs `issues: write`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from unmentoring.commands import options, upgrade
from unmentoring.core import attention, setup_checks, submissions
from unmentoring.core.model import DrawMode, SignupMode
from unmentoring.core.problems import Refused
from unmentoring.core.releases import Release
from unmentoring.core.setup_checks import Check, LocalWorkflow, Report, failed, skipped
from unmentoring.core.upgrade import Owner
from unmentoring.github import api, standing_issue
from unmentoring.github.interface import GitHubRefused, RepositorySettings
from unmentoring.gitops import git, upstream
from unmentoring.store import issue_forms, paths, repository, setup_files, step_outputs

APP_VARIABLE = "UNMENTORING_APP_CLIENT_ID"
UPGRADE_WORKFLOW = "upgrade.yml"  # it opens a pull request for each new release
KEEPER_WORKFLOW = "follow-up.yml"  # its keep-awake job keeps the schedules on


def _day(epoch: float | None) -> dt.date | None:
    return None if epoch is None else dt.datetime.fromtimestamp(epoch, dt.UTC).date()


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format",
        choices=("text", "markdown"),
        default="text",
        help="text (default), or markdown: a table, as for $GITHUB_STEP_SUMMARY",
    )
    parser.add_argument(
        "--issue",
        action="store_true",
        help='keep the "Needs attention" issue up to date with what fails or warns (needs '
        "GITHUB_TOKEN with issues: write); exit 0 whatever the checks found",
    )


def run(args: argparse.Namespace) -> int:
    root = Path(args.repo)
    env = os.environ
    report = diagnose(root, env, options.today())
    print(report.as_markdown() if args.format == "markdown" else report.as_text(), end="")
    step_outputs.add_to_summary(report.as_markdown(), env)
    if args.issue:
        client = api.connect(repository=repository_in_use(root, env), env=env)
        standing_issue.keep(client, attention.KIND, attention.body(report))
        return 0
    return report.exit_status


def diagnose(
    root: Path,
    env: Mapping[str, str],
    today: dt.date,
    connect: Callable[..., RepositorySettings] = api.connect,
) -> Report:
    """Every check: the offline ones, then GitHub's (skipped with a note without a token)."""
    loaded, problems = repository.load(root)
    problems += issue_forms.form_problems(root, submissions.FORMS)
    local_workflows, workflow_problems = setup_files.workflows(root)
    labels_needed, label_problems = setup_files.form_labels(root)
    links, link_problems = setup_files.contact_links(root)
    where = repository_in_use(root, env)

    checks = [
        setup_checks.data_files(
            len(loaded.participants),
            problems,
            sorted(
                {login for p in problems if (login := paths.login_of(p.path))}
                - set(loaded.participants)
            ),
        ),
        setup_checks.first_round(
            loaded.scheme,
            set(loaded.rounds),
            loaded.participants.values(),
            today,
            list(loaded.rounds.values()),
        ),
        *setup_checks.leftovers(loaded.scheme, where, links, paths.FORMS_CONFIG),
        setup_checks.form_links(setup_files.form_links(root), where),
        setup_checks.form_names(setup_files.form_titles(root), loaded.scheme.name),
        setup_checks.page_links(setup_files.page_links(root), where),
    ]
    named = env.get("GITHUB_REPOSITORY", "").strip()
    if named and where is None:
        checks.append(
            failed("GITHUB_REPOSITORY", f"{named!r} is not owner/name", "set it to owner/name")
        )
    unreadable = [*workflow_problems, *label_problems, *link_problems]
    if unreadable:
        checks.append(
            failed(
                "set-up files",
                "; ".join(str(problem) for problem in unreadable),
                "fix those files (each message says how): GitHub cannot use them as they are",
            )
        )
    # What has the workflows open pull requests: the settings set to `review`, and upgrades.
    scheme = loaded.scheme
    modes = {"signup": scheme.signup is SignupMode.REVIEW, "draw": scheme.draw is DrawMode.REVIEW}
    reviewed = [f"`{mode}: review` in scheme.yaml" for mode, review in modes.items() if review]
    if any(workflow.path == paths.workflow(UPGRADE_WORKFLOW) for workflow in local_workflows):
        reviewed.append("the Upgrade workflow")
    checks += release_checks(root, scheme.upstream, env)
    checks += github_checks(
        env,
        where,
        loaded.scheme.site_url,
        local_workflows,
        labels_needed,
        connect,
        reviewed,
        last_commit=_last_commit(root),
        today=today,
    )
    return Report(tuple(checks))


def _last_commit(root: Path) -> dt.date | None:
    """The day of the checked-out commit (a shallow clone has it too), or None outside git."""
    try:
        found = git.run(root, "log", "-1", "--format=%ct", check=False)
    except git.GitFailed:
        return None
    stamp = found.stdout.strip() if found.ok else ""
    return dt.datetime.fromtimestamp(int(stamp), dt.UTC).date() if stamp.isdigit() else None


def release_checks(root: Path, upstream_name: str, env: Mapping[str, str]) -> list[Check]:
    """The release the scheme runs; with a token (as in the Doctor workflow), also whether the
    template's repository has a newer one, and whether the workflow files are the release's
    (git reads the template, not GitHub's API)."""
    try:
        running: Release | None = upgrade.running_release(root)
    except Refused:
        running = None
    if running is None or not env.get("GITHUB_TOKEN", "").strip():
        return [setup_checks.release(running, None, upstream_name)]
    try:
        source = upstream.location(upstream_name, env.get("GITHUB_SERVER_URL"))
        newest = upstream.latest_release(source)
        # As the upgrade compares them: with what the scheme was copied from, or its release.
        base = upgrade.copied_from(root, source, running) if upgrade.is_work_tree(root) else None
        _, released = upstream.files_at(source, base or running.tag)
    except Refused as error:
        return [setup_checks.release(running, None, upstream_name, str(error))]
    if not upgrade.is_work_tree(root):  # its files cannot be told from edits: not compared
        return [setup_checks.release(running, newest, upstream_name)]
    ours = upstream.scheme_files(root)
    workflows = {p: v for p, v in released.items() if paths.owner(p) is Owner.WORKFLOW}
    missing = sorted(path for path in workflows if path not in ours)
    differing = sorted(
        path for path, version in workflows.items() if path in ours and ours[path] != version
    )
    return [
        setup_checks.release(running, newest, upstream_name),
        setup_checks.release_workflows(running, differing, missing),
    ]


def repository_in_use(root: Path, env: Mapping[str, str]) -> str | None:
    """The repository it runs in: GITHUB_REPOSITORY in Actions, else the `origin` remote's."""
    named = env.get("GITHUB_REPOSITORY", "").strip()
    if named:
        return named if api.REPOSITORY_PATTERN.match(named) else None
    try:
        remote = git.run(root, "remote", "get-url", "origin", check=False)
    except git.GitFailed:
        return None
    return setup_checks.repository_of_remote(remote.stdout) if remote.ok else None


def github_checks(
    env: Mapping[str, str],
    where: str | None,
    site_url: str | None,
    local_workflows: Sequence[LocalWorkflow],
    labels_needed: Mapping[str, Sequence[str]],
    connect: Callable[..., RepositorySettings],
    reviewed: Sequence[str] = (),
    *,
    last_commit: dt.date | None = None,
    today: dt.date | None = None,
) -> list[Check]:
    name = "GitHub"
    if not env.get("GITHUB_TOKEN", "").strip():
        return [
            skipped(
                name,
                "no GITHUB_TOKEN, so Pages, labels, workflows and the default branch were not "
                "checked: run the Doctor workflow, or set GITHUB_TOKEN",
            )
        ]
    if where is None:
        return [skipped(name, "no repository: set GITHUB_REPOSITORY=owner/name to check GitHub")]
    try:
        client = connect(repository=where, env=env)
        info = client.check_access()
    except Refused as error:
        return [failed(name, str(error), "fix that, then run doctor again")]

    checks = [setup_checks.token_push(info.can_push)]
    checks.append(_asking("GitHub Pages", lambda: setup_checks.pages(client.get_pages(), site_url)))
    checks.append(
        _asking("form labels", lambda: setup_checks.labels(labels_needed, client.list_labels()))
    )
    try:
        checks += setup_checks.workflows(local_workflows, client.list_workflows())
    except GitHubRefused as error:
        checks.append(_refused("workflows", error))
    if today is not None:
        checks.append(
            _asking(
                "schedules",
                lambda: setup_checks.schedules(
                    sum(1 for workflow in local_workflows if workflow.scheduled),
                    info.private,
                    last_commit,
                    _day(client.last_success(KEEPER_WORKFLOW)),
                    today,
                ),
            )
        )
    branch = info.default_branch or "main"
    app_configured = bool(env.get(APP_VARIABLE, "").strip())
    checks.append(
        _asking(f"pushes to {branch}", lambda: _default_branch(client, branch, app_configured))
    )
    if reviewed:
        checks.append(
            _asking(
                "pull requests",
                lambda: setup_checks.review_pull_requests(
                    reviewed,
                    app_configured,
                    None if app_configured else client.actions_may_open_pull_requests(),
                ),
            )
        )
    return checks


def _default_branch(client: RepositorySettings, branch: str, app_configured: bool) -> Check:
    protection = client.branch_protection(branch)
    return setup_checks.default_branch(
        branch,
        client.branch_rules(branch),
        protected=protection.protected,
        required_checks=protection.required_checks,
        app_configured=app_configured,
    )


def _asking(name: str, check: Callable[[], Check]) -> Check:
    """One API check; GitHub refusing it (a missing permission, say) is that check's failure."""
    try:
        return check()
    except GitHubRefused as error:
        return _refused(name, error)


def _refused(name: str, error: GitHubRefused) -> Check:
    return failed(
        name,
        f"could not check: {error}",
        "give the token what the message names (the Doctor workflow's job asks for each)",
    )
