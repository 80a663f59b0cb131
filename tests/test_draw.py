"""``unmentoring pair``: eligibility, writing, never overwriting, dry run, --check, exit codes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from unmentoring import cli
from unmentoring.commands import pair as pair_command
from unmentoring.core.engine import ENGINE
from unmentoring.store import repository

SAMPLE = Path(cli.__file__).parent / "sample"


@pytest.fixture
def scheme(tmp_path: Path) -> Path:
    root = tmp_path / "scheme"
    shutil.copytree(SAMPLE, root)
    return root


def pair(root: Path, *args: str) -> int:
    return cli.main(["pair", "--repo", str(root), *args])


def write_person(root: Path, login: str, organisation="Somewhere", extra: str = "") -> None:
    text = f"github: {login}\nname: {login}\norganisation: {organisation}\njoined: 2026-01-02\n"
    (root / "participants" / f"{login}.yaml").write_text(text + extra)


def only_people(root: Path, *logins: str, extra: dict[str, str] | None = None) -> None:
    shutil.rmtree(root / "participants")
    (root / "participants").mkdir()
    for login in logins:
        write_person(root, login, extra=(extra or {}).get(login, ""))


def test_draws_and_writes_a_valid_round_with_everyone_eligible(scheme, capsys):
    assert pair(scheme, "--round", "2026-02") == 0
    loaded = repository.load_valid(scheme)
    drawn = loaded.rounds["2026-02"]
    eligible = {p.login for p in loaded.participants.values() if p.is_eligible("2026-02")}
    assert sorted(drawn.members) == sorted(eligible)
    paused = {p.login for p in loaded.participants.values() if p.paused}
    assert paused  # the sample has paused people, and they are not drawn
    assert not paused & set(drawn.members)
    assert "written to rounds/2026-02.yaml" in capsys.readouterr().out


def test_the_round_file_records_the_engine_after_the_seed(scheme):
    assert pair(scheme, "--round", "2026-02", "--seed", "s") == 0
    lines = (scheme / "rounds" / "2026-02.yaml").read_text().splitlines()
    assert lines[:3] == ["round: 2026-02", "seed: s", f"engine: {ENGINE}"]
    assert repository.load_valid(scheme).rounds["2026-02"].engine == ENGINE


def test_never_overwrites_a_drawn_round(scheme, capsys):
    assert pair(scheme, "--round", "2026-02", "--seed", "first") == 0
    before = (scheme / "rounds" / "2026-02.yaml").read_bytes()
    assert pair(scheme, "--round", "2026-02", "--seed", "second") == 0
    assert "already drawn" in capsys.readouterr().out
    assert (scheme / "rounds" / "2026-02.yaml").read_bytes() == before


def test_dry_run_prints_the_round_and_writes_nothing(scheme, capsys):
    assert pair(scheme, "--round", "2026-02", "--dry-run", "--seed", "s") == 0
    printed = capsys.readouterr().out
    assert not (scheme / "rounds").exists()
    assert pair(scheme, "--round", "2026-02", "--seed", "s") == 0
    assert (scheme / "rounds" / "2026-02.yaml").read_text() == printed


def test_same_data_and_seed_give_a_byte_identical_file(scheme, tmp_path):
    other = tmp_path / "other"
    shutil.copytree(scheme, other)
    for root in (scheme, other):
        assert pair(root, "--round", "2026-02") == 0
    first = (scheme / "rounds" / "2026-02.yaml").read_bytes()
    assert first == (other / "rounds" / "2026-02.yaml").read_bytes()
    assert b"seed: 2026-02-" in first  # the derived seed is recorded


def test_the_derived_seed_changes_with_the_data(scheme, capsys):
    assert pair(scheme, "--round", "2026-02", "--dry-run") == 0
    before = capsys.readouterr().out
    write_person(scheme, "newcomer")
    assert pair(scheme, "--round", "2026-02", "--dry-run") == 0
    after = capsys.readouterr().out
    assert before.splitlines()[1] != after.splitlines()[1]  # the seed line


def test_check_reproduces_a_round_and_notices_changed_data(scheme, capsys):
    assert pair(scheme, "--round", "2026-02") == 0
    assert pair(scheme, "--round", "2026-02", "--check") == 0
    assert "reproduced" in capsys.readouterr().out
    write_person(scheme, "latecomer")
    assert pair(scheme, "--round", "2026-02", "--check") == 1
    out = capsys.readouterr().out
    assert "NOT reproduced" in out and "latecomer is eligible in this data but was not drawn" in out
    assert "checked against TODAY's data" in out  # a plain folder, not a git work tree


def test_check_of_a_round_not_drawn_is_refused(scheme, capsys):
    assert pair(scheme, "--round", "2026-02", "--check") == 1
    assert "has not been drawn" in capsys.readouterr().err


def test_rounds_asked_for_before_the_start_are_refused(scheme, capsys):
    assert pair(scheme, "--round", "2025-12") == 1
    assert "before the scheme's start" in capsys.readouterr().err
    assert not (scheme / "rounds").exists()


def test_a_scheduled_run_before_the_start_does_nothing_and_succeeds(scheme, capsys, monkeypatch):
    """No --round: the month is today's, as in the scheduled workflow; it must stay green."""
    monkeypatch.setattr(pair_command, "current_month", lambda: "2025-12")  # sample: 2026-01
    assert pair(scheme) == 0
    out = capsys.readouterr().out
    assert "round 2025-12 not drawn: the scheme starts in 2026-01" in out
    assert not (scheme / "rounds").exists()


