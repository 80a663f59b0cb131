"""Sleeping schedules and the site's refresh: `keep-awake` and `refresh-site`, against the fake
GitHub's workflow endpoints; and the `landed` step output that starts the refresh."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from fake_github import FakeGitHub, forbidden, lost_response
from test_intake_git import clone, git
from test_intake_git import remote as remote  # the bare repository, a fixture

from unmentoring.cli import build_parser
from unmentoring.commands import erase
from unmentoring.core import workflows
from unmentoring.core.problems import Refused
from unmentoring.core.workflows import State, Workflow
from unmentoring.gitops import landing
from unmentoring.store import workflow_files

PROJECT = Path(__file__).resolve().parents[1]


@pytest.fixture
def project_workflows(scheme_repo) -> Path:
    """The scheme repository with this project's own workflow files."""
    shutil.copytree(PROJECT / ".github" / "workflows", scheme_repo.root / ".github" / "workflows")
    return scheme_repo.root


def seed_project_workflows(github: FakeGitHub, **states: str) -> None:
    """The project's workflows as GitHub lists them; ``states`` by file name (dots as _)."""
    for file in sorted((PROJECT / ".github" / "workflows").glob("*.yml")):
        state = states.get(file.stem, "active")
        github.add_workflow(file.name, file.stem.title(), state=state)


# -- which workflows are scheduled, and what to do about them ---------------------------------


def test_the_projects_scheduled_workflows_are_the_round_follow_up_erase_site_and_upgrade(
    project_workflows,
):
    assert workflow_files.scheduled(project_workflows) == (
        ".github/workflows/erase.yml",
        ".github/workflows/follow-up.yml",
        ".github/workflows/pages.yml",
        ".github/workflows/round.yml",
        ".github/workflows/upgrade.yml",
    )


def test_scheduled_reads_every_way_of_writing_on_and_skips_broken_files(scheme_repo):
    scheme_repo.write(".github/workflows/a.yml", "on:\n  schedule:\n    - cron: '1 1 * * *'\n")
    scheme_repo.write(".github/workflows/b.yaml", '"on": [push, schedule]\n')
    scheme_repo.write(".github/workflows/c.yml", "on: schedule\n")
    scheme_repo.write(".github/workflows/d.yml", "on: push\n")
    scheme_repo.write(".github/workflows/e.yml", "on: [unclosed\n")
    assert workflow_files.scheduled(scheme_repo.root) == (
        ".github/workflows/a.yml",
        ".github/workflows/b.yaml",
        ".github/workflows/c.yml",
    )


def flow(number: int, file: str, state: str) -> Workflow:
    return Workflow(id=number, name=file, path=f".github/workflows/{file}", state=state)


def test_review_wakes_only_what_github_disabled_for_inactivity():
    sleeping = workflows.review(
        [
            flow(1, "round.yml", State.DISABLED_INACTIVITY),
            flow(2, "pages.yml", State.DISABLED_MANUALLY),
            flow(3, "tests.yml", State.DISABLED_INACTIVITY),  # not scheduled: not ours to wake
            flow(4, "forked.yml", State.DISABLED_FORK),
            flow(5, "fine.yml", State.ACTIVE),
        ],
        [f".github/workflows/{f}" for f in ("round.yml", "pages.yml", "forked.yml", "fine.yml")]
        + [".github/workflows/new.yml"],
    )
    assert [w.id for w in sleeping.to_wake] == [1]
    assert [w.id for w in sleeping.switched_off] == [4, 2]  # sorted by path
    assert sleeping.missing == (".github/workflows/new.yml",)
    warnings = sleeping.warnings()
    assert "disabled by hand" in warnings[1] and "Actions tab" in warnings[1]
    assert "fork" in warnings[0]
    assert "push it to the default branch" in warnings[2]
    assert "60 days" in sleeping.asleep()[0]


# -- keep-awake -------------------------------------------------------------------------------


