"""The organiser's own words: a file in messages/ replaces one of the bot's texts, for example
in Welsh as well as English; a text without one keeps its default; a file with a problem is
reported and left out, never stopping the bot."""

from __future__ import annotations

import pytest

from unmentoring.core import texts

GREETING = (
    "Helo {who}! Dych chi wedi'ch paru{again} ar gyfer **{month}** yn {scheme}{run_by}.\n"
    "Hello {who}! You are matched{again} for **{month}** in {scheme}{run_by}.\n"
)


@pytest.fixture
def scheme(scheme_repo):
    for login in ("ann", "bob", "cat", "dan"):
        scheme_repo.add_participant(login)
    return scheme_repo


def announced(run_cli, root) -> str:
    assert run_cli("pair", "--repo", root, "--round", "2026-02")[0] == 0
    code, out, err = run_cli("announce", "--repo", root, "--round", "2026-02", "--dry-run")
    assert code == 0, err
    return out


def test_an_override_is_used_and_a_text_without_one_keeps_its_default(scheme, run_cli):
    scheme.write("messages/pairing-greeting.md", GREETING)

    out = announced(run_cli, scheme.root)

    assert "Helo @" in out and "Dych chi wedi'ch paru ar gyfer **February 2026**" in out
    default_next = texts.PAIRING_PAUSE_OR_LEAVE.template.split("{")[0][:30]
    assert default_next in out  # the texts without a file keep their default words


def test_a_broken_override_is_reported_and_the_default_used(scheme, run_cli):
    scheme.write("messages/pairing-greeting.md", "Helo {who}! {month} {wrong}\n")
    scheme.write("messages/no-such-message.md", "Helo\n")

    code, out, _ = run_cli("validate", "--repo", scheme.root)

    assert code == 1
    assert "messages/pairing-greeting.md: does not have the default's fields" in out
    assert "add {again}, {run_by}, {scheme}; remove {wrong}" in out
    assert "messages/no-such-message.md: is not the name of a message" in out
    out = announced(run_cli, scheme.root)
    assert "you are meeting each other in **February 2026**" in out and "{wrong}" not in out


def test_a_brace_that_is_no_field_is_reported(scheme, run_cli):
    scheme.write("messages/pairing-greeting.md", "Hello {who} :-}\n")

    code, out, _ = run_cli("validate", "--repo", scheme.root)

    assert code == 1 and "has a { or } that is not a field" in out


def test_every_text_has_a_file_name_of_its_own():
    names = texts.every()
    assert len(names) > 100
    assert all(text.name == name for name, text in names.items())
    assert "REMATCH_REPLIES.noted" in names
