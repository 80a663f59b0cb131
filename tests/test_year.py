"""Issue 21's year: fourteen months of a 300-person scheme, day by day, against the fake GitHub
with the platform's faults (tests/year.py). No promise is broken on any day, and the year
really met each fault it claims to model. ``make year`` prints the same figures."""

from __future__ import annotations

import pytest
import year


def test_a_year_on_github_keeps_every_promise():
    ledger = year.simulate()
    assert ledger.violations == []
    assert ledger.failures == []
    counts = ledger.counts
    assert counts["rounds drawn"] == 14
    assert counts["people at the end"] >= 250
    for met in (
        "issues deleted",
        "issues transferred",
        "issues locked",
        "labels removed by hand",
        "accounts renamed",
        "accounts deleted",
        "runs killed",
        "scheduled runs dropped",
        "erase runs cancelled",
        "command runs lost",
        "5xx injected",
        "lost answers injected",
        "leaves by the form",
        "paused as quiet",
        "/met posted",
        "/rematch posted",
        "Pages switched",
        "Needs attention issues",
        "Needs attention edits",
    ):
        assert counts[met] > 0, met


@pytest.mark.parametrize(
    ("skipped", "found"),
    [("announce", "never announced"), ("erase", "an erase run still left them")],
)
def test_the_checks_catch_a_scheme_that_breaks_its_promises(monkeypatch, skipped, found):
    """The same checks fail when a command never does its work: they can fail."""
    real_run = year.Year.run

    def run(self, *args, **kwargs):
        return 0 if args[0] == skipped else real_run(self, *args, **kwargs)

    monkeypatch.setattr(year.Year, "run", run)
    ledger = year.simulate(people=30, months=2, seed=5)
    assert any(found in violation for violation in ledger.violations)
