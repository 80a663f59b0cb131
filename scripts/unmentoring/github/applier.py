"""The one applier of a plan's GitHub actions (core/plan.py), each done exactly once.

A comment is found again by its hidden marker before it is posted (bot_comment), so a rerun or
a post whose answer was lost never posts twice; closing a closed issue changes nothing; an
issue's edit is worked out from the issue as it is, and read again after an answer was lost, so
it is sent only while something is left to change. Every call goes through the one client,
spaced and kept to the hourly budget (github/pacing.py).
"""

from __future__ import annotations

import logging

from unmentoring.core.pairing_issue import Marker
from unmentoring.core.plan import (
    EditIssue,
    EnsureLabel,
    GitHubAction,
    OpenIssue,
    OpenPullRequest,
    PostComment,
)
from unmentoring.github import bot_comment, round_issues
from unmentoring.github.interface import GitHub, GitHubRefused, MaybeApplied

log = logging.getLogger(__name__)

# After an edit or a create that may or may not have been applied: look, then try again, this
# many times.
MAX_EDIT_ATTEMPTS = 4
MAX_CREATE_ATTEMPTS = 4


class OnGitHub:
    def __init__(self, client: GitHub):
        self.client = client

    def time_left(self) -> float | None:
        return self.client.time_left()

    def apply(self, action: GitHubAction) -> int | None:
        if isinstance(action, OpenIssue):
            return self._open(action)
        if isinstance(action, EnsureLabel):
            self.client.ensure_label(action.name, action.color, action.description)
            return None
        if isinstance(action, OpenPullRequest):
            opened = self.client.open_pull_request(
                action.head, action.base, action.title, action.body
            )
            return opened.number
        if isinstance(action, EditIssue):
            self._edit(action)
            return None
        issue = action.thread.issue
        if issue is None:
            return None  # never announced: there is no issue to act on
        if isinstance(action, PostComment):
            bot_comment.post(
                self.client,
                issue,
                action.marker,
                action.body,
                edit=action.edit,
                look_first=not action.seen,
            )
        elif action.labels is None:
            self.client.close_issue(issue, action.reason)
        else:
            self.client.update_issue(
                issue,
                labels=list(action.labels),
                state="closed",
                state_reason=action.reason,
            )
        return None

    def _open(self, action: OpenIssue) -> int:
        """Open the issue; when GitHub may have opened it already, look before retrying."""
        assert action.thread.month is not None  # a pairing issue
        marker = Marker(round=action.thread.month, members=action.thread.members)
        for attempt in range(1, MAX_CREATE_ATTEMPTS + 1):
            try:
                return self.client.create_issue(action.title, action.body, action.labels).number
            except MaybeApplied as error:
                log.warning("%s; looking for the issue before trying again", error)
                self.client.wait(2.0**attempt, "after an uncertain create")
                found = round_issues.existing(self.client, marker.round, [marker.key])
                number = found.get(marker.key)
                if number is not None:
                    log.info("GitHub had opened it: #%d", number)
                    return number
        raise GitHubRefused(
            f"could not open the issue for {', '.join(marker.members)} after "
            f"{MAX_CREATE_ATTEMPTS} attempts; run again later (nothing is duplicated)"
        )

    def _edit(self, action: EditIssue) -> None:
        """Send the edit; when it may have been applied, read the issue before sending it again."""
        revised = action.revised
        for attempt in range(1, MAX_EDIT_ATTEMPTS + 1):
            if revised is None:
                return  # nothing left to change
            try:
                self.client.edit_issue_text(action.issue, *revised)
                return
            except MaybeApplied as error:
                log.warning("%s; reading the issue before trying again", error)
                self.client.wait(2.0**attempt, "after an uncertain edit")
                issue = self.client.get_issue(action.issue)
                revised = action.revise(issue.title, issue.body)
                if revised is None:
                    log.info("GitHub had applied it: #%d", action.issue)
        raise GitHubRefused(
            f"could not edit issue #{action.issue} after {MAX_EDIT_ATTEMPTS} attempts; run again "
            "later (an issue already changed is not edited again)"
        )
