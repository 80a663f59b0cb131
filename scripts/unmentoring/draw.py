"""Draw a round: pair everyone eligible and write rounds/YYYY-MM.yaml (never overwriting one).

Who is drawn: everyone with a valid participant file who joined on or before the end of the
round's month, is not paused, and whose paused_until (if any) is not after the round's month.
History is every round file for an earlier month, including rounds of people who have left.

The seed: unless --seed is given, it is "<round>-<digest>", where <digest> is the first 16 hex
digits of the SHA-256 of the draw's inputs: one line per eligible person ("login<TAB>organisation")
in login order, then one line per past group ("month<TAB>login login ..."). So the seed changes
whenever the inputs do, and nobody can choose a convenient one. The seed is written in the round
file.

Checking a draw: `pair --round YYYY-MM --check` re-draws that round from its recorded seed and the
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

Publishing a draw: --push commits the new round file and pushes it. Each attempt starts from the
branch's newest commit and draws afresh from that data; when someone pushed first it starts over
(a round file that appeared meanwhile is kept as it is: then there is nothing to do).

A participant file with problems leaves that person out (a warning names the file and line);
problems in scheme.yaml or rounds/ stop the draw.

Exit status: 0 when the round is written, pushed, printed, already drawn, there are fewer than
two people to pair, or (when --round is not given, as in the scheduled workflow) this month is
before the scheme's start; 1 when scheme.yaml or rounds/ have problems, the round asked for with
--round is before the start, --check finds that the round is not reproduced, or the clone is
too shallow to check it.
"""

from __future__ import annotations

import argparse
import difflib
import functools
import hashlib
import logging
import re
import tempfile
from collections.abc import Callable
from pathlib import Path

from unmentoring import githistory, gitsync, pairing, repository
from unmentoring.model import Group, Participant, Round
from unmentoring.months import current_month, month_argument
from unmentoring.problems import DataProblems, Problem, Refused
from unmentoring.roundfile import parse_canonical
from unmentoring.yamlfile import MAX_ROUND_BYTES, read_document

log = logging.getLogger(__name__)

DIFF_LINES = 80  # of a failed check's diff; a big scheme's whole round would drown the point


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--round",
        metavar="YYYY-MM",
        type=month_argument,
        help="the round's month (default: this month, UTC)",
    )
    parser.add_argument(
        "--seed",
        metavar="TEXT",
        help="draw from this seed instead of the one derived from the round and the data",
    )
    what = parser.add_mutually_exclusive_group()
    what.add_argument(
        "--dry-run",
        action="store_true",
        help="print the round that would be written, and write nothing",
    )
    what.add_argument(
        "--check",
        action="store_true",
        help="re-draw an existing round from its recorded seed and the data it was drawn from "
        "(from git history; today's files when the round is not committed) and say whether "
        "the same groups come out",
    )
    what.add_argument(
        "--push",
        action="store_true",
        help="commit the new round file and push it, drawing afresh from the branch's newest "
        "commit and retrying when someone else pushed first (never replaces a round file)",
    )
    parser.add_argument(
        "--remote", default="origin", help="with --push: the git remote (default: origin)"
    )


def run(args: argparse.Namespace) -> int:
    asked = args.round is not None  # a month asked for by name, not the scheduled default
    month = args.round or current_month()
    if args.check:
        return check(args.repo, month)
    if args.push:
        return push(args.repo, month, args.seed, asked=asked, remote=args.remote)
    loaded = repository.load_for_use(args.repo)
    drawn = decide(loaded, month, args.seed, asked=asked)
    if isinstance(drawn, str):
        print(drawn)
        return 0
    if args.dry_run:
        print(repository.round_text(drawn), end="")
        return 0
    written = repository.write_round(loaded.root, drawn)
    print(f"round {month}: {_summary(drawn)}; written to {_shown(loaded, written)}")
    return 0


def decide(
    loaded: repository.Repository, month: str, seed: str | None, *, asked: bool
) -> Round | str:
    """The round to write, or why there is nothing to write (an exit-0 message).

    A month before the scheme's start is refused when it was asked for by name, and is nothing
    to do when it is only this month (a scheduled run before the scheme begins).
    """
    round_file = loaded.round_file(month)
    if round_file.exists():
        return f"round {month} is already drawn ({_shown(loaded, round_file)}); nothing to do"
    start = loaded.scheme.start
    if start and month < start:
        if asked:
            raise Refused(
                f"round {month} is before the scheme's start ({start} in scheme.yaml); "
                "draw a later round or change `start`"
            )
        return f"round {month} not drawn: the scheme starts in {start} (scheme.yaml); nothing to do"
    return draw_round(loaded, month, seed)


