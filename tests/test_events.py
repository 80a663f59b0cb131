"""Reading webhook payloads: every bad file or field is refused by name, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from unmentoring.core.problems import Refused
from unmentoring.github import events

FIXTURES = Path(__file__).parent / "fixtures"
ISSUE_OPENED = FIXTURES / "intake_events" / "issue_opened.json"
PULL_REQUEST = FIXTURES / "intake_events" / "pull_request_opened.json"


def write(tmp_path: Path, content: str | bytes) -> Path:
    path = tmp_path / "event.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content)
    return path


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("{not json", "is not JSON"),
        (b"\xff\xfe{}", "is not JSON"),
        ("[1, 2]", "is not a JSON object"),
        ("null", "is not a JSON object"),
        ("[" * 100_000 + "]" * 100_000, "is not JSON"),  # too deep for the parser
    ],
)
def test_a_file_that_is_no_json_object_is_refused(tmp_path, content, words):
    with pytest.raises(Refused, match=words):
        events.read(write(tmp_path, content), "issues")


def test_a_missing_file_is_refused(tmp_path):
    with pytest.raises(Refused, match="cannot read the event file"):
        events.read(tmp_path / "nowhere.json", "issues")


def test_a_file_over_the_cap_is_refused_unread(tmp_path):
    path = write(tmp_path, "{}" + " " * events.MAX_EVENT_BYTES)
    with pytest.raises(Refused, match="larger than 4 MiB"):
        events.read(path, "issues")


def test_typed_fields_name_the_path_that_is_wrong():
    event = events.of({"issue": {"number": "7", "user": "x", "labels": [1]}}, "issues")
    issue = event.object("issue")
    for read, field in [
        (lambda: issue.number("number"), "issue.number"),
        (lambda: issue.object("user"), "issue.user"),
        (lambda: issue.label_names(), "issue.labels"),
        (lambda: event.object("comment"), "comment"),
        (lambda: issue.optional_object("user"), "issue.user"),
        (lambda: issue.text("labels"), "issue.labels"),
    ]:
        with pytest.raises(Refused, match=rf"`issues` event's `{field}` is missing or not"):
            read()


def test_absent_optional_fields_read_as_empty():
    event = events.of({"issue": {"number": 3, "body": None}}, "issues")
    issue = event.object("issue")
    assert issue.number("number") == 3
    assert issue.text("body") == "" and issue.optional_text("body") is None
    assert issue.label_names() == ()
    assert issue.optional_object("user").text("login") == ""
    assert not issue.has("pull_request")


def test_a_boolean_is_not_a_number():
    with pytest.raises(Refused, match="whole number"):
        events.of({"number": True}, "issues").number("number")


# -- each command refuses a bad event the same way ------------------------------------------


def changed(event: dict, where: str, key: str, value) -> dict:
    target = event
    for part in where.split(".") if where else ():
        target = target[part]
    if value is KeyError:
        target.pop(key)
    else:
        target[key] = value
    return event


@pytest.mark.parametrize(
    ("where", "key", "value", "field"),
    [
        ("issue", "number", KeyError, "issue.number"),
        ("issue", "number", "12", "issue.number"),
        ("issue", "user", KeyError, "issue.user.login"),
        ("issue", "labels", "join", "issue.labels"),
        ("", "repository", "owner/repo", "repository"),
    ],
)
def test_intake_refuses_a_malformed_issues_event(tmp_path, run_cli, where, key, value, field):
    event = changed(json.loads(ISSUE_OPENED.read_text()), where, key, value)
    path = write(tmp_path, json.dumps(event))
    code, _out, err = run_cli("intake", "--repo", tmp_path, "--event", path)
    assert code == 1 and "Traceback" not in err
    assert f"`{field}` is missing or not" in err


@pytest.mark.parametrize(
    ("where", "key", "value", "field"),
    [
        ("pull_request", "user", KeyError, "pull_request.user.login"),
        ("pull_request", "author_association", 3, "pull_request.author_association"),
        ("", "repository", "owner/repo", "repository"),
    ],
)
def test_check_ownership_refuses_a_malformed_event(tmp_path, run_cli, where, key, value, field):
    event = changed(json.loads(PULL_REQUEST.read_text()), where, key, value)
    path = write(tmp_path, json.dumps(event))
    listing = tmp_path / "changed.txt"
    listing.write_text("participants/alex.yaml\n")
    code, _out, err = run_cli("check-ownership", "--event", path, "--changed-files", listing)
    assert code == 1 and "Traceback" not in err
    assert f"`{field}` is missing or not" in err


def test_check_ownership_refuses_a_missing_changed_files_list(tmp_path, run_cli):
    code, _out, err = run_cli(
        "check-ownership", "--event", PULL_REQUEST, "--changed-files", tmp_path / "nowhere.txt"
    )
    assert code == 1 and "Traceback" not in err
    assert "cannot read --changed-files" in err and "nowhere.txt" in err
