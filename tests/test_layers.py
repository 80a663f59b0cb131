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
    "time",  # the clock: core is given "today", it does not read it
}
# Parts of those that only work on values: urllib.parse quotes and splits text, and nothing more.
PURE = {"urllib.parse"}
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
    if _within(module, PURE):
        return False
    return _within(module, forbidden)


def _within(module: str, names: set[str]) -> bool:
    return any(module == name or module.startswith(f"{name}.") for name in names)


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
    text = "def f():\n    import os\n    from ..store import paths\n    import urllib.request\n"
    found = [module for _, module in imports_in(text, "unmentoring.core")]
    assert found == ["os", "unmentoring.store", "unmentoring.store.paths", "urllib.request"]
    assert all(_breaks(module, FORBIDDEN["core"]) for module in found)
    assert not _breaks("urllib.parse", FORBIDDEN["core"])


# Calls that reach outside the process without an import: files, the terminal, the clock.
IO_CALLS = {"open", "print", "input", "breakpoint"}
CLOCK_READS = {"now", "today", "utcnow", "time", "monotonic"}


def io_calls(text: str) -> list[tuple[int, str]]:
    """Calls of built-in I/O (``open``, ``print``...) and clock reads (``dt.date.today()``)."""
    found = []
    for node in ast.walk(ast.parse(text)):
        if not isinstance(node, ast.Call):
            continue
        if isinstance(node.func, ast.Name) and node.func.id in IO_CALLS:
            found.append((node.lineno, f"{node.func.id}()"))
        elif isinstance(node.func, ast.Attribute) and node.func.attr in CLOCK_READS:
            found.append((node.lineno, f".{node.func.attr}()"))
    return found


def test_core_neither_reads_files_nor_the_clock():
    """No ``open()``, ``print()`` or ``date.today()`` in core/: the edges pass those in."""
    wrong = [
        f"{file.relative_to(PACKAGE)}:{line}: calls {call}"
        for file in modules_of("core")
        for line, call in io_calls(file.read_text(encoding="utf-8"))
    ]
    assert not wrong, "\n".join(wrong)


def test_the_io_check_sees_calls():
    text = "def f():\n    print(open('x').read(), dt.date.today())\n"
    assert sorted(call for _, call in io_calls(text)) == [".today()", "open()", "print()"]


def test_the_vendored_code_and_the_dispatcher_stay_apart():
    """_vendor/ imports nothing of the package; cli.py only the core's errors (it finds the
    commands by name, with importlib, so that starting it loads only the one that runs)."""
    vendored = [
        module
        for file in modules_of("_vendor")
        for _, module in imports(file)
        if module.startswith("unmentoring") and not module.startswith("unmentoring._vendor")
    ]
    assert vendored == []
    cli = [module for _, module in imports(PACKAGE / "cli.py") if module.startswith("unmentoring")]
    assert all(
        module == "unmentoring"
        or _breaks(module, {"unmentoring.core"})
        or module == "unmentoring.__version__"
        for module in cli
    ), cli
