"""`unmentoring upgrade`: a scheme made from one release of this template, upgraded to a later one.

The template is a scratch copy of this repository (its files as git tracks them here), tagged as
this release. A scheme is made from it as GitHub's "Use this template" does (one commit, no
history), gets people, rounds and an organiser's edits, and then the template makes a later
release that changes code, a workflow, a site template, a form's wording, scheme.yaml's comments,
a content page and the round files' format (with its migration). The checks after the upgrade
run the upgraded scheme's own code, in a separate process, as its workflows would.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import copy_of_this_repository, isolate_git, use_template
from fake_github import Fault, lost_response

from unmentoring import __version__
from unmentoring.core.upgrade import Version
from unmentoring.gitops import upstream

PROJECT = Path(__file__).resolve().parents[1]
PEOPLE = {
    "ann": "Ambridge",
    "bob": "Borchester",
    "cat": "Felpersham",
    "dan": "Hollerton",
    "eve": "Loxley",
    "fay": "Penny Hassett",
}
NEXT = "1.1.0"
PAGE = "site/content/how-it-works.md"
# What the later release changes, each a file and the text it replaces (asserted present).
CODE = ("scripts/unmentoring/commands/validate.py", 'f"OK: {len(', 'f"All clear: {len(')
FORM = (".github/ISSUE_TEMPLATE/join.yml", "Sign up in about 30 seconds.", "Join in 30 seconds.")
PAGE_CHANGE = (PAGE, "Everything happens on GitHub,", "It all happens on GitHub,")
SCHEME_COMMENT = ("scheme.yaml", "# The organiser's settings.", "# Your scheme's settings.")
TEMPLATE = ("site/templates/base.html", "<head>", "<head>\n<!-- release 1.1.0 -->")
WORKFLOW = ".github/workflows/doctor.yml"
MIGRATION = """
MIGRATIONS: tuple[Migration, ...] = (
    Migration(Release(1, 1, 0), "round files say their format", round=lambda d: {**d, "format": 2}),
)
"""


@pytest.fixture(autouse=True)
def isolated_git(tmp_path: Path, monkeypatch) -> None:
    isolate_git(monkeypatch, tmp_path)


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "init.defaultBranch=main", *args],
        cwd=cwd,
        capture_output=True,
        check=True,
    )
    return done.stdout.decode()


def commit(root: Path, message: str) -> None:
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "--allow-empty", "-m", message)


def edit(root: Path, path: str, old: str, new: str) -> None:
    file = root / path
    text = file.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{path} no longer has {old!r} once: change this test's edit"
    file.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def template(tmp_path: Path) -> Path:
    """A scratch copy of this repository, tagged as this release."""
    root = copy_of_this_repository(tmp_path / "template")
    git(root, "tag", f"v{__version__}")
    return root


@pytest.fixture
def scheme(template: Path, tmp_path: Path, run_cli) -> Path:
    """A running scheme: its own settings and page, six people, two rounds drawn."""
    root = use_template(template, tmp_path / "scheme")
    edit(root, "scheme.yaml", "name: UnMentoring\n", "name: Borsetshire Coffee\n")
    edit(root, "scheme.yaml", "organiser: LocalGov Digital\n", "organiser: Borsetshire CC\n")
    edit(root, "scheme.yaml", "upstream: localgovdigital/unmentoring", f"upstream: {template}")
    edit(root, PAGE, "Give it 30 to 60 minutes.", "Give it half an hour, over tea.")
    commit(root, "Our settings")
    for login, organisation in PEOPLE.items():
        (root / "participants" / f"{login}.yaml").write_text(
            f"github: {login}\nname: {login}\norganisation: {organisation}\njoined: 2026-01-02\n"
        )
    commit(root, "Sign-ups")
    for month in ("2026-01", "2026-02"):
        assert run_cli("pair", "--repo", root, "--round", month)[0] == 0
        commit(root, f"Draw round {month}")
    return root


def release(template: Path, *, scheme_name: str | None = None, code: bool = True) -> None:
    """The template's next release: code, a workflow, a site template, a form, a page, the
    settings' comments, and the round files' format with its migration (``code``: the code
    change too, unless it was made already)."""
    for change in (CODE, FORM, PAGE_CHANGE, SCHEME_COMMENT, TEMPLATE):
        if code or change is not CODE:
            edit(template, *change)
    if scheme_name:
        edit(template, "scheme.yaml", "name: UnMentoring\n", f"name: {scheme_name}\n")
    with (template / WORKFLOW).open("a", encoding="utf-8") as workflow:
        workflow.write("# Release 1.1.0 changed this workflow.\n")
    schema_file = template / "scripts/unmentoring/store/schemas/round.schema.json"
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    schema["properties"]["format"] = {"const": 2}
    schema["required"].append("format")
    schema_file.write_text(json.dumps(schema, indent=2), encoding="utf-8")
    edit(
        template,
        "scripts/unmentoring/core/migrations.py",
        "\nMIGRATIONS: tuple[Migration, ...] = ()\n",
        MIGRATION,
    )
    edit(template, "pyproject.toml", f'version = "{__version__}"', f'version = "{NEXT}"')
    edit(template, "scripts/unmentoring/__init__.py", f'"{__version__}"', f'"{NEXT}"')
    edit(
        template,
        "CHANGELOG.md",
        "## [Unreleased]\n",
        f"## [Unreleased]\n\n## [{NEXT}] - 2027-01-04\n\n### Changed\n\n- Round files say "
        "their format.\n\n### Upgrading\n\n- Tell your members the join form is shorter.\n",
    )
    commit(template, f"Release {NEXT}")
    git(template, "tag", f"v{NEXT}")


def own_code(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``unmentoring args`` run by the scheme's own package, as its workflows install it."""
    return subprocess.run(
        [sys.executable, "-m", "unmentoring", *args, "--repo", str(root)],
        cwd=root / "scripts",
        env={**os.environ, "PYTHONPATH": str(root / "scripts")},
        capture_output=True,
        text=True,
        check=False,
    )


