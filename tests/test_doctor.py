"""`unmentoring doctor`: each check's pass, warn and fail, offline and against the fake GitHub."""

from __future__ import annotations

import datetime as dt
import functools
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import copy_of_this_repository
from fake_github import FakeGitHub, FakeTime, forbidden, lost_response, server_error

from unmentoring import __version__
from unmentoring.commands import doctor, options
from unmentoring.core import attention, setup_checks
from unmentoring.core.model import Participant, Scheme
from unmentoring.core.problems import Problem
from unmentoring.core.setup_checks import LocalWorkflow, Status
from unmentoring.core.workflows import Workflow
from unmentoring.github import api
from unmentoring.github import standing_issue as github_standing_issue
from unmentoring.github.interface import PagesSite
from unmentoring.gitops import git

PROJECT = Path(__file__).parent.parent
TAG = f"v{__version__}"
TEMPLATE_SITE = "https://localgovdigital.github.io/unmentoring/"
UPSTREAM: Path | None = None  # the template's release for healthy(): see upstream_release
TODAY = dt.date(2026, 3, 12)  # past the draw days: the next round is April's


def clean_environment() -> dict[str, str]:
    """The test's own environment, without what GitHub Actions sets when the tests run there."""
    return {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("GITHUB_", "UNMENTORING_"))
    }


@pytest.fixture
def fake(timing: FakeTime):
    with FakeGitHub(now=timing.time) as server:
        yield server


@pytest.fixture(scope="session")
def template_release(tmp_path_factory) -> Path:
    """This repository's files as a release of the template, for `upstream`."""
    root = copy_of_this_repository(tmp_path_factory.mktemp("template"))
    subprocess.run(["git", "tag", TAG], cwd=root, check=True, capture_output=True)
    return root


@pytest.fixture(autouse=True)
def upstream_release(template_release, monkeypatch) -> None:
    """Every scheme here takes its releases from that copy (healthy() writes `upstream`)."""
    monkeypatch.setattr(sys.modules[__name__], "UPSTREAM", template_release)


def healthy(scheme_repo, fake: FakeGitHub) -> None:
    """A scheme set up as the quick start says, and GitHub to match."""
    scheme_repo.write(
        "scheme.yaml",
        "name: Coffee\norganiser: Borsetshire Digital\nstart: 2026-04\n"
        "repository: owner/repo\nsite_url: https://owner.github.io/repo/\n"
        f"contact: organisers@example.org\nupstream: {UPSTREAM}\n",
    )
    scheme_repo.add_participant("alice")
    scheme_repo.add_participant("bob")
    scheme_repo.write("pyproject.toml", (PROJECT / "pyproject.toml").read_text())  # its release
    for form in ("join.yml", "change.yml"):
        # The forms' links pointed at this scheme's own site, as the quick start says.
        text = (PROJECT / ".github/ISSUE_TEMPLATE" / form).read_text()
        text = text.replace(TEMPLATE_SITE, "https://owner.github.io/repo/")
        text = text.replace("UnMentoring", "Coffee")  # the forms name this scheme
        scheme_repo.write(f".github/ISSUE_TEMPLATE/{form}", text)
    scheme_repo.write(
        ".github/ISSUE_TEMPLATE/config.yml",
        "blank_issues_enabled: false\ncontact_links:\n  - name: About\n"
        "    url: https://owner.github.io/repo/\n    about: The scheme.\n",
    )
    for file in sorted((PROJECT / ".github/workflows").glob("*.yml")):
        scheme_repo.write(f".github/workflows/{file.name}", file.read_text())
        name = next(
            line.split(":", 1)[1].strip()
            for line in file.read_text().splitlines()
            if line.startswith("name:")
        )
        fake.add_workflow(f".github/workflows/{file.name}", name)
    fake.add_run("follow-up.yml", at=fake.now())  # which keeps the schedules on, daily
    fake.enable_pages()
    # The box the quick start ticks, for the Upgrade workflow's pull requests.
    fake.workflow_permissions = {
        "default_workflow_permissions": "read",
        "can_approve_pull_request_reviews": True,
    }
    fake.add_label("join")
    fake.add_label("change")


def diagnose(scheme_repo, fake: FakeGitHub, timing: FakeTime, **env: str):
    environment = {**clean_environment(), **fake.env(), **env}
    connect = functools.partial(api.connect, sleep=timing.sleep, clock=timing.clock)
    return doctor.diagnose(scheme_repo.root, environment, TODAY, connect=connect)


