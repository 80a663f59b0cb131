"""Appliers of a plan's GitHub actions without the network: an outbox of files, or the screen.

``Outbox`` writes each comment as a Markdown file (what ``make demo`` shows); ``Printer`` prints
every action, which is what ``--dry-run`` shows: the plan itself.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TextIO

from unmentoring.core.plan import (
    AccountDeleted,
    AccountMissing,
    AddGroups,
    CloseIssue,
    EnsureLabel,
    FileChange,
    FollowRename,
    GitHubAction,
    OpenIssue,
    OpenPullRequest,
    Pause,
    PostComment,
    RecordAccount,
    RecordOutcome,
    RecordPlanned,
    Thread,
)
from unmentoring.core.thread import ThreadComment
from unmentoring.store import paths
from unmentoring.store.yamlfile import write_atomically

COMMENTS_FOLDER = "follow-up"  # inside the outbox: one file per comment
# A comment file's first line, as ``Outbox`` writes it: "# nudge for ada, bob (2026-03)".
_COMMENT_HEADING = re.compile(r"# \S+ for (?P<members>.+) \((?P<month>\d{4}-\d{2})\)")


def where(thread: Thread, about: str | None = None) -> str:
    """``2026-03_ada_bob``: a thread's name in the outbox and on the screen (``#12`` for an
    issue that is not a pairing issue)."""
    if thread.month is None:
        return f"#{thread.issue}"
    named = f"{thread.month}_{'_'.join(thread.members)}"
    return f"{named}_{about}" if about is not None else named


class Outbox:
    """Issues as ``<round>_<members>.md``, comments under ``follow-up/``; a rerun rewrites, not
    adds. ``written`` and ``unchanged`` count the issues."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.written = self.unchanged = 0

    def time_left(self) -> float | None:
        return None

    def apply(self, action: GitHubAction) -> int | None:
        if isinstance(action, OpenIssue):
            labels = ", ".join(action.labels)
            text = f"# {action.title}\n\nLabels: {labels}\n\n{action.body}"
            if self._write(self.folder / f"{where(action.thread)}.md", text):
                self.written += 1
            else:
                self.unchanged += 1
        elif isinstance(action, PostComment):
            members = ", ".join(action.thread.members)
            name = f"{where(action.thread, action.about)}_{action.kind}.md"
            text = f"# {action.kind} for {members} ({action.thread.month})\n\n{action.body}\n"
            self._write(self.folder / COMMENTS_FOLDER / name, text)
        return None  # closing and editing leave nothing to read

    def _write(self, file: Path, text: str) -> bool:
        if file.is_file() and file.read_text(encoding="utf-8") == text:
            return False
        file.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(file, text)
        return True


def posted(folder: Path, bot: str) -> dict[tuple[str, frozenset[str]], tuple[ThreadComment, ...]]:
    """The comments earlier runs wrote to the outbox ``folder``, as ``bot``'s comments in each
    group's thread, by round and members: a rerun finds them by their markers, as one on GitHub
    does, and does not post (or count) them again."""
    found: dict[tuple[str, frozenset[str]], list[ThreadComment]] = {}
    for file in sorted((folder / COMMENTS_FOLDER).glob("*.md")):
        heading, _, body = file.read_text(encoding="utf-8").partition("\n\n")
        match = _COMMENT_HEADING.fullmatch(heading)
        if match is None:
            continue  # not one of ours
        key = (match["month"], frozenset(match["members"].split(", ")))
        found.setdefault(key, []).append(ThreadComment(author=bot, body=body, is_bot=True))
    return {key: tuple(comments) for key, comments in found.items()}


class Printer:
    def __init__(self, out: TextIO):
        self.out = out

    def time_left(self) -> float | None:
        return None

    def apply(self, action: GitHubAction) -> int | None:
        print(describe(action), file=self.out)
        return None


def describe(action: GitHubAction) -> str:
    """One action as the dry run prints it."""
    if isinstance(action, PostComment):
        return f"=== would comment on {where(action.thread, action.about)}:\n{action.body}\n"
    if isinstance(action, OpenIssue):
        return (
            f"=== would open: {action.title}\nlabels: {', '.join(action.labels)}\n\n{action.body}"
        )
    if isinstance(action, EnsureLabel):
        return f"=== would make sure the label {action.name!r} exists"
    if isinstance(action, OpenPullRequest):
        return f"=== would open a pull request from {action.head}: {action.title}\n{action.body}"
    if isinstance(action, CloseIssue):
        reason = action.reason.replace("_", " ")
        return f"=== would close {where(action.thread)} as {reason}\n"
    title, body = action.revised or (action.title, action.body)
    return f"=== would edit #{action.issue}: {title}\n{body}"


def describe_change(change: FileChange) -> str:
    """One file change as the dry run prints it."""
    if isinstance(change, Pause):
        return f"=== would pause {change.login} ({paths.participant(change.login)})"
    if isinstance(change, RecordAccount):
        where = paths.participant(change.login)
        return f"=== would record account number {change.user_id} in {where}"
    if isinstance(change, FollowRename):
        moved = f"{paths.participant(change.login)} to {paths.participant(change.new_login)}"
        return f"=== would move {moved} (renamed on GitHub)"
    if isinstance(change, AccountDeleted):
        gone = paths.participant(change.login)
        return f"=== would delete {gone} (the GitHub account was deleted)"
    if isinstance(change, AccountMissing):
        said = f"since {change.since}" if change.since else "cleared: the account is back"
        return f"=== would record in {paths.participant(change.login)}: account missing {said}"
    file = paths.round_file(change.month)
    if isinstance(change, RecordOutcome):
        return f"=== would record {change.outcome} for {', '.join(change.members)} in {file}"
    if isinstance(change, RecordPlanned):
        return f"=== would record the date {change.day} for {', '.join(change.members)} in {file}"
    if isinstance(change, AddGroups):
        return f"=== would add the groups made by /rematch to {file}"
    return f"=== would record {len(change.numbers)} issue number(s) in {file}"
