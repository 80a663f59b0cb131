"""Erasing what a pairing issue says about someone who left: their name, organisation, role,
note and contact give way to "(left the scheme)"; their @login and the issue's marker stay.

The edit works from the issue itself, not from the leaver's file. Each member's introduction is
a delimited block of the body (``pairing_issue.introduction``): a paragraph starting
``**@login: ``, then the quoted note's paragraph, if any. So erasing needs no copy of the
details: an issue from a year ago holds the name as it was then, which the latest file (or its
history, gone from a shallow clone and rewritable) may no longer say. Titles name members by
login; an issue opened before that lists the introduced members' names in the same order as
the blocks, and its title is rebuilt from the blocks that remain.

An issue is erased when its body has no introduction of the leaver left. ``erase`` then gives
None: a rerun makes no request. Pure functions, no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from unmentoring.core.markdown_text import unescape
from unmentoring.core.months import month_name
from unmentoring.core.pairing_issue import (
    INTRODUCTIONS_HEADINGS,
    LEFT,
    MAX_TITLE,
    erased_introduction,
    shorten,
)
from unmentoring.core.plan import EditIssue
from unmentoring.core.thread import and_list

_HEADER = re.compile(r"\*\*@([a-z0-9-]+): (.*?)\*\*(?:  \n|\Z)", re.DOTALL)
_ERASED = re.compile(r"\*\*@([a-z0-9-]+)\*\*: " + re.escape(LEFT) + r"\Z")


@dataclass(frozen=True)
class Erased:
    """An issue's new title and body, with nothing left of the leaver but their login."""

    title: str
    body: str


def erase(title: str, body: str, login: str, month: str) -> Erased | None:
    """``title`` and ``body`` of round ``month``'s issue with ``login``'s introduction erased;
    None when there is nothing of theirs to erase (never introduced, or erased already)."""
    login = login.lower()
    paragraphs = body.split("\n\n")
    section = _introductions(paragraphs)
    if section is None:
        return None
    start, end = section
    kept: list[str] = []
    names: list[str] = []  # the introduced members' names, as the title had them, erased
    before: list[str] = []  # the same, not erased
    found = False
    skipping_note = False
    for paragraph in paragraphs[start:end]:
        if skipping_note and paragraph.startswith(">"):
            continue  # the leaver's note, quoted line by line: no blank line inside it
        skipping_note = False
        header = _HEADER.match(paragraph)
        if header and header.group(1) == login:
            found = skipping_note = True
            kept.append(erased_introduction(login))
            name = unescape(header.group(2))
            names.append(LEFT)
            before.append(name)
            continue
        if header:
            names.append(unescape(header.group(2)))
        elif _ERASED.match(paragraph):
            names.append(LEFT)
        before.append(names[-1])
        kept.append(paragraph)
    if not found:
        return None
    new_body = "\n\n".join([*paragraphs[:start], *kept, *paragraphs[end:]])
    return Erased(title=_erased_title(title, month, before, names, name), body=new_body)


def _introductions(paragraphs: list[str]) -> tuple[int, int] | None:
    """The paragraphs between the introductions' heading and the next heading or folded
    block."""
    heading = next((i for i, p in enumerate(paragraphs) if p in INTRODUCTIONS_HEADINGS), None)
    if heading is None:
        return None
    end = heading + 1
    while end < len(paragraphs) and not paragraphs[end].startswith(("## ", "<details>")):
        end += 1
    return heading + 1, end


def _erased_title(title: str, month: str, before: list[str], after: list[str], name: str) -> str:
    """The title without the leaver's name. Titles since names left them hold logins, which
    stay; an older title listed the names (``<scheme> <Month YYYY>: <names>``, shortened to
    fit), and is rebuilt from the erased list; a title edited by hand loses the name itself."""
    if _names_title(title, month, before) == title:
        return _names_title(title, month, after)
    return title.replace(name, LEFT) if name else title


def _names_title(title: str, month: str, names: list[str]) -> str:
    cut = f"{month_name(month)}: "
    at = title.find(cut)
    prefix = title[: at + len(cut)] if at >= 0 else ""
    return shorten(prefix + and_list(names), MAX_TITLE)


def edit(number: int, title: str, body: str, login: str, month: str) -> EditIssue | None:
    """The edit that erases ``login`` from issue ``number`` of round ``month`` (its title and
    body as read); None when it introduces them no more."""

    def revise(title: str, body: str) -> tuple[str, str] | None:
        erased = erase(title, body, login, month)
        return None if erased is None else (erased.title, erased.body)

    if revise(title, body) is None:
        return None
    why = f"erased {login} from #{number} ({month})"
    return EditIssue(issue=number, title=title, body=body, why=why, revise=revise)
