"""The GitHub client's policy, against the fake GitHub server through real PyGithub."""

from __future__ import annotations

import inspect
import subprocess
import sys

import pytest
from fake_github import (
    ContentLimits,
    FakeGitHub,
    FakeTime,
    Fault,
    dropped_request,
    forbidden,
    lost_response,
    primary_rate_limit,
    secondary_rate_limit,
    server_error,
    slow,
    too_many_requests,
)

from unmentoring.core.problems import Refused
from unmentoring.github import api, interface
from unmentoring.github.api import GitHubRefused, MaybeApplied, OutOfTime
from unmentoring.github.interface import IssueUnavailable


@pytest.fixture
def fake(timing: FakeTime):
    with FakeGitHub(now=timing.time) as server:
        yield server


def test_the_client_has_each_operation_of_the_interface_with_the_same_signature():
    # mypy checks this too (api.py's last lines); this test holds while mypy is not in `make lint`.
    operations = {
        name: member
        for protocol in (
            interface.Comments,
            interface.GitHub,
            interface.Permissions,
            interface.RepositorySettings,
        )
        for name, member in vars(protocol).items()
        if inspect.isfunction(member) and not name.startswith("_")
    }
    assert "create_issue" in operations and "list_comments" in operations
    for name, member in operations.items():
        assert inspect.signature(getattr(api.Client, name)) == inspect.signature(member), name


def test_starting_the_command_line_does_not_load_pygithub():
    # api.py imports PyGithub (and requests) on first use: about 120 ms of every command's start.
    check = (
        "import sys; from unmentoring.cli import build_parser; build_parser(); "
        "print(sorted({'github', 'requests'} & set(sys.modules)))"
    )
    done = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def client(fake: FakeGitHub, timing: FakeTime, **kwargs) -> api.Client:
    env = {**fake.env(), **kwargs.pop("env", {})}
    return api.connect(env=env, sleep=timing.sleep, clock=timing.clock, now=timing.time, **kwargs)


# -- connecting ---------------------------------------------------------------------------


def test_connect_refuses_without_a_token(fake, timing):
    with pytest.raises(Refused, match="GITHUB_TOKEN is not set"):
        client(fake, timing, env={"GITHUB_TOKEN": ""})


def test_connect_falls_back_to_the_scheme_repository(fake, timing):
    env = {**fake.env(), "GITHUB_REPOSITORY": ""}
    gh = api.connect(env=env, repository="owner/repo")
    assert gh.repository == "owner/repo"
    with pytest.raises(Refused, match="no repository"):
        api.connect(env=env)


def test_a_bad_write_interval_is_refused_not_ignored(fake, timing):
    with pytest.raises(Refused, match="UNMENTORING_WRITE_INTERVAL"):
        client(fake, timing, env={"UNMENTORING_WRITE_INTERVAL": "soon"})


# -- ordinary use --------------------------------------------------------------------------


def test_list_issues_follows_every_page_and_skips_pull_requests(fake, timing):
    for n in range(230):
        fake.add_issue(
            f"issue {n}", labels=["round", "pairing"], state="closed" if n % 2 else "open"
        )
    fake.add_issue("other", labels=["pairing"])
    fake.add_issue("a pull request", labels=["round", "pairing"], pull_request=True)
    found = client(fake, timing).list_issues(labels=["round", "pairing"])
    assert sorted(issue.title for issue in found) == sorted(f"issue {n}" for n in range(230))
    assert fake.count("GET", r"/issues$") == 3  # 100 + 100 + 30


def test_issues_comments_and_labels_round_trip(fake, timing):
    gh = client(fake, timing)
    assert gh.ensure_label("pairing", "0e8a16", "A pairing") is True
    assert gh.ensure_label("pairing", "0e8a16", "A pairing") is False
    assert fake.count("POST", r"/labels$") == 1
    assert fake.labels["pairing"]["color"] == "0e8a16"
    issue = gh.create_issue("Hello", "Body", ["pairing"])
    assert (issue.title, issue.body, issue.labels, issue.state) == (
        "Hello",
        "Body",
        ("pairing",),
        "open",
    )
    comment = gh.create_comment(issue.number, "first")
    gh.update_comment(comment.id, "edited")
    assert [c.body for c in gh.list_comments(issue.number)] == ["edited"]
    gh.update_issue(issue.number, labels=["pairing", "met"])
    closed = gh.close_issue(issue.number, "not_planned")
    assert (closed.state, closed.state_reason) == ("closed", "not_planned")
    assert set(gh.get_issue(issue.number).labels) == {"pairing", "met"}


