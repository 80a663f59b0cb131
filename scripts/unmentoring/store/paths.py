"""Where every file of a scheme lives: the one module that builds their paths.

Paths are relative to the scheme repository's root and use forward slashes, as git and the
messages show them; ``at(root, path)`` makes one a file on disk.
"""

from __future__ import annotations

import re
from pathlib import Path

PARTICIPANTS = "participants"
ROUNDS = "rounds"
SCHEME = "scheme.yaml"
FORMS = ".github/ISSUE_TEMPLATE"
FORMS_CONFIG = f"{FORMS}/config.yml"  # the issue chooser's settings and contact links
WORKFLOWS = ".github/workflows"
# The package the workflows install and run; a round's commit holds the code that drew it.
CODE = "scripts/unmentoring"
SCRIPTS = "scripts"
# The files a folder may hold besides its own kind.
KEEP_FILES = frozenset({".gitkeep"})
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
