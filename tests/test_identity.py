"""The bot's commit identity: github.com's documented address, another server's from its API."""

from __future__ import annotations

import pytest
from fake_github import FakeGitHub, server_error
from test_intake_git import clone, git
from test_intake_git import remote as remote  # the bare repository, a fixture

from unmentoring.github import api, identity
from unmentoring.gitops import landing

GHES = "https://git.example.gov.uk"


def test_github_com_uses_the_bots_documented_noreply_address():
    expected = landing.Identity(
        "github-actions[bot]", "41898282+github-actions[bot]@users.noreply.github.com"
    )
    assert landing.bot_identity("https://github.com") == expected
    assert landing.bot_identity("") == expected
    assert identity.committer(None, {}) == expected


def test_another_server_gets_its_own_noreply_host_never_github_coms_id():
    assert (
        landing.bot_identity(GHES).email == "github-actions[bot]@users.noreply.git.example.gov.uk"
    )
    assert landing.bot_identity(GHES, 7).email == (
        "7+github-actions[bot]@users.noreply.git.example.gov.uk"
    )


@pytest.fixture
def fake():
    with FakeGitHub() as server:
        yield server


def client(fake: FakeGitHub) -> api.Client:
    return api.connect(env=fake.env(), sleep=lambda seconds: None)


def test_on_another_server_the_id_comes_from_its_api(fake):
    fake.users["github-actions[bot]"] = 7
    found = identity.committer(client(fake), {"GITHUB_SERVER_URL": GHES})
    assert found.email == "7+github-actions[bot]@users.noreply.git.example.gov.uk"
    assert fake.count("GET", r"^/users/github-actions%5Bbot%5D$") == 1


def test_a_server_that_does_not_know_the_bot_gives_the_address_without_an_id(fake):
    found = identity.committer(client(fake), {"GITHUB_SERVER_URL": GHES})
    assert found.email == "github-actions[bot]@users.noreply.git.example.gov.uk"


def test_a_server_that_keeps_failing_still_lets_the_change_land(fake):
    fake.inject(server_error(), path=r"^/users/", times=10)
    found = identity.committer(client(fake), {"GITHUB_SERVER_URL": GHES})
    assert found.email == "github-actions[bot]@users.noreply.git.example.gov.uk"


def test_github_com_asks_no_api(fake):
    identity.committer(client(fake), {"GITHUB_SERVER_URL": "https://github.com"})
    assert fake.requests == []


def test_without_a_git_identity_land_commits_as_the_servers_bot(remote, tmp_path, monkeypatch):
    checkout = clone(remote, tmp_path / "run")
    # No identity of git's own, as on GitHub's runners.
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "no-gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GITHUB_SERVER_URL", GHES)

    def make_change(root):
        (root / "a.txt").write_text("a\n")
        return landing.Commit(message="add a", paths=("a.txt",))

    landing.land(checkout, make_change, base="main")
    assert git(remote, "log", "-1", "--format=%ce", "main").strip() == (
        "github-actions[bot]@users.noreply.git.example.gov.uk"
    )