def test_writes_are_spaced_but_reads_are_not(fake, timing):
    gh = client(fake, timing, env={"UNMENTORING_WRITE_INTERVAL": "1.5"})
    gh.create_issue("one", "")
    gh.list_issues()
    gh.create_issue("two", "")
    gh.create_issue("three", "")
    assert timing.sleeps == [1.5, 1.5]


# -- rate limits: wait as GitHub asks, then send again (nothing was applied) -----------------


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_secondary_rate_limit_waits_for_retry_after(fake, timing, method):
    fake.inject(secondary_rate_limit(retry_after=7), method=method)
    gh = client(fake, timing)
    gh.list_issues() if method == "GET" else gh.create_issue("t", "")
    assert timing.sleeps == [7]
    assert len(fake.issues) == (1 if method == "POST" else 0)


def test_secondary_rate_limit_without_retry_after_waits_a_minute_then_longer(fake, timing):
    fake.inject(secondary_rate_limit(), method="POST", times=2)
    client(fake, timing).create_issue("t", "")
    assert timing.sleeps == [60, 120]
    assert len(fake.issues) == 1


def test_429_without_retry_after_is_retried_after_a_minute(fake, timing):
    fake.inject(too_many_requests(), method="POST")
    client(fake, timing).create_issue("t", "")
    assert timing.sleeps == [60]
    assert len(fake.issues) == 1


def test_primary_rate_limit_waits_until_the_reset(fake, timing):
    fake.inject(primary_rate_limit(reset_in=300), method="GET")
    client(fake, timing).list_issues()
    assert timing.sleeps == [301]


def test_a_wait_past_the_deadline_stops_instead_of_sleeping(fake, timing):
    fake.inject(primary_rate_limit(reset_in=3000), method="GET")
    gh = client(fake, timing, deadline=timing.clock() + 600)
    with pytest.raises(OutOfTime, match="next run carries on"):
        gh.list_issues()
    assert timing.sleeps == []


# -- server errors and lost connections ------------------------------------------------------


@pytest.mark.parametrize("status", [500, 502, 503])
def test_reads_are_retried_after_server_errors_with_backoff(fake, timing, status):
    fake.inject(server_error(status), method="GET", times=3)
    client(fake, timing).get_issue(fake.add_issue("x")["number"])
    assert timing.sleeps == [2, 4, 8]


def test_reads_are_retried_after_a_dropped_connection(fake, timing):
    fake.inject(dropped_request(), method="GET")
    assert client(fake, timing).check_access().full_name == "owner/repo"


def test_reads_give_up_with_a_message_after_repeated_failures(fake, timing):
    fake.inject(server_error(503), method="GET", times=99)
    with pytest.raises(GitHubRefused, match="503"):
        client(fake, timing).list_issues()
    assert fake.count("GET") == api.MAX_ATTEMPTS


@pytest.mark.parametrize(
    "fault",
    [server_error(502), server_error(502, applied=True), lost_response(), dropped_request()],
    ids=["502", "502-applied", "lost-response", "dropped"],
)
def test_a_create_is_never_sent_twice(fake, timing, fault):
    """GitHub may have applied it: the caller must look before creating again."""
    fake.inject(fault, method="POST")
    with pytest.raises(MaybeApplied):
        client(fake, timing).create_issue("t", "")
    assert fake.count("POST") == 1
    assert len(fake.issues) == (1 if fault.apply else 0)


def test_idempotent_writes_are_retried(fake, timing):
    number = fake.add_issue("x")["number"]
    gh = client(fake, timing)
    fake.inject(lost_response(), method="PATCH")
    gh.close_issue(number)
    fake.inject(server_error(500), method="PATCH")
    gh.update_issue(number, labels=["met"])
    assert fake.issues[number]["state"] == "closed"
    assert [label["name"] for label in fake.issues[number]["labels"]] == ["met"]


def test_slow_answers_are_awaited(fake, timing):
    fake.inject(slow(0.3), method="POST")
    assert client(fake, timing).create_issue("t", "").title == "t"


def test_a_create_answered_after_the_timeout_may_have_been_applied(fake, timing):
    fake.inject(slow(1.3), method="POST")
    with pytest.raises(MaybeApplied):
        client(fake, timing, timeout=1).create_issue("t", "")
    assert len(fake.issues) == 1


# -- refusals name the fix -------------------------------------------------------------------


def test_a_wrong_token_names_github_token(fake, timing):
    with pytest.raises(GitHubRefused, match="GITHUB_TOKEN") as caught:
        client(fake, timing, env={"GITHUB_TOKEN": "wrong"}).check_access()
    assert caught.value.status == 401


