"""`unmentoring announce` against the fake GitHub: every group ends with exactly one issue."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import git, kill_repeatedly, push_to_bare_remote
from fake_github import (
    ContentLimits,
    FakeGitHub,
    FakeTime,
    dropped_request,
    lost_response,
    primary_rate_limit,
    secondary_rate_limit,
    server_error,
    slow,
    too_many_requests,
)

from unmentoring.commands import announce, follow_up, options
from unmentoring.core import pairing_issue
from unmentoring.core.model import Group, Round
from unmentoring.github import api, issue_numbers
from unmentoring.store import repository

MONTH = "2026-03"


class Killed(BaseException):
    """Stands in for SIGKILL: nothing after it runs, not even `except Exception`."""


def make_scheme(scheme_repo, groups: int, trio: bool = False) -> Round:
    logins = [f"person-{n:04d}" for n in range(groups * 2 + (1 if trio else 0))]
    for login in logins:
        scheme_repo.add_participant(login)
    members = [tuple(logins[i : i + 2]) for i in range(0, groups * 2, 2)]
    if trio:
        members[-1] = (*members[-1], logins[-1])
    drawn = Round(round=MONTH, seed="test", groups=tuple(Group(members=m) for m in members))
    repository.write_round(scheme_repo.root, drawn)
    return drawn


def run_once(root: Path, fake: FakeGitHub, timing: FakeTime, **connect) -> announce.Result:
    """One `announce` run, as `run()` does it, with injected time."""
    loaded = repository.load_valid(root)
    drawn = loaded.rounds[MONTH]
    planned = announce.plan(loaded, drawn, "https://github.example/owner/repo/change")
    client = api.connect(
        env=fake.env(), sleep=timing.sleep, clock=timing.clock, now=lambda: timing.now, **connect
    )
    return announce.announce(
        client, MONTH, planned, issue_numbers.LocalRecord(root, drawn), clock=timing.clock
    )


def assert_one_issue_per_group(root: Path, fake: FakeGitHub) -> None:
    drawn = repository.load_valid(root).rounds[MONTH]
    by_group: dict[frozenset, list[int]] = {}
    for issue in fake.issues.values():
        marker = pairing_issue.find_marker(issue["body"])
        by_group.setdefault(frozenset(marker.members), []).append(issue["number"])
    expected = {frozenset(g.members): [g.issue] for g in drawn.groups}
    assert by_group == expected


# -- the ordinary run ---------------------------------------------------------------------------


def test_each_group_gets_one_labelled_issue_and_its_number(scheme_repo, fake, timing):
    make_scheme(scheme_repo, 4, trio=True)
    result = run_once(scheme_repo.root, fake, timing)
    assert len(result.opened) == 4
    assert_one_issue_per_group(scheme_repo.root, fake)
    for issue in fake.issues.values():
        assert {label["name"] for label in issue["labels"]} == {"pairing", "round-2026-03"}
        marker = pairing_issue.find_marker(issue["body"])
        for login in marker.members:
            assert f"@{login}" in issue["body"]
    labels = {name: (label["color"], label["description"]) for name, label in fake.labels.items()}
    assert labels["pairing"][0] == pairing_issue.PAIRING_LABEL_COLOR
    assert labels["round-2026-03"] == ("c5def5", "Pairings of March 2026")


def test_a_second_run_opens_nothing(scheme_repo, fake, timing):
    make_scheme(scheme_repo, 3)
    run_once(scheme_repo.root, fake, timing)
    posts = fake.count("POST", r"/issues$")
    result = run_once(scheme_repo.root, fake, timing)
    assert (result.opened, fake.count("POST", r"/issues$")) == ({}, posts)


def test_issues_opened_but_not_recorded_are_found_by_marker_across_pages(scheme_repo, fake, timing):
    """As after a run killed between GitHub's answer and the write of the round file."""
    drawn = make_scheme(scheme_repo, 130)
    loaded = repository.load_valid(scheme_repo.root)
    for group in drawn.groups[:120]:
        text = pairing_issue.render(
            loaded.scheme, MONTH, group, loaded.participants, change_form=""
        )
        fake.add_issue(text.title, text.body, labels=list(text.labels), state="closed")
    unrelated = fake.add_issue("unrelated", "no marker", labels=["round-2026-03"])
    result = run_once(scheme_repo.root, fake, timing)
    assert (len(result.found), len(result.opened)) == (120, 10)
    del fake.issues[unrelated["number"]]
    assert_one_issue_per_group(scheme_repo.root, fake)


