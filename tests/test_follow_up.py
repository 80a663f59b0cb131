"""`unmentoring follow-up`: each marked comment once, whatever the faults, kills and reruns."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import random
import subprocess
import sys

import pytest
from conftest import git, kill_repeatedly, push_to_bare_remote
from fake_github import (
    BOT,
    FakeGitHub,
    dropped_request,
    forbidden,
    lost_response,
    secondary_rate_limit,
    server_error,
    slow,
    too_many_requests,
)

from unmentoring.commands import follow_up as command
from unmentoring.commands import follow_up_stages as stages
from unmentoring.core import changes, closing, follow_up, nudges, pairing_issue
from unmentoring.core.model import Group, Outcome, Round
from unmentoring.core.plan import CloseIssue, Kind, RecordOutcome
from unmentoring.core.thread import Days, Situation, ThreadComment
from unmentoring.github import api
from unmentoring.gitops import saving
from unmentoring.store import repository

MONTH = "2026-03"
NEXT = "2026-04"
NUDGE_DAY = dt.date(2026, 3, 11)
PROMPT_DAY = dt.date(2026, 3, 25)
MARKERS = (nudges.NUDGE_MARKER, nudges.PROMPT_MARKER, closing.CLOSING_MARKER)


class Killed(BaseException):
    """Stands in for SIGKILL: nothing after it runs, not even `except Exception`."""


# -- the decisions (pure) -------------------------------------------------------------------------


def situation(**changes) -> Situation:
    base = Situation(
        month=MONTH,
        members=("ada", "bob"),
        host=None,
        issue_open=True,
        comments=(),
        today=NUDGE_DAY,
        later_round_drawn=False,
        days=Days(),
        bot=BOT,
    )
    return dataclasses.replace(base, **changes)


def kinds(s: Situation) -> list[str]:
    return [action.kind for action in follow_up.decide(s)]


def test_the_nudge_comes_from_nudge_day_until_the_prompt():
    assert kinds(situation(today=dt.date(2026, 3, 9))) == []
    assert kinds(situation(today=dt.date(2026, 3, 10))) == [Kind.NUDGE]
    assert kinds(situation(today=dt.date(2026, 3, 23))) == [Kind.NUDGE]
    assert kinds(situation(today=dt.date(2026, 3, 24))) == [Kind.PROMPT]


def test_a_members_comment_anywhere_stops_the_nudge_but_bots_and_others_do_not():
    others = (
        ThreadComment(author="github-actions[bot]", body="hello", is_bot=True),
        ThreadComment(author="ada", body="I am a bot account called ada", is_bot=True),
        ThreadComment(author="carol", body="not in this group"),
    )
    assert kinds(situation(comments=others)) == [Kind.NUDGE]
    wrote = (*others, ThreadComment(author="Bob", body="Tuesday?\r\nor Wednesday\r\n"))
    assert kinds(situation(comments=wrote)) == []
    assert kinds(situation(comments=wrote, today=PROMPT_DAY)) == [Kind.PROMPT]


def test_each_comment_once_by_our_marker_and_not_by_someone_elses_copy():
    pasted = ThreadComment(author="carol", body=nudges.NUDGE_MARKER)
    assert kinds(situation(comments=(pasted,))) == [Kind.NUDGE]
    ours = ThreadComment(author=BOT, body=nudges.NUDGE_MARKER + "\r\nHello", is_bot=True)
    assert kinds(situation(comments=(ours,))) == []
    prompted = ThreadComment(author=BOT.upper(), body=nudges.PROMPT_MARKER, is_bot=True)
    assert kinds(situation(comments=(prompted,), today=PROMPT_DAY)) == []


def test_a_later_round_closes_an_open_issue_kindly_and_records_unreported():
    open_one = situation(later_round_drawn=True, today=dt.date(2026, 4, 1))
    comment, close, record = follow_up.decide(open_one)
    assert comment.body.startswith(closing.CLOSING_MARKER) and "@" not in comment.body
    assert comment.marker == closing.CLOSING_MARKER and comment.kind is Kind.CLOSE
    assert close == CloseIssue(thread=open_one.thread, kind=Kind.CLOSE, reason="not_planned")
    unreported = RecordOutcome(
        month=open_one.month, members=open_one.members, outcome=Outcome.UNREPORTED
    )
    assert record == unreported
    closed = situation(later_round_drawn=True, issue_open=False)
    assert follow_up.decide(closed) == [unreported]
    said = ThreadComment(author=BOT, body=closing.CLOSING_MARKER, is_bot=True)
    assert follow_up.decide(situation(later_round_drawn=True, comments=(said,))) == [
        close,
        unreported,
    ]


def test_someone_who_left_is_never_mentioned_and_a_group_left_alone_is_not_nudged():
    """Issue 21, finding 12: a member who left since the draw is named in no nudge or prompt;
    with nobody left to meet there is no nudge, and with nobody at all no prompt."""
    trio = situation(members=("ada", "bob", "cy"), host="ada", left=frozenset({"ada"}))
    nudge = nudges.nudge_text(trio)
    assert "@ada" not in nudge and "@bob and @cy" in nudge and "Whoever replies first" in nudge
    prompted = situation(members=("ada", "bob"), left=frozenset({"ada"}), today=PROMPT_DAY)
    assert "@ada" not in nudges.prompt_text(prompted) and kinds(prompted) == [Kind.PROMPT]
    assert kinds(situation(left=frozenset({"ada"}))) == []
    assert kinds(situation(left=frozenset({"ada", "bob"}), today=PROMPT_DAY)) == []


def test_the_nudge_mentions_the_host_first_and_says_how_to_rematch():
    text = nudges.nudge_text(situation(members=("ada", "bob", "cy"), host="bob"))
    assert text.index("@bob") < text.index("@ada") < text.index("@cy")
    assert "@bob, please make the first move" in text
    assert "If your partners don't reply, comment `/rematch`" in text
    assert "before the 17th" in text
    plain = nudges.nudge_text(situation())
    assert plain.index("@ada") < plain.index("@bob") and "If your partner doesn't reply" in plain
    # From rematch_day this month's rematches are made: the nudge no longer offers one.
    late = nudges.nudge_text(situation(today=dt.date(2026, 3, 17)))
    assert "/rematch" not in late and late.startswith(nudges.NUDGE_MARKER)


def test_a_group_made_by_rematch_is_never_nudged_but_is_asked_whether_it_met():
    assert kinds(situation(rematch=True, today=dt.date(2026, 3, 18))) == []
    assert kinds(situation(rematch=True, today=dt.date(2026, 3, 24))) == [Kind.PROMPT]
    assert nudges.prompt_text(situation()).count("`/met`") == 1
    assert "`/not-met`" in nudges.prompt_text(situation())


def test_which_rounds_a_run_follows():
    drawn = ["2026-01", "2026-02", "2026-03"]
    assert follow_up.rounds_to_follow(drawn, dt.date(2026, 3, 5)) == ["2026-02", "2026-03"]
    assert follow_up.rounds_to_follow(drawn, dt.date(2026, 2, 28)) == ["2026-01", "2026-02"]
    assert follow_up.rounds_to_follow(drawn, dt.date(2025, 12, 1)) == []
    assert follow_up.rounds_to_follow(drawn, dt.date(2026, 3, 5), "2026-01") == ["2026-01"]
    assert follow_up.rounds_to_follow(drawn, dt.date(2026, 3, 5), "2025-01") == []


def test_unreported_never_overwrites_a_late_outcome():
    drawn = Round(
        round=MONTH,
        seed="s",
        groups=(Group(members=("ada", "bob"), outcome=Outcome.MET), Group(members=("cy", "di"))),
    )
    unreported = [
        RecordOutcome(month=MONTH, members=members, outcome=Outcome.UNREPORTED)
        for members in (("ada", "bob"), ("cy", "di"))
    ]
    updated = changes.changed_round(drawn, unreported)
    assert [g.outcome for g in updated.groups] == [Outcome.MET, Outcome.UNREPORTED]


# -- against the fake GitHub ----------------------------------------------------------------------


def announced(scheme_repo, fake, groups: int = 3, *, later: bool = False) -> Round:
    """A round whose issues are open on the fake GitHub, numbers in the round file."""
    logins = [f"person-{n:04d}" for n in range(groups * 2)]
    for login in logins:
        scheme_repo.add_participant(login)
    made = []
    for i in range(0, len(logins), 2):
        group = Group(members=tuple(logins[i : i + 2]))
        marker = pairing_issue.marker_for(MONTH, group)
        issue = fake.add_issue(
            f"Pairing {MONTH}",
            f"{marker}\nHello",
            labels=[pairing_issue.PAIRING_LABEL, pairing_issue.round_label(MONTH)],
        )
        made.append(dataclasses.replace(group, issue=issue["number"]))
    drawn = Round(round=MONTH, seed="test", groups=tuple(made))
    repository.write_round(scheme_repo.root, drawn)
    if later:
        repository.write_round(
            scheme_repo.root,
            Round(round=NEXT, seed="t", groups=(Group(members=tuple(logins[:2])),)),
        )
    return drawn


def run_once(root, fake, timing, today, client=None) -> stages.Report:
    """One run of the command's own stages, without --push, with injected time."""
    client = client or api.connect(
        env=fake.env(), sleep=timing.sleep, clock=timing.clock, now=lambda: timing.now
    )
    run = command.github_run(root, today, client, saving.WorkingTree(root), "owner/repo")
    return stages.follow(run, follow_up.rounds_to_follow(run.loaded.rounds, today))


