"""Releases of the template: their numbers, and what the changelog says about each.

A release is a semantic version (https://semver.org): ``MAJOR.MINOR.PATCH``, tagged ``vX.Y.Z``
in the template's repository. A scheme runs the release in its own ``pyproject.toml``, which an
upgrade changes with the rest of the template's files. CHANGELOG.md follows Keep a Changelog
(https://keepachangelog.com/en/1.1.0/): one ``## [X.Y.Z] - YYYY-MM-DD`` section a release,
newest first, after an ``## [Unreleased]`` one; a release that needs an organiser to act has an
``### Upgrading`` subsection, which the update pull request shows.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass

# Pre-releases and build metadata are not releases a scheme upgrades to.
_VERSION = re.compile(r"v?(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)")
_HEADING = re.compile(r"^## \[([^\]]+)\](?: - (\d{4}-\d{2}-\d{2}))?\s*$")
UPGRADING = "### Upgrading"


@dataclass(frozen=True, order=True)
class Release:
    """A release's number; releases sort as semantic versions do."""

    major: int
    minor: int
    patch: int

    @classmethod
    def parse(cls, text: str) -> Release | None:
        """``1.2.3`` or the tag ``v1.2.3``; None for anything else (a pre-release included)."""
        found = _VERSION.fullmatch(text.strip())
        if found is None:
            return None
        major, minor, patch = (int(part) for part in found.groups())
        return cls(major, minor, patch)

    @property
    def tag(self) -> str:
        return f"v{self}"

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}.{self.patch}"


def of_pyproject(text: str) -> Release | None:
    """The release a ``pyproject.toml`` names (``version`` under ``[project]``); None if none."""
    try:
        version = tomllib.loads(text).get("project", {}).get("version")
    except tomllib.TOMLDecodeError:
        return None
    return Release.parse(str(version or ""))


def latest(tags: Iterable[str]) -> Release | None:
    """The newest release among git tag names (``v1.2.3``); other tags are not releases."""
    releases = [release for tag in tags if (release := Release.parse(tag)) and tag.startswith("v")]
    return max(releases, default=None)


@dataclass(frozen=True)
class Entry:
    """One release's section of the changelog."""

    release: Release
    date: str
    text: str  # the section's Markdown, without its heading and its "Upgrading" part
    upgrading: str  # its "Upgrading" subsection's Markdown, without the heading; "" if none


def entries(changelog: str) -> list[Entry]:
    """The released sections of a Keep a Changelog file, as written (newest first)."""
    found: list[Entry] = []
    heading: tuple[Release, str] | None = None
    lines: list[str] = []

    def close() -> None:
        if heading is not None:
            found.append(_entry(*heading, lines))

    for line in changelog.splitlines():
        match = _HEADING.match(line)
        if match is None:
            if line.startswith("## "):  # a section that is not a release ends the last one
                close()
                heading, lines = None, []
            else:
                lines.append(line)
            continue
        close()
        release = Release.parse(match.group(1))
        heading = (release, match.group(2) or "") if release else None
        lines = []
    close()
    return found


def _entry(release: Release, date: str, lines: list[str]) -> Entry:
    changes: list[str] = []
    upgrading: list[str] = []
    inside = False
    for line in lines:
        if line.startswith("### "):
            inside = line.strip() == UPGRADING
        if inside:
            if not line.startswith("### "):
                upgrading.append(line)
        else:
            changes.append(line)
    return Entry(release, date, "\n".join(changes).strip(), "\n".join(upgrading).strip())


def between(found: Iterable[Entry], after: Release, upto: Release) -> list[Entry]:
    """The entries of the releases after ``after`` up to ``upto``, oldest first: the order an
    organiser acts on their "Upgrading" notes."""
    return sorted((e for e in found if after < e.release <= upto), key=lambda e: e.release)
