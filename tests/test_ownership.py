"""``unmentoring check-ownership``: a participant's pull request may touch only their own file;
maintainers may change anything; every refusal says what to do instead."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import participant_yaml
from fake_github import forbidden
from test_intake_git import git

from unmentoring.commands.check_ownership import PullRequest, check, pull_request_from_event
from unmentoring.github import bot_comment
from unmentoring.gitops import landing
from unmentoring.store import repository

EVENT = Path(__file__).parent / "fixtures" / "intake_events" / "pull_request_opened.json"
ALEX = PullRequest(author="Alex-Example", association="CONTRIBUTOR", repository="owner/repo")


def messages(pull: PullRequest, *changed: str) -> dict[str, str]:
    return {problem.path: problem.message for problem in check(pull, changed)}


@pytest.mark.parametrize("association", ["CONTRIBUTOR", "FIRST_TIME_CONTRIBUTOR", "NONE"])
def test_a_participant_may_add_change_or_delete_their_own_file(association):
    pull = PullRequest(author="Alex-Example", association=association)
    assert check(pull, ["participants/alex-example.yaml"]) == []


def test_someone_elses_file_is_refused_with_the_change_form_named():
    found = messages(ALEX, "participants/alex-example.yaml", "participants/bob.yaml")
    assert list(found) == ["participants/bob.yaml"]
    assert "someone else's entry" in found["participants/bob.yaml"]
    assert "may change only participants/alex-example.yaml" in found["participants/bob.yaml"]
    assert "issues/new?template=change.yml" in found["participants/bob.yaml"]


@pytest.mark.parametrize("path", ["rounds/2026-03.yaml", "scheme.yaml"])
def test_rounds_and_settings_need_a_maintainer(path):
    assert "needs a maintainer" in messages(ALEX, path)[path]


@pytest.mark.parametrize(
    "path",
    [
        "README.md",
        "scripts/unmentoring/commands/check_ownership.py",
        ".github/workflows/participants.yml",
        "participants/alex-example.yml",
        "participants/alex-example.yaml/extra.yaml",
        "participants/.gitkeep",
    ],
)
def test_anything_else_is_not_a_participants_to_change(path):
    assert "need a maintainer" in messages(ALEX, path)[path]


def test_renaming_ones_file_to_someone_elses_is_refused():
    found = messages(ALEX, "participants/alex-example.yaml", "participants/carol.yaml")
    assert list(found) == ["participants/carol.yaml"]


@pytest.mark.parametrize("association", ["OWNER", "MEMBER", "COLLABORATOR", "member"])
def test_maintainers_may_change_anything(association):
    pull = PullRequest(author="org-admin", association=association)
    changed = ["participants/bob.yaml", "rounds/2026-03.yaml", "scheme.yaml", "README.md"]
    assert check(pull, changed) == []


# -- the command, on a real merge commit as GitHub checks it out --------------------------


@pytest.fixture
def pull_request_checkout(scheme_repo):
    """A repository whose HEAD merges a pull request branch into main, as refs/pull/N/merge."""
    root = scheme_repo.root
    scheme_repo.add_participant("bob")
    git(root, "init", "--quiet", "--initial-branch=main")
    identity = landing._identity(root)
    git(root, "add", "--all")
    git(root, *identity, "commit", "--quiet", "-m", "base")
    git(root, "checkout", "--quiet", "-b", "pr")

    def propose(files: dict[str, str | None]) -> Path:
        for relative, content in files.items():
            if content is None:
                (root / relative).unlink()
            else:
                scheme_repo.write(relative, content)
        git(root, "add", "--all")
        git(root, *identity, "commit", "--quiet", "-m", "proposal")
        git(root, "checkout", "--quiet", "main")
        git(root, *identity, "merge", "--quiet", "--no-ff", "-m", "merge", "pr")
        return root

    return propose


def write_event(tmp_path: Path, author: str, association: str) -> Path:
    data = json.loads(EVENT.read_text())
    data["pull_request"]["user"]["login"] = author
    data["pull_request"]["author_association"] = association
    path = tmp_path / "event.json"
    path.write_text(json.dumps(data))
    return path


def test_command_passes_a_participants_own_new_file(pull_request_checkout, tmp_path, run_cli):
    root = pull_request_checkout({"participants/alex.yaml": participant_yaml("alex")})
    event = write_event(tmp_path, "alex", "NONE")
    code, out, _ = run_cli("check-ownership", "--repo", root, "--event", event)
    assert code == 0 and "1 changed file(s)" in out


def test_command_refuses_editing_someone_elses_file(pull_request_checkout, tmp_path, run_cli):
    root = pull_request_checkout({"participants/bob.yaml": participant_yaml("bob", name="Hacked")})
    event = write_event(tmp_path, "alex", "CONTRIBUTOR")
    code, out, _ = run_cli("check-ownership", "--repo", root, "--event", event)
    assert code == 1
    assert out.startswith("participants/bob.yaml: is someone else's entry")


def test_command_refuses_deleting_someone_elses_file(pull_request_checkout, tmp_path, run_cli):
    root = pull_request_checkout({"participants/bob.yaml": None})
    code, out, _ = run_cli(
        "check-ownership", "--repo", root, "--event", write_event(tmp_path, "alex", "NONE")
    )
    assert code == 1 and "participants/bob.yaml" in out


def test_a_maintainer_may_remove_someone(pull_request_checkout, tmp_path, run_cli):
    root = pull_request_checkout({"participants/bob.yaml": None})
    code, _, _ = run_cli(
        "check-ownership", "--repo", root, "--event", write_event(tmp_path, "org", "MEMBER")
    )
    assert code == 0


def test_own_file_claiming_another_login_passes_ownership_but_not_validate(
    pull_request_checkout, tmp_path, run_cli
):
    """Impersonation by content: the file is alex's, so validate is what catches it."""
    root = pull_request_checkout({"participants/alex.yaml": participant_yaml("bob")})
    code, _, _ = run_cli(
        "check-ownership", "--repo", root, "--event", write_event(tmp_path, "alex", "NONE")
    )
    assert code == 0
    _, problems = repository.load(root)
    assert any("does not match the file name" in str(problem) for problem in problems)