def files(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and ".git" not in path.relative_to(root).parts
    }


def test_an_upgrade_keeps_the_data_and_edits_and_brings_the_release(
    scheme: Path, template: Path, run_cli
):
    people_before = {p.name: p.read_bytes() for p in (scheme / "participants").glob("*.yaml")}
    rounds_before = {
        p.name: yaml.safe_load(p.read_text()) for p in (scheme / "rounds").glob("*.yaml")
    }
    release(template)

    code, out, err = run_cli("upgrade", "--repo", scheme)

    assert code == 0, err
    assert f"Upgraded from release {__version__} to {NEXT}" in out
    assert "Tell your members the join form is shorter." in out  # the Upgrading note
    # The data: people untouched; rounds migrated to the new format and otherwise the same.
    assert {p.name: p.read_bytes() for p in (scheme / "participants").glob("*.yaml")} == (
        people_before
    )
    for name, before in rounds_before.items():
        after = yaml.safe_load((scheme / "rounds" / name).read_text())
        assert after == {**before, "format": 2}
        assert f"migrated  rounds/{name}" in out
    # The organiser's edits, merged line by line with the release's changes to the same files.
    settings = (scheme / "scheme.yaml").read_text()
    assert "name: Borsetshire Coffee\n" in settings and "organiser: Borsetshire CC\n" in settings
    assert settings.startswith("# Your scheme's settings.")
    page = (scheme / PAGE).read_text()
    assert "Give it half an hour, over tea." in page and "It all happens on GitHub," in page
    # The release's own files, as the release has them.
    for path in (CODE[0], FORM[0], TEMPLATE[0], WORKFLOW, "CHANGELOG.md", "pyproject.toml"):
        assert (scheme / path).read_bytes() == (template / path).read_bytes(), path
    # The upgraded scheme's own code finds it clean, and every earlier round reproduced.
    checked = own_code(scheme, "validate")
    assert checked.returncode == 0 and "All clear: 6 participant(s), 2 round(s)" in checked.stdout
    commit(scheme, f"Upgrade to release {NEXT}")
    for month in ("2026-01", "2026-02"):
        drawn = own_code(scheme, "pair", "--round", month, "--check")
        assert drawn.returncode == 0, drawn.stdout + drawn.stderr
        assert "reproduced" in drawn.stdout
    assert own_code(scheme, "--version").stdout.strip() == f"unmentoring {NEXT}"


