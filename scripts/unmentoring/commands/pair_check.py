"""Checking a draw: re-draw a committed round and say whether it comes out the same.

`pair --round YYYY-MM --check` re-draws that round from its recorded seed and the data as it was
when the round was drawn, read from git history: the commit before the one that added
rounds/YYYY-MM.yaml (or, when that commit was rebased or also changed data, the commit whose
data gives the seed's digest). It says which commit's data it used, then either that the round
is reproduced (the same groups and hosts, in the same order; `issue` and `outcome`, added
later by announce, are left out of the comparison) or how the re-draw differs. A seed that is
not the data's digest (one given with --seed) is reproduced too, with a note that the check
cannot show that nobody chose it. When the check fails it names the commits that edited the
round file after the draw (leaving out those that only added `issue` and `outcome`). When
--repo is not a git work tree or the round file is not committed, it checks against today's
files and says so; then anyone who joined, paused or left since the draw shows as a difference.
A shallow clone is refused when it lacks the commit the round was drawn on.

Which code re-draws it follows the round file's `engine:` number (core/engine.py): code with the
same engine number draws the same groups from the same data and seed.
- The round's engine is this code's: this code decides. Reproduced only if this code gives the
  same groups. If it does not, the code in the commit that added the round file is run too, to
  explain: if that code, claiming the same engine, reproduces the round (or draws it otherwise
  than this code), the draw code was changed without raising the engine number, and the check
  says so and names the commits that changed it.
- Another engine (older, newer, or none: from before engine numbers): the round is re-drawn
  with the code that drew it, the package (scripts/unmentoring) as it was in the commit that
  added the round file (gitops/commit_code.py runs it, in a separate Python process with a time
  limit), and it is reproduced if that code, or this code, gives the same groups. When that code
  cannot run here (not in that commit, an import error, a failure, a timeout), it says why and
  this code decides; if this code then disagrees, the difference may be the engine's, and it
  says so, never that the round was edited.
That commit's code is, at best, the code the scheme's workflow installed when it drew the round:
when the same commit also changed files under scripts/, the check warns that it is not
necessarily the code that drew it.
"""

from __future__ import annotations

import difflib
import functools
import logging
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from unmentoring import __version__
from unmentoring.core import draw_check, migrations
from unmentoring.core.draw_check import as_drawn, engine_named, reproduces
from unmentoring.core.draws import default_seed, draw, eligible, past_rounds
from unmentoring.core.engine import ENGINE
from unmentoring.core.model import Round
from unmentoring.core.problems import DataProblems, Problem, Refused
from unmentoring.core.releases import Release
from unmentoring.gitops import commit_code, history
from unmentoring.store import migrating, paths, repository
from unmentoring.store.roundfile import parse_canonical
from unmentoring.store.yamlfile import MAX_ROUND_BYTES, read_bytes

log = logging.getLogger(__name__)

DIFF_LINES = 80  # of a failed check's diff; a big scheme's whole round would drown the point


@dataclass(frozen=True)
class Redraw:
    """The re-draw a check's verdict rests on, and what is known about the code behind it."""

    round: Round | None  # None: fewer than two people to draw
    explained: str | None = None  # why it differs, found out (shown instead of guessed causes)
    code_cause: str | None = None  # how the code may be why it differs, among other causes
    notes: tuple[str, ...] = ()  # more about the code, shown when it differs


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
        _say_this_code(month, recorded)
        here = _this_code(then, month, recorded)
        other = recorded.engine != ENGINE
        redraw = Redraw(here, draw_check.engine_changed(recorded.engine, ENGINE) if other else None)
        return _compare(recorded, then, month, redraw, None)
    snapshot, then = _data_as_drawn(root, month, recorded, found)
    print(f"round {month}: data as of commit {snapshot.short} ({snapshot.date}), {snapshot.why}")
    commit = history.added_in(root, month)
    if commit is None:  # cannot happen when snapshots found the round file's commit
        raise Refused(f"cannot check round {month}: git names no commit that added it")
    here = _this_code(then, month, recorded)
    judge = _same_engine if recorded.engine == ENGINE else _other_engine
    redraw = judge(root, month, recorded, snapshot, commit, here)
    return _compare(
        recorded, then, month, redraw, functools.partial(_edits_after_draw, root, month)
    )


