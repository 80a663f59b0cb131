"""Upgrade the scheme to a later release of the template, keeping the organiser's edits and data.

The scheme runs the release in its ``pyproject.toml``. `upgrade` reads the template's
repository (``--source``, default scheme.yaml's ``upstream``) with git, and replays the change
between that release's tag and ``--ref`` (default: the latest release) onto the scheme's files,
each as a three-way merge (core/upgrade.py). Then, on a copy of the upgraded scheme, it runs the
new release's own code: its data migrations (`migrate`), then `validate`. Only if every file
merges and the copy validates is anything written: the files, then the migrated data, then
``pyproject.toml`` last, so that a scheme an upgrade stopped half-way still names its old
release. Its changes are then uncommitted: ``git stash --include-untracked`` puts the scheme
back, and the upgrade runs again. (In the workflow, a stopped run pushed nothing.)

As copier does (https://copier.readthedocs.io/en/stable/updating/), it refuses a checkout with
uncommitted changes, so the upgrade is one reviewable change that git can undo. With ``--push``
(the *Upgrade* workflow) it commits the upgrade to the branch ``unmentoring/upgrade`` and opens
one pull request for it, or says that one is open, as actions-template-sync does
(https://github.com/AndreasAugustin/actions-template-sync).

Exit 0 upgraded (or already on the release), 1 conflicts or a refused upgrade, 2 usage.
"""

from __future__ import annotations

import argparse
import logging
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from unmentoring.core import releases, upgrade_report
from unmentoring.core import upgrade as upgrade_plan
from unmentoring.core.problems import Refused
from unmentoring.core.releases import Release
from unmentoring.core.upgrade import (
    Clash,
    Conflict,
    Files,
    Kept,
    Merge,
    Owner,
    Remove,
    Take,
    Version,
    plan,
)
from unmentoring.core.upgrade_report import Conflicted, Outcome, Workflow
from unmentoring.gitops import commit_code, git, history, upstream
from unmentoring.store import paths, repository, step_outputs
from unmentoring.store.yamlfile import write_bytes_atomically

log = logging.getLogger(__name__)

PYPROJECT = paths.PYPROJECT
CHANGELOG = paths.CHANGELOG
BRANCH = "unmentoring/upgrade"
FIRST_RELEASE = Release(1, 0, 0)
CONFLICT_MARK = b"<<<<<<< " + upstream.LABELS[0].encode()


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--source",
        metavar="GIT_URL_OR_PATH",
        help="the template's repository: owner/name on GitHub, a git URL or a folder "
        "(default: `upstream` in scheme.yaml)",
    )
    parser.add_argument(
        "--ref",
        metavar="TAG_OR_COMMIT",
        help="the release tag (vX.Y.Z) or commit to upgrade to (default: the latest release)",
    )
    what = parser.add_mutually_exclusive_group()
    what.add_argument(
        "--dry-run", action="store_true", help="list what would change, file by file; write none"
    )
    what.add_argument(
        "--push",
        action="store_true",
        help=f"commit the upgrade to the branch {BRANCH} and open a pull request for it "
        "(the Upgrade workflow)",
    )


@dataclass
class Upgrade:
    """One upgrade, decided: what to write, and what to say."""

    current: Release
    target: Release
    source: str
    link_base: str | None  # https://host/owner/name, when the source is on a GitHub host
    writes: dict[str, Version] = field(default_factory=dict)
    removes: list[str] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)
    clashes: list[Conflicted] = field(default_factory=list)
    entries: list[releases.Entry] = field(default_factory=list)
    workflows: list[Workflow] = field(default_factory=list)

    def link(self, path: str) -> str:
        if self.link_base:
            return f"{self.link_base}/blob/{self.target.tag}/{path}"
        return f"release {self.target}'s {path} in {self.source}"

    def add_migrated(self, migrated: dict[str, bytes]) -> None:
        """Write the data files the release's migrations changed, too."""
        for path, content in migrated.items():
            self.writes[path] = Version(content)
            self.outcomes.append(Outcome(path, "migrated"))

    def raw_link(self, path: str) -> str:
        if self.link_base:
            return f"{self.link_base}/raw/{self.target.tag}/{path}"
        return self.link(path)


