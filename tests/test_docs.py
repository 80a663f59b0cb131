"""The README and docs/ are in step with the code: the command reference is generated from
``--help``, the layout drawing names the package's folders, and every relative link resolves.

docs/commands.md is generated from the argument parsers, keeping the hand-written text between
each command's heading and the generated part. After changing a command's help or options:

    make docs        (or: UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_docs.py)
"""

from __future__ import annotations

import argparse
import os
import re
from pathlib import Path
from urllib.parse import unquote

import pytest
import yaml

from unmentoring.cli import COMMANDS, build_parser
from unmentoring.core import attention, setup_checklist
from unmentoring.site.doc_pages import anchors

ROOT = Path(__file__).parent.parent
README = ROOT / "README.md"
DOCS = ROOT / "docs"
REFERENCE = DOCS / "commands.md"
REGENERATE = "make docs (or UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_docs.py)"
HEADING = re.compile(r"^## `unmentoring ([a-z-]+)`\n", re.M)
MARKER = "<!-- Generated from `unmentoring {name} --help` to the next heading by `make docs`. -->"
USAGE_WIDTH = 100


def subparsers() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def one_line_help() -> dict[str, str]:
    return {name: help_text for name, (_, help_text) in COMMANDS.items()}


def options(parser: argparse.ArgumentParser) -> set[str]:
    return {
        option
        for action in parser._actions
        for option in action.option_strings
        if option.startswith("--") and option not in ("--help", "--repo")
    }


# -- the command reference, generated ----------------------------------------------------------


def split_reference(text: str) -> tuple[str, dict[str, str]]:
    """The reference's introduction, and each command's hand-written text (before its marker)."""
    parts = HEADING.split(text)
    intro, rest = parts[0], parts[1:]
    written = {}
    for name, body in zip(rest[::2], rest[1::2], strict=True):
        written[name] = body.split(MARKER.format(name=name), 1)[0].strip()
    return intro.rstrip() + "\n", written


def option_line(action: argparse.Action, formatter: argparse.HelpFormatter) -> str:
    option = action.option_strings[-1]
    if action.nargs == 0:
        shown = option
    elif action.choices:
        shown = f"{option} {'|'.join(map(str, action.choices))}"
    else:
        shown = f"{option} {action.metavar or action.dest.upper()}"
    return f"- `{shown}`: {formatter._expand_help(action)}"


def generated(name: str, parser: argparse.ArgumentParser) -> str:
    """What ``--help`` says: the command's one line, its usage and each option with its help."""
    usage = argparse.HelpFormatter(parser.prog, width=USAGE_WIDTH)
    usage.add_usage(parser.usage, parser._actions, parser._mutually_exclusive_groups, prefix="")
    formatter = parser._get_formatter()
    lines = [
        MARKER.format(name=name),
        "",
        f"In short: {one_line_help()[name]}.",
        "",
        "```",
        usage.format_help().strip("\n"),
        "```",
        "",
        *(
            option_line(action, formatter)
            for action in parser._actions
            if action.option_strings
            and action.help is not argparse.SUPPRESS
            and "--help" not in action.option_strings
        ),
    ]
    return "\n".join(lines) + "\n"


def render_reference(current: str) -> str:
    """docs/commands.md as it should be: its introduction and hand-written text as they are, one
    section per command in the order of the monthly cycle, each ending with what --help says."""
    intro, written = split_reference(current)
    sections = []
    for name, parser in subparsers().items():
        text = written.get(name) or "(Say here what the command is for.)"
        sections.append(f"## `unmentoring {name}`\n\n{text}\n\n{generated(name, parser)}")
    return "\n".join([intro, *sections])


def test_the_command_reference_is_in_step_with_help():
    current = REFERENCE.read_text(encoding="utf-8")
    wanted = render_reference(current)
    if os.environ.get("UPDATE_GOLDEN") and wanted != current:
        REFERENCE.write_text(wanted, encoding="utf-8")
        current = wanted
    assert current == wanted, (
        f"docs/commands.md is out of step with --help; regenerate it with {REGENERATE}"
    )


def test_regenerating_keeps_the_hand_written_text_and_replaces_the_generated_part():
    """The check above can fail: a stale option list is replaced, the text before it is kept."""
    current = REFERENCE.read_text(encoding="utf-8")
    stale = current.replace("- `--check`:", "- `--no-such-option`: gone\n- `--check`:", 1)
    assert stale != current
    assert render_reference(stale) == render_reference(current)
    _, written = split_reference(current)
    assert all(written[name] in render_reference(current) for name in COMMANDS)