def marked(fake, number: int, marker: str) -> int:
    return sum(
        1
        for c in fake.comments.values()
        if c["issue_number"] == number and marker in c["body"] and c["user"]["login"] == BOT
    )


def assert_each_once(fake, drawn: Round, marker: str) -> None:
    assert {g.issue: marked(fake, g.issue, marker) for g in drawn.groups} == {
        g.issue: 1 for g in drawn.groups
    }


def test_nudge_then_prompt_each_once_and_reruns_change_nothing(scheme_repo, fake, timing):
    drawn = announced(scheme_repo, fake)
    for _ in range(2):
        run_once(scheme_repo.root, fake, timing, NUDGE_DAY)
    assert_each_once(fake, drawn, nudges.NUDGE_MARKER)
    for _ in range(2):
        run_once(scheme_repo.root, fake, timing, PROMPT_DAY)
    assert_each_once(fake, drawn, nudges.PROMPT_MARKER)
    posts = fake.count("POST", r"/comments$")
    before = repository.load_valid(scheme_repo.root).rounds[MONTH]
    run_once(scheme_repo.root, fake, timing, PROMPT_DAY)
    assert fake.count("POST", r"/comments$") == posts
    assert repository.load_valid(scheme_repo.root).rounds[MONTH] == before == drawn


