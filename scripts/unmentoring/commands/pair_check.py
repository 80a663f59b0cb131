"""Checking a draw: re-draw a committed round and say whether it comes out the same.

`pair --round YYYY-MM --check` re-draws that round from its recorded seed and the
data as it was when the round was drawn, read from git history: the commit before the one that
added rounds/YYYY-MM.yaml (or, when that commit was rebased or also changed data, the commit
whose data gives the seed's digest). It says which commit's data it used, then either that the
round is reproduced (the same groups, in the same order; `issue` and `outcome`, added later by
announce, are left out of the comparison) or how the re-draw differs. A seed that is not the
data's digest (one given with --seed) is reproduced too, with a note that the check cannot show
that nobody chose it. When the check fails it names the commits that edited the round file after
the draw (leaving out those that only added `issue` and `outcome`). When --repo is not a git
work tree or the round file is not committed, it checks against today's files and says so; then
anyone who joined, paused or left since the draw shows as a difference. A shallow clone is
refused when it lacks the commit the round was drawn on.

The re-draw uses the code that drew the round: the package (scripts/unmentoring) as it was in
the commit that added the round file, extracted to a temporary folder and run with this Python
and its installed dependencies, since a later change to the draw code may draw the same data
and seed differently (that is what the round file's `engine:` number counts). The check says
which code it used. When that code cannot run here (not in the repository at that commit, an
import error, a failure, a timeout), it says why and re-draws with this code instead; if this
code then disagrees and the round records another engine, it says the difference may be the
engine's, not an edit.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import logging
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from unmentoring.core.draws import default_seed, draw, eligible, past_rounds
from unmentoring.core.engine import ENGINE
from unmentoring.core.model import Group, Round
from unmentoring.core.problems import DataProblems, Problem, Refused
from unmentoring.gitops import history
from unmentoring.store import paths, repository, schema
from unmentoring.store.roundfile import parse_canonical
from unmentoring.store.yamlfile import MAX_ROUND_BYTES, read_document

log = logging.getLogger(__name__)

DIFF_LINES = 80  # of a failed check's diff; a big scheme's whole round would drown the point
CODE = paths.CODE
# Seconds the code that drew a round may take to re-draw it (the biggest schemes take seconds).
CODE_TIMEOUT = 300


@dataclass(frozen=True)
class Redraw:
    """A re-drawn round (None: fewer than two people to draw) and the code that drew it."""

    round: Round | None
    engine: int | None  # the engine of the code that re-drew it (None: before engine numbers)
    this_code: bool  # re-drawn with this code, not with the code that drew the round


def check(root: Path, month: str) -> int:
    """Re-draw round ``month`` from its seed and the data it was drawn from; 0 if reproduced."""
    now, problems = repository.load(root)
    recorded = now.rounds.get(month)
    if recorded is None:
        round_file = now.round_file(month)
        if round_file.exists():
            raise DataProblems(
                [p for p in problems if p.path == paths.round_file(month)] or problems
            )
        raise Refused(f"round {month} has not been drawn: there is no {paths.round_file(month)}")
    found = history.snapshots(root, month)
    if isinstance(found, history.NotInGit):
        print(
            f"round {month}: checked against TODAY's data, not the data it was drawn from: "
            f"{found.reason}. Anyone who joined, paused or left since the draw shows as a "
            "difference."
        )
        then = repository.load_for_use(root)
        edits = None
        redrawn = _redraw_here(then, month, recorded)
    else:
        snapshot, then = _data_as_drawn(root, month, recorded.seed, found)
        print(
            f"round {month}: data as of commit {snapshot.short} ({snapshot.date}), {snapshot.why}"
        )
        edits = functools.partial(_edits_after_draw, root, month)
        redrawn = _redraw_with_its_code(root, month, recorded, snapshot) or _redraw_here(
            then, month, recorded
        )
    return _compare(recorded, then, month, redrawn, edits)


def _redraw_here(loaded: repository.Repository, month: str, recorded: Round) -> Redraw:
    """Re-draw with this code (engine ENGINE), saying so, and warning when the round's is newer."""
    print(f"round {month}: re-drawn with this code (engine {ENGINE})")
    if recorded.engine is not None and recorded.engine > ENGINE:
        _warn(
            f"{paths.round_file(month)} says it was drawn with engine {recorded.engine}, newer "
            f"than this code's engine {ENGINE}, which may draw it differently: check it with the "
            "code that drew it, or upgrade unmentoring"
        )
    people = eligible(loaded, month)
    if len(people) < 2:
        return Redraw(None, ENGINE, this_code=True)
    return Redraw(
        draw(month, people, past_rounds(loaded, month), recorded.seed), ENGINE, this_code=True
    )


