"""git.credentials: in a workflow, the job's token reaches git only through the environment of
the fetches and pushes to the scheme's remote; never on a command line, never in .git/config."""

from __future__ import annotations

import base64
import http.server
import subprocess
import threading
from pathlib import Path
from typing import ClassVar

import pytest
from test_intake_git import clone, git
from test_intake_git import remote as remote  # the bare repository, a fixture

from unmentoring.gitops import git as gitops_git
from unmentoring.gitops import landing

TOKEN = "ghs_not-a-real-token-1234"
HEADER = "AUTHORIZATION: basic " + base64.b64encode(f"x-access-token:{TOKEN}".encode()).decode()


def in_actions(monkeypatch, server: str = "https://github.com") -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_TOKEN", TOKEN)
    monkeypatch.setenv("GITHUB_SERVER_URL", server)
    monkeypatch.delenv("GIT_CONFIG_COUNT", raising=False)


def test_in_actions_the_token_is_a_header_for_the_server_only():
    env = {
        "GITHUB_ACTIONS": "true",
        "GITHUB_TOKEN": TOKEN,
        "GITHUB_SERVER_URL": "https://ghe.example/",
    }
    assert gitops_git.credentials(env) == {
        "GIT_CONFIG_COUNT": "2",
        "GIT_CONFIG_KEY_0": "http.https://ghe.example/.extraheader",
        "GIT_CONFIG_VALUE_0": "",  # clears a header a checkout persisted
        "GIT_CONFIG_KEY_1": "http.https://ghe.example/.extraheader",
        "GIT_CONFIG_VALUE_1": HEADER,
    }


def test_github_com_when_no_server_is_named():
    env = {"GITHUB_ACTIONS": "true", "GITHUB_TOKEN": TOKEN}
    assert gitops_git.credentials(env)["GIT_CONFIG_KEY_0"] == "http.https://github.com/.extraheader"


def test_settings_already_given_in_the_environment_are_kept():
    env = {"GITHUB_ACTIONS": "true", "GITHUB_TOKEN": TOKEN, "GIT_CONFIG_COUNT": "2"}
    added = gitops_git.credentials(env)
    assert added["GIT_CONFIG_COUNT"] == "4"
    assert added["GIT_CONFIG_VALUE_2"] == "" and added["GIT_CONFIG_VALUE_3"] == HEADER


@pytest.mark.parametrize(
    "env",
    [
        {"GITHUB_TOKEN": TOKEN},  # someone's own machine, with a token in the shell
        {"GITHUB_ACTIONS": "false", "GITHUB_TOKEN": TOKEN},
        {"GITHUB_ACTIONS": "true", "GITHUB_TOKEN": "  "},
        {"GITHUB_ACTIONS": "true"},
    ],
)
def test_outside_actions_or_without_a_token_nothing_is_added(env):
    assert gitops_git.credentials(env) == {}


def test_a_landed_push_gives_the_token_to_fetch_and_push_alone(remote, tmp_path, monkeypatch):
    """Landing on a local bare remote: each git process is recorded as it is started."""
    checkout = clone(remote, tmp_path / "run")
    in_actions(monkeypatch)
    started = recorded_git(monkeypatch)

    land_a_file(checkout, "b.txt")
    assert git(remote, "log", "--format=%s", "-1", "main") == "add b.txt"
    with_header = {argv[1] for argv, env in started if env.get("GIT_CONFIG_VALUE_1") == HEADER}
    assert with_header == {"fetch", "push"}
    encoded = HEADER.rsplit(" ", 1)[1]
    for argv, _ in started:
        assert not any(TOKEN in arg or encoded in arg for arg in argv), argv
    config = (checkout / ".git" / "config").read_text()
    assert TOKEN not in config and encoded not in config and "extraheader" not in config


def test_outside_actions_a_landed_push_adds_nothing(remote, tmp_path, monkeypatch):
    checkout = clone(remote, tmp_path / "run")
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.setenv("GITHUB_TOKEN", TOKEN)
    monkeypatch.delenv("GIT_CONFIG_COUNT", raising=False)
    started = recorded_git(monkeypatch)

    land_a_file(checkout, "c.txt")
    assert started and not any("GIT_CONFIG_COUNT" in env for _, env in started)


def recorded_git(monkeypatch) -> list[tuple[list[str], dict[str, str]]]:
    """Each git process the package starts, as it is started: its argv and environment."""
    started: list[tuple[list[str], dict[str, str]]] = []
    real_run = subprocess.run

    def recording(argv, **settings):
        started.append((list(argv), dict(settings.get("env") or {})))
        return real_run(argv, **settings)

    monkeypatch.setattr(gitops_git.subprocess, "run", recording)
    return started


def land_a_file(checkout: Path, name: str) -> None:
    def change(root: Path) -> landing.Commit:
        (root / name).write_text(f"{name}\n")
        return landing.Commit(message=f"add {name}", paths=(name,))

    assert landing.land(checkout, change, base="main")


class _Recorder(http.server.BaseHTTPRequestHandler):
    seen: ClassVar[list[str | None]] = []
    every: ClassVar[list[list[str]]] = []  # each request's Authorization headers, all of them

    def do_GET(self) -> None:
        self.seen.append(self.headers.get("Authorization"))
        self.every.append(self.headers.get_all("Authorization") or [])
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.mark.parametrize("persisted", [False, True])
def test_git_sends_the_header_to_the_server(tmp_path, monkeypatch, persisted):
    """Git itself reads the settings from the environment: a fetch from an HTTP remote on the
    job's server carries the header (the stand-in server answers 404, so the fetch fails). A
    header a checkout persisted in .git/config (old workflow files) is replaced, not doubled."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    _Recorder.seen, _Recorder.every = [], []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}"
        in_actions(monkeypatch, server=url)
        checkout = tmp_path / "checkout"
        checkout.mkdir()
        git(checkout, "init", "--quiet")
        git(checkout, "remote", "add", "origin", f"{url}/owner/repo")
        if persisted:
            git(checkout, "config", f"http.{url}/.extraheader", "AUTHORIZATION: basic b2xk")
        fetched = gitops_git.run(checkout, "fetch", "origin", check=False, authenticate=True)
        plain = gitops_git.run(checkout, "fetch", "origin", check=False)
    finally:
        server.shutdown()
    assert not fetched.ok and not plain.ok
    expected = HEADER.split(": ", 1)[1]
    assert expected in _Recorder.seen  # the authenticated fetch
    assert [expected] in _Recorder.every and ["basic b2xk", expected] not in _Recorder.every
    if not persisted:
        assert _Recorder.seen[-1] is None  # the plain one sent none
    assert TOKEN not in fetched.stderr