def test_a_conflicting_edit_writes_nothing_and_names_the_file(
    scheme: Path, template: Path, run_cli
):
    release(template, scheme_name="UnMentoring scheme")  # the line the organiser changed too
    before = files(scheme)

    code, _, err = run_cli("upgrade", "--repo", scheme)

    assert code == 1
    assert files(scheme) == before
    assert "1 file(s) conflict, and nothing was written" in err
    assert "scheme.yaml: you and release 1.1.0 both changed the same lines" in err
    assert "run the upgrade again" in err
    assert git(scheme, "status", "--porcelain") == ""


def test_a_dry_run_lists_each_file_and_writes_nothing(scheme: Path, template: Path, run_cli):
    release(template)
    before = files(scheme)

    code, out, _ = run_cli("upgrade", "--repo", scheme, "--dry-run")

    assert code == 0
    assert files(scheme) == before
    assert f"Would upgrade from release {__version__} to {NEXT}:" in out
    for path in (CODE[0], FORM[0], TEMPLATE[0], WORKFLOW, "rounds/2026-01.yaml"):
        assert f"  {path}" in out
    assert "merged    scheme.yaml" in out


def test_on_the_latest_release_there_is_nothing_to_do(scheme: Path, run_cli):
    code, out, _ = run_cli("upgrade", "--repo", scheme)

    assert code == 0
    assert f"runs release {__version__}, the one asked for: nothing to upgrade" in out


def test_uncommitted_changes_and_older_releases_are_refused(scheme: Path, template: Path, run_cli):
    release(template)
    (scheme / PAGE).write_text("half-written\n")
    code, _, err = run_cli("upgrade", "--repo", scheme)
    assert code == 1 and "uncommitted changes" in err
    git(scheme, "checkout", "--", PAGE)

    edit(scheme, "pyproject.toml", f'version = "{__version__}"', 'version = "9.0.0"')
    commit(scheme, "from the future")
    code, _, err = run_cli("upgrade", "--repo", scheme)
    assert code == 1 and "older than this scheme's 9.0.0" in err


def test_a_release_whose_checks_fail_writes_nothing(scheme: Path, template: Path, run_cli):
    release(template)
    # A release whose schema needs a field that no migration writes.
    schema_file = template / "scripts/unmentoring/store/schemas/participant.schema.json"
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    schema["required"].append("pronouns")
    schema_file.write_text(json.dumps(schema, indent=2), encoding="utf-8")
    commit(template, "A broken release")
    git(template, "tag", "-f", f"v{NEXT}")
    before = files(scheme)

    code, _, err = run_cli("upgrade", "--repo", scheme)

    assert code == 1
    assert f"release {NEXT}'s `validate` found problems" in err and "pronouns" in err
    assert files(scheme) == before


# GitHub's answer to a push that changes a workflow file without the Workflows permission, as
# projects report it (a pre-receive hook plays GitHub here).
REFUSE_WORKFLOWS = """#!/bin/sh
while read old new ref; do
  base=$(git rev-parse --verify --quiet refs/heads/main)
  if git diff --name-only "$base" "$new" -- .github/workflows | grep -q .; then
    echo 'refusing to allow a GitHub App to create or update workflow'\
      '`.github/workflows/x.yml` without `workflows` permission'
    exit 1
  fi
done
"""


def on_github(scheme: Path, tmp_path: Path, monkeypatch) -> Path:
    """The scheme's repository on "GitHub": a bare remote that refuses workflow changes; and
    the branch a scheduled run is on, as Actions names it."""
    monkeypatch.setenv("GITHUB_REF_NAME", "main")
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "--quiet", "--bare", str(remote))
    hook = remote / "hooks" / "pre-receive"
    hook.write_text(REFUSE_WORKFLOWS)
    hook.chmod(0o755)
    git(scheme, "remote", "add", "origin", str(remote))
    git(scheme, "push", "--quiet", "origin", "main")
    return remote


def shown(remote: Path, path: str) -> bytes:
    return subprocess.run(
        ["git", "show", f"unmentoring/upgrade:{path}"], cwd=remote, capture_output=True, check=True
    ).stdout