def test_a_bad_month_is_a_usage_error(scheme, capsys):
    with pytest.raises(SystemExit) as exit_:
        pair(scheme, "--round", "2026-13")
    assert exit_.value.code == 2
    assert "not a month" in capsys.readouterr().err


@pytest.mark.parametrize(
    "first, second", [("--dry-run", "--check"), ("--dry-run", "--push"), ("--check", "--push")]
)
def test_dry_run_check_and_push_do_not_go_together(scheme, capsys, first, second):
    with pytest.raises(SystemExit) as exit_:
        pair(scheme, first, second)
    assert exit_.value.code == 2
    assert f"argument {second}: not allowed with argument {first}" in capsys.readouterr().err
    assert not (scheme / "rounds").exists()


def test_an_invalid_participant_file_leaves_only_that_person_out(scheme, capsys, monkeypatch):
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    only_people(scheme, "ann", "bob", "cat")
    broken = scheme / "participants" / "cat.yaml"
    broken.write_text(broken.read_text().replace("joined: 2026-01-02", "joined: someday"))
    assert pair(scheme, "--round", "2026-02") == 0
    captured = capsys.readouterr()
    assert "warning: participants/cat.yaml:4: " in captured.err
    assert sorted(repository.load(scheme)[0].rounds["2026-02"].members) == ["ann", "bob"]


def test_in_github_actions_the_warnings_are_annotations(scheme, capsys, monkeypatch):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    (scheme / "participants" / "broken.yaml").write_text("github: someone-else\n")
    assert pair(scheme, "--round", "2026-02") == 0
    err = capsys.readouterr().err
    assert "::warning file=participants/broken.yaml,line=1::" in err
    assert "::error" not in err
    assert (scheme / "rounds" / "2026-02.yaml").is_file()


@pytest.mark.parametrize(
    ("file", "text"),
    [("rounds/2026-01.yaml", "round: 2026-01\nseed: x\ngroups: nonsense\n"), ("scheme.yaml", "[")],
)
def test_problems_in_the_rounds_or_the_scheme_stop_the_draw(scheme, capsys, file, text):
    (scheme / file).parent.mkdir(exist_ok=True)
    (scheme / file).write_text(text)
    assert pair(scheme, "--round", "2026-02") == 1
    err = capsys.readouterr().err
    assert f"{file}:" in err and "problem(s) in the data" in err
    assert not (scheme / "rounds" / "2026-02.yaml").exists()


@pytest.mark.parametrize("logins", [(), ("alone",)])
def test_fewer_than_two_people_writes_nothing_and_succeeds(scheme, capsys, logins):
    only_people(scheme, *logins)
    assert pair(scheme, "--round", "2026-02") == 0
    assert "not drawn" in capsys.readouterr().out
    assert not (scheme / "rounds").exists()


def test_late_joiners_and_pauses_are_left_out(scheme):
    only_people(
        scheme,
        "ann",
        "bob",
        "cat",
        "dan",
        "eve",
        extra={"cat": "paused: true\n", "dan": "paused_until: 2026-03\n"},
    )
    late = scheme / "participants" / "eve.yaml"
    late.write_text(late.read_text().replace("2026-01-02", "2026-03-31"))
    assert pair(scheme, "--round", "2026-02") == 0
    assert sorted(repository.load_valid(scheme).rounds["2026-02"].members) == ["ann", "bob"]
    assert pair(scheme, "--round", "2026-03") == 0  # dan is back; eve joined in March
    assert sorted(repository.load_valid(scheme).rounds["2026-03"].members) == [
        "ann",
        "bob",
        "dan",
        "eve",
    ]


def test_rounds_drawn_out_of_order_use_only_earlier_history(scheme, tmp_path):
    only_people(scheme, "ann", "bob", "cat", "dan")
    without_may = tmp_path / "without-may"
    shutil.copytree(scheme, without_may)
    assert pair(scheme, "--round", "2026-05") == 0
    assert pair(scheme, "--round", "2026-03") == 0  # drawn after May: May is not its history
    assert pair(without_may, "--round", "2026-03") == 0
    march = (scheme / "rounds" / "2026-03.yaml").read_bytes()
    assert march == (without_may / "rounds" / "2026-03.yaml").read_bytes()
    assert pair(scheme, "--round", "2026-03", "--check") == 0
    # April, drawn last, counts March as history (with May skipped over): no repeat of it.
    assert pair(scheme, "--round", "2026-04") == 0
    loaded = repository.load_valid(scheme)
    pairs = {month: {frozenset(g.members) for g in r.groups} for month, r in loaded.rounds.items()}
    assert not pairs["2026-03"] & pairs["2026-04"]


@pytest.mark.parametrize(
    "given, said",
    [
        (("--check", "--seed", "foo"), "--seed does not go with --check"),
        (("--check", "--remote", "upstream"), "--remote goes with --push"),
        (("--dry-run", "--remote", "upstream"), "--remote goes with --push"),
    ],
)
def test_options_a_check_or_dry_run_would_ignore_are_usage_errors(scheme, capsys, given, said):
    assert pair(scheme, "--round", "2026-02") == 0
    with pytest.raises(SystemExit) as exit_:
        pair(scheme, "--round", "2026-02", *given)
    assert exit_.value.code == 2
    assert said in capsys.readouterr().err


def test_remote_goes_with_push(scheme):
    """--remote with --push is no usage error (the push itself fails here: no such remote)."""
    assert pair(scheme, "--round", "2026-02", "--push", "--remote", "nowhere") == 1
