"""Every text the bot posts (core/texts.py): each template fills with the fields it names, each
marker is a hidden comment of ours, and no two texts share a marker unless they are the replies
that one comment gets (one reply per comment, whichever it is)."""

from __future__ import annotations

import re

import pytest

from unmentoring.core import texts
from unmentoring.core.texts import Text

TEXTS = {name: value for name, value in vars(texts).items() if isinstance(value, Text)} | {
    f"REMATCH_REPLIES[{key}]": value for key, value in texts.REMATCH_REPLIES.items()
}
MARKER = re.compile(r"<!-- unmentoring:[a-z-]+(=\{[a-z_]+\})? -->")


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_each_template_fills_with_the_fields_it_names(name):
    text = TEXTS[name]
    filled = text.fill(**{field: f"<{field}>" for field in text.fields})
    assert "{" not in filled.replace("{{", "") and "}" not in filled.replace("}}", ""), name
    for field in text.fields:
        assert f"<{field}>" in filled, (name, field)


@pytest.mark.parametrize("name", sorted(n for n, t in TEXTS.items() if t.marker is not None))
def test_each_marker_is_a_hidden_comment_of_ours_on_a_line_of_its_own(name):
    text = TEXTS[name]
    assert text.marker is not None and MARKER.fullmatch(text.marker), name
    filled = text.fill(**{field: "x" for field in text.fields})
    assert filled.split("\n", 1)[0] == text.mark(**{field: "x" for field in text.fields})


def test_markers_are_shared_only_by_the_replies_to_one_comment():
    """Two texts with one marker would find each other's comment and never be posted: only the
    replies to a comment (one reply each), the sign-up reply (edited in place) and the reply to
    someone asking alone (worded for who else asked, or for a month that ended first) share
    one."""
    by_marker: dict[str, list[str]] = {}
    for name, text in TEXTS.items():
        if text.marker is not None:
            by_marker.setdefault(text.marker, []).append(name)
    shared = {marker: names for marker, names in by_marker.items() if len(names) > 1}
    alone = texts.REMATCH_ALONE.marker
    assert set(shared) == {texts.REPLY_MARKER, texts.SIGN_UP_DONE.marker, alone}
    assert sorted(shared[texts.SIGN_UP_DONE.marker]) == [
        "SIGN_UP_DONE",
        "SIGN_UP_IN_REVIEW",
        "SIGN_UP_PROBLEMS",
    ]
    assert sorted(shared[alone]) == ["REMATCH_ALONE", "REMATCH_ALONE_TOGETHER", "REMATCH_MISSED"]
