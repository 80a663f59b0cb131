"""The README documents every command and option that ``--help`` shows, and no others."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from unmentoring.cli import COMMANDS, build_parser

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")


def subparsers() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def options(parser: argparse.ArgumentParser) -> set[str]:
    return {
        option
        for action in parser._actions
        for option in action.option_strings
        if option.startswith("--") and option not in ("--help", "--repo")
    }


def section(command: str) -> str:
    match = re.search(rf"^### `unmentoring {command}`\n(.*?)(?=^##)", README, re.M | re.S)
    assert match, f"README has no section `### unmentoring {command}`"
    return match.group(1)


@pytest.mark.parametrize("command", list(COMMANDS))
def test_readme_documents_each_option_of(command):
    documented = set(re.findall(r"^- `(--[a-z-]+)", section(command), re.M))
    assert documented == options(subparsers()[command])


def test_readme_has_a_section_for_each_command_and_no_other():
    sections = re.findall(r"^### `unmentoring ([a-z-]+)`", README, re.M)
    assert sections == list(COMMANDS)


def test_every_command_and_option_has_help_text():
    for name, parser in subparsers().items():
        for action in parser._actions:
            assert action.help, f"{name} {action.option_strings} has no help text"


def test_repo_option_is_documented_for_the_commands_that_take_it():
    takes_repo = {name for name, p in subparsers().items() if "--repo" in p._option_string_actions}
    assert takes_repo == set(COMMANDS) - {"demo"}
    assert re.search(r"Every command except `demo` takes\s+`--repo DIR`", README)


def test_readme_gives_the_two_commands():
    assert "make demo" in README and "make test" in README


def test_readme_draws_every_layer_of_the_package():
    """ "How it is built" names each package folder, and each named folder exists."""
    match = re.search(r"^## How it is built\n.*?```\n(.*?)```", README, re.M | re.S)
    assert match, "README has no layout drawing under ## How it is built"
    drawn = set(re.findall(r"^ +([a-z_]+)/", match.group(1), re.M))
    package = Path(__file__).parent.parent / "scripts" / "unmentoring"
    packages = {p.parent.name for p in package.rglob("*/__init__.py")}
    assert packages <= drawn, "folders with code that the drawing leaves out"
    folders = {p.name for p in package.rglob("*") if p.is_dir() and p.name != "__pycache__"}
    assert drawn <= folders, "folders drawn that do not exist"
