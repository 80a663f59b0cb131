"""The one applier of plans and the one saver of file changes, each tested once, under faults.

The rules are tested on the plans they give (test_follow_up, test_rematch, test_quiet...); here
each kind of action is carried out against the fake GitHub, with its answer lost or refused,
and each kind of file change is saved twice, with a change pushed by someone else between.
"""

from __future__ import annotations

import dataclasses
import io

import pytest
from conftest import git, push_to_bare_remote
from fake_github import BOT, lost_response, server_error

from unmentoring.core import changes, pairing_issue
from unmentoring.core.model import Group, Outcome, Round
from unmentoring.core.plan import (
    AddGroups,
    CloseIssue,
    EditIssue,
    Kind,
    OpenIssue,
    Pause,
    PostComment,
    RecordIssues,
    RecordOutcome,
    Thread,
)
from unmentoring.github import api, applier
from unmentoring.gitops import saving
from unmentoring.store import offline, repository
from unmentoring.store.rounds import read_round

MONTH = "2026-03"
GROUP = ("ada", "bob")
MARKER = "<!-- unmentoring:test -->"


def client(fake, timing):
    return api.connect(
        env=fake.env(), sleep=timing.sleep, clock=timing.clock, now=lambda: timing.now
    )


def issue_of(fake) -> Thread:
    marker = pairing_issue.marker_for(MONTH, Group(members=GROUP))
    number = fake.add_issue(
        "Pairing", f"{marker}\nHello", labels=[pairing_issue.round_label(MONTH)], author=BOT
    )["number"]
    return Thread(month=MONTH, members=GROUP, issue=number)


def ours(fake, number: int, marker: str = MARKER) -> int:
    return sum(
        1
        for c in fake.comments.values()
        if c["issue_number"] == number and marker in c["body"] and c["user"]["login"] == BOT
    )


# -- on GitHub -----------------------------------------------------------------------------------


def test_a_comment_whose_answer_was_lost_is_posted_once_and_never_again(fake, timing):
    thread = issue_of(fake)
    comment = PostComment(thread=thread, kind=Kind.NUDGE, marker=MARKER, body=f"{MARKER}\nHi")
    fake.inject(lost_response(), method="POST", path=r"/comments$", times=1)
    apply = applier.OnGitHub(client(fake, timing))
    apply.apply(comment)
    apply.apply(comment)
    assert ours(fake, thread.issue) == 1


def test_an_issue_whose_answer_was_lost_is_opened_once(fake, timing):
    marker = pairing_issue.marker_for(MONTH, Group(members=GROUP))
    action = OpenIssue(
        thread=Thread(month=MONTH, members=GROUP, issue=None),
        title="Pairing",
        body=f"{marker}\nHello",
        labels=(pairing_issue.round_label(MONTH),),
    )
    fake.inject(lost_response(), method="POST", path=r"/issues$", times=1)
    number = applier.OnGitHub(client(fake, timing)).apply(action)
    assert [issue["number"] for issue in fake.issues.values()] == [number]


def test_an_edit_is_worked_out_again_from_the_issue_after_a_lost_answer(fake, timing):
    thread = issue_of(fake)
    assert thread.issue is not None

    def revise(title: str, body: str) -> tuple[str, str] | None:
        return None if "Bye" in body else (title, body.replace("Hello", "Bye"))

    issue = fake.issues[thread.issue]
    edit = EditIssue(
        issue=thread.issue, title=issue["title"], body=issue["body"], why="test", revise=revise
    )
    fake.inject(server_error(applied=True), method="PATCH", times=1)
    applier.OnGitHub(client(fake, timing)).apply(edit)
    assert fake.issues[thread.issue]["body"].endswith("Bye")
    assert fake.count("PATCH") == 1  # the lost one; read again, nothing left to send


def test_closing_with_labels_sets_them_and_closing_again_changes_nothing(fake, timing):
    thread = issue_of(fake)
    assert thread.issue is not None
    close = CloseIssue(thread=thread, kind=Kind.REPLY, reason="completed", labels=("met",))
    apply = applier.OnGitHub(client(fake, timing))
    apply.apply(close)
    apply.apply(close)
    issue = fake.issues[thread.issue]
    assert issue["state"] == "closed" and issue["state_reason"] == "completed"
    assert [label["name"] for label in issue["labels"]] == ["met"]


def test_a_group_never_announced_is_left_alone(fake, timing):
    thread = Thread(month=MONTH, members=GROUP, issue=None)
    applier.OnGitHub(client(fake, timing)).apply(
        PostComment(thread=thread, kind=Kind.NUDGE, marker=MARKER, body=MARKER)
    )
    assert fake.count("POST") == 0


