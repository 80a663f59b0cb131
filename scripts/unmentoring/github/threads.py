"""What follow-up reads of the pairing issues: whether each is open, and its comments.

``OnGitHub`` reads them through the client (each issue's comments once per run, afresh after
this run acted in it); an issue the round's listing shows without comments is not read the
first time: it has none. ``NoThreads`` is the offline stand-in (the outbox, a dry run, the demo):
every group without an outcome is an open issue, with no comments or with the demo's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Protocol

from unmentoring.core import pairing_issue
from unmentoring.core.model import Group
from unmentoring.core.thread import ThreadComment
from unmentoring.github.interface import GitHub, Issue


class Threads(Protocol):
    # Offline, a recorded met or not met stands for the members' comments (core/quiet.py).
    outcome_is_a_word: bool

    def issues(self, month: str) -> dict[int, Issue]:
        """The round's issues by number, as far as known."""
        ...

    def issue(self, group: Group, listed: Issue | None) -> Issue | None:
        """The group's issue: as listed, else read by its number (None offline)."""
        ...

    def thread(
        self, group: Group, issue: Issue | None, month: str | None = None
    ) -> tuple[bool, tuple[ThreadComment, ...]]:
        """Whether the group's issue is open, and its comments (read afresh); ``month``: the
        group's round (offline, where no group has an issue, it tells threads apart)."""
        ...

    def comments(self, issue: int) -> tuple[ThreadComment, ...]:
        """Any issue's comments (read once per run)."""
        ...

    def group_comments(self, group: Group) -> tuple[ThreadComment, ...]:
        """The comments in a group's issue (read once per run); none without an issue."""
        ...


class OnGitHub:
    outcome_is_a_word = False

    def __init__(self, client: GitHub):
        self.client = client
        self.read: dict[int, tuple[ThreadComment, ...]] = {}  # issue -> its comments
        # Issues the listing showed without comments, until this run first reads them.
        self.empty: set[int] = set()
        self.listings: dict[str, dict[int, Issue]] = {}  # month -> its issues, listed once

    def issues(self, month: str) -> dict[int, Issue]:
        if month not in self.listings:
            label = pairing_issue.round_label(month)
            listed = self.client.list_issues(labels=[label], state="all")
            self.empty |= {issue.number for issue in listed if issue.comments == 0}
            self.listings[month] = {issue.number: issue for issue in listed}
        return self.listings[month]

    def issue(self, group: Group, listed: Issue | None) -> Issue | None:
        assert group.issue is not None
        if listed is None:  # its round label was taken off, or not listed: ask for it by number
            return self.client.get_issue(group.issue)
        return listed

    def thread(
        self, group: Group, issue: Issue | None, month: str | None = None
    ) -> tuple[bool, tuple[ThreadComment, ...]]:
        assert group.issue is not None
        issue = self.issue(group, issue)
        assert issue is not None
        self.read.pop(group.issue, None)  # read afresh: this run may have posted in it
        return issue.state == "open", self.comments(group.issue)

    def comments(self, issue: int) -> tuple[ThreadComment, ...]:
        if issue in self.empty:  # as listed: no comments, so nothing to read, once
            self.empty.discard(issue)
            self.read[issue] = ()
        if issue not in self.read:
            self.read[issue] = tuple(
                ThreadComment(
                    author=c.author,
                    body=c.body,
                    is_bot=c.author_is_bot,
                    created=_utc_day(c.created_at),
                    comment_id=c.id,
                )
                for c in self.client.list_comments(issue)
            )
        return self.read[issue]

    def group_comments(self, group: Group) -> tuple[ThreadComment, ...]:
        return self.comments(group.issue) if group.issue is not None else ()


class NoThreads:
    """No network: every group is an open issue without comments, but for the demo's stand-ins
    for what members wrote (comments by a group's members, by the group), and ``posted``: the
    bot's comments an earlier run wrote to the outbox (by round and members)."""

    outcome_is_a_word = True

    def __init__(
        self,
        threads: Mapping[frozenset[str], tuple[ThreadComment, ...]] | None = None,
        posted: Mapping[tuple[str, frozenset[str]], tuple[ThreadComment, ...]] | None = None,
    ):
        self.threads = dict(threads or {})
        self.posted = dict(posted or {})

    def issues(self, month: str) -> dict[int, Issue]:
        return {}

    def issue(self, group: Group, listed: Issue | None) -> Issue | None:
        return None

    def thread(
        self, group: Group, issue: Issue | None, month: str | None = None
    ) -> tuple[bool, tuple[ThreadComment, ...]]:
        return True, self.posted.get((month or "", frozenset(group.members)), ())

    def comments(self, issue: int) -> tuple[ThreadComment, ...]:
        return ()

    def group_comments(self, group: Group) -> tuple[ThreadComment, ...]:
        return self.threads.get(frozenset(group.members), ())


def _utc_day(epoch: float | None) -> dt.date | None:
    return dt.datetime.fromtimestamp(epoch, dt.UTC).date() if epoch is not None else None
