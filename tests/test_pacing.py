"""The hourly content-creation budget, on its own (the client's use of it: test_github_api)."""

from __future__ import annotations

import pytest

from unmentoring.github.pacing import CreationBudget


def test_a_budget_with_room_needs_no_wait():
    budget = CreationBudget(hourly=3)
    budget.add([100.0, 200.0])
    assert (budget.used(300.0), budget.wait_before_next(300.0)) == (2, 0.0)


def test_a_full_budget_waits_for_enough_creations_to_leave_the_hour():
    budget = CreationBudget(hourly=2)
    budget.add([300.0, 100.0, 200.0])  # in any order
    # Two must leave for one more to fit: the one at 200 leaves at 3800.
    assert budget.wait_before_next(1000.0) == 2800.0
    assert budget.wait_before_next(3800.0) == 0.0
    assert budget.used(3800.0) == 1


def test_a_budget_must_allow_a_creation():
    with pytest.raises(ValueError):
        CreationBudget(hourly=0)
