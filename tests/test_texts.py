"""Every text the bot writes on GitHub (core/texts.py): each template fills with the fields it
names, and every call in the code passes exactly those fields; each marker is a hidden comment of
ours, and no two texts share a marker unless they are the replies that one comment gets (one
reply per comment, whichever it is); no sentence is written twice, and none is left unused."""

from __future__ import annotations

import ast
import re
import string
from collections.abc import Iterator
from pathlib import Path

import pytest

from unmentoring.core import texts
from unmentoring.core.texts import Text

PACKAGE = Path(texts.__file__).resolve().parent.parent
# Each text by its name in texts.py; a family of texts in a dict (one call fills any of them)
# as NAME[key].
TEXTS = {name: value for name, value in vars(texts).items() if isinstance(value, Text)} | {
    f"{name}[{key}]": text
    for name, family in vars(texts).items()
    if isinstance(family, dict)
    for key, text in family.items()
    if isinstance(text, Text)
}
# Markers kept as constants beside the texts that carry them.
MARKERS = {
    name: value
    for name, value in vars(texts).items()
    if name.endswith("MARKER") and isinstance(value, str)
}
MARKER = re.compile(r"<!-- unmentoring:[a-z-]+(=\{[a-z_]+\})?( [a-z-]+=\{[a-z_]+\})* -->")
# Texts no code uses yet, each with the reason; a text that comes into use must leave this list.
UNUSED = {
    # core/rematch.py writes the reply's marker itself (f"{marker}\n{words}"); its rewrite is
    # to fill this instead.
    "REMATCH_REPLY",
}


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_each_template_fills_with_the_fields_it_names(name):
    text = TEXTS[name]
    filled = text.fill(**{field: f"<{field}>" for field in text.fields})
    assert "{" not in filled.replace("{{", "") and "}" not in filled.replace("}}", ""), name
    for field in text.fields:
        assert f"<{field}>" in filled, (name, field)


# -- every call passes exactly the fields ----------------------------------------------------------


def _texts_named(node: ast.expr, local: dict[str, set[str]]) -> set[str] | None:
    """The texts (names in TEXTS or MARKERS) an expression may be: ``texts.NAME``, a family's
    ``texts.NAME[...]``, either side of ``a if c else b``, or a local variable bound to those;
    None when it cannot be told from the code (a function's parameter)."""
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        return {node.attr} if node.value.id == "texts" else None
    if isinstance(node, ast.Subscript):
        family = _texts_named(node.value, local)
        if family is not None:
            return {name for name in TEXTS if name.split("[")[0] in family and "[" in name}
    if isinstance(node, ast.IfExp):
        body, orelse = _texts_named(node.body, local), _texts_named(node.orelse, local)
        return None if body is None or orelse is None else body | orelse
    if isinstance(node, ast.Name):
        return local.get(node.id)
    return None


def _scopes(tree: ast.Module) -> Iterator[tuple[str | None, list[ast.AST]]]:
    """The module's own statements, then each function's (a nested one also within its own),
    each with the function's name."""
    definitions = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
    yield (
        None,
        [
            node
            for stmt in tree.body
            if not isinstance(stmt, definitions)
            for node in ast.walk(stmt)
        ],
    )
    for function in ast.walk(tree):
        if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield function.name, list(ast.walk(function))


def _handed(tree: ast.Module) -> dict[str, dict[str, set[str]]]:
    """The texts each function's parameters are given by the module's own calls of it, such as
    ``_recording(..., texts.THANK_YOU_MET)``, followed through a parameter handed on."""
    functions = {
        node.name: node
        for node in ast.walk(tree)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
    }
    handed: dict[str, dict[str, set[str]]] = {name: {} for name in functions}
    changed = True
    while changed:  # until a parameter handed on has all its callers' texts
        changed = False
        for name, scope in _scopes(tree):
            given = handed.get(name, {}) if name else {}
            for node in scope:
                if not (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Name)
                    and node.func.id in functions
                ):
                    continue
                callee = functions[node.func.id]
                parameters = [argument.arg for argument in callee.args.args]
                pairs = list(zip(parameters, node.args, strict=False))
                pairs += [(k.arg, k.value) for k in node.keywords if k.arg is not None]
                for parameter, value in pairs:
                    named = _texts_named(value, given)
                    known = handed[callee.name].setdefault(parameter, set())
                    if named and not named <= known:
                        known |= named
                        changed = True
    return handed


