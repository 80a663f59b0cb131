"""`/rematch`: the requests that count, the groups made from them, and follow-up doing it once."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import git, kill_repeatedly, push_to_bare_remote
from fake_github import BOT, lost_response, server_error, slow

from unmentoring.core import comment_commands, pairing_issue, rematch
from unmentoring.core.model import Group, Outcome, Participant, Round
from unmentoring.core.rematch import RequestStatus
from unmentoring.core.thread import Days, ThreadComment
from unmentoring.github import bot_comment
from unmentoring.store import repository
from unmentoring.store.roundfile import parse_canonical

MONTH = "2026-03"
DAYS = Days()  # nudge 10, rematch 17, prompt 24
EVENTS = Path(__file__).parent / "fixtures" / "events"


def said(author: str, body: str, day: int, *, bot: bool = False) -> ThreadComment:
    return ThreadComment(author=author, body=body, is_bot=bot, created=dt.date(2026, 3, day))


def person(login: str, organisation: str = "Borsetshire County Council") -> Participant:
    return Participant(
        github=login, name=login, organisation=organisation, joined=dt.date(2026, 1, 1)
    )


def four_pairs() -> Round:
    groups = tuple(
        Group(members=(f"p{i}", f"p{i + 1}"), host=f"p{i}", issue=i + 1) for i in range(0, 8, 2)
    )
    return Round(round=MONTH, seed=f"{MONTH}-0123456789abcdef", engine=3, groups=groups)


# -- which requests count (pure) ------------------------------------------------------------------


def test_a_request_counts_from_nudge_day_until_rematch_day_when_no_partner_has_written():
    drawn = four_pairs()
    threads = {
        0: (said("p0", "/rematch", 12),),  # counts
        1: (said("p3", "Hi! Tuesday?", 11), said("p2", "/rematch", 12)),  # a partner wrote
        2: (said("p4", "/rematch", 9),),  # too early
        3: (said("p6", "/rematch", 17),),  # too late
    }
    assert rematch.requests(drawn, threads, DAYS) == ["p0"]


def test_bots_quotes_and_partners_requests_do_not_stop_or_make_a_request():
    drawn = four_pairs()
    threads = {
        0: (said(BOT, "/rematch", 12, bot=True), said("p1", "> /rematch\n", 12)),  # neither asks
        1: (said("p2", "/rematch", 12), said("p3", "/rematch", 13)),  # both ask: both count
        2: (said("p4", "/rematch", 12), said("p5", "sorry, away!", 18)),  # replied too late
        3: (said("p6", "/rematch", 12), said("outsider", "I'll meet you!", 13)),
    }
    assert rematch.requests(drawn, threads, DAYS) == ["p2", "p3", "p4", "p6"]


def test_a_group_that_met_or_a_group_made_by_rematch_asks_for_nothing():
    drawn = four_pairs()
    met = dataclasses.replace(drawn.groups[0], outcome=Outcome.MET)
    again = Group(members=("p2", "p4"), rematch=True, issue=9)
    drawn = dataclasses.replace(drawn, groups=(met, *drawn.groups[1:], again))
    threads = {0: (said("p0", "/rematch", 12),), 4: (said("p2", "/rematch", 18),)}
    assert rematch.requests(drawn, threads, DAYS) == []


@pytest.mark.parametrize(
    ("day", "thread", "change", "expected"),
    [
        (12, (), {}, RequestStatus.NOTED),
        (9, (), {}, RequestStatus.EARLY),
        (17, (), {}, RequestStatus.LATE),
        (12, (said("p1", "Tuesday?", 11),), {}, RequestStatus.ANSWERED),
        (12, (said("p1", "/rematch", 11),), {}, RequestStatus.NOTED),  # a request is not an answer
        (12, (), {"outcome": Outcome.MET}, RequestStatus.MET),
        (12, (), {"rematch": True}, RequestStatus.AGAIN),
    ],
)
def test_what_a_request_amounts_to(day, thread, change, expected):
    drawn = four_pairs()
    group = dataclasses.replace(drawn.groups[0], **change)
    found = rematch.status(
        drawn, group, "p0", dt.date(2026, 3, day), thread, DAYS, later_round_drawn=False
    )
    assert found is expected
    assert (
        rematch.status(drawn, group, "p0", dt.date(2026, 3, 12), (), DAYS, later_round_drawn=True)
        is RequestStatus.OVER
    )


def test_once_the_rematches_are_made_a_request_is_too_late():
    drawn = four_pairs()
    made = rematch.with_rematches(drawn, (Group(members=("p2", "p4"), rematch=True),))
    found = rematch.status(
        made, made.groups[0], "p0", dt.date(2026, 3, 12), (), DAYS, later_round_drawn=False
    )
    assert found is RequestStatus.LATE


# -- the groups made (pure) -----------------------------------------------------------------------


def test_requests_are_paired_by_the_draw_a_trio_taking_the_odd_one():
    drawn = four_pairs()
    made = rematch.pair(drawn, [person("p0"), person("p2"), person("p4")], [])
    assert made.alone == ()
    (trio,) = made.groups
    assert set(trio.members) == {"p0", "p2", "p4"} and trio.rematch and trio.host in trio.members
    again = rematch.pair(drawn, [person("p4"), person("p0"), person("p2")], [])
    assert again == made  # the same requests give the same groups, whatever their order


def test_nobody_is_rematched_with_the_partner_who_went_quiet_or_an_earlier_partner():
    drawn = four_pairs()
    earlier = Round(
        round="2026-02", seed="s", groups=(Group(members=("p0", "p2")), Group(members=("p4", "p6")))
    )
    asking = [person(login) for login in ("p0", "p1", "p2", "p3", "p4", "p6")]
    made = rematch.pair(drawn, asking, [earlier])
    pairs = {frozenset(group.members) for group in made.groups}
    assert sum(len(group.members) for group in made.groups) == 6 and made.alone == ()
    for old in [*drawn.groups, *earlier.groups]:
        assert frozenset(old.members) not in pairs


def test_someone_alone_or_two_from_one_group_are_not_paired():
    drawn = four_pairs()
    assert rematch.pair(drawn, [person("p0")], []) == rematch.Made(groups=(), alone=("p0",))
    both = rematch.pair(drawn, [person("p0"), person("p1")], [])
    assert both == rematch.Made(groups=(), alone=("p0", "p1"))


def test_the_rematched_members_old_groups_count_as_not_met_and_the_new_ones_are_appended():
    drawn = four_pairs()
    kept = dataclasses.replace(drawn.groups[1], outcome=Outcome.NOT_MET)
    drawn = dataclasses.replace(drawn, groups=(drawn.groups[0], kept, *drawn.groups[2:]))
    new = (Group(members=("p0", "p2"), host="p2", rematch=True),)
    made = rematch.with_rematches(drawn, new)
    assert made.groups[-1] == new[0] and len(made.drawn) == 4 and made.rematches == new
    assert [g.outcome for g in made.drawn] == [Outcome.NOT_MET, Outcome.NOT_MET, None, None]
    assert rematch.moved_from(made) == [(made.groups[0], ("p0",)), (made.groups[1], ("p2",))]
    assert made.members == [f"p{i}" for i in range(8)]  # everyone once


def test_round_files_keep_rematch_groups_and_both_readers_agree(tmp_path):
    drawn = rematch.with_rematches(
        four_pairs(), (Group(members=("p0", "p2"), host="p2", rematch=True, issue=9),)
    )
    text = repository.round_text(drawn)
    assert "  - members: [p0, p2]\n    host: p2\n    rematch: true\n    issue: 9\n" in text
    (tmp_path / "rounds").mkdir()
    (tmp_path / "rounds" / f"{MONTH}.yaml").write_text(text)
    assert Round.from_dict(yaml.safe_load(text)) == drawn
    assert parse_canonical(text) == yaml.safe_load(text)


# -- validate -------------------------------------------------------------------------------------


def write_round_text(scheme_repo, groups: list[dict]) -> None:
    for i in range(8):
        scheme_repo.add_participant(f"p{i}")
    data = {"round": MONTH, "seed": "s", "groups": groups}
    scheme_repo.write(f"rounds/{MONTH}.yaml", yaml.safe_dump(data, sort_keys=False))


@pytest.mark.parametrize(
    ("groups", "message"),
    [
        (
            [{"members": ["p0", "p1"]}, {"members": ["p0", "p9"], "rematch": True}],
            "but in none of the round's drawn groups",
        ),
        (
            [
                {"members": ["p0", "p1"]},
                {"members": ["p2", "p3"]},
                {"members": ["p0", "p2"], "rematch": True},
                {"members": ["p0", "p3"], "rematch": True},
            ],
            "`p0` is rematched twice",
        ),
        (
            [
                {"members": ["p0", "p1"]},
                {"members": ["p0", "p2"], "rematch": True},
                {"members": ["p2", "p3"]},
            ],
            "groups made by /rematch are appended after the drawn ones",
        ),
        ([{"members": ["p0", "p1"], "rematch": False}], "must be `true`"),
    ],
)
def test_validate_explains_a_broken_rematch(scheme_repo, run_cli, groups, message):
    write_round_text(scheme_repo, groups)
    code, out, _err = run_cli("validate", "--repo", scheme_repo.root)
    assert code == 1 and message in out and f"rounds/{MONTH}.yaml:" in out


def test_validate_accepts_a_member_in_a_drawn_group_and_a_rematch_group(scheme_repo, run_cli):
    groups = [
        {"members": ["p0", "p1"]},
        {"members": ["p2", "p3"]},
        {"members": ["p0", "p2"], "rematch": True},
    ]
    write_round_text(scheme_repo, groups)
    code, out, _err = run_cli("validate", "--repo", scheme_repo.root)
    assert code == 0, out


# -- /rematch as a comment command ----------------------------------------------------------------


def test_the_comment_command_decides_rematch_for_members_and_refuses_others():
    drawn = four_pairs()
    rounds = {MONTH: drawn}
    marker = pairing_issue.marker_for(MONTH, drawn.groups[0])
    comment = comment_commands.CommentEvent(
        issue=1,
        issue_body=f"{marker}\nHello",
        issue_labels=("pairing",),
        comment_id=5,
        author="p0",
        body="/rematch",
        issue_author=BOT,
    )
    assert comment_commands.decide(comment, rounds, BOT).action == "rematch"
    outsider = dataclasses.replace(comment, author="p5")
    assert comment_commands.decide(outsider, rounds, BOT).action == "refuse"
    # Once p0 is rematched, /met in the old group records nothing: it is not a meeting.
    made = rematch.with_rematches(drawn, (Group(members=("p0", "p2"), rematch=True),))
    met = dataclasses.replace(comment, author="p1", body="/met")
    assert comment_commands.decide(met, {MONTH: made}, BOT).action == "ended"


# -- follow-up, end to end against the fake GitHub -------------------------------------------------


@pytest.fixture
def announced(scheme_repo, fake, tmp_path, monkeypatch):
    """Four pairs with open issues on the fake GitHub, in a repository pushed to a bare remote."""
    for i in range(8):
        scheme_repo.add_participant(f"p{i}", organisation=f"Council {i}")
    loaded = repository.load_valid(scheme_repo.root)
    groups = []
    for group in four_pairs().groups:
        group = dataclasses.replace(group, issue=None)
        text = pairing_issue.render(
            loaded.scheme, MONTH, group, loaded.participants, change_form=None
        )
        issue = fake.add_issue(text.title, text.body, labels=list(text.labels))
        groups.append(dataclasses.replace(group, issue=issue["number"]))
    drawn = dataclasses.replace(four_pairs(), groups=tuple(groups))
    repository.write_round(scheme_repo.root, drawn)
    remote = tmp_path / "remote.git"
    push_to_bare_remote(scheme_repo.root, remote, "round")
    for key, value in fake.env().items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("GITHUB_REF_NAME", "main")
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    return drawn, remote


def ask(fake, drawn: Round, login: str, day: int, body: str = "No reply yet.\n\n/rematch") -> None:
    group = next(g for g in drawn.groups if login in g.members)
    fake.add_comment(group.issue, body, author=login, created_at=f"2026-03-{day:02d}T09:00:00Z")


def pushed_round(tmp_path, remote) -> Round:
    clone = tmp_path / f"clone-{len(list(tmp_path.glob('clone-*')))}"
    git(tmp_path, "clone", "--quiet", str(remote), str(clone))
    return repository.load_valid(clone).rounds[MONTH]


def bot_comments(fake, number: int, marker: str) -> int:
    return sum(
        1
        for c in fake.comments.values()
        if c["issue_number"] == number and marker in c["body"] and c["user"]["login"] == BOT
    )


def writes(fake) -> int:
    return fake.count("POST") + fake.count("PATCH")


FOLLOW_UP = ("follow-up", "--today", "2026-03-17", "--push")


def test_follow_up_makes_the_rematch_once_announces_it_and_closes_the_old_groups(
    announced, fake, run_cli, scheme_repo, tmp_path
):
    drawn, remote = announced
    for login in ("p0", "p2", "p4"):
        ask(fake, drawn, login, 12)
    ask(fake, drawn, "p7", 12)
    fake.add_comment(
        drawn.groups[3].issue, "Hello!", author="p6", created_at="2026-03-11T08:00:00Z"
    )
    issues_before = set(fake.issues)
    code, out, err = run_cli(*FOLLOW_UP, "--repo", scheme_repo.root)
    assert code == 0, err
    assert "/rematch: 3 asked; 1 group(s) made now" in out
    recorded = pushed_round(tmp_path, remote)
    (trio,) = recorded.rematches
    assert set(trio.members) == {"p0", "p2", "p4"} and trio.issue is not None
    assert [g.outcome for g in recorded.drawn] == [Outcome.NOT_MET] * 3 + [None]
    (new,) = set(fake.issues) - issues_before
    assert new == trio.issue
    body = fake.issues[new]["body"]
    assert str(pairing_issue.marker_for(MONTH, trio)) in body and "now meeting each other" in body
    assert all(f"@{login}" in body for login in trio.members)
    for old in drawn.groups[:3]:
        assert bot_comments(fake, old.issue, rematch.MOVED_MARKER) == 1
        assert (fake.issues[old.issue]["state"], fake.issues[old.issue]["state_reason"]) == (
            "closed",
            "not_planned",
        )
        assert f"#{new}" in next(
            c["body"] for c in fake.comments.values() if rematch.MOVED_MARKER in c["body"]
        )
        said = next(
            c["body"]
            for c in fake.comments.values()
            if c["issue_number"] == old.issue and rematch.MOVED_MARKER in c["body"]
        )
        # Who moved is said, never who stayed behind: that would point at a silent partner.
        stayed = [login for login in old.members if login not in trio.members]
        assert stayed and not any(login in said for login in stayed)
    assert fake.issues[drawn.groups[3].issue]["state"] == "open"  # p6 had replied to p7
    # Run again, and again a day later: nothing more is written anywhere.
    before, head = writes(fake), git(scheme_repo.root, "ls-remote", str(remote), "main")
    for today in ("2026-03-17", "2026-03-18"):
        code, _out, err = run_cli(
            "follow-up", "--today", today, "--push", "--repo", scheme_repo.root
        )
        assert code == 0, err
    assert writes(fake) == before
    assert git(scheme_repo.root, "ls-remote", str(remote), "main") == head


def test_someone_alone_is_told_once_and_nothing_else_changes(
    announced, fake, run_cli, scheme_repo, tmp_path
):
    drawn, remote = announced
    ask(fake, drawn, "p0", 12)
    for _ in range(2):
        code, _out, err = run_cli(*FOLLOW_UP, "--repo", scheme_repo.root)
        assert code == 0, err
    marker = rematch.alone_marker("p0")
    assert bot_comments(fake, drawn.groups[0].issue, marker) == 1
    assert fake.issues[drawn.groups[0].issue]["state"] == "open"
    assert pushed_round(tmp_path, remote) == drawn


def test_before_rematch_day_nothing_is_made(announced, fake, run_cli, scheme_repo, tmp_path):
    drawn, remote = announced
    ask(fake, drawn, "p0", 12)
    ask(fake, drawn, "p2", 12)
    code, _out, err = run_cli(
        "follow-up", "--today", "2026-03-16", "--push", "--repo", scheme_repo.root
    )
    assert code == 0, err
    assert not pushed_round(tmp_path, remote).rematches


@pytest.mark.parametrize(
    "fault",
    [
        pytest.param(lambda: (lost_response(), "POST", r"/issues$"), id="lost-create"),
        pytest.param(lambda: (server_error(), "POST", r"/comments$"), id="comment-5xx"),
        pytest.param(lambda: (lost_response(), "PATCH", r"/issues/\d+$"), id="lost-close"),
    ],
)
def test_faults_leave_each_issue_and_comment_once(
    announced, fake, run_cli, scheme_repo, tmp_path, monkeypatch, fault
):
    monkeypatch.setattr(bot_comment, "LOOK_AGAIN_WAIT", 0.0)
    monkeypatch.setenv("UNMENTORING_CREATE_INTERVAL", "0")
    drawn, remote = announced
    for login in ("p0", "p2", "p4", "p6"):
        ask(fake, drawn, login, 12)
    made, method, path = fault()
    fake.inject(made, method=method, path=path, times=2)
    code, _out, err = run_cli(*FOLLOW_UP, "--repo", scheme_repo.root)
    if code != 0:  # a fault that outlasted the retries: the next run finishes
        code, _out, err = run_cli(*FOLLOW_UP, "--repo", scheme_repo.root)
    assert code == 0, err
    recorded = pushed_round(tmp_path, remote)
    assert len(recorded.rematches) == 2
    opened = [n for n, issue in fake.issues.items() if n > 4]
    assert sorted(opened) == sorted(g.issue for g in recorded.rematches)
    for old in drawn.groups:
        assert bot_comments(fake, old.issue, rematch.MOVED_MARKER) == 1


def test_sigkilled_runs_and_a_rerun_make_the_rematch_once(announced, fake, scheme_repo, tmp_path):
    drawn, remote = announced
    for login in ("p0", "p2", "p4", "p6"):
        ask(fake, drawn, login, 12)
    fake.inject(slow(0.15), times=10_000)
    env = {**os.environ, **fake.env(), "GITHUB_REF_NAME": "main"}
    env.pop("GITHUB_STEP_SUMMARY", None)
    line = [sys.executable, "-m", "unmentoring", *FOLLOW_UP, "--repo", str(scheme_repo.root)]
    kill_repeatedly(line, env, seed=3, pause=(0.8, 2.5), times=4)
    # A kill can leave the checkout mid-landing: start from the remote as a new job would.
    git(scheme_repo.root, "reset", "--quiet", "--hard")
    git(scheme_repo.root, "clean", "--quiet", "-fd")
    done = subprocess.run(line, env=env, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    recorded = pushed_round(tmp_path, remote)
    assert len(recorded.rematches) == 2
    markers = [str(pairing_issue.marker_for(MONTH, g)) for g in recorded.rematches]
    for marker in markers:
        assert sum(1 for issue in fake.issues.values() if marker in issue["body"]) == 1
    for old in drawn.groups:
        assert bot_comments(fake, old.issue, rematch.MOVED_MARKER) == 1


# -- the command's reply ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("created", "expected"),
    [
        ("2026-03-12T10:00:00Z", "Noted, @p0: on the 17th you will be paired"),
        ("2026-03-05T10:00:00Z", "It is early in the month"),
        ("2026-03-19T10:00:00Z", "this month's rematches are made on the 17th"),
    ],
)
def test_the_reply_to_rematch_says_what_it_amounts_to_once(
    announced, fake, run_cli, scheme_repo, tmp_path, created, expected
):
    drawn, _remote = announced
    event = json.loads((EVENTS / "met.json").read_text())
    issue = fake.issues[drawn.groups[0].issue]
    event["issue"].update(number=issue["number"], body=issue["body"], labels=issue["labels"])
    event["issue"]["user"] = {"login": BOT, "type": "Bot"}
    event["comment"].update(body="/rematch", created_at=created)
    event["comment"]["user"] = {"login": "p0", "type": "User"}
    path = tmp_path / "rematch.json"
    path.write_text(json.dumps(event))
    before = scheme_repo.snapshot()
    for _ in range(2):
        code, _out, err = run_cli("command", "--repo", scheme_repo.root, "--event", path)
        assert code == 0, err
    replies = [c for c in fake.comments.values() if c["issue_number"] == issue["number"]]
    assert len(replies) == 1 and expected in replies[0]["body"]
    assert scheme_repo.snapshot() == before and issue["state"] == "open"


def test_paused_or_departed_requesters_are_neither_paired_nor_told(
    announced, fake, run_cli, scheme_repo, tmp_path
):
    drawn, remote = announced
    for login in ("p0", "p2", "p4", "p6"):
        ask(fake, drawn, login, 12)
    scheme_repo.add_participant("p4", organisation="Council 4", paused="true")
    (scheme_repo.root / "participants" / "p6.yaml").unlink()
    git(scheme_repo.root, "commit", "--quiet", "-am", "p4 pauses, p6 leaves")
    git(scheme_repo.root, "push", "--quiet", "origin", "main")
    code, _out, err = run_cli(*FOLLOW_UP, "--repo", scheme_repo.root)
    assert code == 0, err
    (new,) = pushed_round(tmp_path, remote).rematches
    assert set(new.members) == {"p0", "p2"}
    for group in drawn.groups[2:]:
        for login in ("p4", "p6"):
            marker = rematch.alone_marker(login)
            assert bot_comments(fake, group.issue, marker) == 0


def test_once_someone_was_told_nobody_else_asked_no_late_group_is_made(
    announced, fake, run_cli, scheme_repo, tmp_path
):
    drawn, remote = announced
    ask(fake, drawn, "p2", 12)
    ask(fake, drawn, "p0", 12)
    reply = fake.add_comment(
        drawn.groups[0].issue, "Hi!", author="p1", created_at="2026-03-13T09:00:00Z"
    )
    code, _out, err = run_cli(*FOLLOW_UP, "--repo", scheme_repo.root)
    assert code == 0, err
    assert bot_comments(fake, drawn.groups[1].issue, rematch.alone_marker("p2")) == 1
    del fake.comments[reply["id"]]  # p0's request would now count
    code, _out, err = run_cli(
        "follow-up", "--today", "2026-03-20", "--push", "--repo", scheme_repo.root
    )
    assert code == 0, err
    assert not pushed_round(tmp_path, remote).rematches


def test_a_paused_or_departed_members_rematch_is_answered_as_such(
    announced, fake, run_cli, scheme_repo, tmp_path
):
    """Issue 21, finding 13: a paused member (or one who left) is not paired on rematch day,
    so the reply says so at once instead of "Noted", which would never come true."""
    drawn, _remote = announced
    scheme_repo.add_participant("p0", organisation="Council 0", paused="true")
    event = json.loads((EVENTS / "met.json").read_text())
    issue = fake.issues[drawn.groups[0].issue]
    event["issue"].update(number=issue["number"], body=issue["body"], labels=issue["labels"])
    event["issue"]["user"] = {"login": BOT, "type": "Bot"}
    event["comment"].update(body="/rematch", created_at="2026-03-12T09:00:00Z")
    event["comment"]["user"] = {"login": "p0", "type": "User"}
    path = tmp_path / "rematch.json"
    path.write_text(json.dumps(event))
    code, _out, err = run_cli("command", "--repo", scheme_repo.root, "--event", path)
    assert code == 0, err
    [reply] = [c for c in fake.comments.values() if c["issue_number"] == issue["number"]]
    assert "you are paused or have left the scheme" in reply["body"]
    assert "Noted" not in reply["body"]


def test_requests_missed_by_the_month_end_are_told_so_not_that_nobody_else_asked(
    announced, fake, run_cli, scheme_repo, tmp_path
):
    """Issue 21, finding 14: no run between rematch_day and the month's end (the next round not
    yet drawn): two who asked could have been paired, so neither is told nobody else asked."""
    drawn, remote = announced
    ask(fake, drawn, "p0", 12)
    ask(fake, drawn, "p2", 12)
    code, _out, err = run_cli(
        "follow-up", "--today", "2026-04-01", "--push", "--repo", scheme_repo.root
    )
    assert code == 0, err
    assert not pushed_round(tmp_path, remote).rematches
    for group, login in ((drawn.groups[0], "p0"), (drawn.groups[1], "p2")):
        [told] = [
            c["body"]
            for c in fake.comments.values()
            if c["issue_number"] == group.issue and rematch.alone_marker(login) in c["body"]
        ]
        assert "were not made before the month ended" in told and "nobody else" not in told


def test_a_met_whose_push_loses_to_the_rematch_is_answered_from_the_round_as_it_is(
    announced, fake, run_cli, scheme_repo, tmp_path
):
    """Issue 21, finding 15: p1's /met is decided on a checkout from before the rematch took
    p0 away; the push starts again from the newest commit, where the group has ended, so
    nothing is recorded and p1 is told the group ended, and the issue is not closed as met."""
    drawn, remote = announced
    other = tmp_path / "other"
    git(tmp_path, "clone", "--quiet", str(remote), str(other))
    made = rematch.with_rematches(drawn, (Group(members=("p0", "p2"), rematch=True),))
    repository.write_round(other, made)
    git(other, "commit", "--quiet", "-am", "rematch")
    git(other, "push", "--quiet", "origin", "main")
    event = json.loads((EVENTS / "met.json").read_text())
    issue = fake.issues[drawn.groups[0].issue]
    event["issue"].update(number=issue["number"], body=issue["body"], labels=issue["labels"])
    event["issue"]["user"] = {"login": BOT, "type": "Bot"}
    event["comment"].update(body="/met")
    event["comment"]["user"] = {"login": "p1", "type": "User"}
    path = tmp_path / "met.json"
    path.write_text(json.dumps(event))
    code, _out, err = run_cli("command", "--repo", scheme_repo.root, "--event", path, "--push")
    assert code == 0, err
    assert pushed_round(tmp_path, remote).groups[0].outcome == Outcome.NOT_MET
    [reply] = [c["body"] for c in fake.comments.values() if c["issue_number"] == issue["number"]]
    assert "This group ended when one of you got a new match" in reply
    assert issue["state"] == "open"
