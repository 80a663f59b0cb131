"""The one escaper for untrusted text in issues and comments."""

from __future__ import annotations

import markdown

from unmentoring.core.markdown_text import escape, one_line
from unmentoring.core.rules import BIDI_CONTROLS


def test_every_direction_control_validate_refuses_is_dropped():
    text = "a" + "".join(sorted(BIDI_CONTROLS)) + "b\x07c"
    assert escape(text) == "abc"


def test_only_the_named_logins_stay_mentions():
    shown = escape("thanks @Alice and @bob, see #12", members=("alice",))
    assert "@Alice" in shown
    assert "@bob" not in shown and "@&#8203;bob" in shown
    assert "#12" not in shown


def test_markup_renders_as_typed():
    typed = "**bold** <b>x</b> [link](https://example.invalid) 1. item"
    html = markdown.markdown(escape(typed))
    assert "<strong>" not in html and "<b>" not in html and "<a " not in html
    assert "<ol>" not in html


def test_one_line_folds_every_run_of_whitespace():
    assert one_line("  Your\tname \n (optional) ") == "Your name (optional)"