def _this_code(loaded: repository.Repository, month: str, recorded: Round) -> Round | None:
    """The round as this code (engine ENGINE) draws it; None if fewer than two are eligible."""
    people = eligible(loaded, month)
    if len(people) < 2:
        return None
    return draw(month, people, past_rounds(loaded, month), recorded.seed)


def _say_this_code(month: str, recorded: Round) -> None:
    print(f"round {month}: re-drawn with this code (engine {ENGINE})")
    if recorded.engine is not None and recorded.engine > ENGINE:
        _warn(
            f"{paths.round_file(month)} says it was drawn with engine {recorded.engine}, newer "
            f"than this code's engine {ENGINE}, which may draw it differently: check it with the "
            "code that drew it, or upgrade unmentoring"
        )


def _same_engine(
    root: Path,
    month: str,
    recorded: Round,
    snapshot: history.Snapshot,
    commit: str,
    here: Round | None,
) -> Redraw:
    """This code has the round's engine, so it decides; the commit's code only explains a miss."""
    _say_this_code(month, recorded)
    if here is None or reproduces(recorded, here):
        return Redraw(here)
    old = _run_its_code(root, month, recorded, snapshot, commit)
    short, shown = commit[:7], paths.round_file(month)
    if isinstance(old, commit_code.CannotRun):
        if old.absent:  # a scheme that does not keep the code: the engine number is all there is
            return Redraw(here)
        _warn(
            f"round {month}: cannot re-draw with the code as of commit {short}, which added "
            f"{shown}, to compare it with this code: {old.why}"
        )
        return Redraw(
            here,
            code_cause=f"the draw code as of commit {short} draws otherwise under the same "
            "engine number (it could not run here to tell)",
        )
    later = [
        f"{c.short} ({c.date}, {c.subject})"
        for c in history.changes_since(root, commit, paths.CODE)
    ]
    if reproduces(recorded, old):
        if old.engine == ENGINE:
            return Redraw(
                here,
                explained=draw_check.engine_not_raised(
                    short, shown, ENGINE, later, paths.CODE, reproduced=True
                ),
            )
        return Redraw(
            here, explained=draw_check.other_engine_reproduces(short, old.engine, recorded.engine)
        )
    if draw_check.same_groups(old, here):
        return Redraw(here)
    if old.engine == ENGINE:
        note = draw_check.engine_not_raised(
            short, shown, ENGINE, later, paths.CODE, reproduced=False
        )
        return Redraw(here, notes=(note,))
    return Redraw(
        here,
        code_cause=f"the code as of commit {short} ({engine_named(old.engine)}) draws it "
        "otherwise than this code",
    )


def _other_engine(
    root: Path,
    month: str,
    recorded: Round,
    snapshot: history.Snapshot,
    commit: str,
    here: Round | None,
) -> Redraw:
    """The round's engine is not this code's: re-draw with the code in its commit, if it runs."""
    old = _run_its_code(root, month, recorded, snapshot, commit)
    short, shown = commit[:7], paths.round_file(month)
    if isinstance(old, commit_code.CannotRun):
        _warn(
            f"round {month}: cannot re-draw with the code as of commit {short}, which added "
            f"{shown}: {old.why}; re-drawing with this code (engine {ENGINE}) instead"
        )
        _say_this_code(month, recorded)
        return Redraw(here, explained=draw_check.engine_changed(recorded.engine, ENGINE))
    engine = engine_named(old.engine)
    print(
        f"round {month}: re-drawn with the code as of commit {short} ({engine}), "
        f"which added {shown}"
    )
    if recorded.engine is not None and recorded.engine != old.engine:
        print(f"note: {shown} says engine {recorded.engine}, but the code that drew it is {engine}")
    if reproduces(recorded, here) and not reproduces(recorded, old):
        _say_this_code(month, recorded)  # what that code missed, this code reproduces
        return Redraw(here)
    return Redraw(
        old,
        code_cause=f"the code as of commit {short} ({engine}), which was used, is not the code "
        "that drew it",
    )


