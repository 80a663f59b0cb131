"""How often, how and when someone would like to meet: the forms' questions, what intake writes,
what `validate` refuses, and the rule of who can meet as they want (core/meeting.py)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml
from test_forms import render

from unmentoring.commands import sign_up
from unmentoring.commands.sign_up import Request
from unmentoring.core import meeting, submissions
from unmentoring.core.meeting import Meet
from unmentoring.core.model import Participant
from unmentoring.store.issue_forms import FORMS_DIR, form_problems

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 3, 5)
LOGIN = "Alex-Example"
FILE = "participants/alex-example.yaml"
TICKS = [False] * 10


@pytest.fixture
def scheme(scheme_repo):
    shutil.copytree(ROOT / FORMS_DIR, scheme_repo.root / FORMS_DIR)
    return scheme_repo


def submit(scheme, form_name: str, answers: dict) -> submissions.Evaluation:
    form = sign_up.load_forms(scheme.root)[form_name]
    request = Request(login=LOGIN, body=render(form, answers))
    return sign_up.evaluate(scheme.root, request, form, today=TODAY)


def ticked(*half_days: str, change: bool = False) -> list[bool]:
    """The times boxes ticked; the change form's have one more: "None of these"."""
    ticks = [code in half_days for code in submissions.TIME_WORDS.values()]
    return [*ticks, False] if change else ticks


JOIN = {"name": "Alex Example", "organisation": "Borsetshire", "agreements": [True, True]}


def test_the_join_form_keeps_two_required_questions_plus_the_agreements():
    form = sign_up.load_forms(ROOT)["join"]
    required = [field.id for field in form.fields if field.required]
    assert required == ["name", "organisation"]
    assert form.field("agreements").required_options == (True, True)
    assert {"every", "meet", "area", "times", "timezone"} <= form.ids


def test_a_join_without_the_new_answers_writes_the_file_as_before(scheme):
    evaluation = submit(scheme, "join", JOIN)
    assert evaluation.ok, evaluation.problems
    written = evaluation.participant.to_dict()
    assert not {"every", "meet", "area", "times", "timezone"} & set(written)
    assert evaluation.participant.every == 1 and evaluation.participant.meet is Meet.EITHER


def test_a_join_writes_each_answer_in_the_files_words(scheme):
    answers = JOIN | {
        "every": "Every three months",
        "meet": "In person",
        "area": "North West",
        "times": ticked("fri-pm", "mon-am"),
        "timezone": "Europe/Dublin",
    }
    evaluation = submit(scheme, "join", answers)
    assert evaluation.ok, evaluation.problems
    written = evaluation.participant.to_dict()
    assert written["every"] == 3 and written["meet"] == "in-person"
    assert written["area"] == "North West" and written["timezone"] == "Europe/Dublin"
    assert written["times"] == ["mon-am", "fri-pm"], "in week order"
    assert Participant.from_dict(written) == evaluation.participant


def test_an_unknown_time_zone_is_named_in_the_forms_words(scheme):
    evaluation = submit(scheme, "join", JOIN | {"timezone": "Mars/Olympus"})
    assert not evaluation.ok
    assert any("Your time zone" in problem for problem in evaluation.problems), evaluation.problems


def test_update_replaces_times_and_keeps_what_was_not_answered(scheme):
    scheme.add_participant(LOGIN)
    first = submit(
        scheme,
        "change",
        {
            "action": "Update my details",
            "times": ticked("tue-am", change=True),
            "meet": "Video call",
        },
    )
    assert first.ok, first.problems
    scheme.write(FILE, yaml.safe_dump(first.participant.to_dict(), sort_keys=False))
    second = submit(
        scheme, "change", {"action": "Update my details", "times": ticked("wed-pm", change=True)}
    )
    assert second.participant.times == ("wed-pm",) and second.participant.meet is Meet.VIDEO


def test_none_of_these_removes_the_times_and_a_dash_the_time_zone(scheme):
    scheme.add_participant(LOGIN)
    scheme.write(
        FILE,
        yaml.safe_dump(
            {
                "github": LOGIN,
                "name": "Alex",
                "organisation": "Borsetshire",
                "times": ["mon-am"],
                "timezone": "Europe/Dublin",
                "joined": "2026-01-02",
            }
        ),
    )
    none_of_these = [False] * 10 + [True]
    evaluation = submit(
        scheme,
        "change",
        {"action": "Update my details", "times": none_of_these, "timezone": "-"},
    )
    assert evaluation.ok, evaluation.problems
    assert evaluation.participant.times == () and evaluation.participant.timezone is None