def test_an_unrecorded_issue_whose_label_was_taken_off_is_found_not_opened_again(
    scheme_repo, fake, timing
):
    """Found by the year simulation (tests/year.py): a run opened an issue and was killed before
    it recorded the number, then someone took the round's label off that issue; the next run
    looked only by the label, and opened the group a second issue."""
    drawn = make_scheme(scheme_repo, 3)
    loaded = repository.load_valid(scheme_repo.root)
    text = pairing_issue.render(
        loaded.scheme, MONTH, drawn.groups[0], loaded.participants, change_form=""
    )
    fake.add_issue(text.title, text.body, labels=["pairing"])  # the round's label taken off
    form = fake.add_issue("Join", "### Your name\n\nSam", labels=["join"])  # no pairing issue
    result = run_once(scheme_repo.root, fake, timing)
    assert (len(result.found), len(result.opened)) == (1, 2)
    del fake.issues[form["number"]]
    assert_one_issue_per_group(scheme_repo.root, fake)
    unlabelled = [r.query for r in fake.requests if "since" in r.query]
    assert unlabelled == [
        {"state": ["all"], "per_page": ["100"], "since": ["2026-02-01T00:00:00Z"]}
    ], "one listing without the label, of what changed from the month before the round's"
    fake.requests.clear()
    run_once(scheme_repo.root, fake, timing)  # every group numbered: no listing without the label
    assert all("since" not in r.query for r in fake.requests)


def test_writes_are_spaced_by_the_write_interval(scheme_repo, fake, timing, monkeypatch):
    make_scheme(scheme_repo, 3)
    fake_env = fake.env(write_interval=1)
    monkeypatch.setattr(fake, "env", lambda write_interval=0: fake_env)
    run_once(scheme_repo.root, fake, timing)
    # Two labels and three issues: five writes, four gaps to keep.
    assert len([s for s in timing.sleeps if s > 0]) == 4
    assert all(s == pytest.approx(1) for s in timing.sleeps)


def test_a_group_whose_members_left_is_announced_without_notifying_them(scheme_repo, fake, timing):
    make_scheme(scheme_repo, 2)
    (scheme_repo.root / "participants" / "person-0001.yaml").unlink()  # left since the draw
    (scheme_repo.root / "participants" / "person-0002.yaml").unlink()
    (scheme_repo.root / "participants" / "person-0003.yaml").unlink()
    result = run_once(scheme_repo.root, fake, timing)
    assert (len(result.opened), result.skipped) == (1, [1])
    (issue,) = fake.issues.values()
    assert "@person-0000" in issue["body"]
    assert "@person-0001" not in issue["body"]
    assert "**person-0001** has left the scheme" in issue["body"]


# -- faults: every group still ends with exactly one issue ---------------------------------------

FAULTS = {
    "500": lambda: server_error(500),
    "502-applied": lambda: server_error(502, applied=True),
    "503": lambda: server_error(503),
    "secondary-retry-after": lambda: secondary_rate_limit(retry_after=5),
    "secondary": lambda: secondary_rate_limit(),
    "429": lambda: too_many_requests(),
    "primary-exhausted": lambda: primary_rate_limit(reset_in=90),
    "slow": lambda: slow(0.05),
    "lost-response": lambda: lost_response(),
    "dropped": lambda: dropped_request(),
}


@pytest.mark.parametrize("fault", FAULTS, ids=list(FAULTS))
@pytest.mark.parametrize("where", ["create", "list"])
def test_every_fault_leaves_exactly_one_issue_per_group(scheme_repo, fake, timing, fault, where):
    make_scheme(scheme_repo, 6)
    if where == "create":
        fake.inject(FAULTS[fault](), method="POST", path=r"/issues$", after=2, times=3)
    else:
        fake.inject(FAULTS[fault](), method="GET", path=r"/issues$", times=2)
    result = run_once(scheme_repo.root, fake, timing)
    assert result.stopped is None
    assert_one_issue_per_group(scheme_repo.root, fake)
    if fault == "secondary-retry-after":
        assert 5 in timing.sleeps
    elif fault in ("secondary", "429"):
        assert max(timing.sleeps) >= 60
    elif fault == "primary-exhausted":
        assert 91 in timing.sleeps


