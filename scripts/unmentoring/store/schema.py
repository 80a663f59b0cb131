"""The JSON Schemas of the three file kinds, and their errors told in plain words."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import fastjsonschema
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from unmentoring.core.problems import Problem
from unmentoring.core.rules import Document


@cache
def schema(kind: str) -> dict[str, Any]:
    text = resources.files("unmentoring.store").joinpath(f"schemas/{kind}.schema.json").read_text()
    return json.loads(text)


@cache
def _validator(kind: str) -> Draft202012Validator:
    return Draft202012Validator(schema(kind))


@cache
def _fast_validator(kind: str):
    """A compiled validator: tells quickly whether a file is valid, but names one error only."""
    draft7 = {**schema(kind), "$schema": "http://json-schema.org/draft-07/schema#"}
    return fastjsonschema.compile(draft7)


def check(document: Document, kind: str) -> Iterator[Problem]:
    """Yield a problem for every way ``document`` breaks the schema of ``kind``."""
    try:
        _fast_validator(kind)(document.data)
        return
    except fastjsonschema.JsonSchemaException:
        pass  # Now list every error, in plain words, with the thorough validator.
    if not isinstance(document.data, dict):
        yield Problem(
            path=document.path,
            line=1,
            message=f"holds {_describe(document.data)}; it should be a set of fields "
            "written `key: value`, one a line, as in the guide, docs/",
        )
        return
    for error in _validator(kind).iter_errors(document.data):
        where = tuple(error.absolute_path)
        line = document.line_of(where)
        if _said_by_enum(error):
            continue
        if error.validator == "additionalProperties":
            allowed = ", ".join(sorted(error.schema.get("properties", {})))
            for key in sorted(set(error.instance) - set(error.schema.get("properties", {}))):
                yield Problem(
                    path=document.path,
                    line=document.line_of((*where, key)),
                    field=str(where[0]) if where else key,
                    message=f"unknown field `{key}`; remove it or use one of: {allowed}",
                )
            continue
        absent = error.validator == "required"
        if where:
            concerns: str | None = str(where[0])
        elif absent:
            concerns = _missing_field(error)
        else:
            concerns = None
        yield Problem(
            path=document.path,
            line=line,
            field=concerns,
            absent=absent and not where,
            message=_explain(error, where),
        )


def _said_by_enum(error: ValidationError) -> bool:
    """A yes/no value where one of some words belongs: the enum's message lists the words, so
    the type's (put it in quotes) would only suggest another wrong value."""
    schema = error.schema if isinstance(error.schema, Mapping) else {}
    return error.validator == "type" and isinstance(error.instance, bool) and "enum" in schema


def _missing_field(error: ValidationError) -> str | None:
    """The field a ``required`` error says is missing (jsonschema names it in its message)."""
    return error.message.split("'")[1] if "'" in error.message else None


def _field_name(where: tuple) -> str:
    parts = []
    for part in where:
        parts.append(f"[{part + 1}]" if isinstance(part, int) else f".{part}")
    return "".join(parts).lstrip(".") or "the file"


@dataclass(frozen=True)
class _Failed:
    """One rule a value broke, as the messages need it."""

    name: str  # the field, in backquotes
    where: tuple
    value: Any
    limit: Any  # the rule's own value: the type, the bound, the options
    message: str | None  # the schema's own wording of the rule (x-message), if any
    error: ValidationError


def _explain(error: ValidationError, where: tuple) -> str:
    # jsonschema types these loosely (a schema may be a bool); ours are always mappings.
    message = error.schema.get("x-message") if isinstance(error.schema, Mapping) else None
    failed = _Failed(
        name=f"`{_field_name(where)}`",
        where=where,
        value=error.instance,
        limit=error.validator_value,
        message=message,
        error=error,
    )
    if failed.message and error.validator in _WORDED:
        return f"{failed.name} is {_show(failed.value)}; it {failed.message}"
    explain = _EXPLAIN.get(str(error.validator), _as_the_schema_says)
    return explain(failed)


def _missing(failed: _Failed) -> str:
    missing = _missing_field(failed.error) or "a field"
    inside = f" in {failed.name}" if failed.where else ""
    return f"missing required field `{missing}`{inside}; add a line `{missing}: ...`"


def _wrong_type(failed: _Failed) -> str:
    name, value, wanted = failed.name, failed.value, str(failed.limit)
    if failed.message:
        return f"{name} is {_describe(value)}; it {failed.message}"
    if isinstance(value, bool) and wanted == "string":
        return (
            f"{name} was read as a yes/no value, not text; put it in quotes, "
            f'for example {_field_name(failed.where[-1:])}: "{_yaml_word(value)}"'
        )
    if value is None:
        return (
            f"{name} is empty; give it a value, or remove the line if it is optional "
            '(for the word null, put it in quotes: "null")'
        )
    return f"{name} should be {_a(wanted)}, not {_describe(value)}" + (
        "; put text in quotes" if wanted == "string" else ""
    )


def _not_an_option(failed: _Failed) -> str:
    options = ", ".join(str(option) for option in failed.limit)
    if isinstance(failed.value, bool):
        return (
            f"{failed.name} was read as the yes/no value {str(failed.value).lower()} (YAML "
            f"reads yes, no, on and off so); use one of: {options}"
        )
    return f"{failed.name} is {_show(failed.value)}; use one of: {options}"


def _too_long(failed: _Failed) -> str:
    return (
        f"{failed.name} is {len(failed.value)} characters long; the limit is "
        f"{failed.limit}: shorten it"
    )


def _empty(failed: _Failed) -> str:
    return f"{failed.name} is empty; give it a value, or remove the line if it is optional"


def _too_few(failed: _Failed) -> str:
    return f"{failed.name} is empty; it needs at least {failed.limit} item(s)"


def _out_of_bounds(failed: _Failed) -> str:
    bound = "at least" if failed.error.validator == "minimum" else "at most"
    return f"{failed.name} is {_show(failed.value)}; it must be {bound} {failed.limit}"


def _as_the_schema_says(failed: _Failed) -> str:
    return f"{failed.name}: {failed.error.message}"


# Rules whose schema words them itself (x-message), when it does.
_WORDED = ("pattern", "enum", "const", "uniqueItems", "maxItems")
# Each rule's own message; any other rule is given in jsonschema's words.
_EXPLAIN: dict[str, Callable[[_Failed], str]] = {
    "required": _missing,
    "type": _wrong_type,
    "enum": _not_an_option,
    "maxLength": _too_long,
    "minLength": _empty,
    "minItems": _too_few,
    "minimum": _out_of_bounds,
    "maximum": _out_of_bounds,
}


def _yaml_word(value: bool) -> str:
    return "yes" if value else "no"


def _a(kind: str) -> str:
    return {
        "string": "text",
        "integer": "a whole number",
        "boolean": "true or false",
        "array": "a list",
        "object": "a set of fields",
    }.get(kind, kind)


def _describe(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"the yes/no value {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text {_show(value)}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a set of fields"
    return type(value).__name__


def _show(value: object) -> str:
    text = str(value)
    return f"`{text[:60]}…`" if len(text) > 60 else f"`{text}`"
