"""Issue forms: the templates in ``.github/ISSUE_TEMPLATE/``, and submissions GitHub renders.

The template is the parsing schema. GitHub writes a submitted form into the issue body as one
section per field: ``### <label>``, a blank line, then the value (``_No response_`` for an empty
field, ``None`` for an empty dropdown, ``- [X] <option>`` / ``- [ ] <option>`` for checkboxes).
We read the labels from the template and give back the values by field id, so an organiser can
reword a label without breaking the parser, and the code names fields by id only.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from unmentoring.core.markdown_text import one_line

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