def test_an_older_form_without_the_new_questions_still_fits(tmp_path):
    folder = tmp_path / FORMS_DIR
    shutil.copytree(ROOT / FORMS_DIR, folder)
    join = yaml.safe_load((folder / "join.yml").read_text())
    join["body"] = [item for item in join["body"] if item.get("id") not in submissions.PREFERENCES]
    (folder / "join.yml").write_text(yaml.safe_dump(join, sort_keys=False))
    assert form_problems(tmp_path, submissions.FORMS) == []


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("every", 4, "must be 1 (every month)"),
        ("meet", "phone", "must be video, in-person or either"),
        ("area", "Cornwall", "must be one of: North East"),
        ("times", ["sat-am"], "must be a half-day"),
        ("timezone", "Mars/Olympus", "which is no time zone we know"),
    ],
)
def test_validate_names_a_bad_value_and_the_fix(scheme_repo, run_cli, field, value, words):
    scheme_repo.add_participant("alex", **{field: value})
    code, out, err = run_cli("validate", "--repo", scheme_repo.root)
    assert code == 1
    assert "participants/alex.yaml" in out + err and words in out + err


VIDEO, IN_PERSON, EITHER = Meet.VIDEO, Meet.IN_PERSON, Meet.EITHER


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ((VIDEO, None), (IN_PERSON, "London"), False),
        ((VIDEO, None), (EITHER, None), True),
        ((IN_PERSON, "London"), (IN_PERSON, "London"), True),
        ((IN_PERSON, "London"), (EITHER, "London"), True),
        ((IN_PERSON, "London"), (EITHER, "Wales"), False),
        ((IN_PERSON, "London"), (EITHER, None), False),
        ((IN_PERSON, None), (IN_PERSON, None), False),
        ((IN_PERSON, meeting.OUTSIDE_UK), (IN_PERSON, meeting.OUTSIDE_UK), False),
        ((EITHER, None), (EITHER, meeting.OUTSIDE_UK), True),
    ],
)
def test_who_can_meet_as_they_want(first, second, expected):
    assert meeting.can_meet(first, second) is expected
    assert meeting.can_meet(second, first) is expected


def test_a_group_can_meet_only_if_every_two_of_them_can():
    london = (IN_PERSON, "London")
    assert meeting.group_can_meet([london, (EITHER, "London"), (EITHER, "London")])
    assert not meeting.group_can_meet([london, (EITHER, "London"), (VIDEO, "London")])


def test_validate_names_a_schemes_unknown_time_zone(scheme_repo, run_cli):
    scheme = scheme_repo.root / "scheme.yaml"
    scheme.write_text(scheme.read_text() + "timezone: Europe/Londn\n")
    code, out, err = run_cli("validate", "--repo", scheme_repo.root)
    assert code == 1
    assert "scheme.yaml" in out + err and "Europe/Londn" in out + err


@pytest.mark.parametrize("name", ["Europe", "posixrules", "localtime", "right/UTC", "Mars/Olympus"])
def test_only_a_zone_of_the_database_is_a_time_zone(name):
    """A folder of the zone files, or a file that is no zone, is refused, not a crash."""
    assert not meeting.is_timezone(name)
    assert meeting.is_timezone("America/New_York") and meeting.is_timezone("UTC")


def test_validate_refuses_a_folder_of_zones_with_the_fix(scheme_repo, run_cli):
    scheme_repo.add_participant("alex", timezone="Europe")
    code, out, err = run_cli("validate", "--repo", scheme_repo.root)
    assert code == 1 and "Europe/London" in out + err and "Traceback" not in out + err


def test_remove_my_area_takes_the_area_out_of_the_entry(scheme):
    scheme.add_participant(LOGIN, area="North West", meet="in-person")
    evaluation = submit(scheme, "change", {"action": "Update my details", "area": "Remove my area"})
    assert evaluation.ok, evaluation.problems
    assert evaluation.participant.area is None and "area" not in evaluation.participant.to_dict()
    assert evaluation.participant.meet is Meet.IN_PERSON
