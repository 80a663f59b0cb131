"""``unmentoring pair --check`` in a real git repository: re-draws from the data as it was drawn."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import isolate_git

from unmentoring import cli
from unmentoring.core import draws
from unmentoring.core.engine import ENGINE
from unmentoring.gitops import commit_code
from unmentoring.store import repository

ROUND = "2026-02"
PEOPLE = {"ann": "Ambridge", "bob": "Borchester", "cat": "Felpersham", "dan": "Hollerton"}
PEOPLE |= {"eve": "Loxley", "fay": "Penny Hassett"}
DAY = 86_400
T0 = 1_769_904_000  # 2026-02-01 00:00 UTC


@pytest.fixture
def repo(tmp_path: Path, monkeypatch) -> Path:
    """An empty scheme folder, with git configured for the tests only (no user config)."""
    isolate_git(monkeypatch, tmp_path)
    root = tmp_path / "scheme"
    (root / "participants").mkdir(parents=True)
    (root / "rounds").mkdir()
    (root / "scheme.yaml").write_text("name: Test scheme\norganiser: Tests\nstart: 2026-01\n")
    for login, organisation in PEOPLE.items():
        person(root, login, organisation)
    return root


def person(root: Path, login: str, organisation: str = "Ambridge", extra: str = "") -> None:
    text = f"github: {login}\nname: {login}\norganisation: {organisation}\njoined: 2026-01-02\n"
    (root / "participants" / f"{login}.yaml").write_text(text + extra)


def git(root: Path, *args: str, when: int | None = None, authored: int | None = None) -> str:
    env = dict(os.environ)
    if when is not None:
        env["GIT_COMMITTER_DATE"] = env["GIT_AUTHOR_DATE"] = f"@{when} +0000"
    if authored is not None:
        env["GIT_AUTHOR_DATE"] = f"@{authored} +0000"
    done = subprocess.run(
        ["git", "-c", "init.defaultBranch=main", *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def commit(root: Path, message: str, *paths: str, when: int, authored: int | None = None) -> str:
    git(root, "add", "--all", "--", *(paths or (".",)))
    git(root, "commit", "--quiet", "-m", message, when=when, authored=authored)
    return git(root, "rev-parse", "--short=7", "HEAD").strip()


def pair(root: Path, *args: str) -> int:
    return cli.main(["pair", "--repo", str(root), "--round", ROUND, *args])


def check(root: Path, capsys) -> tuple[int, str]:
    capsys.readouterr()
    status = pair(root, "--check")
    return status, capsys.readouterr().out


def drawn_and_committed(root: Path, *, when: int = T0 + DAY) -> str:
    """Data committed, then the round drawn and committed on its own (as the workflow does)."""
    git(root, "init", "--quiet")
    data = commit(root, "Sign-ups", when=T0)
    assert pair(root) == 0
    commit(root, "Draw the round", "rounds", when=when)
    return data


def test_joins_pauses_and_leaves_after_the_draw_still_reproduce(repo, capsys, tmp_path):
    data = drawn_and_committed(repo)
    person(repo, "gil", "Darrington")  # joins
    person(repo, "ann", "Ambridge", extra="paused: true\n")  # pauses
    (repo / "participants" / "bob.yaml").unlink()  # leaves
    commit(repo, "Changes since the draw", when=T0 + 2 * DAY)
    status, out = check(repo, capsys)
    assert status == 0, out
    assert f"data as of commit {data} (2026-02-01)" in out
    assert f"round {ROUND} reproduced" in out and "the digest of this data" in out
    assert "note:" not in out  # the seed is the data's digest: nobody chose it
    # Without git the same files cannot reproduce it: the history is what makes this pass.
    plain = tmp_path / "plain"
    shutil.copytree(repo, plain, ignore=shutil.ignore_patterns(".git"))
    assert pair(plain, "--check") == 1
    out = capsys.readouterr().out
    assert "TODAY's data" in out and "gil is eligible in this data but was not drawn" in out
    assert "bob was drawn but is not eligible in this data" in out


def test_the_check_leaves_the_working_tree_and_index_alone(repo, capsys):
    drawn_and_committed(repo)
    person(repo, "gil", "Darrington")  # an uncommitted change in the working tree
    index = repo / ".git" / "index"
    before = (index.read_bytes(), index.stat().st_mtime_ns)
    files = {p: p.read_bytes() for p in repo.rglob("*") if p.is_file() and ".git" not in p.parts}
    status, out = check(repo, capsys)
    assert status == 0, out
    assert (index.read_bytes(), index.stat().st_mtime_ns) == before
    after = {p: p.read_bytes() for p in repo.rglob("*") if p.is_file() and ".git" not in p.parts}
    assert after == files


def swap_two_members(root: Path) -> list[str]:
    """Swap the first members of the round's first two groups (a host goes with the person, so
    the file stays valid); the edited members lines."""
    round_file = root / "rounds" / f"{ROUND}.yaml"
    lines = round_file.read_text().splitlines(keepends=True)
    groups = [i for i, line in enumerate(lines) if line.startswith("  - members: [")]
    first, second = groups[0], groups[1]
    a = lines[first].split("[")[1].split(",")[0]
    b = lines[second].split("[")[1].split(",")[0]
    lines[first] = lines[first].replace(f"[{a},", f"[{b},")
    lines[second] = lines[second].replace(f"[{b},", f"[{a},")
    swapped = {f"    host: {a}\n": f"    host: {b}\n", f"    host: {b}\n": f"    host: {a}\n"}
    lines = [swapped.get(line, line) for line in lines]
    round_file.write_text("".join(lines))
    return [lines[first].rstrip(), lines[second].rstrip()]


def with_annotations(text: str, issue: int) -> str:
    """``text`` with an issue number and outcome on the first group, where announce and
    outcomes write them: after the group's members and host."""
    host = next(line for line in text.splitlines() if line.startswith("    host:"))
    return text.replace(host, f"{host}\n    issue: {issue}\n    outcome: met", 1)


