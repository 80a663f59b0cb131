"""Everything ``validate`` says about one file: its schema, then the rules of its kind.

The loader and intake both check files here, so a file intake writes is one ``validate`` accepts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from unmentoring.core import rules
from unmentoring.core.problems import Problem
from unmentoring.store import paths, schema
from unmentoring.store.yamlfile import Document

KIND_CHECKS: dict[str, tuple[rules.Check, ...]] = {
    "participant": rules.PARTICIPANT_CHECKS,
    "round": rules.ROUND_CHECKS,
    "scheme": rules.SCHEME_CHECKS,
}


@dataclass(frozen=True)
class Checked:
    """A file's problems: those with its shape (the schema's), then those the rules find."""

    shape: list[Problem]
    rules: list[Problem]

    @property
    def problems(self) -> list[Problem]:
        return [*self.shape, *self.rules]


def check(document: rules.Document, kind: str) -> Checked:
    shape = list(schema.check(document, kind))
    # The rules read fields; a file that is not a mapping has only the schema's problem.
    found = rules.run(KIND_CHECKS[kind], document) if isinstance(document.data, dict) else []
    return Checked(shape, found)


def participant_problems(data: dict[str, Any], path: str | None = None) -> list[Problem]:
    """Everything ``validate`` would say about ``data`` as ``path`` (by default the file the
    login in ``data`` names)."""
    path = path or paths.participant(str(data.get("github", "")))
    return check(Document(path=path, data=data), "participant").problems
