"""The scheme's data as it was when a round was drawn, read from git history without a checkout.

Git is the database, so its history says what the draw saw: the round file is committed on its
own (the monthly workflow commits only ``rounds/``), so the data the draw read is the tree of
the round commit's parent. A shallow clone (``--depth``) may lack that commit: its oldest commit
looks as if it added every file, so a shallow clone is used only when the commit that added the
round and that commit's parent are both in it. The code that drew the round is read the same
way, from the commit that added the round file (``extract``). Only read-only git commands are
used (rev-parse, log, rev-list, diff-tree, ls-tree, cat-file): the working tree and the index
are never touched.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from unmentoring.core import months, releases
from unmentoring.core.problems import Refused
from unmentoring.core.releases import Release
from unmentoring.core.stats import Departure
from unmentoring.gitops import git
from unmentoring.store import paths, yamlfile
from unmentoring.store.paths import PARTICIPANTS, PYPROJECT, ROUNDS, SCHEME

log = logging.getLogger(__name__)

DATA_PATHS = (PARTICIPANTS, ROUNDS, SCHEME)
_BLOB_MODES = (b"100644", b"100755")


@dataclass(frozen=True)
class Snapshot:
    """A commit whose data may be what a round's draw read, and why it is a candidate."""

    commit: str
    date: str  # the commit's date, YYYY-MM-DD
    why: str

    @property
    def short(self) -> str:
        return self.commit[:7]


@dataclass(frozen=True)
class Commit:
    """A commit, as the check names it."""

    commit: str
    date: str  # the commit's date, YYYY-MM-DD
    subject: str

    @property
    def short(self) -> str:
        return self.commit[:7]


@dataclass(frozen=True)
class Change(Commit):
    """A commit that changed a round file after it was added: the file's bytes before and after."""

    before: bytes | None  # None: the file was not there
    after: bytes | None


@dataclass(frozen=True)
class NotInGit:
    """Why the git history cannot be used, in words for the command's output."""

    reason: str


def snapshots(root: Path, month: str) -> list[Snapshot] | NotInGit:
    """Commits whose data may be what round ``month`` was drawn from, the likeliest first.

    First the parent of the commit that added ``rounds/<month>.yaml`` (the workflow's case).
    Then, for a round commit that was rebased before it was pushed (its author date is earlier
    than its commit date), the newest commit it could have been made on. Then the round commit
    itself, when it also changed data (a round drawn by hand and committed with other files).
    Then the parents of earlier additions of the file, if it was deleted and added again.
    """
    try:
        found = git.run(root, "rev-parse", "--is-inside-work-tree", check=False)
    except git.GitFailed as error:  # no git, or no such folder
        return NotInGit(f"{root} is not a git work tree ({error})")
    if not found.ok or found.stdout.strip() != "true":
        said = found.stderr.strip().splitlines()
        return NotInGit(f"{root} is not a git work tree ({said[0] if said else 'git said no'})")
    round_path = paths.round_file(month)
    log_lines = git.text(
        root,
        "log",
        "--no-renames",
        "--diff-filter=A",
        "--format=%H%x09%P%x09%at%x09%ct",
        "--",
        round_path,
    ).splitlines()
    if not log_lines:
        return NotInGit(f"{round_path} is not committed")
    additions = [line.split("\t") for line in log_lines]
    result: list[str] = []
    why: dict[str, str] = {}

    def add(commit: str, reason: str) -> None:
        if commit not in why:
            result.append(commit)
            why[commit] = reason

    commit, parents, authored, committed = additions[0]
    parent = parents.split(" ")[0] if parents else None
    if _is_shallow(root) and not _has_its_parents(root, commit, parent):
        raise Refused(
            f"cannot check round {month}: this clone is shallow (made with --depth), so the data "
            "the round was drawn from may be missing: run `git fetch --unshallow` and check again"
        )
    if parent is None:
        add(commit, f"the first commit, which added {round_path}")
    else:
        add(parent, f"the commit before {round_path} was added")
        if int(authored) < int(committed):
            earlier = git.text(
                root, "rev-list", "-1", "--first-parent", f"--before={authored}", parent
            ).strip()
            if earlier:
                add(earlier, f"the newest commit when {round_path} was first committed")
        if _changes_other_data(root, commit, round_path):
            add(commit, f"the commit that added {round_path} (it changed other data too)")
    for _added, parents, _, _ in additions[1:]:
        if parents:
            add(parents.split(" ")[0], f"the commit before an earlier {round_path} was added")
    return [
        Snapshot(c, git.text(root, "show", "-s", "--format=%cs", c).strip(), why[c]) for c in result
    ]