def test_a_member_comment_on_a_late_page_edited_or_crlf_counts_as_replying(
    scheme_repo, fake, timing
):
    drawn = announced(scheme_repo, fake)
    first, second, third = (g.issue for g in drawn.groups)
    for n in range(230):  # three pages of 100: the member's comment is on the last
        fake.add_comment(first, f"chatter {n}", author="onlooker")
    fake.add_comment(first, "Tuesday at ten?\r\nOr Thursday.\r\n", author="Person-0000")
    edited = fake.add_comment(second, "draft", author="person-0003")
    with fake.lock:
        edited.update(body="", updated_at="2026-03-05T10:00:00Z")  # emptied by an edit
    fake.add_comment(third, "I can help you meet!", author="helper-app[bot]")
    fake.add_comment(third, "ping", author=BOT)
    fake.add_comment(third, "ping", author="person-0009")  # in no group here
    [result] = run_once(scheme_repo.root, fake, timing, NUDGE_DAY).rounds
    assert [marked(fake, n, nudges.NUDGE_MARKER) for n in (first, second, third)] == [0, 0, 1]
    assert result.wrote == {0, 1}
    assert fake.count("GET", rf"/issues/{first}/comments") == 3  # every page read


FAULTS = {
    "lost-response": lambda: lost_response(),
    "502-applied": lambda: server_error(502, applied=True),
    "503": lambda: server_error(503),
    "dropped": lambda: dropped_request(),
    "429": lambda: too_many_requests(),
}


@pytest.mark.parametrize("fault", FAULTS, ids=list(FAULTS))
def test_faults_on_the_comment_post_leave_each_comment_once(scheme_repo, fake, timing, fault):
    drawn = announced(scheme_repo, fake)
    fake.inject(FAULTS[fault](), method="POST", path=r"/comments$", times=2)
    run_once(scheme_repo.root, fake, timing, NUDGE_DAY)
    run_once(scheme_repo.root, fake, timing, NUDGE_DAY)
    assert_each_once(fake, drawn, nudges.NUDGE_MARKER)


