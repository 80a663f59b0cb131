"""How often (`every: N` in a participant file): `unmentoring pair` leaves someone out of the
N - 1 drawn rounds after one that grouped them, and `pair --check` agrees.

Only drawn rounds count (round files): a month skipped by `skip_months`, or with no round file,
is none. Rounds someone sat out while paused count, so after a pause that long they are drawn.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from unmentoring.commands import sign_up
from unmentoring.commands.sign_up import Request
from unmentoring.core import draws, stats, submissions
from unmentoring.core.model import Group, Participant, Round, Scheme
from unmentoring.core.months import month_name
from unmentoring.store import repository
from unmentoring.store.issue_forms import FORMS_DIR
from unmentoring.store.repository import Repository

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


# -- replies that name the round someone is in ----------------------------------------------

FORMS = Path(__file__).resolve().parent.parent / ".github" / "ISSUE_TEMPLATE"
BODIES = Path(__file__).parent / "fixtures" / "issue_bodies"
TODAY = dt.date(2026, 3, 5)  # March's round not drawn yet: it is the next


def change(scheme_repo, fixture: str) -> submissions.Evaluation:
    shutil.copytree(FORMS, scheme_repo.root / FORMS_DIR, dirs_exist_ok=True)
    form = sign_up.load_forms(scheme_repo.root)["change"]
    text = (BODIES / fixture).read_bytes().decode("utf-8")
    return sign_up.evaluate(scheme_repo.root, Request(login="p1", body=text), form, today=TODAY)


def february(scheme_repo, *members: str) -> None:
    groups = "".join(
        f"  - members: [{a}, {b}]\n" for a, b in zip(members[::2], members[1::2], strict=True)
    )
    scheme_repo.write("rounds/2026-02.yaml", f"round: 2026-02\nseed: s\ngroups:\n{groups}")


@pytest.mark.parametrize(("every", "month"), [(1, "March"), (2, "April"), (3, "May")])
def test_resuming_names_the_round_they_are_drawn_in(scheme_repo, every, month):
    """Paused after February's round, which grouped them, and back in March."""
    people(scheme_repo, 4)
    scheme_repo.add_participant("p1", organisation="Loxley", every=str(every), paused="true")
    february(scheme_repo, "p0", "p1", "p2", "p3")
    outcome = change(scheme_repo, "change_resume.md")
    assert outcome.ok
    assert f"in the {month} 2026 round" in outcome.reply, outcome.reply
    resumed = outcome.participant
    rounds = repository.load_valid(scheme_repo.root).rounds
    drawn_months = ["2026-03", "2026-04", "2026-05"]
    first = next(
        m for m in drawn_months if draws.drawn_in([resumed], [*rounds.values(), *later(m)], m)
    )
    assert month_name(first) == f"{month} 2026"


def later(month: str) -> list[Round]:
    """Rounds drawn from March up to before ``month``, without p1 (they sit them out)."""
    return [
        Round(round=m, seed="s", groups=(Group(members=("p0", "p2")),))
        for m in ["2026-03", "2026-04"]
        if m < month
    ]


def test_resuming_without_a_recent_round_names_the_next_round(scheme_repo):
    people(scheme_repo, 4)
    scheme_repo.add_participant("p1", organisation="Loxley", every="3", paused="true")
    february(scheme_repo, "p0", "p2")
    outcome = change(scheme_repo, "change_resume.md")
    assert "in the March 2026 round" in outcome.reply, outcome.reply


def test_pausing_the_next_round_names_the_round_they_are_back_in(scheme_repo):
    people(scheme_repo, 4)
    scheme_repo.add_participant("p1", organisation="Loxley", every="3")
    february(scheme_repo, "p0", "p1", "p2", "p3")
    outcome = change(scheme_repo, "change_pause_next.md")
    assert "sit out the March 2026 round" in outcome.reply
    assert "matched again from May 2026" in outcome.reply, outcome.reply


def test_the_sites_count_of_the_next_draw_leaves_out_those_sitting_it_out():
    """ "Taking part now: people in the draw for April" counts whom April's round will draw."""
    people_ = [
        Participant(
            github=login, name=login, organisation="Org", joined=dt.date(2026, 1, 1), every=every
        )
        for login, every in [("a", 1), ("b", 2), ("c", 3), ("d", 2)]
    ]
    repo = Repository(
        root=Path("."),
        scheme=Scheme(organiser="Tests"),
        participants={p.login: p for p in people_},
        rounds={
            "2026-02": Round(round="2026-02", seed="s", groups=(Group(members=("c", "d")),)),
            "2026-03": Round(round="2026-03", seed="s", groups=(Group(members=("a", "b")),)),
        },
    )
    counts = stats.count(repo, "2026-03")
    assert counts.next_round == "2026-04"
    assert counts.active_participants == 2  # a, and d (February's round is two rounds back)