@pytest.mark.parametrize("app_may_change_workflows", [False, True])
def test_the_workflow_proposes_the_release_in_one_pull_request(
    scheme, template, tmp_path, github, run_cli, monkeypatch, app_may_change_workflows
):
    if app_may_change_workflows:  # said, but GitHub refuses anyway: the rest still lands
        monkeypatch.setenv("UNMENTORING_APP_WORKFLOWS", "true")
    remote = on_github(scheme, tmp_path, monkeypatch)
    release(template)

    code, out, err = run_cli("upgrade", "--repo", scheme, "--push")

    assert code == 0, err
    assert len(github.pulls) == 1
    pull = next(iter(github.pulls.values()))
    assert pull["title"] == f"Upgrade to release {NEXT}"
    assert pull["head"]["ref"] == "unmentoring/upgrade" and pull["base"]["ref"] == "main"
    body = pull["body"]
    assert "Tell your members the join form is shorter." in body  # the Upgrading note
    assert f"Open `{WORKFLOW}` on GitHub and choose Edit" in body
    assert "close this pull request and open it again" in body
    # The branch has the release, the migrated data and the organiser's edits; not the workflow.
    assert shown(remote, CODE[0]) == (template / CODE[0]).read_bytes()
    assert b"format: 2" in shown(remote, "rounds/2026-01.yaml")
    assert b"name: Borsetshire Coffee" in shown(remote, "scheme.yaml")
    assert shown(remote, WORKFLOW) == (scheme / WORKFLOW).read_bytes()
    assert git(remote, "rev-parse", "main") == git(scheme, "rev-parse", "origin/main")
    proposed = git(remote, "rev-parse", "unmentoring/upgrade")

    code, out, err = run_cli("upgrade", "--repo", scheme, "--push")  # next month's run

    assert code == 0, err
    assert f"proposes release {NEXT} already" in out
    assert len(github.pulls) == 1
    assert git(remote, "rev-parse", "unmentoring/upgrade") == proposed


def test_with_the_workflows_permission_the_pull_request_changes_workflows_too(
    scheme, template, tmp_path, github, run_cli, monkeypatch
):
    monkeypatch.setenv("UNMENTORING_APP_WORKFLOWS", "true")
    monkeypatch.setenv("UNMENTORING_APP_TOKEN", "1")
    remote = on_github(scheme, tmp_path, monkeypatch)
    (remote / "hooks" / "pre-receive").unlink()  # the App has the permission
    release(template)

    code, _, err = run_cli("upgrade", "--repo", scheme, "--push")

    assert code == 0, err
    assert shown(remote, WORKFLOW) == (template / WORKFLOW).read_bytes()
    body = next(iter(github.pulls.values()))["body"]
    assert "Open `" not in body and "close this pull request and open it again" not in body


def release_line(out: str) -> str:
    return next(line for line in out.splitlines() if "release" in line and "runs" in line)


def test_the_doctor_shows_the_release_and_a_newer_one(scheme, template, github, run_cli):
    _, out, _ = run_cli("doctor", "--repo", scheme)
    assert f"this scheme runs release {__version__}, the latest" in release_line(out)

    release(template)
    _, out, _ = run_cli("doctor", "--repo", scheme)

    line = release_line(out)
    assert f"this scheme runs release {__version__}; release {NEXT} is available" in line
    assert "Actions > Upgrade > Run workflow" in out


def test_the_doctor_without_the_upstream_still_shows_the_release(scheme, github, run_cli):
    edit(scheme, "scheme.yaml", f"upstream: {scheme.parent / 'template'}", "upstream: /nowhere")

    _, out, _ = run_cli("doctor", "--repo", scheme)

    line = release_line(out)
    assert f"this scheme runs release {__version__}, but the Upgrade workflow cannot read" in line
    assert "set `upstream` in scheme.yaml back to localgovdigital/unmentoring" in out


def test_the_doctor_names_workflow_files_that_are_not_the_releases(scheme, github, run_cli):
    _, out, _ = run_cli("doctor", "--repo", scheme)
    assert f"as release {__version__} has them" in out

    with (scheme / WORKFLOW).open("a", encoding="utf-8") as workflow:
        workflow.write("# a step an upgrade asked for was never done\n")
    commit(scheme, "an old workflow file")
    _, out, _ = run_cli("doctor", "--repo", scheme)

    assert f"{WORKFLOW} not as release {__version__} has them" in out