def participants_ever(root: Path) -> set[str] | NotInGit:
    """Every login that ever had a participant file (committed, or there now), lowercased."""
    found = git.run(root, "rev-parse", "--is-inside-work-tree", check=False)
    if not found.ok or found.stdout.strip() != "true":
        return NotInGit(f"{root} is not a git work tree")
    if _is_shallow(root):
        return NotInGit(f"{root} is a shallow clone")
    listed = git.run(
        root,
        "log",
        "--format=",
        "--name-only",
        "--no-renames",
        "-z",
        "--relative",
        "--",
        paths.PARTICIPANTS,
        check=False,
    ).stdout
    names = {name for name in listed.replace("\n", "\0").split("\0") if name}
    names |= {
        paths.in_folder(paths.PARTICIPANTS, file.name)
        for file in paths.at(root, paths.PARTICIPANTS).glob("*.yaml")
    }
    return {login.lower() for name in names if (login := paths.login_of(name))}


def departures(root: Path) -> list[Departure] | NotInGit:
    """Every participant file deleted in the history up to HEAD (leaving deletes one), oldest
    first, with the month of the commit that deleted it and the ``joined`` month it held.

    A rename is not a leave (git's rename detection pairs it with the file it became). A shallow
    clone hides the deletions before its oldest commit, so it is refused (``NotInGit``) rather
    than counting no one as having left.
    """
    found = git.run(root, "rev-parse", "--is-inside-work-tree", check=False)
    if not found.ok or found.stdout.strip() != "true":
        return NotInGit(f"{root} is not a git work tree")
    if _is_shallow(root):
        return NotInGit(f"{root} is a shallow clone (fetch its whole history to count leaves)")
    if not git.run(root, "rev-parse", "--verify", "-q", "HEAD", check=False).ok:
        return NotInGit(f"{root} has no commits yet")
    # A scheme folder inside some other repository, never committed, has no history of its own.
    if not git.text(root, "log", "-1", "--format=%H", "--", paths.PARTICIPANTS).strip():
        return NotInGit(f"{paths.PARTICIPANTS}/ has never been committed")
    # --raw names each deleted file's last blob, so it is read without walking any tree.
    listed = git.text(
        root,
        "log",
        "--reverse",
        "--diff-filter=D",
        "--find-renames",
        "--relative",
        "--raw",
        "--no-abbrev",
        "--format=%x00%cs",
        "--",
        paths.PARTICIPANTS,
    )
    gone: list[tuple[str, str]] = []  # (month left, the deleted file's blob)
    for entry in listed.split("\0")[1:]:
        day, *changes = entry.strip("\n").split("\n")
        for change in changes:
            meta, _, name = change.partition("\t")
            fields = meta.split(" ")  # :old-mode new-mode old-blob new-blob D
            if len(fields) == 5 and fields[4] == "D" and paths.login_of(name):
                gone.append((day[:7], fields[2]))
    texts = _blobs(root, [blob for _, blob in gone])
    return [
        Departure(left=left, joined=_joined_month(text))
        for (left, _), text in zip(gone, texts, strict=True)
    ]


def _joined_month(text: bytes | None) -> str | None:
    """The ``joined`` month of a deleted participant file, or None if it does not say."""
    if text is None:
        return None
    document, _ = yamlfile.read_bytes(text, "deleted participant file")
    data = document.data if document else None
    joined = data.get("joined") if isinstance(data, dict) else None
    return joined[:7] if isinstance(joined, str) and months.is_month(joined[:7]) else None