def _run_its_code(
    root: Path, month: str, recorded: Round, snapshot: history.Snapshot, commit: str
) -> Round | commit_code.CannotRun:
    """The round re-drawn by the code in ``commit`` on the snapshot's data, or why it gave none."""
    old = commit_code.redraw(root, commit, snapshot.commit, month, recorded.seed)
    if not isinstance(old, commit_code.CannotRun) and history.changed_under(
        root, commit, paths.SCRIPTS
    ):
        _warn(
            f"commit {commit[:7]}, which added {paths.round_file(month)}, also changed files "
            f"under {paths.SCRIPTS}/: the code in it is not necessarily the code that drew the "
            "round"
        )
    return old


def _warn(message: str) -> None:
    print(f"warning: {message}", file=sys.stderr)


def _data_as_drawn(
    root: Path, month: str, recorded: Round, found: list[history.Snapshot]
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
            _to_this_release(root, snapshot, Path(folder))
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
        past = past_rounds(loaded, month)
        if people and default_seed(month, people, past, recorded.redraws) == recorded.seed:
            return snapshot, loaded
        usable.append((snapshot, loaded))
    if not usable:
        raise Refused(f"round {month} cannot be re-drawn: {refusal}")
    return usable[0]


def _to_this_release(root: Path, snapshot: history.Snapshot, folder: Path) -> None:
    """Bring data written for an earlier release to this one's format (core/migrations.py), so
    that this code reads the data a round was drawn from; a migration never changes who is in a
    draw."""
    then, now = history.release_at(root, snapshot.commit), Release.parse(__version__)
    if then is not None and now is not None and then < now:
        changed = migrating.migrate_in_place(folder, migrations.due(then, now))
        if changed:
            log.info(
                "as of commit %s: %d file(s) migrated from release %s",
                snapshot.short,
                changed,
                then,
            )


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
    """What the draw decides in a round file's text: round, seed, engine, the count of rejected
    draws, each group's members and host.

    So an edit that only adds or changes `issue` and `outcome` (as announce does) compares equal,
    and one to the `engine:` line does not. Text that is not a readable round compares as itself.
    """
    if text is None or len(text) > MAX_ROUND_BYTES:
        return text
    try:
        data = parse_canonical(text.decode("utf-8"))
    except UnicodeDecodeError:
        return text
    if data is None:  # not as `pair` writes it: read it as YAML, as safely as any round file
        document, _ = read_bytes(text, "round.yaml")
        data = document.data if document is not None else None
    if not isinstance(data, dict) or not isinstance(data.get("groups"), list):
        return text
    groups = [
        (tuple(group["members"]), group.get("host"))
        if isinstance(group, dict) and "members" in group
        else group
        for group in data["groups"]
    ]
    counts = (data.get("engine"), data.get("redraws"))
    return (data.get("round"), data.get("seed"), *counts, repr(groups))


def _compare(
    recorded: Round,
    loaded: repository.Repository,
    month: str,
    redraw: Redraw,
    edits: Callable[[], list[str]] | None,
) -> int:
    """Compare what the draw decides in both, byte for byte as round files (draw_check.as_drawn).

    ``edits`` names later edits to the round file (None: there is no git history to ask).
    """
    people = eligible(loaded, month)
    if reproduces(recorded, redraw.round):
        past = past_rounds(loaded, month)
        derived = default_seed(month, people, past, recorded.redraws) == recorded.seed
        how = "the digest of this data" if derived else "not this data's digest"
        print(
            f"round {month} reproduced: seed {recorded.seed!r} ({how}) gives the same "
            f"{len(recorded.drawn)} groups, in the same order"
        )
        if recorded.redraws:
            print(draw_check.redraws_note(recorded.redraws))
        if not derived:
            print(draw_check.seed_note(month, recorded.seed))
        if note := draw_check.rematch_note(recorded):
            print(note)
        return 0
    print(f"round {month} NOT reproduced from seed {recorded.seed!r}:")
    if recorded.redraws:
        print(f"  {draw_check.redraws_note(recorded.redraws)}")
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
    for note in redraw.notes:
        print(f"  {note}")
    if redraw.round is None:
        print("  fewer than two people are eligible in this data")
    elif redraw.explained is not None:
        print(f"  {redraw.explained}")
    elif then == now and not edited:
        print(f"  {draw_check.same_people_cause(redraw.code_cause, history=edits is not None)}")
    redrawn = redraw.round or Round(round=month, seed=recorded.seed)
    diff = difflib.unified_diff(
        repository.round_text(as_drawn(recorded)).splitlines(),
        repository.round_text(as_drawn(redrawn)).splitlines(),
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
