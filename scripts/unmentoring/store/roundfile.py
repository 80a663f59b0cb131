"""Reading round files fast when they are exactly as ``pair`` and ``announce`` write them.

A round names everyone in the scheme, so with 10,000 people and years of history the rounds are
most of what ``validate``, ``pair`` and ``build-site`` read. Their canonical text (``dump`` of
``Round.to_dict``) is so regular that a line-by-line reader is about 20 times faster than YAML.
Anything else (hand edits, comments, other quoting) returns None and is read as YAML, so this
changes speed, never meaning: a test checks both readers agree.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# Plain scalars that YAML reads as text: a login or seed made of these characters, and not a
# word or number YAML would read as something else (checked below).
_PLAIN = r"[A-Za-z0-9][A-Za-z0-9_.:-]*"
# The writer quotes a login or seed another YAML reader would take for a number, a date or a
# boolean (``'1e3'``); inside single quotes these characters are text to every reader.
_WORD = rf"(?:{_PLAIN}|'{_PLAIN}')"
_HEAD = re.compile(
    rf"round: (\d{{4}}-\d{{2}})\nseed: ({_WORD})\n(?:engine: ([1-9][0-9]{{0,8}})\n)?"
    r"(?:redraws: ([1-9][0-9]{0,8})\n)?groups:\n"
)
_MEMBERS = re.compile(rf"  - members: \[({_WORD}(?:, {_WORD})*)\]")
# Words YAML 1.1 reads as booleans or null, and anything that looks like a number.
_NOT_TEXT = re.compile(
    r"(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF"
    r"|null|Null|NULL|[-+]?[0-9_.:]+(?:[eE][-+]?[0-9]+)?|0x[0-9a-fA-F_]+|0o?[0-7_]+|0b[01_]+"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?)"
)


def _text(word: str) -> str | None:
    """The text ``word`` stands for, or None if YAML would read it as something else."""
    if word[0] == "'":
        return word[1:-1]
    return word if _NOT_TEXT.fullmatch(word) is None else None


@dataclass(frozen=True)
class _Field:
    """A group's line after its members: its pattern, the fields that may come before it,
    and its value from the match (None: not canonical)."""

    key: str
    pattern: re.Pattern[str]
    after: frozenset[str]
    read: Callable[[re.Match[str]], Any]


_FIELDS = (
    _Field(
        "host", re.compile(rf"    host: ({_WORD})"), frozenset({"members"}), lambda m: _text(m[1])
    ),
    _Field(
        "rematch", re.compile("    rematch: true"), frozenset({"members", "host"}), lambda m: True
    ),
    _Field(
        "issue",
        re.compile(r"    issue: ([1-9][0-9]*)"),
        frozenset({"members", "host", "rematch"}),
        lambda m: int(m[1]),
    ),
    _Field(
        "outcome",
        re.compile(r"    outcome: (met|not_met|unreported)"),
        frozenset({"members", "host", "rematch", "issue"}),
        lambda m: m[1],
    ),
)


def parse_canonical(text: str) -> dict[str, Any] | None:
    """The round's data if ``text`` is in canonical form, else None (read it as YAML)."""
    head = _HEAD.match(text)
    seed = _text(head.group(2)) if head else None
    if not head or seed is None:
        return None
    groups: list[dict[str, Any]] = []
    lines = text[head.end() :].split("\n")
    if lines[-1] != "" or len(lines) < 2:
        return None
    if not all(_read_line(line, groups) for line in lines[:-1]):
        return None
    data: dict[str, Any] = {"round": head.group(1), "seed": seed}
    if head.group(3) is not None:
        data["engine"] = int(head.group(3))
    if head.group(4) is not None:
        data["redraws"] = int(head.group(4))
    data["groups"] = groups
    return data


def _read_line(line: str, groups: list[dict[str, Any]]) -> bool:
    """Add ``line`` to ``groups``: a new group, or a field of the last; False if the line is
    not as the writer writes it."""
    members = _MEMBERS.fullmatch(line)
    if members:
        logins = [_text(word) for word in members.group(1).split(", ")]
        groups.append({"members": logins})
        return None not in logins
    for field in _FIELDS:
        match = field.pattern.fullmatch(line)
        if match and groups and set(groups[-1]) <= field.after:
            value = field.read(match)
            groups[-1][field.key] = value
            return value is not None
    return False