def section(command: str) -> str:
    text = REFERENCE.read_text(encoding="utf-8")
    match = re.search(rf"^## `unmentoring {command}`\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert match, f"docs/commands.md has no section `## unmentoring {command}`"
    return match.group(1)


@pytest.mark.parametrize("command", list(COMMANDS))
def test_the_reference_documents_each_option_of(command):
    documented = set(re.findall(r"^- `(--[a-z-]+)", section(command), re.M)) - {"--repo"}
    assert documented == options(subparsers()[command])


@pytest.mark.parametrize("command", list(COMMANDS))
def test_each_command_has_hand_written_text(command):
    _, written = split_reference(REFERENCE.read_text(encoding="utf-8"))
    assert len(written.get(command, "")) > 40, f"say in docs/commands.md what {command} does"


def test_the_reference_has_a_section_for_each_command_and_no_other():
    sections = HEADING.findall(REFERENCE.read_text(encoding="utf-8"))
    assert sections == list(COMMANDS)


def test_every_command_and_option_has_help_text():
    for name, parser in subparsers().items():
        for action in parser._actions:
            assert action.help, f"{name} {action.option_strings} has no help text"


def test_repo_option_is_documented_for_the_commands_that_take_it():
    takes_repo = {name for name, p in subparsers().items() if "--repo" in p._option_string_actions}
    assert takes_repo == set(COMMANDS) - {"demo"}
    intro, _ = split_reference(REFERENCE.read_text(encoding="utf-8"))
    assert re.search(r"Every command except `demo` takes\s+`--repo DIR`", intro)


# -- the README and the layout ------------------------------------------------------------------


def test_readme_gives_the_two_commands_and_links_every_docs_page():
    text = README.read_text(encoding="utf-8")
    assert "make demo" in text and "make test" in text
    linked = set(re.findall(r"\]\(docs/([a-z-]+\.md)\)", text))
    assert linked == {page.name for page in DOCS.glob("*.md")}


def test_the_layout_drawing_names_every_layer_of_the_package():
    """docs/development.md's "How it is built" names each package folder, and each exists."""
    text = (DOCS / "development.md").read_text(encoding="utf-8")
    match = re.search(r"^## How it is built\n.*?```\n(.*?)```", text, re.M | re.S)
    assert match, "docs/development.md has no layout drawing under ## How it is built"
    drawn = set(re.findall(r"^ +([a-z_]+)/", match.group(1), re.M))
    package = ROOT / "scripts" / "unmentoring"
    packages = {p.parent.name for p in package.rglob("*/__init__.py")}
    assert packages <= drawn, "folders with code that the drawing leaves out"
    folders = {p.name for p in package.rglob("*") if p.is_dir() and p.name != "__pycache__"}
    assert drawn <= folders, "folders drawn that do not exist"


def test_the_quick_start_is_three_steps_on_github_then_the_doctor_then_the_first_round():
    """Issue 23: use the template, run "Set up this scheme", tick the checklist; no terminal
    until the optional sections, and the names as GitHub shows them."""
    text = (DOCS / "quick-start.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## (.+)$", text, re.M)
    assert headings[:3] == ["Set up in three steps", "Check your set-up", "Your first round"]
    steps = text.split("## Set up in three steps\n", 1)[1].split("\n## ", 1)[0]
    assert re.findall(r"^(\d+)\. ", steps, re.M) == ["1", "2", "3"]
    assert "```" not in text.split("## On your own computer", 1)[0]  # no terminal before it
    workflow = yaml.safe_load((ROOT / ".github/workflows/setup.yml").read_text())
    steps = " ".join(steps.split())  # a name may be wrapped over two lines
    assert f"**{workflow['name']}**" in steps
    assert f"**{setup_checklist.KIND.title}**" in steps
    doctor = text.split("## Check your set-up\n", 1)[1].split("\n## ", 1)[0]
    assert "**Doctor**" in doctor and f"**{attention.KIND.title}**" in doctor


# -- links ---------------------------------------------------------------------------------------

LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)|!\[[^\]]*\]\(([^)\s]+)\)")
FENCE = re.compile(r"^```.*?^```", re.M | re.S)


def relative_links(file: Path) -> list[str]:
    text = FENCE.sub("", file.read_text(encoding="utf-8"))
    text = re.sub(r"`[^`\n]*`", "", text)
    found = [a or b for a, b in LINK.findall(text)]
    return [url for url in found if not re.match(r"[a-z]+:", url)]


def documents() -> list[Path]:
    return [README, *sorted(DOCS.glob("*.md"))]


@pytest.mark.parametrize("file", documents(), ids=lambda path: path.name)
def test_every_relative_link_resolves_and_its_anchor_exists(file):
    broken = []
    for url in relative_links(file):
        target, _, anchor = url.partition("#")
        path = (file.parent / unquote(target)).resolve() if target else file
        if not path.exists():
            broken.append(f"{url}: no file {path.relative_to(ROOT)}")
        elif anchor and anchor not in anchors(path.read_text(encoding="utf-8")):
            broken.append(f"{url}: no heading with the anchor #{anchor}")
    assert broken == [], f"{file.relative_to(ROOT)}: broken links"


def test_the_link_check_would_notice_a_broken_link(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("# Page\n\n## A heading\n\n[ok](#a-heading) [bad](#none) [gone](x.md)\n")
    assert relative_links(page) == ["#a-heading", "#none", "x.md"]
    assert "a-heading" in anchors(page.read_text()) and "none" not in anchors(page.read_text())


def test_anchors_are_made_as_github_makes_them():
    text = "# Title\n## Protecting `main`\n## How a draw works, and how to check one\n## Title\n"
    assert anchors(text) == [
        "title",
        "protecting-main",
        "how-a-draw-works-and-how-to-check-one",
        "title-1",
    ]