def _redraw_with_its_code(
    root: Path, month: str, recorded: Round, snapshot: history.Snapshot
) -> Redraw | None:
    """Re-draw with the code in the commit that added the round file; None if it cannot run.

    That code comes from the scheme's own repository, like the data: it is the code the
    scheme's workflow ran to draw the round, so running it here trusts nothing new. It runs in
    a subprocess with this interpreter (so this environment's dependencies), a minimal
    environment, no shell and a time limit, on the data as it was drawn.
    """
    commit = history.added_in(root, month)
    if commit is None:  # cannot happen when snapshots found the round; keep the check honest
        return None
    named = f"the code as of commit {commit[:7]}"
    with tempfile.TemporaryDirectory(prefix="unmentoring-check-") as folder:
        code, data = Path(folder) / "code", Path(folder) / "data"
        if not history.extract(root, commit, (CODE,), code):
            _cannot_run(month, named, f"that commit has no {CODE}/ folder")
            return None
        history.materialise(root, snapshot.commit, data)
        # When the round was committed with the data it was drawn from, the draw did not see it.
        paths.at(data, paths.round_file(month)).unlink(missing_ok=True)
        scripts = code / Path(CODE).parent
        command = [sys.executable, "-m", "unmentoring", "pair", "--repo", str(data)]
        command += ["--round", month, "--seed", recorded.seed, "--dry-run"]
        environment = {
            "PATH": os.environ.get("PATH", os.defpath),
            "PYTHONPATH": str(scripts),
            "PYTHONNOUSERSITE": "1",
            "PYTHONDONTWRITEBYTECODE": "1",
            "PYTHONIOENCODING": "utf-8",
            "LC_ALL": "C.UTF-8",
        }
        try:
            done = subprocess.run(
                command,
                cwd=scripts,
                env=environment,
                capture_output=True,
                timeout=CODE_TIMEOUT,
                check=False,
            )
        except subprocess.TimeoutExpired:
            _cannot_run(month, named, f"it did not finish within {CODE_TIMEOUT} seconds")
            return None
        except OSError as error:
            _cannot_run(month, named, f"it could not be started ({error})")
            return None
    said = done.stderr.decode("utf-8", "replace").strip().splitlines()
    if done.returncode != 0:
        last = f": {said[-1].strip()}" if said else ""  # a traceback's last line says what broke
        _cannot_run(month, named, f"it stopped with exit status {done.returncode}{last}")
        return None
    printed = done.stdout.decode("utf-8", "replace")
    redrawn = _printed_round(printed)
    if redrawn is None:
        first = printed.strip().splitlines()[0] if printed.strip() else "nothing"
        _cannot_run(month, named, f"it printed no round file (it said: {first})")
        return None
    engine = f"engine {redrawn.engine}" if redrawn.engine else "from before engine numbers"
    print(f"round {month}: re-drawn with {named} ({engine}), which added {paths.round_file(month)}")
    if recorded.engine is not None and recorded.engine != redrawn.engine:
        print(
            f"note: {paths.round_file(month)} says engine {recorded.engine}, but the code that "
            f"drew it is {engine}"
        )
    return Redraw(redrawn, redrawn.engine, this_code=False)


def _cannot_run(month: str, named: str, why: str) -> None:
    _warn(
        f"round {month}: cannot re-draw with {named}, which added "
        f"{paths.round_file(month)}: {why}; re-drawing with this code (engine {ENGINE}) instead"
    )
    return None


