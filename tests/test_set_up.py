"""Issue 23's done-when: from a fresh copy of the template, the quick start's command-line path
(`unmentoring set-up`, as the "Set up this scheme" workflow runs it, then the checklist's steps)
reaches a clean doctor with no trace of another scheme; against the fake GitHub, with a lost
answer, and run twice."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from conftest import copy_of_this_repository, git, isolate_git, use_template
from fake_github import FakeGitHub, lost_response

from unmentoring import __version__
from unmentoring.commands import options
from unmentoring.core import months, setup_checklist, setup_checks, texts
from unmentoring.core.setup_checks import Status
from unmentoring.github import standing_issue
from unmentoring.store import paths, setup_files

PAGES_STEP = texts.SETUP_PAGES.fill()
PULL_REQUESTS_STEP = texts.SETUP_PULL_REQUESTS.fill()
CONTACT_STEP = texts.SETUP_CONTACT.fill()
NAME = "Coffee: Wales"  # a colon: the forms' titles must be quoted to stay YAML
ORGANISER = "Cymru Digital"
CONTACT = "hello@cymru.example"
WHERE = "cymru-digital/coffee"


@pytest.fixture(autouse=True)
def isolated_git(tmp_path: Path, monkeypatch) -> None:
    isolate_git(monkeypatch, tmp_path)


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    root = copy_of_this_repository(tmp_path_factory.mktemp("release") / "template")
    git(root, "tag", f"v{__version__}")
    return root


@pytest.fixture
def fresh(template: Path, tmp_path: Path) -> Path:
    """A new scheme made with "Use this template", its GitHub repository a bare one."""
    root = use_template(template, tmp_path / "scheme")
    # The upgrade check reads the template with git: here, from the scratch release.
    text = (root / "scheme.yaml").read_text()
    (root / "scheme.yaml").write_text(
        text.replace("upstream: localgovdigital/unmentoring", f"upstream: {template}")
    )
    git(root, "commit", "-qam", "The scratch template as upstream")
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "--quiet", "--bare", "--initial-branch=main", remote)
    git(root, "remote", "add", "origin", remote)
    git(root, "push", "--quiet", "origin", "main")
    return root


@pytest.fixture
def github(monkeypatch):
    with FakeGitHub(WHERE) as fake:
        for key, value in fake.env().items():
            monkeypatch.setenv(key, value)
        monkeypatch.setenv("GITHUB_REF_NAME", "main")  # as in the workflow's run
        fake.add_workflow("pages.yml", "Site")
        yield fake


def set_up(run_cli, root: Path, *more: str):
    return run_cli(
        "set-up", "--repo", root, "--push", "--name", NAME, "--organiser", ORGANISER, *more
    )


def remote_main(root: Path) -> str:
    git(root, "fetch", "--quiet", "origin")
    return git(root, "rev-parse", "origin/main").strip()


def checklists(fake: FakeGitHub) -> list[dict]:
    kind = setup_checklist.KIND
    return [issue for issue in fake.issues.values() if kind.marks(issue["body"] or "")]


def traces_of_another_scheme(root: Path) -> list[str]:
    """Every link to another repository or its site, and every form naming the template's
    scheme, in the files the organiser owns."""
    found = [
        f"{path}:{line}: {url}"
        for path in paths.organiser_files(root)
        if path != paths.SCHEME  # its `upstream` names the template on purpose
        for line, text in enumerate((root / path).read_text(errors="replace").splitlines(), 1)
        for url in re.findall(r"https?://[^\s)\]>\"'`]+", text)
        if setup_checks.points_elsewhere(url.rstrip(".,;:"), WHERE)
    ]
    for path in sorted((root / paths.FORMS).glob("*.yml")):
        data = yaml.safe_load(path.read_text())
        for key in ("name", "title"):
            if "UnMentoring" in str(data.get(key, "")):
                found.append(f"{path.name}: {key}: {data[key]}")
    return found


def test_the_quick_start_reaches_a_clean_doctor_with_no_trace_of_another_scheme(
    fresh: Path, github: FakeGitHub, run_cli
):
    assert traces_of_another_scheme(fresh), "the template should start with LocalGov Digital's"
    before = remote_main(fresh)
    code, out, err = set_up(run_cli, fresh, "--contact", CONTACT, "--start", "2027-03")
    assert code == 0, err

    # The files: committed and pushed, the answers in, every link this scheme's.
    assert remote_main(fresh) != before
    git(fresh, "checkout", "--quiet", "origin/main")
    scheme = yaml.safe_load((fresh / "scheme.yaml").read_text())
    assert scheme["name"] == NAME and scheme["organiser"] == ORGANISER
    assert scheme["contact"] == CONTACT and str(scheme["start"]) == "2027-03"
    assert scheme["repository"] == WHERE
    assert scheme["site_url"] == "https://cymru-digital.github.io/coffee/"
    assert "site_title" not in scheme
    assert traces_of_another_scheme(fresh) == []
    join = yaml.safe_load((fresh / paths.form("join")).read_text())
    assert join["name"] == f"Join {NAME}"
    assert run_cli("validate", "--repo", fresh)[0] == 0

    # GitHub: the forms' labels made; Pages refused to a workflow's token, so asked of a person.
    labels, _ = setup_files.form_labels(fresh)
    wanted = {label for names in labels.values() for label in names}
    assert wanted and wanted <= {label["name"] for label in github.labels.values()}
    assert github.pages is None and github.dispatches == []
    [issue] = checklists(github)
    assert PAGES_STEP in issue["body"]
    assert PULL_REQUESTS_STEP in issue["body"]
    assert CONTACT_STEP not in issue["body"]  # it was given
    assert (
        f"{github.env()['GITHUB_SERVER_URL']}/{WHERE}/issues/new?template=join.yml"
        in (issue["body"])
    )

    # The person ticks the checklist's Settings steps; then the doctor is clean.
    github.enable_pages()
    github.workflow_permissions = {"can_approve_pull_request_reviews": True}
    for path in sorted((fresh / paths.WORKFLOWS).glob("*.yml")):
        if path.name != "pages.yml":
            github.add_workflow(path.name, yaml.safe_load(path.read_text())["name"])
    code, out, err = run_cli("doctor", "--repo", fresh)
    assert code == 0, out
    not_passed = [line for line in out.splitlines() if line.startswith(("fail", "warn"))]
    # Nobody has joined yet: the only warnings say so.
    assert [line.split(":")[0] for line in not_passed] == ["warn  data", "warn  first round"], out


def test_a_second_run_changes_nothing_and_keeps_the_ticks(fresh: Path, github: FakeGitHub, run_cli):
    assert set_up(run_cli, fresh)[0] == 0
    [issue] = checklists(github)
    ticked = issue["body"].replace(f"- [ ] {PULL_REQUESTS_STEP}", f"- [x] {PULL_REQUESTS_STEP}")
    issue["body"] = ticked
    pushed = remote_main(fresh)
    made = r"/(issues|labels|dispatches)$"  # Pages is asked again: a new token may be allowed
    posts = github.count("POST", made)

    code, out, err = set_up(run_cli, fresh)
    assert code == 0, err
    assert remote_main(fresh) == pushed  # no second commit
    assert github.count("POST", made) == posts  # no label, issue or run made again
    [again] = checklists(github)
    assert f"- [x] {PULL_REQUESTS_STEP}" in again["body"]
    assert f"- [ ] {PAGES_STEP}" in again["body"]
    assert "0 file(s) changed" in out


def test_a_lost_answer_leaves_one_checklist(fresh: Path, github: FakeGitHub, run_cli, monkeypatch):
    monkeypatch.setattr(standing_issue, "LOOK_AGAIN_WAIT", 0.0)
    github.inject(lost_response(), method="POST", path=r"/issues$", times=1)
    code, _out, err = set_up(run_cli, fresh)
    assert code == 0, err
    assert len(checklists(github)) == 1


def test_with_an_administrators_token_pages_is_turned_on_and_the_site_built(
    fresh: Path, github: FakeGitHub, run_cli
):
    github.pages_admin = True
    assert set_up(run_cli, fresh)[0] == 0
    assert github.pages is not None and github.pages["build_type"] == "workflow"
    assert [dispatch["workflow"] for dispatch in github.dispatches] == [
        ".github/workflows/pages.yml"
    ]
    [issue] = checklists(github)
    assert PAGES_STEP not in issue["body"]
    assert CONTACT_STEP in issue["body"]  # not given this time


@pytest.mark.parametrize(
    ("answers", "named"),
    [
        (["--name", NAME, "--organiser", ORGANISER, "--contact", "call me"], "`contact`"),
        (["--name", "  ", "--organiser", ORGANISER], "--name"),
    ],
)
def test_a_bad_answer_changes_nothing_and_names_it(
    fresh: Path, github: FakeGitHub, run_cli, answers: list[str], named: str
):
    before = remote_main(fresh)
    code, _out, err = run_cli("set-up", "--repo", fresh, "--push", *answers)
    assert code == 1
    assert named in err
    assert remote_main(fresh) == before
    assert git(fresh, "status", "--porcelain") == ""
    assert github.issues == {} and github.labels == {}


def test_the_doctors_report_becomes_the_checklists_remaining_steps():
    report = setup_checks.Report(
        (
            setup_checks.failed("GitHub Pages", "off", "turn it on"),
            setup_checks.warned("scheme.yaml contact", "not set", "set it"),
            setup_checks.warned("release", "1.0.0; 1.1.0 is out", "merge it"),
            setup_checks.passed("data", "fine"),
            setup_checks.warned("first round", "nobody can be drawn yet", "share the join form"),
        )
    )
    done = setup_checklist.Done(files=["scheme.yaml"], labels=[], pages=None, site_started=False)
    body = setup_checklist.body(done, report, join_link="JOIN", guide="GUIDE")
    tasks = [line for line in body.splitlines() if line.startswith("- [ ]")]
    assert tasks[0] == f"- [ ] {PULL_REQUESTS_STEP}"
    assert f"- [ ] {PAGES_STEP}" in tasks
    assert f"- [ ] {CONTACT_STEP}" in tasks
    # Steps above stand for the Pages and contact checks, and sharing the form for "nobody
    # yet": only the release is listed again.
    assert [task for task in tasks if task.startswith("- [ ] **")] == [
        "- [ ] **release** (Should fix): 1.0.0; 1.1.0 is out. To fix: merge it."
    ]
    assert Status.PASS  # the passing check is not a task
    assert "JOIN" in body and "GUIDE" in body


def test_without_a_month_a_past_start_moves_to_next_month_and_a_chosen_one_stays(
    fresh: Path, github: FakeGitHub, run_cli
):
    def start() -> str:
        git(fresh, "checkout", "--quiet", "origin/main")
        return str(yaml.safe_load((fresh / "scheme.yaml").read_text())["start"])

    assert set_up(run_cli, fresh)[0] == 0  # the template's start is long past
    assert start() == months.add_months(options.current_month(), 1)
    later = months.add_months(options.current_month(), 4)
    assert set_up(run_cli, fresh, "--start", later)[0] == 0
    assert start() == later
    assert set_up(run_cli, fresh)[0] == 0  # a rerun to change something else keeps it
    assert start() == later


def test_the_site_address_keeps_the_repository_names_case_or_is_githubs_own():
    assert (
        setup_checks.pages_address("Acme/CoffeeRoulette")
        == "https://acme.github.io/CoffeeRoulette/"
    )
    assert setup_checks.pages_address("Acme/acme.GitHub.io") == "https://acme.github.io/"


def test_with_pages_on_its_own_address_is_used_a_custom_domain_too(
    fresh: Path, github: FakeGitHub, run_cli
):
    github.enable_pages()
    github.pages["html_url"] = "https://coffee.cymru.example/"
    assert set_up(run_cli, fresh)[0] == 0
    git(fresh, "checkout", "--quiet", "origin/main")
    assert yaml.safe_load((fresh / "scheme.yaml").read_text())["site_url"] == (
        "https://coffee.cymru.example/"
    )
    assert "https://coffee.cymru.example/privacy.html" in (fresh / paths.form("join")).read_text()


def test_a_web_address_without_https_is_taken_and_a_past_month_refused(
    fresh: Path, github: FakeGitHub, run_cli
):
    code, _out, err = set_up(run_cli, fresh, "--start", "2020-01")
    assert code == 1 and "2020-01, has passed" in err
    assert set_up(run_cli, fresh, "--contact", "www.cymru.example/contact")[0] == 0
    git(fresh, "checkout", "--quiet", "origin/main")
    scheme = yaml.safe_load((fresh / "scheme.yaml").read_text())
    assert scheme["contact"] == "https://www.cymru.example/contact"


def test_run_on_another_branch_it_changes_nothing_and_says_so_in_the_summary(
    fresh: Path, github: FakeGitHub, run_cli, monkeypatch, tmp_path: Path
):
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    monkeypatch.setenv("GITHUB_REF_NAME", "try-things")
    git(fresh, "checkout", "--quiet", "-b", "try-things")
    before = remote_main(fresh)
    code, _out, err = set_up(run_cli, fresh)
    assert code == 1 and "leave *Use workflow from* at main" in err
    assert remote_main(fresh) == before and github.issues == {}
    assert "It stopped: it ran on the branch try-things, not main" in summary.read_text()