def run(args: argparse.Namespace) -> int:
    root: Path = args.repo
    if not is_work_tree(root):
        raise Refused(
            f"{root} is not a git checkout: upgrade works on one, so that its change can be "
            "checked and undone"
        )
    if args.push:
        from unmentoring.commands import upgrade_push  # only the workflow's run talks to GitHub

        return upgrade_push.propose(root, args)
    _require_clean(root)
    decided = decide(root, args.source, args.ref or None)
    if isinstance(decided, str):
        print(decided)
        return 0
    return _report_and_apply(root, decided, dry_run=args.dry_run)


def decide(root: Path, source_given: str | None, ref: str | None) -> Upgrade | str:
    """The upgrade of the scheme at ``root``, or why there is none to make (a sentence)."""
    current = running_release(root)
    source = upstream.location(source_given or repository.load_scheme(root).upstream)
    if ref is None:
        newest = upstream.latest_release(source)
        if newest is None:
            raise Refused(f"{source} has no release tags (vX.Y.Z): give --ref")
        ref = newest.tag
    ref = upstream.check_ref(ref.strip())
    try:
        _, theirs = upstream.files_at(source, ref)
    except Refused:
        newest = upstream.latest_release(source)
        latest = f" The newest is {newest}." if newest else ""
        raise Refused(f"there is no release or commit {ref} in {source}.{latest}") from None
    target = _release_in(theirs, f"{ref} in {source}")
    if target < current:
        raise Refused(
            f"{ref} is release {target}, older than this scheme's {current}: an upgrade never "
            "goes back (git can undo an upgrade: revert its commit)"
        )
    if target == current and ref == target.tag:
        return f"this scheme runs release {current}, the one asked for: nothing to upgrade"
    if current < FIRST_RELEASE:
        raise Refused(
            f"this scheme runs {current}, from before the first release ({FIRST_RELEASE}), so "
            "there is no release to upgrade from. The changelog's entry for release "
            f"{FIRST_RELEASE} (CHANGELOG.md, Upgrading) says what to do by hand"
        )
    try:
        _, base = upstream.files_at(source, copied_from(root, source, current) or current.tag)
    except Refused as error:
        raise Refused(
            f"cannot read release {current}, the one this scheme runs, from {source} ({error}). "
            "The upgrade needs it to tell your edits from the template's changes: check "
            "`upstream` in scheme.yaml, or give --source"
        ) from None
    ours = _with_untracked(root, upstream.scheme_files(root), theirs)
    decided = Upgrade(current, target, source, _link_base(source))
    decided.entries = releases.between(
        releases.entries(_text(theirs.get(CHANGELOG))), current, target
    )
    for step in plan(base, ours, theirs, paths.owner):
        _carry(decided, step)
    return decided


def copied_from(root: Path, source: str, current: Release) -> str | None:
    """The template's commit this scheme was copied from, if it has not been upgraded since.

    "Use this template" copies the template's default branch, which may be ahead of its latest
    release; the files of the copy's first commit are then that commit's, not the release's.
    Found by its tree (the same files make the same tree id); None when the scheme was
    upgraded since (its release is then exactly a tag) or no commit matches."""
    first = git.run(root, "rev-list", "--max-parents=0", "HEAD", check=False).stdout.split()
    if len(first) != 1 or history.release_at(root, first[0]) != current:
        return None
    tree = git.text(root, "rev-parse", f"{first[0]}^{{tree}}").strip()
    return upstream.commit_with_tree(source, tree)


def running_release(root: Path) -> Release:
    """The release the scheme runs: the version in its pyproject.toml."""
    file = paths.at(root, PYPROJECT)
    try:
        found = _release_in({PYPROJECT: Version(file.read_bytes())}, PYPROJECT)
    except OSError as error:
        raise Refused(f"{PYPROJECT}: cannot be read ({error.strerror})") from None
    return found


def _release_in(files: Files, where: str) -> Release:
    found = releases.of_pyproject(_text(files.get(PYPROJECT)))
    if found is None:
        raise Refused(
            f'{where}: {PYPROJECT} has no release number (`version = "X.Y.Z"` under '
            "[project]), so the release it holds is unknown"
        )
    return found


