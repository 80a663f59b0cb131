"""The repository's own workflows and issue forms are valid against GitHub's schemas.

check-jsonschema ships GitHub's schemas, so this runs offline. Each file is its own test, so a
workflow or form added later is checked as soon as it exists.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).parent.parent
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.y*ml"))
ACTIONS = sorted((ROOT / ".github" / "actions").glob("*/action.y*ml"))
TEMPLATES = ROOT / ".github" / "ISSUE_TEMPLATE"
FORMS = sorted(p for p in TEMPLATES.glob("*.y*ml") if p.stem != "config")
CONFIGS = sorted(TEMPLATES.glob("config.y*ml"))


def check_against(schema: str, file: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, str(file)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_there_are_workflows_to_check():
    assert WORKFLOWS, "no workflows found: the glob or the layout changed"


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_is_valid(workflow):
    check_against("vendor.github-workflows", workflow)


@pytest.mark.parametrize("action", ACTIONS, ids=lambda p: p.parent.name)
def test_local_action_is_valid(action):
    check_against("vendor.github-actions", action)


@pytest.mark.parametrize("form", FORMS, ids=lambda p: p.name)
def test_issue_form_is_valid(form):
    check_against("vendor.github-issue-forms", form)


@pytest.mark.parametrize("config", CONFIGS, ids=lambda p: p.name)
def test_issue_template_config_is_valid(config):
    check_against("vendor.github-issue-config", config)


def test_workflows_pin_every_action_by_commit():
    """Every action from elsewhere is pinned; the local action is the checkout's own files."""
    for workflow in [*WORKFLOWS, *ACTIONS]:
        for line in workflow.read_text().splitlines():
            if line.strip().startswith(("uses:", "- uses:")):
                reference = line.split("uses:", 1)[1].split("#")[0].strip()
                if reference.startswith("./") and reference.endswith(
                    "/.github/actions/unmentoring"
                ):
                    continue
                assert "@" in reference, f"{workflow.name}: {reference} is not pinned"
                sha = reference.rsplit("@", 1)[1]
                assert len(sha) == 40 and all(c in "0123456789abcdef" for c in sha), (
                    f"{workflow.name}: {reference} is not pinned to a full commit SHA"
                )


LOCK = ROOT / "requirements" / "workflows.txt"


def locked_versions() -> dict[str, str]:
    pins = re.findall(r"^([A-Za-z0-9_.-]+)==([^\s\\]+)", LOCK.read_text(), re.M)
    return {canonicalize_name(name): version for name, version in pins}


def test_lock_pins_every_runtime_dependency_within_its_range():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    pins = locked_versions()
    for line in [*project["project"]["dependencies"], *project["build-system"]["requires"]]:
        requirement = Requirement(line)
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{name} is not in {LOCK.name}: run `make lock`"
        assert requirement.specifier.contains(pins[name]), f"{name}=={pins[name]}: `make lock`"


def test_lock_has_a_hash_for_every_pin_and_no_local_paths():
    text = LOCK.read_text()
    blocks = re.split(r"^(?=[A-Za-z0-9_.-]+==)", text, flags=re.M)[1:]
    assert blocks and all("--hash=sha256:" in block for block in blocks)
    assert not re.search(r"^--|file://|/opt/", text, re.M)


def test_workflows_install_only_the_locked_packages():
    for workflow in WORKFLOWS:
        for line in workflow.read_text().splitlines():
            if "pip install" in line:
                assert "--require-hashes" in line or "--no-deps" in line, (
                    f"{workflow.name}: `{line.strip()}` installs packages that are not locked"
                )
