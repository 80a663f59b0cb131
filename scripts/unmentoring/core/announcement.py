"""Announcing a round: the issue each group gets, and which are still to open. Pure.

``plan`` gives every drawn group's issue text (or, with ``rematches``, every group made by
/rematch); a group whose members have all left gets none. ``to_open`` is the plan's
``OpenIssue`` actions: the groups with a text, no number in the round file, and no issue found
on GitHub by its marker.

The "Add to calendar" links of the days proposed carry the issue's own link, which exists only
once the issue does: an issue is opened without them, and ``link`` is the one edit that adds
them (made only while the body is still as opened, so it is made once, and never undoes a later
edit such as an erasure).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from unmentoring.core import pairing_issue, starters
from unmentoring.core.model import Round, SchemeData
from unmentoring.core.pairing_issue import IssueText, Marker
from unmentoring.core.plan import EditIssue, OpenIssue, Thread


@dataclass(frozen=True)
class Planned:
    """One group of the round, what its issue says, and the issue it has (if recorded)."""

    index: int
    marker: Marker
    text: IssueText | None  # None: nobody in the group is still in the scheme
    issue: int | None
    # The text with the issue's own link in it, given the issue's number.
    linked: Callable[[int], IssueText] | None = None

    def link(self, number: int, title: str, body: str) -> EditIssue | None:
        """The edit that puts the issue's link into its calendar links, when the issue
        (``title``, ``body`` as read) is still as opened and the link changes it."""
        if self.text is None or self.linked is None:
            return None
        linked = self.linked(number)
        if linked.body == self.text.body:
            return None  # nothing to link: no day proposed

        opened = self.text.body

        def revise(_title: str, now: str) -> tuple[str, str] | None:
            return (linked.title, linked.body) if _same(now, opened) else None

        return EditIssue(issue=number, title=title, body=body, why="calendar links", revise=revise)

    def open(self, month: str) -> OpenIssue:
        assert self.text is not None
        return OpenIssue(
            thread=Thread(month=month, members=self.marker.members, issue=None),
            title=self.text.title,
            body=self.text.body,
            labels=self.text.labels,
        )


def plan(
    data: SchemeData,
    drawn: Round,
    change_form: str | None,
    *,
    rematches: bool = False,
    starter_list: Sequence[starters.Starter] = (),
    issue_url: Callable[[int], str] | None = None,
    today: dt.date | None = None,
) -> list[Planned]:
    """Every drawn group's issue text (``rematches``: every group made by /rematch instead);
    groups whose members have all left get none. Each group gets its conversation starter
    from ``starter_list``; ``issue_url``: an issue's link by its number, for ``link``;
    ``today``: the day the issues are written, so a round announced late in its month
    proposes days still to come."""
    planned = []
    for index, group in enumerate(drawn.groups):
        if group.rematch != rematches:
            continue
        present = [login for login in group.members if login in data.participants]
        render = functools.partial(
            pairing_issue.render,
            data.scheme,
            drawn.round,
            group,
            data.participants,
            change_form=change_form,
            starter=starters.choose(starter_list, drawn.round, index),
            made=None if rematches else today,
        )
        text = render() if present else None
        linked = None
        if present and issue_url is not None:
            linked = functools.partial(_linked, render, issue_url)
        marker = pairing_issue.marker_for(drawn.round, group)
        planned.append(
            Planned(index=index, marker=marker, text=text, issue=group.issue, linked=linked)
        )
    return planned


def _same(body: str, other: str) -> bool:
    """Whether two bodies are the same but for line endings and the ends' whitespace."""
    return body.replace("\r\n", "\n").strip() == other.replace("\r\n", "\n").strip()


def _linked(
    render: Callable[..., IssueText], issue_url: Callable[[int], str], number: int
) -> IssueText:
    return render(issue_url=issue_url(number))


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
