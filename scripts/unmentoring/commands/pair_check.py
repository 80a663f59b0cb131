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
"""

from __future__ import annotations

import difflib
import functools
import logging
import re
import tempfile
from collections.abc import Callable
from pathlib import Path

from unmentoring.core import pairing
from unmentoring.core.draws import default_seed, eligible, past_rounds
from unmentoring.core.model import Group, Round
from unmentoring.core.problems import DataProblems, Problem, Refused
from unmentoring.gitops import history
from unmentoring.store import repository
from unmentoring.store.roundfile import parse_canonical
from unmentoring.store.yamlfile import MAX_ROUND_BYTES, read_document

log = logging.getLogger(__name__)

DIFF_LINES = 80  # of a failed check's diff; a big scheme's whole round would drown the point


def check(root: Path, month: str) -> int:
    """Re-draw round ``month`` from its seed and the data it was drawn from; 0 if reproduced."""
    now, problems = repository.load(root)
    recorded = now.rounds.get(month)
    if recorded is None:
        round_file = now.round_file(month)
        if round_file.exists():
            raise DataProblems(
                [p for p in problems if p.path == f"rounds/{month}.yaml"] or problems
            )
        raise Refused(f"round {month} has not been drawn: there is no rounds/{month}.yaml")
    found = history.snapshots(root, month)
    if isinstance(found, history.NotInGit):
        print(
            f"round {month}: checked against TODAY's data, not the data it was drawn from: "
            f"{found.reason}. Anyone who joined, paused or left since the draw shows as a "
            "difference."
        )
        then = repository.load_for_use(root)
        edits = None
    else:
        snapshot, then = _data_as_drawn(root, month, recorded.seed, found)
        print(
            f"round {month}: data as of commit {snapshot.short} ({snapshot.date}), {snapshot.why}"
        )
        edits = functools.partial(_edits_after_draw, root, month)
    return _compare(recorded, then, month, edits)


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
    shown = f"{repository.ROUNDS}/{month}.yaml"
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
    edits: Callable[[], list[str]] | None = None,
) -> int:
    """Compare round files byte for byte, leaving out what announce adds (issue, outcome).

    ``edits`` names later edits to the round file (None: there is no git history to ask).
    """
    people = eligible(loaded, month)
    as_drawn = Round(
        round=recorded.round,
        seed=recorded.seed,
        groups=tuple(Group(members=g.members) for g in recorded.groups),
    )
    if len(people) >= 2:
        redrawn = pairing.draw(month, people, past_rounds(loaded, month), recorded.seed)
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
    if len(people) < 2:
        print("  fewer than two people are eligible in this data")
    elif then == now and not edited:
        cause = "the history or organisations differ"
        if edits is None:  # without git history an edit to the round file cannot be ruled out
            cause += ", or the round file was edited after the draw"
        print(f"  the same people, but different groups: {cause}")
    diff = difflib.unified_diff(
        repository.round_text(as_drawn).splitlines(),
        repository.round_text(redrawn).splitlines(),
        f"rounds/{month}.yaml (recorded, without issue and outcome)",
        "the re-draw",
        lineterm="",
    )
    lines = list(diff)
    for line in lines[:DIFF_LINES]:
        print(f"  {line}")
    if len(lines) > DIFF_LINES:
        print(f"  ... and {len(lines) - DIFF_LINES} more line(s) of difference")
    return 1
