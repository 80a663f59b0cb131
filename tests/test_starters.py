"""Conversation starters (core/starters.py, store/starters.py): read from the scheme's page,
one per pairing issue, the same on every render, different for the groups of a round, moving
on each round; none without a list."""

from __future__ import annotations

from pathlib import Path

from unmentoring.core import starters
from unmentoring.store import paths
from unmentoring.store import starters as stored

ROOT = Path(__file__).resolve().parent.parent

PAGE = """---
title: Conversation starters
---
Some words first.

## Think

- First thought?
- Second
  thought?

## Do

* One thing to do.

### Notes

- Not a starter.

## share

- Something to share.
"""


def test_the_page_gives_its_bullets_under_think_do_and_share_taking_turns():
    assert starters.read(PAGE) == (
        starters.Starter("Think", "First thought?"),
        starters.Starter("Do", "One thing to do."),
        starters.Starter("Share", "Something to share."),
        starters.Starter("Think", "Second thought?"),
    )


def test_the_templates_list_has_a_dozen_of_each_kind_in_turn():
    page = paths.at(ROOT, paths.STARTERS).read_text(encoding="utf-8")
    found = starters.read(page)
    assert len(found) >= 12
    assert {s.kind for s in found} == set(starters.KINDS)
    assert [s.kind for s in found[:3]] == list(starters.KINDS)
    assert stored.load(paths.at(ROOT, paths.site_part("content"))) == found


def test_the_choice_is_the_same_each_time_differs_by_group_and_moves_on_each_round():
    found = starters.read(paths.at(ROOT, paths.STARTERS).read_text(encoding="utf-8"))
    march = [starters.choose(found, "2026-03", index) for index in range(len(found))]
    assert march == [starters.choose(found, "2026-03", index) for index in range(len(found))]
    assert len(set(march)) == len(found)
    april = [starters.choose(found, "2026-04", index) for index in range(len(found))]
    assert all(a != m for a, m in zip(april, march, strict=True))
    december, january = (starters.choose(found, month, 0) for month in ("2026-12", "2027-01"))
    assert december != january


def test_no_list_or_an_empty_one_gives_no_starter(tmp_path):
    assert stored.load(tmp_path) == ()  # no page
    assert starters.choose((), "2026-03", 0) is None
    assert starters.read("---\ntitle: x\n---\n## Think\n\nNothing listed.\n") == ()
    paths.starters_page(tmp_path).write_bytes(b"\xff\xfe not text")
    assert stored.load(tmp_path) == ()