def annotate(root: Path, issue: int) -> None:
    """Add an issue number and outcome to the first group, as announce and outcomes do."""
    round_file = root / "rounds" / f"{ROUND}.yaml"
    round_file.write_text(with_annotations(round_file.read_text(), issue))


def test_a_tampered_round_is_not_reproduced_and_the_edit_is_named(repo, capsys):
    data = drawn_and_committed(repo)
    annotate(repo, 41)
    announced = commit(repo, "Announce", when=T0 + 2 * DAY)
    edited = swap_two_members(repo)
    swapped = commit(repo, "Swap two members", when=T0 + 3 * DAY)
    status, out = check(repo, capsys)
    assert status == 1
    assert f"data as of commit {data}" in out and "NOT reproduced" in out
    # The edit is named; the commit that only added annotations is not, nor are other causes.
    assert (
        f"  rounds/{ROUND}.yaml was edited after the draw, in commit {swapped} "
        f"(2026-02-04, Swap two members); see `git log -p rounds/{ROUND}.yaml`"
    ) in out.splitlines()
    assert announced not in out
    assert "history or organisations" not in out and "not committed" not in out
    # The diff takes the tampered lines out and puts the drawn ones back.
    assert f"  -{edited[0]}" in out.splitlines()
    assert f"  -{edited[1]}" in out.splitlines()


def test_an_uncommitted_edit_to_the_round_is_named(repo, capsys):
    drawn_and_committed(repo)
    swap_two_members(repo)
    status, out = check(repo, capsys)
    assert status == 1
    assert f"rounds/{ROUND}.yaml has changes that are not committed" in out
    assert "was edited after the draw" not in out and "history or organisations" not in out


