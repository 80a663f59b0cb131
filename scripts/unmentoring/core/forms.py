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
# GitHub's parser: "###", optional spaces, the label, trailing white space dropped.
_HEADING = re.compile(r"###[ ]*(.*?)\s*\Z")
# JavaScript's WhiteSpace and LineTerminator code points (ECMA-262, 12.2 and 12.3).
_JS_WHITE_SPACE = (
    "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
    "\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
)


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
    # Fields read when the form has them: a scheme's own older form may not ask them yet.
    optional: frozenset[str] = frozenset()


def parse(body: str | None, form: Form) -> Submission:
    """The answers in ``body``, rendered by GitHub from ``form``, read as GitHub's own parser
    (@github/issue-parser, https://github.com/github/issue-parser) reads them, so that a body
    edited by hand gives the values GitHub's tools would see:

    - a section starts at a ``### <label>`` heading of one of the form's questions, wherever it
      is, so sections moved by hand are still found;
    - anything above the first such heading (a note typed at the top) belongs to no answer;
    - a ``###`` heading that is no question's label stays part of the answer above it;
    - a question whose heading appears twice takes the last one, so ticks are read from
      GitHub's checkbox section at the end, not from a copy typed above it;
    - each answer is trimmed as JavaScript's ``trim()`` does, which drops a leading byte-order
      mark (U+FEFF) too.

    Unlike that parser, a heading counts only at the start of a line (as in Markdown), so
    ``###`` in the middle of a sentence stays text.
    """
    text = (body or "")[:MAX_BODY_CHARS].replace("\r\n", "\n").replace("\r", "\n")
    by_label = {question.label: question for question in form.fields}
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in text.split("\n"):
        heading = _HEADING.match(line)
        question = by_label.get(heading.group(1)) if heading else None
        if question is not None:
            current = sections[question.id] = []
        elif current is not None:
            current.append(line)
    values: dict[str, str] = {}
    ticked: dict[str, tuple[bool, ...]] = {}
    for question in form.fields:
        if question.id not in sections:
            continue
        section = sections[question.id]
        if question.kind == "checkboxes":
            ticked[question.id] = _ticks(section, question.options)
            continue
        value = trim("\n".join(section))
        if value == NO_RESPONSE or (question.kind == "dropdown" and value == EMPTY_DROPDOWN):
            continue
        if value:
            values[question.id] = value
    missing = tuple(question.id for question in form.fields if question.id not in sections)
    return Submission(form=form.name, values=values, ticked=ticked, missing=missing)


def trim(text: str) -> str:
    """``text`` without the leading and trailing white space JavaScript's ``trim()`` removes
    (https://tc39.es/ecma262/#sec-string.prototype.trim): Python's ``strip()`` keeps U+FEFF,
    and strips U+0085 and U+001C-U+001F, which JavaScript keeps."""
    return text.strip(_JS_WHITE_SPACE)


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
