"""``unmentoring intake``: a form submission becomes a valid participant file (or a list of
problems in plain words), for the issue's author only, with every awkward value kept as text."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
import yaml

from unmentoring.commands import sign_up
from unmentoring.commands.sign_up import Request
from unmentoring.core import consent, sign_up_replies, submissions
from unmentoring.core.model import Scheme
from unmentoring.core.problems import Refused
from unmentoring.store import repository
from unmentoring.store.issue_forms import FORMS_DIR

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
BODIES = FIXTURES / "issue_bodies"
EVENTS = FIXTURES / "intake_events"
# The conftest scheme starts 2026-01; no round drawn yet, and the draw days (1-7) not over.
TODAY = dt.date(2026, 3, 5)
LOGIN = "Alex-Example"
SCHEME_WITH_SITE = "name: Test scheme\norganiser: Tests\nstart: 2026-01\nsite_url: https://example.github.io/coffee/\n"
FILE = "participants/alex-example.yaml"


def body(name: str) -> str:
    return (BODIES / name).read_bytes().decode("utf-8")


@pytest.fixture
def scheme(scheme_repo):
    shutil.copytree(ROOT / ".github" / "ISSUE_TEMPLATE", scheme_repo.root / FORMS_DIR)
    return scheme_repo


def submit(
    scheme, fixture: str, login: str = LOGIN, today: dt.date = TODAY
) -> submissions.Evaluation:
    form = sign_up.load_forms(scheme.root)[fixture.split("_")[0]]
    request = Request(login=login, body=body(fixture))
    return sign_up.evaluate(scheme.root, request, form, today=today)


def joined(scheme, login: str = LOGIN, **fields: str) -> None:
    scheme.add_participant(login, **fields)


# -- joining ------------------------------------------------------------------------------

# fixture -> the fields the file must hold, read off the fixture by hand.
JOINS = {
    "join_plain.md": {
        "name": "Alex Example",
        "organisation": "Borsetshire County Council",
        "role": "Service designer",
        "about": "I work on housing repairs and would love to talk about user research.",
    },
    "join_minimal.md": {"name": "Sam Owen", "organisation": "independent"},
    "join_emoji_rtl.md": {
        "name": "Zoë 🌍 Ng",
        "organisation": "مجلس مدينة الإسكندرية",
        "role": "רכזת דיגיטל",
        "about": "Happy to chat 😊 — في أي وقت",
    },
    "join_spaces.md": {
        "name": "Ada Tucker",
        "organisation": "Borsetshire County Council",
        "role": "Analyst",
        "about": "indented first line\nsecond line",
    },
    "join_yaml_words.md": {"name": "null", "organisation": "no", "role": "yes", "about": "~"},
    "join_yaml_punctuation.md": {
        "name": 'O\'Brien: "Pat" - #1',
        "organisation": "- Dash & Co # not a comment",
        "role": "key: value",
        "about": "'single' and \"double\" quotes\n- a list item?\n# a comment?\nkey: value\n"
        "---\n...\n{flow: map} [flow, seq] &anchor *alias !tag %directive @at `tick`",
    },
    "join_longest_allowed.md": {
        "name": "N" * 100,
        "organisation": "O" * 120,
        "role": "R" * 100,
        "about": ("word " * 120).strip(),
    },
    "join_html_script.md": {
        "name": "<script>alert('name')</script>",
        "organisation": "<b>Bold</b> Council",
        "role": "<img src=x onerror=alert(1)>",
        "about": "<details><summary>click</summary><script>document.cookie</script></details>\n"
        "[link](javascript:alert(1))",
    },
    "join_mentions.md": {
        "name": "Mo @mention",
        "organisation": "@localgovdigital/everyone",
        "role": "cc @bob",
        "about": "Say hi to @carol and @dave, or #12.",
    },
    "join_crlf.md": {
        "name": "Cara Crlf",
        "organisation": "Borsetshire County Council",
        "role": "Analyst",
        "about": "line one\nline two",
    },
    "join_contact.md": {
        "name": "Alex Example",
        "organisation": "Borsetshire County Council",
        "role": "Service designer",
        "about": "I work on housing repairs and would love to talk about user research.",
        "contact": "https://example.org/book-a-call-with-alex",
    },
    "join_multiline_markdown.md": {
        "name": "Priya Woolley",
        "organisation": "Ambridge Parish Council",
        "role": "Clerk",
        "about": "Things I'd like to talk about:\n\n### Open data\n\n- **publishing** spending "
        "data\n- [ ] not a checkbox, just text\n\n```\ncode: block\n```\n\n> a quote",
    },
}


@pytest.mark.parametrize("fixture", sorted(JOINS))
def test_join_writes_exactly_what_was_typed(scheme, fixture):
    outcome = submit(scheme, fixture)
    assert outcome.ok, outcome.problems
    expected = {"github": LOGIN, **JOINS[fixture], "joined": "2026-03-05"}
    # the day the agreements were ticked, and the version of their wording
    expected |= {"agreed": "2026-03-05", "agreement": consent.CURRENT}
    assert outcome.participant.to_dict() == expected
    assert outcome.changed and not outcome.delete


@pytest.mark.parametrize("fixture", sorted(JOINS))
def test_written_file_reads_back_as_the_same_participant(scheme, fixture):
    """Round trip through YAML: the file validates and loads to the participant decided."""
    outcome = submit(scheme, fixture)
    assert sign_up.apply(scheme.root, outcome) == (FILE,)
    loaded, problems = repository.load(scheme.root)
    assert problems == []
    assert loaded.participants["alex-example"] == outcome.participant
    # The raw YAML holds every value as the same text (no `no` -> False, no `null` -> None).
    raw = yaml.safe_load((scheme.root / FILE).read_text(encoding="utf-8"))
    for key, value in JOINS[fixture].items():
        assert raw[key] == value and isinstance(raw[key], str)


def test_the_participant_is_the_author_whatever_the_form_says(scheme):
    outcome = submit(scheme, "join_impersonation.md", login="alice")
    assert outcome.ok
    assert outcome.participant.github == "alice"
    sign_up.apply(scheme.root, outcome)
    assert sorted(p.name for p in (scheme.root / "participants").iterdir()) == ["alice.yaml"]


def test_reply_says_when_the_next_round_is_and_quotes_nothing_typed(scheme):
    outcome = submit(scheme, "join_mentions.md")
    assert "**March 2026**" in outcome.reply
    assert f"@{LOGIN}" in outcome.reply
    for typed in ("@bob", "@carol", "@localgovdigital", "#12"):
        assert typed not in outcome.reply


def test_replies_name_the_schemes_site_only_when_scheme_yaml_gives_it(scheme):
    assert "About the scheme" not in submit(scheme, "join_plain.md").reply
    scheme.write("scheme.yaml", SCHEME_WITH_SITE)
    reply = submit(scheme, "join_plain.md").reply
    assert reply.rstrip().endswith("About the scheme: https://example.github.io/coffee/")
    joined(scheme)
    assert (
        "About the scheme: https://example.github.io/coffee/"
        in submit(scheme, "change_resume.md").reply
    )


def test_rejoining_updates_details_keeps_joined_and_resumes(scheme):
    joined(scheme, joined="2026-01-05", paused_until="2026-09", role="Old role")
    outcome = submit(scheme, "join_minimal.md")
    assert outcome.ok
    data = outcome.participant.to_dict()
    assert data == {
        "github": LOGIN,
        "name": "Sam Owen",
        "organisation": "independent",
        "joined": "2026-01-05",
        # a file from before agreements were recorded: they have just ticked them
        "agreed": "2026-03-05",
        "agreement": consent.CURRENT,
    }
    assert "back in" in outcome.reply


def test_rejoining_with_the_same_details_changes_nothing(scheme):
    first = submit(scheme, "join_plain.md")
    sign_up.apply(scheme.root, first)
    again = submit(scheme, "join_plain.md", today=TODAY + dt.timedelta(days=40))
    assert again.ok and not again.changed
    assert sign_up.apply(scheme.root, again) == ()


# fixture -> words each problem must contain (one entry per problem expected).
JOIN_PROBLEMS = {
    "join_long_values.md": [
        "“Your name” is 101 characters long; the limit is 100",
        "“Your organisation” is 121 characters long; the limit is 120",
        "“Your role (optional)” is 101 characters long; the limit is 100",
        "“A little about you (optional)” is 601 characters long; the limit is 600",
    ],
    "join_unticked.md": ["no sales pitches", "are public"],
    "join_one_unticked.md": ["are public"],
    "join_consent_injection.md": ["no sales pitches", "are public"],
    "join_empty_required.md": ["“Your name” is empty", "“Your organisation” is empty"],
    "join_control_characters.md": [
        "“Your name” contains a bidirectional-override character (U+202E)",
        "“Your organisation” contains a control character (U+0007)",
        "“A little about you (optional)” contains a control character (a tab)",
    ],
}


@pytest.mark.parametrize("fixture", sorted(JOIN_PROBLEMS))
def test_join_problems_are_listed_in_the_forms_words(scheme, fixture):
    outcome = submit(scheme, fixture)
    assert not outcome.ok and outcome.participant is None
    assert len(outcome.problems) == len(JOIN_PROBLEMS[fixture]), outcome.problems
    for problem, words in zip(
        sorted(outcome.problems), sorted(JOIN_PROBLEMS[fixture]), strict=True
    ):
        assert words in problem.replace("\\", "")
    assert sign_up.apply(scheme.root, outcome) == ()
    assert not (scheme.root / FILE).exists()


def test_unticked_boxes_are_asked_for_by_their_words(scheme):
    outcome = submit(scheme, "join_unticked.md")
    assert all(problem.startswith("Please tick the box") for problem in outcome.problems)


def test_problem_messages_never_carry_markup_mentions_or_references():
    shown = submissions._plain("<script>x</script> `code` **b** [l](u) @bob & me #12\n- item")
    assert "<" not in shown and "&lt;script&gt;" in shown
    assert "`" not in shown.replace("\\`", "")
    assert "@bob" not in shown and "@&#8203;bob" in shown
    assert "#12" not in shown and "#&#8203;12" in shown
    assert "\n" not in shown and "\\- item" in shown  # one line; no list item


def test_problems_comment_has_the_marker_and_lists_each_problem(scheme):
    outcome = submit(scheme, "join_unticked.md")
    comment = sign_up_replies.problems_comment(outcome)
    assert comment.startswith(sign_up_replies.MARKER)
    assert comment.count("\n- ") == 2
    assert "edit this issue" in comment


# -- changing -----------------------------------------------------------------------------


def test_pause_next_round_skips_the_next_round_only(scheme):
    joined(scheme)
    outcome = submit(scheme, "change_pause_next.md")
    assert outcome.participant.paused_until == "2026-04"
    assert not outcome.participant.is_eligible("2026-03")
    assert outcome.participant.is_eligible("2026-04")
    assert "March 2026" in outcome.reply and "April 2026" in outcome.reply


def test_pause_next_round_after_this_months_draw_skips_next_month(scheme):
    joined(scheme)
    scheme.write("rounds/2026-03.yaml", "round: 2026-03\nseed: s\ngroups:\n  - members: [a, b]\n")
    assert submit(scheme, "change_pause_next.md").participant.paused_until == "2026-05"


def test_pause_until_a_month(scheme):
    joined(scheme, paused="true")
    outcome = submit(scheme, "change_pause_until.md")
    assert outcome.participant.paused_until == "2027-03"
    assert outcome.participant.paused is False


@pytest.mark.parametrize(
    ("fixture", "words"),
    [
        ("change_pause_until_bad.md", "should be written YYYY-MM"),
        ("change_pause_until_missing.md", "Please give the month"),
        ("change_update_nothing.md", "There is nothing to update"),
        ("change_update_clear_name.md", "can't be removed"),
        ("change_no_choice.md", "Please choose what you'd like to do"),
        ("change_unknown_choice.md", "not one of the form's choices"),
    ],
)
def test_change_problems(scheme, fixture, words):
    joined(scheme)
    before = scheme.snapshot()
    outcome = submit(scheme, fixture)
    assert len(outcome.problems) == 1 and words in outcome.problems[0]
    sign_up.apply(scheme.root, outcome)
    assert scheme.snapshot() == before


@pytest.mark.parametrize(
    ("month", "ok"), [("2026-03", False), ("2026-04", True), ("2028-04", False)]
)
def test_pause_until_must_be_after_the_next_round_and_within_two_years(scheme, month, ok):
    joined(scheme)
    form = sign_up.load_forms(scheme.root)["change"]
    text = body("change_pause_until.md").replace("2027-03", month)
    outcome = sign_up.evaluate(scheme.root, Request(login=LOGIN, body=text), form, today=TODAY)
    assert outcome.ok is ok


def test_resume_clears_both_kinds_of_pause(scheme):
    joined(scheme, paused="true", paused_until="2026-09")
    outcome = submit(scheme, "change_resume.md")
    assert outcome.participant.paused is False and outcome.participant.paused_until is None
    assert outcome.changed


def test_resume_when_not_paused_changes_nothing(scheme):
    joined(scheme)
    outcome = submit(scheme, "change_resume.md")
    assert outcome.ok and not outcome.changed
    assert "weren't paused" in outcome.reply


def test_update_changes_given_fields_removes_dash_fields_keeps_the_rest(scheme):
    joined(scheme, role="Analyst", name="Alex Example")
    outcome = submit(scheme, "change_update.md")
    assert outcome.participant.to_dict() == {
        "github": LOGIN,
        "name": "Alex Example",
        "organisation": "Ambridge Parish Council",
        "about": "New note: still **plain** text",
        "joined": "2026-01-05",
    }


def test_leave_deletes_the_file_and_keeps_rounds(scheme):
    joined(scheme)
    joined(scheme, "bob")
    scheme.write(
        "rounds/2026-02.yaml", f"round: 2026-02\nseed: s\ngroups:\n  - members: [{LOGIN}, bob]\n"
    )
    outcome = submit(scheme, "change_leave.md")
    assert outcome.delete and outcome.changed
    sign_up.apply(scheme.root, outcome)
    assert not (scheme.root / FILE).exists()
    loaded, problems = repository.load(scheme.root)
    assert problems == []
    assert LOGIN.lower() in loaded.rounds["2026-02"].members


def test_leave_when_not_signed_up_is_fine_and_changes_nothing(scheme):
    outcome = submit(scheme, "change_leave.md")
    assert outcome.ok and not outcome.changed and "nothing to remove" in outcome.reply


@pytest.mark.parametrize(
    "fixture", ["change_pause_next.md", "change_resume.md", "change_update.md"]
)
def test_a_change_before_joining_points_to_the_join_form(scheme, fixture):
    outcome = submit(scheme, fixture)
    assert len(outcome.problems) == 1 and "join form" in outcome.problems[0]


def test_a_change_never_touches_another_participants_file(scheme):
    joined(scheme, "bob")
    before = (scheme.root / "participants/bob.yaml").read_bytes()
    outcome = submit(scheme, "change_leave.md", login="mallory")
    sign_up.apply(scheme.root, outcome)
    assert (scheme.root / "participants/bob.yaml").read_bytes() == before


@pytest.mark.parametrize(
    "fixture",
    ["change_pause_next.md", "change_pause_until.md", "change_resume.md", "change_update.md"],
)
def test_changed_files_read_back_as_the_same_participant(scheme, fixture):
    joined(scheme, paused="true")
    outcome = submit(scheme, fixture)
    sign_up.apply(scheme.root, outcome)
    loaded, problems = repository.load(scheme.root)
    assert problems == []
    assert loaded.participants["alex-example"] == outcome.participant


# -- the next round -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "drawn", "today", "expected"),
    [
        (None, set(), dt.date(2026, 3, 7), "2026-03"),
        (None, set(), dt.date(2026, 3, 31), "2026-04"),  # the draw days are over
        (None, {"2026-03"}, dt.date(2026, 3, 1), "2026-04"),
        (None, {"2026-03", "2026-04"}, dt.date(2026, 3, 1), "2026-05"),
        ("2026-09", set(), dt.date(2026, 3, 1), "2026-09"),
        (None, {"2026-12"}, dt.date(2026, 12, 2), "2027-01"),
    ],
)
def test_next_round(start, drawn, today, expected):
    scheme = Scheme(organiser="Tests", start=start)
    assert submissions.next_round(scheme, drawn, today) == expected


# -- events -------------------------------------------------------------------------------


def event(name: str, **issue_fields) -> dict:
    data = json.loads((EVENTS / name).read_text())
    data["issue"].update(issue_fields)
    return data


def test_the_event_author_is_the_issue_author_not_the_sender():
    request = sign_up.request_from_event(event("issue_edited_by_someone_else.json", body="x"))
    assert request.login == "carol"
    assert request.issue == 8 and request.labels == ("join",)
    assert request.repository == "owner/repo" and request.default_branch == "main"


def test_events_other_than_opened_and_edited_are_ignored():
    assert (
        sign_up.request_from_event(json.loads((EVENTS / "issue_labeled.json").read_text())) is None
    )


def test_an_event_without_an_issue_is_refused():
    with pytest.raises(Refused, match="not an `issues` event"):
        sign_up.request_from_event(json.loads((EVENTS / "pull_request_opened.json").read_text()))


# -- the command line ---------------------------------------------------------------------


def test_dry_run_prints_the_file_and_changes_nothing(scheme, run_cli):
    before = scheme.snapshot()
    code, out, _ = run_cli(
        "intake", "--repo", scheme.root, "--body-file", BODIES / "join_yaml_words.md",
        "--author", "Sam", "--dry-run",
    )  # fmt: skip
    assert code == 0
    assert "would write participants/sam.yaml" in out
    assert "organisation: 'no'" in out and "name: 'null'" in out
    assert scheme.snapshot() == before


def test_dry_run_with_problems_prints_them_and_exits_1(scheme, run_cli):
    code, out, _ = run_cli(
        "intake", "--repo", scheme.root, "--body-file", BODIES / "join_unticked.md",
        "--author", "Sam", "--dry-run",
    )  # fmt: skip
    assert code == 1
    assert out.count("Please tick the box") == 2


def test_without_dry_run_the_file_is_written(scheme, run_cli):
    code, out, _ = run_cli(
        "intake", "--repo", scheme.root, "--body-file", BODIES / "join_plain.md", "--author", "Sam"
    )
    assert code == 0 and "you're in" in out
    assert repository.load(scheme.root)[0].participants["sam"].name == "Alex Example"


def test_body_file_needs_an_author_a_usage_mistake(scheme, run_cli):
    before = scheme.snapshot()
    code, _, err = run_cli("intake", "--repo", scheme.root, "--body-file", BODIES / "join_plain.md")
    # Exit 2 and a usage line, like argparse's own errors.
    assert code == 2 and "usage: unmentoring intake" in err
    assert "error: --body-file needs --author" in err
    assert scheme.snapshot() == before


@pytest.mark.parametrize("extra", [("--author", "Sam"), ("--form", "join")])
def test_author_or_form_with_an_event_is_a_usage_mistake(scheme, run_cli, tmp_path, extra):
    (tmp_path / "event.json").write_text(json.dumps(event("issue_opened.json")))
    before = scheme.snapshot()
    code, _, err = run_cli(
        "intake", "--repo", scheme.root, "--event", tmp_path / "event.json", *extra, "--dry-run"
    )
    assert code == 2 and "usage: unmentoring intake" in err
    assert "error: --author and --form go with --body-file" in err
    assert scheme.snapshot() == before


def test_print_signup_prints_the_mode_the_workflow_picks_its_job_by(scheme, run_cli):
    assert run_cli("intake", "--repo", scheme.root, "--print-signup")[:2] == (0, "direct\n")
    scheme.write("scheme.yaml", (scheme.root / "scheme.yaml").read_text() + "signup: review\n")
    assert run_cli("intake", "--repo", scheme.root, "--print-signup")[:2] == (0, "review\n")


def test_print_signup_of_a_broken_scheme_says_what_is_wrong(scheme, run_cli):
    scheme.write("scheme.yaml", "signup: sometimes\n")
    code, out, err = run_cli("intake", "--repo", scheme.root, "--print-signup")
    assert code == 1 and out == "" and "scheme.yaml" in err and "signup" in err


@pytest.mark.parametrize("extra", [("--author", "Sam"), ("--push",), ("--dry-run",)])
def test_print_signup_goes_alone(scheme, run_cli, extra):
    code, _, err = run_cli("intake", "--repo", scheme.root, "--print-signup", *extra)
    assert code == 2 and "error: --print-signup goes alone" in err


def test_a_body_that_is_no_form_is_left_alone(scheme, run_cli, tmp_path):
    (tmp_path / "b.md").write_text("Please sign me up!")
    before = scheme.snapshot()
    code, _, _ = run_cli(
        "intake", "--repo", scheme.root, "--body-file", tmp_path / "b.md", "--author", "x"
    )
    assert code == 0 and scheme.snapshot() == before


def test_a_closed_issue_is_not_acted_on(scheme, run_cli, tmp_path):
    data = event("issue_opened.json", body=body("join_plain.md"), state="closed")
    data["action"] = "edited"
    (tmp_path / "event.json").write_text(json.dumps(data))
    before = scheme.snapshot()
    code, _, _ = run_cli("intake", "--repo", scheme.root, "--event", tmp_path / "event.json")
    assert code == 0 and scheme.snapshot() == before


def test_dry_run_of_an_event_uses_the_issue_author(scheme, run_cli, tmp_path):
    data = event("issue_edited_by_someone_else.json", body=body("join_impersonation.md"))
    (tmp_path / "event.json").write_text(json.dumps(data))
    code, out, _ = run_cli(
        "intake", "--repo", scheme.root, "--event", tmp_path / "event.json", "--dry-run"
    )
    assert code == 0
    assert "participants/carol.yaml" in out and "github: carol" in out


# -- an entry that fails validate ---------------------------------------------------------


BROKEN = "github: Alex-Example\nname: [unclosed\n"


def test_a_broken_entry_blocks_changes_with_a_pointer_to_an_organiser(scheme):
    scheme.write(FILE, BROKEN)
    outcome = submit(scheme, "change_pause_next.md")
    assert len(outcome.problems) == 1 and "organiser needs to fix" in outcome.problems[0]


def test_a_broken_entry_can_still_be_left(scheme):
    scheme.write(FILE, BROKEN)
    outcome = submit(scheme, "change_leave.md")
    assert outcome.delete
    sign_up.apply(scheme.root, outcome)
    assert not (scheme.root / FILE).exists()


def test_joining_again_replaces_a_broken_entry(scheme):
    scheme.write(FILE, BROKEN)
    sign_up.apply(scheme.root, submit(scheme, "join_plain.md"))
    assert repository.load(scheme.root)[1] == []


def test_an_entry_under_the_wrong_login_is_not_taken_as_the_authors(scheme):
    """A file named after the author but claiming another login is not the author's entry."""
    scheme.write(FILE, "github: bob\nname: Bob\norganisation: X\njoined: 2026-01-01\n")
    assert sign_up.read_participant(scheme.root, LOGIN) == (None, True)