def test_without_edits_a_failed_check_blames_the_data_not_the_round_file(repo, capsys):
    """Drawn on data that was never committed: ann and bob were then in different organisations."""
    git(repo, "init", "--quiet")
    commit(repo, "Sign-ups", when=T0)
    seed = next(s for s in (f"s{i}" for i in range(200)) if pairs_ann_with_bob(repo, s, capsys))
    assert pair(repo, "--seed", seed) == 0
    person(repo, "bob", "Ambridge")  # now ann's colleague: a re-draw keeps them apart
    commit(repo, "Bob's organisation", "participants", when=T0 + DAY // 2)
    commit(repo, "Draw the round", "rounds", when=T0 + DAY)
    status, out = check(repo, capsys)
    assert status == 1, out
    assert "the same people, but different groups: the history or organisations differ" in out
    assert "was edited after the draw" not in out and "not committed" not in out


def pairs_ann_with_bob(root: Path, seed: str, capsys) -> bool:
    capsys.readouterr()
    assert pair(root, "--seed", seed, "--dry-run") == 0
    out = capsys.readouterr().out
    return "[ann, bob]" in out or "[bob, ann]" in out


def test_issue_numbers_and_outcomes_are_left_out_of_the_comparison(repo, capsys):
    drawn_and_committed(repo)
    round_file = repo / "rounds" / f"{ROUND}.yaml"
    round_file.write_text(with_annotations(round_file.read_text(), 41))
    commit(repo, "Announce", when=T0 + 2 * DAY)
    status, out = check(repo, capsys)
    assert status == 0, out


def test_a_round_rebased_onto_a_later_join_uses_the_data_it_was_drawn_on(repo, capsys):
    """The workflow rebases its round commit when someone pushed first (a join, say)."""
    git(repo, "init", "--quiet")
    drawn_on = commit(repo, "Sign-ups", when=T0)
    assert pair(repo) == 0  # drawn at T0 + 1 day, not yet pushed
    person(repo, "gil", "Darrington")
    joined = commit(repo, "Gil joins", "participants", when=T0 + 2 * DAY)
    commit(repo, "Draw the round", "rounds", when=T0 + 3 * DAY, authored=T0 + DAY)
    status, out = check(repo, capsys)
    assert status == 0, out
    assert f"data as of commit {drawn_on} (2026-02-01)" in out and joined not in out


def test_a_round_committed_with_a_join_it_saw_uses_the_round_commit(repo, capsys):
    git(repo, "init", "--quiet")
    commit(repo, "Sign-ups", when=T0)
    person(repo, "gil", "Darrington")
    assert pair(repo) == 0  # drawn by hand with gil's file not yet committed
    both = commit(repo, "Gil joins; draw the round", when=T0 + DAY)
    status, out = check(repo, capsys)
    assert status == 0, out
    assert f"data as of commit {both} (2026-02-02)" in out and "changed other data" in out


def test_a_round_in_the_first_commit_uses_that_commit(repo, capsys):
    git(repo, "init", "--quiet")
    assert pair(repo) == 0
    first = commit(repo, "Everything at once", when=T0)
    status, out = check(repo, capsys)
    assert status == 0, out
    assert f"data as of commit {first}" in out and "the first commit" in out


def test_history_is_the_earlier_rounds_in_that_commit(repo, capsys):
    git(repo, "init", "--quiet")
    commit(repo, "Sign-ups", when=T0)
    assert cli.main(["pair", "--repo", str(repo), "--round", "2026-01"]) == 0
    commit(repo, "Draw January", "rounds", when=T0 + DAY)
    drawn_on = git(repo, "rev-parse", "--short=7", "HEAD").strip()
    assert pair(repo) == 0
    commit(repo, "Draw February", "rounds", when=T0 + 2 * DAY)
    # January is rewritten afterwards: February's check must use January as it was.
    (repo / "rounds" / "2026-01.yaml").unlink()
    commit(repo, "Remove January", when=T0 + 3 * DAY)
    status, out = check(repo, capsys)
    assert status == 0, out
    assert f"data as of commit {drawn_on}" in out


def test_a_seed_given_by_hand_is_reproduced_and_said_to_be_chosen(repo, capsys):
    git(repo, "init", "--quiet")
    commit(repo, "Sign-ups", when=T0)
    assert pair(repo, "--seed", "chosen") == 0
    commit(repo, "Draw the round", "rounds", when=T0 + DAY)
    status, out = check(repo, capsys)
    assert status == 0, out
    assert "seed 'chosen' (not this data's digest)" in out
    assert (
        "note: this round's seed was chosen by hand (`--seed`), not derived from the data, so "
        "the check shows the groups follow from the seed, not that nobody chose it"
    ) in out.splitlines()


def test_a_hand_chosen_seed_that_looks_derived_is_noted_too(repo, capsys):
    git(repo, "init", "--quiet")
    commit(repo, "Sign-ups", when=T0)
    assert pair(repo, "--seed", f"{ROUND}-0123456789abcdef") == 0
    commit(repo, "Draw the round", "rounds", when=T0 + DAY)
    status, out = check(repo, capsys)
    assert status == 0, out
    note = next(line for line in out.splitlines() if line.startswith("note:"))
    assert "is not the digest of this data" in note and "chosen by hand" in note


def test_outside_git_it_falls_back_to_todays_data_and_says_so(repo, capsys):
    assert pair(repo) == 0
    status, out = check(repo, capsys)
    assert status == 0, out
    assert "checked against TODAY's data" in out and "is not a git work tree" in out


def test_an_uncommitted_round_falls_back_to_todays_data_and_says_so(repo, capsys):
    git(repo, "init", "--quiet")
    commit(repo, "Sign-ups", when=T0)
    assert pair(repo) == 0
    person(repo, "gil", "Darrington")
    status, out = check(repo, capsys)
    assert status == 1
    assert f"rounds/{ROUND}.yaml is not committed" in out and "TODAY's data" in out
    assert "gil is eligible in this data but was not drawn" in out


def test_a_scheme_in_a_subfolder_of_the_git_repository_is_checked_from_history(repo, capsys):
    top = repo.parent / "top"
    top.mkdir()
    git(top, "init", "--quiet")
    inner = top / "scheme"
    shutil.move(repo, inner)
    data = commit(top, "Sign-ups", when=T0)
    assert pair(inner) == 0
    commit(top, "Draw the round", "scheme/rounds", when=T0 + DAY)
    person(inner, "gil", "Darrington")
    commit(top, "Gil joins", when=T0 + 2 * DAY)
    status, out = check(inner, capsys)
    assert status == 0, out
    assert f"data as of commit {data}" in out
    swap_two_members(inner)  # the edit is found at its path in the subfolder
    swapped = commit(top, "Swap two members", when=T0 + 3 * DAY)
    status, out = check(inner, capsys)
    assert status == 1 and f"in commit {swapped} (2026-02-04, Swap two members)" in out


def clone(source: Path, into: Path, depth: int) -> Path:
    # A file:// URL, because a plain path makes a local clone that ignores --depth.
    git(source.parent, "clone", "--quiet", f"--depth={depth}", source.as_uri(), str(into))
    assert git(into, "rev-parse", "--is-shallow-repository").strip() == "true"
    return into


def test_a_shallow_clone_without_the_draws_data_is_refused(repo, capsys, tmp_path):
    drawn_and_committed(repo)
    shallow = clone(repo, tmp_path / "shallow", depth=1)  # only the round's commit
    capsys.readouterr()
    assert pair(shallow, "--check") == 1
    out, err = capsys.readouterr()
    assert "reproduced" not in out and "data as of commit" not in out
    assert "this clone is shallow (made with --depth)" in err
    assert "run `git fetch --unshallow` and check again" in err
    # The full history reproduces the same round: the refusal is about the clone, not the draw.
    assert check(clone_full(repo, tmp_path / "full"), capsys)[0] == 0


def clone_full(source: Path, into: Path) -> Path:
    git(source.parent, "clone", "--quiet", source.as_uri(), str(into))
    return into


def test_a_shallow_clone_with_the_round_commit_and_its_parent_is_checked(repo, capsys, tmp_path):
    data = drawn_and_committed(repo)
    shallow = clone(repo, tmp_path / "shallow", depth=2)  # the round's commit and its parent
    swap_two_members(shallow)
    swapped = commit(shallow, "Swap two members", when=T0 + 2 * DAY)
    status, out = check(shallow, capsys)
    assert status == 1, out  # a real check: it sees the edit, and names it
    assert f"data as of commit {data}" in out and f"in commit {swapped}" in out
    git(shallow, "reset", "--quiet", "--hard", "HEAD~1")
    status, out = check(shallow, capsys)
    assert status == 0, out
    assert f"data as of commit {data}" in out


def test_a_round_in_the_first_commit_is_checked_in_a_shallow_clone(repo, capsys, tmp_path):
    git(repo, "init", "--quiet")
    assert pair(repo) == 0
    first = commit(repo, "Everything at once", when=T0)
    status, out = check(clone(repo, tmp_path / "shallow", depth=1), capsys)
    assert status == 0, out
    assert f"data as of commit {first}" in out and "the first commit" in out


# The code that drew a round: the package in the scheme's repository at the round's commit.
PACKAGE = Path(cli.__file__).parent
# A change to the draw code that alters draws: the same groups, in reverse order.
REVERSED_DRAW = """

import dataclasses as _dataclasses

_draw_before_the_change = draw


def draw(*args, **kwargs):
    drawn = _draw_before_the_change(*args, **kwargs)
    return _dataclasses.replace(drawn, groups=drawn.groups[::-1])
"""


def put_code(
    root: Path, *, append_to_pairing: str = "", main: str | None = None, engine: int = ENGINE
) -> None:
    """scripts/unmentoring in the scheme: this package, optionally changed."""
    code = root / "scripts" / "unmentoring"
    shutil.rmtree(code, ignore_errors=True)
    shutil.copytree(PACKAGE, code, ignore=shutil.ignore_patterns("__pycache__"))
    pairing_file = code / "core" / "pairing.py"
    pairing_file.write_text(pairing_file.read_text() + append_to_pairing)
    engine_file = code / "core" / "engine.py"
    text = engine_file.read_text()
    assert f"\nENGINE = {ENGINE}\n" in text
    engine_file.write_text(text.replace(f"\nENGINE = {ENGINE}\n", f"\nENGINE = {engine}\n"))
    if main is not None:
        (code / "__main__.py").write_text(main)


def pair_with_code_in(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run `unmentoring pair` with the code in the scheme's own scripts/ folder; it must pass."""
    scripts = root / "scripts"
    return subprocess.run(
        [sys.executable, "-m", "unmentoring", "pair", "--repo", str(root), "--round", ROUND, *args],
        cwd=scripts,
        env={**os.environ, "PYTHONPATH": str(scripts)},
        capture_output=True,
        text=True,
        check=True,
    )


def check_both(root: Path, capsys) -> tuple[int, str, str]:
    capsys.readouterr()
    status = pair(root, "--check")
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def set_engine_line(root: Path, engine: int | None) -> None:
    """Give the round file another `engine:` line, or (None) none, as code before engines wrote."""
    round_file = root / "rounds" / f"{ROUND}.yaml"
    lines = round_file.read_text().splitlines(keepends=True)
    assert lines[2].startswith("engine: ")
    lines[2:3] = [f"engine: {engine}\n"] if engine is not None else []
    round_file.write_text("".join(lines))


def drawn_by_this_code_as(root: Path, engine: int | None, *, main: str | None = None) -> str:
    """This package in the scheme; a round drawn with it, its file saying ``engine``; committed."""
    git(root, "init", "--quiet")
    put_code(root, main=main)
    commit(root, "Sign-ups and the draw code", when=T0)
    assert pair(root) == 0
    set_engine_line(root, engine)
    return commit(root, "Draw the round", "rounds", when=T0 + DAY)


def test_the_scheme_checkout_checks_with_the_code_that_drew_not_its_own(repo):
    """The issue's case: drawn, then the draw code changed (and so the engine raised, as the
    rules require) in the repository; checked with the scheme's new code, from its checkout."""
    git(repo, "init", "--quiet")
    put_code(repo)
    commit(repo, "Sign-ups and the draw code", when=T0)
    pair_with_code_in(repo)
    drawn = commit(repo, "Draw the round", "rounds", when=T0 + DAY)
    put_code(repo, append_to_pairing=REVERSED_DRAW, engine=ENGINE + 1)
    commit(repo, "Change the draw code", when=T0 + 2 * DAY)
    recorded = (repo / "rounds" / f"{ROUND}.yaml").read_text()
    (repo / "rounds" / f"{ROUND}.yaml").unlink()
    changed = pair_with_code_in(repo, "--seed", recorded.split("\n")[1][6:], "--dry-run")
    assert changed.stdout != recorded  # the changed code draws differently
    git(repo, "checkout", "--quiet", "--", "rounds")
    done = pair_with_code_in(repo, "--check")
    assert f"re-drawn with the code as of commit {drawn} (engine {ENGINE})" in done.stdout
    assert f"round {ROUND} reproduced" in done.stdout
    assert "warning" not in done.stderr, done.stderr


def test_a_round_drawn_by_an_older_engine_is_reproduced_with_that_code(repo, capsys):
    git(repo, "init", "--quiet")
    put_code(repo, append_to_pairing=REVERSED_DRAW, engine=ENGINE - 1)
    commit(repo, "Sign-ups, and the draw code as it was", when=T0)
    pair_with_code_in(repo)
    drawn = commit(repo, "Draw the round", "rounds", when=T0 + DAY)
    put_code(repo)  # the draw code changes, and the engine with it: this package
    commit(repo, "Change the draw code", when=T0 + 2 * DAY)
    # This code draws the same data and seed differently...
    recorded = repository.load_valid(repo).rounds[ROUND]
    assert recorded.engine == ENGINE - 1
    loaded = repository.load_for_use(repo)
    now = draws.draw(ROUND, draws.eligible(loaded, ROUND), [], recorded.seed)
    assert len(now.groups) == 3
    assert [g.members for g in now.groups] == [g.members for g in recorded.groups][::-1]
    status, out, err = check_both(repo, capsys)
    assert status == 0, out + err
    assert (
        f"round {ROUND}: re-drawn with the code as of commit {drawn} (engine {ENGINE - 1}), "
    ) in out
    assert f"round {ROUND} reproduced" in out
    assert "warning" not in err and "note:" not in out, out + err
    print(out)  # the report quotes this output


# The draw code of engine 2, before hosts: the same groups, none with a host.
NO_HOSTS_DRAW = """

import dataclasses as _dataclasses

_draw_with_hosts = draw


def draw(*args, **kwargs):
    drawn = _draw_with_hosts(*args, **kwargs)
    groups = tuple(_dataclasses.replace(group, host=None) for group in drawn.groups)
    return _dataclasses.replace(drawn, groups=groups)
"""


def test_a_round_of_engine_2_without_hosts_is_reproduced_with_its_code(repo, capsys):
    git(repo, "init", "--quiet")
    put_code(repo, append_to_pairing=NO_HOSTS_DRAW, engine=2)
    commit(repo, "Sign-ups, and the draw code before hosts", when=T0)
    pair_with_code_in(repo)
    drawn = commit(repo, "Draw the round", "rounds", when=T0 + DAY)
    put_code(repo)
    commit(repo, "Hosts", when=T0 + 2 * DAY)
    recorded = repository.load_valid(repo).rounds[ROUND]
    assert recorded.engine == 2 and all(g.host is None for g in recorded.groups)
    assert "host:" not in (repo / "rounds" / f"{ROUND}.yaml").read_text()
    # This code draws the same groups, each with a host, so it alone would not reproduce it.
    loaded = repository.load_for_use(repo)
    now = draws.draw(ROUND, draws.eligible(loaded, ROUND), [], recorded.seed)
    assert [g.members for g in now.groups] == [g.members for g in recorded.groups]
    assert all(g.host in g.members for g in now.groups)
    status, out, err = check_both(repo, capsys)
    assert status == 0, out + err
    assert f"round {ROUND}: re-drawn with the code as of commit {drawn} (engine 2), " in out
    assert f"round {ROUND} reproduced" in out
    assert "warning" not in err and "note:" not in out, out + err


def test_an_edited_host_is_not_reproduced_and_the_edit_is_named(repo, capsys):
    drawn_and_committed(repo)
    round_file = repo / "rounds" / f"{ROUND}.yaml"
    text = round_file.read_text()
    members_line = next(line for line in text.splitlines() if line.startswith("  - members:"))
    first, second = members_line.split("[")[1].rstrip("]").split(", ")[:2]
    host = next(line for line in text.splitlines() if line.startswith("    host:"))
    other = second if host.endswith(f" {first}") else first
    round_file.write_text(text.replace(host, f"    host: {other}", 1))
    edited = commit(repo, "Hand the hosting over", when=T0 + 3 * DAY)
    status, out = check(repo, capsys)
    assert status == 1, out
    assert f"round {ROUND} NOT reproduced" in out
    assert (
        f"  rounds/{ROUND}.yaml was edited after the draw, in commit {edited} "
        f"(2026-02-04, Hand the hosting over); see `git log -p rounds/{ROUND}.yaml`"
    ) in out.splitlines()
    assert f"  -    host: {other}" in out.splitlines() and f"  +{host}" in out.splitlines()


def test_a_draw_change_without_a_new_engine_is_not_reproduced_and_named(repo, capsys):
    """The draw code changed but ENGINE was not raised: this code decides, and says why."""
    git(repo, "init", "--quiet")
    put_code(repo, append_to_pairing=REVERSED_DRAW)  # the same engine number as this code
    commit(repo, "Sign-ups, and the draw code as it was", when=T0)
    pair_with_code_in(repo)
    drawn = commit(repo, "Draw the round", "rounds", when=T0 + DAY)
    put_code(repo)
    changed = commit(repo, "Change the draw code", when=T0 + 2 * DAY)
    status, out, err = check_both(repo, capsys)
    assert status == 1, out + err
    assert f"round {ROUND}: re-drawn with this code (engine {ENGINE})" in out
    assert f"round {ROUND} NOT reproduced" in out and f"round {ROUND} reproduced" not in out
    assert (
        f"  the code as of commit {drawn}, which added rounds/{ROUND}.yaml, reproduces the round, "
        f"yet it and this code both say engine {ENGINE}: the draw code was changed after it in "
        f"commit {changed} (2026-02-03, Change the draw code) without raising the engine number "
        f"(core/engine.py); see `git diff {drawn} HEAD -- scripts/unmentoring`"
    ) in out.splitlines()
    assert "history or organisations" not in out and "was edited" not in out
    assert "warning" not in err, err
    print(out)  # the report quotes this output


def test_an_install_that_differs_from_the_schemes_code_of_the_same_engine_is_named(repo, capsys):
    """The scheme's code drew differently from this code, with the same engine number."""
    git(repo, "init", "--quiet")
    put_code(repo, append_to_pairing=REVERSED_DRAW)
    commit(repo, "Sign-ups, and the draw code", when=T0)
    pair_with_code_in(repo)
    drawn = commit(repo, "Draw the round", "rounds", when=T0 + DAY)
    status, out, _ = check_both(repo, capsys)
    assert status == 1, out
    assert f"the code as of commit {drawn}, which added rounds/{ROUND}.yaml, reproduces" in out
    assert (
        "the draw code was changed without raising the engine number (core/engine.py): this code "
        f"is not the repository's; compare it with `git show {drawn}:scripts/unmentoring`"
    ) in out


def test_a_tampered_round_committed_with_code_that_prints_it_is_not_reproduced(repo, capsys):
    """The reviewers' demonstration: groups swapped by hand, committed with a __main__.py that
    prints the edited file. This code has the round's engine, so it decides."""
    git(repo, "init", "--quiet")
    put_code(repo)
    commit(repo, "Sign-ups and the draw code", when=T0)
    assert pair(repo) == 0
    swap_two_members(repo)
    edited = (repo / "rounds" / f"{ROUND}.yaml").read_text()
    (repo / "scripts" / "unmentoring" / "__main__.py").write_text(f"print({edited!r}, end='')\n")
    drawn = commit(repo, "Draw the round", when=T0 + DAY)
    status, out, err = check_both(repo, capsys)
    assert status == 1, out + err
    assert f"round {ROUND} NOT reproduced" in out and f"round {ROUND} reproduced" not in out
    assert (
        f"warning: commit {drawn}, which added rounds/{ROUND}.yaml, also changed files under "
        "scripts/: the code in it is not necessarily the code that drew the round"
    ) in err.splitlines()


def test_code_that_cannot_run_is_named_and_this_code_checks_instead(repo, capsys):
    git(repo, "init", "--quiet")
    put_code(repo, append_to_pairing="\ndef broken(:\n")
    commit(repo, "Sign-ups, and draw code with a syntax error", when=T0)
    assert pair(repo) == 0  # drawn with this code
    set_engine_line(repo, None)  # as if by code from before engine numbers
    drawn = commit(repo, "Draw the round", "rounds", when=T0 + DAY)
    status, out, err = check_both(repo, capsys)
    assert status == 0, out + err
    assert (
        f"warning: round {ROUND}: cannot re-draw with the code as of commit {drawn}, which added "
        f"rounds/{ROUND}.yaml: it stopped with exit status 1: SyntaxError: invalid syntax; "
        f"re-drawing with this code (engine {ENGINE}) instead"
    ) in err.splitlines()
    assert "Traceback" not in out + err
    assert f"round {ROUND}: re-drawn with this code (engine {ENGINE})" in out
    assert f"round {ROUND} reproduced" in out


def test_a_round_of_this_engine_is_checked_with_this_code_alone(repo, capsys):
    """Its commit's code is broken, but this code has the round's engine: it is never run."""
    git(repo, "init", "--quiet")
    put_code(repo, append_to_pairing="\ndef broken(:\n")
    commit(repo, "Sign-ups, and draw code with a syntax error", when=T0)
    assert pair(repo) == 0
    commit(repo, "Draw the round", "rounds", when=T0 + DAY)
    status, out, err = check_both(repo, capsys)
    assert status == 0, out + err
    assert f"round {ROUND}: re-drawn with this code (engine {ENGINE})" in out
    assert "re-drawn with the code as of" not in out and err == ""


def test_a_repository_without_the_code_is_checked_with_this_code(repo, capsys):
    drawn_and_committed(repo)
    status, out, err = check_both(repo, capsys)
    assert status == 0, out + err
    assert f"re-drawn with this code (engine {ENGINE})" in out and err == ""
    drawn = git(repo, "rev-parse", "--short=7", "HEAD").strip()
    set_engine_line(repo, None)  # now it says code from before engine numbers drew it
    commit(repo, "No engine line", when=T0 + 2 * DAY)
    status, out, err = check_both(repo, capsys)
    assert status == 0, out + err
    assert (
        f"cannot re-draw with the code as of commit {drawn}, which added rounds/{ROUND}.yaml: "
        "that commit has no scripts/unmentoring/ folder"
    ) in err
    assert f"re-drawn with this code (engine {ENGINE})" in out


def test_code_that_takes_too_long_is_given_up_on(repo, capsys, monkeypatch):
    monkeypatch.setattr(commit_code, "TIMEOUT", 1)
    drawn_by_this_code_as(repo, None, main="import time\n\ntime.sleep(30)\n")
    status, out, err = check_both(repo, capsys)
    assert status == 0, out + err
    assert "it did not finish within 1 seconds" in err
    assert f"round {ROUND} reproduced" in out


def test_code_that_prints_no_round_file_is_named(repo, capsys):
    drawn = drawn_by_this_code_as(repo, None, main="print('hello')\n")
    status, out, err = check_both(repo, capsys)
    assert status == 0, out + err
    assert (
        f"cannot re-draw with the code as of commit {drawn}, which added rounds/{ROUND}.yaml: it "
        "printed no round file (it said: hello)"
    ) in err
    assert f"round {ROUND} reproduced" in out


def test_code_that_cannot_be_started_is_named(repo, capsys, monkeypatch, tmp_path):
    drawn_by_this_code_as(repo, None)
    monkeypatch.setattr(commit_code.sys, "executable", str(tmp_path / "no-python-here"))
    status, out, err = check_both(repo, capsys)
    assert status == 0, out + err
    assert "which added rounds/2026-02.yaml: it could not be started (" in err
    assert f"round {ROUND}: re-drawn with this code (engine {ENGINE})" in out


def test_a_round_file_naming_another_engine_than_its_code_has_is_noted(repo, capsys):
    drawn = drawn_by_this_code_as(repo, ENGINE - 1)
    status, out, err = check_both(repo, capsys)
    assert status == 0, out + err
    assert f"re-drawn with the code as of commit {drawn} (engine {ENGINE})" in out
    assert (
        f"note: rounds/{ROUND}.yaml says engine {ENGINE - 1}, but the code that drew it is engine "
        f"{ENGINE}"
    ) in out.splitlines()
    assert f"round {ROUND} reproduced" in out and err == ""


def test_a_round_from_before_engine_numbers_is_reproduced_with_its_old_code(repo, capsys):
    """No `engine:` line, drawn by old code (simulated: engine 1, another draw), checked with
    this code, which draws it differently."""
    git(repo, "init", "--quiet")
    put_code(repo, append_to_pairing=REVERSED_DRAW, engine=1)
    commit(repo, "Sign-ups, and the old draw code", when=T0)
    pair_with_code_in(repo)
    set_engine_line(repo, None)
    drawn = commit(repo, "Draw the round", "rounds", when=T0 + DAY)
    put_code(repo)
    commit(repo, "Today's draw code", when=T0 + 2 * DAY)
    status, out, err = check_both(repo, capsys)
    assert status == 0, out + err
    assert f"re-drawn with the code as of commit {drawn} (engine 1), which added" in out
    assert f"round {ROUND} reproduced" in out
    assert "note:" not in out and err == ""


def test_a_failed_check_with_another_engines_code_names_that_code_among_the_causes(repo, capsys):
    """Drawn by engine-1 code on data that was never committed: the code is a possible cause."""
    git(repo, "init", "--quiet")
    put_code(repo, engine=ENGINE - 1)  # draws as this code does, under an older number
    commit(repo, "Sign-ups, and the draw code", when=T0)
    seed = next(s for s in (f"s{i}" for i in range(200)) if pairs_ann_with_bob(repo, s, capsys))
    pair_with_code_in(repo, "--seed", seed)
    person(repo, "bob", "Ambridge")  # now ann's colleague: a re-draw keeps them apart
    commit(repo, "Bob's organisation", "participants", when=T0 + DAY // 2)
    drawn = commit(repo, "Draw the round", "rounds", when=T0 + DAY)
    status, out, _ = check_both(repo, capsys)
    assert status == 1, out
    assert (
        "  the same people, but different groups: the history or organisations differ, or the "
        f"code as of commit {drawn} (engine {ENGINE - 1}), which was used, is not the code that "
        "drew it"
    ) in out.splitlines()


def test_an_edit_to_the_engine_line_is_named(repo, capsys):
    drawn_and_committed(repo)
    swap_two_members(repo)
    swapped = commit(repo, "Swap two members", when=T0 + 2 * DAY)
    set_engine_line(repo, ENGINE + 1)
    renumbered = commit(repo, "Say a newer engine drew it", when=T0 + 3 * DAY)
    status, out, _ = check_both(repo, capsys)
    assert status == 1, out
    assert (
        f"in commits {swapped} (2026-02-03, Swap two members), {renumbered} (2026-02-04, Say a "
        "newer engine drew it)"
    ) in out


def test_a_round_from_a_newer_engine_checked_with_this_code_says_so_not_tampered(repo, capsys):
    """Drawn by code that is not here, with engine ENGINE + 1, which drew other groups."""
    git(repo, "init", "--quiet")
    commit(repo, "Sign-ups", when=T0)
    assert pair(repo) == 0
    round_file = repo / "rounds" / f"{ROUND}.yaml"
    lines = round_file.read_text().splitlines(keepends=True)
    head, groups = lines[:4], [lines[i : i + 2] for i in range(4, len(lines), 2)]  # members, host
    head[2] = f"engine: {ENGINE + 1}\n"
    round_file.write_text("".join(head + [line for group in groups[::-1] for line in group]))
    drawn = commit(repo, "Draw the round", "rounds", when=T0 + DAY)
    status, out, err = check_both(repo, capsys)
    assert status == 1
    assert (
        f"cannot re-draw with the code as of commit {drawn}, which added rounds/{ROUND}.yaml: "
        "that commit has no scripts/unmentoring/ folder"
    ) in err
    assert (
        f"rounds/{ROUND}.yaml says it was drawn with engine {ENGINE + 1}, newer than this "
        f"code's engine {ENGINE}"
    ) in err
    assert f"round {ROUND} NOT reproduced" in out
    assert (
        f"  the round was drawn with engine {ENGINE + 1} and re-drawn with engine {ENGINE}: the "
        "difference may be due to the change of engine, not to an edit"
    ) in out
    assert "history or organisations" not in out and "was edited" not in out
