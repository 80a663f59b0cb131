"""What an upgrade says: to the organiser at the command line, and in the update pull request.

Pure text from the upgrade's decisions (commands/upgrade.py makes them).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from unmentoring.core import texts
from unmentoring.core.releases import Entry, Release
from unmentoring.core.upgrade import Clash, Owner

# GitHub's limit on a pull request's description is 65,536 characters; some room is kept.
BODY_LIMIT = 60_000


@dataclass(frozen=True)
class Outcome:
    """One file's part in an upgrade, as said."""

    path: str
    how: str  # updated, added, removed, merged, migrated, kept


@dataclass(frozen=True)
class Conflicted:
    """A file the upgrade could not merge: why, and around which line."""

    path: str
    owner: Owner
    clash: Clash
    line: int | None = None


@dataclass(frozen=True)
class Workflow:
    """A workflow file the release changes, which the organiser changes by hand."""

    path: str
    link: str  # the release's version of the file, when the scheme's was the template's
    text: str | None  # the merged text to paste, when the organiser had edited the file
    removed: bool = False  # the release removes the file
    added: bool = False  # the release adds it
    merged_too_long: bool = False  # merged with the organiser's edits, but too long to show
    differs: bool = False  # the scheme's file is not its release's, and would not merge


def what_to_do(conflicted: Conflicted, release: Release, link: str) -> str:
    """The file, what went wrong, and the way out, for an organiser."""
    where = f" (around line {conflicted.line})" if conflicted.line else ""
    again = "run the upgrade again (Actions > Upgrade > Run workflow)"
    template = conflicted.owner is not Owner.ORGANISER
    match conflicted.clash:
        case Clash.LINES if template:
            said = (
                f"this file is the template's, and it was changed here{where} where release "
                f"{release} changes it too. Put it back as your current release has it, {again}, "
                f"then make your change again if you still need it. Release {release}'s "
                f"version: {link}"
            )
        case Clash.LINES:
            said = (
                f"you and release {release} both changed the same lines{where}. Make those lines "
                f"as release {release} has them ({link}), {again}, then make your change again"
            )
        case Clash.BOTH_ADDED:
            said = (
                f"release {release} adds this file, and you have one of the same name. Rename "
                f"yours (or delete it if it is an old copy), {again}, then compare the two"
            )
        case Clash.YOU_REMOVED:
            said = (
                f"you removed this file, and release {release} changes it. Put it back from "
                f"{link}, then {again}"
            )
        case Clash.RELEASE_REMOVES:
            said = (
                f"release {release} removes this file, and it was changed here. Copy anything "
                f"you want to keep, delete the file, then {again}"
            )
        case _:
            said = (
                f"you and release {release} both changed this file, and it is not text. Put "
                f"it back as your current release has it, {again}, then change it again"
            )
    return f"{conflicted.path}: {said}."


def summary(
    current: Release, target: Release, outcomes: Sequence[Outcome], *, dry_run: bool
) -> list[str]:
    verb = "Would upgrade" if dry_run else "Upgraded"
    lines = [f"{verb} from release {current} to {target}:"]
    width = max((len(o.how) for o in outcomes), default=0)
    lines += [f"  {o.how.ljust(width)}  {o.path}" for o in outcomes]
    if not outcomes:
        lines.append("  no file changes")
    return lines


def notes(entries: Sequence[Entry]) -> list[str]:
    """The "Upgrading" notes of the releases passed, oldest first."""
    found = [e for e in entries if e.upgrading]
    if not found:
        return []
    lines = ["", "What you need to do (from the changelog):"]
    for entry in found:
        lines.append(f"  Release {entry.release}:")
        lines += [f"    {line}" if line else "" for line in entry.upgrading.splitlines()]
    return lines


def workflow_steps(workflows: Sequence[Workflow], current: Release, target: Release) -> list[str]:
    """What the organiser does for each workflow file the release changes (GitHub lets only a
    person, or an App with the Workflows permission, change them), numbered."""
    if not workflows:
        return []
    count = "1 workflow file" if len(workflows) == 1 else f"{len(workflows)} workflow files"
    lines = ["", texts.UPGRADE_WORKFLOWS.fill(target=target, count=count), ""]
    for index, workflow in enumerate(workflows, 1):
        lines += _workflow_step(index, workflow, current, target)
    return lines


