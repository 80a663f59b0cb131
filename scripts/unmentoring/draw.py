"""Draw a round: pair everyone eligible and write rounds/YYYY-MM.yaml (never overwriting one).

Who is drawn: everyone with a valid participant file who joined on or before the end of the
round's month, is not paused, and whose paused_until (if any) is not after the round's month.
History is every round file for an earlier month, including rounds of people who have left.

The seed: unless --seed is given, it is "<round>-<digest>", where <digest> is the first 16 hex
digits of the SHA-256 of the draw's inputs: one line per eligible person ("login<TAB>organisation")
in login order, then one line per past group ("month<TAB>login login ..."). So the seed changes
whenever the inputs do, and nobody can choose a convenient one. The seed is written in the round
file; `pair --round YYYY-MM --check` re-draws that round from it and says whether today's data
still gives the same groups.

Exit status: 0 when the round is written, printed, already drawn, or there are fewer than two
people to pair; 1 when the data has problems, the round is before the scheme's start, or
--check finds that the round is not reproduced.
"""

from __future__ import annotations

import argparse
import hashlib
import logging

from unmentoring import pairing, repository
from unmentoring.model import Participant, Round
from unmentoring.months import current_month, month_argument
from unmentoring.problems import Refused

log = logging.getLogger(__name__)


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
        help="re-draw an existing round from its recorded seed and say if the data reproduces it",
    )


def run(args: argparse.Namespace) -> int:
    month = args.round or current_month()
    loaded = repository.load_valid(args.repo)
    if args.check:
        return _check(loaded, month)
    round_file = loaded.round_file(month)
    if round_file.exists():
        print(f"round {month} is already drawn ({_shown(loaded, round_file)}); nothing to do")
        return 0
    start = loaded.scheme.start
    if start and month < start:
        raise Refused(
            f"round {month} is before the scheme's start ({start} in scheme.yaml); "
            "draw a later round or change `start`"
        )
    drawn = draw_round(loaded, month, args.seed)
    if drawn is None:
        return 0
    if args.dry_run:
        print(repository.round_text(drawn), end="")
        return 0
    written = repository.write_round(loaded.root, drawn)
    print(f"round {month}: {_summary(drawn)}; written to {_shown(loaded, written)}")
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


def draw_round(loaded: repository.Repository, month: str, seed: str | None) -> Round | None:
    """The round for ``month``, or None (with a message) when fewer than two can be paired."""
    people = eligible(loaded, month)
    if len(people) < 2:
        who = "nobody is" if not people else f"only {people[0].login} is"
        print(
            f"round {month} not drawn: {who} eligible (joined by then and not paused); "
            "a round needs at least two people"
        )
        return None
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


def _check(loaded: repository.Repository, month: str) -> int:
    recorded = loaded.rounds.get(month)
    if recorded is None:
        if loaded.round_file(month).exists():
            raise Refused(f"{_shown(loaded, loaded.round_file(month))} could not be read")
        raise Refused(f"round {month} has not been drawn: there is no rounds/{month}.yaml")
    people = eligible(loaded, month)
    if len(people) < 2:
        print(f"round {month} NOT reproduced: fewer than two people are eligible today")
        return 1
    redrawn = pairing.draw(month, people, history(loaded, month), recorded.seed)
    wanted = sorted(tuple(sorted(g.members)) for g in recorded.groups)
    got = sorted(tuple(sorted(g.members)) for g in redrawn.groups)
    if wanted == got:
        print(f"round {month} reproduced: seed {recorded.seed!r} gives the same {len(got)} groups")
        return 0
    print(f"round {month} NOT reproduced from seed {recorded.seed!r}:")
    then, now = set(recorded.members), {p.login for p in people}
    for login in sorted(then - now):
        print(f"  {login} was drawn but is not eligible now (left, paused or joined later)")
    for login in sorted(now - then):
        print(f"  {login} is eligible now but was not drawn")
    if then == now:
        print("  the same people, but different groups: the history or organisations changed")
    missing = [g for g in wanted if g not in got]
    extra = [g for g in got if g not in wanted]
    for group in missing:
        print(f"  recorded group {', '.join(group)} is not in the re-draw")
    for group in extra:
        print(f"  the re-draw has {', '.join(group)} instead")
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
