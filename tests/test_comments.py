"""`unmentoring command`: /met and /not-met on pairing issues, against the fake GitHub."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
from pathlib import Path

import pytest
import yaml
from fake_github import FakeGitHub, lost_response, server_error

from unmentoring.commands import command
from unmentoring.core import changes, comment_commands, pairing_issue, texts
from unmentoring.core.model import Group, Outcome, Round
from unmentoring.core.plan import PostComment, RecordOutcome
from unmentoring.core.thread import Days
from unmentoring.github import bot_comment
from unmentoring.gitops import saving
from unmentoring.store import repository

EVENTS = Path(__file__).parent / "fixtures" / "events"
# Every spelling the table names for its commands.
SPELLINGS = [spelling for c in comment_commands.COMMANDS for spelling in c.spellings]


def load_event(name: str) -> dict:
    return json.loads((EVENTS / f"{name}.json").read_text())


# -- finding the command ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/met", "met"),
        ("/MET", "met"),
        ("  /met  ", "met"),
        ("Great chat!\r\n\r\n/met", "met"),
        ("/not-met", "not_met"),
        ("/Not-Met\nno time this month", "not_met"),
        ("/met\nactually no:\n/not-met", "not_met"),
        ("we /met on Tuesday", None),
        ("/metric", None),
        ("`/met`", None),
        ("> /met", None),
        ("   > /met", None),
        ("```\n/met\n```", None),
        ("~~~~\n/met\n~~~\n/met\n~~~~", None),
        ("```\ncode\n```\n/met", "met"),
        ("    /met", None),
        ("", None),
        (None, None),
    ],
)
def test_the_last_command_line_names_the_outcome(text, expected):
    assert outcome_read(text) == expected


def outcome_read(text: str | None) -> str | None:
    """The outcome a comment's last known command records, if any."""
    command = comment_commands.read_commands(text).command
    return command.outcome if command is not None else None


# Every spelling the issue asks for, and the ones chosen beside them, as people type them.
MET = ["/met", "/met.", "/met!", "/met 🎉", "/met great chat", "/Met", "/MET!!", "/met🎉", "/met:"]
NOT_MET = [
    "/not-met",
    "/not met",
    "/notmet",
    "/not_met",
    "/Not-Met.",
    "/NOT MET!",
    "/not met, sorry: busy month",
    "/didnt-meet",
    "/didn't-meet",
    "/didn\u2019t-meet",  # a phone's curly apostrophe
    "/didn't meet",
    "/didnt_meet",
    "/did-not-meet",
    "/did not meet 😞",
    "/not\u2013met",  # a phone's en dash
]


@pytest.mark.parametrize(
    ("text", "expected"), [(t, "met") for t in MET] + [(t, "not_met") for t in NOT_MET]
)
@pytest.mark.parametrize("around", ["{}", "  {}  ", "Thanks!\r\n\r\n{}\r\n", "{}\nsee you"])
def test_every_spelling_of_a_command_counts_on_a_line_of_its_own(text, expected, around):
    command = next(c for c in comment_commands.COMMANDS if c.outcome == expected)
    assert comment_commands.read_commands(around.format(text)) == comment_commands.Asked(command)


@pytest.mark.parametrize("text", MET + NOT_MET)
@pytest.mark.parametrize(
    "around",
    [
        "> {}",  # a quote, as GitHub's "Quote reply" writes it
        ">{}",
        "   > {}",
        "> earlier\n> {}",
        "```\n{}\n```",
        "~~~\n{}\n~~~",
        "````\n```\n{}\n````",  # a shorter fence does not close a longer one
        "    {}",  # indented code
        "\t{}",
        "`{}`",
        "we said {} on Tuesday",
        "- {}",
    ],
)
def test_no_command_counts_in_quotes_code_or_mid_line(text, around):
    assert comment_commands.read_commands(around.format(text)) == comment_commands.Asked()


