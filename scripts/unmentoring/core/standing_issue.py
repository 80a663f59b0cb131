"""An issue the bot keeps up to date for the organisers, one of its kind: which step it needs.

"Needs attention" and the set-up checklist are each a single issue, known by a hidden marker in
its body. Each run says what the issue should say now (or that all is well), and ``decide``
compares that with the issues GitHub has, giving one step: open it, edit it, close it, or
nothing. So a rerun changes nothing, and a run whose answer was lost finds the issue next time
instead of opening a second one. ``github.standing_issue`` carries the step out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from unmentoring.core.texts import Text


@dataclass(frozen=True)
class Kind:
    """Which standing issue: its hidden marker and label, and its words (in core/texts.py,
    where an organiser may override them)."""

    key: str
    label: str
    label_words: Text
    title_words: Text
    # Whether a run may open it again once closed: "Needs attention" reopens when what is
    # wrong changes; a checklist an organiser closed stays closed.
    reopens: bool
    # What it says once all is well, as it is closed: so a problem that comes back reads as new.
    calm_words: Text | None = None

    @property
    def marker(self) -> str:
        return f"<!-- unmentoring:{self.key} -->"

    @property
    def title(self) -> str:
        return self.title_words.fill()

    @property
    def label_description(self) -> str:
        return self.label_words.fill()

    @property
    def calm(self) -> str:
        return self.calm_words.fill() if self.calm_words is not None else ""

    def marks(self, body: str) -> bool:
        return self.marker in body


@dataclass(frozen=True)
class Found:
    """An issue GitHub has that carries the marker."""

    number: int
    open: bool
    title: str
    body: str


@dataclass(frozen=True)
class Open:
    title: str
    body: str


@dataclass(frozen=True)
class Edit:
    number: int
    title: str
    body: str
    reopen: bool = False


@dataclass(frozen=True)
class Close:
    number: int
    body: str | None = None  # written first, if given
    reason: str = "completed"


@dataclass(frozen=True)
class Leave:
    """Nothing to do; ``why`` says so in the run's log."""

    why: str
    number: int | None = None


Step = Open | Edit | Close | Leave


def decide(kind: Kind, found: Sequence[Found], body: str | None) -> list[Step]:
    """The steps that make GitHub's issue say ``body`` (None: all is well, so closed): one for
    the oldest issue with the marker, and the closing of any later one left open (a create
    whose lost answer landed after the run had looked for it).

    A closed issue is opened again only if ``kind.reopens`` and what it would say has changed
    since: an organiser who closes it is not asked again about the same thing."""
    marked = sorted((issue for issue in found if kind.marks(issue.body)), key=_number)
    ours = marked[0] if marked else None
    duplicates: list[Step] = [
        Close(issue.number, reason="not_planned") for issue in marked[1:] if issue.open
    ]
    return [_step(kind, ours, body), *duplicates]


def _step(kind: Kind, ours: Found | None, body: str | None) -> Step:
    if body is None:
        if ours is not None and ours.open:
            return Close(ours.number, f"{kind.marker}\n{kind.calm}" if kind.calm else None)
        return Leave("all is well", None if ours is None else ours.number)
    wanted = f"{kind.marker}\n{body}"
    if ours is None:
        return Open(kind.title, wanted)
    wanted = keep_ticks(ours.body, wanted)
    if not ours.open and (not kind.reopens or ours.body == wanted):
        return Leave(f"#{ours.number} was closed, and nothing has changed since", ours.number)
    if ours.open and ours.body == wanted and ours.title == kind.title:
        return Leave(f"#{ours.number} is up to date", ours.number)
    return Edit(ours.number, kind.title, wanted, reopen=not ours.open)


def _number(issue: Found) -> int:
    return issue.number


_TASK = re.compile(r"^(\s*[-*] )\[([ xX])\] (.+)$")


def keep_ticks(before: str, after: str) -> str:
    """``after`` with each task an organiser ticked in ``before`` still ticked (same words)."""
    ticked = {
        match[3] for line in before.splitlines() if (match := _TASK.match(line)) and match[2] != " "
    }

    def tick(line: str) -> str:
        match = _TASK.match(line)
        return f"{match[1]}[x] {match[3]}" if match and match[3] in ticked else line

    return "\n".join(tick(line) for line in after.split("\n"))