def test_a_create_answered_after_the_timeout_is_not_duplicated(scheme_repo, fake, timing):
    make_scheme(scheme_repo, 2)
    fake.inject(slow(1.3), method="POST", path=r"/issues$")
    run_once(scheme_repo.root, fake, timing, timeout=1)
    assert_one_issue_per_group(scheme_repo.root, fake)


class KillingClient:
    """Wraps a client; 'kills the process' before or after its Nth request."""

    def __init__(self, client: api.Client, at: int, after: bool):
        self._client = client
        self._left = at
        self._after = after
        self.killed = False

    def __getattr__(self, name):
        value = getattr(self._client, name)
        if name not in {"check_access", "ensure_label", "list_issues", "create_issue"}:
            return value

        def call(*args, **kwargs):
            self._left -= 1
            if self._left == 0 and not self._after:
                self.killed = True
                raise Killed
            result = value(*args, **kwargs)
            if self._left == 0:
                self.killed = True
                raise Killed
            return result

        return call


class KilledRecord(issue_numbers.LocalRecord):
    """A record that writes nothing more once the process is 'dead' (no flush on the way out)."""

    def __init__(self, *args, killer: KillingClient, **kwargs):
        super().__init__(*args, **kwargs)
        self.killer = killer

    def flush(self) -> None:
        if not self.killer.killed:
            super().flush()


@pytest.mark.parametrize("seed", range(12))
def test_killed_at_random_points_and_run_again(scheme_repo, fake, timing, seed):
    rng = random.Random(seed)
    make_scheme(scheme_repo, 8)
    fault = rng.choice([*FAULTS, None])
    if fault:
        fake.inject(FAULTS[fault](), method=rng.choice(["GET", "POST"]), times=rng.randint(1, 3))
    for _run in range(30):
        loaded = repository.load_valid(scheme_repo.root)
        drawn = loaded.rounds[MONTH]
        planned = announce.plan(loaded, drawn, None)
        client = api.connect(
            env=fake.env(), sleep=timing.sleep, clock=timing.clock, now=lambda: timing.now
        )
        killer = KillingClient(client, at=rng.randint(1, 8), after=rng.random() < 0.5)
        # Sometimes every number is written at once, sometimes only at the end (then lost).
        record = KilledRecord(scheme_repo.root, drawn, killer=killer, min_gap=rng.choice([0, 1e9]))
        try:
            announce.announce(killer, MONTH, planned, record)
            break
        except Killed:
            continue
    assert_one_issue_per_group(scheme_repo.root, fake)


def test_sigkilled_processes_and_a_rerun_leave_one_issue_per_group(scheme_repo, fake):
    """Real processes, really killed at random moments."""
    make_scheme(scheme_repo, 12)
    fake.inject(slow(0.03), times=10_000)  # long enough a run to be killed in the middle
    env = {**os.environ, **fake.env()}
    command = [sys.executable, "-m", "unmentoring", "announce", "--repo", str(scheme_repo.root)]
    command += ["--round", MONTH]
    kill_repeatedly(command, env, seed=4, pause=(0.6, 1.0))
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert_one_issue_per_group(scheme_repo.root, fake)


# -- stopping in time ---------------------------------------------------------------------------


def test_a_rate_limit_beyond_the_time_limit_stops_cleanly_and_the_next_run_carries_on(
    scheme_repo, fake, timing
):
    make_scheme(scheme_repo, 5)
    fake.inject(primary_rate_limit(reset_in=3600), method="POST", path=r"/issues$", after=2)
    result = run_once(scheme_repo.root, fake, timing, deadline=timing.clock() + 600)
    assert "time limit" in result.stopped
    assert (len(result.opened), result.left) == (2, 3)
    result = run_once(scheme_repo.root, fake, timing)
    assert (len(result.opened), result.left) == (3, 0)
    assert_one_issue_per_group(scheme_repo.root, fake)


def test_the_time_limit_stops_between_issues(scheme_repo, fake, timing, monkeypatch):
    make_scheme(scheme_repo, 6)
    fake_env = fake.env(write_interval=10)
    monkeypatch.setattr(fake, "env", lambda write_interval=0: fake_env)
    result = run_once(scheme_repo.root, fake, timing, deadline=timing.clock() + 45)
    assert result.stopped and 0 < len(result.opened) < 6
    assert result.left == 6 - len(result.opened)


# -- GitHub's content-creation limits -------------------------------------------------------------

PACED = {"UNMENTORING_WRITE_INTERVAL": "1", "UNMENTORING_CREATE_INTERVAL": "3"}


