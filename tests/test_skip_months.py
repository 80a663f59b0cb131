"""Months without a round (`skip_months` in scheme.yaml): `pair` draws nothing and says why,
sign-up replies, doctor and the site name the next real round, and history is unaffected."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from test_pair_push import clones as clones  # a bare remote and two clones, a fixture
from test_pair_push import git, push_from

from unmentoring.cli import main
from unmentoring.commands import sign_up
from unmentoring.core import follow_up, schedule, setup_checks, stats
from unmentoring.core.model import Participant, Round, Scheme
from unmentoring.core.schedule import next_round, round_after, round_from
from unmentoring.site import builder
from unmentoring.store import repository
from unmentoring.store.issue_forms import FORMS_DIR

ROOT = Path(__file__).resolve().parent.parent
BODIES = Path(__file__).parent / "fixtures" / "issue_bodies"
SUMMER = Scheme(organiser="Tests", skip_months=(8, 12))


# -- the schedule ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scheme", "month", "expected"),
    [
        (SUMMER, "2026-07", "2026-07"),
        (SUMMER, "2026-08", "2026-09"),
        (SUMMER, "2026-12", "2027-01"),
        (
            Scheme(organiser="Tests", skip_months=(11, 12, 1)),
            "2026-11",
            "2027-02",
        ),  # across the year's end
        (
            Scheme(organiser="Tests", start="2026-08", skip_months=(8,)),
            "2026-03",
            "2026-09",
        ),  # start skipped too
        (Scheme(organiser="Tests", start="2026-10", skip_months=(8,)), "2026-08", "2026-10"),
        (Scheme(organiser="Tests"), "2026-08", "2026-08"),
    ],
)
def test_round_from_is_the_first_month_with_a_round(scheme, month, expected):
    assert round_from(scheme, month) == expected


def test_round_after_is_the_next_month_with_a_round():
    assert round_after(SUMMER, "2026-07") == "2026-09"
    assert round_after(SUMMER, "2026-08") == "2026-09"
    assert round_after(SUMMER, "2026-11") == "2027-01"
    assert round_after(Scheme(organiser="Tests"), "2026-07") == "2026-08"


@pytest.mark.parametrize(
    ("drawn", "today", "expected"),
    [
        (set(), dt.date(2026, 8, 2), "2026-09"),  # in a skipped month's draw days
        ({"2026-07"}, dt.date(2026, 7, 3), "2026-09"),  # July drawn: August is skipped
        (set(), dt.date(2026, 7, 20), "2026-09"),  # July's draw days are over
        ({"2026-09"}, dt.date(2026, 8, 20), "2026-10"),
        ({"2026-11"}, dt.date(2026, 11, 2), "2027-01"),
        # A round drawn in a month skipped later stays history; the next one is still real.
        ({"2026-08"}, dt.date(2026, 8, 2), "2026-09"),
    ],
)
def test_next_round_skips_the_months_without_a_round(drawn, today, expected):
    assert next_round(None, drawn, today, SUMMER.skip_months) == expected


def test_every_month_skipped_is_refused_rather_than_looping():
    with pytest.raises(ValueError, match="every month"):
        round_from(Scheme(organiser="Tests", skip_months=tuple(range(1, 13))), "2026-01")


# -- scheme.yaml --------------------------------------------------------------------------


def test_skip_months_loads_sorted_and_without_repeats(scheme_repo):
    scheme_repo.write("scheme.yaml", "start: 2026-01\nskip_months: [12, 8]\norganiser: T\n")
    assert repository.load_scheme(scheme_repo.root).skip_months == (8, 12)
    assert repository.load_scheme(scheme_repo.root).to_dict()["skip_months"] == [8, 12]


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("[13]", "at most 12"),
        ("[0]", "at least 1"),
        ("[8, 8]", "a list of different month numbers"),
        (str(list(range(1, 13))), "at most 11 of them"),
        ("August", "is the text"),
    ],
)
def test_bad_skip_months_name_the_line_and_the_fix(scheme_repo, run_cli, value, words):
    scheme_repo.write("scheme.yaml", f"name: Test\nskip_months: {value}\norganiser: T\n")
    code, out, _ = run_cli("validate", "--repo", scheme_repo.root)
    assert code == 1
    assert "scheme.yaml:2: `skip_months" in out and words in out, out


# -- pair ---------------------------------------------------------------------------------


def skipping(root: Path, months: str = "[8, 12]") -> None:
    scheme = root / "scheme.yaml"
    scheme.write_text(scheme.read_text() + f"skip_months: {months}\n")


def people(scheme_repo, count: int = 4) -> None:
    for number in range(count):
        scheme_repo.add_participant(f"p{number}", organisation=f"Org {number}")


def test_pair_in_a_skipped_month_draws_nothing_says_why_and_exits_0(scheme_repo, run_cli):
    people(scheme_repo)
    skipping(scheme_repo.root)
    code, out, err = run_cli("pair", "--repo", scheme_repo.root, "--round", "2026-08")
    assert code == 0, err
    assert "round 2026-08 not drawn: scheme.yaml skips August (`skip_months`)" in out
    assert "the next round is September 2026 (2026-09)" in out
    assert not (scheme_repo.root / "rounds" / "2026-08.yaml").exists()
    code, out, _ = run_cli("pair", "--repo", scheme_repo.root, "--round", "2026-12", "--dry-run")
    assert code == 0 and "skips December" in out and "January 2027 (2027-01)" in out


def test_the_round_after_a_skipped_month_is_drawn_as_if_the_month_had_no_round(
    scheme_repo, run_cli, tmp_path
):
    """History is unaffected: September after a skipped August is the round September would
    be anyway (August has no round either way), byte for byte."""
    people(scheme_repo, 6)
    assert run_cli("pair", "--repo", scheme_repo.root, "--round", "2026-07")[0] == 0
    plain = tmp_path / "plain"
    shutil.copytree(scheme_repo.root, plain)
    skipping(scheme_repo.root)
    for root in (scheme_repo.root, plain):
        assert run_cli("pair", "--repo", root, "--round", "2026-09")[0] == 0
    september = (scheme_repo.root / "rounds" / "2026-09.yaml").read_text()
    assert september == (plain / "rounds" / "2026-09.yaml").read_text()
    code, out, _ = run_cli("pair", "--repo", scheme_repo.root, "--round", "2026-09", "--check")
    assert code == 0 and "reproduced" in out


def test_pair_push_in_a_skipped_month_pushes_nothing(clones, capsys):
    """The workflow's command: `pair --push` against a bare remote."""
    ours, _ = clones
    skipping(ours)
    push_from(ours, "skip August and December")
    before = git(ours, "rev-parse", "HEAD")
    assert main(["pair", "--repo", str(ours), "--round", "2026-08", "--push"]) == 0
    assert "scheme.yaml skips August" in capsys.readouterr().out
    assert git(ours, "ls-remote", "origin", "main").split()[0] == before.strip()