def test_keep_awake_enables_the_sleeping_schedule_and_leaves_a_manual_disable(
    github, project_workflows, run_cli, caplog
):
    seed_project_workflows(github, round="disabled_inactivity", pages="disabled_manually")
    code, _, err = run_cli("keep-awake", "--repo", project_workflows)
    assert code == 0, err
    assert github.workflow_state("round.yml") == "active"
    assert github.workflow_state("pages.yml") == "disabled_manually"
    assert github.count("PUT", r"/enable$") == 1
    assert "disabled by hand" in caplog.text and "re-enabling it" in caplog.text


@pytest.mark.parametrize("daily", [False, True])
def test_an_idle_summer_does_not_stop_the_schedules(project_workflows, run_cli, monkeypatch, daily):
    """Issue 21, finding 6: GitHub disables scheduled workflows after 60 days without activity;
    keep-awake alone only wakes them once that has happened. The daily run's
    `keep-awake --refresh` enables the active ones again, which starts the count anew."""
    clock = {"now": 1_800_000_000.0}
    with FakeGitHub(now=lambda: clock["now"]) as github:
        for key, value in github.env().items():
            monkeypatch.setenv(key, value)
        scheduled = set(workflow_files.scheduled(project_workflows))
        for file in sorted((PROJECT / ".github" / "workflows").glob("*.yml")):
            path = f".github/workflows/{file.name}"
            github.add_workflow(file.name, file.stem.title(), scheduled=path in scheduled)
        for _day in range(61):  # a summer in which nobody signs up or comments
            clock["now"] += 86400
            if daily:
                code, _, err = run_cli("keep-awake", "--refresh", "--repo", project_workflows)
                assert code == 0, err
        states = {github.workflow_state(path.rsplit("/", 1)[1]) for path in scheduled}
        assert states == ({"active"} if daily else {"disabled_inactivity"})


def test_the_daily_run_keeps_the_schedules_awake_in_a_job_of_its_own():
    spec = workflow("follow-up.yml")
    job = spec["jobs"]["keep-awake"]
    assert job["permissions"] == {"actions": "write", "contents": "read"}
    assert job["steps"][-1]["run"] == "unmentoring keep-awake --refresh"


def test_keep_awake_twice_enables_once(github, project_workflows, run_cli, caplog):
    seed_project_workflows(github, round="disabled_inactivity")
    caplog.set_level("INFO")
    assert run_cli("keep-awake", "--repo", project_workflows)[0] == 0
    caplog.clear()
    code, _, _err = run_cli("keep-awake", "--repo", project_workflows)
    assert code == 0
    assert github.count("PUT", r"/enable$") == 1
    assert "every scheduled workflow is active" in caplog.text


def test_keep_awake_repeats_an_enable_whose_answer_was_lost(github, project_workflows, run_cli):
    seed_project_workflows(github, round="disabled_inactivity")
    github.inject(lost_response(), method="PUT", path=r"/enable$")
    code, _, err = run_cli("keep-awake", "--repo", project_workflows)
    assert code == 0, err
    assert github.workflow_state("round.yml") == "active"
    assert github.count("PUT", r"/enable$") == 2  # enabling twice is harmless


def test_keep_awake_dry_run_enables_nothing(github, project_workflows, run_cli, caplog):
    seed_project_workflows(github, round="disabled_inactivity")
    code, _, _err = run_cli("keep-awake", "--repo", project_workflows, "--dry-run")
    assert code == 0
    assert "would be re-enabled" in caplog.text
    assert github.workflow_state("round.yml") == "disabled_inactivity"
    assert github.count("PUT") == 0


def test_keep_awake_without_actions_write_names_the_permission(github, project_workflows, run_cli):
    seed_project_workflows(github, round="disabled_inactivity")
    github.inject(forbidden("actions=write"), method="PUT", path=r"/enable$")
    code, _, err = run_cli("keep-awake", "--repo", project_workflows)
    assert code == 1
    assert "`actions=write`" in err and "Traceback" not in err


# -- refresh-site -----------------------------------------------------------------------------


def test_refresh_site_starts_the_site_workflow_on_the_default_branch(github, scheme_repo, run_cli):
    github.add_workflow("pages.yml", "Site")
    code, _, err = run_cli("refresh-site", "--repo", scheme_repo.root)
    assert code == 0, err
    assert github.dispatches == [
        {"workflow": ".github/workflows/pages.yml", "ref": "main", "inputs": {}}
    ]


