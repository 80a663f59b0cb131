"""Announcing a round: the issue each group gets, and which are still to open. Pure.

``plan`` gives every drawn group's issue text (or, with ``rematches``, every group made by
/rematch); a group whose members have all left gets none. ``to_open`` is the plan's
``OpenIssue`` actions: the groups with a text, no number in the round file, and no issue found
on GitHub by its marker.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from unmentoring.core import pairing_issue
from unmentoring.core.model import Round, SchemeData
from unmentoring.core.pairing_issue import IssueText, Marker
from unmentoring.core.plan import OpenIssue, Thread


@dataclass(frozen=True)
class Planned:
    """One group of the round, what its issue says, and the issue it has (if recorded)."""

    index: int
    marker: Marker
    text: IssueText | None  # None: nobody in the group is still in the scheme
    issue: int | None

    def open(self, month: str) -> OpenIssue:
        assert self.text is not None
        return OpenIssue(
            thread=Thread(month=month, members=self.marker.members, issue=None),
            title=self.text.title,
            body=self.text.body,
            labels=self.text.labels,
        )


def plan(
    data: SchemeData, drawn: Round, change_form: str | None, *, rematches: bool = False
) -> list[Planned]:
    """Every drawn group's issue text (``rematches``: every group made by /rematch instead);
    groups whose members have all left get none."""
    planned = []
    for index, group in enumerate(drawn.groups):
        if group.rematch != rematches:
            continue
        present = [login for login in group.members if login in data.participants]
        text = (
            pairing_issue.render(
                data.scheme, drawn.round, group, data.participants, change_form=change_form
            )
            if present
            else None
        )
        marker = pairing_issue.marker_for(drawn.round, group)
        planned.append(Planned(index=index, marker=marker, text=text, issue=group.issue))
    return planned


def to_open(
    planned: Sequence[Planned], found: Mapping[int, int] | None = None
) -> list[tuple[Planned, OpenIssue]]:
    """The issues still to open, with the group each is for; ``found``: issue numbers found on
    GitHub by their markers, by group index."""
    found = found or {}
    return [
        (item, item.open(item.marker.round))
        for item in planned
        if item.issue is None and item.index not in found and item.text is not None
    ]
