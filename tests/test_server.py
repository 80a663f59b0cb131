"""Links go to GITHUB_SERVER_URL (GitHub Enterprise Server), never to a github.com written in."""

from __future__ import annotations

import pytest
from test_ownership import ALEX, messages

from unmentoring.commands import sign_up
from unmentoring.github.server import web_url

GHES = "https://git.example.gov.uk"


def test_web_url_defaults_to_github_com_and_drops_a_trailing_slash():
    assert web_url({}) == "https://github.com"
    assert web_url({"GITHUB_SERVER_URL": "  "}) == "https://github.com"
    assert web_url({"GITHUB_SERVER_URL": f"{GHES}/"}) == GHES


@pytest.fixture
def on_ghes(monkeypatch):
    monkeypatch.setenv("GITHUB_SERVER_URL", GHES)


def test_intake_form_links_go_to_the_server(on_ghes):
    links = sign_up.form_links("council/coffee")
    assert links == {
        "join": f"{GHES}/council/coffee/issues/new?template=join.yml",
        "change": f"{GHES}/council/coffee/issues/new?template=change.yml",
    }


def test_ownership_messages_link_the_servers_change_form(on_ghes):
    found = messages(ALEX, "participants/bob.yaml")["participants/bob.yaml"]
    assert f"{GHES}/" in found and "github.com" not in found


def test_the_site_links_to_the_server(on_ghes, scheme_repo, run_cli, monkeypatch):
    monkeypatch.setenv("GITHUB_REPOSITORY", "council/coffee")
    scheme_repo.add_participant("alice")
    out = scheme_repo.root.parent / "site"
    code, _, err = run_cli("build-site", "--repo", scheme_repo.root, "--out", out)
    assert code == 0, err
    pages = "".join(page.read_text() for page in out.rglob("*.html"))
    assert f"{GHES}/council/coffee/issues/new?template=join.yml" in pages
    assert "https://github.com/" not in pages