def test_refresh_site_whose_answer_was_lost_is_not_sent_again(github, scheme_repo, run_cli, caplog):
    github.add_workflow("pages.yml", "Site")
    github.inject(lost_response(), method="POST", path=r"/dispatches$")
    code, _, _err = run_cli("refresh-site", "--repo", scheme_repo.root)
    assert code == 0
    assert github.count("POST", r"/dispatches$") == 1
    assert len(github.dispatches) == 1  # GitHub did start it; it is not started twice
    assert "at most once" in caplog.text


def test_refresh_site_of_a_disabled_site_workflow_says_so(github, scheme_repo, run_cli):
    github.add_workflow("pages.yml", "Site", state="disabled_manually")
    code, _, err = run_cli("refresh-site", "--repo", scheme_repo.root)
    assert code == 1
    assert "disabled workflow" in err and "Traceback" not in err
    assert github.dispatches == []


def test_the_projects_site_workflow_can_be_dispatched():
    text = (PROJECT / ".github" / "workflows" / "pages.yml").read_text()
    assert "\n  workflow_dispatch:" in text


# -- the landed step output -------------------------------------------------------------------


def test_a_push_to_the_base_branch_sets_landed_and_a_review_branch_does_not(
    remote, tmp_path, monkeypatch
):
    outputs = tmp_path / "outputs"
    outputs.write_text("")
    monkeypatch.setenv("GITHUB_OUTPUT", str(outputs))
    checkout = clone(remote, tmp_path / "run")

    def change(name: str):
        def make_change(root: Path) -> landing.Commit:
            (root / name).write_text("x\n")
            return landing.Commit(message=f"add {name}", paths=(name,))

        return make_change

    landing.land(checkout, change("a.txt"), base="main", target="review/x", force=True)
    assert outputs.read_text() == ""
    landing.land(checkout, change("b.txt"), base="main")
    assert outputs.read_text() == "landed=true\n"
    assert landing.land(checkout, lambda root: None, base="main") is None
    assert outputs.read_text() == "landed=true\n"
    assert "add b.txt" in git(remote, "log", "--format=%s", "main")


# -- the workflow files -----------------------------------------------------------------------


def workflow(name: str) -> dict:
    return yaml.safe_load((PROJECT / ".github" / "workflows" / name).read_text())


@pytest.mark.parametrize(
    ("file", "main", "job"),
    [
        ("intake.yml", ["mode", "direct", "review"], "workflows"),
        ("commands.yml", "command", "workflows"),
        ("round.yml", None, "site"),
    ],
)
def test_actions_write_is_on_the_small_job_alone(file, main, job):
    jobs = workflow(file)["jobs"]
    for name, spec in jobs.items():
        granted = spec.get("permissions", {})
        if name == job:
            assert granted == {"actions": "write", "contents": "read"}
        else:
            assert "actions" not in granted, name
    if main:
        assert jobs[job]["needs"] == main
        steps = {step["run"].split()[1]: step for step in jobs[job]["steps"] if "run" in step}
        assert "if" not in steps["keep-awake"]
        assert "outputs.landed == 'true'" in steps["refresh-site"]["if"]
    else:
        assert "outputs.landed == 'true'" in jobs[job]["if"]


def test_follow_up_has_least_privilege_and_keeps_untrusted_input_out_of_run():
    spec = workflow("follow-up.yml")
    assert spec["permissions"] == {}
    jobs = spec["jobs"]
    assert jobs["preview"]["permissions"] == {"contents": "read"}
    assert jobs["follow-up"]["permissions"] == {"contents": "write", "issues": "write"}
    preview_checkout = jobs["preview"]["steps"][0]
    assert preview_checkout["with"]["persist-credentials"] is False
    app = jobs["follow-up"]["steps"][1]
    assert app["uses"] == LOCAL_ACTION
    assert {k: v for k, v in app["with"].items() if k.startswith("permission-")} == {
        "permission-contents": "write",
        "permission-issues": "write",
    }
    for job in jobs.values():
        for step in job["steps"]:
            assert "${{" not in step.get("run", ""), step.get("name")
    group = spec["concurrency"]["group"]
    assert group == "${{ inputs.dry_run && 'follow-up-preview' || 'follow-up' }}"
    assert {"schedule", "workflow_dispatch"} <= set(spec[True])  # YAML reads `on:` as True


