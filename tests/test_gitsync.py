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


def decline_every_push(bare: Path, message: str) -> None:
    """A pre-receive hook that refuses, as GitHub does for a protected branch."""
    hook = bare / "hooks" / "pre-receive"
    hook.write_text(f"#!/bin/sh\necho '{message}' >&2\nexit 1\n")
    hook.chmod(hook.stat().st_mode | stat.S_IXUSR)


def test_a_declined_push_fails_at_once_naming_branch_protection(remote, tmp_path):
    checkout = clone(remote, tmp_path / "run")
    decline_every_push(remote, "GH006: Protected branch update failed for refs/heads/main.")
    waits: list[int] = []
    with pytest.raises(GitFailed) as refused:
        landing.land(
            checkout, add_file("a.txt"), base="main", wait=waits.append, sleep=lambda _: None
        )
    assert waits == []  # not retried
    message = str(refused.value)
    assert "protected branch" in message and "contents: write" in message
    assert "GH006" in message  # git's own words are kept


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
