"""Issue forms: the templates in ``.github/ISSUE_TEMPLATE/``, and submissions GitHub renders.

The template is the parsing schema. GitHub writes a submitted form into the issue body as one
section per field: ``### <label>``, a blank line, then the value (``_No response_`` for an empty
field, ``None`` for an empty dropdown, ``- [X] <option>`` / ``- [ ] <option>`` for checkboxes).
We read the labels from the template and give back the values by field id, so an organiser can
reword a label without breaking the parser, and the code names fields by id only.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from unmentoring.core.markdown_text import one_line
from unmentoring.core.problems import Problem, sort_problems
from unmentoring.store.yamlfile import Document

log = logging.getLogger(__name__)

FORMS_DIR = ".github/ISSUE_TEMPLATE"
GITHUB = "https://github.com"
NO_RESPONSE = "_No response_"
EMPTY_DROPDOWN = "None"
# GitHub refuses issue bodies longer than this; anything longer did not come from GitHub.
MAX_BODY_CHARS = 65536
_TICK = re.compile(r"^\s*[-*] \[([ xX])\] (.*)$")


def form_url(repository: str, form: str, server: str = GITHUB) -> str:
    """The link that opens a new issue with one of the scheme's forms (``join`` or ``change``)."""
    return f"{server.rstrip('/')}/{repository}/issues/new?template={form}.yml"


@dataclass(frozen=True, kw_only=True)
class Field:
    """One question of a form: its id (what the code uses) and its label (what GitHub shows)."""

    id: str
    kind: str  # input, textarea, dropdown or checkboxes
    label: str
    required: bool = False
    options: tuple[str, ...] = ()  # dropdown choices, or checkbox labels
    required_options: tuple[bool, ...] = ()  # checkboxes: which must be ticked


@dataclass(frozen=True, kw_only=True)
class Form:
    name: str  # the template's file name without .yml: join, change
    path: str
    labels: tuple[str, ...]
    fields: tuple[Field, ...]

    def field(self, field_id: str) -> Field:
        for candidate in self.fields:
            if candidate.id == field_id:
                return candidate
        raise KeyError(field_id)

    @property
    def ids(self) -> set[str]:
        return {candidate.id for candidate in self.fields}


@dataclass(frozen=True, kw_only=True)
class Submission:
    """The answers in one issue body, by field id. Empty answers are left out of ``values``."""

    form: str
    values: dict[str, str] = field(default_factory=dict)
    ticked: dict[str, tuple[bool, ...]] = field(default_factory=dict)
    missing: tuple[str, ...] = ()  # ids whose section is not in the body at all


@dataclass(frozen=True, kw_only=True)
class Expected:
    """What the code reads from one form: each field id with the types it may have, and the
    choices it acts on by name (which must be the form's choices word for word)."""

    name: str  # the template's file name without .yml
    fields: Mapping[str, tuple[str, ...]]
    choices: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


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
    path = f"{FORMS_DIR}/{wanted.name}.yml"

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


def parse(body: str | None, form: Form) -> Submission:
    """The answers in ``body``, rendered by GitHub from ``form``.

    Sections are found from the last one backwards, each at the last heading with its label
    before the next section. A heading typed inside an answer therefore stays part of that
    answer as long as the real section follows it, and the checkboxes at the end are always
    read from GitHub's own section, never from text someone typed above it.
    """
    text = (body or "")[:MAX_BODY_CHARS].replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    values: dict[str, str] = {}
    ticked: dict[str, tuple[bool, ...]] = {}
    missing: list[str] = []
    end = len(lines)
    for question in reversed(form.fields):
        heading = f"### {question.label}"
        start = next(
            (index for index in range(end - 1, -1, -1) if one_line(lines[index]) == heading),
            None,
        )
        if start is None:
            missing.append(question.id)
            continue
        section = lines[start + 1 : end]
        end = start
        if question.kind == "checkboxes":
            ticked[question.id] = _ticks(section, question.options)
            continue
        value = "\n".join(section).strip()
        if value == NO_RESPONSE or (question.kind == "dropdown" and value == EMPTY_DROPDOWN):
            continue
        if value:
            values[question.id] = value
    return Submission(
        form=form.name, values=values, ticked=ticked, missing=tuple(reversed(missing))
    )


def _ticks(section: list[str], options: tuple[str, ...]) -> tuple[bool, ...]:
    found: dict[str, bool] = {}
    for line in section:
        match = _TICK.match(line)
        if match:
            label = one_line(match.group(2))
            found[label] = found.get(label, False) or match.group(1) in "xX"
    return tuple(found.get(option, False) for option in options)


def form_for_labels(forms: dict[str, Form], labels: list[str]) -> Form | None:
    """The form whose labels the issue carries (forms put their labels on the issue)."""
    present = set(labels)
    for form in forms.values():
        if form.labels and set(form.labels) <= present:
            return form
    return None


def guess_form(forms: dict[str, Form], body: str) -> Form | None:
    """The form whose first question's heading starts the body, for bodies given by hand."""
    lines = [one_line(line) for line in body.replace("\r\n", "\n").split("\n") if line.strip()]
    for form in forms.values():
        if form.fields and lines and lines[0] == f"### {form.fields[0].label}":
            return form
    return None