UNKNOWN = [
    ("/metric", "/metric"),
    ("/meet", "/meet"),
    ("/met?", "/met?"),  # a question, not a report
    ("/met2", "/met2"),
    ("/help", "/help"),
    ("/not", "/not"),
    ("/not sure yet", "/not"),
    ("/didnt met", "/didnt"),
    ("/Reschedule please", "/Reschedule"),
    ("/rematch?", "/rematch?"),  # a question, not a request
    ("Hi!\n\n/shrug\n", "/shrug"),
    ("/hi\n/there", "/hi"),
]


REMATCH = ["/rematch", "/Rematch please", "/re-match", "/REMATCH!", "Nobody came.\n\n/rematch\n"]


@pytest.mark.parametrize("text", REMATCH)
def test_rematch_is_read_in_every_spelling(text):
    asked = comment_commands.read_commands(text)
    assert asked.command is comment_commands.REMATCH and not asked.unknown


@pytest.mark.parametrize(
    ("text", "outcome", "rematch"),
    [
        ("/rematch\n/met", Outcome.MET, False),
        ("/met\n/rematch", None, True),
        ("> /rematch\n", None, False),  # quoted
        ("```\n/rematch\n```", None, False),  # code
    ],
)
def test_the_last_known_command_wins_between_rematch_and_an_outcome(text, outcome, rematch):
    command = comment_commands.read_commands(text).command
    assert (outcome_read(text), command is comment_commands.REMATCH) == (outcome, rematch)


@pytest.mark.parametrize(("text", "unknown"), UNKNOWN)
def test_any_other_slash_word_is_an_unknown_command(text, unknown):
    asked = comment_commands.read_commands(text)
    assert asked.command is None and asked.unknown[0] == unknown


@pytest.mark.parametrize(
    "text",
    [
        "/ hi",
        "//",
        "// note",
        "/123",
        "/",
        "a/b",
        "https://example.org/met",
        "> /metric",
        "```\n/metric\n```",
        "    /metric",
        "`/metric`",
    ],
)
def test_lines_that_are_not_commands_are_not_unknown_commands(text):
    assert comment_commands.read_commands(text) == comment_commands.Asked()


def test_a_known_command_wins_over_an_unknown_one():
    for text in ("/metric\n/met", "/met\n/thanks", "/thanks\n/not met\n/cheers"):
        asked = comment_commands.read_commands(text)
        assert asked.command is not None and asked.unknown, text


def test_every_spelling_in_the_table_is_read_as_its_own_command():
    for known in comment_commands.COMMANDS:
        for spelling in known.spellings:
            assert comment_commands.read_commands(spelling).command is known, spelling
    outcomes = {c.outcome for c in comment_commands.COMMANDS if c.outcome is not None}
    assert outcomes == set(comment_commands.CLOSE_REASON)


def test_the_largest_comment_github_takes_is_read_whole():
    """262,144 characters (bench/bench_commands.py times it): one command-like word of joiners,
    which a backtracking pattern would take minutes over, then a command on the last line."""
    text = "/a" + "-" * 262_000 + "?\n/met"
    assert comment_commands.read_commands(text) == comment_commands.Asked(
        comment_commands.MET, (text[:-5],)
    )


# -- deciding -----------------------------------------------------------------------------------


def a_round(issue: int | None = 1) -> dict[str, Round]:
    drawn = Round(
        round="2026-03",
        seed="s",
        groups=(Group(members=("alice", "bob"), issue=issue), Group(members=("carol", "dave"))),
    )
    return {"2026-03": drawn}


@pytest.mark.parametrize(
    ("event", "action", "outcome"),
    [
        ("met", "record", "met"),
        ("not_met", "record", "not_met"),
        ("non_member", "refuse", "met"),
        ("quoted", "ignore", None),
        ("chat", "ignore", None),
        ("bot", "ignore", None),
    ],
)
def test_decide(event, action, outcome):
    decision = comment_commands.decide(command.comment_from_event(load_event(event)), a_round())
    assert (decision.action, decision.outcome if action != "ignore" else None) == (action, outcome)


