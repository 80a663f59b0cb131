"""`unmentoring pages-ready`: the Site workflow publishes only once Pages is turned on, so a new
copy does not fail its Site run every day before the organiser ticks the checklist."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from fake_github import FakeGitHub, forbidden

WORKFLOW = Path(__file__).resolve().parents[1] / ".github/workflows/pages.yml"


@pytest.fixture
def outputs(tmp_path: Path, monkeypatch) -> tuple[Path, Path]:
    output, summary = tmp_path / "output", tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_OUTPUT", str(output))
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    return output, summary


def ready(run_cli, outputs: tuple[Path, Path]) -> str:
    code, _out, err = run_cli("pages-ready")
    assert code == 0, err
    return outputs[0].read_text().strip()


def test_before_pages_is_on_the_site_is_built_but_not_published(
    github: FakeGitHub, run_cli, outputs
):
    assert ready(run_cli, outputs) == "ready=false"
    assert "Set **Source** to **GitHub Actions**".lower() in outputs[1].read_text().lower()


@pytest.mark.parametrize(("build_type", "expected"), [("workflow", "true"), ("legacy", "false")])
def test_it_publishes_only_when_pages_publishes_from_actions(
    github: FakeGitHub, run_cli, outputs, build_type: str, expected: str
):
    github.enable_pages(build_type)
    assert ready(run_cli, outputs) == f"ready={expected}"


def test_when_github_cannot_be_asked_publishing_is_tried_as_before(
    github: FakeGitHub, run_cli, outputs
):
    github.inject(forbidden("pages=read"), method="GET", path=r"/pages$")
    assert ready(run_cli, outputs) == "ready=true"


def test_the_workflow_publishes_on_that_answer_alone():
    jobs = yaml.safe_load(WORKFLOW.read_text())["jobs"]
    step = next(s for s in jobs["build"]["steps"] if s.get("id") == "pages")
    assert step["run"] == "unmentoring pages-ready"
    assert jobs["build"]["outputs"]["ready"] == "${{ steps.pages.outputs.ready }}"
    assert jobs["deploy"]["if"] == "needs.build.outputs.ready == 'true'"
    assert jobs["build"]["permissions"]["pages"] == "read"