def by_name(report) -> dict[str, setup_checks.Check]:
    return {check.name: check for check in report.checks}


# -- against the fake GitHub -----------------------------------------------------------------


def test_a_healthy_scheme_passes_every_check(scheme_repo, fake, timing):
    healthy(scheme_repo, fake)
    report = diagnose(scheme_repo, fake, timing)
    assert (
        [c for c in report.checks if c.status is not Status.PASS]
        == [
            # The fake answers as for a person's token by default; nothing to skip then.
        ]
    )
    assert report.exit_status == 0
    names = set(by_name(report))
    assert {"GitHub Pages", "form labels", "workflows", "pushes to main", "token"} <= names
    files = list((scheme_repo.root / ".github/workflows").glob("*.yml"))
    scheduled = [file for file in files if "schedule:" in file.read_text()]
    assert f"{len(files)} enabled, {len(scheduled)} of them on a schedule" in (
        by_name(report)["workflows"].finding
    )
    # Only reads: doctor changes nothing on GitHub.
    assert fake.count("POST") + fake.count("PATCH") + fake.count("PUT") == 0


def test_pages_not_enabled_or_from_a_branch_fails_with_the_setting_to_change(
    scheme_repo, fake, timing
):
    healthy(scheme_repo, fake)
    fake.pages = None
    check = by_name(diagnose(scheme_repo, fake, timing))["GitHub Pages"]
    assert check.status is Status.FAIL and "not enabled" in check.finding
    assert check.fix == setup_checks.SETTINGS_PAGES
    fake.enable_pages(build_type="legacy")
    report = diagnose(scheme_repo, fake, timing)
    assert "from a branch" in by_name(report)["GitHub Pages"].finding
    assert report.exit_status == 1


def test_pages_at_another_address_than_site_url_warns(scheme_repo, fake, timing):
    healthy(scheme_repo, fake)
    fake.pages["html_url"] = "https://coffee.example.org/"
    check = by_name(diagnose(scheme_repo, fake, timing))["GitHub Pages"]
    assert check.status is Status.WARN
    assert check.fix == "set `site_url: https://coffee.example.org/` in scheme.yaml"


def test_a_missing_form_label_is_named_with_its_form(scheme_repo, fake, timing):
    healthy(scheme_repo, fake)
    del fake.labels["change"]
    check = by_name(diagnose(scheme_repo, fake, timing))["form labels"]
    assert check.status is Status.WARN
    assert "`change` (.github/ISSUE_TEMPLATE/change.yml)" in check.finding
    assert check.fix == "Issues > Labels > New label: add `change`"


def test_labels_are_read_from_every_page(scheme_repo, fake, timing):
    healthy(scheme_repo, fake)
    for number in range(150):
        fake.add_label(f"other-{number}")
    fake.add_label("zzz")
    scheme_repo.write(".github/ISSUE_TEMPLATE/other.yml", "name: Other\nlabels: zzz\nbody: []\n")
    assert by_name(diagnose(scheme_repo, fake, timing))["form labels"].status is Status.PASS
    assert fake.count("GET", r"/labels$") == 2


@pytest.mark.parametrize(
    ("state", "words"),
    [
        ("disabled_inactivity", "60 days without activity"),
        ("disabled_manually", "someone disabled it"),
        ("disabled_fork", "fork"),
    ],
)
def test_a_disabled_workflow_fails_and_says_how_to_enable_it(
    scheme_repo, fake, timing, state, words
):
    healthy(scheme_repo, fake)
    round_workflow = next(w for w in fake.workflows.values() if w["path"].endswith("/round.yml"))
    round_workflow["state"] = state
    report = diagnose(scheme_repo, fake, timing)
    check = by_name(report)["workflow round.yml"]
    assert check.status is Status.FAIL and words in check.finding
    assert "its scheduled runs do not happen" in check.finding
    assert check.fix == "Actions tab > Monthly round > Enable workflow"
    assert "workflows" not in by_name(report)  # no "all enabled" line beside it
    assert report.exit_status == 1


def test_a_workflow_github_does_not_know_warns(scheme_repo, fake, timing):
    healthy(scheme_repo, fake)
    doctor = next(i for i, w in fake.workflows.items() if w["path"].endswith("/doctor.yml"))
    del fake.workflows[doctor]
    next(w for w in fake.workflows.values() if w["path"].endswith("/tests.yml"))["state"] = (
        "deleted"
    )
    report = by_name(diagnose(scheme_repo, fake, timing))
    for name in ("workflow doctor.yml", "workflow tests.yml"):
        assert report[name].status is Status.WARN and "push .github/workflows" in report[name].fix