def with_body(body: str, author: str = "bob") -> comment_commands.CommentEvent:
    event = load_event("chat")
    event["comment"]["body"] = body
    event["comment"]["user"]["login"] = author
    return command.comment_from_event(event)


def test_a_members_unknown_command_gets_the_commands_and_changes_nothing():
    decision = comment_commands.decide(with_body("Thanks!\n/metric"), a_round())
    assert (decision.action, decision.outcome) == ("help", None) and "/metric" in decision.why
    [reply] = decision.plan(Days(), dt.date(2026, 3, 12), later_round_drawn=False)
    assert isinstance(reply, PostComment) and "/metric" in reply.body
    assert decision.on is not None and decision.on.group.members == ("alice", "bob")


def test_a_known_command_beside_an_unknown_one_is_recorded():
    decision = comment_commands.decide(with_body("/thanks\n/met great chat"), a_round())
    assert (decision.action, decision.outcome) == ("record", "met")


def test_a_non_members_unknown_command_gets_the_polite_refusal():
    decision = comment_commands.decide(with_body("/metric", author="mallory"), a_round())
    assert (decision.action, decision.outcome) == ("refuse", None)


def test_an_unknown_command_outside_a_pairing_issue_is_ignored():
    comment = with_body("/metric")
    for issue_body in ("Just an issue", ""):
        other = comment_commands.CommentEvent(**{**comment.__dict__, "issue_body": issue_body})
        assert comment_commands.decide(other, a_round()).action == "ignore"


def test_the_help_reply_lists_the_commands_and_shows_the_word_harmlessly():
    reply = comment_commands.command_help(with_body("x"), "/@carol#12<b>*x*")
    assert reply.startswith("<!-- unmentoring:reply-to=9005 -->\n")
    assert "`/met`" in reply and "`/not-met`" in reply and "@bob" in reply
    assert "@carol" not in reply and "#12" not in reply and "<b>" not in reply
    long = comment_commands.command_help(with_body("x"), "/" + "a" * 500)
    assert "“/" + "a" * 38 + "…”" in long and "a" * 39 not in long


def test_an_issue_without_the_marker_is_ignored():
    event = load_event("met")
    event["issue"]["body"] = "Just an issue about /met"
    assert comment_commands.decide(command.comment_from_event(event), a_round()).action == "ignore"


def test_a_marker_copied_into_another_issue_is_ignored():
    decision = comment_commands.decide(
        command.comment_from_event(load_event("met")), a_round(issue=7)
    )
    assert decision.action == "ignore"


def test_an_unrecorded_issue_records_the_outcome_but_not_the_number():
    """The comment may come before announce's commit of the issue number lands; the number is
    left for announce, which finds its issues by marker (a comment could be on a forgery)."""
    rounds = a_round(issue=None)
    comment = command.comment_from_event(load_event("met"))
    decision = comment_commands.decide(comment, rounds)
    assert decision.action == "record"
    plan = decision.plan(Days(), dt.date(2026, 3, 12), later_round_drawn=False)
    updated = changes.changed_round(rounds["2026-03"], [plan[0]])
    assert updated.groups[0] == Group(members=("alice", "bob"), issue=None, outcome="met")
    assert updated.groups[1] == rounds["2026-03"].groups[1]


def test_an_issue_without_the_pairing_label_is_ignored():
    event = load_event("met")
    event["issue"]["labels"] = [{"name": "round-2026-03"}]
    decision = comment_commands.decide(command.comment_from_event(event), a_round())
    assert (decision.action, decision.why) == ("ignore", "issue #1 has no `pairing` label")