def _carry(decided: Upgrade, step: object) -> None:
    """Add one file's step to the upgrade: merged lines carried out here, the rest as decided."""
    if isinstance(step, Merge):
        merged, conflicts = upstream.merge_lines(step.path, step.base, step.ours, step.theirs)
        if conflicts and paths.owner(step.path) is Owner.WORKFLOW:
            # Most likely a step of an earlier upgrade not done yet: never a reason to hold the
            # rest back. The organiser is asked to take the release's version.
            link = decided.raw_link(step.path)
            decided.workflows.append(Workflow(step.path, link, None, differs=True))
            decided.outcomes.append(Outcome(step.path, "for you"))
            return
        if merged == step.ours.content and step.theirs.executable == step.base.executable:
            return  # the release's change was there already
        if conflicts:
            lines = merged.split(b"\n")
            line = next(
                (i + 1 for i, text in enumerate(lines) if text.startswith(CONFLICT_MARK)), None
            )
            decided.clashes.append(Conflicted(step.path, paths.owner(step.path), Clash.LINES, line))
            return
        executable = (
            step.theirs.executable
            if step.theirs.executable != step.base.executable
            else step.ours.executable
        )
        step = Take(step.path, Version(merged, executable), "merged")
    if isinstance(step, Conflict):
        decided.clashes.append(Conflicted(step.path, paths.owner(step.path), step.clash))
    elif isinstance(step, Kept):
        decided.outcomes.append(Outcome(step.path, "kept"))
        log.info("%s: %s", step.path, step.why)
    elif isinstance(step, Take):
        decided.writes[step.path] = step.version
        decided.outcomes.append(Outcome(step.path, step.how))
        if paths.owner(step.path) is Owner.WORKFLOW:
            # Merged: the scheme's file differs from its release's, so the release's text alone
            # would undo a change (or the step of an earlier upgrade was skipped: both said).
            text = step.version.content.decode("utf-8") if step.how == "merged" else None
            link = decided.raw_link(step.path)
            added = step.how == "added"
            decided.workflows.append(Workflow(step.path, link, text, added=added))
    elif isinstance(step, Remove):
        decided.removes.append(step.path)
        decided.outcomes.append(Outcome(step.path, "removed"))
        if paths.owner(step.path) is Owner.WORKFLOW:
            decided.workflows.append(Workflow(step.path, "", None, removed=True))


def _report_and_apply(root: Path, decided: Upgrade, *, dry_run: bool) -> int:
    if decided.clashes:
        say_clashes(decided)
        return 1
    decided.add_migrated(stage_and_check(root, decided))
    for line in upgrade_report.summary(
        decided.current, decided.target, decided.outcomes, dry_run=dry_run
    ):
        print(line)
    for line in upgrade_report.notes(decided.entries):
        print(line)
    by_hand = [w for w in decided.workflows if w.differs]
    if by_hand:
        print("\nThen change these workflow files by hand:")
        for line in upgrade_report.workflow_steps(by_hand, decided.current, decided.target):
            print(f"  {line}" if line else "")
    if not dry_run:
        apply(root, decided)
        print(
            f"\nDone. Check the changes (`git diff`), then commit and push them: "
            f'"Upgrade to release {decided.target}"'
        )
    return 0


def say_clashes(decided: Upgrade) -> None:
    """Each conflicting file and what to do, on standard error and, in a workflow, in the run's
    summary, where an organiser looks."""
    lines = [
        f"Cannot upgrade from release {decided.current} to {decided.target}: "
        f"{len(decided.clashes)} file(s) conflict, and nothing was written.",
        *(
            "- " + upgrade_report.what_to_do(clash, decided.target, decided.link(clash.path))
            for clash in decided.clashes
        ),
    ]
    print("\n".join(lines), file=sys.stderr)
    step_outputs.add_to_summary("\n\n".join(lines) + "\n")