def test_a_contact_that_is_not_one_link_or_address_is_refused_in_the_form_s_words(scheme):
    outcome = submit(scheme, "join_contact_phone.md")
    assert not outcome.ok
    assert (
        "“How your match can reach you privately (optional)” must be one https link"
        in outcome.problems[0].replace("\\", "")  # the reply escapes Markdown
    )


def test_the_change_form_sets_and_removes_a_contact(scheme):
    joined(scheme)
    outcome = submit(scheme, "change_update_contact.md")
    assert outcome.ok, outcome.problems
    assert outcome.participant.contact == "alex@example.org"
    sign_up.apply(scheme.root, outcome)
    assert (
        "contact: alex@example.org"
        in (scheme.root / "participants" / "alex-example.yaml").read_text()
    )


def test_the_goodbye_says_the_pairing_issues_lose_the_details_and_comments_stay_theirs(scheme):
    joined(scheme)
    reply = submit(scheme, "change_leave.md").reply
    assert "out of the pairing issues that introduced you" in reply
    assert "you can delete a comment" in reply


def test_replies_give_the_organisers_contact(scheme):
    scheme.write("scheme.yaml", "name: Coffee\norganiser: Tests\ncontact: team@example.org\n")
    assert "write to the organisers: <team@example.org>" in submit(scheme, "join_plain.md").reply
