"""The set-up files ``doctor`` reads besides the data: the workflows and the issue templates.

Each reader returns what it found and the problems of files it could not read, never raising,
so that one broken file is a finding, not a traceback.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from unmentoring.core.problems import Problem
from unmentoring.core.setup_checks import LocalWorkflow
from unmentoring.store import paths, workflow_files
from unmentoring.store.yamlfile import MAX_FILE_BYTES


def _files(root: Path, folder: str) -> list[tuple[Path, str]]:
    """The .yml and .yaml files in ``folder``, each with its path as shown in messages."""
    where = paths.at(root, folder)
    if not where.is_dir():
        return []
    found = sorted([*where.glob("*.yml"), *where.glob("*.yaml")])
    return [(file, paths.in_folder(folder, file.name)) for file in found if file.is_file()]


def _read(file: Path, shown_as: str) -> tuple[Any, list[Problem]]:
    """A set-up file's YAML as GitHub reads it (YAML 1.1: the workflows' `on:` is a key, which
    the data files' stricter reader refuses), or None and the problem."""

    def problem(message: str, line: int | None = None) -> tuple[None, list[Problem]]:
        return None, [Problem(path=shown_as, line=line, message=message)]

    if file.is_symlink():  # as for data files: a link could make a check print any file
        return problem("is a symbolic link; replace it with the file itself")
    try:
        if file.stat().st_size > MAX_FILE_BYTES:
            return problem(f"is over {MAX_FILE_BYTES // 1024} KiB, so it was not read")
        return yaml.safe_load(file.read_text(encoding="utf-8")), []
    except (OSError, UnicodeDecodeError) as error:
        return problem(f"cannot be read ({error}); save it as a UTF-8 text file")
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        return problem(f"is not valid YAML ({error}); fix it", mark.line + 1 if mark else None)


def workflows(root: Path) -> tuple[list[LocalWorkflow], list[Problem]]:
    """The workflow files: name (GitHub shows the file's path when there is none) and schedule."""
    found: list[LocalWorkflow] = []
    problems: list[Problem] = []
    for file, shown_as in _files(root, paths.WORKFLOWS):
        data, trouble = _read(file, shown_as)
        problems += trouble
        if trouble:
            continue
        data = data if isinstance(data, dict) else {}
        name = data.get("name")
        found.append(
            LocalWorkflow(
                path=shown_as,
                name=name if isinstance(name, str) and name else shown_as,
                scheduled=workflow_files.is_scheduled(data),
            )
        )
    return found, problems


def form_labels(root: Path) -> tuple[dict[str, list[str]], list[Problem]]:
    """The labels each issue form (or template) in ``.github/ISSUE_TEMPLATE/`` puts on issues."""
    labels: dict[str, list[str]] = {}
    problems: list[Problem] = []
    for file, shown_as in _files(root, paths.FORMS):
        if shown_as == paths.FORMS_CONFIG:
            continue
        data, trouble = _read(file, shown_as)
        problems += trouble
        if not isinstance(data, dict):
            continue
        wanted = data.get("labels") or []
        if isinstance(wanted, str):  # GitHub accepts "a, b" as well as a list
            wanted = wanted.split(",")
        if isinstance(wanted, list):
            labels[shown_as] = [str(label).strip() for label in wanted if str(label).strip()]
    return labels, problems


def contact_links(root: Path) -> tuple[list[str], list[Problem]]:
    """The ``url`` of each contact link in ``.github/ISSUE_TEMPLATE/config.yml``."""
    file = paths.at(root, paths.FORMS_CONFIG)
    if not file.is_file():
        return [], []
    data, problems = _read(file, paths.FORMS_CONFIG)
    if not isinstance(data, dict):
        return [], problems
    links = data.get("contact_links") or []
    urls = [
        str(link["url"])
        for link in (links if isinstance(links, list) else [])
        if isinstance(link, dict) and link.get("url")
    ]
    return urls, problems


# A link in Markdown or YAML text: up to a space, quote, bracket or angle bracket.
_URL = re.compile(r"https?://[^\s)\]>\"'`]+")


def page_links(root: Path) -> list[tuple[str, int, str]]:
    """Every web address in the organiser's other files: the site's pages and files, messages/,
    README.md and the guide's pages that are also the site's (not scheme.yaml, whose `upstream`
    is the template on purpose, nor the forms: ``form_links``)."""
    found: list[tuple[str, int, str]] = []
    for shown_as in paths.organiser_files(root):
        if shown_as == paths.SCHEME or shown_as.startswith(f"{paths.FORMS}/"):
            continue
        found += _links_in(paths.at(root, shown_as), shown_as)
    return found


def _links_in(file: Path, shown_as: str) -> list[tuple[str, int, str]]:
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []  # not text (an image), or unreadable: validate reports a broken data file
    return [
        (shown_as, number, url.rstrip(".,;:"))
        for number, line in enumerate(text.splitlines(), 1)
        for url in _URL.findall(line)
    ]


def form_titles(root: Path) -> list[tuple[str, str, str]]:
    """Each issue form's ``name`` and ``title`` (what GitHub shows): ``(path, key, value)``."""
    found: list[tuple[str, str, str]] = []
    for file, shown_as in _files(root, paths.FORMS):
        if shown_as == paths.FORMS_CONFIG:
            continue
        data, trouble = _read(file, shown_as)
        if trouble or not isinstance(data, dict):
            continue  # form_labels reports it
        found += [(shown_as, key, str(data[key])) for key in ("name", "title") if data.get(key)]
    return found


def form_links(root: Path) -> list[tuple[str, int, str]]:
    """Every web address in the issue forms (the questions' words, not the config's contact
    links), with its file and line: ``(path, line, url)``."""
    found: list[tuple[str, int, str]] = []
    for file, shown_as in _files(root, paths.FORMS):
        if shown_as != paths.FORMS_CONFIG:
            found += _links_in(file, shown_as)
    return found