def test_an_issue_opened_by_a_person_is_ignored_until_the_round_file_records_it():
    event = load_event("met")
    event["issue"]["user"] = {"login": "mallory", "type": "User"}
    decision = comment_commands.decide(command.comment_from_event(event), a_round(issue=None))
    assert decision.action == "ignore" and "mallory" in decision.why
    assert comment_commands.BOT_LOGIN_ENV in decision.why


def test_a_copied_marker_in_a_persons_issue_is_ignored_whoever_opened_it():
    event = load_event("met")
    event["issue"]["user"] = {"login": "mallory", "type": "User"}
    decision = comment_commands.decide(command.comment_from_event(event), a_round(issue=7))
    assert decision.action == "ignore" and "#7" in decision.why


def test_an_issue_the_round_file_records_counts_whoever_opened_it():
    """An organiser who announced with their own token, or a GitHub App: announce committed
    the issue's number, so the issue is the group's, and no setting is needed."""
    for user in ({"login": "our-scheme[bot]", "type": "Bot"}, {"login": "ada", "type": "User"}):
        event = load_event("met")
        event["issue"]["user"] = user
        decision = comment_commands.decide(command.comment_from_event(event), a_round(issue=1))
        assert decision.action == "record", user


def test_the_announcing_account_can_be_named_for_issues_not_yet_recorded():
    event = load_event("met")
    event["issue"]["user"] = {"login": "our-scheme[bot]", "type": "Bot"}
    comment = command.comment_from_event(event)
    unrecorded = a_round(issue=None)
    assert comment_commands.decide(comment, unrecorded).action == "ignore"
    assert comment_commands.decide(comment, unrecorded, bot="Our-Scheme[bot]").action == "record"
    app = {bot_comment.BOT_LOGIN_ENV: "our-scheme[bot]"}
    assert (
        comment_commands.decide(comment, unrecorded, bot_comment.bot_login(app)).action == "record"
    )
    assert bot_comment.bot_login({}) == "github-actions[bot]"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda e: e["issue"].pop("number"), "issue.number"),
        (lambda e: e["issue"].update(number="one"), "issue.number"),
        (lambda e: e["issue"].update(labels=["pairing", 7]), "issue.labels"),
        (lambda e: e["comment"].update(id=None), "comment.id"),
        (lambda e: e["comment"].update(body=["/met"]), "comment.body"),
        (lambda e: e.update(comment="/met"), "comment"),
        (lambda e: e.update(repository="owner/repo"), "repository"),
    ],
)
def test_a_malformed_event_is_refused_naming_the_field(change, field, tmp_path, run_cli):
    event = load_event("met")
    change(event)
    (tmp_path / "event.json").write_text(json.dumps(event))
    code, _out, err = run_cli("command", "--repo", tmp_path, "--event", tmp_path / "event.json")
    assert code == 1
    assert f"`{field}` is missing or not" in err and "Traceback" not in err


def test_labels_given_as_plain_names_are_read():
    event = load_event("met")
    event["issue"]["labels"] = ["pairing", "round-2026-03"]
    assert comment_commands.decide(command.comment_from_event(event), a_round()).action == "record"


def test_edited_comments_are_ignored():
    event = load_event("met")
    event["action"] = "edited"
    assert comment_commands.decide(command.comment_from_event(event), a_round()).action == "ignore"


# -- end to end against the fake ------------------------------------------------------------------


@pytest.fixture
def fake():
    with FakeGitHub("owner/repo") as server:
        yield server


@pytest.fixture
def scheme(scheme_repo, fake, monkeypatch):
    for login in ("alice", "bob", "carol", "dave"):
        scheme_repo.add_participant(login)
    repository.write_round(scheme_repo.root, a_round()["2026-03"])
    text = pairing_issue.render(
        repository.load_valid(scheme_repo.root).scheme,
        "2026-03",
        Group(members=("alice", "bob")),
        repository.load_valid(scheme_repo.root).participants,
        change_form=None,
    )
    issue = fake.add_issue(text.title, text.body, labels=list(text.labels))
    assert issue["number"] == 1
    for key, value in fake.env().items():
        monkeypatch.setenv(key, value)
    return scheme_repo


