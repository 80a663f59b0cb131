"""``unmentoring demo``: the whole cycle offline, in a folder of its own."""

from __future__ import annotations

import json
import re
import shlex
from importlib import resources
from pathlib import Path

from unmentoring.store import repository


def sample_files() -> dict[str, bytes]:
    with resources.as_file(resources.files("unmentoring") / "sample") as folder:
        return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*.yaml")}


def test_demo_runs_the_cycle_and_changes_nothing_else(tmp_path, run_cli):
    before = sample_files()
    code, out, _ = run_cli("demo", "--out", tmp_path / "demo")
    assert code == 0, out
    root = tmp_path / "demo"
    loaded = repository.load_valid(root)
    assert list(loaded.rounds) == ["2026-01", "2026-02", "2026-03"]
    groups = sum(len(drawn.groups) for drawn in loaded.rounds.values())
    assert len(list((root / "outbox").glob("*.md"))) == groups
    reported = [g.outcome for r in loaded.rounds.values() for g in r.groups if g.outcome]
    assert reported and set(reported) == {"met", "not_met", "unreported"}
    # Follow-up closed the round before the last: its silent groups are unreported.
    assert {g.outcome for g in loaded.rounds["2026-02"].groups} <= {"met", "not_met", "unreported"}
    assert all(g.outcome for g in loaded.rounds["2026-02"].groups)
    comments = sorted(p.name for p in (root / "outbox" / "follow-up").iterdir())
    last = loaded.rounds["2026-03"]
    # Nudged before the rematch: the drawn groups. Asked "did you meet?" after it: every group
    # still without an outcome, the new one too (the rematched members' first groups are done).
    planned = [g for g in last.drawn if g.planned]
    assert len(planned) == 1, "one group plans its day with /when"
    assert sum(name.endswith("_nudge.md") for name in comments) == len(last.drawn) - 1
    open_groups = [g for g in last.groups if g.outcome is None]
    # ... and the planned group, asked the day after its day, before it said /met.
    assert sum(name.endswith("_prompt.md") for name in comments) == len(open_groups) + 1
    (new,) = last.rematches
    moved = [g for g in last.drawn if set(g.members) & set(new.members)]
    assert len(moved) == len(new.members) and all(g.outcome == "not_met" for g in moved)
    assert sum(name.endswith("_rematch.md") for name in comments) == len(moved)
    issue = root / "outbox" / f"2026-03_{'_'.join(new.members)}.md"
    assert "now meeting each other" in issue.read_text()
    assert "_rematch.md" in out
    assert any(name.startswith("2026-02_") and name.endswith("_close.md") for name in comments)
    assert "_nudge.md, " in out and "_prompt.md and " in out
    assert (root / "_site" / "index.html").is_file()
    figures = json.loads((root / "_site" / "stats.json").read_text())
    assert figures, "the site publishes statistics"
    assert f"{groups} issues written to the outbox" in out
    assert "python3 -m http.server --directory" in out
    guide = out.rstrip().splitlines()[-1]
    assert guide.startswith("To run a scheme of your own, follow the quick start: ")
    assert guide.endswith("quick-start.md") and Path(guide.rsplit(" ", 1)[1]).is_file()
    assert sample_files() == before


def test_demo_tells_one_true_story(tmp_path, run_cli):
    """Issue 23: what the demo prints and writes agrees with itself, as a reader follows it."""
    code, out, _ = run_cli("demo", "--out", tmp_path / "demo")
    assert code == 0, out
    root = tmp_path / "demo"
    last = repository.load_valid(root).rounds["2026-03"]
    (new,) = last.rematches
    asked = re.search(r"round 2026-03: (.+) asked for a rematch", out)
    assert asked is not None and sorted(asked[1].split(", ")) == sorted(new.members)
    # Who asked waited for a host who never wrote: nobody asks after being asked to move first.
    for group in last.drawn:
        if set(group.members) & set(new.members):
            assert group.host not in new.members, group
    # Nobody who wrote /rematch is paused as silent; a host who never wrote may be.
    paused = re.findall(r"paused ([\w-]+): no word", out)
    assert paused and not set(paused) & set(new.members)
    # Follow-up runs on the last round only: no earlier group is left "not yet reported", and
    # nobody is silent in the round before the two judged (they would be paused already).
    rounds = repository.load_valid(root).rounds
    assert all(group.outcome for group in rounds["2026-01"].groups)
    # Every comment is posted once: the counts printed add up to the files in the outbox.
    posted = sum(int(n) for n in re.findall(r"(\d+) [a-z]+(?=[,;])", _posted_lines(out)))
    told = sum(int(n) for n in re.findall(r"(\d+) comment\(s\) posted to the old groups", out))
    replies = len(re.findall(r"^round [\d-]+: [\w-]+ wrote /", out, re.MULTILINE))
    files = list((root / "outbox" / "follow-up").glob("*.md"))
    assert posted + told + len(paused) + replies == len(files)
    # The group that planned its day: its reply, a reminder the day before, did you meet? the
    # day after, and its /met recorded.
    (planned,) = [group for group in last.drawn if group.planned]
    prefix = f"2026-03_{'_'.join(planned.members)}_"
    written = {f.name.removeprefix(prefix) for f in files if f.name.startswith(prefix)}
    assert written == {"when_reply.md", "reminder.md", "prompt.md", "met_reply.md"}
    assert planned.outcome == "met" and replies == 2
    # Every pairing issue, the rematch's too, links the change form.
    for issue in (root / "outbox").glob("*.md"):
        assert "issues/new?template=change.yml" in issue.read_text(), issue.name


def _posted_lines(out: str) -> str:
    return "\n".join(line for line in out.splitlines() if ": comments posted: " in line)


def test_demo_history_lets_anyone_check_its_draws(tmp_path, run_cli):
    root = tmp_path / "demo"
    code, said, _ = run_cli("demo", "--out", root)
    assert code == 0
    # The hint's command, as printed, works cleanly: the demo's history holds the code.
    hint = next(line for line in said.splitlines() if line.lstrip().startswith("check a draw"))
    command = shlex.split(hint.split("check a draw", 1)[1])
    assert command[:2] == [".venv/bin/unmentoring", "pair"]
    code, out, err = run_cli(*command[1:])
    assert code == 0 and "round 2026-03 reproduced" in out, out + err
    assert "warning" not in err, err
    assert (root / "scripts" / "unmentoring" / "core" / "engine.py").is_file()
    assert not list((root / "scripts").rglob("__pycache__"))
    for month in ("2026-01", "2026-02", "2026-03"):
        code, out, err = run_cli("pair", "--repo", root, "--round", month, "--check")
        assert code == 0 and f"round {month} reproduced" in out
        assert "warning" not in err, err


def test_demo_runs_again_in_a_new_folder(tmp_path, run_cli):
    assert run_cli("demo", "--out", tmp_path / "one")[0] == 0
    assert run_cli("demo", "--out", tmp_path / "two")[0] == 0
    one = (tmp_path / "one" / "rounds" / "2026-03.yaml").read_bytes()
    assert one == (tmp_path / "two" / "rounds" / "2026-03.yaml").read_bytes()


def test_demo_refuses_a_folder_that_is_not_empty(tmp_path, run_cli):
    (tmp_path / "keep.txt").write_text("mine")
    code, _, err = run_cli("demo", "--out", tmp_path)
    assert code == 1 and "not empty" in err
    assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"]
