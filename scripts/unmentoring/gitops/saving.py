"""Saving a plan's file changes: in the working tree, pushed as commits, or kept in memory.

Every way reads the files fresh, applies the changes (core/changes.py) and writes only what
changed, so a rerun saves nothing twice and a change someone pushed meanwhile (a ``/met``) is
kept. Pushed: each kind of change is one commit on top of the branch's newest commit, retried
when someone else pushed first (landing.land). In memory: what a dry run would save, so the
rest of the run and its report see it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Protocol, TextIO

from unmentoring.core import changes
from unmentoring.core.model import Round
from unmentoring.core.plan import (
    AccountDeleted,
    AccountMissing,
    FileChange,
    FollowRename,
    ParticipantChange,
    Pause,
    RecordAccount,
    RoundChange,
)
from unmentoring.gitops import landing
from unmentoring.store import offline, paths, repository
from unmentoring.store.rounds import read_round
from unmentoring.store.yamlfile import write_atomically


class Saver(Protocol):
    """Where a command's file changes go."""

    def save(self, planned: Sequence[FileChange]) -> list[FileChange]:
        """Save ``planned``; the changes that changed a file (or would have)."""
        ...

    def round(self, month: str) -> Round:
        """The round as saved."""
        ...


def write(root: Path, batch: Sequence[FileChange]) -> tuple[list[str], list[FileChange], str]:
    """Apply one batch (of one kind) to the files under ``root``; the paths written, the changes
    that changed something, and the commit message."""
    if isinstance(batch[0], ParticipantChange):
        return _write_participants(root, [c for c in batch if isinstance(c, ParticipantChange)])
    written: list[str] = []
    before = {month: read_round(root, month) for month in changes.months(batch)}
    after = {month: changes.changed_round(drawn, batch) for month, drawn in before.items()}
    done_months = [month for month in before if after[month] != before[month]]
    for month in done_months:
        repository.write_round(root, after[month])
        written.append(paths.round_file(month))
    done: list[FileChange] = [
        c for c in batch if isinstance(c, RoundChange) and c.month in done_months
    ]
    message = changes.commit_message(batch, before, after) if done else ""
    return written, done, message


def _write_participants(
    root: Path, batch: Sequence[ParticipantChange]
) -> tuple[list[str], list[FileChange], str]:
    """Apply changes to participant files, each only if it still changes something."""
    fresh = repository.load_for_use(root)
    due = changes.still_due(fresh.participants, batch)
    written: list[str] = []
    for change in due:
        person = fresh.participants[change.login]
        if isinstance(change, FollowRename):
            person = dataclasses.replace(person, github=change.new_login)
        elif isinstance(change, Pause):
            person = dataclasses.replace(person, paused=True, quiet_until=change.quiet_until)
        elif isinstance(change, RecordAccount):
            person = dataclasses.replace(person, user_id=change.user_id)
        elif isinstance(change, AccountMissing):
            person = dataclasses.replace(person, account_missing=change.since)
        if not isinstance(change, AccountDeleted):
            write_atomically(
                fresh.participant_file(person.login), repository.participant_text(person)
            )
            written.append(paths.participant(person.login))
        if isinstance(change, FollowRename | AccountDeleted):
            fresh.participant_file(change.login).unlink(missing_ok=True)
            written.append(paths.participant(change.login))
    message = changes.commit_message(due, {}, {}) if due else ""
    return written, list(due), message


class WorkingTree:
    """Writes the changes into the files as they are (no commit)."""

    def __init__(self, root: Path):
        self.root = root

    def save(self, planned: Sequence[FileChange]) -> list[FileChange]:
        done: list[FileChange] = []
        for batch in changes.batches(planned):
            done += write(self.root, batch)[1]
        return done

    def round(self, month: str) -> Round:
        return read_round(self.root, month)


class Pushed:
    """Commits each kind of change on top of the branch's newest commit and pushes it.

    The branch is settled at the start (``base``, else the one checked out): landing leaves the
    checkout on the commit it pushed, on no branch."""

    def __init__(
        self,
        root: Path,
        *,
        remote: str,
        committer: landing.Identity | None,
        base: str | None = None,
    ):
        self.root = root
        self.remote = remote
        self.committer = committer
        self.base = landing.base_branch(root, base)

    def save(self, planned: Sequence[FileChange]) -> list[FileChange]:
        done: list[FileChange] = []
        for batch in changes.batches(planned):
            done += self._land(batch)
        return done

    def _land(self, batch: Sequence[FileChange]) -> list[FileChange]:
        landed: list[FileChange] = []

        def make_change(checkout: Path) -> landing.Commit | None:
            written, done, message = write(checkout, batch)
            landed[:] = done  # the last attempt's, the one that landed
            return landing.Commit(message=message, paths=tuple(written)) if written else None

        landing.land(
            self.root,
            make_change,
            base=self.base,
            remote=self.remote,
            identity=self.committer,
        )
        return landed

    def round(self, month: str) -> Round:
        return read_round(self.root, month)


class InMemory:
    """A dry run: the changes applied to the rounds as loaded, and no file touched; each
    change that would be saved is printed to ``out``, when given."""

    def __init__(self, rounds: Mapping[str, Round], out: TextIO | None = None):
        self.rounds = dict(rounds)
        self.out = out

    def save(self, planned: Sequence[FileChange]) -> list[FileChange]:
        done: list[FileChange] = []
        for batch in changes.batches(planned):
            if isinstance(batch[0], ParticipantChange):
                done += [c for c in batch if isinstance(c, ParticipantChange)]
                continue
            for month in changes.months(batch):
                updated = changes.changed_round(self.rounds[month], batch)
                if updated != self.rounds[month]:
                    done += [c for c in batch if isinstance(c, RoundChange) and c.month == month]
                    self.rounds[month] = updated
        for change in done if self.out is not None else ():
            print(offline.describe_change(change), file=self.out)
        return done

    def round(self, month: str) -> Round:
        return self.rounds[month]