def test_changed_files_can_be_given_and_annotations_printed(tmp_path, run_cli):
    listing = tmp_path / "changed.txt"
    listing.write_text("participants/alex.yaml\nrounds/2026-01.yaml\n")
    code, out, _ = run_cli(
        "check-ownership", "--event", write_event(tmp_path, "alex", "NONE"),
        "--changed-files", listing, "--format", "github",
    )  # fmt: skip
    assert code == 1
    assert out.startswith("::error file=rounds/2026-01.yaml::")


def test_an_event_that_is_not_a_pull_request_is_refused(tmp_path, run_cli):
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"action": "opened", "issue": {}}))
    code, _, err = run_cli("check-ownership", "--event", event, "--changed-files", event)
    assert code == 1 and "not a pull request event" in err


def test_without_a_merge_commit_the_git_error_says_how_to_check_out(tmp_path, run_cli):
    git(tmp_path, "init", "--quiet")
    code, _, err = run_cli(
        "check-ownership", "--repo", tmp_path, "--event", write_event(tmp_path, "a", "NONE")
    )
    assert code == 1 and "fetch-depth: 2" in err


# -- sign-up pull requests that intake opens as the bot -------------------------------------

SIGN_UP = Path(__file__).parent / "fixtures" / "intake_events" / "pull_request_signup.json"


def sign_up_event(**changes: str | None) -> dict:
    """intake's sign-up pull request for alex-example; ``changes`` override its fields."""
    data = json.loads(SIGN_UP.read_text())
    pull = data["pull_request"]
    if "opened_by" in changes:
        login = str(changes["opened_by"])
        # As GitHub gives it: a bot account's type is Bot, a person's User.
        pull["user"].update(login=login, type="Bot" if login.endswith("[bot]") else "User")
    if "branch" in changes:
        pull["head"]["ref"] = changes["branch"]
    if "head_repository" in changes:
        repo = changes["head_repository"]
        pull["head"]["repo"] = None if repo is None else {"full_name": repo, "fork": True}
    return data


