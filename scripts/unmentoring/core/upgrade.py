"""What upgrading a scheme to a later release does to each file: decided, not yet done.

A scheme is a copy of the template. An upgrade replays the template's change between the
scheme's release (the *base*) and the target (*theirs*) onto the scheme's files (*ours*), file by
file, as a three-way merge. As copier's ``copier update`` does
(https://copier.readthedocs.io/en/stable/updating/), the base is the template as the scheme
received it, so a line the organiser changed and the release did not is kept, and a line the
release changed and the organiser did not is taken:

- release did not change the file: ours stays, whatever it is;
- ours is the base's (untouched by the organiser): theirs is taken (added, updated, removed);
- both changed it: the lines are merged (``Merge``, carried out by gitops/upstream.py), and lines
  both changed are a conflict.

``participants/`` and ``rounds/`` are the scheme's data: never merged. A release that changes
their format declares a migration (core/migrations.py) that the upgrade runs on them.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass


class Owner(enum.Enum):
    """Whose a file is (store/paths.py says which are which)."""

    DATA = "data"
    WORKFLOW = "workflow"  # the template's, and GITHUB_TOKEN may not push it
    TEMPLATE = "template"  # code, tests, docs, site templates: they follow the template
    ORGANISER = "organiser"  # the scheme's settings, pages and forms' wording


@dataclass(frozen=True)
class Version:
    """A file's content and whether it is executable (the only mode git keeps)."""

    content: bytes
    executable: bool = False

    @property
    def is_text(self) -> bool:
        if b"\0" in self.content[:8000]:
            return False
        try:
            self.content.decode("utf-8")
        except UnicodeDecodeError:
            return False
        return True


Files = Mapping[str, Version]


@dataclass(frozen=True)
class Take:
    """Write the release's version: ``added`` (new), or ``updated`` (ours was the base's)."""

    path: str
    version: Version
    how: str  # "added" or "updated"


@dataclass(frozen=True)
class Remove:
    """The release removed a file the organiser had not changed."""

    path: str


@dataclass(frozen=True)
class Merge:
    """Both sides changed a text file: merge its lines."""

    path: str
    base: Version
    ours: Version
    theirs: Version


class Clash(enum.Enum):
    """Why a file cannot be upgraded alone; each has its own way out (core/upgrade_report.py)."""

    LINES = "both changed the same lines"
    BOTH_ADDED = "the release adds a file the scheme has already"
    YOU_REMOVED = "the scheme removed a file the release changes"
    RELEASE_REMOVES = "the release removes a file the scheme changed"
    NOT_TEXT = "both changed a file that is not text"


@dataclass(frozen=True)
class Conflict:
    """A file the upgrade cannot decide alone; nothing is written while there is one."""

    path: str
    clash: Clash


@dataclass(frozen=True)
class Kept:
    """An organiser's choice that the release's change does not override (said, not written)."""

    path: str
    why: str


Step = Take | Remove | Merge | Conflict | Kept


OwnerOf = Callable[[str], Owner]


def plan(base: Files, ours: Files, theirs: Files, owner_of: OwnerOf) -> list[Step]:
    """Every file's step, by path. Files only the scheme has (and the data) are left alone."""
    steps: list[Step] = []
    for path in sorted(set(base) | set(theirs)):
        owner = owner_of(path)
        if owner is Owner.DATA:
            continue
        step = _step(path, owner, base.get(path), ours.get(path), theirs.get(path))
        if step is not None:
            steps.append(step)
    return steps


def _step(
    path: str, owner: Owner, base: Version | None, ours: Version | None, theirs: Version | None
) -> Step | None:
    if theirs == base or ours == theirs:
        return None  # the release left it alone, or the scheme has it already
    if ours == base:  # the organiser left it alone: follow the release
        if theirs is None:
            return Remove(path)
        return Take(path, theirs, "added" if base is None else "updated")
    # Both changed it, differently.
    if base is None:
        return Conflict(path, Clash.BOTH_ADDED)
    if ours is None:
        if owner is Owner.ORGANISER:
            return Kept(path, "you removed it; the release changed it, and it stays removed")
        return Conflict(path, Clash.YOU_REMOVED)
    if theirs is None:
        return Conflict(path, Clash.RELEASE_REMOVES)
    if ours.content == base.content and theirs.content == base.content:
        return Take(path, theirs, "updated")  # only the mode changed, on both sides
    if not (base.is_text and ours.is_text and theirs.is_text):
        return Conflict(path, Clash.NOT_TEXT)
    return Merge(path, base, ours, theirs)


def changed_requirements(ours: str, theirs: str) -> str:
    """The requirements (pip-compile's blocks: a ``name==version`` line and its indented
    ``--hash`` lines) of ``theirs`` that ``ours`` lacks or pins otherwise; "" when none."""
    known = set(_requirement_blocks(ours))
    return "".join(block for block in _requirement_blocks(theirs) if block not in known)


def _requirement_blocks(text: str) -> list[str]:
    blocks: list[str] = []
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if line[:1].isspace() and blocks:
            if not stripped.startswith("#"):  # "# via" notes do not change what is installed
                blocks[-1] += line
        elif stripped and not stripped.startswith("#"):
            blocks.append(line)
    return blocks
