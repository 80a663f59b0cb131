"""The set-up's edits to a new scheme's files: its settings, and the links and name of the scheme
it was copied from in every file the organiser owns.

Text in, text out, line by line: comments, order and the organiser's own layout are kept.
``commands/setup.py`` checks the results before it writes any of them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from unmentoring.core.model import Scheme
from unmentoring.core.setup_checks import TEMPLATE_REPOSITORY, TEMPLATE_SITE_URL
from unmentoring.store import paths

# scheme.yaml's field that defaults to the name: a copied value would keep the old scheme's.
SITE_TITLE = "site_title"


@dataclass(frozen=True)
class Answers:
    """What the organiser typed into the "Set up this scheme" form."""

    name: str
    organiser: str
    contact: str | None = None
    start: str | None = None


def scalar(value: str) -> str:
    """``value`` as one YAML scalar on one line, quoted only when it must be."""
    text = yaml.safe_dump(value, allow_unicode=True, width=1_000_000)
    return text.removesuffix("\n...\n").strip()


def set_field(text: str, key: str, value: str | None) -> str:
    """scheme.yaml's ``text`` with the top-level ``key`` set to ``value`` (None: removed). A
    commented-out example (``# contact: ...``) becomes the setting; else it is added at the end."""
    lines = text.split("\n")
    setting = re.compile(rf"^{re.escape(key)}\s*:(\s|$)")
    example = re.compile(rf"^#\s*{re.escape(key)}\s*:(\s|$)")
    new = [] if value is None else [f"{key}: {scalar(value)}"]
    for pattern in (setting, example):
        for index, line in enumerate(lines):
            if pattern.match(line):
                if pattern is example and value is None:
                    return text
                return "\n".join([*lines[:index], *new, *lines[index + 1 :]])
    if value is None:
        return text
    return text.rstrip("\n") + f"\n{new[0]}\n"


def settings(text: str, answers: Answers, repository: str, site: str) -> str:
    """scheme.yaml for this scheme: the answers, and where it lives and publishes."""
    text = set_field(text, "name", answers.name)
    text = set_field(text, "organiser", answers.organiser)
    if answers.contact:
        text = set_field(text, "contact", answers.contact)
    if answers.start:
        text = set_field(text, "start", answers.start)
    text = set_field(text, "repository", repository)
    text = set_field(text, SITE_TITLE, None)
    return set_field(text, "site_url", site)


def addresses(old: Scheme, repository: str, site: str) -> dict[str, str]:
    """Each address of the scheme it was copied from (and of the template) with this scheme's
    in its place, longest first, so a site inside another's address moves as itself."""
    github = f"https://github.com/{repository}"
    pairs = [(TEMPLATE_SITE_URL, site), (f"https://github.com/{TEMPLATE_REPOSITORY}", github)]
    if old.site_url:
        pairs.append((old.site_url, site))
    if old.repository:
        pairs.append((f"https://github.com/{old.repository}", github))
    moves = {
        before.rstrip("/"): after.rstrip("/")
        for before, after in pairs
        if before.rstrip("/").lower() != after.rstrip("/").lower()
    }
    return dict(sorted(moves.items(), key=lambda item: -len(item[0])))


def relinked(text: str, moves: Mapping[str, str]) -> str:
    """``text`` with every address that starts with a key of ``moves`` moved to its value."""
    for before, after in moves.items():
        pattern = re.compile(re.escape(before) + r"(?=[/\s)\]>\"'`#?]|$)", re.I)
        text = pattern.sub(after, text)
    return text


_KEY_LINE = re.compile(r"^(\s*(?:-\s+)?[\w-]+:[ \t]+)(\S.*)$")
_BLOCK_START = re.compile(r"^(\s*)(?:-\s+)?[\w-]+:\s*[|>][-+]?\d?\s*(#.*)?$")


def renamed_form(text: str, old: str, new: str) -> str:
    """An issue form (YAML) with the scheme's name ``old`` changed to ``new``: inside a block of
    text as it is, in a one-line value re-quoted as YAML needs (a name may hold a colon)."""
    if not old or old == new:
        return text
    word = re.compile(rf"(?<![\w-]){re.escape(old)}(?![\w-])")
    out: list[str] = []
    block: int | None = None  # the indent of the key whose block of text this line is in
    for line in text.split("\n"):
        indent = len(line) - len(line.lstrip())
        if block is not None and line.strip() and indent <= block:
            block = None
        key_line = _KEY_LINE.match(line)
        if block is None and key_line and word.search(line):
            value = yaml.safe_load(key_line[2])
            if isinstance(value, str):
                line = key_line[1] + scalar(word.sub(new, value))
        elif word.search(line):
            line = word.sub(new, line)
        if block is None and (start := _BLOCK_START.match(line)):
            block = len(start[1])
        out.append(line)
    return "\n".join(out)


def edits(root: Path, old: Scheme, answers: Answers, repository: str, site: str) -> dict[str, str]:
    """The new text of each file the set-up changes (only those it changes); ``site``: where
    the scheme's site is published."""
    changed: dict[str, str] = {}
    scheme_file = paths.at(root, paths.SCHEME)
    before = scheme_file.read_text(encoding="utf-8")
    after = settings(before, answers, repository, site)
    if after != before:
        changed[paths.SCHEME] = after
    moves = addresses(old, repository, site)
    for path in paths.organiser_files(root):
        if path == paths.SCHEME:  # its `upstream` is the template's on purpose
            continue
        try:
            before = paths.at(root, path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # not text: nothing in it to move
        after = relinked(before, moves)
        if path.startswith(f"{paths.FORMS}/") and path.endswith((".yml", ".yaml")):
            after = renamed_form(after, old.name, answers.name)
        if after != before:
            changed[path] = after
    return changed