def test_intakes_sign_up_pull_request_is_the_persons(monkeypatch):
    monkeypatch.delenv(bot_comment.BOT_LOGIN_ENV, raising=False)
    pull = pull_request_from_event(sign_up_event())
    assert pull.author == "alex-example" and pull.sign_up and not pull.by_maintainer
    assert check(pull, ["participants/alex-example.yaml"]) == []
    found = messages(pull, "participants/bob.yaml", "scheme.yaml")
    assert "may change only participants/alex-example.yaml" in found["participants/bob.yaml"]
    assert "needs a maintainer" in found["scheme.yaml"]


def test_the_schemes_apps_sign_up_pull_request_is_the_persons_too(monkeypatch):
    monkeypatch.setenv(bot_comment.BOT_LOGIN_ENV, "our-scheme[bot]")
    pull = pull_request_from_event(sign_up_event(opened_by="Our-Scheme[bot]"))
    assert pull.author == "alex-example" and pull.sign_up
    # github-actions[bot] still opens them when the App is not used in a job.
    assert pull_request_from_event(sign_up_event()).sign_up


def test_a_bot_the_scheme_did_not_name_opens_sign_ups_too(monkeypatch):
    """An App whose login UNMENTORING_BOT_LOGIN misses (unset, mistyped) still opens sign-ups
    that pass: pushing a branch to this repository needs the write access only the organisers'
    own bots have."""
    monkeypatch.delenv(bot_comment.BOT_LOGIN_ENV, raising=False)
    pull = pull_request_from_event(sign_up_event(opened_by="our-new-app[bot]"))
    assert pull.author == "alex-example" and pull.sign_up


@pytest.mark.parametrize(
    "changes",
    [
        {"head_repository": "mallory/repo"},  # a fork's branch of the same name
        {"head_repository": None},  # a deleted fork
        {"opened_by": "mallory"},  # a person's branch of that name
        {"branch": "patch-1"},  # the bot's other work
        {"branch": "unmentoring/intake-"},
        {"branch": "unmentoring/intake-not/a-login"},
    ],
)
def test_anything_else_is_not_a_sign_up(changes, monkeypatch):
    monkeypatch.delenv(bot_comment.BOT_LOGIN_ENV, raising=False)
    pull = pull_request_from_event(sign_up_event(**changes))
    assert (
        not pull.sign_up
        and pull.author == sign_up_event(**changes)["pull_request"]["user"]["login"]
    )
    assert check(pull, ["participants/alex-example.yaml"]) != []


def check_on_the_runner(run_cli, root, tmp_path, event: dict) -> tuple[int, str, str]:
    """`check-ownership` as the workflow runs it: on the pull request's checkout, with its event."""
    path = tmp_path / "event.json"
    path.write_text(json.dumps(event))
    return run_cli("check-ownership", "--repo", root, "--event", path)


def test_command_passes_a_sign_up_and_asks_github_nothing(
    pull_request_checkout, tmp_path, run_cli, github
):
    root = pull_request_checkout(
        {"participants/alex-example.yaml": participant_yaml("alex-example")}
    )
    code, out, err = check_on_the_runner(run_cli, root, tmp_path, sign_up_event())
    assert code == 0, err
    assert "@alex-example's (a sign-up opened by intake)" in out
    assert github.requests == []


# -- the round's pull request with `draw: review` ---------------------------------------------


ROUND = "rounds/2026-03.yaml"
ROUND_TEXT = "round: 2026-03\nseed: s\ngroups:\n- members: [bob, cy]\n"


def round_event(**changes: str | None) -> dict:
    """The round's pull request as pair opens it: by the bot, from unmentoring/round-2026-03."""
    return sign_up_event(**{"branch": "unmentoring/round-2026-03", **changes})


def test_the_bots_round_pull_request_may_add_that_rounds_file(
    pull_request_checkout, tmp_path, run_cli, github, monkeypatch
):
    """Issue 21, finding 3: with a GitHub App and a protected main, the round's pull request
    must pass the required check; it is the bot's, from this repository's round branch, and
    adds that month's round file and nothing else."""
    monkeypatch.delenv(bot_comment.BOT_LOGIN_ENV, raising=False)
    pull = pull_request_from_event(round_event())
    assert pull.round == "2026-03" and not pull.by_maintainer
    assert check(pull, [ROUND], added=[ROUND]) == []
    found = messages(pull, "rounds/2026-02.yaml", "participants/bob.yaml", "scheme.yaml")
    assert all("only adds rounds/2026-03.yaml" in message for message in found.values())
    assert "already on the default branch" in check(pull, [ROUND], added=[])[0].message
    root = pull_request_checkout({ROUND: ROUND_TEXT})
    code, out, err = check_on_the_runner(run_cli, root, tmp_path, round_event())
    assert code == 0, err
    assert "the draw of round 2026-03 that the scheme's workflow proposed" in out
    assert github.requests == []


