"""The repository's workflow files, read for one fact: which of them run on a schedule.

GitHub puts only scheduled workflows to sleep, so these are the ones ``keep-awake`` watches.
A file that cannot be read or parsed is skipped with a warning: GitHub rejects it too, and
``zizmor`` in the tests reports it.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import yaml

from unmentoring.store import paths

log = logging.getLogger(__name__)

# The C loader (libyaml) when PyYAML has it: the workflow files are read on every run of the
# workflows that keep the schedules awake, and it reads them about ten times faster.
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def scheduled(root: Path) -> tuple[str, ...]:
    """The paths (``.github/workflows/x.yml``) of the workflows with a ``schedule:`` trigger."""
    folder = paths.at(root, paths.WORKFLOWS)
    found = []
    for file in sorted([*folder.glob("*.yml"), *folder.glob("*.yaml")]):
        try:
            data = yaml.load(file.read_text(encoding="utf-8"), Loader=_LOADER)
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
            log.warning("%s: cannot read it (%s); skipped", paths.workflow(file.name), error)
            continue
        if is_scheduled(data):
            found.append(paths.workflow(file.name))
    return tuple(found)


def is_scheduled(data: Any) -> bool:
    """Whether a workflow file's data has a ``schedule:`` trigger."""
    return "schedule" in _triggers(data)


def _triggers(data: Any) -> list[str]:
    if not isinstance(data, dict):
        return []
    # YAML 1.1 reads a bare `on` key as the boolean true.
    on = data.get("on", data.get(True))
    if isinstance(on, str):
        return [on]
    if isinstance(on, list):
        return [str(item) for item in on]
    if isinstance(on, dict):
        return [str(key) for key in on]
    return []
