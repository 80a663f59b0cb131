"""The fast reader of canonical round files agrees with YAML on every round we can write."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from unmentoring.core.model import Group, Round
from unmentoring.store.repository import round_text
from unmentoring.store.roundfile import parse_canonical
from unmentoring.store.yamlfile import _Loader

# Logins and seeds, including ones YAML would read as numbers, booleans or null unquoted.
TRICKY = ["null", "no", "yes", "on", "off", "y", "n", "true", "123", "1e3", "0x1f", "0o17", "1_0"]
logins = st.sampled_from(TRICKY) | st.from_regex(r"[A-Za-z0-9](-?[A-Za-z0-9]){0,6}", fullmatch=True)
seeds = st.sampled_from([*TRICKY, "2026-03", "12:30", "a b", "x#y", "'q'"]) | st.text(
    alphabet="abc019:-_. #'\"", min_size=1, max_size=12
).filter(lambda s: s.strip() == s and s)


@st.composite
def rounds(draw):
    people = draw(st.lists(logins, min_size=2, max_size=9, unique_by=str.lower))
    groups = [people[i : i + 2] for i in range(0, len(people) - 1, 2)]
    if len(people) % 2:
        groups[-1].append(people[-1])
    return Round(
        round=draw(st.sampled_from(["2026-01", "2026-12"])),
        seed=draw(seeds),
        engine=draw(st.none() | st.integers(1, 10**12)),
        redraws=draw(st.sampled_from([0, 0, 1, 2, 10**10])),
        groups=tuple(
            Group(
                members=tuple(g),
                host=draw(st.none() | st.sampled_from(g)),
                issue=draw(st.none() | st.integers(1, 10**6)),
                outcome=draw(st.sampled_from([None, "met", "not_met"])),
            )
            for g in groups
        ),
    )


def read_as_yaml(text: str):
    loader = _Loader(text)
    try:
        return loader.get_data()
    finally:
        loader.dispose()


@settings(max_examples=300, deadline=None)
@given(rounds())
def test_fast_reader_agrees_with_yaml(drawn):
    text = round_text(drawn)
    assert read_as_yaml(text) == drawn.to_dict()
    fast = parse_canonical(text)
    if fast is not None:
        assert fast == drawn.to_dict()


def test_canonical_rounds_take_the_fast_path():
    drawn = Round(round="2026-03", seed="2026-03-abc", groups=(Group(members=("a", "b"), issue=4),))
    assert parse_canonical(round_text(drawn)) == drawn.to_dict()


def test_the_engine_line_after_the_seed_takes_the_fast_path_and_old_files_still_do():
    drawn = Round(round="2026-03", seed="s", engine=1, groups=(Group(members=("a", "b")),))
    text = round_text(drawn)
    assert text.startswith("round: 2026-03\nseed: s\nengine: 1\ngroups:\n")
    assert parse_canonical(text) == {
        "round": "2026-03",
        "seed": "s",
        "engine": 1,
        **{"groups": [{"members": ["a", "b"]}]},
    }
    old = text.replace("engine: 1\n", "")
    assert parse_canonical(old) == {
        "round": "2026-03",
        "seed": "s",
        "groups": [{"members": ["a", "b"]}],
    }
    for odd in ["engine: 01\n", "engine: 0\n", "engine: -1\n", "engine: '1'\n", "engine: 1.0\n"]:
        assert parse_canonical(text.replace("engine: 1\n", odd)) is None, odd
    assert parse_canonical(text.replace("seed: s\nengine: 1\n", "engine: 1\nseed: s\n")) is None


def test_words_yaml_reads_otherwise_are_left_to_yaml():
    for word in TRICKY:
        text = f"round: 2026-03\nseed: s\ngroups:\n  - members: [alice, {word}]\n"
        assert parse_canonical(text) is None, word


def test_hand_edited_rounds_are_left_to_yaml():
    base = "round: 2026-03\nseed: s\ngroups:\n  - members: [a, b]\n"
    for edited in [
        base + "  # a comment\n",
        base.replace("[a, b]", "[a,b]"),
        base.replace("  - members", "- members"),
        base + "    outcome: met\n    outcome: met\n",
        base.rstrip("\n"),
        base + "    issue: 007\n",
    ]:
        assert parse_canonical(edited) is None, edited


def test_the_host_line_after_the_members_takes_the_fast_path_and_old_files_still_do():
    drawn = Round(
        round="2026-03",
        seed="s",
        engine=3,
        groups=(
            Group(members=("a", "b"), host="b", issue=4),
            Group(members=("c", "yes"), host="yes"),
        ),
    )
    text = round_text(drawn)
    assert "  - members: [a, b]\n    host: b\n    issue: 4\n" in text
    assert "    host: 'yes'\n" in text  # quoted like a member that YAML would read otherwise
    assert parse_canonical(text) == drawn.to_dict()
    assert Round.from_dict(parse_canonical(text)) == drawn
    old = text.replace("    host: b\n", "").replace("    host: 'yes'\n", "")
    assert parse_canonical(old) == {
        "round": "2026-03",
        "seed": "s",
        "engine": 3,
        "groups": [{"members": ["a", "b"], "issue": 4}, {"members": ["c", "yes"]}],
    }


def test_hosts_out_of_place_are_left_to_yaml():
    base = "round: 2026-03\nseed: s\ngroups:\n  - members: [a, b]\n"
    for edited in [
        base + "    issue: 4\n    host: a\n",
        base + "    host: a\n    host: b\n",
        base + "    host: yes\n",
        base + "    host:  a\n",
    ]:
        assert parse_canonical(edited) is None, edited


def test_the_redraws_line_after_the_engine_takes_the_fast_path():
    drawn = Round(
        round="2026-03", seed="s", engine=3, redraws=2, groups=(Group(members=("a", "b")),)
    )
    text = round_text(drawn)
    assert text.startswith("round: 2026-03\nseed: s\nengine: 3\nredraws: 2\ngroups:\n")
    assert parse_canonical(text) == drawn.to_dict()
    assert "redraws" not in round_text(Round(round="2026-03", seed="s", groups=drawn.groups))
    for odd in ["redraws: 0\n", "redraws: 01\n", "redraws: '2'\n"]:
        assert parse_canonical(text.replace("redraws: 2\n", odd)) is None, odd
