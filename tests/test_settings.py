"""scheme.yaml's fields have one source, the ``Scheme`` dataclass; everything else follows it.

The JSON Schema, the template's own scheme.yaml and the field table in docs/organisers.md are
checked here against the dataclass: the same fields, in the same order, with the same defaults
and options. A new field is added to the dataclass first; this test says what else to change.
"""

from __future__ import annotations

import dataclasses
import enum
import re
from pathlib import Path

import pytest
import yaml

from unmentoring.core.model import DrawMode, Scheme, SignupMode
from unmentoring.store import schema

ROOT = Path(__file__).parent.parent
FIELDS = dataclasses.fields(Scheme)
NAMES = [spec.name for spec in FIELDS]
SCHEMA = schema.schema("scheme")


def _json(value: object) -> object:
    """A default as JSON and YAML write it."""
    if isinstance(value, tuple):
        return list(value)
    return str(value) if isinstance(value, enum.Enum) else value


def _has_value(spec: dataclasses.Field) -> bool:
    """Whether a field's default is a value (not missing, None or an empty list)."""
    return spec.default is not dataclasses.MISSING and spec.default not in (None, ())


def test_the_schema_has_exactly_the_dataclass_fields_in_order():
    assert list(SCHEMA["properties"]) == NAMES


@pytest.mark.parametrize("spec", FIELDS, ids=NAMES)
def test_the_schema_gives_each_default_and_requires_what_has_none(spec):
    given = SCHEMA["properties"][spec.name]
    if spec.default is dataclasses.MISSING:
        assert spec.name in SCHEMA["required"] and "default" not in given
    elif spec.default is None:
        assert "default" not in given and spec.name not in SCHEMA["required"]
    else:
        assert given["default"] == _json(spec.default)


@pytest.mark.parametrize(("name", "kind"), [("signup", SignupMode), ("draw", DrawMode)])
def test_the_schema_offers_exactly_the_enum_values(name, kind):
    assert SCHEMA["properties"][name]["enum"] == [member.value for member in kind]


def test_reading_and_writing_follow_the_fields():
    data = {
        "name": "Coffee",
        "organiser": "Wyvern Digital",
        "contact": "team@example.org",
        "signup": "review",
        "skip_months": [12, 8, 8],
    }
    scheme = Scheme.from_dict(data)
    assert scheme.signup is SignupMode.REVIEW and scheme.skip_months == (8, 12)
    assert scheme.to_dict() == {
        "name": "Coffee",
        "organiser": "Wyvern Digital",
        "contact": "team@example.org",
        "stats_threshold": 5,
        "signup": "review",
        "nudge_day": 10,
        "rematch_day": 17,
        "prompt_day": 24,
        "pause_after_silent": 2,
        "draw": "direct",
        "skip_months": [8, 12],
        "timezone": "Europe/London",
        "upstream": "localgovdigital/unmentoring",
    }
    assert Scheme.from_dict(scheme.to_dict()) == scheme


def test_a_scheme_without_an_organiser_is_refused_with_the_fix(scheme_repo, run_cli):
    scheme_repo.write("scheme.yaml", "name: Coffee\n")
    code, out, _ = run_cli("validate", "--repo", scheme_repo.root)
    assert code == 1
    assert "scheme.yaml:1: missing required field `organiser`; add a line `organiser: ...`" in out


def test_the_templates_scheme_yaml_names_every_field_in_order():
    """Each field is set or shown commented out, so an organiser sees every setting."""
    text = (ROOT / "scheme.yaml").read_text(encoding="utf-8")
    named = re.findall(r"^#? ?([a-z_]+):", text, flags=re.MULTILINE)
    assert [name for name in named if name in NAMES] == NAMES
    assert Scheme.from_dict(yaml.safe_load(text))  # and it reads


def test_the_organisers_field_table_follows_the_dataclass():
    """docs/organisers.md's table: every field in order; the default column gives each default
    in backquotes, `required` where there is none, and words where it defaults to nothing."""
    text = (ROOT / "docs" / "organisers.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([a-z_]+)` \| .* \| ([^|]+) \|$", text, flags=re.MULTILINE)
    assert [name for name, _ in rows] == NAMES
    for spec, (_, cell) in zip(FIELDS, rows, strict=True):
        if spec.default is dataclasses.MISSING:
            assert cell == "required", spec.name
        elif _has_value(spec):
            shown = _json(spec.default)
            assert cell == f"`{shown}`", spec.name
        else:
            assert not re.fullmatch(r"`[^`]*`", cell), spec.name
