"""Only store/paths.py builds the paths of a scheme's files: no module spells them itself.

The walk (with ``ast``, over code, not docstrings) flags the ways a path gets built by hand: a
scheme folder or file name as a string of its own (``root / "rounds"``, ``glob("rounds/*")``),
one of store/paths.py's names joined with ``/`` (``root / paths.ROUNDS``: ``paths.at`` does it),
an f-string or string that starts with one and a slash (``f"rounds/{month}.yaml"``), and an
f-string that only joins names with slashes (``f"{folder}/{entry.name}"``; joins of computed
values are URLs and ``owner/repo`` names). Keys of data (``{"participants": ...}``,
``figures["participants"]``) are not paths. Messages that name a file get its path from
store/paths.py too, so they pass.
"""

from __future__ import annotations

import ast
from pathlib import Path

import unmentoring
from unmentoring.store import paths

PACKAGE = Path(unmentoring.__file__).parent
# The scheme's own names, and every path store/paths.py defines (and their first folder).
DEFINED = {
    name: value
    for name, value in vars(paths).items()
    if name.isupper() and isinstance(value, str) and value
}
NAMES = (
    {"participants", "rounds", "scheme.yaml", ".github", "site", "_site", "scripts/unmentoring"}
    | set(DEFINED.values())
    | {value.split("/")[0] for value in DEFINED.values()}
)


def _docstrings(tree: ast.AST) -> set[int]:
    """The ids of the docstring nodes: they describe paths, they do not build them."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def _names_a_path(text: str) -> bool:
    return text in NAMES or any(text.startswith(f"{name}/") for name in NAMES)


def hand_built_paths(text: str) -> list[tuple[int, str]]:
    """Each place in ``text`` (a module) that builds a scheme path by hand, with its line."""
    tree = ast.parse(text)
    docstrings = _docstrings(tree)
    not_paths = docstrings | {
        id(part)
        for node in ast.walk(tree)
        if isinstance(node, ast.JoinedStr)
        for part in node.values
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict):
            not_paths |= {id(key) for key in node.keys if key is not None}
        elif isinstance(node, ast.Subscript):
            not_paths.add(id(node.slice))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
            for side in (node.left, node.right):
                name = side.attr if isinstance(side, ast.Attribute) else getattr(side, "id", "")
                if name in DEFINED:
                    found.append((node.lineno, f"`/ {name}`"))
        if isinstance(node, ast.JoinedStr):
            parts = node.values
            first = parts[0] if parts else None
            if isinstance(first, ast.Constant) and _names_a_path(str(first.value)):
                found.append((node.lineno, f"f-string starting {first.value!r}"))
            constants = [p.value for p in parts if isinstance(p, ast.Constant)]
            values = [p.value for p in parts if isinstance(p, ast.FormattedValue)]
            named = all(isinstance(v, ast.Name | ast.Attribute) for v in values)
            if len(values) >= 2 and named and constants and all(c == "/" for c in constants):
                found.append((node.lineno, "f-string joining values with '/'"))
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in not_paths
            and _names_a_path(node.value)
        ):
            found.append((node.lineno, repr(node.value)))
    return sorted(found)


def test_no_module_but_store_paths_builds_a_scheme_path():
    wrong = [
        f"{file.relative_to(PACKAGE)}:{line}: {what}; use unmentoring.store.paths"
        for file in sorted(PACKAGE.rglob("*.py"))
        if file != PACKAGE / "store" / "paths.py"
        for line, what in hand_built_paths(file.read_text(encoding="utf-8"))
    ]
    assert not wrong, "\n".join(wrong)


def test_the_walk_finds_each_way_of_building_a_path():
    """The check can fail: each hand-built path below is found, and only those."""
    text = '''
"""A docstring may say rounds/YYYY-MM.yaml and participants/."""
def f(root, entry, month):
    """So may a function's: scheme.yaml."""
    a = root / "rounds"
    b = root.glob("participants/*.yaml")
    c = f"rounds/{month}.yaml"
    d = f"{root}/{entry}"
    e = root / "site" / "templates"
    g = root / ".github" / "workflows"
    ok = f"{root} is not a folder: {entry}"
    fine = "scheme.yaml: `start` is not a month"
    also = f"{paths.round_file(month)} does not exist"
    url = f"{server.rstrip('/')}/{name}"
    key = {"participants": 1}["participants"]
    h = root / paths.ROUNDS
    i = root / SCHEME
'''
    assert [line for line, _ in hand_built_paths(text)] == [5, 6, 7, 8, 9, 10, 16, 17]


def test_store_paths_defines_what_the_walk_looks_for():
    """The names come from paths.py itself, so a new path there is watched everywhere else."""
    assert {paths.ROUNDS, paths.PARTICIPANTS, paths.SCHEME, paths.CODE, paths.BUILT_SITE} <= NAMES
    assert {"ROUNDS", "PARTICIPANTS", "SCHEME", "WORKFLOWS"} <= set(DEFINED)
    assert ".github" in NAMES
