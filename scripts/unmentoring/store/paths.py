"""Where every file of a scheme lives: the one module that builds their paths.

Paths are relative to the scheme repository's root and use forward slashes, as git and the
messages show them; ``at(root, path)`` makes one a file on disk.
"""

from __future__ import annotations

import re
from pathlib import Path

from unmentoring.core.upgrade import Owner

PARTICIPANTS = "participants"
ROUNDS = "rounds"
SCHEME = "scheme.yaml"
FORMS = ".github/ISSUE_TEMPLATE"
FORMS_CONFIG = f"{FORMS}/config.yml"  # the issue chooser's settings and contact links
WORKFLOWS = ".github/workflows"
SITE = "site"  # the scheme's own site: templates/, content/ and static/
BUILT_SITE = "_site"  # where build-site writes by default
DOCS = "docs"  # the guide; two of its pages are also the site's (site/doc_pages.py)
# The package the workflows install and run; a round's commit holds the code that drew it.
CODE = "scripts/unmentoring"
SCRIPTS = "scripts"
PYPROJECT = "pyproject.toml"  # its version is the release the scheme runs
CHANGELOG = "CHANGELOG.md"
REQUIREMENTS = "requirements/workflows.txt"  # the workflows' exact, hash-checked packages
MESSAGES = "messages"  # the organiser's own words for the bot's texts (store/messages.py)
# The conversation starters the pairing issues take turns with: a page of the site's content,
# which the organiser edits (core/starters.py reads its words), or of the default site's.
STARTERS_PAGE = "conversation-starters.md"
STARTERS = f"{SITE}/content/{STARTERS_PAGE}"
OUTBOX = "outbox"  # where the demo has announce write its issues
# The files a folder may hold besides its own kind.
KEEP_FILES = frozenset({".gitkeep"})
# What a write killed half-way leaves beside the file (store/yamlfile.write_atomically): the
# file itself is whole, old or new, so the leftover is not a problem with the data.
LEFTOVER_WRITE = re.compile(r"^\..+\.yaml\.[^.]+\.tmp$")
ROUND_FILE_NAME = re.compile(r"^\d{4}-(0[1-9]|1[0-2])\.yaml$")


def participant(login: str) -> str:
    """``participants/<login>.yaml``: files are named by the login, lowercased."""
    return f"{PARTICIPANTS}/{login.lower()}.yaml"


def round_file(month: str) -> str:
    """``rounds/YYYY-MM.yaml``."""
    return f"{ROUNDS}/{month}.yaml"


def form(name: str) -> str:
    """``.github/ISSUE_TEMPLATE/<name>.yml``: the join and change forms."""
    return f"{FORMS}/{name}.yml"


def workflow(file_name: str) -> str:
    """``.github/workflows/<file_name>``: as GitHub names a workflow (its ``path``)."""
    return f"{WORKFLOWS}/{file_name}"


def site_part(part: str) -> str:
    """``site/<part>``: one of the scheme's own site folders."""
    return f"{SITE}/{part}"


def doc(name: str) -> str:
    """``docs/<name>``: a page of the guide."""
    return f"{DOCS}/{name}"


def in_folder(folder: str, name: str) -> str:
    """``<folder>/<name>``: a file found in one of the folders above."""
    return f"{folder}/{name}"


def starters_page(content: Path) -> Path:
    """The conversation starters' page in a site's ``content`` folder (the scheme's own or the
    default site's: site/builder.find_sources chooses)."""
    return content / STARTERS_PAGE


def is_round_file_name(name: str) -> bool:
    """Whether ``name`` (in rounds/) is a round file's: ``YYYY-MM.yaml``."""
    return ROUND_FILE_NAME.match(name) is not None


def at(root: Path, path: str) -> Path:
    """The file on disk for a path relative to the repository."""
    return Path(root) / path


def login_of(path: str) -> str | None:
    """The login a participant file's path names, or None for any other path."""
    folder, _, name = path.partition("/")
    if folder != PARTICIPANTS or "/" in name or not name.endswith(".yaml"):
        return None
    return name.removesuffix(".yaml").lower()


def is_participant_file(path: str) -> bool:
    return path.startswith(f"{PARTICIPANTS}/")


def is_leftover_write(name: str) -> bool:
    """Whether a file name is an interrupted atomic write's temporary file."""
    return LEFTOVER_WRITE.match(name) is not None


# Whose each file is, as `upgrade` treats it (core/upgrade.py): the scheme's data is never
# merged; the workflows are the template's, and GITHUB_TOKEN may not push them; the files an
# organiser edits; and the rest, the template's.
_DATA_FOLDERS = (f"{PARTICIPANTS}/", f"{ROUNDS}/")
# docs/participants.md (the guide on GitHub) and docs/draws.md (also a page of the site), which
# organisers edit.
_ORGANISER_FILES = (SCHEME, "README.md", f"{DOCS}/participants.md", f"{DOCS}/draws.md")
_ORGANISER_FOLDERS = (f"{SITE}/content/", f"{SITE}/static/", f"{FORMS}/", f"{MESSAGES}/")


def owner(path: str) -> Owner:
    """Whose the file at ``path`` is, for an upgrade."""
    if path.startswith(_DATA_FOLDERS):
        return Owner.DATA
    if path.startswith(f"{WORKFLOWS}/"):
        return Owner.WORKFLOW
    if path in _ORGANISER_FILES or path.startswith(_ORGANISER_FOLDERS):
        return Owner.ORGANISER
    return Owner.TEMPLATE


def organiser_files(root: Path) -> list[str]:
    """Every file under ``root`` that is the organiser's (``owner``), as paths like git's."""
    found = [name for name in _ORGANISER_FILES if at(root, name).is_file()]
    for folder in _ORGANISER_FOLDERS:
        where = at(root, folder.rstrip("/"))
        if where.is_dir():
            found += [
                file.relative_to(root).as_posix()
                for file in sorted(where.rglob("*"))
                if file.is_file() and not file.is_symlink()
            ]
    return found