def outcome_of(scheme_repo) -> str | None:
    return repository.load_valid(scheme_repo.root).rounds["2026-03"].groups[0].outcome


def test_met_records_labels_closes_and_thanks_once(scheme, fake, run_cli):
    for _ in range(2):
        code, _out, err = run_cli("command", "--repo", scheme.root, "--event", EVENTS / "met.json")
        assert code == 0, err
    assert outcome_of(scheme) == "met"
    issue = fake.issues[1]
    assert (issue["state"], issue["state_reason"]) == ("closed", "completed")
    assert {"pairing", "round-2026-03", "met"} == {label["name"] for label in issue["labels"]}
    replies = [c for c in fake.comments.values() if c["issue_number"] == 1]
    assert len(replies) == 1
    assert "Thank you, @Alice" in replies[0]["body"]


def test_not_met_closes_as_not_planned(scheme, fake, run_cli):
    code, _out, err = run_cli("command", "--repo", scheme.root, "--event", EVENTS / "not_met.json")
    assert code == 0, err
    assert outcome_of(scheme) == "not_met"
    assert (fake.issues[1]["state"], fake.issues[1]["state_reason"]) == ("closed", "not_planned")
    assert "not met" in {label["name"] for label in fake.issues[1]["labels"]}


def test_a_non_member_gets_a_polite_reply_and_nothing_changes(scheme, fake, run_cli):
    before = scheme.snapshot()
    code, _out, err = run_cli(
        "command", "--repo", scheme.root, "--event", EVENTS / "non_member.json"
    )
    assert code == 0, err
    assert scheme.snapshot() == before
    assert fake.issues[1]["state"] == "open"
    (reply,) = fake.comments.values()
    assert "but only alice and bob can say whether they met" in reply["body"]
    assert "@alice" not in reply["body"]  # the members are not notified again


@pytest.mark.parametrize("event", ["quoted", "chat", "bot"])
def test_other_comments_change_nothing_and_call_no_api(scheme, fake, run_cli, event):
    before = scheme.snapshot()
    code, _out, _err = run_cli(
        "command", "--repo", scheme.root, "--event", EVENTS / f"{event}.json"
    )
    assert code == 0
    assert scheme.snapshot() == before
    assert fake.requests == []


def test_a_lost_reply_is_not_posted_twice(scheme, fake, run_cli, monkeypatch):
    monkeypatch.setattr(bot_comment, "LOOK_AGAIN_WAIT", 0.0)
    fake.inject(lost_response(), method="POST", path="/comments$")
    code, _out, err = run_cli("command", "--repo", scheme.root, "--event", EVENTS / "met.json")
    assert code == 0, err
    assert len(fake.comments) == 1


def unknown_command_event(scheme_repo, body: str = "Thanks!\r\n\r\n/metric") -> Path:
    event = load_event("chat")
    event["comment"]["body"] = body
    path = scheme_repo.root.parent / "unknown.json"
    path.write_text(json.dumps(event))
    return path


def replies_to(fake, comment_id: int) -> list[dict]:
    marker = texts.REPLY_MARKER.format(comment_id=comment_id)
    return [c for c in fake.comments.values() if marker in c["body"]]


def test_an_unknown_command_gets_one_reply_and_reruns_post_nothing_more(scheme, fake, run_cli):
    before = scheme.snapshot()
    path = unknown_command_event(scheme)
    for _ in range(3):
        code, _out, err = run_cli("command", "--repo", scheme.root, "--event", path)
        assert code == 0, err
    (reply,) = fake.comments.values()
    assert reply["issue_number"] == 1 and "/metric” is not a command" in reply["body"]
    assert "`/met`" in reply["body"] and "`/not-met`" in reply["body"]
    assert scheme.snapshot() == before
    assert fake.issues[1]["state"] == "open"
    assert {label["name"] for label in fake.issues[1]["labels"]} == {"pairing", "round-2026-03"}
    assert {r.method for r in fake.requests} == {"GET", "POST"}
    assert fake.count("POST", "/comments$") == 1