class KillingClient:
    """Wraps a client; 'kills the process' before or after its Nth request that matters."""

    CALLS = frozenset(
        {"list_issues", "get_issue", "list_comments", "create_comment", "update_issue"}
    )

    def __init__(self, client: api.Client, at: int, after: bool):
        self._client, self._left, self._after = client, at, after

    def __getattr__(self, name):
        value = getattr(self._client, name)
        if name not in self.CALLS:
            return value

        def call(*args, **kwargs):
            self._left -= 1
            if self._left == 0 and not self._after:
                raise Killed
            result = value(*args, **kwargs)
            if self._left == 0:
                raise Killed
            return result

        return call


@pytest.mark.parametrize("seed", range(10))
def test_killed_at_random_points_and_run_again(scheme_repo, fake, timing, seed):
    rng = random.Random(seed)
    drawn = announced(scheme_repo, fake, 4, later=rng.random() < 0.5)
    later = len(repository.load_valid(scheme_repo.root).rounds) > 1
    fault = rng.choice([*FAULTS, None])
    if fault:
        fake.inject(FAULTS[fault](), method=rng.choice(["GET", "POST", "PATCH"]), times=2)
    days = [NUDGE_DAY, PROMPT_DAY] if not later else [dt.date(2026, 4, 2)]
    for today in days:
        for _run in range(40):
            client = api.connect(
                env=fake.env(), sleep=timing.sleep, clock=timing.clock, now=lambda: timing.now
            )
            killer = KillingClient(client, at=rng.randint(1, 12), after=rng.random() < 0.5)
            try:
                run_once(scheme_repo.root, fake, timing, today, client=killer)
                break
            except Killed:
                continue  # nothing recorded: the round file is written only at the end
        else:
            pytest.fail("never finished")
    run_once(scheme_repo.root, fake, timing, days[-1])  # and once more, changing nothing
    if later:
        assert_each_once(fake, drawn, closing.CLOSING_MARKER)
        assert all(fake.issues[g.issue]["state_reason"] == "not_planned" for g in drawn.groups)
        groups = repository.load_valid(scheme_repo.root).rounds[MONTH].groups
        assert [g.outcome for g in groups] == [Outcome.UNREPORTED] * len(groups)
    else:
        assert_each_once(fake, drawn, nudges.NUDGE_MARKER)
        assert_each_once(fake, drawn, nudges.PROMPT_MARKER)
        assert all(issue["state"] == "open" for issue in fake.issues.values())


def test_the_time_limit_stops_cleanly_and_the_next_run_carries_on(scheme_repo, fake, timing):
    drawn = announced(scheme_repo, fake, 4)
    # A refusal whose wait (a minute, doubling) would pass the limit, on the third comment.
    fake.inject(secondary_rate_limit(), method="POST", path=r"/comments$", after=2, times=1)
    client = api.connect(
        env=fake.env(),
        sleep=timing.sleep,
        clock=timing.clock,
        now=lambda: timing.now,
        deadline=timing.clock() + 30,
    )
    report = run_once(scheme_repo.root, fake, timing, NUDGE_DAY, client)
    assert report.stopped and "time limit" in report.stopped
    assert [result.posted for result in report.rounds] == [{Kind.NUDGE: 2}]
    run_once(scheme_repo.root, fake, timing, NUDGE_DAY)
    assert_each_once(fake, drawn, nudges.NUDGE_MARKER)


