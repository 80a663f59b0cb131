"""Recording the pairing issues' numbers in the round file: as they come, or pushed at the end.

``announce`` tells a record every number it learns. ``LocalRecord`` writes them into the working
tree's round file as they come (a few writes a second at most). ``PushRecord`` collects them
and ``land``s them in one commit on top of the branch's newest commit, retried when someone
else pushed first. A number that never reaches the round file (a killed run) is not lost: the
next run finds the issue again by the marker in its body.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Protocol

from unmentoring.core import changes
from unmentoring.core.model import Round
from unmentoring.core.pairing_issue import Marker
from unmentoring.gitops import landing
from unmentoring.store import repository, rounds

log = logging.getLogger(__name__)


def with_numbers(drawn: Round, numbers: Mapping[Marker, int]) -> Round:
    """``drawn`` with issue numbers set for the groups that have none yet."""
    return changes.with_issues(drawn, {marker.key: number for marker, number in numbers.items()})


class Record(Protocol):
    """Where the issue numbers go as announce learns them."""

    numbers: dict[Marker, int]

    def __call__(self, numbers: Mapping[Marker, int]) -> None: ...

    def flush(self) -> None: ...


class LocalRecord:
    """Writes the numbers into the round file (atomically) as they come.

    Writes are at least ``min_gap`` seconds apart, so a fast run (no write spacing) does not
    rewrite a large round file for every issue; with GitHub's spacing of a second between
    creations every number is written at once. ``flush`` writes what is left.
    """

    def __init__(
        self,
        root: Path,
        drawn: Round,
        *,
        min_gap: float = 0.5,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.root = root
        self.drawn = drawn
        self.numbers: dict[Marker, int] = {}
        self.min_gap = min_gap
        self.clock = clock
        self._written_at: float | None = None
        self._pending = False

    def __call__(self, numbers: Mapping[Marker, int]) -> None:
        self.numbers.update(numbers)
        self.drawn = with_numbers(self.drawn, numbers)
        self._pending = True
        if self._written_at is None or self.clock() - self._written_at >= self.min_gap:
            self.flush()

    def flush(self) -> None:
        if self._pending:
            repository.write_round(self.root, self.drawn)
            self._written_at = self.clock()
            self._pending = False


class PushRecord:
    """Collects the numbers, to land them in one commit at the end (see ``land``)."""

    def __init__(self) -> None:
        self.numbers: dict[Marker, int] = {}

    def __call__(self, numbers: Mapping[Marker, int]) -> None:
        self.numbers.update(numbers)

    def flush(self) -> None:
        pass


def land(
    root: Path,
    month: str,
    numbers: Mapping[Marker, int],
    *,
    remote: str,
    committer: landing.Identity | None = None,
) -> str | None:
    """Commit the numbers on top of the branch's newest commit and push; retried on races.

    Each attempt re-reads the round file from the fresh checkout and adds only missing numbers,
    so outcomes recorded meanwhile by comment commands are kept.
    """

    def make_change(checkout: Path) -> landing.Commit | None:
        fresh = rounds.read_round(checkout, month)
        updated = with_numbers(fresh, numbers)
        if updated == fresh:
            return None
        written = repository.write_round(checkout, updated)
        added = sum(1 for a, b in zip(fresh.groups, updated.groups, strict=True) if a != b)
        return landing.Commit(
            message=f"Round {month}: record {added} pairing issue number(s)",
            paths=(written.relative_to(checkout).as_posix(),),
        )

    return landing.land(
        root, make_change, base=landing.base_branch(root), remote=remote, identity=committer
    )