@pytest.mark.parametrize(
    "fault", [lost_response(), server_error(502, applied=True), server_error(502)]
)
def test_an_unknown_commands_reply_is_posted_exactly_once_under_faults(
    scheme, fake, run_cli, monkeypatch, fault
):
    monkeypatch.setattr(bot_comment, "LOOK_AGAIN_WAIT", 0.0)
    fake.inject(fault, method="POST", path="/comments$")
    path = unknown_command_event(scheme)
    for _ in range(2):
        code, _out, err = run_cli("command", "--repo", scheme.root, "--event", path)
        assert code == 0, err
    assert len(replies_to(fake, 9005)) == 1 and len(fake.comments) == 1


def test_an_unknown_command_after_an_earlier_reply_gets_its_own(scheme, fake, run_cli):
    """The marker holds the comment's id: a second unknown command is answered too."""
    first = unknown_command_event(scheme)
    assert run_cli("command", "--repo", scheme.root, "--event", first)[0] == 0
    event = json.loads(first.read_text())
    event["comment"]["id"] = 9006
    first.write_text(json.dumps(event))
    assert run_cli("command", "--repo", scheme.root, "--event", first)[0] == 0
    assert len(replies_to(fake, 9005)) == len(replies_to(fake, 9006)) == 1


def test_a_dry_run_of_an_unknown_command_prints_the_reply_and_calls_no_api(scheme, fake, run_cli):
    path = unknown_command_event(scheme)
    code, out, err = run_cli("command", "--repo", scheme.root, "--event", path, "--dry-run")
    assert code == 0, err
    assert "/metric” is not a command" in out and fake.requests == []


@pytest.mark.parametrize("body", ["/Met 🎉", "/not met", "/didnt-meet!", "/metric\n/met."])
def test_every_spelling_records_end_to_end(scheme, fake, run_cli, body):
    path = unknown_command_event(scheme, body)
    code, _out, err = run_cli("command", "--repo", scheme.root, "--event", path)
    assert code == 0, err
    expected = "not_met" if "not" in body or "didnt" in body else "met"
    assert outcome_of(scheme) == expected and fake.issues[1]["state"] == "closed"
    (reply,) = fake.comments.values()
    assert "Thank" in reply["body"]


def test_the_workflows_filter_lets_every_command_and_unknown_word_through():
    """commands.yml's `if:` starts the job only for bodies that contain one of its literals
    (GitHub's contains() ignores case); every spelling, and every unknown word a member is
    answered for, must get through, or the member's comment would be silently ignored."""
    workflow = Path(__file__).parent.parent / ".github" / "workflows" / "commands.yml"
    condition = yaml.safe_load(workflow.read_text())["jobs"]["command"]["if"]
    literals = re.findall(r"contains\(github\.event\.comment\.body, '([^']*)'\)", condition)
    assert literals
    for body in [*MET, *NOT_MET, *SPELLINGS, *[t for t, _ in UNKNOWN]]:
        assert any(literal.lower() in body.lower() for literal in literals), body


# -- what participants are told --------------------------------------------------------------


DOCS = Path(__file__).parent.parent / "docs"


@pytest.mark.parametrize(
    ("page", "heading"),
    [("participants.md", "## Saying whether you met"), ("commands.md", "## `unmentoring command`")],
)
def test_the_docs_list_the_commands(page, heading):
    text = (DOCS / page).read_text(encoding="utf-8")
    section = text.split(heading + "\n", 1)[1].split("\n#", 1)[0]
    for spelling in [*SPELLINGS, "/not met", "/notmet", "/didn't-meet"]:
        assert f"`{spelling}`" in section, (heading, spelling)
    assert "`/met great chat`" in section