def run_limited(root, fake, timing, env, minutes=None, killer_at=None) -> announce.Result | None:
    """One run with ``env`` pacing, a time limit and maybe a kill; None when killed."""
    loaded = repository.load_valid(root)
    drawn = loaded.rounds[MONTH]
    planned = announce.plan(loaded, drawn, None)
    deadline = None if minutes is None else timing.clock() + minutes * 60
    client = api.connect(
        env={**fake.env(), **env},
        sleep=timing.sleep,
        clock=timing.clock,
        now=timing.time,
        deadline=deadline,
    )
    if killer_at is None:
        record = issue_numbers.LocalRecord(root, drawn)
        return announce.announce(client, MONTH, planned, record, clock=timing.clock)
    killer = KillingClient(client, at=killer_at, after=True)
    record = KilledRecord(root, drawn, killer=killer)
    try:
        return announce.announce(killer, MONTH, planned, record)
    except Killed:
        return None


def most_in_an_hour(fake: FakeGitHub) -> int:
    """The most issues GitHub saw created in any 60-minute window."""
    times = fake.limits.times("Issue")
    return max((sum(1 for u in times if t <= u < t + 3600) for t in times), default=0)


def test_the_default_pacing_stays_under_githubs_limits(scheme_repo, timing):
    make_scheme(scheme_repo, 60)
    with FakeGitHub(now=timing.time, limits=ContentLimits()) as fake:
        result = run_limited(scheme_repo.root, fake, timing, PACED)
        assert (len(result.opened), result.stopped, fake.limits.refused) == (60, None, {})
        assert_one_issue_per_group(scheme_repo.root, fake)


def test_submitted_too_quickly_is_waited_out_not_fatal(scheme_repo, timing):
    make_scheme(scheme_repo, 30)
    with FakeGitHub(now=timing.time, limits=ContentLimits(too_quickly_after=10)) as fake:
        result = run_limited(scheme_repo.root, fake, timing, PACED)
        assert (len(result.opened), result.stopped) == (30, None)
        assert fake.limits.refused["422"] >= 2
        assert 60 in timing.sleeps and 120 in timing.sleeps
        assert_one_issue_per_group(scheme_repo.root, fake)


def test_the_hourly_budget_holds_across_runs_stopped_by_their_time_limit(scheme_repo, timing):
    make_scheme(scheme_repo, 25)
    env = {**PACED, "UNMENTORING_HOURLY_CREATES": "10"}
    with FakeGitHub(now=timing.time, limits=ContentLimits()) as fake:
        opened = []
        for _run in range(10):
            result = run_limited(scheme_repo.root, fake, timing, env, minutes=20)
            opened.append(len(result.opened))
            if not result.left:
                break
            assert "UNMENTORING_HOURLY_CREATES" in result.stopped
            timing.sleep(15 * 60)  # the next scheduled run starts later
        # 10 in the first hour; the runs in it find them and wait for the hour to pass.
        assert opened == [10, 0, 0, 10, 0, 0, 5]
        assert most_in_an_hour(fake) == 10
        assert_one_issue_per_group(scheme_repo.root, fake)


@pytest.mark.parametrize("seed", range(6))
def test_runs_killed_or_stopped_under_the_limits_announce_each_group_once(
    scheme_repo, timing, seed
):
    rng = random.Random(seed)
    make_scheme(scheme_repo, 40)
    env = {**PACED, "UNMENTORING_HOURLY_CREATES": "15"}
    limits = ContentLimits(too_quickly_after=rng.choice([5, 10, 20]))
    with FakeGitHub(now=timing.time, limits=limits) as fake:
        if rng.random() < 0.5:
            fake.inject(lost_response(), method="POST", path=r"/issues$", after=rng.randint(0, 9))
        for _run in range(60):
            result = run_limited(
                scheme_repo.root,
                fake,
                timing,
                env,
                minutes=rng.choice([5, 30, 90]),
                killer_at=rng.choice([None, rng.randint(3, 30)]),
            )
            if result is not None and not result.left and result.stopped is None:
                break
            timing.sleep(rng.choice([60, 600, 3600]))
        assert result is not None and not result.left
        assert most_in_an_hour(fake) <= 15
        assert_one_issue_per_group(scheme_repo.root, fake)


# -- the command line ---------------------------------------------------------------------------