def test_workflows_are_read_from_every_page(scheme_repo, fake, timing):
    for number in range(120):
        fake.add_workflow(f".github/workflows/extra-{number}.yml", f"Extra {number}")
    healthy(scheme_repo, fake)  # the scheme's own workflows come after: on the second page
    report = diagnose(scheme_repo, fake, timing)
    assert by_name(report)["workflows"].status is Status.PASS
    assert fake.count("GET", r"/actions/workflows$") == 2


@pytest.mark.parametrize("rule", ["pull_request", "required_status_checks", "update"])
def test_a_ruleset_that_refuses_the_bots_pushes_fails_without_an_app(
    scheme_repo, fake, timing, rule
):
    healthy(scheme_repo, fake)
    fake.add_branch_rule("deletion")  # harmless to pushes
    fake.add_branch_rule(rule)
    report = diagnose(scheme_repo, fake, timing)
    check = by_name(report)["pushes to main"]
    assert check.status is Status.FAIL and rule in check.finding
    assert "UNMENTORING_APP_CLIENT_ID" in check.fix
    with_app = diagnose(scheme_repo, fake, timing, UNMENTORING_APP_CLIENT_ID="Iv1.abc")
    check = by_name(with_app)["pushes to main"]
    assert check.status is Status.WARN and "bypass list" in check.fix


def test_rules_that_do_not_refuse_pushes_pass(scheme_repo, fake, timing):
    healthy(scheme_repo, fake)
    for rule in ("deletion", "non_fast_forward", "creation", "required_linear_history"):
        fake.add_branch_rule(rule)
    assert by_name(diagnose(scheme_repo, fake, timing))["pushes to main"].status is Status.PASS


def test_classic_protection_warns_and_required_checks_fail(scheme_repo, fake, timing):
    healthy(scheme_repo, fake)
    fake.protect_branch("main")
    check = by_name(diagnose(scheme_repo, fake, timing))["pushes to main"]
    assert check.status is Status.WARN and "classic branch protection" in check.finding
    fake.protect_branch("main", required_checks=("tests",))
    check = by_name(diagnose(scheme_repo, fake, timing))["pushes to main"]
    assert check.status is Status.FAIL and "required status checks" in check.finding


def test_a_token_that_cannot_push_fails_and_a_workflow_token_is_a_note(scheme_repo, fake, timing):
    healthy(scheme_repo, fake)
    fake.permissions = {"admin": False, "push": False, "pull": True}
    assert by_name(diagnose(scheme_repo, fake, timing))["token"].status is Status.FAIL
    fake.permissions = None  # an installation token: GitHub gives no `permissions`
    check = by_name(diagnose(scheme_repo, fake, timing))["token"]
    assert check.status is Status.SKIP and "contents: write" in check.finding


def test_a_permission_the_token_lacks_fails_that_check_only(scheme_repo, fake, timing):
    healthy(scheme_repo, fake)
    fake.inject(forbidden("pages=read"), method="GET", path=r"/pages$")
    report = by_name(diagnose(scheme_repo, fake, timing))
    assert report["GitHub Pages"].status is Status.FAIL
    assert "`pages=read`" in report["GitHub Pages"].finding
    assert report["form labels"].status is Status.PASS
    assert report["workflows"].status is Status.PASS


def test_server_errors_are_retried(scheme_repo, fake, timing):
    healthy(scheme_repo, fake)
    fake.inject(server_error(502), method="GET", path=r"/actions/workflows$", times=2)
    report = diagnose(scheme_repo, fake, timing)
    assert by_name(report)["workflows"].status is Status.PASS
    assert fake.count("GET", r"/actions/workflows$") == 3 and timing.sleeps


def test_a_repository_the_token_cannot_see_is_one_clear_failure(scheme_repo, fake, timing):
    healthy(scheme_repo, fake)
    report = diagnose(scheme_repo, fake, timing, GITHUB_TOKEN="wrong")
    check = by_name(report)["GitHub"]
    assert check.status is Status.FAIL and "did not accept the token" in check.finding
    assert "GitHub Pages" not in by_name(report)