def test_a_missing_permission_names_it(fake, timing):
    fake.inject(forbidden("issues=write"), method="POST")
    with pytest.raises(GitHubRefused, match="issues=write") as caught:
        client(fake, timing).create_issue("t", "")
    assert caught.value.status == 403
    assert timing.sleeps == []


def test_a_wrong_repository_names_github_repository(fake, timing):
    with pytest.raises(GitHubRefused, match="GITHUB_REPOSITORY") as caught:
        client(fake, timing, env={"GITHUB_REPOSITORY": "owner/other"}).check_access()
    assert "owner/other" in str(caught.value)


def test_issues_switched_off_say_where_to_switch_them_on(fake, timing):
    fake.has_issues = False
    with pytest.raises(GitHubRefused, match="Settings"):
        client(fake, timing).list_issues()


# -- pull requests: found again by their head branch, never opened twice ----------------------


def test_find_pull_request_wants_this_repositorys_open_branch_into_the_base(fake, timing):
    fake.add_pull_request("intake-alex", "main", state="closed")
    fake.add_pull_request("intake-alex", "main", head_owner="someone")  # a fork's same-named branch
    fake.add_pull_request("intake-alex", "develop")
    wanted = fake.add_pull_request("intake-alex", "main", "Alex: join", "Closes #3.")
    gh = client(fake, timing)
    found = gh.find_pull_request("intake-alex", "main")
    assert found is not None
    assert (found.number, found.title, found.body) == (wanted["number"], "Alex: join", "Closes #3.")
    assert (found.head, found.base, found.state) == ("intake-alex", "main", "open")
    assert gh.find_pull_request("intake-bea", "main") is None
    assert gh.find_pull_request("intake-alex", "develop").base == "develop"


def test_open_pull_request_opens_one_and_reuses_it(fake, timing):
    gh = client(fake, timing)
    opened = gh.open_pull_request("intake-alex", "main", "Alex: join", "Closes #3.")
    again = gh.open_pull_request("intake-alex", "main", "Alex: join (edited)", "Closes #3.")
    assert again.number == opened.number
    [pull] = fake.pulls.values()
    assert (pull["head"]["label"], pull["base"]["ref"]) == ("owner:intake-alex", "main")
    assert pull["title"] == "Alex: join"
    assert fake.count("POST", r"/pulls$") == 1
    # As on GitHub, the pull request is an issue too, which list_issues leaves out.
    assert fake.issues[opened.number]["pull_request"]
    assert gh.list_issues() == []


@pytest.mark.parametrize("fault", [lost_response(), server_error(502, applied=True)])
def test_a_lost_pull_request_create_is_found_not_repeated(fake, timing, fault):
    fake.inject(fault, method="POST", path=r"/pulls$")
    opened = client(fake, timing).open_pull_request("intake-alex", "main", "Alex: join", "")
    assert list(fake.pulls) == [opened.number], "exactly one pull request"
    assert fake.count("POST", r"/pulls$") == 1
    assert timing.sleeps == [api.LOOK_AGAIN_WAIT]


def test_a_create_that_never_arrived_is_sent_again_after_looking(fake, timing):
    fake.inject(dropped_request(), method="POST", path=r"/pulls$")
    client(fake, timing).open_pull_request("intake-alex", "main", "Alex: join", "")
    assert len(fake.pulls) == 1
    assert fake.count("POST", r"/pulls$") == 2
    assert fake.count("GET", r"/pulls$") == 2


def test_a_pull_request_opened_meanwhile_by_another_run_is_reused(fake, timing):
    listed = fake._list_pulls
    theirs = {}

    def list_then_race(query, body):
        answer = listed(query, body)
        if not theirs:  # another run opens it just after this run looked
            theirs.update(fake.add_pull_request("intake-alex", "main", "theirs"))
        return answer

    fake._list_pulls = list_then_race
    opened = client(fake, timing).open_pull_request("intake-alex", "main", "mine", "")
    assert opened.number == theirs["number"]
    assert len(fake.pulls) == 1


def test_a_duplicate_pull_request_is_refused_with_githubs_reason(fake, timing):
    gh = client(fake, timing)
    gh.create_pull_request("intake-alex", "main", "one", "")
    with pytest.raises(GitHubRefused, match="already exists for owner:intake-alex") as caught:
        gh.create_pull_request("intake-alex", "main", "two", "")
    assert caught.value.status == 422


def test_open_pull_request_gives_up_without_duplicating(fake, timing):
    fake.inject(dropped_request(), method="POST", path=r"/pulls$", times=99)
    with pytest.raises(GitHubRefused, match="nothing is duplicated"):
        client(fake, timing).open_pull_request("intake-alex", "main", "Alex: join", "")
    assert fake.count("POST", r"/pulls$") == api.MAX_OPEN_ATTEMPTS
    assert fake.pulls == {}


