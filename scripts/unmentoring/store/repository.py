"""Loading a scheme repository from disk into the model, collecting every problem on the way."""

from __future__ import annotations

import dataclasses
import logging
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from unmentoring.core import rules
from unmentoring.core.model import Participant, Round, Scheme
from unmentoring.core.problems import DataProblems, Problem, Refused, sort_problems
from unmentoring.store import checks, messages, paths
from unmentoring.store.paths import PARTICIPANTS, ROUNDS, SCHEME
from unmentoring.store.roundfile import parse_canonical
from unmentoring.store.yamlfile import (
    MAX_FILE_BYTES,
    MAX_ROUND_BYTES,
    Document,
    dump,
    read_document,
    write_atomically,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Repository:
    """A scheme's data: settings, current participants by login, and rounds by month."""

    root: Path
    scheme: Scheme = field(default_factory=Scheme.placeholder)
    participants: dict[str, Participant] = field(default_factory=dict)
    rounds: dict[str, Round] = field(default_factory=dict)

    def participant_file(self, login: str) -> Path:
        return paths.at(self.root, paths.participant(login))

    def round_file(self, month: str) -> Path:
        return paths.at(self.root, paths.round_file(month))


def load(root: Path) -> tuple[Repository, list[Problem]]:
    """Read every file; return the valid part of the data and all problems found."""
    root = Path(root)
    problems: list[Problem] = []
    scheme = _load_scheme(root, problems)
    participants = _load_participants(root, problems)
    rounds = _load_rounds(root, problems)
    repository = Repository(root=root, scheme=scheme, participants=participants, rounds=rounds)
    return repository, sort_problems(problems)


def load_valid(root: Path) -> Repository:
    """The repository, or ``DataProblems`` listing why it cannot be used as it is."""
    repository, problems = load(root)
    if problems:
        raise DataProblems(problems)
    return repository


def load_for_use(root: Path, *, warn: Callable[[list[Problem]], None] | None = None) -> Repository:
    """The repository for the commands that act on it (pair, announce, build-site).

    A participant file with a problem makes that person not eligible, as if the file were not
    there: its problems are warnings (``warn``, by default ``print_warnings``) and the command
    carries on with the valid files, so one broken file does not stop the round for everyone.
    Problems in scheme.yaml or rounds/ still stop the command (``DataProblems``): they change
    the settings or the history.
    """
    loaded, problems = load(root)
    skipped = [p for p in problems if _is_participants(p)]
    if skipped:
        (warn or print_warnings)(skipped)
    # A message with a problem is left out (its default is used): said, never blocking.
    unused = [p for p in problems if _is_message(p)]
    if unused:
        (warn or print_warnings)(unused)
    blocking = [p for p in problems if not (_is_participants(p) or _is_message(p))]
    if blocking:
        raise DataProblems(blocking)
    # Drop anyone whose file has any problem, even one found after the file was read (such as
    # a link where a real file belongs).
    broken = {p.path.lower() for p in skipped}
    participants = {
        login: person
        for login, person in loaded.participants.items()
        if paths.participant(login) not in broken
    }
    return dataclasses.replace(loaded, participants=participants)


def print_warnings(problems: list[Problem], stream: TextIO | None = None) -> None:
    """Participant files left out: workflow annotations in GitHub Actions, else plain lines."""
    stream = stream or sys.stderr
    in_actions = os.environ.get("GITHUB_ACTIONS") == "true"
    for problem in problems:
        if in_actions:
            print(problem.as_github_annotation("warning"), file=stream)
        else:
            print(f"warning: {problem}", file=stream)
    files = len({problem.path for problem in problems})
    print(
        f"warning: {files} participant file(s) with problems: those people are left out until "
        "the files are fixed (`unmentoring validate` lists every problem)",
        file=stream,
    )


def _is_participants(problem: Problem) -> bool:
    return paths.is_participant_file(problem.path)


def _is_message(problem: Problem) -> bool:
    return problem.path.startswith(f"{paths.MESSAGES}/")


def load_scheme(root: Path) -> Scheme:
    """Only the settings, for commands that need nothing else; refuses a broken scheme.yaml."""
    problems: list[Problem] = []
    scheme = _load_scheme(Path(root), problems)
    blocking = [p for p in problems if not _is_message(p)]
    if blocking:
        raise DataProblems(blocking)
    return scheme


# A folder with any of these is a scheme's, even with files missing (validate names them).
SCHEME_MARKS = (SCHEME, PARTICIPANTS, paths.ROUNDS, paths.WORKFLOWS)


def require_scheme_folder(root: Path) -> None:
    """Refuse a folder that is no scheme at all (a command run from the wrong place), rather
    than report each of a scheme's files as missing."""
    if not any(paths.at(root, part).exists() for part in SCHEME_MARKS):
        raise Refused(
            f"{Path(root).resolve()} is not a scheme's folder: it has no {SCHEME}. Run the "
            "command in your scheme's folder (the copy of the template), or name that folder "
            "with --repo DIR"
        )


def _read(
    file: Path, root: Path, kind: str, problems: list[Problem]
) -> tuple[Document | None, checks.Checked]:
    """The parsed file (None if unreadable) and its problems, which are added to ``problems``."""
    shown_as = file.relative_to(root).as_posix()
    if kind == "round":
        document, found = read_document(file, shown_as, MAX_ROUND_BYTES, parse_canonical)
    elif kind == "scheme":  # every field of scheme.yaml is optional: empty means the defaults
        document, found = read_document(file, shown_as, MAX_FILE_BYTES, empty={})
    else:
        document, found = read_document(file, shown_as, MAX_FILE_BYTES)
    problems.extend(found)
    if document is None:
        return None, checks.Checked([], [])
    checked = checks.check(document, kind)
    problems.extend(checked.problems)
    return document, checked


def _load_scheme(root: Path, problems: list[Problem]) -> Scheme:
    file = paths.at(root, SCHEME)
    if not file.is_file():
        require_scheme_folder(root)
        problems.append(
            Problem(
                path=SCHEME, message="is missing; create it (docs/organisers.md lists its fields)"
            )
        )
        return Scheme.placeholder()
    # The organiser's own words, with the settings: every command that reads them uses them.
    problems += messages.load(root)
    document, checked = _read(file, root, "scheme", problems)
    if document is None or checked.problems:
        return Scheme.placeholder()
    return Scheme.from_dict(document.data)


def _load_participants(root: Path, problems: list[Problem]) -> dict[str, Participant]:
    folder = paths.at(root, PARTICIPANTS)
    problems.extend(_stray_files(folder, PARTICIPANTS, "participant"))
    participants: dict[str, Participant] = {}
    logins: list[tuple[str, str]] = []
    for file in sorted(folder.glob("*.yaml")) if folder.is_dir() else ():
        if file.is_symlink() or not file.is_file():  # _stray_files reports links
            continue
        document, checked = _read(file, root, "participant", problems)
        if document is None or not isinstance(document.data, dict):
            continue
        login = document.data.get("github")
        if isinstance(login, str):
            logins.append((document.path, login))
        if not checked.problems:
            participant = Participant.from_dict(document.data)
            participants[participant.login] = participant
    duplicates = list(rules.check_unique_logins(logins))
    problems.extend(duplicates)
    for problem in duplicates:
        participants.pop(Path(problem.path).stem.lower(), None)
    return participants


def _load_rounds(root: Path, problems: list[Problem]) -> dict[str, Round]:
    problems.extend(_stray_files(paths.at(root, ROUNDS), ROUNDS, "round"))
    rounds: dict[str, Round] = {}
    for file in _round_files(root):
        document, checked = _read(file, root, "round", problems)
        if document is None or checked.problems:
            continue
        loaded = Round.from_dict(document.data)
        rounds[loaded.round] = loaded
    return dict(sorted(rounds.items()))


def drawn_months(root: Path) -> set[str]:
    """The months that have a round file, unread: the files the loader would read as rounds."""
    return {file.stem for file in _round_files(Path(root))}


def _round_files(root: Path) -> list[Path]:
    """The files in rounds/ named ``YYYY-MM.yaml`` (real files, not links), in month order."""
    folder = paths.at(root, ROUNDS)
    return [
        file
        for file in (sorted(folder.glob("*.yaml")) if folder.is_dir() else ())
        if not file.is_symlink() and file.is_file() and paths.is_round_file_name(file.name)
    ]


def _stray_files(folder: Path, shown_as: str, kind: str) -> Iterator[Problem]:
    """A folder holds only its own kind of file: ``<login>.yaml`` or ``YYYY-MM.yaml``."""
    if not folder.is_dir():
        return
    for entry in sorted(folder.iterdir()):
        if entry.name in paths.KEEP_FILES or paths.is_leftover_write(entry.name):
            continue
        path = paths.in_folder(shown_as, entry.name)
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
        elif kind == "round" and not paths.is_round_file_name(entry.name.lower()):
            message = "round files are named by their month: rename it to YYYY-MM.yaml"
        else:
            continue
        yield Problem(path=path, line=None, message=message)


def round_text(drawn: Round) -> str:
    """The round file's text: the same round always gives the same bytes."""
    return dump(drawn.to_dict())


def write_round(root: Path, drawn: Round) -> Path:
    """Write ``rounds/<month>.yaml`` atomically (new rounds and annotations alike)."""
    file = paths.at(root, paths.round_file(drawn.round))
    write_atomically(file, round_text(drawn))
    return file


def participant_text(participant: Participant) -> str:
    return dump(participant.to_dict())