@pytest.fixture
def github_env(fake, monkeypatch, tmp_path):
    for key, value in fake.env().items():
        monkeypatch.setenv(key, value)
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    return summary


def test_cli_shows_progress_and_writes_a_summary_with_links(scheme_repo, fake, run_cli, github_env):
    make_scheme(scheme_repo, 3)
    code, out, err = run_cli("announce", "--repo", scheme_repo.root, "--round", MONTH)
    assert code == 0, err
    assert "1/3 issues opened" in out and "3/3 issues opened" in out
    summary = github_env.read_text()
    for number in fake.issues:
        assert f"[#{number}](https://github.example/owner/repo/issues/{number})" in summary


def test_cli_dry_run_prints_every_issue_and_touches_nothing(scheme_repo, run_cli, monkeypatch):
    make_scheme(scheme_repo, 3)
    monkeypatch.setenv("GITHUB_API_URL", "http://127.0.0.1:9")  # nothing listens there
    monkeypatch.setenv("GITHUB_REPOSITORY", "someone/scheme")
    before = scheme_repo.snapshot()
    code, out, _err = run_cli("announce", "--repo", scheme_repo.root, "--round", MONTH, "--dry-run")
    assert code == 0
    assert out.count("=== would open:") == 3
    assert "someone/scheme/issues/new?template=change.yml" in out
    assert scheme_repo.snapshot() == before


def test_cli_outbox_writes_files_once(scheme_repo, run_cli, tmp_path, monkeypatch):
    make_scheme(scheme_repo, 3)
    monkeypatch.setenv("GITHUB_API_URL", "http://127.0.0.1:9")
    outbox = tmp_path / "outbox"
    before = scheme_repo.snapshot()
    for _ in range(2):
        code, out, err = run_cli(
            "announce", "--repo", scheme_repo.root, "--round", MONTH, "--outbox", outbox
        )
        assert code == 0, err
    assert "3 already there" in out
    files = sorted(outbox.iterdir())
    assert [f.name for f in files] == [
        f"{MONTH}_person-0000_person-0001.md",
        f"{MONTH}_person-0002_person-0003.md",
        f"{MONTH}_person-0004_person-0005.md",
    ]
    assert pairing_issue.find_marker(files[0].read_text()).members == ("person-0000", "person-0001")
    assert scheme_repo.snapshot() == before


def test_cli_names_the_missing_permission(scheme_repo, fake, run_cli, github_env):
    from fake_github import forbidden

    make_scheme(scheme_repo, 1)
    fake.inject(forbidden("issues=write"), method="POST")
    code, _out, err = run_cli("announce", "--repo", scheme_repo.root, "--round", MONTH)
    assert code == 1
    assert "issues=write" in err and "Traceback" not in err


def test_cli_push_commits_the_numbers_on_top_of_newer_commits(
    scheme_repo, fake, run_cli, github_env, tmp_path
):
    make_scheme(scheme_repo, 2)
    remote = tmp_path / "remote.git"
    push_to_bare_remote(scheme_repo.root, remote, "round")
    # Someone else pushes an unrelated change first.
    other = tmp_path / "other"
    git(tmp_path, "clone", "--quiet", str(remote), str(other))
    (other / "participants" / "newcomer.yaml").write_text(
        (other / "participants" / "person-0000.yaml").read_text().replace("person-0000", "newcomer")
    )
    git(other, "add", ".")
    git(other, "commit", "--quiet", "-m", "newcomer")
    git(other, "push", "--quiet", "origin", "main")

    code, _out, err = run_cli("announce", "--repo", scheme_repo.root, "--round", MONTH, "--push")
    assert code == 0, err
    git(other, "pull", "--quiet", "origin", "main")
    assert (other / "participants" / "newcomer.yaml").is_file()
    assert_one_issue_per_group(other, fake)


def test_cli_announces_the_latest_round_drawn_and_a_done_round_costs_no_request(
    scheme_repo, fake, run_cli, github_env
):
    """Issue 21, finding 5: the workflow's runs announce whatever is unannounced in the latest
    round drawn (a round merged late, or after another commit, included), every day; once
    every group has its number, a run makes no request at all."""
    make_scheme(scheme_repo, 3)
    code, out, err = run_cli("announce", "--repo", scheme_repo.root)
    assert code == 0, err
    assert "3/3 issues opened" in out and len(fake.issues) == 3
    requests = len(fake.requests)
    code, out, err = run_cli("announce", "--repo", scheme_repo.root)
    assert code == 0, err
    assert "every group already has its issue" in out and len(fake.requests) == requests