def test_a_dry_run_of_the_round_does_not_share_the_live_runs_group():
    group = workflow("round.yml")["concurrency"]["group"]
    assert group == "${{ inputs.dry_run && 'monthly-round-preview' || 'monthly-round' }}"


def test_a_broken_scheme_yaml_does_not_stop_waking_in_a_workflow(
    github, project_workflows, run_cli
):
    (project_workflows / "scheme.yaml").write_text("start: [\n")
    seed_project_workflows(github, round="disabled_inactivity")
    code, _, err = run_cli("keep-awake", "--repo", project_workflows)
    assert code == 0, err
    assert github.workflow_state("round.yml") == "active"


def test_outside_a_workflow_the_repository_comes_from_scheme_yaml(
    github, scheme_repo, run_cli, monkeypatch
):
    monkeypatch.delenv("GITHUB_REPOSITORY")
    scheme_repo.write("scheme.yaml", "name: Test\nrepository: owner/repo\norganiser: T\n")
    github.add_workflow("pages.yml", "Site")
    code, _, err = run_cli("refresh-site", "--repo", scheme_repo.root)
    assert code == 0, err
    assert len(github.dispatches) == 1


@pytest.mark.parametrize(("file", "job"), [("erase.yml", "erase"), ("intake.yml", "erase")])
def test_erasing_holds_issues_write_in_its_own_job_and_takes_input_through_env(file, job):
    spec = workflow(file)
    erase = spec["jobs"][job]
    assert erase["permissions"] == {"contents": "read", "issues": "write"}
    checkout = erase["steps"][0]
    assert checkout["with"]["fetch-depth"] == 0 and checkout["with"]["persist-credentials"] is False
    step = erase["steps"][-1]
    assert "${{" not in step["run"]
    # Issue 21, findings 2 and 4: one erase at a time across both workflows, and each also
    # erases the last fortnight's leaves, so a run GitHub cancels while pending loses nothing.
    group = erase.get("concurrency", spec.get("concurrency"))
    assert group == {"group": "erase", "cancel-in-progress": False}
    assert "--left-within 14" in step["run"]
    assert re.search(r'--left-since[= ]"\$BEFORE"', step["run"])
    if file == "intake.yml":
        assert erase["needs"] == "direct"
        assert "outputs.landed == 'true'" in erase["if"]
        assert step["env"]["BEFORE"] == "${{ github.sha }}"
    else:
        assert spec[True]["push"]["paths"] == ["participants/**"]
        assert "schedule" in spec[True] and "workflow_dispatch" in spec[True]
        assert step["env"]["BEFORE"] == "${{ github.event.before }}"


@pytest.mark.parametrize("file", ["commands.yml", "intake.yml", "round.yml"])
def test_with_a_github_app_the_site_is_not_built_twice(file):
    """Issue 21, finding 19: an App's push starts the Site workflow through its push trigger,
    so the refresh that stands in for it under GITHUB_TOKEN is skipped when the App is set."""
    spec = workflow(file)
    found = 0
    for job in spec["jobs"].values():
        for step in job["steps"]:
            if "refresh-site" in step.get("run", ""):
                found += 1
                conditions = f"{job.get('if', '')} {step.get('if', '')}"
                assert "vars.UNMENTORING_APP_CLIENT_ID == ''" in conditions, file
    assert found == 1
    assert "push" in workflow("pages.yml")[True]


