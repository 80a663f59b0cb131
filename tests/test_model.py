"""The model's files round-trip: what we write is read back as the same participant or round."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from unmentoring.core import rules
from unmentoring.core.model import Group, Participant, Round, Scheme
from unmentoring.store import schema
from unmentoring.store.repository import participant_text, round_text
from unmentoring.store.yamlfile import read_document, write_atomically

# Text a participant could type: any printable characters, including YAML's special ones.
safe_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\u2028\u2029"),
    min_size=1,
    max_size=80,
).filter(lambda text: rules.unsafe_character(text) is None)

TRICKY = ["no", "null", "yes", "on", "~", "a: b", "- x", "# y", "'", '"', "@alice", "123", "1.5"]


def reread(tmp_path: Path, text: str):
    file = tmp_path / "file.yaml"
    write_atomically(file, text)
    document, problems = read_document(file, "file.yaml")
    assert problems == []
    return document


@settings(max_examples=150, deadline=None)
@given(
    name=safe_text | st.sampled_from(TRICKY),
    organisation=safe_text | st.sampled_from(TRICKY),
    about=st.lists(safe_text, min_size=1, max_size=3).map("\n".join),
)
def test_participant_text_round_trips(tmp_path_factory, name, organisation, about):
    person = Participant(
        github="alice",
        name=name,
        organisation=organisation,
        about=about,
        joined=dt.date(2026, 2, 14),
        paused_until="2026-06",
    )
    document = reread(tmp_path_factory.mktemp("p"), participant_text(person))
    assert list(schema.check(document, "participant")) == []
    assert Participant.from_dict(document.data) == person


def test_participant_file_lists_fields_in_documented_order():
    person = Participant(
        github="Alice",
        name="Alice",
        organisation="Borsetshire",
        role="Lead",
        joined=dt.date(2026, 2, 14),
        paused=True,
    )
    keys = [line.split(":")[0] for line in participant_text(person).splitlines()]
    assert keys == ["github", "name", "organisation", "role", "joined", "paused"]
    # Quoted: PyYAML and YAML 1.1 read a bare 2026-02-14 as a date (tests/test_yaml_readers.py)
    assert "joined: '2026-02-14'\n" in participant_text(person)


def test_round_file_has_one_line_member_lists(tmp_path):
    drawn = Round(
        round="2026-03",
        seed="2026-03:abc",
        groups=(
            Group(members=("alice", "bob"), issue=41, outcome="met"),
            Group(members=("c", "d")),
        ),
    )
    text = round_text(drawn)
    assert "  - members: [alice, bob]\n    issue: 41\n    outcome: met\n" in text
    assert Round.from_dict(reread(tmp_path, text).data) == drawn


def test_the_engine_is_written_after_the_seed_and_optional_when_read(tmp_path):
    drawn = Round(round="2026-03", seed="s", engine=1, groups=(Group(members=("a", "b")),))
    text = round_text(drawn)
    assert text == "round: 2026-03\nseed: s\nengine: 1\ngroups:\n  - members: [a, b]\n"
    assert Round.from_dict(reread(tmp_path, text).data) == drawn
    old = Round.from_dict(reread(tmp_path, text.replace("engine: 1\n", "")).data)
    assert old.engine is None and old.groups == drawn.groups
    assert "engine" not in round_text(old)


def test_eligibility_follows_joining_and_pauses():
    person = Participant(
        github="a", name="A", organisation="O", joined=dt.date(2026, 3, 31), paused_until="2026-05"
    )
    assert not person.is_eligible("2026-02")  # before joining
    assert not person.is_eligible("2026-04")  # paused until May
    assert person.is_eligible("2026-05")
    stopped = Participant(
        github="b", name="B", organisation="O", joined=dt.date(2026, 1, 1), paused=True
    )
    assert not stopped.is_eligible("2030-01")


def test_the_site_title_is_the_schemes_name_unless_given():
    assert (
        Scheme.from_dict({"organiser": "T", "name": "Borsetshire Coffee"}).title
        == "Borsetshire Coffee"
    )
    given = Scheme.from_dict(
        {"organiser": "T", "name": "Borsetshire Coffee", "site_title": "Coffee roulette"}
    )
    assert given.title == "Coffee roulette"
    assert "site_title" not in Scheme.from_dict({"organiser": "T", "name": "Ours"}).to_dict()
    assert Scheme.from_dict(given.to_dict()) == given


def test_scheme_defaults_apply_to_missing_settings():
    scheme = Scheme.from_dict({"organiser": "T", "name": "Ours"})
    assert scheme.name == "Ours"
    assert scheme.stats_threshold == 5 and scheme.signup == "direct"