# -- simultaneous comments, through git ---------------------------------------------------------


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=T", "-c", "user.email=t@example.invalid", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def test_outcomes_pushed_at_the_same_time_both_survive(scheme, tmp_path, monkeypatch):
    """Another run lands an outcome while this one is mid-way: this push is rejected, so it
    starts again from the new commit, and both outcomes survive."""
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "--quiet", "--bare", "--initial-branch=main", str(remote))
    git(scheme.root, "init", "--quiet", "--initial-branch=main")
    git(scheme.root, "add", ".")
    git(scheme.root, "commit", "--quiet", "-m", "start")
    git(scheme.root, "push", "--quiet", str(remote), "main")
    first, second = tmp_path / "first", tmp_path / "second"
    for clone in (first, second):
        git(tmp_path, "clone", "--quiet", str(remote), str(clone))
    met = RecordOutcome(
        month="2026-03", members=("alice", "bob"), outcome=Outcome.MET, if_unset=False, issue=1
    )
    not_met = RecordOutcome(
        month="2026-03",
        members=("carol", "dave"),
        outcome=Outcome.NOT_MET,
        if_unset=False,
        issue=2,
    )
    real_write = saving.write
    attempts: list[Path] = []

    def write_while_another_run_lands(root, batch):
        attempts.append(root)
        if attempts.count(root) == 1 and batch == [not_met]:
            saving.Pushed(first, remote="origin", committer=None).save([met])
        return real_write(root, batch)

    monkeypatch.setattr(saving, "write", write_while_another_run_lands)
    saving.Pushed(second, remote="origin", committer=None).save([not_met])
    assert attempts.count(second) == 2  # lost the race once, then started again
    git(first, "pull", "--quiet", "origin", "main")
    final = repository.load_valid(first).rounds["2026-03"]
    # carol and dave's issue number is announce's to record, not the comment's.
    assert [(g.outcome, g.issue) for g in final.groups] == [("met", 1), ("not_met", None)]


def test_a_reply_marker_pasted_by_a_person_does_not_stop_the_reply(scheme, fake, run_cli):
    fake.add_comment(1, "<!-- unmentoring:reply-to=9001 -->", author="mallory")
    code, _out, err = run_cli("command", "--repo", scheme.root, "--event", EVENTS / "met.json")
    assert code == 0, err
    replies = [c for c in fake.comments.values() if c["user"]["login"] == fake.login]
    assert len(replies) == 1 and "Thank you, @Alice" in replies[0]["body"]


def test_a_forged_issue_opened_by_a_person_changes_nothing_and_calls_no_api(scheme, fake, run_cli):
    """Mallory copied issue #1's body, label and marker into an issue of her own, #5."""
    event = load_event("met")
    event["issue"]["user"] = {"login": "mallory", "type": "User"}
    event["issue"]["number"] = 5
    path = scheme.root.parent / "forged.json"
    path.write_text(json.dumps(event))
    before = scheme.snapshot()
    code, _out, _err = run_cli("command", "--repo", scheme.root, "--event", path)
    assert code == 0 and scheme.snapshot() == before and fake.requests == []


def test_met_on_an_issue_a_github_app_opened_counts_without_a_setting(scheme, fake, run_cli):
    app = {"login": "our-scheme[bot]", "type": "Bot", "id": 77}
    fake.issues[1]["user"] = app
    event = load_event("met")
    event["issue"]["user"] = app
    path = scheme.root.parent / "app.json"
    path.write_text(json.dumps(event))
    code, _out, err = run_cli("command", "--repo", scheme.root, "--event", path)
    assert code == 0, err
    assert outcome_of(scheme) == "met"
    assert fake.issues[1]["state"] == "closed"