def _calls() -> Iterator[tuple[str, set[str], set[str]]]:
    """Each call that fills, marks or formats a text: where, which texts, the fields passed."""
    seen = set()
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        handed = _handed(tree)
        for name, scope in _scopes(tree):
            local: dict[str, set[str]] = dict(handed.get(name, {})) if name else {}
            for node in scope:
                if isinstance(node, ast.Assign) and len(node.targets) == 1:
                    target = node.targets[0]
                    named = _texts_named(node.value, {})
                    if isinstance(target, ast.Name) and named is not None:
                        local[target.id] = local.get(target.id, set()) | named
            for node in scope:
                if not (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute)
                    and node.func.attr in ("fill", "mark", "format")
                    and all(keyword.arg is not None for keyword in node.keywords)  # no **fields
                ):
                    continue
                named = _texts_named(node.func.value, local)
                if named is None:
                    continue
                where = f"{path.relative_to(PACKAGE)}:{node.lineno}:{node.col_offset}"
                if where in seen:  # a nested function's, seen with the one around it
                    continue
                seen.add(where)
                passed = {keyword.arg for keyword in node.keywords if keyword.arg}
                yield f"{where} {node.func.attr}", named, passed


CALLS = list(_calls())


def _taken(name: str, how: str) -> set[str]:
    if name in MARKERS:
        return _fields(MARKERS[name])
    text = TEXTS[name]
    return _fields(text.marker or "") if how == "mark" else text.fields


@pytest.mark.parametrize(("where", "named", "passed"), CALLS, ids=[call[0] for call in CALLS])
def test_each_call_passes_exactly_the_fields_its_texts_take(where, named, passed):
    """A field the template lacks is dropped without a word, and one it lacks fails only when
    that branch runs: so the fields a call passes are those of the texts it may fill."""
    assert named <= set(TEXTS) | set(MARKERS), f"{where}: no such text {named}"
    how = where.rsplit(" ", 1)[1]
    assert passed == set().union(*(_taken(name, how) for name in named)), where


def test_the_calls_are_found():
    """The search above sees the calls it is meant to check (a refactoring could hide them)."""
    checked = set().union(*(named for _, named, _ in CALLS))
    assert {"PAIRING_GREETING", "SIGN_UP_PROBLEMS", "JOINED", "PAIRING_MARKER"} <= checked
    assert {"THANK_YOU_MET", "THANK_YOU_NOT_MET", "RESUMED", "RESUMED_NOT_PAUSED"} <= checked
    assert len(checked) > len(TEXTS) // 2


# -- markers ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(n for n, t in TEXTS.items() if t.marker is not None))
def test_each_marker_is_a_hidden_comment_of_ours_on_a_line_of_its_own(name):
    text = TEXTS[name]
    assert text.marker is not None and MARKER.fullmatch(text.marker), name
    filled = text.fill(**{field: "x" for field in text.fields})
    assert filled.split("\n", 1)[0] == text.mark(**{field: "x" for field in text.fields})


@pytest.mark.parametrize("name", sorted(MARKERS))
def test_each_marker_constant_is_a_hidden_comment_of_ours(name):
    assert MARKER.fullmatch(MARKERS[name]), name


def test_markers_are_shared_only_by_the_replies_to_one_comment():
    """Two texts with one marker would find each other's comment and never be posted: only the
    replies to a comment (one reply each), the sign-up reply (edited in place) and the reply to
    someone asking alone (worded for who else asked, or for a month that ended first) share
    one."""
    by_marker: dict[str, list[str]] = {}
    for name, text in TEXTS.items():
        if text.marker is not None:
            by_marker.setdefault(text.marker, []).append(name)
    shared = {marker: names for marker, names in by_marker.items() if len(names) > 1}
    alone = texts.REMATCH_ALONE.marker
    assert set(shared) == {texts.REPLY_MARKER, texts.SIGN_UP_DONE.marker, alone}
    assert sorted(shared[texts.SIGN_UP_DONE.marker]) == [
        "SIGN_UP_DONE",
        "SIGN_UP_IN_REVIEW",
        "SIGN_UP_PROBLEMS",
    ]
    assert sorted(shared[alone]) == ["REMATCH_ALONE", "REMATCH_ALONE_TOGETHER", "REMATCH_MISSED"]
    assert not set(MARKERS.values()) & set(by_marker) - {texts.REPLY_MARKER}


# -- one place for each sentence -------------------------------------------------------------------


def test_no_two_texts_have_the_same_words():
    """A sentence said in several texts is one text (ABOUT_THE_SCHEME), so it reads, and can
    be changed, in one place."""
    by_words: dict[tuple[str, str | None], list[str]] = {}
    for name, text in TEXTS.items():
        by_words.setdefault((text.template, text.marker), []).append(name)
    assert [names for names in by_words.values() if len(names) > 1] == []


def test_every_text_is_used():
    """A text no code uses is a sentence nobody reads, and misleads whoever reviews the words."""
    code = "\n".join(
        path.read_text(encoding="utf-8")
        for path in PACKAGE.rglob("*.py")
        if path.resolve() != Path(texts.__file__).resolve()
    )
    used = set(re.findall(r"\btexts\.([A-Z][A-Z0-9_]*)", code))
    names = {name.split("[")[0] for name in TEXTS} | set(MARKERS)
    assert names - used == UNUSED
