"""A round's pairing issues on GitHub, listed by the round's label and known by their markers.

The label is only a shortcut: anyone with triage access can take it off an issue. So a group
whose issue the label does not find is looked for among every issue updated since the month
before the round (``unlabelled``): an issue opened by a run that was killed before it recorded
the number, and whose label was then taken off, is still found, not opened twice (issue 21).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Collection

from unmentoring.core import months, pairing_issue
from unmentoring.github.interface import GitHub, Issue

log = logging.getLogger(__name__)


def listed(client: GitHub, month: str) -> list[Issue]:
    """The round's issues on GitHub (open and closed), by its label."""
    return client.list_issues(labels=[pairing_issue.round_label(month)], state="all")


def by_marker(issues: list[Issue], month: str) -> dict[tuple[str, frozenset[str]], int]:
    """The round's issues by group, recognised by their marker; the first of any duplicates."""
    found: dict[tuple[str, frozenset[str]], int] = {}
    for issue in issues:
        marker = pairing_issue.find_marker(issue.body)
        if marker is None or marker.round != month:
            continue
        if marker.key in found:
            first, extra = sorted((found[marker.key], issue.number))
            log.warning(
                "group %s has two issues, #%d and #%d; keeping #%d: close #%d by hand",
                ",".join(marker.members),
                first,
                extra,
                first,
                extra,
            )
            found[marker.key] = first
        else:
            found[marker.key] = issue.number
    return found


def unlabelled(client: GitHub, month: str) -> list[Issue]:
    """Every issue updated since the first day of the month before ``month``: all of the round's
    issues, labelled or not (none can be older than its draw)."""
    first = dt.datetime.fromisoformat(f"{months.add_months(month, -1)}-01T00:00:00+00:00")
    return client.list_issues(state="all", since=first)


def existing(
    client: GitHub, month: str, wanted: Collection[tuple[str, frozenset[str]]] = ()
) -> dict[tuple[str, frozenset[str]], int]:
    """The round's issues on GitHub by group, recognised by their marker; a group of ``wanted``
    that the label does not find is looked for without it."""
    found = by_marker(listed(client, month), month)
    return with_unlabelled(client, month, found, wanted)


def with_unlabelled(
    client: GitHub,
    month: str,
    found: dict[tuple[str, frozenset[str]], int],
    wanted: Collection[tuple[str, frozenset[str]]],
) -> dict[tuple[str, frozenset[str]], int]:
    """``found``, and the issues of the groups of ``wanted`` it lacks, looked for without the
    label (one more listing, only when one is missing)."""
    if all(key in found for key in wanted):
        return found
    return by_marker(unlabelled(client, month), month) | found