def test_without_a_token_the_github_checks_are_skipped_with_a_note(scheme_repo, fake, timing):
    healthy(scheme_repo, fake)
    report = diagnose(scheme_repo, fake, timing, GITHUB_TOKEN="")
    check = by_name(report)["GitHub"]
    assert check.status is Status.SKIP and "no GITHUB_TOKEN" in check.finding
    assert fake.count() == 0
    assert report.exit_status == 0


def test_the_command_prints_writes_the_job_summary_and_exits_1_on_a_failure(
    scheme_repo, fake, run_cli, monkeypatch, tmp_path
):
    healthy(scheme_repo, fake)
    fake.pages = None
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n")
    environment = {**clean_environment(), **fake.env(), "GITHUB_STEP_SUMMARY": str(summary)}
    monkeypatch.setattr(os, "environ", environment)
    code, out, err = run_cli("doctor", "--repo", scheme_repo.root)
    assert code == 1, err
    assert "fail  GitHub Pages: Pages is not enabled for this repository\n" in out
    assert f"      fix: {setup_checks.SETTINGS_PAGES}\n" in out
    written = summary.read_text()
    assert written.startswith("earlier step\n## UnMentoring doctor\n")  # appended, not replaced
    assert "| **fail** | GitHub Pages | Pages is not enabled for this repository |" in written

    fake.enable_pages()
    code, out, _ = run_cli("doctor", "--repo", scheme_repo.root, "--format", "markdown")
    assert code == 0 and out.startswith("## UnMentoring doctor\n")


# -- offline: the files ----------------------------------------------------------------------


def test_the_template_as_it_comes_warns_of_its_leftovers_offline(run_cli, monkeypatch, tmp_path):
    copy = tmp_path / "template"  # without git, so no `origin` remote to compare with
    shutil.copytree(PROJECT / ".github", copy / ".github")
    shutil.copy(PROJECT / "scheme.yaml", copy / "scheme.yaml")
    monkeypatch.setattr(os, "environ", clean_environment())
    code, out, _ = run_cli("doctor", "--repo", copy)
    assert code == 0, out  # the template's own values are right in the template itself
    assert "warn  scheme.yaml repository: `repository: localgovdigital/unmentoring`" in out
    assert "skip  GitHub: no GITHUB_TOKEN" in out


def test_template_leftovers_in_a_copy_fail(scheme_repo, fake, timing):
    healthy(scheme_repo, fake)
    template = (PROJECT / "scheme.yaml").read_text()
    scheme_repo.write("scheme.yaml", template)
    config = (PROJECT / ".github/ISSUE_TEMPLATE/config.yml").read_text()
    scheme_repo.write(".github/ISSUE_TEMPLATE/config.yml", config)
    report = by_name(diagnose(scheme_repo, fake, timing, GITHUB_TOKEN=""))
    assert report["scheme.yaml repository"].status is Status.FAIL
    assert report["scheme.yaml repository"].fix == (
        f"{setup_checks.SET_UP_AGAIN}set `repository: owner/repo` in scheme.yaml"
    )
    assert report["scheme.yaml site_url"].status is Status.FAIL
    assert "https://owner.github.io/repo/" in report["scheme.yaml site_url"].fix
    assert report["scheme.yaml organiser"].status is Status.WARN
    assert report[".github/ISSUE_TEMPLATE/config.yml"].status is Status.FAIL


def test_invalid_files_are_counted_and_named(scheme_repo, fake, timing):
    healthy(scheme_repo, fake)
    scheme_repo.write("participants/carol.yaml", "github: carol\nname: Carol\n")
    scheme_repo.write(".github/workflows/broken.yml", "name: [unclosed\n")
    report = by_name(diagnose(scheme_repo, fake, timing, GITHUB_TOKEN=""))
    data = report["data"]
    assert data.status is Status.FAIL and "participants/carol.yaml" in data.finding
    assert "2 valid participant file(s)" in data.finding
    assert "unmentoring validate" in data.fix
    files = report["set-up files"]
    assert files.status is Status.FAIL and ".github/workflows/broken.yml" in files.finding


def test_the_repository_comes_from_the_origin_remote_outside_actions(scheme_repo):
    root = scheme_repo.root
    assert doctor.repository_in_use(root, {}) is None  # not a git repository
    for args in (["init", "-q"], ["remote", "add", "origin", "git@github.com:owner/repo.git"]):
        git.run(root, *args)
    assert doctor.repository_in_use(root, {}) == "owner/repo"
    assert doctor.repository_in_use(root, {"GITHUB_REPOSITORY": "a/b"}) == "a/b"


