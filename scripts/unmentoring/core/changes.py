"""What a plan's file changes do to the data, and the commit that says so: pure.

``gitops/saving.py`` reads the files fresh (on the branch's newest commit when pushing), applies
the changes here, writes what changed and commits it with ``commit_message``. Changes of one
kind land in one commit; the kinds in the order of ``KINDS``, as the commands always did.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence

from unmentoring.core import rematch
from unmentoring.core.model import Group, Outcome, Participant, Round
from unmentoring.core.pairing_issue import marker_for
from unmentoring.core.plan import AddGroups, FileChange, Pause, RecordIssues, RecordOutcome


def batches(changes: Sequence[FileChange]) -> list[list[FileChange]]:
    """``changes`` split into commits: one per kind, in ``KINDS``' order."""
    found = [[c for c in changes if _kind(c) == kind] for kind in KINDS]
    return [batch for batch in found if batch]


def _kind(change: FileChange) -> str:
    if isinstance(change, RecordOutcome):
        return "unreported" if change.if_unset else "outcome"
    return type(change).__name__


# The order of commits when one save holds several kinds.
KINDS = ("outcome", "unreported", "AddGroups", "RecordIssues", "Pause")


# -- rounds -------------------------------------------------------------------------------------


def months(batch: Sequence[FileChange]) -> list[str]:
    """The round files a batch changes, in order."""
    return list(dict.fromkeys(c.month for c in batch if not isinstance(c, Pause)))


def changed_round(drawn: Round, batch: Sequence[FileChange]) -> Round:
    """``drawn`` with the batch's changes to it."""
    for change in batch:
        if isinstance(change, Pause) or change.month != drawn.round:
            continue
        if isinstance(change, RecordOutcome):
            drawn = _with_outcome(drawn, change)
        elif isinstance(change, AddGroups):
            drawn = _with_groups(drawn, change)
        else:
            drawn = with_issues(drawn, change.numbers)
    return drawn


def _with_outcome(drawn: Round, change: RecordOutcome) -> Round:
    key = frozenset(change.members)

    def record(group: Group) -> Group:
        if frozenset(group.members) != key or (change.if_unset and group.outcome is not None):
            return group
        if drawn.ended_by_rematch(group):
            return group  # ended when a member was rematched: no word changes that (issue 21, 15)
        return dataclasses.replace(group, outcome=change.outcome)

    return dataclasses.replace(drawn, groups=tuple(record(group) for group in drawn.groups))


def _with_groups(drawn: Round, change: AddGroups) -> Round:
    if drawn.rematches:
        return drawn  # made by an earlier run that this one did not see
    groups = change.make(drawn)
    return rematch.with_rematches(drawn, groups) if groups else drawn


def with_issues(drawn: Round, numbers: Mapping[tuple[str, frozenset[str]], int]) -> Round:
    """``drawn`` with issue numbers set for the groups that have none yet."""
    groups = tuple(
        dataclasses.replace(group, issue=numbers[key])
        if group.issue is None and (key := marker_for(drawn.round, group).key) in numbers
        else group
        for group in drawn.groups
    )
    return dataclasses.replace(drawn, groups=groups)


# -- participants -------------------------------------------------------------------------------


def paused(participants: Mapping[str, Participant], batch: Sequence[FileChange]) -> list[Pause]:
    """The pauses that change a file: someone gone or paused already is left alone."""
    return [
        change
        for change in batch
        if isinstance(change, Pause)
        and (person := participants.get(change.login)) is not None
        and not person.paused
    ]


# -- the commit ---------------------------------------------------------------------------------


def commit_message(
    batch: Sequence[FileChange], before: Mapping[str, Round], after: Mapping[str, Round]
) -> str:
    """What one batch's commit says (the batch is of one kind); ``before`` and ``after``: the
    rounds it changed, as they were and as they are."""
    first = batch[0]
    if isinstance(first, Pause):
        return _pauses_message([c for c in batch if isinstance(c, Pause)])
    if isinstance(first, AddGroups):
        made = after[first.month].rematches
        return rematch.commit_message(first.month, made)
    if isinstance(first, RecordIssues):
        old, new = before[first.month], after[first.month]
        added = sum(1 for a, b in zip(old.groups, new.groups, strict=True) if a != b)
        return f"Round {first.month}: record {added} pairing issue number(s)"
    if first.if_unset:
        counts = ", ".join(
            f"{sum(1 for c in batch if not isinstance(c, Pause) and c.month == month)} group(s) "
            f"of {month}"
            for month in months(batch)
        )
        return f"Follow-up: {counts} did not report before the next round (unreported)"
    said = "met" if first.outcome is Outcome.MET else "did not meet"
    return f"Round {first.month}: {', '.join(first.members)} {said} (#{first.issue})"


def _pauses_message(changed: Sequence[Pause]) -> str:
    """One line for one member; a heading and a line each for more."""
    if len(changed) == 1:
        return changed[0].why
    lines = "\n".join(change.why for change in changed)
    return f"Follow-up: {len(changed)} quiet members paused\n\n{lines}"