def test_an_edited_workflow_is_given_merged_in_the_pull_request(
    scheme, template, tmp_path, github, run_cli, monkeypatch
):
    edit(scheme, WORKFLOW, "name: Doctor\n", "name: Doctor\n# Ours: run it monthly too.\n")
    commit(scheme, "Our note in a workflow")
    remote = on_github(scheme, tmp_path, monkeypatch)
    release(template)

    code, _, err = run_cli("upgrade", "--repo", scheme, "--push")

    assert code == 0, err
    body = next(iter(github.pulls.values()))["body"]
    pasted = body.split(f"<summary>{WORKFLOW}</summary>", 1)[1].split("```yaml\n", 1)[1]
    pasted = pasted.split("\n```", 1)[0]
    assert "# Ours: run it monthly too." in pasted
    assert "# Release 1.1.0 changed this workflow." in pasted
    assert "If you never changed this file, use [release 1.1.0's version](" in body
    assert shown(remote, WORKFLOW) == (scheme / WORKFLOW).read_bytes()  # not pushed


def test_a_lost_answer_to_the_pull_request_leaves_one(
    scheme, template, tmp_path, github, run_cli, monkeypatch
):
    on_github(scheme, tmp_path, monkeypatch)
    release(template)
    github.inject(lost_response(), method="POST", path=r"/pulls$")

    assert run_cli("upgrade", "--repo", scheme, "--push")[0] == 0

    assert len(github.pulls) == 1 and github.count("POST", r"/pulls$") == 1


def test_a_run_stopped_before_its_pull_request_is_finished_by_the_next(
    scheme, template, tmp_path, github, run_cli, monkeypatch
):
    remote = on_github(scheme, tmp_path, monkeypatch)
    release(template)
    refusal = "GitHub Actions is not permitted to create or approve pull requests."
    github.inject(Fault(status=403, message=refusal, method="POST", path=r"/pulls$"))

    code, _, err = run_cli("upgrade", "--repo", scheme, "--push")

    assert code == 1 and "Allow GitHub Actions to create and approve pull requests" in err
    assert not github.pulls
    pushed = shown(remote, CODE[0])
    assert run_cli("upgrade", "--repo", scheme, "--push")[0] == 0
    assert len(github.pulls) == 1
    assert shown(remote, CODE[0]) == pushed


def test_a_checkout_with_windows_settings_keeps_lf_and_upgrades_as_cleanly(
    scheme, template, run_cli
):
    # Git for Windows sets core.autocrlf; the template's .gitattributes keeps LF all the same.
    git(scheme, "config", "core.autocrlf", "true")
    for path in (PAGE, "scheme.yaml", CODE[0]):
        (scheme / path).unlink()
    git(scheme, "checkout", "--", ".")
    assert b"\r\n" not in (scheme / PAGE).read_bytes()
    release(template)

    code, _, err = run_cli("upgrade", "--repo", scheme, "--ref", NEXT)  # without the "v"

    assert code == 0, err
    assert "Give it half an hour, over tea." in (scheme / PAGE).read_text()


def test_the_schemes_files_are_read_as_git_stores_them(tmp_path):
    root = tmp_path / "crlf"
    root.mkdir()
    git(root, "init", "--quiet")
    (root / "a.txt").write_bytes(b"one\ntwo\n")
    (root / "run").write_bytes(b"#!/bin/sh\n")
    (root / "run").chmod(0o755)
    commit(root, "files")
    git(root, "config", "core.autocrlf", "true")
    (root / "a.txt").unlink()
    git(root, "checkout", "--", "a.txt")
    assert (root / "a.txt").read_bytes() == b"one\r\ntwo\r\n"  # as Git for Windows leaves it

    found = upstream.scheme_files(root)

    assert found["a.txt"] == Version(b"one\ntwo\n", False)
    assert found["run"].executable


def test_each_kind_of_conflict_says_what_to_do(scheme, template, run_cli):
    # The organiser changed a content page the release removes, and removed a template file
    # the release changes.
    with (scheme / "site/content/questions.md").open("a", encoding="utf-8") as page:
        page.write("\nOur own words.\n")
    (scheme / "docs" / "development.md").unlink()
    commit(scheme, "our edits")
    (template / "site/content/questions.md").unlink()
    with (template / "docs" / "development.md").open("a", encoding="utf-8") as page:
        page.write("\nOne more line.\n")
    release(template)

    code, _, err = run_cli("upgrade", "--repo", scheme)

    assert code == 1
    assert (
        "site/content/questions.md: release 1.1.0 removes this file, and it was changed here. "
        "Copy anything you want to keep, delete the file, then run the upgrade again (Actions > "
        "Upgrade > Run workflow)." in err
    )
    assert (
        "docs/development.md: you removed this file, and release 1.1.0 changes it. Put it back"
        in err
    )


