"""The repository's own workflows and issue forms are valid against GitHub's schemas.

check-jsonschema ships GitHub's schemas, so this runs offline. Each file is its own test, so a
workflow or form added later is checked as soon as it exists.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.y*ml"))
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


@pytest.mark.parametrize("form", FORMS, ids=lambda p: p.name)
def test_issue_form_is_valid(form):
    check_against("vendor.github-issue-forms", form)


@pytest.mark.parametrize("config", CONFIGS, ids=lambda p: p.name)
def test_issue_template_config_is_valid(config):
    check_against("vendor.github-issue-config", config)


def test_workflows_pin_every_action_by_commit():
    for workflow in WORKFLOWS:
        for line in workflow.read_text().splitlines():
            if line.strip().startswith(("uses:", "- uses:")):
                reference = line.split("uses:", 1)[1].split("#")[0].strip()
                assert "@" in reference, f"{workflow.name}: {reference} is not pinned"
                sha = reference.rsplit("@", 1)[1]
                assert len(sha) == 40 and all(c in "0123456789abcdef" for c in sha), (
                    f"{workflow.name}: {reference} is not pinned to a full commit SHA"
                )
