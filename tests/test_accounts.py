"""`unmentoring accounts`: renamed and deleted GitHub accounts are followed in the participant
files (issue 21, finding 18), against the fake GitHub and a real git remote."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import git, push_to_bare_remote

from unmentoring.commands import options
from unmentoring.core import accounts
from unmentoring.core.model import Participant
from unmentoring.store import repository

TODAY = dt.date(2026, 3, 10)


@pytest.fixture
def scheme(scheme_repo, github, tmp_path, monkeypatch):
    """ada (account 501), bob (502) and cy (no number recorded) on a pushed `main`; GitHub
    knows all three."""
    clock.now = dt.datetime(2026, 3, 10, 6, 29, tzinfo=dt.UTC)
    monkeypatch.setattr(options, "now", lambda: clock.now)
    monkeypatch.setenv("GITHUB_REF_NAME", "main")  # as in a workflow: a rerun is detached
    scheme_repo.add_participant("ada", id="501")
    scheme_repo.add_participant("bob", id="502")
    scheme_repo.add_participant("cy")
    github.users.update({"ada": 501, "bob": 502, "cy": 503})
    remote = push_to_bare_remote(scheme_repo.root, tmp_path / "remote.git")
    return scheme_repo, remote


class clock:
    now = dt.datetime(2026, 3, 10, 6, 29, tzinfo=dt.UTC)


def files_on_main(remote, tmp_path) -> dict[str, Participant]:
    clone = tmp_path / f"check-{len(list(tmp_path.glob('check-*')))}"
    git(tmp_path, "clone", "--quiet", remote, clone)
    return repository.load_valid(clone).participants


def a_week_later() -> None:
    clock.now += dt.timedelta(days=accounts.CONFIRM_DAYS)


def test_a_rename_a_deletion_and_a_missing_number_land_once(scheme, github, run_cli, tmp_path):
    scheme_repo, remote = scheme
    github.rename_user("ada", "ada-new")
    github.delete_user("bob")
    args = ("accounts", "--repo", scheme_repo.root, "--all", "--push")
    code, out, err = run_cli(*args)
    assert code == 0, err
    after = files_on_main(remote, tmp_path)
    assert sorted(after) == ["ada-new", "bob", "cy"]
    assert after["ada-new"].user_id == 501 and after["ada-new"].name == "Person ada"
    assert after["cy"].user_id == 503
    # GitHub also hides accounts for a while: the first "no such account" is only noted.
    assert after["bob"].account_missing == TODAY
    a_week_later()
    code, out, err = run_cli(*args)
    assert code == 0, err
    assert sorted(files_on_main(remote, tmp_path)) == ["ada-new", "cy"]
    log = git(scheme_repo.root, "log", "--format=%s", "origin/main")
    assert "ada-new: renamed on GitHub from ada" in log
    assert f"bob: GitHub has no such account since {TODAY}" in log
    assert "bob: left (their GitHub account was deleted)" in log
    assert "cy: record GitHub account number 503" in log
    head = git(scheme_repo.root, "rev-parse", "origin/main")
    code, out, err = run_cli(*args)  # a rerun looks again and changes nothing
    assert code == 0, err
    assert "changed 0 participant file(s)" in out
    assert git(scheme_repo.root, "rev-parse", "origin/main") == head


def test_a_squatter_on_the_old_login_is_not_the_participant(scheme, github, run_cli, tmp_path):
    """The account number is followed, not the login someone else claimed after the rename."""
    scheme_repo, remote = scheme
    github.rename_user("ada", "ada-new")
    github.users["ada"] = 999  # someone else takes the freed name
    code, _out, err = run_cli("accounts", "--repo", scheme_repo.root, "--all", "--push")
    assert code == 0, err
    after = files_on_main(remote, tmp_path)
    assert "ada" not in after and after["ada-new"].user_id == 501


def test_an_unnumbered_entry_whose_login_is_gone_leaves(scheme, github, run_cli, tmp_path):
    scheme_repo, remote = scheme
    del github.users["cy"]
    for _look in range(2):
        code, _out, err = run_cli("accounts", "--repo", scheme_repo.root, "--all", "--push")
        assert code == 0, err
        a_week_later()
    assert "cy" not in files_on_main(remote, tmp_path)


def test_an_account_hidden_for_a_few_days_does_not_make_its_owner_leave(
    scheme, github, run_cli, tmp_path
):
    """From a real-GitHub review: GitHub answers 404 for an account it hides for a while
    (a spam flag, a suspension) as for a deleted one, and leaving erases for good. Found
    again before the second look, the note is cleared."""
    scheme_repo, remote = scheme
    del github.users["bob"]
    args = ("accounts", "--repo", scheme_repo.root, "--all", "--push")
    assert run_cli(*args)[0] == 0
    assert files_on_main(remote, tmp_path)["bob"].account_missing == TODAY
    github.users["bob"] = 502
    clock.now += dt.timedelta(days=2)
    assert run_cli(*args)[0] == 0
    assert files_on_main(remote, tmp_path)["bob"].account_missing is None
    del github.users["bob"]  # gone again: the count starts again
    clock.now += dt.timedelta(days=1)
    assert run_cli(*args)[0] == 0
    a_week_later()
    clock.now -= dt.timedelta(days=1)
    assert run_cli(*args)[0] == 0  # six days on: still only noted
    assert "bob" in files_on_main(remote, tmp_path)


def test_an_account_turned_into_an_organisation_is_no_person(scheme, github, run_cli, tmp_path):
    scheme_repo, remote = scheme
    github.organisations.add("ada")
    assert run_cli("accounts", "--repo", scheme_repo.root, "--all", "--push")[0] == 0
    assert files_on_main(remote, tmp_path)["ada"].account_missing == TODAY


def test_a_change_made_meanwhile_is_kept(scheme, github, run_cli, tmp_path):
    """The rename is decided again on the newest files: bob signed up again under the new name
    first, so only the old file goes."""
    scheme_repo, remote = scheme
    github.rename_user("bob", "bobby")
    other = tmp_path / "other"
    git(tmp_path, "clone", "--quiet", remote, other)
    (other / "participants" / "bob.yaml").rename(other / "participants" / "bobby.yaml")
    text = (other / "participants" / "bobby.yaml").read_text()
    (other / "participants" / "bobby.yaml").write_text(text.replace("github: bob", "github: bobby"))
    git(other, "add", "-A")
    git(other, "commit", "--quiet", "-m", "bobby: renamed (#9)")
    git(other, "push", "--quiet", "origin", "main")
    code, _out, err = run_cli("accounts", "--repo", scheme_repo.root, "--all", "--push")
    assert code == 0, err
    after = files_on_main(remote, tmp_path)
    assert "bob" not in after and after["bobby"].user_id == 502


def test_dry_run_says_and_changes_nothing(scheme, github, run_cli):
    scheme_repo, _remote = scheme
    github.delete_user("bob")
    before = scheme_repo.snapshot()
    code, out, err = run_cli("accounts", "--repo", scheme_repo.root, "--all", "--dry-run")
    assert code == 0, err
    assert f"would record in participants/bob.yaml: account missing since {TODAY}" in out
    assert scheme_repo.snapshot() == before


def test_without_all_only_todays_share_is_asked(scheme, github, run_cli):
    scheme_repo, _remote = scheme
    code, out, err = run_cli("accounts", "--repo", scheme_repo.root, "--dry-run")
    assert code == 0, err
    people = repository.load_valid(scheme_repo.root).participants.values()
    expected = len(accounts.due(people, TODAY))
    assert f"looked at {expected} account(s)" in out
    assert github.count("GET", r"/users?/") == expected


def test_every_participant_is_looked_at_once_in_each_cycle():
    people = [
        Participant(github=f"p{n}", name="P", organisation="O", joined=TODAY) for n in range(500)
    ]
    seen: list[str] = []
    for offset in range(accounts.CHECK_EVERY_DAYS):
        seen += [p.login for p in accounts.due(people, TODAY + dt.timedelta(days=offset))]
    assert sorted(seen) == sorted(p.login for p in people)
    # A newcomer takes no one's turn: the others' days stay as they were.
    before = {p.login for p in accounts.due(people, TODAY)}
    newcomer = Participant(github="new", name="N", organisation="O", joined=TODAY)
    assert {p.login for p in accounts.due([*people, newcomer], TODAY)} - {"new"} == before