def test_sigkilled_processes_and_a_rerun_post_each_comment_once(scheme_repo, fake):
    """Real processes, really killed at random moments."""
    drawn = announced(scheme_repo, fake, 10)
    fake.inject(slow(0.05), times=10_000)  # long enough a run to be killed in the middle
    env = {**os.environ, **fake.env()}
    env.pop("GITHUB_STEP_SUMMARY", None)
    command_line = [sys.executable, "-m", "unmentoring", "follow-up", "--repo", scheme_repo.root]
    command_line += ["--today", NUDGE_DAY.isoformat()]
    kill_repeatedly(command_line, env, seed=7, pause=(0.6, 1.2))
    done = subprocess.run(command_line, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert_each_once(fake, drawn, nudges.NUDGE_MARKER)


# -- the command line -----------------------------------------------------------------------------


@pytest.fixture
def github_env(fake, monkeypatch, tmp_path):
    for key, value in fake.env().items():
        monkeypatch.setenv(key, value)
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    return summary


def test_cli_push_after_a_kill_between_closing_and_pushing(
    scheme_repo, fake, run_cli, github_env, tmp_path, monkeypatch
):
    monkeypatch.setenv("GITHUB_REF_NAME", "main")  # as in a workflow: the rerun is detached
    drawn = announced(scheme_repo, fake, 3, later=True)
    met = drawn.groups[0]
    repository.write_round(
        scheme_repo.root,
        dataclasses.replace(
            drawn, groups=(dataclasses.replace(met, outcome=Outcome.MET), *drawn.groups[1:])
        ),
    )
    remote = tmp_path / "remote.git"
    push_to_bare_remote(scheme_repo.root, remote, "rounds")
    # A run that closed the issues and was killed before it pushed: the issues are closed,
    # their closing comments there, the round file unchanged.
    for group in drawn.groups[1:]:
        fake.add_comment(group.issue, closing.CLOSING_MARKER + "\nclosing", author=BOT)
        fake.issues[group.issue].update(state="closed", state_reason="not_planned")
    fake.add_comment(drawn.groups[1].issue, "sorry, busy month", author=drawn.groups[1].members[0])
    args = ("follow-up", "--repo", scheme_repo.root, "--today", "2026-04-02", "--push")
    code, out, err = run_cli(*args)
    assert code == 0, err
    other = tmp_path / "other"
    git(tmp_path, "clone", "--quiet", str(remote), str(other))
    groups = repository.load_valid(other).rounds[MONTH].groups
    assert [g.outcome for g in groups] == [Outcome.MET, Outcome.UNREPORTED, Outcome.UNREPORTED]
    assert_each_once(fake, Round(round=MONTH, seed="", groups=drawn.groups[1:]), MARKERS[2])
    summary = github_env.read_text()
    assert "| round | groups | replied | met | not met | unreported | rematched |" in summary
    assert f"| {MONTH} | 3 | 2 | 1 | 0 | 2 | 0 | 0 |" in summary
    assert "2026-03  3       2        1    0        2" in out
    pushed = git(other, "ls-remote", str(remote), "main")
    code, _out, err = run_cli(*args)  # a rerun changes nothing and pushes nothing
    assert code == 0, err
    assert git(other, "ls-remote", str(remote), "main") == pushed


def test_cli_dry_run_prints_and_touches_nothing(scheme_repo, run_cli, monkeypatch):
    drawn = Round(round=MONTH, seed="s", groups=(Group(members=("ada", "bob"), issue=7),))
    scheme_repo.add_participant("ada")
    scheme_repo.add_participant("bob")
    repository.write_round(scheme_repo.root, drawn)
    monkeypatch.setenv("GITHUB_API_URL", "http://127.0.0.1:9")  # nothing listens there
    before = scheme_repo.snapshot()
    code, out, err = run_cli(
        "follow-up", "--repo", scheme_repo.root, "--today", "2026-03-12", "--dry-run"
    )
    assert code == 0, err
    assert "would comment on 2026-03_ada_bob" in out and nudges.NUDGE_MARKER in out
    assert scheme_repo.snapshot() == before


def test_cli_dry_run_prints_the_whole_plan_with_its_file_changes(scheme_repo, run_cli):
    """Once a later round is drawn: the closing comment, the closing, and the outcome."""
    for login in ("ada", "bob"):
        scheme_repo.add_participant(login)
    group = Group(members=("ada", "bob"), issue=7)
    repository.write_round(scheme_repo.root, Round(round=MONTH, seed="s", groups=(group,)))
    repository.write_round(scheme_repo.root, Round(round=NEXT, seed="t", groups=(group,)))
    before = scheme_repo.snapshot()
    args = ("follow-up", "--repo", scheme_repo.root, "--round", MONTH, "--dry-run")
    code, out, err = run_cli(*args, "--today", "2026-04-02")
    assert code == 0, err
    assert "=== would comment on 2026-03_ada_bob:" in out and closing.CLOSING_MARKER in out
    assert "=== would close 2026-03_ada_bob as not planned" in out
    assert f"=== would record unreported for ada, bob in rounds/{MONTH}.yaml" in out
    assert scheme_repo.snapshot() == before


def test_cli_outbox_writes_a_nudge_then_a_prompt(scheme_repo, run_cli, tmp_path):
    scheme_repo.add_participant("ada")
    scheme_repo.add_participant("bob")
    repository.write_round(
        scheme_repo.root, Round(round=MONTH, seed="s", groups=(Group(members=("ada", "bob")),))
    )
    outbox = tmp_path / "outbox"
    said = []
    for day in ("2026-03-12", "2026-03-12", "2026-03-26", "2026-03-27"):
        args = ("--today", day, "--outbox", outbox)
        code, out, err = run_cli("follow-up", "--repo", scheme_repo.root, *args)
        assert code == 0, err
        said.append(next(line for line in out.splitlines() if "comments posted" in line))
    files = sorted(p.name for p in (outbox / "follow-up").iterdir())
    assert files == ["2026-03_ada_bob_nudge.md", "2026-03_ada_bob_prompt.md"]
    # A rerun finds what the outbox holds, as one on GitHub finds its comments: posted once.
    posted = [line.split("comments posted: ")[1].split(";")[0] for line in said]
    assert posted == ["1 nudge", "none", "1 prompt", "none"]


def test_cli_bad_today_is_a_usage_error(scheme_repo, run_cli):
    code, _out, err = run_cli("follow-up", "--repo", scheme_repo.root, "--today", "2026-02-30")
    assert code == 2 and "YYYY-MM-DD" in err and "Traceback" not in err


def test_cli_nothing_drawn_is_nothing_to_do(scheme_repo, run_cli):
    code, out, err = run_cli("follow-up", "--repo", scheme_repo.root, "--today", "2026-03-12")
    assert (code, err) == (0, "") and "nothing to follow up" in out


# -- issues deleted, moved or locked -------------------------------------------------------------


def test_a_deleted_moved_or_locked_issue_is_skipped_and_every_other_group_is_followed(
    scheme_repo, fake, run_cli, monkeypatch, tmp_path
):
    """GitHub answers 410 for a deleted issue, 301 for a transferred one and 403 to a comment on
    a locked one; each is skipped with a warning (in the job summary too), nothing is posted in
    the repository a transferred issue went to, and the other groups get their nudges."""
    for key, value in fake.env().items():
        monkeypatch.setenv(key, value)
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    drawn = announced(scheme_repo, fake, 4)
    deleted, moved, locked, fine = (group.issue for group in drawn.groups)
    fake.delete_issue(deleted)
    fake.transfer_issue(moved)
    fake.lock_issue(locked)
    args = ("follow-up", "--repo", scheme_repo.root, "--today", NUDGE_DAY.isoformat())
    code, out, err = run_cli(*args)
    assert code == 0, err
    assert marked(fake, fine, nudges.NUDGE_MARKER) == 1
    assert marked(fake, locked, nudges.NUDGE_MARKER) == 0
    assert fake.elsewhere and all(method == "GET" for method, _, _ in fake.elsewhere)
    for number, why in ((deleted, "deleted"), (moved, "moved to another repository")):
        assert f"(#{number}): issue #{number} is {why}; skipped" in out
    assert f"issue #{locked} is locked; skipped" in out
    assert f"issue #{locked} is locked; skipped" in summary.read_text()
    code, _, err = run_cli(*args)  # and again: still skipped, nothing posted twice
    assert code == 0, err
    assert marked(fake, fine, nudges.NUDGE_MARKER) == 1


def test_an_issue_moved_where_the_token_cannot_read_is_skipped_too(
    scheme_repo, fake, run_cli, monkeypatch
):
    """GitHub answers 404, not 301, for an issue transferred to a repository the token cannot
    read (a private one: https://docs.github.com/rest/issues/issues#get-an-issue); from a
    real-GitHub review. Skipped with a warning like a deleted issue, every day."""
    for key, value in fake.env().items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    drawn = announced(scheme_repo, fake, 2)
    hidden, fine = (group.issue for group in drawn.groups)
    fake.transfer_issue(hidden, "owner/private", readable=False)
    for day in ("2026-03-11", "2026-03-18"):
        code, out, err = run_cli("follow-up", "--repo", scheme_repo.root, "--today", day)
        assert code == 0, err
        assert f"issue #{hidden} is moved to a repository this token cannot read; skipped" in out
    assert marked(fake, fine, nudges.NUDGE_MARKER) == 1


def test_from_rematch_day_a_deleted_or_moved_issue_does_not_stop_the_rematches(
    scheme_repo, fake, run_cli, monkeypatch
):
    """Found by the year simulation (tests/year.py): the rematch stage read every group's
    thread outside the per-group guard, so one deleted issue failed every run from
    ``rematch_day`` to the month's end, and the later stages never ran."""
    for key, value in fake.env().items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    drawn = announced(scheme_repo, fake, 4)
    fake.delete_issue(drawn.groups[0].issue)
    fake.transfer_issue(drawn.groups[1].issue)
    for group in drawn.groups[2:]:
        fake.add_comment(
            group.issue, "/rematch", author=group.members[0], created_at="2026-03-14T09:00:00Z"
        )
    code, out, err = run_cli("follow-up", "--repo", scheme_repo.root, "--today", "2026-03-18")
    assert code == 0, err
    assert f"issue #{drawn.groups[0].issue} is deleted; skipped" in out
    made = repository.load_valid(scheme_repo.root).rounds[MONTH].rematches
    assert [group.members for group in made] == [
        tuple(sorted(g.members[0] for g in drawn.groups[2:]))
    ]


def test_an_unexpected_refusal_finishes_every_other_group_then_fails_naming_the_group(
    scheme_repo, fake, run_cli, monkeypatch
):
    for key, value in fake.env().items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    drawn = announced(scheme_repo, fake, 3)
    refused = drawn.groups[0].issue
    fake.inject(forbidden(), method="POST", path=rf"/issues/{refused}/comments$")
    code, _out, err = run_cli(
        "follow-up", "--repo", scheme_repo.root, "--today", NUDGE_DAY.isoformat()
    )
    assert code == 1
    assert f"(#{refused})" in err and "issues=write" in err
    for group in drawn.groups[1:]:
        assert marked(fake, group.issue, nudges.NUDGE_MARKER) == 1


def test_on_a_quiet_day_only_threads_that_changed_lately_are_read(scheme_repo, fake, timing):
    """Issue 21, finding 7 (the request budget): the listing carries each issue's comment
    count and when it last changed; an empty thread is not read, and on a day that is no
    step's day nor a catch-up day after it, neither is one that has not changed for two days.
    On a step's day every thread is read again."""

    def at(day: int) -> float:
        return dt.datetime(2026, 3, day, 8, tzinfo=dt.UTC).timestamp()

    timing.now = at(3)
    drawn = announced(scheme_repo, fake, 4)
    old, recent, _empty, nudged = (group.issue for group in drawn.groups)
    fake.add_comment(old, "Tuesday?", author=drawn.groups[0].members[0])
    fake.add_comment(nudged, "<!-- unmentoring:nudge -->@x?", author=BOT)
    timing.now = at(14)
    fake.add_comment(recent, "Thursday?", author=drawn.groups[1].members[0])
    quiet_day = dt.date(2026, 3, 15)  # nudges on the 10th-12th, rematches from the 17th
    assert not follow_up.reads_every_thread(MONTH, quiet_day, Days())
    reads = fake.count("GET", r"/issues/\d+/comments")
    report = run_once(scheme_repo.root, fake, timing, quiet_day)
    read = {int(r.path.split("/")[-2]) for r in fake.requests[-20:] if r.path.endswith("/comments")}
    assert fake.count("GET", r"/issues/\d+/comments") - reads == 1 and read == {recent}
    # Unchanged since the 10th-12th, whose runs (here: none) did what was due then.
    assert report.rounds[0].unread == 3 and fake.count("POST", r"/comments$") == 0
    step_day = dt.date(2026, 3, 24)
    before = fake.count("GET", r"/issues/\d+/comments")
    run_once(scheme_repo.root, fake, timing, step_day)
    # All but the empty thread, which the listing shows has nothing to read.
    assert fake.count("GET", r"/issues/\d+/comments") - before == 3


def test_the_run_stops_cleanly_to_leave_the_hourly_budget_for_people(
    scheme_repo, fake, run_cli, github_env
):
    """Issue 21, finding 7: GITHUB_TOKEN's 1,000 requests an hour are shared by every workflow;
    when what GitHub says is left reaches the reserve kept for sign-ups and comments,
    follow-up waits for the hour to reset, or, when that would pass its time limit, stops
    cleanly (exit 0), and the next run carries on where it stopped."""
    drawn = announced(scheme_repo, fake, 12)
    fake.rate_limit = api.BULK_RESERVE + 8  # what is left falls to the reserve mid-run
    args = ("follow-up", "--repo", scheme_repo.root, "--today", NUDGE_DAY.isoformat())
    code, out, err = run_cli(*args, "--max-minutes", "1")
    assert code == 0, err
    assert "hourly request budget is down to" in out and "the next run carries on" in out
    posted = sum(marked(fake, g.issue, nudges.NUDGE_MARKER) for g in drawn.groups)
    assert 0 < posted < len(drawn.groups)
    assert fake.rate_limit - fake.window_used >= api.BULK_RESERVE
    fake.window_start, fake.rate_limit = None, 5000  # the next hour
    code, out, err = run_cli(*args)
    assert code == 0, err
    assert_each_once(fake, drawn, nudges.NUDGE_MARKER)


@pytest.mark.parametrize("token", ["person", "integration"])
def test_run_by_hand_it_knows_its_own_comments_or_refuses_to_start(
    scheme_repo, run_cli, monkeypatch, token
):
    """Issue 21, finding 20: run by hand with an organiser's own token and no
    UNMENTORING_BOT_LOGIN, the comments are the organiser's; GitHub says whose the token is
    (GET /user), so a second run posts nothing again. An installation token outside Actions
    cannot be asked: the run refuses, naming the setting, before writing anything."""
    from unmentoring.github import bot_comment

    login = "ada-organiser" if token == "person" else "my-scheme[bot]"
    monkeypatch.setattr(bot_comment, "_settled", None)
    with FakeGitHub("owner/repo", login=login) as fake:
        for key, value in fake.env().items():
            monkeypatch.setenv(key, value)
        monkeypatch.delenv("UNMENTORING_BOT_LOGIN")
        monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
        drawn = announced(scheme_repo, fake, 3)
        args = ("follow-up", "--repo", scheme_repo.root, "--today", NUDGE_DAY.isoformat())
        code, _out, err = run_cli(*args)
        if token == "integration":
            assert code == 1 and "UNMENTORING_BOT_LOGIN" in err and "Traceback" not in err
            assert fake.count("POST") == 0
            return
        assert code == 0, err
        monkeypatch.setattr(bot_comment, "_settled", None)  # a new run is a new process
        code, _out, err = run_cli(*args)
        assert code == 0, err
        nudged = [
            sum(nudges.NUDGE_MARKER in c["body"] for c in fake.comments.values()
                if c["issue_number"] == g.issue)
            for g in drawn.groups
        ]  # fmt: skip
        assert nudged == [1, 1, 1]
        assert fake.count("GET", r"^/user$") == 2  # asked once a run


def test_a_met_whose_command_run_was_lost_is_recorded_by_the_daily_run(scheme_repo, fake, timing):
    """Issue 21's principle: an event only makes a change sooner. A member's /met that no
    reply of ours answers (its run failed or never started), written before today, is recorded
    by the next daily run as the command would have: the outcome, the label, the issue closed,
    the thanks; once, whatever the reruns. One written today is left to its own run."""

    def at(day: int) -> float:
        return dt.datetime(2026, 3, day, 8, tzinfo=dt.UTC).timestamp()

    timing.now = at(3)
    drawn = announced(scheme_repo, fake, 3)
    met, fresh, _silent = drawn.groups
    # Someone took the round's label off its issue: it is read by number all the same (a gap
    # the year simulation found: the lost /met was then never recorded).
    labels = fake.issues[met.issue]["labels"]
    fake.issues[met.issue]["labels"] = [x for x in labels if not x["name"].startswith("round-")]
    timing.now = at(14)  # yesterday: the daily run reads what changed lately
    lost = fake.add_comment(met.issue, "We had coffee!\n/met", author=met.members[1])
    timing.now = at(15)
    fake.add_comment(fresh.issue, "/met", author=fresh.members[0])
    for _ in range(2):
        run_once(scheme_repo.root, fake, timing, dt.date(2026, 3, 15))
    outcomes = {
        g.members: g.outcome for g in repository.load_valid(scheme_repo.root).rounds[MONTH].groups
    }
    assert outcomes[met.members] is Outcome.MET and outcomes[fresh.members] is None
    assert fake.issues[met.issue]["state"] == "closed"
    replies = [c for c in fake.comments.values() if f"reply-to={lost['id']}" in c["body"]]
    assert len(replies) == 1 and f"@{met.members[1]}" in replies[0]["body"]
    assert fake.issues[fresh.issue]["state"] == "open"
