"""The package's layers, checked: data flows files -> model -> decisions -> effects, one way.

Each test walks the imports of a layer's modules (statically, with ``ast``) and fails if a module
imports something its layer must not: ``core/`` does no I/O at all, and no layer imports one
that sits above it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import unmentoring

PACKAGE = Path(unmentoring.__file__).parent

# Modules that reach outside the process (files, processes, network) or the layers that do.
IO_MODULES = {
    "os",
    "io",
    "sys",
    "subprocess",
    "shutil",
    "tempfile",
    "pathlib",
    "glob",
    "socket",
    "urllib",
    "http",
    "requests",
    "importlib",
    "yaml",
    "json",
    "github",
    "jinja2",
    "markdown",
}
# What each layer may not import, besides what the layers above it are.
ORDER = ["core", "store", "gitops", "github", "site", "commands"]
FORBIDDEN: dict[str, set[str]] = {
    layer: {f"unmentoring.{above}" for above in ORDER[index + 1 :]} | {"unmentoring.cli"}
    for index, layer in enumerate(ORDER)
}
FORBIDDEN["core"] |= IO_MODULES | {"unmentoring.store"}
# The demo drives the whole command line, as a person would.
FORBIDDEN["commands"] -= {"unmentoring.cli"}


def imports(file: Path) -> list[tuple[int, str]]:
    """Every module ``file`` imports, absolute, with the line of the import."""
    package = ".".join(("unmentoring", *file.relative_to(PACKAGE).parent.parts))
    return imports_in(file.read_text(encoding="utf-8"), package)


def imports_in(text: str, package: str) -> list[tuple[int, str]]:
    """Every module ``text`` (a module of ``package``) imports, anywhere in it."""
    tree = ast.parse(text)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module or ""
            found.append((node.lineno, module))
            found += [(node.lineno, f"{module}.{alias.name}") for alias in node.names]
    return found


def modules_of(layer: str) -> list[Path]:
    return sorted((PACKAGE / layer).rglob("*.py"))


def _breaks(module: str, forbidden: set[str]) -> bool:
    return any(module == name or module.startswith(f"{name}.") for name in forbidden)


@pytest.mark.parametrize("layer", ORDER)
def test_no_layer_imports_what_it_must_not(layer):
    """core/ imports no I/O and no other layer; each layer imports none above it."""
    wrong = [
        f"{file.relative_to(PACKAGE)}:{line}: imports {module}"
        for file in modules_of(layer)
        for line, module in imports(file)
        if _breaks(module, FORBIDDEN[layer])
    ]
    assert not wrong, "\n".join(wrong)


def test_every_layer_has_modules_and_says_what_it_owns():
    """Each layer is a package whose ``__init__`` docstring says what it owns."""
    for layer in [*ORDER, "_vendor"]:
        init = PACKAGE / layer / "__init__.py"
        assert ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))), init
        assert len(modules_of(layer)) > 1, layer


def test_the_walk_sees_imports_anywhere():
    """The check itself can fail: imports inside functions, and relative ones, are found."""
    text = "def f():\n    import os\n    from ..store import paths\n"
    found = [module for _, module in imports_in(text, "unmentoring.core")]
    assert found[:2] == ["os", "unmentoring.store"]
    assert all(_breaks(module, FORBIDDEN["core"]) for module in found)