def test_the_dry_run_prints_each_action_and_the_outbox_writes_each_comment(tmp_path):
    thread = Thread(month=MONTH, members=GROUP, issue=7)
    comment = PostComment(thread=thread, kind=Kind.NUDGE, marker=MARKER, body=f"{MARKER}\nHi")
    out = io.StringIO()
    printer = offline.Printer(out)
    printer.apply(comment)
    printer.apply(CloseIssue(thread=thread, kind=Kind.CLOSE, reason="not_planned"))
    assert out.getvalue().splitlines()[0] == "=== would comment on 2026-03_ada_bob:"
    assert "=== would close 2026-03_ada_bob as not planned" in out.getvalue()
    box = offline.Outbox(tmp_path)
    box.apply(comment)
    box.apply(comment)
    [file] = (tmp_path / offline.COMMENTS_FOLDER).iterdir()
    assert file.name == "2026-03_ada_bob_nudge.md" and f"{MARKER}\nHi" in file.read_text()


# -- in the files --------------------------------------------------------------------------------


@pytest.fixture
def scheme(scheme_repo, tmp_path):
    for login in ("ada", "bob", "cy", "di"):
        scheme_repo.add_participant(login)
    drawn = Round(round=MONTH, seed="s", groups=(Group(members=GROUP), Group(members=("cy", "di"))))
    repository.write_round(scheme_repo.root, drawn)
    remote = push_to_bare_remote(scheme_repo.root, tmp_path / "remote.git")
    return scheme_repo.root, remote


def unreported(members=GROUP) -> RecordOutcome:
    return RecordOutcome(month=MONTH, members=members, outcome=Outcome.UNREPORTED)


def test_each_kind_of_change_is_one_commit_and_a_rerun_commits_nothing(scheme):
    root, _remote = scheme
    saver = saving.Pushed(root, remote="origin", committer=None)
    planned = [
        unreported(),
        Pause(login="cy", why="cy: paused after 2 rounds without a word", quiet_until="2026-03"),
    ]
    assert saver.save(planned) == planned
    log = git(root, "log", "--format=%s", "origin/main").splitlines()
    assert log[:2] == [
        "cy: paused after 2 rounds without a word",
        f"Follow-up: 1 group(s) of {MONTH} did not report before the next round (unreported)",
    ]
    assert saver.save(planned) == []
    assert git(root, "log", "--format=%s", "origin/main").splitlines() == log


def test_a_met_pushed_meanwhile_is_kept(scheme, tmp_path):
    root, remote = scheme
    other = tmp_path / "other"
    git(tmp_path, "clone", "--quiet", remote, other)
    met = dataclasses.replace(
        read_round(other, MONTH),
        groups=(
            Group(members=GROUP, outcome=Outcome.MET),
            Group(members=("cy", "di")),
        ),
    )
    repository.write_round(other, met)
    git(other, "commit", "--quiet", "-am", "met")
    git(other, "push", "--quiet", "origin", "main")
    saver = saving.Pushed(root, remote="origin", committer=None)
    done = saver.save([unreported(), unreported(("cy", "di"))])
    assert done == [unreported(), unreported(("cy", "di"))]  # one file, one commit
    outcomes = [g.outcome for g in saver.round(MONTH).groups]
    assert outcomes == [Outcome.MET, Outcome.UNREPORTED]


def test_groups_are_added_once_and_numbers_only_where_missing(scheme):
    root, _remote = scheme
    made = (Group(members=("ada", "cy"), rematch=True),)
    saver = saving.WorkingTree(root)
    add = AddGroups(month=MONTH, make=lambda fresh: made)
    assert saver.save([add]) == [add]
    assert saver.save([add]) == []  # made before: never twice
    key = pairing_issue.marker_for(MONTH, made[0]).key
    numbers = RecordIssues(month=MONTH, numbers={key: 41})
    saver.save([numbers])
    drawn = saver.round(MONTH)
    assert [g.issue for g in drawn.groups] == [None, None, 41]
    assert changes.changed_round(drawn, [RecordIssues(month=MONTH, numbers={key: 99})]) == drawn


def test_a_dry_run_keeps_its_changes_in_memory(scheme):
    root, _remote = scheme
    before = (root / "rounds" / f"{MONTH}.yaml").read_bytes()
    saver = saving.InMemory(repository.load_valid(root).rounds)
    saver.save([unreported()])
    assert saver.round(MONTH).groups[0].outcome is Outcome.UNREPORTED
    assert (root / "rounds" / f"{MONTH}.yaml").read_bytes() == before