@pytest.mark.parametrize(
    "changes",
    [
        {"head_repository": "mallory/repo"},  # a fork's branch of the same name
        {"opened_by": "mallory"},  # a person's branch of that name
        {"branch": "unmentoring/round-2026-13"},
        {"branch": "unmentoring/round-"},
    ],
)
def test_anything_else_is_not_a_round_proposal(changes, monkeypatch):
    monkeypatch.delenv(bot_comment.BOT_LOGIN_ENV, raising=False)
    pull = pull_request_from_event(round_event(**changes))
    assert pull.round is None
    assert check(pull, [ROUND], added=[ROUND]) != []


# -- organisation members whose membership is private ---------------------------------------


@pytest.mark.parametrize("role", ["admin", "maintain", "write", "release-manager"])
def test_a_private_member_with_write_access_is_a_maintainer(
    pull_request_checkout, tmp_path, run_cli, github, role
):
    github.collaborator_roles["Org-Admin"] = role
    github.custom_roles["release-manager"] = "write"
    root = pull_request_checkout({"scheme.yaml": "name: Renamed\n"})
    event = write_event(tmp_path, "org-admin", "CONTRIBUTOR")
    code, out, err = run_cli("check-ownership", "--repo", root, "--event", event)
    assert code == 0, err
    assert f"has the {role} role" in out and "private organisation membership" in out
    assert github.count("GET", r"/collaborators/org-admin/permission$") == 1


@pytest.mark.parametrize("role", ["triage", "read", None])
def test_without_write_access_the_refusal_stands(
    pull_request_checkout, tmp_path, run_cli, github, role
):
    if role:
        github.collaborator_roles["alex"] = role
    root = pull_request_checkout({"scheme.yaml": "name: Renamed\n"})
    code, out, _ = run_cli(
        "check-ownership", "--repo", root, "--event", write_event(tmp_path, "alex", "CONTRIBUTOR")
    )
    assert code == 1 and "scheme.yaml: belongs to the scheme's organisers" in out


def test_ones_own_file_needs_no_question(pull_request_checkout, tmp_path, run_cli, github):
    root = pull_request_checkout({"participants/alex.yaml": participant_yaml("alex")})
    code, _, _ = run_cli(
        "check-ownership", "--repo", root, "--event", write_event(tmp_path, "alex", "NONE")
    )
    assert code == 0 and github.requests == []


def test_when_github_cannot_be_asked_the_message_says_so(
    pull_request_checkout, tmp_path, run_cli, monkeypatch
):
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    root = pull_request_checkout({"scheme.yaml": "name: Renamed\n"})
    code, out, _ = run_cli(
        "check-ownership", "--repo", root, "--event", write_event(tmp_path, "org", "CONTRIBUTOR"),
        "--format", "github",
    )  # fmt: skip
    assert code == 1
    refusal, warning = out.splitlines()[:2]
    assert warning.startswith("::warning::the pull request's author association (CONTRIBUTOR)")
    assert "GitHub could not be asked" in warning and "GITHUB_TOKEN is not set" in warning
    assert refusal.startswith("::error file=scheme.yaml::")


def test_a_refused_question_is_named_in_the_message(
    pull_request_checkout, tmp_path, run_cli, github
):
    github.inject(forbidden("metadata=read"), method="GET", path=r"/permission$")
    root = pull_request_checkout({"scheme.yaml": "name: Renamed\n"})
    code, out, _ = run_cli(
        "check-ownership", "--repo", root, "--event", write_event(tmp_path, "org", "CONTRIBUTOR")
    )
    assert code == 1
    assert "GitHub could not be asked" in out and "`metadata=read` permission" in out