@pytest.mark.parametrize(
    ("typed", "logins"),
    [
        ("", None),
        ("  alex-old   Sam ", ["alex-old", "sam"]),
        ('x"; touch pwned; "', "not a GitHub login"),
        ("$(touch pwned) `touch pwned`", "not a GitHub login"),
        ("--left-since HEAD~9", "not a GitHub login"),
    ],
)
def test_erase_by_hand_takes_the_usernames_typed_as_words_never_as_code(
    tmp_path, monkeypatch, typed, logins
):
    """Erase leavers, run by hand with usernames (someone who left more than two weeks ago,
    or under the username they had before a rename): the step hands what was typed to `erase`
    as one argument, unrun; `erase` splits it into words and checks each is a login."""
    step = workflow("erase.yml")["jobs"]["erase"]["steps"][-1]
    stand_in = tmp_path / "bin" / "unmentoring"
    stand_in.parent.mkdir()
    stand_in.write_text('#!/bin/sh\nprintf "%s\\0" "$@" > "$CALLED"\n')
    stand_in.chmod(0o755)
    env = {
        "PATH": f"{stand_in.parent}:/usr/bin:/bin",
        "CALLED": str(tmp_path / "called"),
        "USERNAMES": typed,
        "BEFORE": "",
    }
    subprocess.run(["bash", "-e", "-c", step["run"]], env=env, cwd=tmp_path, check=True)
    assert not (tmp_path / "pwned").exists()
    argv = (tmp_path / "called").read_text().split("\0")[:-1]
    assert f"--usernames={typed}" in argv  # exactly as typed, one argument
    # What the command then makes of it, with the real parser.
    args = build_parser().parse_args(argv)
    typed_words = args.usernames.split()
    if logins is None:
        assert typed_words == [] and args.left_within == 14
        return
    args.logins = typed_words
    monkeypatch.chdir(tmp_path)
    if isinstance(logins, list):
        assert erase._logins(tmp_path, args) == logins
    else:
        with pytest.raises(Refused, match=logins):
            erase._logins(tmp_path, args)
    assert not (tmp_path / "pwned").exists()


# -- every job: checkout, then the local action, then one `unmentoring` line per step ----------

LOCAL_ACTION = "./.github/actions/unmentoring"
ACTION = PROJECT / ".github" / "actions" / "unmentoring" / "action.yml"
ALL_WORKFLOWS = sorted(path.name for path in (PROJECT / ".github" / "workflows").glob("*.yml"))


def jobs_of_every_workflow():
    for name in ALL_WORKFLOWS:
        for job_name, job in workflow(name)["jobs"].items():
            yield name, job_name, job


def runs_unmentoring(job: dict) -> bool:
    return any(step.get("run", "").lstrip().startswith("unmentoring ") for step in job["steps"])


def test_every_job_that_runs_unmentoring_uses_the_local_action_after_checkout():
    found = 0
    for name, job_name, job in jobs_of_every_workflow():
        if not runs_unmentoring(job):
            continue
        found += 1
        uses = [step.get("uses", "") for step in job["steps"]]
        local = [i for i, used in enumerate(uses) if used.endswith(LOCAL_ACTION.lstrip("."))]
        assert len(local) == 1, (name, job_name)
        checkouts = [i for i, used in enumerate(uses) if used.startswith("actions/checkout@")]
        assert checkouts and max(checkouts) < local[0], (name, job_name)
        assert job["steps"][local[0]]["id"] == "unmentoring", (name, job_name)
        first_command = next(i for i, step in enumerate(job["steps"]) if "run" in step)
        assert local[0] < first_command, (name, job_name)
    assert found >= 18


def test_no_workflow_installs_or_makes_a_token_itself():
    for name in ALL_WORKFLOWS:
        text = (PROJECT / ".github" / "workflows" / name).read_text()
        assert "create-github-app-token" not in text, name
        assert "pip install" not in text, name
        assert "artipacked" not in text, name  # no checkout keeps credentials to ignore
    action = ACTION.read_text()
    assert action.count("create-github-app-token@") == 1 and action.count("pip install") == 2


def test_every_checkout_keeps_no_credentials():
    for name, job_name, job in jobs_of_every_workflow():
        for step in job["steps"]:
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False, (name, job_name)
                assert "token" not in step["with"], (name, job_name)


def test_no_run_line_holds_an_expression():
    """Untrusted input (a form's text, a round box) reaches a step only through `env:`."""
    for name, job_name, job in jobs_of_every_workflow():
        for step in job["steps"]:
            assert "${{" not in step.get("run", ""), (name, job_name, step.get("name"))


def test_each_command_step_is_one_unmentoring_line():
    for name, job_name, job in jobs_of_every_workflow():
        if name == "tests.yml":
            continue  # the project's own tests: make test
        for step in job["steps"]:
            if "run" in step:
                line = " ".join(step["run"].split())
                assert line.startswith("unmentoring "), (name, job_name, line)
                assert not any(sign in line for sign in ("&&", "||", ";", "|", "$(", ">", "<")), (
                    name,
                    job_name,
                    line,
                )


