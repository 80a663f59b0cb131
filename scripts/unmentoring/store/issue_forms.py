"""Reading the issue forms in ``.github/ISSUE_TEMPLATE/`` and checking they fit what intake reads.

The forms' types and the parsing of a submitted body are in ``core/forms.py``; this module reads
the templates from disk and reports every problem with them at once.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from unmentoring.core.forms import Expected, Field, Form
from unmentoring.core.markdown_text import one_line
from unmentoring.core.problems import Problem, sort_problems
from unmentoring.store import paths
from unmentoring.store.yamlfile import Document

log = logging.getLogger(__name__)

FORMS_DIR = paths.FORMS


def form_problems(root: Path, expected: Sequence[Expected]) -> list[Problem]:
    """What is wrong with the forms in ``.github/ISSUE_TEMPLATE/`` for the code that reads
    them; nothing when the folder does not exist (a repository without forms)."""
    if not (Path(root) / FORMS_DIR).is_dir():
        return []
    return load_forms(root, expected)[1]


def load_forms(root: Path, expected: Sequence[Expected]) -> tuple[dict[str, Form], list[Problem]]:
    """The forms the code reads, and every problem with them (the forms are then unusable)."""
    loaded: dict[str, Form] = {}
    problems: list[Problem] = []
    for wanted in expected:
        form, found = _read_form(root, wanted)
        problems += found
        if form is not None:
            loaded[wanted.name] = form
    return loaded, sort_problems(problems)


def _read_form(root: Path, wanted: Expected) -> tuple[Form | None, list[Problem]]:
    path = paths.form(wanted.name)

    def problem(message: str, line: int | None = None) -> tuple[None, list[Problem]]:
        return None, [Problem(path=path, line=line, message=message)]

    file = Path(root) / path
    if file.is_symlink():  # as for data files: a link could make a check print any file
        return problem("is a symbolic link; replace it with the file itself")
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        return problem(
            "is missing; intake reads the form's questions from it: restore it from the "
            "UnMentoring template"
        )
    except (OSError, UnicodeDecodeError) as error:
        return problem(f"cannot be read ({error}); save it as a UTF-8 text file")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        return problem(
            f"is not valid YAML ({error}); fix the form", mark.line + 1 if mark else None
        )
    document = Document(path=path, data=data, text=text)
    if not isinstance(data, dict) or not isinstance(data.get("body"), list):
        return problem("is not an issue form: it needs a `body:` list of questions", 1)
    problems = []
    fields = []
    lines: dict[str, int] = {}
    for index, element in enumerate(data["body"]):
        if not isinstance(element, dict) or element.get("type") == "markdown":
            continue
        attributes = element.get("attributes")
        attributes = attributes if isinstance(attributes, dict) else {}
        if "id" not in element or "label" not in attributes:
            problems.append(
                Problem(
                    path=path,
                    line=document.line_of(("body", index)),
                    message="every question needs an `id` and a `label`: add the missing one",
                )
            )
            continue
        question = _field(element, attributes)
        if question.label in lines:
            problems.append(
                Problem(
                    path=path,
                    line=document.line_of(("body", index, "attributes", "label")),
                    message=f"`{question.id}` has the same label as the question on line "
                    f"{lines[question.label]}; answers are told apart by label: reword one",
                )
            )
        lines[question.label] = document.line_of(("body", index, "attributes", "label"))
        fields.append((index, question))
    form = Form(
        name=wanted.name, path=path, labels=_labels(data), fields=tuple(f for _, f in fields)
    )
    problems += _expectation_problems(document, wanted, dict((f.id, (i, f)) for i, f in fields))
    return (None, problems) if problems else (form, [])


def _field(element: dict[str, Any], attributes: dict[str, Any]) -> Field:
    options = attributes.get("options")
    options = options if isinstance(options, list) else []
    labels = [option.get("label", "") if isinstance(option, dict) else option for option in options]
    required_options = [
        bool(option.get("required")) if isinstance(option, dict) else False for option in options
    ]
    validations = element.get("validations")
    return Field(
        id=str(element["id"]),
        kind=str(element.get("type")),
        label=one_line(str(attributes["label"])),
        required=isinstance(validations, dict) and bool(validations.get("required")),
        options=tuple(one_line(str(label)) for label in labels),
        required_options=tuple(required_options),
    )


def _labels(data: dict[str, Any]) -> tuple[str, ...]:
    labels = data.get("labels") or ()
    if isinstance(labels, str):
        labels = [part.strip() for part in labels.split(",")]
    return tuple(str(label) for label in labels)


def _expectation_problems(
    document: Document, wanted: Expected, fields: dict[str, tuple[int, Field]]
) -> list[Problem]:
    """Each field id the code reads exists with a type it can read, with the choices it knows."""
    problems = []

    def problem(where: tuple[str | int, ...], message: str) -> None:
        problems.append(Problem(path=document.path, line=document.line_of(where), message=message))

    for field_id, kinds in wanted.fields.items():
        if field_id not in fields and field_id in wanted.optional:
            continue
        if field_id not in fields:
            problem(
                ("body",),
                f"has no question with id `{field_id}`; the code reads it: restore "
                f"`id: {field_id}` (labels may be reworded, ids must stay)",
            )
            continue
        index, question = fields[field_id]
        if question.kind not in kinds:
            allowed = " or ".join(f"`type: {kind}`" for kind in kinds)
            problem(
                ("body", index, "type"),
                f"question `{field_id}` is of type `{question.kind}`, which the code cannot "
                f"read for it: use {allowed}",
            )
    for field_id, choices in wanted.choices.items():
        if field_id not in fields:
            continue
        index, question = fields[field_id]
        where = ("body", index, "attributes", "options")
        for choice in choices:
            if choice not in question.options:
                problem(
                    where,
                    f"question `{field_id}` lacks the choice `{choice}`: keep the choice "
                    f"`{choice}` word for word; the code reads it",
                )
        for position, option in enumerate(question.options):
            if option not in choices:
                problem(
                    (*where, position),
                    f"`{option}` is not a choice the code knows for `{field_id}`; the choices "
                    f"must be exactly: {'; '.join(choices)}",
                )
        attributes = document.data["body"][index].get("attributes") or {}
        if attributes.get("multiple"):
            problem(
                ("body", index, "attributes", "multiple"),
                f"question `{field_id}` allows several choices, but the code acts on one: "
                "remove `multiple: true`",
            )
    return problems