def test_a_malformed_github_repository_is_a_failure_not_a_traceback(scheme_repo, fake, timing):
    healthy(scheme_repo, fake)
    report = by_name(diagnose(scheme_repo, fake, timing, GITHUB_REPOSITORY="nonsense"))
    assert report["GITHUB_REPOSITORY"].status is Status.FAIL
    assert report["GitHub"].status is Status.SKIP


# -- the decisions ---------------------------------------------------------------------------


def person(login: str, **fields) -> Participant:
    return Participant(
        github=login, name=login, organisation="Org", joined=dt.date(2026, 1, 1), **fields
    )


def test_first_round_names_the_next_month_and_warns_of_a_past_start():
    people = [person("a"), person("b")]
    upcoming = setup_checks.first_round(
        Scheme(organiser="Tests", start="2026-06"), set(), people, TODAY
    )
    assert upcoming.status is Status.PASS and "June 2026" in upcoming.finding
    past = setup_checks.first_round(
        Scheme(organiser="Tests", start="2026-01"), set(), people, TODAY
    )
    assert past.status is Status.WARN and "`start: 2026-01`" in past.finding
    drawn = setup_checks.first_round(
        Scheme(organiser="Tests", start="2026-01"), {"2026-01"}, people, TODAY
    )
    assert drawn.status is Status.PASS and "the next round is April 2026" in drawn.finding
    paused = [person("a"), person("b", paused=True)]
    alone = setup_checks.first_round(
        Scheme(organiser="Tests", start="2026-06"), set(), paused, TODAY
    )
    assert alone.status is Status.WARN and "only 1 person(s)" in alone.finding


def test_points_elsewhere_knows_project_user_and_custom_sites():
    elsewhere = setup_checks.points_elsewhere
    assert elsewhere("https://localgovdigital.github.io/unmentoring/", "owner/repo")
    assert elsewhere("https://owner.github.io/other/", "owner/repo")
    assert not elsewhere("https://OWNER.github.io/repo", "owner/repo")
    assert not elsewhere("https://owner.github.io/", "owner/owner.github.io")
    assert elsewhere("https://github.com/localgovdigital/unmentoring/issues", "owner/repo")
    assert not elsewhere("https://github.com/owner/repo.git", "owner/repo")
    assert not elsewhere("https://coffee.example.org/", "owner/repo")
    assert setup_checks.pages_address("Owner/Owner.github.io") == "https://owner.github.io/"


def test_workflows_decision_reads_the_interface_values():
    local = [LocalWorkflow(".github/workflows/round.yml", "Monthly round", scheduled=True)]
    remote = [Workflow(id=1, name="Monthly round", path=local[0].path, state="active")]
    assert setup_checks.workflows(local, remote)[0].status is Status.PASS
    site = PagesSite(build_type="workflow", html_url="https://o.github.io/r/", status="errored")
    assert setup_checks.pages(site, None).status is Status.WARN


def test_data_files_count_and_empty():
    assert setup_checks.data_files(0, []).status is Status.WARN
    problems = [Problem(path=f"participants/p{n}.yaml", message="bad") for n in range(5)]
    check = setup_checks.data_files(3, problems)
    assert check.status is Status.FAIL and "and 2 more" in check.finding


def test_markdown_cells_cannot_break_the_table():
    report = setup_checks.Report((setup_checks.failed("a|b", "line\nbreak", "x"),))
    row = report.as_markdown().splitlines()[4]
    assert row == "| **fail** | a\\|b | line break | x |"
    assert report.exit_status == 1
    assert setup_checks.Report((setup_checks.warned("a", "b", "c"),)).exit_status == 0


# -- review pull requests (signup: review, draw: review) ----------------------------------


def reviewing(scheme_repo, *modes: str) -> None:
    scheme = scheme_repo.root / "scheme.yaml"
    scheme.write_text(scheme.read_text() + "".join(f"{mode}: review\n" for mode in modes))


def test_without_review_modes_or_upgrades_nothing_is_asked_about_pull_requests(
    scheme_repo, fake, timing
):
    healthy(scheme_repo, fake)
    (scheme_repo.root / ".github/workflows/upgrade.yml").unlink()
    report = diagnose(scheme_repo, fake, timing)
    assert "pull requests" not in by_name(report)
    assert fake.count("GET", r"/actions/permissions/workflow") == 0


