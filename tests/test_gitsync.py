"""landing: a push that lost a race is tried again; any other refusal stops at once."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from test_intake_git import clone, git
from test_intake_git import remote as remote  # the bare repository, a fixture

from unmentoring.core.problems import Refused
from unmentoring.gitops import landing
from unmentoring.gitops.git import GitFailed


def add_file(name: str):
    def make_change(checkout: Path) -> landing.Commit:
        (checkout / name).write_text("x\n")
        return landing.Commit(message=f"add {name}", paths=(name,))

    return make_change


def decline_every_push(bare: Path, *lines: str) -> None:
    """A pre-receive hook that refuses, printing ``lines`` (git shows them after "remote: ")."""
    hook = bare / "hooks" / "pre-receive"
    printed = "".join(f"echo '{line}' >&2\n" for line in lines)
    hook.write_text(f"#!/bin/sh\n{printed}exit 1\n")
    hook.chmod(hook.stat().st_mode | stat.S_IXUSR)


# GitHub's own words for a push that a protected branch refuses.
GH006 = (
    "error: GH006: Protected branch update failed for refs/heads/main.",
    "error: Changes must be made through a pull request.",
)
GH013 = (
    "error: GH013: Repository rule violations found for refs/heads/main.",
    "Review all repository rules at https://github.com/o/r/rules?ref=refs%2Fheads%2Fmain",
    "",
    "- Changes must be made through a pull request.",
    "",
    "- 2 of 2 required status checks are expected.",
)


def refused_push(remote: Path, tmp_path: Path, *lines: str) -> str:
    """Land a change on ``remote`` that refuses with ``lines``; the message, never retried."""
    checkout = clone(remote, tmp_path / "run")
    decline_every_push(remote, *lines)
    waits: list[int] = []
    with pytest.raises(GitFailed) as refused:
        landing.land(
            checkout, add_file("a.txt"), base="main", wait=waits.append, sleep=lambda _: None
        )
    assert waits == []  # not retried
    return str(refused.value)


@pytest.mark.parametrize(("lines", "code"), [(GH006, "GH006"), (GH013, "GH013")])
def test_a_protected_branch_with_the_builtin_token_says_to_add_an_app(
    remote, tmp_path, monkeypatch, lines, code
):
    monkeypatch.delenv(landing.APP_TOKEN_ENV, raising=False)
    message = refused_push(remote, tmp_path, *lines)
    assert message.startswith("main is protected: ") and f"({code})" in message
    assert "GITHUB_TOKEN cannot be allowed to bypass it" in message
    assert "UNMENTORING_APP_CLIENT_ID" in message and "UNMENTORING_APP_PRIVATE_KEY" in message
    assert "bypass list" in message
    assert lines[0].removeprefix("error: ") in message  # git's own words are kept


@pytest.mark.parametrize(("lines", "code"), [(GH006, "GH006"), (GH013, "GH013")])
def test_a_protected_branch_with_the_apps_token_says_to_let_the_app_bypass(
    remote, tmp_path, monkeypatch, lines, code
):
    monkeypatch.setenv(landing.APP_TOKEN_ENV, "1")
    message = refused_push(remote, tmp_path, *lines)
    assert f"({code})" in message and "allow the App to bypass it" in message
    assert "UNMENTORING_APP_CLIENT_ID" not in message  # the App is there already


def test_any_other_refusal_names_the_permission(remote, tmp_path, monkeypatch):
    monkeypatch.delenv(landing.APP_TOKEN_ENV, raising=False)
    message = refused_push(remote, tmp_path, "Permission to o/r.git denied to someone.")
    assert "contents: write" in message and "Permission to o/r.git denied" in message
    assert "bypass" not in message


def test_a_lost_race_is_tried_again_and_lands(remote, tmp_path):
    first, second = clone(remote, tmp_path / "first"), clone(remote, tmp_path / "second")
    landed_meanwhile = []

    def change_while_another_lands(checkout: Path) -> landing.Commit:
        if not landed_meanwhile:
            landed_meanwhile.append(landing.land(first, add_file("a.txt"), base="main"))
        return add_file("b.txt")(checkout)

    waits: list[int] = []
    commit = landing.land(
        second, change_while_another_lands, base="main", wait=lambda n: waits.append(n) or 0,
        sleep=lambda _: None,
    )  # fmt: skip
    assert commit and waits == [0]  # one lost race, then landed
    on_main = git(remote, "ls-tree", "--name-only", "main").split()
    assert {"a.txt", "b.txt"} <= set(on_main)


@pytest.mark.parametrize(
    ("stderr", "race"),
    [
        (" ! [rejected]        HEAD -> main (fetch first)\nerror: failed to push some refs", True),
        (" ! [rejected]        HEAD -> main (non-fast-forward)", True),
        (" ! [remote rejected] HEAD -> main (cannot lock ref 'refs/heads/main': is at 1)", True),
        (" ! [remote rejected] HEAD -> main (protected branch hook declined)", False),
        (" ! [remote rejected] HEAD -> main (pre-receive hook declined)", False),
        (
            " ! [remote rejected] HEAD -> main (push declined due to repository rule violations)",
            False,
        ),
        ("remote: Permission to o/r.git denied to github-actions[bot].\nfatal: error: 403", False),
        ("fatal: Authentication failed for 'https://github.com/o/r.git/'", False),
    ],
)
def test_lost_race(stderr, race):
    assert landing.lost_race(stderr) is race


def test_base_branch_prefers_the_events_default_branch(remote, tmp_path):
    checkout = clone(remote, tmp_path / "run")
    assert landing.base_branch(checkout, "trunk") == "trunk"
    assert landing.base_branch(checkout, None) == "main"


def test_base_branch_of_a_detached_checkout_comes_from_the_workflow(remote, tmp_path, monkeypatch):
    checkout = clone(remote, tmp_path / "run")
    git(checkout, "checkout", "--quiet", "--detach")
    monkeypatch.setenv("GITHUB_REF_NAME", "release")
    assert landing.base_branch(checkout) == "release"
    monkeypatch.delenv("GITHUB_REF_NAME")
    with pytest.raises(Refused, match="which branch"):
        landing.base_branch(checkout)