def _workflow_step(index: int, workflow: Workflow, current: Release, target: Release) -> list[str]:
    name = workflow.path.rsplit("/", 1)[-1]
    if workflow.removed:
        return [texts.UPGRADE_WORKFLOW_REMOVED.fill(index=index, path=workflow.path)]
    if workflow.added:
        step = texts.UPGRADE_WORKFLOW_ADDED.fill(
            index=index, name=name, target=target, link=workflow.link
        )
        return [step]
    if workflow.differs:
        what = texts.UPGRADE_WORKFLOW_DIFFERS.fill(
            target=target, link=workflow.link, current=current
        )
    elif workflow.merged_too_long:
        what = texts.UPGRADE_WORKFLOW_MERGE_BY_HAND.fill(target=target, link=workflow.link)
    elif workflow.text is None:
        what = texts.UPGRADE_WORKFLOW_LINK.fill(target=target, link=workflow.link)
    else:
        what = texts.UPGRADE_WORKFLOW_BELOW.fill(target=target, link=workflow.link)
    lines = [texts.UPGRADE_WORKFLOW_STEP.fill(index=index, path=workflow.path, what=what)]
    if workflow.text is not None and not workflow.merged_too_long:
        lines += [
            "",
            f"<details><summary>{workflow.path}</summary>",
            "",
            "```yaml",
            workflow.text.rstrip("\n"),
            "```",
            "",
            "</details>",
            "",
        ]
    return lines


def pull_request_title(target: Release) -> str:
    return texts.UPGRADE_TITLE.fill(target=target)


@dataclass(frozen=True)
class Proposal:
    """What the update pull request proposes."""

    current: Release
    target: Release
    entries: Sequence[Entry]  # the changelog's, of the releases passed
    outcomes: Sequence[Outcome]  # the files it changes
    workflows: Sequence[Workflow]  # the workflow files the organiser changes by hand
    source: str
    # Opened with a GitHub App's token, whose pull requests start workflows (GITHUB_TOKEN's do
    # not: https://docs.github.com/en/actions/security-for-github-actions/security-guides/automatic-token-authentication#using-the-github_token-in-a-workflow).
    checks_start: bool


def pull_request_body(proposal: Proposal) -> str:
    """The pull request's description. GitHub refuses one longer than 65,536 characters (422
    "body is too long"): past ``BODY_LIMIT``, the workflow files' merged texts give way to
    links, then the changelog to a pointer to it."""
    body = _body(proposal)
    if len(body) > BODY_LIMIT:
        linked = [
            replace(w, text=None, merged_too_long=w.text is not None) for w in proposal.workflows
        ]
        proposal = replace(proposal, workflows=linked)
        body = _body(proposal)
    if len(body) > BODY_LIMIT:
        body = _body(replace(proposal, entries=()))
    return body[:BODY_LIMIT]


def _body(proposal: Proposal) -> str:
    current, target, entries = proposal.current, proposal.target, proposal.entries
    outcomes, workflows, source = proposal.outcomes, proposal.workflows, proposal.source
    checks = "" if proposal.checks_start else texts.UPGRADE_CHECKS_BY_HAND.fill()
    lines = [
        texts.UPGRADE_INTRO.fill(current=current, target=target, source=source, checks=checks),
        *workflow_steps(workflows, current, target),
    ]
    upgrading = [e for e in entries if e.upgrading]
    if upgrading:
        lines += ["", texts.UPGRADE_TO_DO.fill(), ""]
        for entry in upgrading:
            lines += [
                texts.UPGRADE_RELEASE_TO_DO.fill(release=entry.release),
                "",
                entry.upgrading,
                "",
            ]
    lines += ["", texts.UPGRADE_CHANGED.fill(), ""]
    if not entries:
        lines += [texts.UPGRADE_SEE_CHANGELOG.fill(target=target), ""]
    for entry in entries:
        lines += [
            texts.UPGRADE_RELEASE.fill(release=entry.release, date=entry.date),
            "",
            entry.text,
            "",
        ]
    lines += [f"<details><summary>{texts.UPGRADE_FILES.fill()}</summary>", ""]
    lines += [texts.UPGRADE_FILE.fill(how=o.how, path=o.path) for o in outcomes]
    lines += ["", "</details>", ""]
    return "\n".join(lines)