def test_the_upgrade_workflow_needs_the_workflows_to_open_pull_requests(scheme_repo, fake, timing):
    healthy(scheme_repo, fake)
    fake.workflow_permissions = {
        "default_workflow_permissions": "read",
        "can_approve_pull_request_reviews": False,
    }
    check = by_name(diagnose(scheme_repo, fake, timing))["pull requests"]
    assert check.status is Status.FAIL
    assert check.finding.startswith("the Upgrade workflow open(s) pull requests")


def test_review_modes_check_that_the_workflows_may_open_pull_requests(scheme_repo, fake, timing):
    healthy(scheme_repo, fake)
    reviewing(scheme_repo, "signup", "draw")
    # A workflow's GITHUB_TOKEN may not read the setting: skipped, naming the box to tick.
    fake.workflow_permissions = None
    check = by_name(diagnose(scheme_repo, fake, timing))["pull requests"]
    assert check.status is Status.SKIP
    assert (
        "`signup: review` in scheme.yaml and `draw: review` in scheme.yaml and the Upgrade workflow"
        in check.finding
    )
    assert "'Allow GitHub Actions to create and approve pull requests' is ticked" in check.finding
    # An admin's token reads it: unticked fails with the fix, ticked passes.
    permissions = {"default_workflow_permissions": "read"}
    fake.workflow_permissions = {**permissions, "can_approve_pull_request_reviews": False}
    report = diagnose(scheme_repo, fake, timing)
    check = by_name(report)["pull requests"]
    assert check.status is Status.FAIL and report.exit_status == 1
    assert "Allow GitHub Actions to create and approve pull requests" in check.fix
    fake.workflow_permissions = {**permissions, "can_approve_pull_request_reviews": True}
    assert by_name(diagnose(scheme_repo, fake, timing))["pull requests"].status is (Status.PASS)


def test_with_an_app_the_setting_does_not_matter(scheme_repo, fake, timing):
    healthy(scheme_repo, fake)
    reviewing(scheme_repo, "draw")
    report = diagnose(scheme_repo, fake, timing, UNMENTORING_APP_CLIENT_ID="Iv1.abc")
    check = by_name(report)["pull requests"]
    assert check.status is Status.PASS and "GitHub App" in check.finding
    assert fake.count("GET", r"/actions/permissions/workflow") == 0


def test_a_scheme_without_a_contact_is_warned_that_nobody_can_reach_the_organisers(scheme_repo):
    found = {
        c.name: c for c in setup_checks.leftovers(Scheme(organiser="Tests"), None, [], "config.yml")
    }
    assert found["scheme.yaml contact"].status is Status.WARN
    assert "set `contact:` in scheme.yaml" in found["scheme.yaml contact"].fix
    found = {
        c.name: c
        for c in setup_checks.leftovers(
            Scheme(organiser="Tests", contact="a@example.org"), None, [], "c"
        )
    }
    assert found["scheme.yaml contact"].status is Status.PASS


def test_a_join_form_that_still_links_to_the_templates_pages_fails(scheme_repo, fake, timing):
    healthy(scheme_repo, fake)
    form = scheme_repo.root / ".github/ISSUE_TEMPLATE/join.yml"
    form.write_text((PROJECT / ".github/ISSUE_TEMPLATE/join.yml").read_text())
    line = next(n for n, row in enumerate(form.read_text().splitlines(), 1) if TEMPLATE_SITE in row)

    report = diagnose(scheme_repo, fake, timing)

    check = by_name(report)["form links"]
    assert check.status is Status.FAIL and report.exit_status == 1
    assert check.finding.startswith(f".github/ISSUE_TEMPLATE/join.yml:{line} links to another")
    assert "https://owner.github.io/repo/code-of-conduct.html" in check.fix


# -- the "Needs attention" issue: the same checks, where organisers look ---------------------


def needs_attention(fake: FakeGitHub) -> list[dict]:
    return [issue for issue in fake.issues.values() if attention.KIND.marks(issue["body"] or "")]


@pytest.fixture
def daily(scheme_repo, fake, run_cli, monkeypatch):
    """`doctor --issue` as the daily run has it, on TODAY."""
    monkeypatch.setattr(os, "environ", {**clean_environment(), **fake.env()})
    monkeypatch.setattr(options, "today", lambda: TODAY)
    healthy(scheme_repo, fake)

    def run() -> int:
        code, _out, err = run_cli("doctor", "--repo", scheme_repo.root, "--issue")
        assert code == 0, err  # whatever the checks found: the issue is where they go
        return code

    return run


