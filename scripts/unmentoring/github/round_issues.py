"""A round's pairing issues on GitHub, listed by the round's label and known by their markers."""

from __future__ import annotations

import logging

from unmentoring.core import pairing_issue
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


def existing(client: GitHub, month: str) -> dict[tuple[str, frozenset[str]], int]:
    """The round's issues on GitHub by group, recognised by their marker."""
    return by_marker(listed(client, month), month)