def _warn(message: str) -> None:
    print(f"warning: {message}", file=sys.stderr)


def _printed_round(text: str) -> Round | None:
    """The round in ``text`` (what `pair --dry-run` printed), or None if it is not one."""
    data = parse_canonical(text)
    if data is None:
        with tempfile.TemporaryDirectory(prefix="unmentoring-check-") as folder:
            file = Path(folder) / "round.yaml"
            file.write_text(text, encoding="utf-8")
            document, _ = read_document(file, "round.yaml", MAX_ROUND_BYTES)
        if document is None or list(schema.check(document, "round")):
            return None
        data = document.data
    return Round.from_dict(data)


def _data_as_drawn(
    root: Path, month: str, seed: str, found: list[history.Snapshot]
) -> tuple[history.Snapshot, repository.Repository]:
    """The first snapshot whose data gives the recorded seed's digest, else the likeliest one.

    The derived seed is a digest of the draw's inputs, so it names the data the draw saw; a seed
    given by hand with --seed names nothing, and then the likeliest snapshot is used.
    """
    usable: list[tuple[history.Snapshot, repository.Repository]] = []
    refusal = ""
    for snapshot in found:
        with tempfile.TemporaryDirectory(prefix="unmentoring-check-") as folder:
            history.materialise(root, snapshot.commit, Path(folder))
            try:
                # The draw's own policy: people whose files had problems were left out.
                loaded = repository.load_for_use(
                    Path(folder), warn=functools.partial(_left_out, snapshot)
                )
            except DataProblems as error:
                log.info("data as of commit %s has problems", snapshot.short)
                shown = "\n".join(f"  {p}" for p in error.problems)
                refusal = (
                    refusal or f"the data as of commit {snapshot.short} has problems:\n{shown}"
                )
                continue
        people = eligible(loaded, month)
        if people and default_seed(month, people, past_rounds(loaded, month)) == seed:
            return snapshot, loaded
        usable.append((snapshot, loaded))
    if not usable:
        raise Refused(f"round {month} cannot be re-drawn: {refusal}")
    return usable[0]


def _left_out(snapshot: history.Snapshot, skipped: list[Problem]) -> None:
    files = sorted({p.path for p in skipped})
    log.info("as of commit %s, left out for problems: %s", snapshot.short, ", ".join(files))


def _edits_after_draw(root: Path, month: str) -> list[str]:
    """Lines naming the edits to the round file since it was committed, other than annotations."""
    shown = paths.round_file(month)
    edits = [
        f"{change.short} ({change.date}, {change.subject})"
        for change in history.later_changes(root, month)
        if _as_drawn(change.before) != _as_drawn(change.after)
    ]
    lines = []
    if edits:
        commits = "commit" if len(edits) == 1 else "commits"
        lines.append(
            f"{shown} was edited after the draw, in {commits} {', '.join(edits)}; "
            f"see `git log -p {shown}`"
        )
    try:
        on_disk = (root / shown).read_bytes()
    except OSError:
        on_disk = None
    if _as_drawn(on_disk) != _as_drawn(history.committed_text(root, month)):
        lines.append(f"{shown} has changes that are not committed; see `git diff {shown}`")
    return lines


def _as_drawn(text: bytes | None) -> object:
    """What the draw decides in a round file's text: round, seed and each group's members.

    So an edit that only adds or changes `issue` and `outcome` (as announce does) compares equal.
    Text that is not a readable round compares as itself.
    """
    if text is None:
        return None
    try:
        data = parse_canonical(text.decode("utf-8"))
    except UnicodeDecodeError:
        return text
    if data is None:  # not as `pair` writes it: read it as YAML, as safely as any round file
        with tempfile.TemporaryDirectory(prefix="unmentoring-check-") as folder:
            file = Path(folder) / "round.yaml"
            file.write_bytes(text)
            document, _ = read_document(file, "round.yaml", MAX_ROUND_BYTES)
        data = document.data if document is not None else None
    if not isinstance(data, dict) or not isinstance(data.get("groups"), list):
        return text
    groups = [
        tuple(group["members"]) if isinstance(group, dict) and "members" in group else group
        for group in data["groups"]
    ]
    return (data.get("round"), data.get("seed"), repr(groups))