def test_the_needs_attention_issue_is_opened_kept_and_closed_but_never_twice(
    scheme_repo, fake, daily
):
    daily()
    assert needs_attention(fake) == []  # all is well: no issue

    scheme_repo.write("participants/bob.yaml", "github: bob\nname: Bob\nfavourite: tea\n")
    daily()
    [issue] = needs_attention(fake)
    assert issue["state"] == "open"
    assert issue["title"] == attention.KIND.title
    assert [label["name"] for label in issue["labels"]] == [attention.KIND.label]
    assert "participants/bob.yaml" in issue["body"]
    assert "left out of the draw until their file is fixed: bob" in issue["body"]

    writes = fake.count("POST", r"/issues") + fake.count("PATCH", r"/issues")
    daily()  # nothing new: nothing written
    assert fake.count("POST", r"/issues") + fake.count("PATCH", r"/issues") == writes

    scheme_repo.add_participant("bob")
    daily()
    assert [issue["state"] for issue in needs_attention(fake)] == ["closed"]
    assert attention.KIND.calm in needs_attention(fake)[0]["body"]  # says so, as it closes

    fake.pages = None  # a new problem: the same issue, open again
    daily()
    [again] = needs_attention(fake)
    assert again["number"] == issue["number"] and again["state"] == "open"
    assert "GitHub Pages" in again["body"] and "bob" not in again["body"]


def test_a_lost_answer_still_leaves_one_needs_attention_issue(
    scheme_repo, fake, daily, monkeypatch
):
    monkeypatch.setattr(github_standing_issue, "LOOK_AGAIN_WAIT", 0.0)
    fake.pages = None
    fake.inject(lost_response(), method="POST", path=r"/issues$", times=1)
    daily()
    daily()
    assert len(needs_attention(fake)) == 1


def test_an_issue_whose_label_was_taken_off_is_still_found(scheme_repo, fake, daily):
    fake.pages = None
    daily()
    [issue] = needs_attention(fake)
    issue["labels"] = []
    scheme_repo.write("participants/bob.yaml", "github: bob\n")
    daily()
    [same] = needs_attention(fake)
    assert same["number"] == issue["number"] and "participants/bob.yaml" in same["body"]


def test_the_issue_lists_failures_first_and_nothing_when_all_is_well():
    report = setup_checks.Report(
        (
            setup_checks.warned("release", "1.1.0 is out", "merge its pull request"),
            setup_checks.passed("data", "fine"),
            setup_checks.failed("workflow round.yml", "disabled", "enable it"),
            setup_checks.skipped("GitHub", "no token"),
        )
    )
    body = attention.body(report)
    assert body is not None
    items = [line for line in body.splitlines() if line.startswith("- ")]
    assert items == [
        "- **workflow round.yml** (Must fix): disabled.",
        "- **release** (Should fix): 1.1.0 is out.",
    ]
    assert "  To fix: enable it." in body and "  To fix: merge its pull request." in body
    calm = setup_checks.Report(
        (setup_checks.passed("data", "fine"), setup_checks.skipped("x", "y"))
    )
    assert attention.body(calm) is None


# -- names, titles and links of another scheme in the organiser's files ----------------------


def test_a_form_or_site_title_naming_the_template_fails_and_says_how(scheme_repo, fake, timing):
    healthy(scheme_repo, fake)
    join = scheme_repo.root / ".github/ISSUE_TEMPLATE/join.yml"
    join.write_text(join.read_text().replace("title: Join Coffee", "title: Join UnMentoring"))
    scheme = scheme_repo.root / "scheme.yaml"
    scheme.write_text(scheme.read_text() + "site_title: UnMentoring\n")
    checks = by_name(diagnose(scheme_repo, fake, timing))
    assert checks["form names"].status is Status.FAIL
    assert "join.yml: `title: Join UnMentoring` names UnMentoring" in checks["form names"].finding
    assert "Set up this scheme" in checks["form names"].fix
    assert checks["scheme.yaml site_title"].status is Status.FAIL
    assert "delete the `site_title:` line" in checks["scheme.yaml site_title"].fix


