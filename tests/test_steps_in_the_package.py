"""What the workflow steps' shell used to decide, decided by the commands, so that each step in a
workflow file is one `unmentoring ...` line: an empty --round, the time limit with a GitHub
App's token, the mode jobs' step outputs, and the Monthly round's dry run in one command."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from unmentoring.cli import build_parser
from unmentoring.commands import announce, follow_up, options

MONTH = "2026-03"


@pytest.mark.parametrize(
    "command", [["pair"], ["announce"], ["follow-up"], ["build-site", "--month"]]
)
def test_an_empty_round_is_as_if_none_were_given(command):
    """A workflow_dispatch input is empty on a schedule; the step passes it as it is."""
    option = command[1] if len(command) > 1 else "--round"
    parsed = build_parser().parse_args([command[0], f"{option}="])
    assert getattr(parsed, option.lstrip("-")) is None
    given = build_parser().parse_args([command[0], option, MONTH])
    assert getattr(given, option.lstrip("-")) == MONTH


def test_a_round_that_is_not_a_month_is_still_a_usage_error(run_cli):
    code, _, err = run_cli("pair", "--round", "March")
    assert code == 2 and "is not a month" in err


@pytest.mark.parametrize(
    ("given", "env", "longest", "expected"),
    [
        (None, {}, announce.LONGEST_RUN, 330),
        (None, {"UNMENTORING_APP_TOKEN": "1"}, announce.LONGEST_RUN, 50),
        (None, {}, follow_up.LONGEST_RUN, 320),
        (None, {"UNMENTORING_APP_TOKEN": "1"}, follow_up.LONGEST_RUN, 50),
        (None, {"UNMENTORING_APP_TOKEN": ""}, announce.LONGEST_RUN, 330),
        (25.0, {"UNMENTORING_APP_TOKEN": "1"}, announce.LONGEST_RUN, 25),  # given wins
        (None, {"UNMENTORING_APP_TOKEN": "1"}, None, None),  # a command without a default
    ],
)
def test_the_time_limit_is_shorter_with_an_app_token(given, env, longest, expected):
    """An App's installation token expires after an hour: the run stops in time to push."""
    assert options.max_minutes(given, longest, env) == expected


def test_the_help_says_the_time_limits_default(run_cli):
    _, out, _ = run_cli("announce", "--help")
    assert "UNMENTORING_APP_TOKEN=1" in " ".join(out.split())


@pytest.mark.parametrize(
    ("command", "output"),
    [(["pair", "--print-draw"], "draw"), (["intake", "--print-signup"], "signup")],
)
def test_the_mode_is_printed_and_set_as_the_steps_output(
    scheme_repo, run_cli, tmp_path, monkeypatch, command, output
):
    outputs = tmp_path / "outputs"
    monkeypatch.setenv("GITHUB_OUTPUT", str(outputs))
    code, out, err = run_cli(command[0], "--repo", scheme_repo.root, *command[1:])
    assert (code, out) == (0, "direct\n"), err
    assert outputs.read_text() == f"{output}=direct\n"
    monkeypatch.delenv("GITHUB_OUTPUT")
    assert run_cli(command[0], "--repo", scheme_repo.root, *command[1:])[:2] == (0, "direct\n")


def people(scheme_repo, count: int = 5) -> None:
    for n in range(count):
        scheme_repo.add_participant(f"person-{n}")


@pytest.fixture
def march(monkeypatch):
    monkeypatch.setattr(options, "now", lambda: dt.datetime(2026, 3, 2, 8, tzinfo=dt.UTC))
    monkeypatch.setenv("GITHUB_REPOSITORY", "someone/scheme")
    monkeypatch.setenv("GITHUB_API_URL", "http://127.0.0.1:9")  # nothing listens there


@pytest.mark.parametrize("round_box", [[], ["--round", ""], ["--round", MONTH]])
def test_the_preview_is_the_two_dry_runs_it_replaces(
    scheme_repo, run_cli, tmp_path, march, round_box
):
    """The Monthly round's dry run was `pair --dry-run`, then `pair` into the runner's
    checkout and `announce --dry-run`; `pair --preview` prints the same and writes nothing."""
    people(scheme_repo)
    before = scheme_repo.snapshot()
    code, previewed, err = run_cli("pair", "--repo", scheme_repo.root, "--preview", *round_box)
    assert code == 0, err
    assert scheme_repo.snapshot() == before
    copy = tmp_path / "copy"
    shutil.copytree(scheme_repo.root, copy)
    _, drawn, _ = run_cli("pair", "--repo", copy, "--dry-run", *round_box)
    assert run_cli("pair", "--repo", copy, *round_box)[0] == 0
    _, issues, _ = run_cli("announce", "--repo", copy, "--dry-run", *round_box)
    assert previewed == f"{drawn}\n{issues}"
    assert issues.count("=== would open:") == 2


def test_the_preview_of_a_drawn_round_shows_its_issues(scheme_repo, run_cli, march):
    people(scheme_repo)
    assert run_cli("pair", "--repo", scheme_repo.root)[0] == 0
    code, out, _ = run_cli("pair", "--repo", scheme_repo.root, "--preview")
    assert code == 0
    assert f"round {MONTH} is already drawn" in out and out.count("=== would open:") == 2


def test_the_preview_goes_alone(scheme_repo, run_cli):
    code, _, err = run_cli("pair", "--repo", scheme_repo.root, "--preview", "--push")
    assert code == 2 and "not allowed with" in err
