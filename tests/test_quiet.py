"""Quiet members: paused once, told once, whatever the faults, kills and reruns."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from conftest import git, push_to_bare_remote
from fake_github import BOT, lost_response

from unmentoring.commands import follow_up as command
from unmentoring.commands import follow_up_stages as stages
from unmentoring.core import quiet
from unmentoring.core.model import Group, Outcome, Participant, Round
from unmentoring.core.plan import Pause
from unmentoring.github import api, applier
from unmentoring.gitops import saving
from unmentoring.store import repository

FIRST, LATEST = "2026-02", "2026-03"
PROMPT_DAY = dt.date(2026, 3, 24)
ROUND_OVER = dt.date(2026, 3, 31)  # the round's last day: silence is judged from then
CHANGE = "https://github.com/owner/repo/issues/new?template=change.yml"


class Killed(BaseException):
    """Stands in for SIGKILL."""


def two_rounds(
    scheme_repo, fake, *, scheme: str = "name: X\norganiser: T\n"
) -> dict[str, list[int]]:
    """ada+bob and cy+di in both rounds, each group with an issue; the issues by login."""
    scheme_repo.write("scheme.yaml", scheme)
    for login in ("ada", "bob", "cy", "di"):
        scheme_repo.add_participant(login)
    issues: dict[str, list[int]] = {}
    for month in (FIRST, LATEST):
        groups = []
        for members in (("ada", "bob"), ("cy", "di")):
            number = fake.add_issue(f"Pairing {month}", "hello", labels=["pairing"])["number"]
            groups.append(Group(members=members, issue=number))
            for login in members:
                issues.setdefault(login, []).append(number)
        repository.write_round(scheme_repo.root, Round(round=month, seed="s", groups=tuple(groups)))
    return issues


def client(fake, timing):
    return api.connect(
        env=fake.env(), sleep=timing.sleep, clock=timing.clock, now=lambda: timing.now
    )


def run_once(root, fake, timing, today=ROUND_OVER, apply=None, month=LATEST) -> stages.QuietResult:
    """The quiet-members stage as follow-up runs it, then its save (skipped by a kill)."""
    github = client(fake, timing)
    run = command.github_run(root, today, github, saving.WorkingTree(root), "owner/repo")
    run.change_form = CHANGE
    if apply is not None:
        run.applier = apply(github)
    result = stages.QuietResult(month=month)
    stages.find_quiet(run, month, result)
    result.paused = [c.login for c in run.save() if isinstance(c, Pause)]
    return result


def told(fake, login: str) -> list[int]:
    return [
        c["issue_number"]
        for c in fake.comments.values()
        if quiet.marker(login) in c["body"] and c["user"]["login"] == BOT
    ]


def paused(root) -> set[str]:
    return {p.login for p in repository.load_valid(root).participants.values() if p.paused}


def test_silent_for_two_rounds_paused_once_and_told_once_in_the_latest_issue(
    scheme_repo, fake, timing
):
    issues = two_rounds(scheme_repo, fake)
    fake.add_comment(issues["cy"][0], "Tuesday?", author="cy")  # cy wrote in the first round
    fake.add_comment(issues["di"][1], "/met", author="Di")  # /met is a comment too
    fake.add_comment(issues["ada"][0], "@ada?", author=BOT)  # our own never counts
    fake.add_comment(issues["bob"][1], "hi", author="helper[bot]")  # nor another bot's
    result = run_once(scheme_repo.root, fake, timing)
    assert result.paused == ["ada", "bob"]
    assert paused(scheme_repo.root) == {"ada", "bob"}
    assert told(fake, "ada") == [issues["ada"][1]] and told(fake, "bob") == [issues["bob"][1]]
    body = next(c["body"] for c in fake.comments.values() if quiet.marker("ada") in c["body"])
    assert "@ada" in body and CHANGE in body and "Resume" in body
    assert f"#{issues['ada'][0]}, #{issues['ada'][1]}" in body
    assert told(fake, "cy") == [] and told(fake, "di") == []
    posts = fake.count("POST", r"/comments$")
    files = scheme_repo.snapshot()
    rerun = run_once(scheme_repo.root, fake, timing)  # paused now: skipped
    assert rerun.quiet == [] and rerun.paused == []
    assert fake.count("POST", r"/comments$") == posts and scheme_repo.snapshot() == files


def test_before_the_round_is_over_with_zero_or_one_round_nobody_is_paused(
    scheme_repo, fake, timing
):
    two_rounds(scheme_repo, fake, scheme="name: X\norganiser: T\npause_after_silent: 0\n")
    assert run_once(scheme_repo.root, fake, timing).quiet == []
    scheme_repo.write(
        "scheme.yaml", "name: X\norganiser: T\npause_after_silent: 3\n"
    )  # only 2 rounds
    assert run_once(scheme_repo.root, fake, timing).quiet == []
    scheme_repo.write("scheme.yaml", "name: X\norganiser: T\n")
    # Issue 21, finding 10: not on prompt day, when "did you meet?" has only just been asked,
    # nor on any day before the round's last.
    for day in (PROMPT_DAY, dt.date(2026, 3, 30)):
        assert run_once(scheme_repo.root, fake, timing, day).quiet == []
    assert fake.count("POST", r"/comments$") == 0 and paused(scheme_repo.root) == set()


def test_gone_or_paused_members_are_skipped(scheme_repo, fake, timing):
    two_rounds(scheme_repo, fake)
    (scheme_repo.root / "participants" / "cy.yaml").unlink()
    scheme_repo.add_participant("ada", paused="true")
    result = run_once(scheme_repo.root, fake, timing)
    assert [c.login for c in result.quiet] == ["bob", "di"]


def test_a_lost_response_on_the_comment_still_leaves_one_comment(scheme_repo, fake, timing):
    issues = two_rounds(scheme_repo, fake)
    fake.inject(lost_response(), method="POST", path=r"/comments$", times=2)
    run_once(scheme_repo.root, fake, timing)
    for login in ("ada", "bob", "cy", "di"):
        assert told(fake, login) == [issues[login][1]]
    assert paused(scheme_repo.root) == {"ada", "bob", "cy", "di"}


class KilledAfter(applier.OnGitHub):
    """Killed right after its ``n``-th quiet comment, before any file is paused."""

    def __init__(self, github, n: int):
        super().__init__(github)
        self.left = n

    def apply(self, action):
        super().apply(action)
        self.left -= 1
        if self.left == 0:
            raise Killed


def test_killed_between_the_comment_and_the_file_a_rerun_completes(scheme_repo, fake, timing):
    issues = two_rounds(scheme_repo, fake)
    with pytest.raises(Killed):
        run_once(scheme_repo.root, fake, timing, apply=lambda github: KilledAfter(github, 1))
    assert told(fake, "ada") == [issues["ada"][1]] and paused(scheme_repo.root) == set()
    result = run_once(scheme_repo.root, fake, timing)
    assert result.paused == ["ada", "bob", "cy", "di"]
    for login in ("ada", "bob", "cy", "di"):
        assert told(fake, login) == [issues[login][1]]


def test_offline_a_recorded_outcome_counts_as_a_word():
    rounds = {
        month: Round(
            round=month,
            seed="s",
            groups=(
                Group(members=("ada", "bob"), outcome=Outcome.MET if month == FIRST else None),
                Group(members=("cy", "di")),
            ),
        )
        for month in (FIRST, LATEST)
    }
    people = {
        login: Participant(github=login, name=login, organisation="O", joined=dt.date(2026, 1, 1))
        for login in ("ada", "bob", "cy", "di")
    }
    found = quiet.candidates(rounds, people, LATEST, 2, need_issue=False)
    assert [c.login for c in found] == ["ada", "bob", "cy", "di"]
    silent = [
        c.login
        for c in found
        if not any(quiet.spoke(c.login, turn, (), outcome_is_a_word=True) for turn in c.turns)
    ]
    assert silent == ["cy", "di"]
    assert quiet.candidates(rounds, people, LATEST, 2) == []  # no issues: not announced


def test_offline_a_group_ended_by_rematch_is_the_word_of_who_asked_not_of_who_stayed():
    """The demo's story: bob asked for a rematch and is in a new group; ada, who stayed silent
    both rounds, is paused as she would be online, and bob, who wrote /rematch, is not."""
    people = {
        login: Participant(github=login, name=login, organisation="O", joined=dt.date(2026, 1, 1))
        for login in ("ada", "bob", "cy", "di")
    }
    before = Round(round=FIRST, seed="s", groups=(Group(members=("ada", "bob")),))
    drawn = (
        Group(members=("ada", "bob"), outcome=Outcome.NOT_MET),
        Group(members=("cy", "di")),
    )
    latest = Round(
        round=LATEST,
        seed="s",
        groups=(*drawn, Group(members=("bob", "cy"), rematch=True)),
    )
    found = quiet.candidates({FIRST: before, LATEST: latest}, people, LATEST, 2, need_issue=False)
    silent = [c.login for c in found if quiet.is_quiet(c, lambda issue: (), outcome_is_a_word=True)]
    assert silent == ["ada"]


def test_cli_push_pauses_in_one_commit_that_says_why_and_a_rerun_changes_nothing(
    scheme_repo, fake, run_cli, tmp_path, monkeypatch
):
    for key, value in fake.env().items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("GITHUB_REF_NAME", "main")
    issues = two_rounds(scheme_repo, fake)
    for login in ("bob", "cy", "di"):
        fake.add_comment(issues[login][0], "hello", author=login)
    remote = tmp_path / "remote.git"
    push_to_bare_remote(scheme_repo.root, remote, "rounds")
    args = ("follow-up", "--repo", scheme_repo.root, "--today", "2026-03-31", "--push")
    code, out, err = run_cli(*args)
    assert code == 0, err
    first, second = issues["ada"]
    message = git(scheme_repo.root, "log", "-1", "--format=%B", "origin/main").strip()
    assert message == f"ada: paused after 2 rounds without a word (#{first}, #{second})"
    assert paused(scheme_repo.root) == {"ada"}
    assert f"{LATEST}  2       0        0    0        0           0          1" in out
    pushed = git(scheme_repo.root, "ls-remote", str(remote), "main")
    code, _out, err = run_cli(*args)
    assert code == 0, err
    assert git(scheme_repo.root, "ls-remote", str(remote), "main") == pushed
    assert told(fake, "ada") == [second]


def test_a_local_push_that_lands_two_commits_finds_its_branch_for_both(
    scheme_repo, fake, run_cli, tmp_path, monkeypatch
):
    """Issue 21, finding 17: run by hand (no GITHUB_REF_NAME), the first commit leaves the
    checkout on no branch; the second must still know where to go."""
    for key, value in fake.env().items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("GITHUB_REF_NAME", raising=False)
    two_rounds(scheme_repo, fake)
    remote = tmp_path / "remote.git"
    push_to_bare_remote(scheme_repo.root, remote, "rounds")
    args = ("follow-up", "--repo", scheme_repo.root, "--today", "2026-03-31", "--push")
    code, _out, err = run_cli(*args)
    assert code == 0, err
    landed = git(scheme_repo.root, "log", "--format=%s", "origin/main").splitlines()
    assert landed[0] == "Follow-up: 4 quiet members paused"
    assert landed[1].startswith(f"Follow-up: 2 group(s) of {FIRST} did not report")


def test_a_word_in_the_group_a_rematch_took_someone_from_counts(scheme_repo, fake, timing):
    """Issue 21, finding 11: ada asked for a rematch in her first group and was silent in the
    new one; she spoke this round, so she is not paused. cy, silent in both, is."""
    issues = two_rounds(scheme_repo, fake)
    latest = repository.load_valid(scheme_repo.root).rounds[LATEST]
    number = fake.add_issue("Rematch", "hello", labels=["pairing"])["number"]
    made = Group(members=("ada", "cy"), issue=number, rematch=True)
    moved = tuple(
        Group(members=g.members, issue=g.issue, outcome=Outcome.NOT_MET) for g in latest.groups
    )
    repository.write_round(scheme_repo.root, Round(round=LATEST, seed="s", groups=(*moved, made)))
    fake.add_comment(issues["ada"][1], "/rematch", author="ada")
    result = run_once(scheme_repo.root, fake, timing)
    assert "ada" not in result.paused and "cy" in result.paused
    assert told(fake, "cy") == [number]


def test_a_group_that_said_it_met_speaks_for_every_member(scheme_repo, fake, timing):
    """Issue 21, finding 10: bob said /met for ada and bob in both rounds; ada wrote nothing,
    but her group reported, so she is not paused. cy and di, silent and unreported, are."""
    two_rounds(scheme_repo, fake)
    loaded = repository.load_valid(scheme_repo.root)
    for month in (FIRST, LATEST):
        drawn = loaded.rounds[month]
        met = dataclasses.replace(drawn.groups[0], outcome=Outcome.MET)
        repository.write_round(
            scheme_repo.root, dataclasses.replace(drawn, groups=(met, *drawn.groups[1:]))
        )
    result = run_once(scheme_repo.root, fake, timing)
    assert result.paused == ["cy", "di"]


def test_judged_on_the_catch_up_days_too_so_a_lost_run_costs_a_day(scheme_repo, fake, timing):
    """Issue 21, findings 9 and 10: the round's last day's run may be lost, and the next round
    drawn meanwhile; the judgement comes the next day instead, on the catch-up days."""
    two_rounds(scheme_repo, fake)
    later = repository.load_valid(scheme_repo.root).rounds[LATEST]
    repository.write_round(scheme_repo.root, dataclasses.replace(later, round="2026-04"))
    followed = [LATEST, "2026-04"]  # as follow-up follows them in April
    assert quiet.judged(followed, dt.date(2026, 4, 2), 2) == LATEST
    assert quiet.judged(followed, dt.date(2026, 4, 3), 2) is None
    assert run_once(scheme_repo.root, fake, timing, dt.date(2026, 4, 3)).quiet == []
    assert run_once(scheme_repo.root, fake, timing, dt.date(2026, 4, 2)).paused == [
        "ada",
        "bob",
        "cy",
        "di",
    ]


def test_someone_who_resumes_after_a_quiet_pause_stays_resumed(scheme_repo, fake, timing):
    """Issue 21, finding 9: a member paused as quiet who chooses Resume is still silent in the
    same rounds the next morning; those rounds were judged, so they stay resumed, and only
    rounds after them count again."""
    two_rounds(scheme_repo, fake)
    assert "ada" in run_once(scheme_repo.root, fake, timing).paused
    participant = repository.load_valid(scheme_repo.root).participants["ada"]
    assert participant.quiet_until == LATEST
    resumed = dataclasses.replace(participant, paused=False)
    (scheme_repo.root / "participants" / "ada.yaml").write_text(
        repository.participant_text(resumed), encoding="utf-8"
    )
    posts = fake.count("POST", r"/comments$")
    for day in (dt.date(2026, 3, 31), dt.date(2026, 4, 1)):
        assert run_once(scheme_repo.root, fake, timing, day).paused == []
    assert "ada" not in paused(scheme_repo.root)
    assert fake.count("POST", r"/comments$") == posts
    # A later round counts again: silent in the next two, she is paused again.
    for month in ("2026-04", "2026-05"):
        number = fake.add_issue(f"Pairing {month}", "hello", labels=["pairing"])["number"]
        group = Group(members=("ada", "bob"), issue=number)
        repository.write_round(scheme_repo.root, Round(round=month, seed="s", groups=(group,)))
    result = run_once(scheme_repo.root, fake, timing, dt.date(2026, 5, 31), month="2026-05")
    assert "ada" in result.paused