def test_cli_a_round_not_drawn_is_nothing_to_announce(scheme_repo, run_cli, monkeypatch):
    """As when `pair` found fewer than two people: the scheduled run must stay green."""
    scheme_repo.add_participant("alone")
    monkeypatch.setenv("GITHUB_API_URL", "http://127.0.0.1:9")  # nothing listens there
    for extra in ([], ["--push"], ["--dry-run"]):
        code, out, err = run_cli("announce", "--repo", scheme_repo.root, "--round", MONTH, *extra)
        assert (code, err) == (0, "")
        assert out == f"round {MONTH} has not been drawn; nothing to announce\n"
    assert not (scheme_repo.root / "rounds" / f"{MONTH}.yaml").exists()


def test_cli_an_invalid_participant_file_is_a_warning_not_a_stop(scheme_repo, run_cli, monkeypatch):
    make_scheme(scheme_repo, 2)
    scheme_repo.write("participants/late.yaml", "github: late\n")  # not in the round; invalid
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    code, out, err = run_cli("announce", "--repo", scheme_repo.root, "--round", MONTH, "--dry-run")
    assert code == 0
    assert out.count("=== would open:") == 2
    assert "warning: participants/late.yaml:1: missing required field `joined`" in err


def test_cli_an_invalid_round_file_stops_announce(scheme_repo, run_cli):
    make_scheme(scheme_repo, 2)
    scheme_repo.write(f"rounds/{MONTH}.yaml", "round: 2026-03\nseed: x\ngroups: nonsense\n")
    code, _out, err = run_cli("announce", "--repo", scheme_repo.root, "--round", MONTH, "--dry-run")
    assert code == 1
    assert f"rounds/{MONTH}.yaml" in err and "problem(s) in the data" in err


def test_cli_push_failure_after_an_error_does_not_hide_the_error(
    scheme_repo, fake, run_cli, github_env, tmp_path, caplog
):
    """GitHub refuses the second issue; then landing the first number fails too (no remote)."""
    from fake_github import forbidden

    make_scheme(scheme_repo, 3)
    identity = ["-c", "user.name=T", "-c", "user.email=t@example.invalid"]
    for args in (["init", "--quiet"], ["add", "."], [*identity, "commit", "--quiet", "-m", "r"]):
        subprocess.run(["git", *args], cwd=scheme_repo.root, check=True, capture_output=True)
    missing = tmp_path / "no-such-remote.git"
    subprocess.run(
        ["git", "remote", "add", "origin", str(missing)], cwd=scheme_repo.root, check=True
    )
    fake.inject(forbidden("issues=write"), method="POST", path=r"/issues$", after=1)
    code, _out, err = run_cli("announce", "--repo", scheme_repo.root, "--round", MONTH, "--push")
    assert code == 1
    assert "issues=write" in err  # the original error, as the command's message
    assert "could not push the 1 issue number(s) learned before the failure" in caplog.text
    assert "Traceback" not in err
    assert len(fake.issues) == 1


@pytest.mark.parametrize("minutes", ["-5", "0", "soon"])
def test_max_minutes_must_be_positive(run_cli, minutes):
    code, _, err = run_cli("announce", "--max-minutes", minutes)
    assert code == 2 and "positive number of minutes" in err


@pytest.mark.parametrize(
    ("file", "job_name", "command", "longest"),
    [
        ("round.yml", "announce", "announce", announce.LONGEST_RUN),
        ("follow-up.yml", "follow-up", "follow-up", follow_up.LONGEST_RUN),
    ],
)
def test_the_workflow_stops_the_command_before_its_job_times_out(file, job_name, command, longest):
    """The command's own time limit (the step gives none) leaves time to push, within the job's
    timeout and the 6-hour job limit, and with a GitHub App within its token's hour."""
    workflow = Path(__file__).parent.parent / ".github" / "workflows" / file
    job = yaml.safe_load(workflow.read_text())["jobs"][job_name]
    step = next(s for s in job["steps"] if s.get("run", "").startswith(f"unmentoring {command}"))
    assert "--max-minutes" not in step["run"] and "--push" in step["run"]
    assert options.max_minutes(None, longest, {}) + 15 <= job["timeout-minutes"] <= 360
    assert options.max_minutes(None, longest, {"UNMENTORING_APP_TOKEN": "1"}) + 5 <= 60
