"""The scheme's scheduled workflows, and which of them GitHub has put to sleep.

In a public repository GitHub disables scheduled workflows after 60 days without activity in
the repository, and commits made by a workflow's token may not count as activity
(https://docs.github.com/actions/managing-workflow-runs/disabling-and-enabling-a-workflow).
A workflow so disabled has the state ``disabled_inactivity``; one an organiser switched off has
``disabled_manually``, and one in a fork ``disabled_fork``
(https://docs.github.com/rest/actions/workflows#get-a-workflow). Only the first is woken:
a person's choice is left alone. Pure: the workflows' states in, a decision out, so that
``keep-awake`` and the doctor decide alike.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass


class State(enum.StrEnum):
    """A workflow's ``state`` as GitHub's REST API reports it."""

    ACTIVE = "active"
    DELETED = "deleted"
    DISABLED_FORK = "disabled_fork"
    DISABLED_INACTIVITY = "disabled_inactivity"
    DISABLED_MANUALLY = "disabled_manually"


@dataclass(frozen=True, kw_only=True)
class Workflow:
    """One of the repository's workflows: GitHub's id, its name and file, and its state."""

    id: int
    name: str
    path: str  # ".github/workflows/round.yml"
    state: str  # a ``State`` value; kept as text, so that a state GitHub adds is still shown


@dataclass(frozen=True)
class Sleeping:
    """What to do about the scheduled workflows: wake some, report the rest."""

    to_wake: tuple[Workflow, ...]  # disabled for inactivity: enable them
    switched_off: tuple[Workflow, ...]  # disabled by a person (or as a fork's): only report
    missing: tuple[str, ...]  # scheduled in the files, unknown to GitHub (not pushed yet?)
    awake: tuple[Workflow, ...] = ()  # active: enabling one again resets the 60-day count

    def asleep(self) -> list[str]:
        """One line per workflow GitHub disabled for inactivity (``wake`` enables them)."""
        return [
            f"{w.name} ({w.path}) was disabled by GitHub after 60 days without activity in the "
            "repository"
            for w in self.to_wake
        ]

    def warnings(self) -> list[str]:
        """One line per workflow a person must see to: it will not run on schedule otherwise."""
        lines = [
            f"{w.name} ({w.path}) is {_described(w.state)}, so it does not run on schedule; "
            "enable it on the Actions tab if that was not meant"
            for w in self.switched_off
        ]
        lines += [
            f"{path} has a schedule but GitHub lists no such workflow: push it to the default "
            "branch"
            for path in self.missing
        ]
        return lines


def review(workflows: Iterable[Workflow], scheduled: Iterable[str]) -> Sleeping:
    """Which of the ``scheduled`` workflow files (paths) to wake, and which to report."""
    by_path = {workflow.path: workflow for workflow in workflows}
    to_wake: list[Workflow] = []
    switched_off: list[Workflow] = []
    missing: list[str] = []
    awake: list[Workflow] = []
    for path in sorted(set(scheduled)):
        workflow = by_path.get(path)
        if workflow is None or workflow.state == State.DELETED:
            missing.append(path)
        elif workflow.state == State.DISABLED_INACTIVITY:
            to_wake.append(workflow)
        elif workflow.state == State.ACTIVE:
            awake.append(workflow)
        else:
            switched_off.append(workflow)
    return Sleeping(tuple(to_wake), tuple(switched_off), tuple(missing), tuple(awake))


def _described(state: str) -> str:
    described: dict[str, str] = {
        State.DISABLED_MANUALLY: "disabled by hand",
        State.DISABLED_FORK: "disabled because this repository is a fork",
    }
    return described.get(state, f"in the state {state!r}")