def later_changes(root: Path, month: str) -> list[Change]:
    """Commits since ``rounds/<month>.yaml`` was (last) added that changed it, oldest first."""
    round_path = paths.round_file(month)
    added = added_in(root, month)
    if added is None:
        return []
    found = git.text(
        root,
        "log",
        "--no-renames",
        "--format=%H%x09%P%x09%cs%x09%s",
        f"{added}..HEAD",
        "--",
        round_path,
    ).splitlines()
    commits = [line.split("\t", 3) for line in reversed(found)]
    # Blob names are relative to the top of the work tree; the scheme may be in a subfolder.
    path = git.text(root, "rev-parse", "--show-prefix").strip() + round_path
    names: list[str] = []
    for commit, parents, _, _ in commits:
        names += [f"{parents.split(' ')[0]}:{path}" if parents else "", f"{commit}:{path}"]
    texts = _blobs(root, names)
    return [
        Change(commit, date, subject, texts[2 * i], texts[2 * i + 1])
        for i, (commit, _, date, subject) in enumerate(commits)
    ]


def committed_text(root: Path, month: str) -> bytes | None:
    """``rounds/<month>.yaml`` as committed in HEAD (None if it is not there)."""
    path = git.text(root, "rev-parse", "--show-prefix").strip() + paths.round_file(month)
    return _blobs(root, [f"HEAD:{path}"])[0]


def materialise(root: Path, commit: str, into: Path) -> None:
    """Write participants/, rounds/ and scheme.yaml as they were at ``commit`` under ``into``."""
    extract(root, commit, DATA_PATHS, into)


def extract(root: Path, commit: str, folders: tuple[str, ...], into: Path) -> int:
    """Write the files under ``folders`` (relative to ``root``) as they were at ``commit`` under
    ``into``, keeping their paths; return how many were written (0: none were there)."""
    listing = git.run(root, "ls-tree", "-r", "-z", commit, "--", *folders).output
    wanted: list[tuple[bytes, PurePosixPath]] = []
    for entry in listing.split(b"\0"):
        if not entry:
            continue
        meta, _, listed = entry.partition(b"\t")
        mode, kind, oid = meta.split(b" ")
        if kind == b"blob" and mode in _BLOB_MODES:  # symbolic links are not data
            wanted.append((oid, PurePosixPath(os.fsdecode(listed))))
    if not wanted:
        return 0
    for (_, name), content in zip(wanted, blobs(root, wanted, commit), strict=True):
        if name.is_absolute() or ".." in name.parts:
            raise Refused(f"commit {commit[:7]} has a file with an unsafe name: {name}")
        file = into.joinpath(*name.parts)
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_bytes(content)
    return len(wanted)


def blobs(root: Path, wanted: Sequence[tuple[bytes, object]], commit: str) -> list[bytes]:
    """The contents of the blobs ``(id, name)`` of ``commit``, read in one `git cat-file`."""
    batch = git.run(root, "cat-file", "--batch", stdin=b"".join(oid + b"\n" for oid, _ in wanted))
    contents, at = batch.output, 0
    found: list[bytes] = []
    for oid, name in wanted:
        header_end = contents.index(b"\n", at)
        header = contents[at:header_end].split(b" ")
        if header[0] != oid or len(header) != 3:
            raise Refused(f"git could not read {name} at commit {commit[:7]}: {header!r}")
        start = header_end + 1
        size = int(header[2])
        found.append(contents[start : start + size])
        at = start + size + 1
    return found


def release_at(root: Path, commit: str) -> Release | None:
    """The release the scheme ran at ``commit`` (its pyproject.toml's version), if it says."""
    text = _blobs(root, [f"{commit}:{PYPROJECT}"])[0]
    return None if text is None else releases.of_pyproject(text.decode("utf-8", "replace"))


def added_in(root: Path, month: str) -> str | None:
    """The commit that (last) added ``rounds/<month>.yaml``: the code in it drew the round."""
    round_path = paths.round_file(month)
    added = git.text(
        root, "log", "-1", "--no-renames", "--diff-filter=A", "--format=%H", "--", round_path
    ).strip()
    return added or None


