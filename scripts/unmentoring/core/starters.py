"""Conversation starters: one for each pairing issue, from a list the organiser edits.

The list is a Markdown page of the scheme's site content (store/paths.STARTERS): under each of
the headings Think, Do and Share, a bulleted list, one starter a bullet. The store reads the
file; this module reads its words and chooses. The choice depends only on the round and the
group's place in it, so a re-render says the same, the groups of a round get different
starters (until the list runs out), and the next round moves on. No list, or an empty one:
no starter, and nothing breaks.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

KINDS = ("Think", "Do", "Share")
_HEADING = re.compile(r"^#{1,6}\s+(?P<kind>.+?)\s*#*\s*$")
_BULLET = re.compile(r"^[-*+]\s+(?P<words>\S.*)$")


@dataclass(frozen=True)
class Starter:
    kind: str  # Think, Do or Share, as the page's heading writes it
    words: str


def read(markdown: str) -> tuple[Starter, ...]:
    """The starters of the page, taken in turn from each heading (Think, Do, Share, Think...),
    so that groups side by side get different kinds. Bullets under other headings (or none)
    and the page's front matter are not starters."""
    by_kind: dict[str, list[str]] = {}
    kind: str | None = None
    in_bullet = False  # an indented line after a bullet carries it on
    for line in _without_front_matter(markdown).splitlines():
        heading = _HEADING.match(line.strip())
        bullet = _BULLET.match(line)
        if heading:
            named = heading.group("kind").strip().lower()
            kind = next((k for k in KINDS if k.lower() == named), None)
            in_bullet = False
        elif kind is not None and bullet:
            by_kind.setdefault(kind, []).append(" ".join(bullet.group("words").split()))
            in_bullet = True
        elif in_bullet and line[:1] in (" ", "\t") and line.strip():
            assert kind is not None
            by_kind[kind][-1] += " " + " ".join(line.split())
        else:
            in_bullet = False
    lists = [by_kind.get(k, []) for k in KINDS]
    turns = max((len(words) for words in lists), default=0)
    return tuple(
        Starter(kind, words[turn])
        for turn in range(turns)
        for kind, words in zip(KINDS, lists, strict=True)
        if turn < len(words)
    )


def choose(starters: Sequence[Starter], month: str, index: int) -> Starter | None:
    """The starter of the group at ``index`` in the round of ``month`` (YYYY-MM)."""
    if not starters:
        return None
    year, number = (int(part) for part in month.split("-"))
    rounds = year * 12 + number  # one more each month: the next round moves on
    return starters[(rounds + index) % len(starters)]


def _without_front_matter(markdown: str) -> str:
    if markdown.startswith("---\n"):
        end = markdown.find("\n---", 4)
        if end != -1:
            return markdown[end + 4 :]
    return markdown