def _seed_note(month: str, seed: str) -> str:
    """Why a reproduced round whose seed is not this data's digest proves less."""
    if re.fullmatch(rf"{re.escape(month)}-[0-9a-f]{{16}}", seed) is None:
        return (
            "note: this round's seed was chosen by hand (`--seed`), not derived from the data, "
            "so the check shows the groups follow from the seed, not that nobody chose it"
        )
    # It looks derived, but from other data: chosen to look so, or drawn on uncommitted files.
    return (
        "note: this round's seed is not the digest of this data (it was chosen by hand with "
        "`--seed`, or drawn from files that were never committed), so the check shows the "
        "groups follow from the seed, not that nobody chose it"
    )


def _compare(
    recorded: Round,
    loaded: repository.Repository,
    month: str,
    redraw: Redraw,
    edits: Callable[[], list[str]] | None = None,
) -> int:
    """Compare round files byte for byte, leaving out what announce adds (issue, outcome) and
    the engine's number (older code wrote none).

    ``edits`` names later edits to the round file (None: there is no git history to ask).
    """
    people = eligible(loaded, month)
    as_drawn = Round(
        round=recorded.round,
        seed=recorded.seed,
        groups=tuple(Group(members=g.members) for g in recorded.groups),
    )
    if redraw.round is not None:
        redrawn = dataclasses.replace(
            redraw.round,
            engine=None,
            groups=tuple(Group(members=g.members) for g in redraw.round.groups),
        )
        if repository.round_text(redrawn) == repository.round_text(as_drawn):
            derived = default_seed(month, people, past_rounds(loaded, month)) == recorded.seed
            how = "the digest of this data" if derived else "not this data's digest"
            print(
                f"round {month} reproduced: seed {recorded.seed!r} ({how}) gives the same "
                f"{len(redrawn.groups)} groups, in the same order"
            )
            if not derived:
                print(_seed_note(month, recorded.seed))
            return 0
    else:
        redrawn = Round(round=month, seed=recorded.seed)
    print(f"round {month} NOT reproduced from seed {recorded.seed!r}:")
    edited = edits() if edits is not None else []
    for line in edited:
        print(f"  {line}")
    then, now = set(recorded.members), {p.login for p in people}
    for login in sorted(then - now):
        print(
            f"  {login} was drawn but is not eligible in this data (left, paused or joined later)"
        )
    for login in sorted(now - then):
        print(f"  {login} is eligible in this data but was not drawn")
    if redraw.round is None:
        print("  fewer than two people are eligible in this data")
    elif redraw.this_code and recorded.engine != ENGINE:
        drawn_by = (
            f"engine {recorded.engine}"
            if recorded.engine is not None
            else "an engine from before engine numbers were recorded"
        )
        print(
            f"  the round was drawn with {drawn_by} and re-drawn with engine {ENGINE}: the "
            "difference may be due to the change of engine, not to an edit; check it with the "
            "code that drew it"
        )
    elif then == now and not edited:
        cause = "the history or organisations differ"
        if edits is None:  # without git history an edit to the round file cannot be ruled out
            cause += ", or the round file was edited after the draw"
        print(f"  the same people, but different groups: {cause}")
    diff = difflib.unified_diff(
        repository.round_text(as_drawn).splitlines(),
        repository.round_text(redrawn).splitlines(),
        f"{paths.round_file(month)} (recorded, without issue and outcome)",
        "the re-draw",
        lineterm="",
    )
    lines = list(diff)
    for line in lines[:DIFF_LINES]:
        print(f"  {line}")
    if len(lines) > DIFF_LINES:
        print(f"  ... and {len(lines) - DIFF_LINES} more line(s) of difference")
    return 1
