"""Data migrations: how a release that changes the format of participant or round files brings
a scheme's files to it.

An upgrade never merges ``participants/`` or ``rounds/``: they are the scheme's, not the
template's. A release that changes their format adds a ``Migration`` here, and `unmentoring
upgrade` runs, with the new release's own code, every migration of the releases it passes
(`unmentoring migrate`), then checks the files with that release's `validate`. As in copier's
migrations (https://copier.readthedocs.io/en/stable/configuring/#migrations), each one is tied
to the release that needs it. A migration must be idempotent: run on its own output, it changes
nothing (an upgrade stopped half-way is run again; tests/test_migrations.py checks each one).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from unmentoring.core.releases import Release

Data = dict[str, Any]


@dataclass(frozen=True)
class Migration:
    """One release's change to the data files: a function of a file's data, per kind of file."""

    release: Release  # upgrading from before it to it, or past it, runs this
    says: str  # what it does, for the upgrade's output and the pull request
    participant: Callable[[Data], Data] | None = None
    round: Callable[[Data], Data] | None = None


# Oldest first. Release 1.0.0, the first, changed no format: there is nothing to migrate yet.
MIGRATIONS: tuple[Migration, ...] = ()


def due(
    after: Release, upto: Release, migrations: tuple[Migration, ...] = MIGRATIONS
) -> list[Migration]:
    """The migrations of the releases after ``after`` up to ``upto``, in order."""
    return sorted((m for m in migrations if after < m.release <= upto), key=lambda m: m.release)