def test_actions_not_allowed_to_open_pull_requests_names_the_setting(fake, timing):
    message = "GitHub Actions is not permitted to create or approve pull requests."
    fake.inject(Fault(status=403, message=message), method="POST", path=r"/pulls$")
    with pytest.raises(GitHubRefused, match="Allow GitHub Actions to create"):
        client(fake, timing).open_pull_request("intake-alex", "main", "Alex: join", "")
    assert fake.count("POST", r"/pulls$") == 1


# -- permissions ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "level", "can_write"),
    [
        ("admin", "admin", True),
        ("maintain", "write", True),
        ("write", "write", True),
        ("triage", "read", False),
        ("read", "read", False),
    ],
)
def test_permission_of_reads_the_role_and_its_base_level(fake, timing, role, level, can_write):
    fake.collaborator_roles["Someone"] = role
    permission = client(fake, timing).permission_of("someone")
    assert (permission.role, permission.level, permission.can_write) == (role, level, can_write)


def test_a_custom_role_counts_by_its_base_role(fake, timing):
    fake.collaborator_roles["someone"] = "deployer"
    fake.custom_roles["deployer"] = "write"
    permission = client(fake, timing).permission_of("someone")
    assert permission.role == "deployer" and permission.can_write


def test_permission_of_is_a_read_retried_after_a_server_error(fake, timing):
    fake.inject(server_error(502), method="GET", path=r"/permission$")
    assert client(fake, timing).permission_of("owner").level == "admin"
    assert fake.count("GET", r"/collaborators/owner/permission$") == 2


# -- content creation: GitHub's secondary limits -----------------------------------------------


@pytest.fixture
def limited(timing: FakeTime):
    """A fake with GitHub's content limits, refusing 'too quickly' after 2 creations a minute."""
    with FakeGitHub(now=timing.time, limits=ContentLimits(too_quickly_after=2)) as server:
        yield server


def test_creations_are_spaced_by_the_create_interval_other_writes_by_the_write_interval(
    fake, timing
):
    env = {"UNMENTORING_WRITE_INTERVAL": "1", "UNMENTORING_CREATE_INTERVAL": "3"}
    gh = client(fake, timing, env=env)
    first = gh.create_issue("one", "")
    gh.close_issue(first.number)  # a write, 1 s after the creation
    gh.create_issue("two", "")  # 3 s after the first creation: 2 s more
    gh.create_comment(first.number, "hello")  # 3 s after that
    assert timing.sleeps == [1, 2, 3]


def test_the_create_interval_defaults_to_three_seconds(fake, timing):
    env = {**fake.env()}
    del env["UNMENTORING_CREATE_INTERVAL"]
    gh = api.connect(env=env, sleep=timing.sleep, clock=timing.clock, now=timing.time)
    assert (gh.create_interval, gh.budget.hourly) == (3.0, 400)


@pytest.mark.parametrize(
    "name, value",
    [
        ("UNMENTORING_CREATE_INTERVAL", "soon"),
        ("UNMENTORING_CREATE_INTERVAL", "-1"),
        ("UNMENTORING_HOURLY_CREATES", "0"),
        ("UNMENTORING_HOURLY_CREATES", "many"),
        ("UNMENTORING_HOURLY_CREATES", "2.5"),
    ],
)
def test_bad_pacing_settings_are_refused_naming_the_variable(fake, timing, name, value):
    with pytest.raises(Refused, match=name):
        client(fake, timing, env={name: value})


def test_submitted_too_quickly_is_waited_out_a_minute_then_longer(limited, timing):
    gh = client(limited, timing)
    for title in ("one", "two", "three"):
        gh.create_issue(title, "")
    # Refused at once, and 60 s later (GitHub's block lasts 90 s); sent again after 120 more.
    assert timing.sleeps == [60, 120]
    assert limited.limits.refused == {"422": 2}
    assert sorted(i["title"] for i in limited.issues.values()) == ["one", "three", "two"]


def test_submitted_too_quickly_spaces_later_creations_twice_as_far(limited, timing):
    gh = client(limited, timing, env={"UNMENTORING_CREATE_INTERVAL": "3"})
    for title in ("one", "two", "three", "four"):
        gh.create_issue(title, "")
    # 3 s, then refused (60 s, 120 s); the fourth goes 6 s after the third.
    assert (timing.sleeps, gh.create_interval) == ([3, 3, 60, 120, 6], 6)
    for title in ("five", "six", "seven", "eight"):
        gh.create_issue(title, "")
    assert gh.create_interval <= 24  # doubling has a ceiling


