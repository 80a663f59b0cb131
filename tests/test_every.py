"""How often (`every: N` in a participant file): `unmentoring pair` leaves someone out of the
N - 1 drawn rounds after one that grouped them, and `pair --check` agrees.

Only drawn rounds count (round files): a month skipped by `skip_months`, or with no round file,
is none. Rounds someone sat out while paused count, so after a pause that long they are drawn.
"""

from __future__ import annotations

from unmentoring.core import draws
from unmentoring.store import repository

ORGANISATIONS = ["Ambridge", "Borchester", "Felpersham", "Hollerton", "Loxley", "Darrington"]


def people(scheme_repo, count: int = 6, **every: int) -> None:
    """``count`` people p0.. in organisations of their own, with ``every`` where given."""
    for i in range(count):
        login = f"p{i}"
        fields = {"organisation": ORGANISATIONS[i % len(ORGANISATIONS)]}
        if login in every:
            fields["every"] = str(every[login])
        scheme_repo.add_participant(login, **fields)


def drawn(run_cli, scheme_repo, month: str) -> list[str]:
    code, out, err = run_cli("pair", "--repo", scheme_repo.root, "--round", month)
    assert code == 0, out + err
    return repository.load_valid(scheme_repo.root).rounds[month].members


def test_every_two_sits_out_the_round_after_one_that_grouped_them(scheme_repo, run_cli):
    people(scheme_repo, p1=2)
    assert "p1" in drawn(run_cli, scheme_repo, "2026-01")
    assert "p1" not in drawn(run_cli, scheme_repo, "2026-02")
    assert "p1" in drawn(run_cli, scheme_repo, "2026-03")
    assert "p1" not in drawn(run_cli, scheme_repo, "2026-04")


def test_every_three_sits_out_two_drawn_rounds(scheme_repo, run_cli):
    people(scheme_repo, 7, p2=3)
    months = ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05"]
    assert ["p2" in drawn(run_cli, scheme_repo, month) for month in months] == [
        True,
        False,
        False,
        True,
        False,
    ]


def test_everyone_else_is_drawn_every_month(scheme_repo, run_cli):
    people(scheme_repo, p1=2)
    drawn(run_cli, scheme_repo, "2026-01")
    assert sorted(drawn(run_cli, scheme_repo, "2026-02")) == ["p0", "p2", "p3", "p4", "p5"]


def test_a_month_with_no_round_file_is_not_a_drawn_round(scheme_repo, run_cli):
    people(scheme_repo, p1=2)
    assert "p1" in drawn(run_cli, scheme_repo, "2026-01")
    # February was never drawn: March is the next drawn round, which p1 sits out.
    assert "p1" not in drawn(run_cli, scheme_repo, "2026-03")
    assert "p1" in drawn(run_cli, scheme_repo, "2026-04")


def test_a_skipped_month_is_not_a_drawn_round(scheme_repo, run_cli):
    scheme_repo.write(
        "scheme.yaml", "name: Test\norganiser: Tests\nstart: 2026-01\nskip_months: [2]\n"
    )
    people(scheme_repo, p1=2)
    assert "p1" in drawn(run_cli, scheme_repo, "2026-01")
    code, out, _ = run_cli("pair", "--repo", scheme_repo.root, "--round", "2026-02")
    assert code == 0 and "skips February" in out
    assert "p1" not in drawn(run_cli, scheme_repo, "2026-03")
    assert "p1" in drawn(run_cli, scheme_repo, "2026-04")


def test_rounds_sat_out_while_paused_count(scheme_repo, run_cli):
    """Paused through February, back in March: February counts as the round they sit out."""
    people(scheme_repo, p1=2)
    assert "p1" in drawn(run_cli, scheme_repo, "2026-01")
    scheme_repo.add_participant(
        "p1", organisation=ORGANISATIONS[1], every="2", paused_until="2026-03"
    )
    assert "p1" not in drawn(run_cli, scheme_repo, "2026-02")
    assert "p1" in drawn(run_cli, scheme_repo, "2026-03")


def test_the_first_round_after_joining_is_drawn_as_usual(scheme_repo, run_cli):
    people(scheme_repo)
    drawn(run_cli, scheme_repo, "2026-01")
    scheme_repo.add_participant("late", organisation="Penny Hassett", every="3")
    assert "late" in drawn(run_cli, scheme_repo, "2026-02")
    assert "late" not in drawn(run_cli, scheme_repo, "2026-03")


def test_pair_check_reproduces_a_round_that_someone_sat_out(scheme_repo, run_cli):
    people(scheme_repo, p1=2, p4=3)
    drawn(run_cli, scheme_repo, "2026-01")
    sat_out = drawn(run_cli, scheme_repo, "2026-02")
    assert "p1" not in sat_out and "p4" not in sat_out
    code, out, err = run_cli("pair", "--repo", scheme_repo.root, "--round", "2026-02", "--check")
    assert code == 0, out + err
    assert "reproduced" in out and "NOT reproduced" not in out


def test_too_few_after_sitting_out_says_why(scheme_repo, run_cli):
    people(scheme_repo, 2, p0=2, p1=2)
    drawn(run_cli, scheme_repo, "2026-01")
    code, out, _ = run_cli("pair", "--repo", scheme_repo.root, "--round", "2026-02")
    assert code == 0
    assert "nobody is eligible" in out and "how often they take part" in out
    assert "2026-02" not in repository.load_valid(scheme_repo.root).rounds


def test_the_draw_and_the_shared_rule_agree(scheme_repo, run_cli):
    """`draws.eligible` (pair, pair --check, the demo) names who `pair` then draws."""
    people(scheme_repo, 9, p1=2, p2=3, p5=2)
    for month in ["2026-01", "2026-02", "2026-03", "2026-04"]:
        expected = [p.login for p in draws.eligible(repository.load_valid(scheme_repo.root), month)]
        assert sorted(drawn(run_cli, scheme_repo, month)) == expected