def push(root: Path, month: str, seed: str | None, *, asked: bool, remote: str) -> int:
    """Draw on the branch's newest commit, commit the round file and push it (see the docstring).

    ``gitsync.land`` runs ``make_change`` once per attempt on a fresh checkout, so a lost race
    re-draws from the data that won it, and a round pushed meanwhile is found and kept.
    """
    said: list[str] = []  # the latest attempt's outcome, printed once at the end

    def make_change(checkout: Path) -> gitsync.Commit | None:
        loaded = repository.load_for_use(checkout)
        drawn = decide(loaded, month, seed, asked=asked)
        if isinstance(drawn, str):
            said[:] = [drawn]
            return None
        written = repository.write_round(checkout, drawn)
        said[:] = [f"round {month}: {_summary(drawn)}; written to {_shown(loaded, written)}"]
        return gitsync.Commit(
            message=f"Draw round {month}: {_summary(drawn)}",
            paths=(written.relative_to(checkout).as_posix(),),
        )

    commit = gitsync.land(root, make_change, base=gitsync.base_branch(root), remote=remote)
    print(*said)
    if commit:
        print(f"round {month}: pushed as commit {commit[:12]}")
    return 0


def eligible(loaded: repository.Repository, month: str) -> list[Participant]:
    return sorted(
        (p for p in loaded.participants.values() if p.is_eligible(month)), key=lambda p: p.login
    )


def history(loaded: repository.Repository, month: str) -> list[Round]:
    return [past for key, past in sorted(loaded.rounds.items()) if key < month]


def default_seed(month: str, people: list[Participant], past: list[Round]) -> str:
    """The seed derived from the round and a digest of the inputs (see the module docstring)."""
    digest = hashlib.sha256()
    for person in people:
        digest.update(f"{person.login}\t{person.organisation}\n".encode())
    for earlier in past:
        for group in earlier.groups:
            digest.update(f"{earlier.round}\t{' '.join(group.members)}\n".encode())
    return f"{month}-{digest.hexdigest()[:16]}"


def draw_round(loaded: repository.Repository, month: str, seed: str | None) -> Round | str:
    """The round for ``month``, or why it is not drawn: fewer than two people to pair."""
    people = eligible(loaded, month)
    if len(people) < 2:
        who = "nobody is" if not people else f"only {people[0].login} is"
        return (
            f"round {month} not drawn: {who} eligible (joined by then and not paused); "
            "a round needs at least two people"
        )
    past = history(loaded, month)
    chosen = seed if seed is not None else default_seed(month, people, past)
    drawn = pairing.draw(month, people, past, chosen)
    quality = pairing.assess(drawn, people, pairing.History.of(past, month))
    log.info(
        "round %s: %d people, %d repeat(s), %d pair(s) of colleagues, seed %s",
        month,
        len(people),
        quality.repeats,
        quality.same_organisation,
        chosen,
    )
    return drawn


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
    found = githistory.snapshots(root, month)
    if isinstance(found, githistory.NotInGit):
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
    root: Path, month: str, seed: str, found: list[githistory.Snapshot]
) -> tuple[githistory.Snapshot, repository.Repository]:
    """The first snapshot whose data gives the recorded seed's digest, else the likeliest one.

    The derived seed is a digest of the draw's inputs, so it names the data the draw saw; a seed
    given by hand with --seed names nothing, and then the likeliest snapshot is used.
    """
    usable: list[tuple[githistory.Snapshot, repository.Repository]] = []
    refusal = ""
    for snapshot in found:
        with tempfile.TemporaryDirectory(prefix="unmentoring-check-") as folder:
            githistory.materialise(root, snapshot.commit, Path(folder))
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
        if people and default_seed(month, people, history(loaded, month)) == seed:
            return snapshot, loaded
        usable.append((snapshot, loaded))
    if not usable:
        raise Refused(f"round {month} cannot be re-drawn: {refusal}")
    return usable[0]


def _left_out(snapshot: githistory.Snapshot, skipped: list[Problem]) -> None:
    files = sorted({p.path for p in skipped})
    log.info("as of commit %s, left out for problems: %s", snapshot.short, ", ".join(files))


def _edits_after_draw(root: Path, month: str) -> list[str]:
    """Lines naming the edits to the round file since it was committed, other than annotations."""
    shown = f"{repository.ROUNDS}/{month}.yaml"
    edits = [
        f"{change.short} ({change.date}, {change.subject})"
        for change in githistory.later_changes(root, month)
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
    if _as_drawn(on_disk) != _as_drawn(githistory.committed_text(root, month)):
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
        redrawn = pairing.draw(month, people, history(loaded, month), recorded.seed)
        if repository.round_text(redrawn) == repository.round_text(as_drawn):
            derived = default_seed(month, people, history(loaded, month)) == recorded.seed
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


def _summary(drawn: Round) -> str:
    people = len(drawn.members)
    trio = " (one group of three)" if any(len(g.members) == 3 for g in drawn.groups) else ""
    return f"{people} people in {len(drawn.groups)} groups{trio}"


def _shown(loaded: repository.Repository, file) -> str:
    try:
        return file.relative_to(loaded.root).as_posix()
    except ValueError:
        return str(file)
