"""Golden draws: fixed inputs and the rounds the draw engine gives them, byte for byte.

Each case in tests/golden/draws/<case>/ has input.yaml (month, seed, people with their
organisations, earlier rounds, and for some cases how often and how people would like to meet)
and expected.yaml (the round file `pair` writes for it, with its `engine:` line). The inputs are
made by the generators below from fixed seeds, never by the engine, so a change to the engine
cannot change them. A change to the code that alters any of
these draws fails here: that is what ENGINE in core/engine.py is for. Raise it, then regenerate:

    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden_draws.py

engines.json records, for each engine number, a digest of every case's input and of its draw.
Under one engine the same input must always give the same draw, so regenerating changed draws
without raising ENGINE fails too (cases that are new, or whose inputs changed, are recorded).
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import json
import os
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from unmentoring.core import draws, pairing
from unmentoring.core.engine import ENGINE
from unmentoring.core.meeting import DEFAULT_EVERY, Meet
from unmentoring.core.model import Group, Participant, Round
from unmentoring.store.repository import round_text
from unmentoring.store.roundfile import parse_canonical
from unmentoring.store.yamlfile import _Loader, dump, write_atomically

GOLDEN = Path(__file__).parent / "golden" / "draws"
ENGINES = GOLDEN / "engines.json"
REGENERATE = "UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden_draws.py"
DIFF_LINES = 60

ORGANISATIONS = [
    "Ambridge Parish Council",
    "Borsetshire County Council",
    "Borchester Borough Council",
    "Felpersham City Council",
    "Loxley Barrett Housing Trust",
    "Penny Hassett Fire & Rescue",
    "Hollerton Library Service",
    "Darrington Parks",
]


# Areas for the cases with ways to meet: a few regions, so that some who want to meet only in
# person share one, and "Outside the UK" and no area, where they share none.
AREAS: tuple[str | None, ...] = (None, "London", "London", "Wales", "North West", "Outside the UK")


def _logins(count: int) -> list[str]:
    return [f"p{i:03d}" for i in range(1, count + 1)]


def _months(first: str, count: int) -> list[str]:
    year, month = map(int, first.split("-"))
    out = []
    for _ in range(count):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def _random_round(rng: random.Random, logins: list[str]) -> list[list[str]]:
    """Pairs at random, a trio at the end when the count is odd: history not drawn by the engine."""
    shuffled = list(logins)
    rng.shuffle(shuffled)
    groups = [shuffled[i : i + 2] for i in range(0, len(shuffled) - 1, 2)]
    if len(shuffled) % 2:
        groups[-1].append(shuffled[-1])
    return groups


def _case(
    name: str,
    people: dict[str, str],
    *,
    history: int = 0,
    present: float = 1.0,
    leavers: int = 0,
    hosts: bool = False,
    preferences: dict[str, dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """One case's input: ``history`` monthly rounds from January 2026, then the round drawn.

    A person took part in each earlier round with probability ``present``; ``leavers`` people
    took part in the history but have left. With ``hosts``, each earlier group names a host
    (chosen at random, as history not drawn by the engine), as rounds of engine 3 on do.
    ``preferences``: each person's ``every``, ``meet`` and ``area`` that are not the default.
    """
    rng = random.Random(f"golden draw {name}")
    gone = [f"left{i:02d}" for i in range(1, leavers + 1)]
    rounds: dict[str, list[list[str]]] = {}
    hosted: dict[str, list[str]] = {}
    *earlier, month = _months("2026-01", history + 1)
    for past in earlier:
        taking_part = [login for login in [*people, *gone] if rng.random() < present]
        if len(taking_part) >= 2:
            rounds[past] = _random_round(rng, sorted(taking_part))
            if hosts:
                hosted[past] = [rng.choice(group) for group in rounds[past]]
    case: dict[str, Any] = {
        "month": month,
        "seed": f"golden-{name}",
        "people": people,
        "rounds": rounds,
    }
    if hosts:  # only here, so the other cases' inputs stay as they were
        case["hosts"] = hosted
    if preferences:  # likewise (engine 4 on)
        case["preferences"] = preferences
    return case


def _preferences(
    logins: list[str],
    rng_name: str,
    *,
    video: float = 0.2,
    in_person: float = 0.15,
    sparing: float = 0.15,
    areas: tuple[str | None, ...] = AREAS,
) -> dict[str, dict[str, Any]]:
    """How often and how people would like to meet, at random: ``video`` of them by video only,
    ``in_person`` in person only, the rest either way; each with an area from ``areas`` (None:
    none given); ``sparing`` of them every 2 or 3 months. Only values other than the defaults."""
    rng = random.Random(rng_name)
    chosen: dict[str, dict[str, Any]] = {}
    for login in logins:
        draw = rng.random()
        meet = "video" if draw < video else "in-person" if draw < video + in_person else None
        area = rng.choice(areas)
        every = rng.choice([2, 3]) if rng.random() < sparing else None
        values = {"every": every, "meet": meet, "area": area}
        if any(value is not None for value in values.values()):
            chosen[login] = {key: value for key, value in values.items() if value is not None}
    return chosen


def _spread(count: int, organisations: list[str]) -> dict[str, str]:
    return {login: organisations[i % len(organisations)] for i, login in enumerate(_logins(count))}


def _with_one_big(count: int, big: int, rng_name: str) -> dict[str, str]:
    """``big`` of ``count`` people in one organisation, the rest spread over the others."""
    rng = random.Random(rng_name)
    logins = _logins(count)
    insiders = set(rng.sample(logins, big))
    others = ORGANISATIONS[2:]
    return {
        login: ORGANISATIONS[1] if login in insiders else others[i % len(others)]
        for i, login in enumerate(logins)
    }


CASES: dict[str, Callable[[], dict[str, Any]]] = {
    "even-6": lambda: _case("even-6", _spread(6, ORGANISATIONS)),
    "odd-7": lambda: _case("odd-7", _spread(7, ORGANISATIONS)),
    "two-people": lambda: _case("two-people", _spread(2, ORGANISATIONS), history=3),
    "trio-only-3": lambda: _case("trio-only-3", _spread(3, ORGANISATIONS), history=2),
    "odd-with-trio-history-9": lambda: _case(
        "odd-with-trio-history-9", _spread(9, ORGANISATIONS), history=5
    ),
    "history-heavy-16": lambda: _case(
        "history-heavy-16", _spread(16, ORGANISATIONS[:5]), history=14, present=0.9, leavers=3
    ),
    "history-heavy-30": lambda: _case("history-heavy-30", _spread(30, ORGANISATIONS), history=28),
    "forced-repeats-4": lambda: _case("forced-repeats-4", _spread(4, ORGANISATIONS), history=5),
    "forced-repeats-odd-5": lambda: _case(
        "forced-repeats-odd-5", _spread(5, ORGANISATIONS[:2]), history=7
    ),
    "one-organisation-half-10": lambda: _case(
        "one-organisation-half-10", _with_one_big(10, 5, "half"), history=2
    ),
    "one-organisation-most-13": lambda: _case(
        "one-organisation-most-13", _with_one_big(13, 9, "most"), history=3
    ),
    "no-organisation-8": lambda: _case(
        "no-organisation-8",
        dict(
            zip(
                _logins(8),
                [
                    *["none", "Independent", "freelance", "n/a", "Self-employed", "none"],
                    *["Ambridge Parish Council", "ambridge  parish council."],
                ],
                strict=True,
            )
        ),
        history=2,
    ),
    "joiners-and-leavers-12": lambda: _case(
        "joiners-and-leavers-12",
        _spread(12, ORGANISATIONS[:4]),
        history=6,
        present=0.6,
        leavers=4,
    ),
    "large-200": lambda: _case(
        "large-200", _with_one_big(200, 60, "large"), history=6, present=0.85, leavers=20
    ),
    "large-odd-151": lambda: _case(
        "large-odd-151", _spread(151, ORGANISATIONS), history=4, present=0.9
    ),
    # A stable scheme that has run for years: engine 1 gave the trio to someone who had been in
    # one while three who never had could take it at no cost on the tiers above (engine 2).
    "stable-51-trio-rotation": lambda: _case(
        "stable-51-trio-rotation", _spread(51, ORGANISATIONS), history=35
    ),
    # Earlier rounds with hosts (engine 3 on): the host is whoever hosted least, ties by seed.
    "hosts-history-11": lambda: _case(
        "hosts-history-11", _spread(11, ORGANISATIONS), history=6, present=0.9, hosts=True
    ),
    # Engine 4 on: every (who sits this round out), meet and area (who can meet as they want).
    "ways-to-meet-20": lambda: _case(
        "ways-to-meet-20",
        _spread(20, ORGANISATIONS),
        history=4,
        present=0.9,
        preferences=_preferences(_logins(20), "ways", sparing=0.0),
    ),
    "in-person-only-odd-15": lambda: _case(
        "in-person-only-odd-15",
        _spread(15, ORGANISATIONS[:4]),
        history=3,
        preferences=_preferences(_logins(15), "in person", video=0.1, in_person=0.6, sparing=0),
    ),
    "every-2-and-3-14": lambda: _case(
        "every-2-and-3-14",
        _spread(14, ORGANISATIONS),
        history=5,
        present=0.9,
        preferences=_preferences(_logins(14), "every", video=0, in_person=0, sparing=0.5),
    ),
    "mixed-large-121": lambda: _case(
        "mixed-large-121",
        _with_one_big(121, 40, "mixed"),
        history=6,
        present=0.85,
        hosts=True,
        preferences=_preferences(_logins(121), "mixed"),
    ),
}


def input_text(case: dict[str, Any]) -> str:
    return dump(case)


def read_yaml(text: str) -> Any:
    loader = _Loader(text)
    try:
        return loader.get_data()
    finally:
        loader.dispose()


def drawn_text(case: dict[str, Any]) -> str:
    """The round file `pair` writes for this input (everyone in ``people`` is eligible, but for
    those that ``every`` has sit this round out)."""
    preferences = case.get("preferences", {})
    people = [
        Participant(
            github=login,
            name=login,
            organisation=organisation,
            joined=dt.date(2026, 1, 1),
            every=preferences.get(login, {}).get("every", DEFAULT_EVERY),
            meet=Meet(preferences.get(login, {}).get("meet", Meet.EITHER)),
            area=preferences.get(login, {}).get("area"),
        )
        for login, organisation in sorted(case["people"].items())
    ]
    hosts = case.get("hosts", {})
    past = [
        Round(
            round=month,
            seed=f"golden-{month}",
            groups=tuple(
                Group(members=tuple(g), host=hosts[month][i] if month in hosts else None)
                for i, g in enumerate(groups)
            ),
        )
        for month, groups in sorted(case["rounds"].items())
    ]
    taking_part = draws.drawn_in(people, past, case["month"])
    return round_text(draws.draw(case["month"], taking_part, past, case["seed"]))


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def recorded_engines() -> dict[str, dict[str, dict[str, str]]]:
    return json.loads(ENGINES.read_text(encoding="utf-8")) if ENGINES.exists() else {}


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_inputs_are_what_the_generator_makes(name):
    made = input_text(CASES[name]())
    file = GOLDEN / name / "input.yaml"
    if os.environ.get("UPDATE_GOLDEN"):
        write_atomically(file, made)
    assert file.read_text(encoding="utf-8") == made, (
        f"{file} is stale: regenerate with {REGENERATE}"
    )


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_draw_is_the_golden_one_and_of_this_engine(name):
    folder = GOLDEN / name
    given = (folder / "input.yaml").read_text(encoding="utf-8")
    drawn = drawn_text(read_yaml(given))
    expected_file = folder / "expected.yaml"
    record = recorded_engines()
    known = record.get(str(ENGINE), {}).get(name)
    if os.environ.get("UPDATE_GOLDEN"):
        if known and known["input"] == digest(given) and known["round"] != digest(drawn):
            pytest.fail(
                f"golden draw {name}: the draw changed but ENGINE is still {ENGINE}; raise ENGINE "
                "in scripts/unmentoring/core/engine.py, then regenerate"
            )
        write_atomically(expected_file, drawn)
        record.setdefault(str(ENGINE), {})[name] = {"input": digest(given), "round": digest(drawn)}
        write_atomically(ENGINES, json.dumps(record, indent=2, sort_keys=True) + "\n")
        known = record[str(ENGINE)][name]
    expected = expected_file.read_text(encoding="utf-8")
    if drawn != expected:
        diff = difflib.unified_diff(
            expected.splitlines(),
            drawn.splitlines(),
            f"{name}/expected.yaml",
            "drawn now",
            lineterm="",
        )
        shown = list(diff)
        more = (
            f"\n... and {len(shown) - DIFF_LINES} more line(s)" if len(shown) > DIFF_LINES else ""
        )
        pytest.fail(
            f"golden draw {name}: the same inputs and seed now give a different round. If the "
            "change is intended, raise ENGINE in scripts/unmentoring/core/engine.py and "
            f"regenerate with `{REGENERATE}`\n\n" + "\n".join(shown[:DIFF_LINES]) + more,
            pytrace=False,
        )
    written_by = (parse_canonical(expected) or {}).get("engine")
    assert written_by == ENGINE, (
        f"{expected_file} was drawn by engine {written_by}, but ENGINE is {ENGINE}: regenerate "
        f"with `{REGENERATE}`"
    )
    assert known == {"input": digest(given), "round": digest(drawn)}, (
        f"tests/golden/draws/engines.json has no record of engine {ENGINE} drawing {name} this "
        f"way: regenerate with `{REGENERATE}` (after raising ENGINE if the draw changed)"
    )


def test_there_are_about_a_dozen_cases_and_nothing_else():  # after the others: UPDATE_GOLDEN
    on_disk = sorted(p.name for p in GOLDEN.iterdir() if p.is_dir())
    assert on_disk == sorted(CASES), f"regenerate with {REGENERATE}"
    assert len(CASES) >= 12


def test_the_goldens_notice_a_change_to_the_random_choices(monkeypatch):
    """A different random generator (as a change to a tie-break would be) alters most draws."""
    monkeypatch.setattr(pairing, "seeded_random", lambda seed: random.Random(f"other {seed}"))
    changed = [
        name
        for name in sorted(CASES)
        if drawn_text(read_yaml((GOLDEN / name / "input.yaml").read_text(encoding="utf-8")))
        != (GOLDEN / name / "expected.yaml").read_text(encoding="utf-8")
    ]
    assert len(changed) >= len(CASES) // 2, changed
