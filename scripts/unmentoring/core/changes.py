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
from unmentoring.core.plan import (
    AccountDeleted,
    AccountMissing,
    AddGroups,
    FileChange,
    FollowRename,
    ParticipantChange,
    Pause,
    RecordAccount,
    RecordIssues,
    RecordOutcome,
    RecordPlanned,
    RoundChange,
)


def batches(changes: Sequence[FileChange]) -> list[list[FileChange]]:
    """``changes`` split into commits: one per kind, in ``KINDS``' order."""
    found = [[c for c in changes if _kind(c) == kind] for kind in KINDS]
    return [batch for batch in found if batch]


def _kind(change: FileChange) -> str:
    if isinstance(change, RecordOutcome):
        return "unreported" if change.if_unset else "outcome"
    return type(change).__name__


# The order of commits when one save holds several kinds.
KINDS = (
    "outcome",
    "RecordPlanned",
    "unreported",
    "AddGroups",
    "RecordIssues",
    "Pause",
    "RecordAccount",
    "FollowRename",
    "AccountMissing",
    "AccountDeleted",
)


# -- rounds -------------------------------------------------------------------------------------


def months(batch: Sequence[FileChange]) -> list[str]:
    """The round files a batch changes, in order."""
    return list(dict.fromkeys(c.month for c in batch if isinstance(c, RoundChange)))


def changed_round(drawn: Round, batch: Sequence[FileChange]) -> Round:
    """``drawn`` with the batch's changes to it."""
    for change in batch:
        if not isinstance(change, RoundChange) or change.month != drawn.round:
            continue
        if isinstance(change, RecordOutcome):
            drawn = _with_outcome(drawn, change)
        elif isinstance(change, RecordPlanned):
            drawn = _with_planned(drawn, change)
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


def _with_planned(drawn: Round, change: RecordPlanned) -> Round:
    key = frozenset(change.members)

    def record(group: Group) -> Group:
        if frozenset(group.members) != key or drawn.ended_by_rematch(group):
            return group  # a group that ended when a member was rematched keeps no date
        return dataclasses.replace(group, planned=change.day)

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


def still_due(
    participants: Mapping[str, Participant], batch: Sequence[ParticipantChange]
) -> list[ParticipantChange]:
    """The changes to participant files that still change something in ``participants`` (the
    files as they are now): someone who left, was renamed or changed meanwhile is left alone."""
    due: list[ParticipantChange] = []
    for change in batch:
        person = participants.get(change.login)
        if person is None:
            continue
        if isinstance(change, Pause):
            fits = not person.paused
        elif isinstance(change, RecordAccount):
            fits = person.user_id is None
        elif isinstance(change, AccountMissing):
            fits = person.account_missing != change.since
        elif isinstance(change, FollowRename):
            # The new name's file may be theirs already (they signed up again under it).
            fits = person.user_id == change.user_id and (
                change.new_login.lower() not in participants
                or participants[change.new_login.lower()].user_id == change.user_id
            )
        else:
            fits = person.user_id == change.user_id
        if fits:
            due.append(change)
    return due


# -- the commit ---------------------------------------------------------------------------------


def commit_message(
    batch: Sequence[FileChange], before: Mapping[str, Round], after: Mapping[str, Round]
) -> str:
    """What one batch's commit says (the batch is of one kind); ``before`` and ``after``: the
    rounds it changed, as they were and as they are."""
    first = batch[0]
    if isinstance(first, Pause):
        return _pauses_message([c for c in batch if isinstance(c, Pause)])
    if isinstance(first, RecordAccount | FollowRename | AccountDeleted | AccountMissing):
        return _accounts_message(batch)
    if isinstance(first, AddGroups):
        made = after[first.month].rematches
        return rematch.commit_message(first.month, made)
    if isinstance(first, RecordIssues):
        old, new = before[first.month], after[first.month]
        added = sum(1 for a, b in zip(old.groups, new.groups, strict=True) if a != b)
        return f"Round {first.month}: record {added} pairing issue number(s)"
    if isinstance(first, RecordPlanned):
        who = ", ".join(first.members)
        return f"Round {first.month}: {who} plan to meet on {first.day} (#{first.issue})"
    if first.if_unset:
        counts = ", ".join(
            f"{sum(1 for c in batch if isinstance(c, RoundChange) and c.month == month)} group(s) "
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


def _accounts_message(batch: Sequence[FileChange]) -> str:
    lines = []
    for change in batch:
        if isinstance(change, RecordAccount):
            lines.append(f"{change.login}: record GitHub account number {change.user_id}")
        elif isinstance(change, FollowRename):
            lines.append(f"{change.new_login}: renamed on GitHub from {change.login}")
        elif isinstance(change, AccountDeleted):
            lines.append(f"{change.login}: left (their GitHub account was deleted)")
        elif isinstance(change, AccountMissing) and change.since:
            lines.append(f"{change.login}: GitHub has no such account since {change.since}")
        elif isinstance(change, AccountMissing):
            lines.append(f"{change.login}: their GitHub account is back")
    if len(lines) == 1:
        return lines[0]
    return f"Accounts: {len(lines)} participant file(s) follow GitHub\n\n" + "\n".join(lines)