def changed_under(root: Path, commit: str, folder: str) -> bool:
    """Whether ``commit`` changed (or, as a first commit, added) files under ``folder``."""
    changed = git.text(
        root,
        "diff-tree",
        "-r",
        "--root",
        "--no-commit-id",
        "--name-only",
        "--relative",
        "-z",
        commit,
        "--",
        folder,
    )
    return bool(changed.strip("\0"))


def changes_since(root: Path, commit: str, folder: str) -> list[Commit]:
    """The commits after ``commit``, up to HEAD, that changed files under ``folder``, oldest
    first."""
    found = git.text(
        root, "log", "--reverse", "--format=%H%x09%cs%x09%s", f"{commit}..HEAD", "--", folder
    ).splitlines()
    return [Commit(*line.split("\t", 2)) for line in found]


def _is_shallow(root: Path) -> bool:
    return git.text(root, "rev-parse", "--is-shallow-repository").strip() == "true"


def _has_its_parents(root: Path, commit: str, parent: str | None) -> bool:
    """Whether ``commit`` and its first parent are in this (shallow) clone.

    Git hides the parents of a shallow clone's oldest commits, so such a commit looks like a
    first commit that added every file; the commit object itself still names its parents.
    """
    if parent is not None:
        return _blobs(root, [parent], kind=b"commit")[0] is not None
    raw = git.run(root, "cat-file", "commit", commit).output
    header = raw.split(b"\n\n", 1)[0]
    return not any(line.startswith(b"parent ") for line in header.split(b"\n"))


def _blobs(root: Path, names: list[str], kind: bytes = b"blob") -> list[bytes | None]:
    """The contents of each named object (``commit:path``), None for "" or a missing one."""
    asked = [name for name in names if name]
    if not asked:
        return [None] * len(names)
    contents = git.run(
        root, "cat-file", "--batch", stdin="".join(f"{name}\n" for name in asked).encode()
    ).output
    found: dict[str, bytes | None] = {}
    at = 0
    for name in asked:
        header_end = contents.index(b"\n", at)
        header = contents[at:header_end].split(b" ")
        at = header_end + 1
        if len(header) != 3 or not header[2].isdigit():  # "<name> missing" or "ambiguous"
            found[name] = None
            continue
        size = int(header[2])
        found[name] = contents[at : at + size] if header[1] == kind else None
        at += size + 1
    return [found[name] if name else None for name in names]


def _changes_other_data(root: Path, commit: str, round_path: str) -> bool:
    changed = git.text(
        root,
        "diff-tree",
        "-r",
        "--root",
        "--no-commit-id",
        "--name-only",
        "--no-renames",
        "--relative",
        "-z",
        commit,
        "--",
        *DATA_PATHS,
    ).split("\0")
    return any(path and path != round_path for path in changed)


def deleted_since(root: Path, commit: str, folder: str) -> list[str]:
    """The names of the files under ``folder`` that are gone at HEAD but were there at
    ``commit`` (deleted since, by any number of commits or merges), sorted."""
    found = git.text(
        root,
        "diff",
        "--name-only",
        "--diff-filter=D",
        "--relative",
        "-z",
        commit,
        "HEAD",
        "--",
        folder,
    )
    return sorted(PurePosixPath(name).name for name in found.split("\0") if name)


def deleted_within(root: Path, since: dt.datetime, folder: str) -> list[str]:
    """The names of the files under ``folder`` that a commit dated ``since`` or later deleted
    (on any branch merged into HEAD) and that are still gone at HEAD, sorted."""
    found = git.text(
        root,
        "log",
        f"--since={since.isoformat()}",
        "--diff-filter=D",
        "--name-only",
        "--format=",
        "--relative",
        "-z",
        "HEAD",
        "--",
        folder,
    )
    gone = {name for name in found.replace("\n", "\0").split("\0") if name}
    return sorted(PurePosixPath(name).name for name in gone if not (root / name).exists())
