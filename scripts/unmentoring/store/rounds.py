"""One round, read fresh from a checkout for a command that is about to change it."""

from __future__ import annotations

from pathlib import Path

from unmentoring.core.model import Round
from unmentoring.core.problems import Refused
from unmentoring.store import paths, repository


def read_round(root: Path, month: str) -> Round:
    """``rounds/<month>.yaml`` as ``validate`` reads it; refused, saying why, if it is missing or
    has problems (it is read with everything else, as the rules span files)."""
    relative = paths.round_file(month)
    if not paths.at(root, relative).is_file():
        raise Refused(
            f"{relative} does not exist: draw the round first with "
            f"`unmentoring pair --round {month}`"
        )
    loaded, problems = repository.load(root)
    if month not in loaded.rounds:
        found = "; ".join(str(p) for p in problems if p.path == relative)
        raise Refused(
            f"{relative} has problems, so it cannot be changed: "
            + (found or "`unmentoring validate` lists them")
        )
    return loaded.rounds[month]