def stage_and_check(
    root: Path, decided: Upgrade, skip: frozenset[str] = frozenset()
) -> dict[str, bytes]:
    """Run the new release's migrations and `validate` on a copy of the upgraded scheme; return
    the data files the migrations changed. Refused, with what the release's code said, when
    its checks fail: then nothing is written."""
    with tempfile.TemporaryDirectory(prefix="unmentoring-upgrade-") as folder:
        staged = Path(folder) / "scheme"  # beside it: the packages its checks need
        before = upstream.scheme_files(root)
        files = dict(before)
        for path in decided.removes:
            files.pop(path, None)
        files.update({p: v for p, v in decided.writes.items() if p not in skip})
        for path, version in files.items():
            target = staged / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(version.content)
        scripts = paths.at(staged, paths.CODE).parent
        packages = _packages(before, staged, decided)
        for step in (["migrate", "--since", str(decided.current)], ["validate"]):
            done = commit_code.run_package(
                scripts, [*step, "--repo", str(staged)], packages=packages
            )
            if isinstance(done, commit_code.CannotRun):
                raise Refused(f"release {decided.target}'s `{step[0]}` could not run: {done.why}")
            if done.returncode != 0:
                said = (done.stdout + done.stderr).decode("utf-8", "replace").strip()
                raise Refused(
                    f"release {decided.target}'s `{step[0]}` found problems in the upgraded "
                    f"scheme, so nothing was written:\n{said}"
                )
        changed: dict[str, bytes] = {}
        for folder_name in (paths.PARTICIPANTS, paths.ROUNDS):
            for file in sorted((staged / folder_name).glob("*.yaml")):
                path = paths.in_folder(folder_name, file.name)
                content = file.read_bytes()
                was = files.get(path)
                if was is None or was.content != content:
                    changed[path] = content
        return changed


def _packages(before: Files, staged: Path, decided: Upgrade) -> Path | None:
    """The packages the release pins that this environment lacks (new ones, new versions),
    installed apart for its checks, exactly and hash-checked as its workflows will; None when
    it pins the same."""
    after = paths.at(staged, paths.REQUIREMENTS)
    wanted = upgrade_plan.changed_requirements(
        _text(before.get(paths.REQUIREMENTS)),
        after.read_text(encoding="utf-8") if after.is_file() else "",
    )
    if not wanted:
        return None
    folder = staged.parent / "packages"
    listed = staged.parent / "requirements.txt"
    listed.write_text(wanted, encoding="utf-8")
    command = [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    command += ["--require-hashes", "--no-deps", "--target", str(folder), "-r", str(listed)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        said = done.stderr.strip().splitlines()
        raise Refused(
            f"release {decided.target} needs packages that could not be installed here "
            f"({said[-1] if said else 'pip failed'}), so its checks could not run and nothing "
            "was written"
        )
    return folder


def apply(root: Path, decided: Upgrade, skip: frozenset[str] = frozenset()) -> list[str]:
    """Write the upgrade, ``pyproject.toml`` last; return the paths written or removed."""
    done: list[str] = []
    last = sorted(decided.writes, key=lambda path: path == PYPROJECT)
    for path in decided.removes:
        if path not in skip:
            paths.at(root, path).unlink(missing_ok=True)
            done.append(path)
    for path in last:
        if path in skip:
            continue
        version = decided.writes[path]
        write_bytes_atomically(paths.at(root, path), version.content, executable=version.executable)
        done.append(path)
    return done


def _with_untracked(root: Path, ours: Files, theirs: Files) -> Files:
    """The scheme's files, with any untracked file where the release would add one."""
    found = dict(ours)
    for path in theirs:
        file = paths.at(root, path)
        if path not in found and file.is_file():
            found[path] = Version(file.read_bytes())
    return found


def is_work_tree(root: Path) -> bool:
    done = git.run(root, "rev-parse", "--is-inside-work-tree", check=False)
    return done.ok and done.stdout.strip() == "true"


def _require_clean(root: Path) -> None:
    if git.run(root, "status", "--porcelain").stdout.strip():
        raise Refused(
            f"the git checkout at {root} has uncommitted changes: commit or stash them first, "
            "so that the upgrade is one change you can check and undo"
        )


def _link_base(source: str) -> str | None:
    for prefix in ("https://", "http://"):
        if source.startswith(prefix) and source.endswith(".git"):
            return source.removesuffix(".git")
    return None


def _text(version: Version | None) -> str:
    return version.content.decode("utf-8", "replace") if version else ""