def test_a_workflow_the_release_adds_is_created_by_hand_and_a_long_body_is_cut_to_links(
    scheme, template, tmp_path, github, run_cli, monkeypatch
):
    remote = on_github(scheme, tmp_path, monkeypatch)
    (template / ".github/workflows/new.yml").write_text("name: New\non: workflow_dispatch\n")
    # A long release note, to pass GitHub's limit on a pull request's description.
    edit(template, "CHANGELOG.md", "## [Unreleased]\n", "## [Unreleased]\n" + "x" * 70_000 + "\n")
    release(template)

    code, _, err = run_cli("upgrade", "--repo", scheme, "--push")

    assert code == 0, err
    body = next(iter(github.pulls.values()))["body"]
    assert "Name it `new.yml`" in body and "Create new file" in body
    assert len(body) <= 60_000 and "x" * 1000 not in body
    assert "The changelog (CHANGELOG.md) of release 1.1.0 says what changed." in body
    assert b"name: New" not in subprocess.run(
        ["git", "ls-tree", "-r", "--name-only", "unmentoring/upgrade"],
        cwd=remote,
        capture_output=True,
        check=True,
    ).stdout.replace(b".github/workflows/new.yml", b"")


def probe_wheel(tmp_path: Path) -> tuple[Path, str]:
    """A wheel of a small package, built here (no network), and its hash-checked requirement."""
    project = tmp_path / "probe"
    (project / "unmentoring_probe").mkdir(parents=True)
    (project / "unmentoring_probe" / "__init__.py").write_text("WORDS = 'probe'\n")
    (project / "pyproject.toml").write_text(
        '[build-system]\nrequires = ["setuptools"]\nbuild-backend = "setuptools.build_meta"\n'
        '[project]\nname = "unmentoring-probe"\nversion = "0.1"\n'
    )
    wheels = tmp_path / "wheels"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "-w",
            str(wheels),
            str(project),
        ],
        check=True,
        capture_output=True,
    )
    wheel = next(wheels.glob("*.whl"))
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    return wheels, f"unmentoring-probe==0.1 \\\n    --hash=sha256:{digest}\n"


def test_a_release_that_needs_a_new_package_is_checked_with_it(
    scheme, template, tmp_path, run_cli, monkeypatch
):
    wheels, requirement = probe_wheel(tmp_path)
    with (template / "requirements/workflows.txt").open("a", encoding="utf-8") as pinned:
        pinned.write(requirement)
    edit(
        template,
        CODE[0],
        "\nimport argparse\n",
        "\nimport argparse\n\nimport unmentoring_probe  # noqa: F401\n",
    )
    release(template)
    # Where pip finds it: here a folder; in a workflow, the package index.
    monkeypatch.setenv("PIP_NO_INDEX", "1")
    monkeypatch.setenv("PIP_FIND_LINKS", str(wheels))

    code, _, err = run_cli("upgrade", "--repo", scheme)

    assert code == 0, err
    assert requirement in (scheme / "requirements/workflows.txt").read_text()


def test_a_release_whose_new_package_cannot_be_installed_writes_nothing(
    scheme, template, tmp_path, run_cli, monkeypatch
):
    _, requirement = probe_wheel(tmp_path)
    with (template / "requirements/workflows.txt").open("a", encoding="utf-8") as pinned:
        pinned.write(requirement)
    release(template)
    monkeypatch.setenv("PIP_NO_INDEX", "1")  # and nowhere to find it
    before = files(scheme)

    code, _, err = run_cli("upgrade", "--repo", scheme)

    assert code == 1
    assert f"release {NEXT} needs packages that could not be installed here" in err
    assert files(scheme) == before


def test_a_scheme_copied_between_releases_upgrades_from_what_it_copied(template, tmp_path, run_cli):
    # The template's default branch moves on after its release, and a scheme is copied then.
    with (template / "docs" / "after-the-release.md").open("w", encoding="utf-8") as page:
        page.write("Written after release 1.0.0.\n")
    edit(template, *CODE)
    commit(template, "Unreleased work")
    scheme = use_template(template, tmp_path / "late")
    edit(scheme, "scheme.yaml", "upstream: localgovdigital/unmentoring", f"upstream: {template}")
    commit(scheme, "Our upstream")
    edit(template, "docs/after-the-release.md", "Written", "Rewritten")
    with (template / "docs" / "after-the-release.md").open("a", encoding="utf-8") as page:
        page.write("And released.\n")
    release(template, code=False)

    code, _, err = run_cli("upgrade", "--repo", scheme)

    assert code == 0, err
    page = (scheme / "docs" / "after-the-release.md").read_text()
    assert page == "Rewritten after release 1.0.0.\nAnd released.\n"
    assert (scheme / CODE[0]).read_bytes() == (template / CODE[0]).read_bytes()