def test_a_scheme_named_after_the_template_may_keep_the_name(scheme_repo, fake, timing):
    healthy(scheme_repo, fake)
    scheme = scheme_repo.root / "scheme.yaml"
    scheme.write_text(scheme.read_text().replace("name: Coffee", "name: UnMentoring Wales"))
    join = scheme_repo.root / ".github/ISSUE_TEMPLATE/join.yml"
    join.write_text(join.read_text().replace("title: Join Coffee", "title: Join UnMentoring"))
    assert by_name(diagnose(scheme_repo, fake, timing))["form names"].status is Status.PASS


def test_a_page_linking_to_another_schemes_site_or_issues_fails(scheme_repo, fake, timing):
    healthy(scheme_repo, fake)
    scheme_repo.write(
        "site/content/extra.md",
        "See [how we drew](https://github.com/networkx/networkx) and [our site](https://owner.github.io/repo/).\n",
    )
    assert by_name(diagnose(scheme_repo, fake, timing))["page links"].status is Status.PASS
    scheme_repo.write(
        "messages/pairing-greeting.md",
        "Hello. Join at https://github.com/localgovdigital/unmentoring/issues/new?template=join.yml\n",
    )
    check = by_name(diagnose(scheme_repo, fake, timing))["page links"]
    assert check.status is Status.FAIL
    assert check.finding.startswith("messages/pairing-greeting.md:1 links to another scheme")
    scheme_repo.write("messages/pairing-greeting.md", "Hello.\n")
    scheme_repo.write(
        "site/content/extra.md", "[Theirs](https://localgovdigital.github.io/unmentoring/).\n"
    )
    assert by_name(diagnose(scheme_repo, fake, timing))["page links"].status is Status.FAIL


def test_closed_by_hand_it_stays_closed_until_something_changes(scheme_repo, fake, daily):
    fake.pages = None
    daily()
    [issue] = needs_attention(fake)
    issue["state"] = "closed"  # an organiser closes it, Pages still off
    daily()
    assert needs_attention(fake)[0]["state"] == "closed"
    scheme_repo.write("participants/bob.yaml", "github: bob\n")  # something new
    daily()
    [again] = needs_attention(fake)
    assert again["state"] == "open" and "participants/bob.yaml" in again["body"]


def test_a_late_duplicate_is_closed_and_the_oldest_kept(scheme_repo, fake, daily):
    fake.pages = None
    daily()
    [first] = needs_attention(fake)
    late = fake.add_issue(first["title"], first["body"], labels=[attention.KIND.label])
    daily()
    states = {issue["number"]: issue["state"] for issue in needs_attention(fake)}
    assert states == {first["number"]: "open", late["number"]: "closed"}


# -- GitHub's 60 days without activity ---------------------------------------------------------


def day_of(fake: FakeGitHub) -> dt.date:
    return dt.datetime.fromtimestamp(fake.now(), dt.UTC).date()


def test_schedules_near_githubs_60_days_warn_then_fail_counting_from_the_keeper(
    scheme_repo, fake, timing
):
    healthy(scheme_repo, fake)
    fake.runs.clear()
    fake.add_run("follow-up.yml", at=fake.now() - 50 * 86400)
    fake.add_run("follow-up.yml", conclusion="failure", at=fake.now())  # not counted
    environment = {**clean_environment(), **fake.env()}
    connect = functools.partial(api.connect, sleep=timing.sleep, clock=timing.clock)
    report = doctor.diagnose(scheme_repo.root, environment, day_of(fake), connect=connect)
    check = by_name(report)["schedules"]
    assert check.status is Status.WARN
    assert "off in about 10 day(s)" in check.finding and "Follow-up" in check.fix
    later = day_of(fake) + dt.timedelta(days=11)
    report = doctor.diagnose(scheme_repo.root, environment, later, connect=connect)
    assert by_name(report)["schedules"].status is Status.FAIL
    fake.add_run("follow-up.yml", at=fake.now())
    report = doctor.diagnose(scheme_repo.root, environment, day_of(fake), connect=connect)
    assert by_name(report)["schedules"].status is Status.PASS


def test_a_recent_commit_counts_as_activity_and_a_private_repository_has_no_limit():
    today = dt.date(2027, 6, 1)
    long_ago = today - dt.timedelta(days=70)
    assert setup_checks.schedules(5, False, today, long_ago, today).status is Status.PASS
    assert setup_checks.schedules(5, False, long_ago, None, today).status is Status.FAIL
    assert setup_checks.schedules(5, True, long_ago, None, today).status is Status.PASS
    assert setup_checks.schedules(0, False, long_ago, None, today).status is Status.PASS
    assert setup_checks.schedules(5, False, None, None, today).status is Status.SKIP
