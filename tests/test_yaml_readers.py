"""Every file the project writes reads back as the same text under PyYAML, YAML 1.1 and 1.2.

Participants' answers become YAML scalars. A name typed as ``2024-01-01``, ``1e3`` or ``y``, or a
login like ``1e3``, must not turn into a date, a number or ``true`` for another tool that reads
the repository: PyYAML's ``safe_load``, a YAML 1.1 reader (ruamel.yaml in 1.1 mode, which knows
1.1's ``y``/``n`` booleans and sexagesimal numbers) or a YAML 1.2 one (ruamel.yaml's default,
which reads ``1e3`` as a float).
"""

from __future__ import annotations

import datetime as dt
import io
import warnings

import pytest
import ruamel.yaml
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from unmentoring.core.model import Group, Participant, Round
from unmentoring.store.repository import participant_text, round_text
from unmentoring.store.roundfile import parse_canonical
from unmentoring.store.yamlfile import dump

# Words each reader takes for something else, and near misses that are text to all of them.
TRICKY = [
    "2024-01-01",
    "2001-12-14t21:59:43.10-05:00",
    "1e3",
    "1E3",
    "-1e-3",
    "1.0e+3",
    "1_000",
    "0x10",
    "0o7",
    "017",
    "0b101",
    "190:20:30",
    "1:20",
    ".inf",
    "-.Inf",
    ".NaN",
    ".5",
    "5.",
    "1.2.3",
    "y",
    "Y",
    "n",
    "N",
    "yes",
    "No",
    "on",
    "OFF",
    "true",
    "False",
    "null",
    "Null",
    "~",
    "",
    "=",
    "<<",
    "123",
    "-0",
    "+12",
    "e3",
    "1e",
    "0x",
    "x1e3",
    "2024-1-1",
    "1st",
    "y-z",
]
GITHUB_LOGIN = st.from_regex(r"[A-Za-z0-9](?:-?[A-Za-z0-9]){0,38}", fullmatch=True)
ANY_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
TEXT = st.one_of(st.sampled_from(TRICKY), ANY_TEXT, GITHUB_LOGIN)


def _ruamel(version: tuple[int, int]):
    reader = ruamel.yaml.YAML(typ="safe", pure=True)
    reader.version = version
    return reader


READERS = {
    "PyYAML safe_load": yaml.safe_load,
    "YAML 1.1 (ruamel.yaml)": lambda text: _ruamel((1, 1)).load(io.StringIO(text)),
    "YAML 1.2 (ruamel.yaml)": lambda text: _ruamel((1, 2)).load(io.StringIO(text)),
}


def read_everywhere(text: str) -> dict[str, object]:
    with warnings.catch_warnings():  # ruamel warns about 1.1 floats without a dot, then reads
        warnings.simplefilter("ignore")
        return {name: read(text) for name, read in READERS.items()}


@pytest.mark.parametrize("word", TRICKY)
def test_a_tricky_word_reads_back_as_the_same_text_everywhere(word):
    data = {"name": word, "members": [word, "alice"]}
    for reader, read in read_everywhere(dump(data)).items():
        assert read == data, f"{reader} read {word!r} back as {read!r}"


@settings(max_examples=300, deadline=None)
@given(name=TEXT, about=TEXT, login=GITHUB_LOGIN, other=TEXT)
def test_any_text_reads_back_identically_under_every_reader(name, about, login, other):
    data = {"name": name, "about": f"{about}\n{other}", "members": [login, other]}
    for reader, read in read_everywhere(dump(data)).items():
        assert read == data, reader


@pytest.mark.parametrize("break_", ["\u2028", "\u2029", "\x85"])
def test_line_and_paragraph_separators_are_escaped(break_):
    """YAML 1.1 reads U+2028, U+2029 and U+0085 as line breaks, YAML 1.2 as characters."""
    text = dump({"about": f"one{break_}two\nthree"})
    assert break_ not in text and '"one\\' in text
    for read in read_everywhere(text).values():
        assert read == {"about": f"one{break_}two\nthree"}


def test_a_participant_typed_as_numbers_and_dates_stays_text(tmp_path):
    person = Participant(
        github="1e3", name="2024-01-01", organisation="y", role="1e3", joined=dt.date(2026, 2, 14)
    )
    text = participant_text(person)
    assert "github: '1e3'\n" in text and "name: '2024-01-01'\n" in text
    assert "organisation: 'y'\n" in text and "joined: '2026-02-14'\n" in text
    for reader, read in read_everywhere(text).items():
        assert read == {
            "github": "1e3",
            "name": "2024-01-01",
            "organisation": "y",
            "role": "1e3",
            "joined": "2026-02-14",
        }, reader


def test_a_round_with_number_like_logins_is_still_read_by_the_fast_reader():
    drawn = Round(
        round="2026-03",
        seed="2026-03:ab12",
        groups=(Group(members=("1e3", "alice")), Group(members=("0x10", "123", "y"))),
    )
    text = round_text(drawn)
    assert "[alice, '1e3']" in text or "['1e3', alice]" in text
    fast = parse_canonical(text)
    assert fast is not None, "quoted logins are canonical too"
    for reader, read in read_everywhere(text).items():
        assert read == fast, reader
