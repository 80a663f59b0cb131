"""The organiser's own words: a file in the scheme's ``messages/`` folder replaces one of the
texts the bot writes (core/texts.py), for example to write them in Welsh as well as English.

The file is named after the text, in lower case with dashes: ``NUDGE`` is ``messages/nudge.md``
and ``REMATCH_REPLIES`` ``noted`` is ``messages/rematch-replies.noted.md``. It holds the words,
with the same ``{fields}`` as the default (the bot fills them in). A file with a problem (an
unknown name, a field missing or added) is reported by ``validate`` and left out: the default
is used, so a mistake never stops the bot. A text without a file keeps its default.
"""

from __future__ import annotations

from pathlib import Path

from unmentoring.core import texts
from unmentoring.core.problems import Problem
from unmentoring.store import paths

SUFFIX = ".md"
BRACES = (
    "has a { or } that is not a field, so it is not used: write {{ or }} for the character "
    "itself (the default words are used meanwhile)"
)
MAX_BYTES = 20_000


def file_name(name: str) -> str:
    """The file that overrides the text ``name`` (``NUDGE`` -> ``nudge.md``)."""
    return name.lower().replace("_", "-") + SUFFIX


def load(root: Path) -> list[Problem]:
    """Read the scheme's messages, use the valid ones, and return the problems of the rest."""
    by_file = {file_name(name): (name, text) for name, text in texts.every().items()}
    folder = paths.at(root, paths.MESSAGES)
    overrides: dict[str, str] = {}
    problems: list[Problem] = []
    for file in sorted(folder.glob("*")) if folder.is_dir() else []:
        path = paths.in_folder(paths.MESSAGES, file.name)
        if not file.is_file() or file.name.startswith("."):
            continue
        found = by_file.get(file.name)
        if found is None:
            problems.append(Problem(path=path, message=_unknown(file.name)))
            continue
        name, text = found
        words, problem = _read(file)
        if problem:
            problems.append(Problem(path=path, message=problem))
            continue
        wanted = texts.fields_of(text.template)
        try:
            given = texts.fields_of(words)
        except ValueError:
            problems.append(Problem(path=path, message=BRACES))
            continue
        if wanted != given:
            problems.append(Problem(path=path, message=_fields(wanted, given)))
            continue
        overrides[name] = words
    texts.use(overrides)
    return problems


def _read(file: Path) -> tuple[str, str]:
    if file.is_symlink() or file.stat().st_size > MAX_BYTES:
        return "", f"is a link or larger than {MAX_BYTES // 1000} kB; the default words are used"
    try:
        words = file.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return "", "is not UTF-8 text; save it as UTF-8. The default words are used"
    words = words.replace("\r\n", "\n").removesuffix("\n")
    if not words.strip():
        return "", "is empty; write the words, or delete the file to use the default"
    return words, ""


def _unknown(name: str) -> str:
    return (
        "is not the name of a message, so it is not used. Name the file after the message it "
        "replaces: docs/organisers.md (Your own words) says how"
    )


def _fields(wanted: set[str], given: set[str]) -> str:
    said = []
    if wanted - given:
        said.append("add " + ", ".join(f"{{{f}}}" for f in sorted(wanted - given)))
    if given - wanted:
        said.append("remove " + ", ".join(f"{{{f}}}" for f in sorted(given - wanted)))
    return (
        f"does not have the default's fields, so it is not used: {'; '.join(said)} (the bot "
        "fills each one in; the default words are used meanwhile)"
    )