def test_the_job_is_left_with_the_files_it_started_with(
    scheme, template, tmp_path, github, run_cli, monkeypatch
):
    """When the job ends, the runner reads the local action again for its post steps."""
    on_github(scheme, tmp_path, monkeypatch)
    started = git(scheme, "rev-parse", "HEAD")
    action = (scheme / ".github/actions/unmentoring/action.yml").read_bytes()
    with (template / ".github/actions/unmentoring/action.yml").open("a") as changed:
        changed.write("# Release 1.1.0 changed the action.\n")
    release(template)

    assert run_cli("upgrade", "--repo", scheme, "--push")[0] == 0

    assert git(scheme, "rev-parse", "HEAD") == started
    assert (scheme / ".github/actions/unmentoring/action.yml").read_bytes() == action


def test_a_workflow_that_will_not_merge_holds_nothing_back(
    scheme, template, tmp_path, github, run_cli, monkeypatch
):
    # As when an earlier upgrade's step for it was not done: the same lines changed both sides.
    with (scheme / WORKFLOW).open("a", encoding="utf-8") as workflow:
        workflow.write("# Not as the release has it.\n")
    commit(scheme, "an old workflow file")
    on_github(scheme, tmp_path, monkeypatch)
    release(template)

    code, out, err = run_cli("upgrade", "--repo", scheme, "--dry-run")

    assert code == 0, err
    assert "Then change these workflow files by hand:" in out
    assert "Your copy is not as release 1.0.0 has it" in out

    assert run_cli("upgrade", "--repo", scheme, "--push")[0] == 0
    body = next(iter(github.pulls.values()))["body"]
    assert f"Open `{WORKFLOW}` on GitHub and choose Edit" in body
    assert "Your copy is not as release 1.0.0 has it" in body


def test_a_scheme_from_before_the_first_release_is_told_what_to_do(scheme, template, run_cli):
    edit(scheme, "pyproject.toml", f'version = "{__version__}"', 'version = "0.1.0"')
    commit(scheme, "as schemes were before releases")
    release(template)

    code, _, err = run_cli("upgrade", "--repo", scheme)

    assert code == 1
    assert "from before the first release (1.0.0)" in err and "CHANGELOG.md, Upgrading" in err


def test_a_release_that_is_not_there_names_the_newest(scheme, template, run_cli):
    release(template)

    code, _, err = run_cli("upgrade", "--repo", scheme, "--ref", " v1.9.0")

    assert code == 1
    assert f"there is no release or commit v1.9.0 in {template}. The newest is {NEXT}." in err


def test_a_pull_request_that_migrates_data_is_made_again_when_main_moves_on(
    scheme, template, tmp_path, github, run_cli, monkeypatch
):
    remote = on_github(scheme, tmp_path, monkeypatch)
    release(template)  # it migrates the round files
    assert run_cli("upgrade", "--repo", scheme, "--push")[0] == 0
    first = git(remote, "rev-parse", "unmentoring/upgrade")
    # Meanwhile a round file changes on main, in the old format.
    git(scheme, "checkout", "--quiet", "main")
    git(scheme, "pull", "--quiet", "origin", "main")
    round_file = scheme / "rounds" / "2026-02.yaml"
    round_file.write_text(round_file.read_text().replace("groups:", "redraws: 1\ngroups:", 1))
    commit(scheme, "an edit on main")
    git(scheme, "push", "--quiet", "origin", "main")

    code, _, err = run_cli("upgrade", "--repo", scheme, "--push")

    assert code == 0, err
    assert git(remote, "rev-parse", "unmentoring/upgrade") != first
    refreshed = yaml.safe_load(shown(remote, "rounds/2026-02.yaml"))
    assert refreshed["redraws"] == 1 and refreshed["format"] == 2
    assert len(github.pulls) == 1