# -- what names the next round ------------------------------------------------------------


def test_the_sign_up_reply_names_the_next_real_round(scheme_repo):
    shutil.copytree(ROOT / ".github" / "ISSUE_TEMPLATE", scheme_repo.root / FORMS_DIR)
    skipping(scheme_repo.root)
    form = sign_up.load_forms(scheme_repo.root)["join"]
    request = sign_up.Request(login="alex", body=(BODIES / "join_plain.md").read_text())
    outcome = sign_up.evaluate(scheme_repo.root, request, form, today=dt.date(2026, 7, 20))
    assert "The next round is drawn in **September 2026**" in outcome.reply


def test_pausing_for_the_next_round_names_the_round_after_it(scheme_repo):
    shutil.copytree(ROOT / ".github" / "ISSUE_TEMPLATE", scheme_repo.root / FORMS_DIR)
    skipping(scheme_repo.root)
    scheme_repo.add_participant("alex")
    form = sign_up.load_forms(scheme_repo.root)["change"]
    request = sign_up.Request(login="alex", body=(BODIES / "change_pause_next.md").read_text())
    outcome = sign_up.evaluate(scheme_repo.root, request, form, today=dt.date(2026, 7, 3))
    # Sits out July; August has no round, so back in September, and the file says so.
    assert outcome.participant.paused_until == "2026-09"
    assert "sit out the July 2026 round" in outcome.reply
    assert "matched again from September 2026" in outcome.reply


def member(login: str) -> Participant:
    return Participant(github=login, name=login, organisation="O", joined=dt.date(2026, 1, 1))


def test_the_site_and_doctor_name_the_next_real_round():
    loaded = repository.Repository(
        root=Path("."),
        scheme=SUMMER,
        participants={login: member(login) for login in ("a", "b", "c")},
        rounds={"2026-07": Round(round="2026-07", seed="s")},
    )
    counts = stats.count(loaded, "2026-08", dt.date(2026, 8, 3))
    assert counts.next_round == "2026-09" and counts.active_participants == 3
    check = setup_checks.first_round(SUMMER, {"2026-07"}, loaded.participants.values(),
                                     dt.date(2026, 8, 3))  # fmt: skip
    assert "the next round is September 2026 (2026-09)" in check.finding


def test_follow_up_closes_a_round_when_the_next_real_round_is_drawn():
    """A July round stays open through a skipped August and is closed once September's is
    drawn; in August there is only July to follow."""
    assert follow_up.rounds_to_follow({"2026-07"}, dt.date(2026, 8, 20)) == ["2026-07"]
    assert not follow_up.later_round_drawn("2026-07", {"2026-07"})
    drawn = {"2026-07", "2026-09"}
    assert follow_up.rounds_to_follow(drawn, dt.date(2026, 9, 2)) == ["2026-07", "2026-09"]
    assert follow_up.later_round_drawn("2026-07", drawn)
    assert schedule.is_skipped(SUMMER.skip_months, "2026-08")


def test_the_statistics_page_says_which_months_have_no_round(tmp_path):
    site = Path(__file__).parent / "fixtures" / "site_scheme"
    root = tmp_path / "scheme"
    shutil.copytree(site, root)
    scheme = root / "scheme.yaml"
    plain = builder.build(root, tmp_path / "plain", month="2026-03")
    scheme.write_text(scheme.read_text() + "skip_months: [12, 8]\n")
    skipping = builder.build(root, tmp_path / "skipping", month="2026-03")
    assert "one a month, since" in plain["statistics.html"].decode("utf-8")
    assert "one a month except August and December, since" in (
        skipping["statistics.html"].decode("utf-8")
    )