def test_a_job_that_pushes_gives_git_the_actions_token():
    """No checkout keeps credentials, so a `--push` step's git gets the token from GITHUB_TOKEN."""
    pushing = 0
    for _name, job_name, job in jobs_of_every_workflow():
        for step in job["steps"]:
            if "--push" in step.get("run", ""):
                pushing += 1
                env = step["env"]
                assert env["GITHUB_TOKEN"] == "${{ steps.unmentoring.outputs.token }}", job_name
                assert env["UNMENTORING_APP_TOKEN"] == "${{ steps.unmentoring.outputs.app }}"
    assert pushing >= 9


# The App token's permissions, job by job: the job's own `permissions:` (less `actions`).
APP_JOBS = {
    ("commands.yml", "command"): {"contents": "write", "issues": "write"},
    ("erase.yml", "accounts"): {"contents": "write"},
    ("follow-up.yml", "follow-up"): {"contents": "write", "issues": "write"},
    ("setup.yml", "set-up"): {"contents": "write", "issues": "write"},
    ("intake.yml", "direct"): {"contents": "write", "issues": "write"},
    ("intake.yml", "review"): {"contents": "write", "issues": "write", "pull-requests": "write"},
    ("round.yml", "pair"): {"contents": "write"},
    ("round.yml", "propose"): {"contents": "write", "pull-requests": "write"},
    ("round.yml", "announce"): {"contents": "write", "issues": "write"},
    ("upgrade.yml", "upgrade"): {
        "contents": "write",
        "pull-requests": "write",
        "workflows": "${{ vars.UNMENTORING_APP_WORKFLOWS == 'true' && 'write' || '' }}",
    },
}


def test_the_app_token_is_asked_for_in_the_jobs_that_had_it_with_the_same_permissions():
    for name, job_name, job in jobs_of_every_workflow():
        step = next((s for s in job["steps"] if s.get("id") == "unmentoring"), None)
        if step is None:
            continue
        given = step.get("with", {})
        if (name, job_name) not in APP_JOBS:
            assert "app-client-id" not in given, (name, job_name)
            continue
        assert given["app-client-id"] == "${{ vars.UNMENTORING_APP_CLIENT_ID }}"
        assert given["app-private-key"] == "${{ secrets.UNMENTORING_APP_PRIVATE_KEY }}"
        permissions = {
            key.removeprefix("permission-"): value
            for key, value in given.items()
            if key.startswith("permission-")
        }
        assert permissions == APP_JOBS[(name, job_name)], (name, job_name)


def test_the_local_action_passes_every_permission_it_takes_to_the_app_token():
    action = yaml.safe_load(ACTION.read_text())
    assert action["runs"]["using"] == "composite"
    permissions = {name for name in action["inputs"] if name.startswith("permission-")}
    assert permissions == {
        "permission-contents",
        "permission-issues",
        "permission-pull-requests",
        "permission-actions",
        "permission-workflows",
    }
    for name in (*permissions, "app-client-id", "app-private-key"):
        assert action["inputs"][name]["default"] == "", name
    assert action["inputs"]["github-token"]["default"] == "${{ github.token }}"
    steps = action["runs"]["steps"]
    app = steps[0]
    assert app["if"] == "inputs.app-client-id != ''"
    assert app["uses"] == (
        "actions/create-github-app-token@1b10c78c7865c340bc4f6099eb2f838309f1e8c3"
    )
    for name in permissions:
        assert app["with"][name] == f"${{{{ inputs.{name} }}}}"
    assert steps[1]["uses"].startswith(
        "actions/setup-python@5fda3b95a4ea91299a34e894583c3862153e4b97"
    )
    outputs = action["outputs"]
    assert outputs["token"]["value"] == "${{ steps.app.outputs.token || inputs.github-token }}"
    assert outputs["app"]["value"] == "${{ steps.app.outputs.token && '1' || '' }}"
    assert "github-actions[bot]" in outputs["bot-login"]["value"]