def test_comments_submitted_too_quickly_are_waited_out_too(limited, timing):
    gh = client(limited, timing)
    number = gh.create_issue("one", "").number
    gh.create_comment(number, "a")
    gh.create_comment(number, "b")
    assert timing.sleeps == [60, 120]
    assert len(limited.comments) == 2


def test_other_validation_failures_are_refused_not_retried(limited, timing):
    with pytest.raises(GitHubRefused, match="422"):
        client(limited, timing).create_issue("", "")
    assert timing.sleeps == []


def test_submitted_too_quickly_past_the_deadline_stops_cleanly(limited, timing):
    gh = client(limited, timing, deadline=timing.clock() + 100)
    gh.create_issue("one", "")
    gh.create_issue("two", "")
    with pytest.raises(OutOfTime, match="next run carries on"):
        gh.create_issue("three", "")  # 60 s fits; the 120 s after it does not
    assert timing.sleeps == [60]
    assert len(limited.issues) == 2


def test_the_hourly_budget_waits_for_the_oldest_creation_to_leave_the_hour(fake, timing):
    gh = client(fake, timing, env={"UNMENTORING_HOURLY_CREATES": "3"})
    for title in "abcd":
        gh.create_issue(title, "")
    assert timing.sleeps == [3600]
    assert len(fake.issues) == 4


def test_the_hourly_budget_counts_earlier_creations_and_forgets_older_ones(fake, timing):
    gh = client(fake, timing, env={"UNMENTORING_HOURLY_CREATES": "3"})
    now = timing.time()
    gh.add_earlier_creations([now - 5000, now - 1000, now - 900, now - 800])
    gh.create_issue("a", "")
    assert timing.sleeps == [2600]  # until the creation 1000 s ago leaves the hour


def test_a_spent_budget_past_the_deadline_stops_before_creating(fake, timing):
    env = {"UNMENTORING_HOURLY_CREATES": "2"}
    gh = client(fake, timing, env=env, deadline=timing.clock() + 600)
    gh.create_issue("a", "")
    gh.create_issue("b", "")
    with pytest.raises(OutOfTime, match="UNMENTORING_HOURLY_CREATES"):
        gh.create_issue("c", "")
    assert (fake.count("POST", r"/issues$"), timing.sleeps) == (2, [])


def test_issues_carry_their_creation_time(fake, timing):
    fake.add_issue("x")
    (issue,) = client(fake, timing).list_issues()
    assert issue.created_at == int(timing.time())


def test_the_fake_applies_githubs_80_a_minute_and_500_an_hour(timing):
    limits = ContentLimits(too_quickly_after=10_000)
    with FakeGitHub(now=timing.time, limits=limits) as fake:
        gh = client(fake, timing, env={"UNMENTORING_HOURLY_CREATES": "10000"})
        for n in range(81):
            gh.create_issue(f"{n}", "")
        assert (timing.sleeps, limits.refused) == ([60], {"403": 1})
        for n in range(81, 501):
            gh.create_issue(f"{n}", "")
        assert limits.refused["403"] > 1
        times = limits.times("Issue")
        in_an_hour = [t for t in times if t > times[-1] - 3600]
        assert len(in_an_hour) <= 500 and len(fake.issues) == 501


# -- issues gone: deleted, transferred, locked ---------------------------------------------------


def test_a_deleted_moved_or_locked_issue_is_refused_as_unavailable_and_nothing_goes_elsewhere(
    fake, timing
):
    """GitHub answers 410 for a deleted issue, 301 for a transferred one (which PyGithub follows,
    same verb and all) and 403 for a comment on a locked one."""
    deleted, moved, locked = (fake.add_issue(name)["number"] for name in ("d", "m", "l"))
    fake.add_comment(moved, "an earlier comment", author="ada")
    fake.delete_issue(deleted)
    fake.transfer_issue(moved)
    fake.lock_issue(locked)
    gh = client(fake, timing)
    for number, why, call in [
        (deleted, "deleted", lambda n: gh.get_issue(n)),
        (deleted, "deleted", lambda n: gh.list_comments(n)),
        (moved, "moved to another repository", lambda n: gh.get_issue(n)),
        (moved, "moved to another repository", lambda n: gh.list_comments(n)),
        (locked, "locked", lambda n: gh.create_comment(n, "hello")),
    ]:
        with pytest.raises(IssueUnavailable) as refused:
            call(number)
        assert (refused.value.number, refused.value.why) == (number, why)
    assert [method for method, _path, _body in fake.elsewhere] == ["GET", "GET"]  # reads only
