"""Small named checks, each yielding the problems it finds; together they are ``validate``.

Schema checks (``schema.py``) see one file's shape; these see what a schema cannot: real dates,
unsafe characters, file names, and rules across files.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

from unmentoring.core.months import MONTH_PATTERN
from unmentoring.core.problems import Problem
from unmentoring.store.yamlfile import Document

LOGIN_PATTERN = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$")
ROUND_FILE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])\.yaml$")
KEEP_FILES = {".gitkeep"}

PARTICIPANT_TEXT = ("name", "organisation", "role", "about")
MULTILINE_TEXT = {"about"}
SCHEME_TEXT = ("name", "organiser", "site_title")

# Embedding, override and isolate controls can make text display in a different order from
# how it is stored (the "Trojan Source" trick), so they are refused in every text field.
BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def unsafe_character(text: str, multiline: bool = False) -> str | None:
    """A description of the first control or bidirectional-override character, if any."""
    for char in text:
        if char == "\n" and multiline:
            continue
        if char in BIDI_CONTROLS:
            return f"a bidirectional-override character (U+{ord(char):04X})"
        if unicodedata.category(char) == "Cc":
            name = {"\t": "a tab", "\n": "a line break"}.get(char, f"U+{ord(char):04X}")
            return f"a control character ({name})"
    return None


def check_text_fields(document: Document, fields: Iterable[str]) -> Iterator[Problem]:
    """Text fields hold no control or bidirectional-override characters."""
    if not isinstance(document.data, dict):
        return
    for key in fields:
        value = document.data.get(key)
        if isinstance(value, str):
            found = unsafe_character(value, multiline=key in MULTILINE_TEXT)
            if found:
                yield Problem(
                    path=document.path,
                    line=document.line_of((key,)),
                    message=f"`{key}` contains {found}; remove it",
                )


def check_real_date(document: Document, key: str) -> Iterator[Problem]:
    """A ``YYYY-MM-DD`` field names a day that exists."""
    value = document.data.get(key) if isinstance(document.data, dict) else None
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            yield Problem(
                path=document.path,
                line=document.line_of((key,)),
                message=f"`{key}` is `{value}`, which is not a real date; "
                "write it as YYYY-MM-DD, for example 2026-02-14",
            )


def check_participant_file_name(document: Document, file: Path) -> Iterator[Problem]:
    """The file is named after the login, lowercased: ``participants/<login>.yaml``."""
    login = document.data.get("github") if isinstance(document.data, dict) else None
    if file.stem != file.stem.lower():
        yield Problem(
            path=document.path,
            line=None,
            message=f"file names are lowercase: rename it to `{file.stem.lower()}.yaml`",
        )
    if not LOGIN_PATTERN.match(file.stem):
        yield Problem(
            path=document.path,
            line=None,
            message="the file name must be a GitHub login followed by .yaml",
        )
    valid_login = isinstance(login, str) and LOGIN_PATTERN.match(login)
    if valid_login and login.lower() != file.stem.lower():
        yield Problem(
            path=document.path,
            line=document.line_of(("github",)),
            message=f"`github: {login}` does not match the file name; "
            f"rename the file to `{login.lower()}.yaml` or correct the login",
        )


def check_unique_logins(logins: Iterable[tuple[str, str]]) -> Iterator[Problem]:
    """No two participant files have logins that differ only in case."""
    paths_by_login: dict[str, list[str]] = defaultdict(list)
    for path, login in logins:
        paths_by_login[login.lower()].append(path)
    for login, paths in paths_by_login.items():
        if len(paths) > 1:
            for path in paths:
                others = ", ".join(p for p in paths if p != path)
                yield Problem(
                    path=path,
                    line=None,
                    message=f"`{login}` also has a file at {others}; "
                    "logins are unique ignoring case: keep one file",
                )


def check_stray_files(folder: Path, shown_as: str, kind: str) -> Iterator[Problem]:
    """A folder holds only its own kind of file: ``<login>.yaml`` or ``YYYY-MM.yaml``."""
    if not folder.is_dir():
        return
    for entry in sorted(folder.iterdir()):
        if entry.name in KEEP_FILES:
            continue
        path = f"{shown_as}/{entry.name}"
        expected = "<login>.yaml" if kind == "participant" else "YYYY-MM.yaml"
        if entry.is_symlink():
            message = (
                f"is a symbolic link; {shown_as}/ holds only real files: "
                "replace the link with the file itself"
            )
        elif entry.is_dir():
            message = f"is a folder; {shown_as}/ holds only {expected} files: move it elsewhere"
        elif entry.suffix == ".yml":
            message = f"uses the .yml ending; rename it to `{entry.stem}.yaml`"
        elif entry.suffix != ".yaml":
            message = f"is not a {kind} file; {shown_as}/ holds only {expected} files: move it"
        elif kind == "round" and not ROUND_FILE.match(entry.name.lower()):
            message = "round files are named by their month: rename it to YYYY-MM.yaml"
        else:
            continue
        yield Problem(path=path, line=None, message=message)


def check_round_id(document: Document, file: Path) -> Iterator[Problem]:
    """``round:`` is the month in the file name."""
    value = document.data.get("round")
    if isinstance(value, str) and MONTH_PATTERN.match(value) and value != file.stem:
        yield Problem(
            path=document.path,
            line=document.line_of(("round",)),
            message=f"`round: {value}` disagrees with the file name {file.name}; "
            f"make them the same month",
        )


def check_round_groups(document: Document) -> Iterator[Problem]:
    """Groups have 2 or 3 members; at most one group of 3; nobody twice in a round."""
    round_id = document.data.get("round", document.path)
    groups = document.data.get("groups")
    if not isinstance(groups, list):
        return
    seen: dict[str, int] = {}
    trios: list[int] = []
    for number, group in enumerate(groups, start=1):
        members = group.get("members") if isinstance(group, dict) else None
        if not isinstance(members, list):
            continue
        if len(members) not in (2, 3):
            yield Problem(
                path=document.path,
                line=document.line_of(("groups", number - 1)),
                message=f"group {number} of round {round_id} has {len(members)} member(s); "
                "a group has 2 members, or 3 in one group when the count is odd",
            )
        if len(members) == 3:
            trios.append(number)
        for index, login in enumerate(members):
            if not isinstance(login, str):
                continue
            key = login.lower()
            if key in seen:
                yield Problem(
                    path=document.path,
                    line=document.line_of(("groups", number - 1, "members", index)),
                    message=f"`{login}` is listed twice in round {round_id} "
                    f"(groups {seen[key]} and {number}); each person is in one group a round",
                )
            else:
                seen[key] = number
    if len(trios) > 1:
        yield Problem(
            path=document.path,
            line=document.line_of(("groups", trios[1] - 1)),
            message=f"round {round_id} has {len(trios)} groups of 3 (groups "
            f"{', '.join(map(str, trios))}); at most one group of 3 is allowed",
        )
