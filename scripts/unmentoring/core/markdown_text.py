"""Showing untrusted text in a GitHub comment or issue exactly as it was typed.

Participants' answers, and anything quoted from them, go into Markdown that GitHub renders. So
Markdown and HTML in the text must show as typed, and ``@name`` or ``#123`` in it must not notify
anyone or link an issue. Only the logins the caller names (a group's own members) stay live
mentions. Pure functions, no I/O.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Collection

from unmentoring.core.rules import BIDI_CONTROLS

# Everything CommonMark, GitHub's extensions (tables, strikethrough, math) or autolinking can
# give meaning to; a backslash makes each one literal. < > & become HTML entities instead.
_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~=$:^])")
_MENTION = re.compile(r"(?<![A-Za-z0-9_`])@([A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:/[\w.-]+)?)")
_REFERENCE = re.compile(r"#(?=\d)")
# GitHub turns @name and #123 into mentions and links after rendering, so escaping is not
# enough: a zero-width space after the sign breaks the pattern and stays invisible.
ZERO_WIDTH = "&#8203;"
_DROP_BIDI = dict.fromkeys(map(ord, BIDI_CONTROLS))


def escape(text: str, members: Collection[str] = ()) -> str:
    """``text`` as it was typed, as Markdown: no formatting, HTML, links or notifications,
    except @-mentions of ``members`` (lower-case logins), which stay live."""
    text = _clean(text)
    out: list[str] = []
    position = 0
    for match in _MENTION.finditer(text):
        out.append(_escape_plain(text[position : match.start()]))
        login = match.group(1)
        if login.lower() in members:
            out.append(f"@{login}")
        else:
            out.append(f"@{ZERO_WIDTH}{_escape_plain(login)}")
        position = match.end()
    out.append(_escape_plain(text[position:]))
    return "".join(out)


def one_line(text: str) -> str:
    """``text`` with every run of whitespace (line breaks too) made one space, as GitHub shows a
    folded label or a name in a heading."""
    return " ".join(text.split())


def _escape_plain(text: str) -> str:
    text = _SPECIAL.sub(r"\\\1", text)
    text = html.escape(text, quote=False)
    return _REFERENCE.sub(f"#{ZERO_WIDTH}", text)


def _clean(text: str) -> str:
    """Drop control and direction-override characters, which could garble the page."""
    text = text.translate(_DROP_BIDI)
    return "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) != "Cc")


_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|~=$:^])")


def unescape(markdown: str) -> str:
    """The text that ``escape`` turned into ``markdown`` (after ``_clean``), for reading back
    what a pairing issue says: the inverse of each of its steps, last first."""
    text = markdown.replace(ZERO_WIDTH, "")
    text = html.unescape(text)
    return _ESCAPED.sub(r"\1", text)
