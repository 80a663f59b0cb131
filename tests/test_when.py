"""`/when DATE` (issue 24): reading the date, the replies, the round file, and follow-up's
reminder and "did you meet?" around a planned date, each comment once."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import random
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from fake_github import BOT, FakeGitHub, lost_response, server_error
from test_follow_up import FAULTS, Killed, KillingClient, announced, marked, run_once

from unmentoring.commands import command
from unmentoring.core import (
    calendar_links,
    changes,
    comment_commands,
    follow_up,
    nudges,
    pairing_issue,
    texts,
    when,
)
from unmentoring.core.model import Group, Round
from unmentoring.core.plan import Kind, PostComment, RecordPlanned
from unmentoring.core.thread import Days, Situation, ThreadComment
from unmentoring.github import api, bot_comment
from unmentoring.store import repository

EVENTS = Path(__file__).parent / "fixtures" / "events"
MONTH = "2026-03"
THURSDAY = dt.date(2026, 3, 12)  # a Thursday: the example of the issue
WRITTEN = dt.date(2026, 3, 9)  # the day the fixture's comment was written


# -- reading the date -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "12 March",
        "12 March 2026",
        "March 12",
        "Thursday 12 March",
        "12th March",
        "2026-03-12",
        "Thu, 12 Mar",
        "thursday 12th march",
        "on the 12th of March",
        "12 Mar.",
        "March 12, 2026",
        "12 March at 2pm, in the café",  # the date only: what follows is a note
        "2026-03-12 10:00",
    ],
)
def test_every_way_the_issue_lists_reads_the_date(text):
    assert when.judge(text.split(), MONTH, WRITTEN) == when.Read(THURSDAY)


@pytest.mark.parametrize(
    ("text", "refusal"),
    [
        ("", when.Refusal.NOT_A_DATE),
        ("soon", when.Refusal.NOT_A_DATE),
        ("at 2pm on 12 March", when.Refusal.NOT_A_DATE),  # a time first: not a date
        ("12/03", when.Refusal.NOT_A_DATE),  # 12 March or December 3rd: never guessed
        ("31 April", when.Refusal.NOT_A_DATE),
        ("30 February", when.Refusal.NOT_A_DATE),
        ("Ma 12", when.Refusal.NOT_A_DATE),  # May or March: too short to say
        ("Friday 12 March", when.Refusal.WRONG_WEEKDAY),
        ("12 April", when.Refusal.OUTSIDE_MONTH),
        ("12 March 2027", when.Refusal.OUTSIDE_MONTH),
        ("2026-04-01", when.Refusal.OUTSIDE_MONTH),
        ("8 March", when.Refusal.PAST),
        ("1 March", when.Refusal.PAST),
    ],
)
def test_what_is_no_date_in_the_rounds_month_from_today_is_refused(text, refusal):
    assert when.judge(text.split(), MONTH, WRITTEN).refusal is refusal


def test_today_is_not_gone_by():
    assert when.judge(["9", "March"], MONTH, WRITTEN) == when.Read(WRITTEN)


def test_a_date_without_a_year_takes_the_rounds_year_even_in_january():
    assert when.judge(["3", "January"], "2027-01", dt.date(2027, 1, 2)).day == dt.date(2027, 1, 3)
    # Written late in December about a January round's day, the round's year is meant.
    assert when.judge(["3", "Jan"], "2027-01", dt.date(2026, 12, 30)).day == dt.date(2027, 1, 3)


def test_the_command_words_are_the_last_command_lines():
    assert comment_commands.command_words("Hi!\n/when 12 March at 2pm") == [
        "12",
        "March",
        "at",
        "2pm",
    ]
    assert comment_commands.command_words("/when 1 March\n> /when 2 March\n/When 3 March") == [
        "3",
        "March",
    ]
    read = comment_commands.read_commands("/WHEN 12 March")
    assert read.command is comment_commands.WHEN


# -- deciding and replying --------------------------------------------------------------------


def a_round(**group_fields) -> dict[str, Round]:
    group = Group(members=("alice", "bob"), issue=1, **group_fields)
    return {MONTH: Round(round=MONTH, seed="s", groups=(group, Group(members=("carol", "dave"))))}


def when_event(body: str, author: str = "bob", created: str = "2026-03-09T12:00:00Z"):
    event = json.loads((EVENTS / "chat.json").read_text())
    event["comment"].update(body=body, created_at=created)
    event["comment"]["user"]["login"] = author
    return command.comment_from_event(event)


def plan(body: str, author: str = "bob", rounds=None, **more):
    decision = comment_commands.decide(when_event(body, author), rounds or a_round())
    issue_url = "https://github.com/owner/repo/issues/1"
    return decision, decision.plan(
        Days(), WRITTEN, later_round_drawn=False, scheme_name="Test scheme", issue_url=issue_url
    )


def test_a_members_when_records_the_date_and_replies_with_the_day_and_calendar_links():
    decision, actions = plan("Great, see you then!\n/when Thursday 12 March")
    record, reply = actions
    assert decision.action == "plan"
    assert record == RecordPlanned(month=MONTH, members=("alice", "bob"), day=THURSDAY, issue=1)
    assert isinstance(reply, PostComment) and reply.kind is Kind.REPLY
    assert reply.marker == comment_commands.reply_marker(9005)
    assert reply.body.startswith(reply.marker)
    assert "Thursday 12 March 2026" in reply.body and "@bob" in reply.body
    event = calendar_links.Event(
        title="Test scheme", details="https://github.com/owner/repo/issues/1", day=THURSDAY
    )
    assert f"]({calendar_links.google(event)})" in reply.body
    assert f"]({calendar_links.outlook(event)})" in reply.body


def test_the_calendar_links_are_an_all_day_event_with_only_the_schemes_name_and_the_issue():
    _, (_, reply) = plan("/when 12 March")
    links = [part.split(")", 1)[0] for part in reply.body.split("](")[1:]]
    google = parse_qs(urlsplit(links[0]).query)
    outlook = parse_qs(urlsplit(links[1]).query)
    assert google["dates"] == ["20260312/20260313"] and google["text"] == ["Test scheme"]
    assert google["details"] == ["https://github.com/owner/repo/issues/1"]
    assert outlook["allday"] == ["true"] and outlook["startdt"] == ["2026-03-12"]
    assert "alice" not in reply.body.split("](", 1)[1]  # no login in a link


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ("/when soon", "could not read a date"),
        ("/when Friday 12 March", "is a Thursday"),
        ("/when 12 April", "is not in March 2026"),
        ("/when 2 March", "has gone by"),
    ],
)
def test_a_bad_date_records_nothing_and_says_what_to_write(body, says):
    _, actions = plan(body)
    (reply,) = actions
    assert isinstance(reply, PostComment) and says in reply.body
    assert "nothing has changed" in reply.body
    # What to write: a date in the round's month that has not gone by.
    example = reply.body.split("like `/when ", 1)[1].split("`", 1)[0]
    assert when.judge(example.split(), MONTH, WRITTEN).refusal is None


def test_the_example_is_in_the_month_on_its_last_day():
    assert "`/when 31 March`" in when.how(MONTH, dt.date(2026, 3, 31))


def test_someone_outside_the_group_gets_the_polite_reply_and_nothing_changes():
    decision, actions = plan("/when 12 March", author="mallory")
    assert decision.action == "refuse"
    assert [type(a) for a in actions] == [PostComment]


def test_in_a_group_that_ended_by_a_rematch_when_changes_nothing():
    drawn = a_round()[MONTH]
    moved = Group(members=("bob", "carol"), issue=3, rematch=True)
    rounds = {MONTH: dataclasses.replace(drawn, groups=(*drawn.groups, moved))}
    if not rounds[MONTH].ended_by_rematch(drawn.groups[0]):
        pytest.skip("this model marks ended groups otherwise")
    decision, actions = plan("/when 12 March", rounds=rounds)
    assert decision.action == "ended" and [type(a) for a in actions] == [PostComment]


def test_the_round_file_change_moves_the_date_and_keeps_the_rest():
    drawn = a_round(planned=dt.date(2026, 3, 10))[MONTH]
    change = RecordPlanned(month=MONTH, members=("bob", "alice"), day=THURSDAY, issue=1)
    after = changes.changed_round(drawn, [change])
    assert after.groups[0] == dataclasses.replace(drawn.groups[0], planned=THURSDAY)
    assert after.groups[1] == drawn.groups[1]
    assert changes.changed_round(after, [change]) == after  # again: no change, so no commit
    message = changes.commit_message([change], {MONTH: drawn}, {MONTH: after})
    assert "2026-03-12" in message and "#1" in message


# -- end to end, against the fake GitHub --------------------------------------------------------


@pytest.fixture
def fake():
    with FakeGitHub("owner/repo") as server:
        yield server


@pytest.fixture
def scheme(scheme_repo, fake, monkeypatch):
    for login in ("alice", "bob", "carol", "dave"):
        scheme_repo.add_participant(login)
    repository.write_round(scheme_repo.root, a_round()[MONTH])
    loaded = repository.load_valid(scheme_repo.root)
    text = pairing_issue.render(
        loaded.scheme, MONTH, Group(members=("alice", "bob")), loaded.participants, change_form=None
    )
    assert fake.add_issue(text.title, text.body, labels=list(text.labels))["number"] == 1
    for key, value in fake.env().items():
        monkeypatch.setenv(key, value)
    return scheme_repo


def event_file(scheme_repo, body: str, comment_id: int = 9005) -> Path:
    event = json.loads((EVENTS / "chat.json").read_text())
    event["comment"].update(body=body, id=comment_id)
    path = scheme_repo.root / f"event-{comment_id}.json"
    path.write_text(json.dumps(event))
    return path


def planned_of(scheme_repo) -> dt.date | None:
    return repository.load_valid(scheme_repo.root).rounds[MONTH].groups[0].planned


def replies_to(fake, comment_id: int) -> list[str]:
    marker = comment_commands.reply_marker(comment_id)
    return [c["body"] for c in fake.comments.values() if marker in c["body"]]


def test_when_records_the_date_once_and_a_second_when_moves_it(scheme, fake, run_cli):
    first = event_file(scheme, "/when 12 March")
    for _ in range(2):
        code, _out, err = run_cli("command", "--repo", scheme.root, "--event", first)
        assert code == 0, err
    assert planned_of(scheme) == THURSDAY
    (reply,) = replies_to(fake, 9005)
    assert "Thursday 12 March 2026" in reply
    assert "owner/repo/issues/1" in reply  # the issue's link, in the calendar event
    assert fake.issues[1]["state"] == "open"
    second = event_file(scheme, "/when Monday 16 March", comment_id=9006)
    for _ in range(2):
        assert run_cli("command", "--repo", scheme.root, "--event", second)[0] == 0
    assert planned_of(scheme) == dt.date(2026, 3, 16)
    (moved,) = replies_to(fake, 9006)
    assert "Monday 16 March 2026" in moved and len(fake.comments) == 2


def test_a_bad_date_changes_no_file_and_gets_one_reply(scheme, fake, run_cli):
    path = event_file(scheme, "/when next week")
    before = scheme.snapshot()
    for _ in range(2):
        assert run_cli("command", "--repo", scheme.root, "--event", path)[0] == 0
    assert scheme.snapshot() == before
    assert len(replies_to(fake, 9005)) == 1 and len(fake.comments) == 1


@pytest.mark.parametrize(
    "fault", [lost_response(), server_error(502, applied=True), server_error(502)]
)
def test_the_reply_is_posted_exactly_once_under_faults(scheme, fake, run_cli, monkeypatch, fault):
    monkeypatch.setattr(bot_comment, "LOOK_AGAIN_WAIT", 0.0)
    fake.inject(fault, method="POST", path="/comments$")
    path = event_file(scheme, "/when 12 March")
    for _ in range(2):
        run_cli("command", "--repo", scheme.root, "--event", path)
    assert planned_of(scheme) == THURSDAY
    assert len(replies_to(fake, 9005)) == 1 and len(fake.comments) == 1


def test_a_dry_run_prints_the_date_and_reply_and_changes_nothing(scheme, fake, run_cli):
    path = event_file(scheme, "/when 12 March")
    before = scheme.snapshot()
    code, out, err = run_cli("command", "--repo", scheme.root, "--event", path, "--dry-run")
    assert code == 0, err
    assert "2026-03-12" in out and "Thursday 12 March 2026" in out
    assert scheme.snapshot() == before and fake.requests == []


def test_the_help_reply_names_when():
    assert "`/when" in texts.COMMAND_HELP.template


# -- follow-up around a planned date (pure) ---------------------------------------------------


def situation(today: dt.date, planned: dt.date | None = THURSDAY, **changes) -> Situation:
    base = Situation(
        month=MONTH,
        members=("ada", "bob"),
        host=None,
        issue_open=True,
        comments=(),
        today=today,
        later_round_drawn=False,
        days=Days(),  # nudge on the 10th, prompt on the 24th
        bot=BOT,
        planned=planned,
    )
    return dataclasses.replace(base, **changes)


def kinds(s: Situation) -> list[str]:
    return [action.kind for action in follow_up.decide(s)]


def day(number: int) -> dt.date:
    return dt.date(2026, 3, number)


def test_a_planned_group_is_reminded_the_day_before_and_asked_the_day_after():
    timeline = {number: kinds(situation(day(number))) for number in range(9, 27)}
    assert timeline == {
        number: [Kind.REMINDER]  # on the 12th too, since no reminder is in this thread
        if number in (11, 12)
        else [Kind.PROMPT]
        if number >= 13
        else []  # no nudge on the 10th: they have a day
        for number in range(9, 27)
    }
    assert kinds(situation(day(10), planned=None)) == [Kind.NUDGE]


def test_the_reminder_comes_on_the_day_if_the_day_before_was_missed_and_never_after():
    assert kinds(situation(day(12))) == [Kind.REMINDER]
    said = reminder_comment(THURSDAY)
    assert kinds(situation(day(12), comments=(said,))) == []
    assert Kind.REMINDER not in kinds(situation(day(13)))


def reminder_comment(planned: dt.date, author: str = BOT) -> ThreadComment:
    return ThreadComment(author=author, body=f"{when.reminder_marker(planned)}\nHello")


def test_the_reminder_says_tomorrow_or_today_and_the_day_and_mentions_everyone():
    (tomorrow,) = follow_up.decide(situation(day(11)))
    (today,) = follow_up.decide(situation(day(12)))
    assert isinstance(tomorrow, PostComment) and isinstance(today, PostComment)
    assert "tomorrow" in tomorrow.body and "today" in today.body
    for comment in (tomorrow, today):
        assert "Thursday 12 March 2026" in comment.body and "@ada" in comment.body
        assert comment.marker == when.reminder_marker(THURSDAY) and "2026-03-12" in comment.marker


def test_a_moved_date_gets_its_own_reminder_but_one_prompt():
    old = reminder_comment(THURSDAY)
    moved = situation(day(15), planned=day(16), comments=(old,))
    assert kinds(moved) == [Kind.REMINDER]
    copied = reminder_comment(day(16), author="bob")  # a person's copy does not count
    assert kinds(dataclasses.replace(moved, comments=(old, copied))) == [Kind.REMINDER]
    prompted = ThreadComment(author=BOT, body=nudges.PROMPT_MARKER)
    assert kinds(situation(day(17), planned=day(16), comments=(prompted,))) == []


def test_a_date_after_prompt_day_moves_the_prompt_to_the_day_after_it():
    late = day(27)
    assert kinds(situation(day(24), planned=late)) == []
    assert kinds(situation(day(26), planned=late)) == [Kind.REMINDER]
    assert kinds(situation(day(28), planned=late)) == [Kind.PROMPT]


def test_a_date_on_the_months_last_day_is_asked_about_on_that_day():
    last = day(31)
    assert kinds(situation(day(30), planned=last)) == [Kind.REMINDER]
    assert kinds(situation(day(31), planned=last)) == [Kind.PROMPT]  # no reminder: it asks


def test_no_reminder_when_the_issue_is_closed_the_round_over_or_a_partner_left():
    assert kinds(situation(day(11), issue_open=False)) == []
    closing = follow_up.decide(situation(day(11), later_round_drawn=True))
    assert Kind.REMINDER not in [getattr(action, "kind", None) for action in closing]
    assert kinds(situation(day(11), left=frozenset({"bob"}))) == []


def test_the_threads_near_a_planned_date_are_read_on_quiet_days():
    catch_up = follow_up.CATCH_UP_DAYS
    assert [n for n in range(1, 32) if when.near(THURSDAY, day(n), catch_up)] == list(
        range(11, 14 + catch_up)
    )
    assert not when.near(None, day(12), catch_up)


# -- follow-up against the fake GitHub ------------------------------------------------------


def with_planned(scheme_repo, drawn: Round, planned: dt.date) -> Round:
    first = dataclasses.replace(drawn.groups[0], planned=planned)
    changed = dataclasses.replace(drawn, groups=(first, *drawn.groups[1:]))
    repository.write_round(scheme_repo.root, changed)
    return changed


@pytest.fixture
def planned_round(scheme_repo, fake):
    return with_planned(scheme_repo, announced(scheme_repo, fake, 2), THURSDAY)


def test_the_reminder_and_the_prompt_are_posted_once_on_their_days(
    planned_round, scheme_repo, fake, timing
):
    planned, other = planned_round.groups
    reminder = when.reminder_marker(THURSDAY)
    for number in (10, 11, 11, 12, 13, 13):
        run_once(scheme_repo.root, fake, timing, day(number))
    assert marked(fake, planned.issue, reminder) == 1
    assert marked(fake, planned.issue, nudges.NUDGE_MARKER) == 0
    assert marked(fake, planned.issue, nudges.PROMPT_MARKER) == 1
    assert marked(fake, other.issue, nudges.NUDGE_MARKER) == 1
    assert marked(fake, other.issue, nudges.PROMPT_MARKER) == 0  # the 24th, as ever


@pytest.mark.parametrize("fault", FAULTS, ids=list(FAULTS))
def test_the_reminder_is_posted_once_under_faults(planned_round, scheme_repo, fake, timing, fault):
    planned = planned_round.groups[0]
    fake.inject(FAULTS[fault](), method="POST", path=r"/comments$", times=2)
    for _ in range(2):
        run_once(scheme_repo.root, fake, timing, day(11))
    assert marked(fake, planned.issue, when.reminder_marker(THURSDAY)) == 1


@pytest.mark.parametrize("seed", range(6))
def test_killed_at_random_points_each_comment_comes_once(
    planned_round, scheme_repo, fake, timing, seed
):
    rng = random.Random(seed)
    planned = planned_round.groups[0]
    for today in (day(11), day(12), day(13)):
        for _run in range(40):
            client = api.connect(
                env=fake.env(), sleep=timing.sleep, clock=timing.clock, now=lambda: timing.now
            )
            killer = KillingClient(client, at=rng.randint(1, 8), after=rng.random() < 0.5)
            try:
                run_once(scheme_repo.root, fake, timing, today, client=killer)
                break
            except Killed:
                continue
        else:
            pytest.fail("never finished")
    assert marked(fake, planned.issue, when.reminder_marker(THURSDAY)) == 1
    assert marked(fake, planned.issue, nudges.PROMPT_MARKER) == 1


def test_a_when_whose_command_run_was_lost_is_answered_by_the_daily_run(scheme_repo, fake, timing):
    """Its own run failed or never started: the next daily run records the date and replies, as
    the command would have, once; and the group, planned now, gets no nudge."""
    drawn = announced(scheme_repo, fake, 1)
    (group,) = drawn.groups
    written = "2026-03-09T12:00:00Z"
    lost = fake.add_comment(group.issue, "/when 12 March", group.members[1], created_at=written)
    for _ in range(2):
        run_once(scheme_repo.root, fake, timing, day(10))
    assert repository.load_valid(scheme_repo.root).rounds[MONTH].groups[0].planned == THURSDAY
    replies = [c for c in fake.comments.values() if f"reply-to={lost['id']}" in c["body"]]
    assert len(replies) == 1 and "Thursday 12 March 2026" in replies[0]["body"]
    assert f"owner/repo/issues/{group.issue})" in replies[0]["body"]  # the calendar details
    assert marked(fake, group.issue, nudges.NUDGE_MARKER) == 0  # planned now: no nudge
    assert fake.issues[group.issue]["state"] == "open"


def test_after_the_rounds_month_a_when_says_the_round_is_over_and_how_to_report():
    """A comment on a closed issue still starts the Commands workflow; no day is left to set."""
    decision = comment_commands.decide(
        when_event("/when 2 April", created="2026-04-02T09:00:00Z"), a_round()
    )
    actions = decision.plan(Days(), dt.date(2026, 4, 2), later_round_drawn=True, scheme_name="S")
    (reply,) = actions
    assert isinstance(reply, PostComment)
    assert "round is over" in reply.body and "`/met`" in reply.body and "`/when" not in reply.body
    assert (
        when.judge(["31", "March"], MONTH, dt.date(2026, 4, 1)).refusal is when.Refusal.ROUND_OVER
    )


def test_the_daily_run_never_brings_back_a_when_that_a_later_one_replaced():
    """The 10th's /when lost its run; the 20th's was answered: the 10th must stay unanswered."""
    first = ThreadComment(
        author="bob", body="/when 10 March", created=dt.date(2026, 3, 5), comment_id=1
    )
    second = ThreadComment(
        author="alice", body="/when 20 March", created=dt.date(2026, 3, 6), comment_id=2
    )
    answer = ThreadComment(
        author=BOT, body=comment_commands.reply_marker(2), is_bot=True, created=dt.date(2026, 3, 6)
    )
    today = dt.date(2026, 3, 8)
    members = ("alice", "bob")
    assert comment_commands.unanswered((first, second, answer), members, BOT, today) is None
    # Without the later one, the lost /when is answered.
    assert comment_commands.unanswered((first,), members, BOT, today) == first
    # Both lost: only the latest is caught up.
    assert comment_commands.unanswered((first, second), members, BOT, today) == second
