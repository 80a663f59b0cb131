"""Erasing a leaver from a pairing issue's text (core/erasure.py), without the network."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from unmentoring.core import erasure, pairing_issue, thread
from unmentoring.core.markdown_text import escape, one_line, unescape
from unmentoring.core.model import Group, Participant, Scheme

MONTH = "2026-03"
HOSTILE = [
    "Zoë *bold* _it_ `code` [link](https://x.example) <b>html</b> & ampersand",
    "@bob and @someone #12 \\ backslash | pipe ~tilde~ $math$ ^caret",
    "Name: with colon. And ** stars **",
    "**@bob: fake header**",
]


def person(login: str, **fields) -> Participant:
    values = {"name": f"Person {login}", "organisation": "Borsetshire County Council"}
    values.update(fields)
    return Participant(github=login, joined=dt.date(2026, 1, 5), **values)


SCHEME = Scheme(organiser="Tests")


def issue(*people: Participant, scheme: Scheme = SCHEME, members=None, old_title=True):
    """The issue announce opens; with ``old_title``, titled as before titles held logins only:
    the introduced members' names, shortened to fit."""
    logins = members or tuple(p.login for p in people)
    text = pairing_issue.render(
        scheme,
        MONTH,
        Group(members=logins, host=logins[0]),
        {p.login: p for p in people},
        change_form="https://github.example/o/r/change",
    )
    if not old_title:
        return text
    names = thread.and_list([one_line(p.name) for p in people])
    title = pairing_issue.shorten(f"UnMentoring March 2026: {names}", pairing_issue.MAX_TITLE)
    return dataclasses.replace(text, title=title)


@pytest.mark.parametrize("name", HOSTILE)
def test_the_leaver_s_details_are_gone_and_the_others_kept(name):
    leaver = person(
        "zed",
        name=name,
        organisation="Quill & Co",
        role="Inkwell *lead*",
        about="Line one\n\n> line @bob two\n- item",
        contact="zed@example.org",
    )
    bob = person("bob", contact="https://cal.example.org/bob", about="Bob's note")
    text = issue(leaver, bob)
    erased = erasure.erase(text.title, text.body, "zed", MONTH)
    assert erased is not None
    assert escape(one_line(name), ("zed", "bob")) not in erased.body
    assert one_line(name) not in erased.title
    assert "Quill" not in erased.body and "Inkwell" not in erased.body
    assert "zed@example.org" not in erased.body and "Line one" not in erased.body
    assert "item" not in erased.body and "line @" not in erased.body
    assert "**@zed**: (left the scheme)" in erased.body
    assert str(pairing_issue.marker_for(MONTH, Group(members=("zed", "bob")))) in erased.body
    assert "Bob's note" in erased.body and "cal.example.org/bob" in erased.body
    assert erased.title == "UnMentoring March 2026: (left the scheme) and Person bob"


def test_a_title_of_logins_keeps_them_and_loses_nothing_else():
    text = issue(person("zed", name="Zed Zee"), person("bob"), old_title=False)
    assert text.title == "UnMentoring March 2026: zed and bob"
    erased = erasure.erase(text.title, text.body, "zed", MONTH)
    assert erased.title == text.title and "Zed Zee" not in erased.body


def test_erasing_twice_changes_nothing_the_second_time():
    text = issue(person("zed"), person("bob"))
    erased = erasure.erase(text.title, text.body, "zed", MONTH)
    assert erasure.erase(erased.title, erased.body, "zed", MONTH) is None


def test_an_issue_that_never_introduced_them_is_left_alone():
    text = issue(person("alice"), person("bob"), members=("alice", "bob", "zed"))
    assert "**zed** has left the scheme" in text.body
    assert erasure.erase(text.title, text.body, "zed", MONTH) is None
    assert erasure.erase("Hello", "an issue of someone else's", "zed", MONTH) is None


def test_two_leavers_of_a_three_are_erased_one_after_the_other():
    text = issue(*(person(login, name=f"{login.title()} X") for login in ("amy", "bob", "cy")))
    first = erasure.erase(text.title, text.body, "bob", MONTH)
    second = erasure.erase(first.title, first.body, "amy", MONTH)
    assert second.title == "UnMentoring March 2026: (left the scheme), (left the scheme) and Cy X"
    assert "Amy X" not in second.body and "Bob X" not in second.body and "Cy X" in second.body


def test_a_shortened_title_loses_the_leaver_s_name_too():
    long = "Bartholomew " * 12
    text = issue(person("zed", name=long.strip()), person("bob", name=long.strip() + " Bob"))
    assert text.title.endswith("…")
    erased = erasure.erase(text.title, text.body, "bob", MONTH)
    assert erased.title.startswith("UnMentoring March 2026: Bartholomew")
    erased = erasure.erase(erased.title, erased.body, "zed", MONTH)
    assert "Bartholomew" not in erased.title


def test_a_title_edited_by_hand_is_rebuilt_from_the_introductions():
    text = issue(person("zed", name="Zed Zee"), person("bob"))
    erased = erasure.erase("Zed Zee and Bob, edited", text.body, "zed", MONTH)
    assert "Zed" not in erased.title


@given(st.text(min_size=1, max_size=60))
def test_unescape_gives_back_what_escape_was_given(text):
    cleaned = one_line(text)
    if not cleaned or any(ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 for ch in cleaned):
        return
    if any(ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069" for ch in cleaned):
        return
    assert unescape(escape(cleaned, ("bob",))) == cleaned
