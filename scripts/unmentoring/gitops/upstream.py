"""The template's repository (a scheme's ``upstream``), read with git: its releases, and the
files of one of them; and the line-by-line merge of a file both sides changed.

Git reads a GitHub repository, another git host or a folder alike, without the GitHub API (and
so without its hourly budget) and without a token for a public template.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from unmentoring.core.problems import Refused
from unmentoring.core.releases import Release, latest
from unmentoring.core.upgrade import Files, Version
from unmentoring.gitops import git, history

DEFAULT_SERVER = "https://github.com"
# owner/name, as GitHub spells a repository.
_OWNER_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9._-]{1,100}")
# What --ref may be: a tag or branch name, or a commit id. Never an option to git.
_REF = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/-]{0,199}")
_SHORT_COMMIT = re.compile(r"[0-9a-f]{7,39}")
# Give up on a connection that stalls, rather than hold a workflow's job.
_SLOW = ("-c", "http.lowSpeedLimit=1000", "-c", "http.lowSpeedTime=20")
# git ls-tree modes of files: regular and executable (a link or a submodule is not copied).
_MODES = {b"100644": False, b"100755": True}
# Labels on a conflict's markers, in the file an organiser opens.
LABELS = ("your version", "before the upgrade", "the release")


def location(upstream: str, server: str | None = None) -> str:
    """What git fetches from: ``owner/name`` on GitHub (``GITHUB_SERVER_URL`` when a workflow
    runs on GitHub Enterprise Server), or a git URL or folder as given."""
    upstream = upstream.strip()
    if upstream.startswith("-"):
        raise Refused(f"upstream {upstream!r} is not a repository: it must not start with '-'")
    if _OWNER_NAME.fullmatch(upstream) and not Path(upstream).is_dir():
        server = (server or os.environ.get("GITHUB_SERVER_URL") or DEFAULT_SERVER).rstrip("/")
        return f"{server}/{upstream}.git"
    return upstream


def check_ref(ref: str) -> str:
    """``ref`` as git fetches it: a release number gets its tag's ``v``; a shortened commit id
    is refused, as a server gives only whole ones."""
    if not _REF.fullmatch(ref) or ".." in ref:
        raise Refused(f"--ref {ref!r} is not a tag, branch or commit id")
    if Release.parse(ref) and not ref.startswith("v"):
        return f"v{ref}"
    if _SHORT_COMMIT.fullmatch(ref):
        raise Refused(f"--ref {ref}: give the commit's whole id (40 characters), or a tag")
    return ref


def releases(source: str) -> list[str]:
    """The tag names at ``source`` (``git ls-remote --tags``)."""
    listed = _git(
        Path.cwd(), *_SLOW, "ls-remote", "--tags", "--refs", source, what=f"read {source}"
    )
    return [
        line.split("\t", 1)[1].removeprefix("refs/tags/")
        for line in listed.splitlines()
        if "\t" in line
    ]


def latest_release(source: str) -> Release | None:
    return latest(releases(source))


def files_at(source: str, ref: str) -> tuple[str, Files]:
    """The commit ``ref`` names at ``source`` and every file in it, by path.

    A shallow fetch into a throwaway repository: one commit, whatever the template's history."""
    ref = check_ref(ref)
    with tempfile.TemporaryDirectory(prefix="unmentoring-upstream-") as folder:
        scratch = Path(folder)
        git.run(scratch, "init", "--quiet", "--bare")
        wanted = f"refs/tags/{ref}" if Release.parse(ref) and ref.startswith("v") else ref
        _git(
            scratch,
            *_SLOW,
            "fetch",
            "--quiet",
            "--depth=1",
            "--no-tags",
            source,
            wanted,
            what=f"fetch {ref} from {source}",
        )
        commit = git.text(scratch, "rev-parse", "FETCH_HEAD^{commit}").strip()
        return commit, _tree(scratch, commit)


def commit_with_tree(source: str, tree: str) -> str | None:
    """The commit of ``source``'s default branch whose files are exactly ``tree`` (a tree id),
    newest first; None if none is. Only commits are fetched (``--filter=tree:0``), no files."""
    with tempfile.TemporaryDirectory(prefix="unmentoring-upstream-") as folder:
        scratch = Path(folder)
        git.run(scratch, "init", "--quiet", "--bare")
        fetched = git.run(
            scratch,
            *_SLOW,
            "fetch",
            "--quiet",
            "--filter=tree:0",
            "--no-tags",
            source,
            "HEAD",
            check=False,
        )
        if not fetched.ok:
            return None
        listed = git.text(scratch, "log", "--format=%H %T", "FETCH_HEAD")
    return next((c for c, t in (line.split() for line in listed.splitlines()) if t == tree), None)


def _tree(root: Path, commit: str) -> dict[str, Version]:
    listing = git.run(root, "ls-tree", "-r", "-z", commit).output
    found = []
    for meta, name in _entries(listing):
        mode, kind, oid = meta.split(b" ")
        if kind == b"blob":
            found.append((mode, oid, name))
    return _files(root, found, commit)


def scheme_files(root: Path) -> dict[str, Version]:
    """The scheme's files as git stores them (its index: the checkout is clean), so that a
    checkout that turns line endings into CRLF (Git for Windows' core.autocrlf) or cannot keep
    the executable bit reads the same as the template's files."""
    listing = git.run(root, "ls-files", "-z", "--stage").output
    found = []
    for meta, name in _entries(listing):
        mode, oid, _stage = meta.split(b" ")
        found.append((mode, oid, name))
    return _files(root, found, "the index")


def _entries(listing: bytes) -> list[tuple[bytes, str]]:
    """A ``-z`` listing's entries: what comes before the tab, and the path."""
    split = (entry.partition(b"\t") for entry in listing.split(b"\0") if entry)
    return [(meta, os.fsdecode(name)) for meta, _, name in split]


def _files(root: Path, found: list[tuple[bytes, bytes, str]], where: str) -> dict[str, Version]:
    """The files ``(mode, blob id, path)`` read in one go; links and submodules are not files."""
    wanted = [(oid, path) for mode, oid, path in found if mode in _MODES]
    executable = {path: _MODES[mode] for mode, _, path in found if mode in _MODES}
    contents = history.blobs(root, wanted, where) if wanted else []
    return {
        path: Version(content, executable[path])
        for (_, path), content in zip(wanted, contents, strict=True)
    }


def merge_lines(path: str, base: Version, ours: Version, theirs: Version) -> tuple[bytes, int]:
    """The file's lines merged (``git merge-file``), and how many conflicts are left in it."""
    with tempfile.TemporaryDirectory(prefix="unmentoring-merge-") as folder:
        names = []
        for name, version in (("ours", ours), ("base", base), ("theirs", theirs)):
            (Path(folder) / name).write_bytes(version.content)
            names.append(name)
        labels = [item for label in LABELS for item in ("-L", label)]
        done = git.run(Path(folder), "merge-file", "--stdout", *labels, *names, check=False)
    if done.returncode < 0 or done.returncode > 127:
        raise Refused(f"git could not merge {path}: {done.stderr.strip()}")
    return done.output, done.returncode


def _git(root: Path, *args: str, what: str) -> str:
    done = git.run(root, *args, check=False)
    if not done.ok:
        said = done.stderr.strip().splitlines()
        raise Refused(f"could not {what}: {said[-1] if said else 'git failed'}")
    return done.stdout
