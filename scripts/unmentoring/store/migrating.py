"""Running data migrations (core/migrations.py) on a scheme's participant and round files."""

from __future__ import annotations

from pathlib import Path

from unmentoring.core.migrations import Migration
from unmentoring.core.problems import Refused
from unmentoring.store import paths
from unmentoring.store.yamlfile import dump, read_document, write_atomically


def migrated_files(root: Path, migrations: list[Migration]) -> list[tuple[str, str]]:
    """Each data file the migrations change, with its new text, by path; nothing written."""
    changed: list[tuple[str, str]] = []
    kinds = ((paths.PARTICIPANTS, "participant"), (paths.ROUNDS, "round"))
    for folder, kind in kinds:
        steps = [getattr(m, kind) for m in migrations if getattr(m, kind) is not None]
        if not steps:
            continue
        for file in sorted(paths.at(root, folder).glob("*.yaml")):
            path = paths.in_folder(folder, file.name)
            document, problems = read_document(file, path)
            if document is None or not isinstance(document.data, dict):
                said = problems[0] if problems else f"{path}: is not a mapping of fields"
                raise Refused(f"cannot migrate {path}: {said}; fix it and run again")
            data = document.data
            for step in steps:
                data = step(dict(data))
            if data != document.data:
                changed.append((path, dump(data)))
    return changed


def migrate_in_place(root: Path, migrations: list[Migration]) -> int:
    """Migrate the data files under ``root`` (a copy being checked); how many changed."""
    changed = migrated_files(root, migrations)
    for path, text in changed:
        write_atomically(paths.at(root, path), text)
    return len(changed)
