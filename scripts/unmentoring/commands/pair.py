"""Draw a round: pair everyone eligible and write rounds/YYYY-MM.yaml (never overwriting one).

Who is drawn: everyone with a valid participant file who joined on or before the end of the
round's month, is not paused, and whose paused_until (if any) is not after the round's month.
History is every round file for an earlier month, including rounds of people who have left.

The seed: unless --seed is given, it is "<round>-<digest>", where <digest> is the first 16 hex
digits of the SHA-256 of the draw's inputs: one line per eligible person ("login<TAB>organisation")
in login order, then one line per past group ("month<TAB>login login ...", then "<TAB>host" when
the group has one). So the seed changes
whenever the inputs do, and nobody can choose a convenient one. The seed is written in the round
file, and after it the engine's version (``engine: N``, see core/engine.py): the same inputs and
seed give the same round with any code of the same engine.

Checking a draw: --check re-draws a committed round from its recorded seed and the data as it was
when the round was drawn (from git history), with this code or, for a round of another engine,
the code that drew it, and says whether the same groups come out, or what differs and why (the
details are in pair_check.py).

Publishing a draw: --push commits the new round file and pushes it. Each attempt starts from the
branch's newest commit and draws afresh from that data; when someone pushed first it starts over
(a round file that appeared meanwhile is kept as it is: then there is nothing to do). With
`draw: review` in scheme.yaml it proposes the round in a pull request instead (pair_review.py),
counting the draws the organisers rejected into the seed and the file (`redraws: N`).

A participant file with problems leaves that person out (a warning names the file and line);
problems in scheme.yaml or rounds/ stop the draw.

The scheduled workflow runs daily, so that announcing converges, but ``--push`` without
--round draws only on the month's draw days (1 to 7, core/schedule.py's LAST_DRAW_DAY).

Exit status: 0 when the round is written, pushed, printed, already drawn, there are fewer than
two people to pair, the month is one scheme.yaml skips (`skip_months`), or (when --round is not
given, as in the scheduled workflow) this month is before the scheme's start or past its draw
days; 1 when scheme.yaml
or rounds/ have problems, the round asked for with --round is before the start, --check finds
that the round is not reproduced, or the clone is too shallow to check it.
"""

from __future__ import annotations

import argparse
import dataclasses
import logging
import sys
from pathlib import Path

from unmentoring.commands import announce, options, pair_check, pair_review
from unmentoring.commands.options import current_month, today
from unmentoring.core import pairing, schedule
from unmentoring.core.draws import (
    NothingToDraw,
    Why,
    default_seed,
    draw,
    eligible,
    past_rounds,
    summary,
    too_few,
)
from unmentoring.core.model import DrawMode, Round, Scheme
from unmentoring.core.months import MONTH_NAMES, month_name
from unmentoring.core.problems import Refused
from unmentoring.github import api
from unmentoring.gitops import landing
from unmentoring.store import repository, step_outputs

log = logging.getLogger(__name__)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    options.add_round(parser, "the round's month (default: this month, UTC)")
    parser.add_argument(
        "--seed",
        metavar="TEXT",
        help="draw from this seed instead of the one derived from the round and the data",
    )
    what = parser.add_mutually_exclusive_group()
    options.add_dry_run(what, "print the round that would be written, and write nothing")
    what.add_argument(
        "--check",
        action="store_true",
        help="re-draw an existing round from its recorded seed and the data it was drawn from "
        "(from git history; today's files when the round is not committed), and say whether the "
        "same groups come out. A round of another engine, or one this code does not reproduce, is "
        "re-drawn with the code that drew it too: this runs the scheme repository's own code "
        "from the round's commit (as `pip install .` of a clone runs its current code), in a "
        "separate Python process with a time limit",
    )
    options.add_push(
        parser,
        "the new round file (drawn afresh on each attempt; an existing round file is never "
        "replaced; with `draw: review` in scheme.yaml, to a pull request instead)",
        exclusive=what,
    )
    what.add_argument(
        "--preview",
        action="store_true",
        help="print the round that would be drawn, then every issue announce would open for it "
        "(for the latest round drawn when there is none to draw), as `pair --dry-run` and then "
        "`announce --dry-run` after the draw would; no network, nothing written",
    )
    what.add_argument(
        "--print-draw",
        action="store_true",
        help="print scheme.yaml's `draw` (direct or review), and in a workflow set it as the "
        "step output `draw`, and do nothing else, so that the workflow can draw in a job with "
        "just the permissions that mode needs",
    )
    # argparse refuses --dry-run, --check, --push, --preview and --print-draw together; the rest
    # is checked
    # in run()
    # and reported the same way (usage, message, exit 2).
    parser.set_defaults(usage_error=parser.error)


def usage_mistake(args: argparse.Namespace) -> str | None:
    """Options given for nothing, which argparse cannot express; None if all is well."""
    if args.print_draw and (args.round is not None or args.seed is not None):
        return "--print-draw goes alone: it prints scheme.yaml's `draw` and draws nothing"
    if args.check and args.seed is not None:
        return "--seed does not go with --check: a check re-draws from the round's recorded seed"
    if options.remote_given(args) and not args.push:
        return "--remote goes with --push: without --push nothing is pushed"
    return None


def run(args: argparse.Namespace) -> int:
    mistake = usage_mistake(args)
    if mistake:
        args.usage_error(mistake)  # exits 2
    if args.print_draw:
        mode = repository.load_scheme(args.repo).draw
        print(mode)
        step_outputs.set_output("draw", str(mode))
        return 0
    asked = args.round is not None  # a month asked for by name, not the scheduled default
    month = args.round or current_month()
    if args.check:
        return pair_check.check(args.repo, month)
    if args.push:
        late = not asked and today().day > schedule.LAST_DRAW_DAY
        return push(args.repo, month, args.seed, asked=asked, remote=args.remote, late=late)
    loaded = repository.load_for_use(args.repo)
    drawn = decide(loaded, month, args.seed, asked=asked)
    if args.preview:
        return preview(loaded, drawn, args.round)
    if isinstance(drawn, NothingToDraw):
        print(drawn)
        return 0
    if args.dry_run:
        print(repository.round_text(drawn), end="")
        return 0
    written = repository.write_round(loaded.root, drawn)
    print(f"round {month}: {summary(drawn)}; written to {_shown(loaded, written)}")
    return 0


def preview(loaded: repository.Repository, drawn: Round | NothingToDraw, asked: str | None) -> int:
    """The Monthly round workflow's dry run: the round, then its issues, from the files alone."""
    if isinstance(drawn, NothingToDraw):
        print(drawn)
    else:
        print(repository.round_text(drawn), end="")
        loaded = dataclasses.replace(loaded, rounds={**loaded.rounds, drawn.round: drawn})
    print()
    announce.print_preview(loaded, asked, sys.stdout)
    return 0


def _late(month: str) -> NothingToDraw:
    """The workflow runs daily so that announcing converges, but draws only on the month's
    draw days: a round drawn later would be nudged, asked and judged within days."""
    return NothingToDraw(
        Why.LATE,
        f"round {month} not drawn: the month's draw days (1 to {schedule.LAST_DRAW_DAY}) have "
        f"passed; to draw it now, give its month (--round {month}, or the round box of Run "
        "workflow)",
    )


def decide(
    loaded: repository.Repository,
    month: str,
    seed: str | None,
    *,
    asked: bool,
    redraws: int = 0,
    late: bool = False,
) -> Round | NothingToDraw:
    """The round to write, or why there is nothing to write (exit 0).

    A month before the scheme's start is refused when it was asked for by name, and is nothing
    to do when it is only this month (a scheduled run before the scheme begins). ``late``: a
    scheduled run after the month's draw days, which draws nothing.
    """
    round_file = loaded.round_file(month)
    if round_file.exists():
        return NothingToDraw(
            Why.ALREADY_DRAWN,
            f"round {month} is already drawn ({_shown(loaded, round_file)}); nothing to do",
        )
    if late:
        return _late(month)
    start = loaded.scheme.start
    if start and month < start:
        if asked:
            raise Refused(
                f"round {month} is before the scheme's start ({start} in scheme.yaml); "
                "draw a later round or change `start`"
            )
        return NothingToDraw(
            Why.BEFORE_START,
            f"round {month} not drawn: the scheme starts in {start} (scheme.yaml); nothing to do",
        )
    skipped = skipped_month(loaded.scheme, month)
    if skipped is not None:
        return skipped
    return draw_round(loaded, month, seed, redraws)


def skipped_month(scheme: Scheme, month: str) -> NothingToDraw | None:
    """Why ``month`` has no round when scheme.yaml skips it (asked for by name or not: a skipped
    month is the organisers' choice, so not drawing it is success); None when it has one."""
    if not schedule.is_skipped(scheme.skip_months, month):
        return None
    after = schedule.round_after(scheme, month)
    return NothingToDraw(
        Why.SKIPPED,
        f"round {month} not drawn: scheme.yaml skips {MONTH_NAMES[int(month[5:7]) - 1]} "
        f"(`skip_months`); the next round is {month_name(after)} ({after}); nothing to do",
    )


def push(
    root: Path, month: str, seed: str | None, *, asked: bool, remote: str, late: bool = False
) -> int:
    """Draw on the branch's newest commit, commit the round file and push it (see the docstring).

    ``landing.land`` runs ``make_change`` once per attempt on a fresh checkout, so a lost race
    re-draws from the data that won it, and a round pushed meanwhile is found and kept.
    """
    if repository.load_scheme(root).draw is DrawMode.REVIEW:
        client = api.connect(repository=repository.load_scheme(root).repository)
        return pair_review.propose(
            root,
            month,
            lambda loaded, redraws, correcting: decide(
                loaded, month, seed, asked=asked, redraws=redraws, late=late and not correcting
            ),
            client,
            remote=remote,
        )
    said: list[str] = []  # the latest attempt's outcome, printed once at the end

    def make_change(checkout: Path) -> landing.Commit | None:
        loaded = repository.load_for_use(checkout)
        drawn = decide(loaded, month, seed, asked=asked, late=late)
        if isinstance(drawn, NothingToDraw):
            said[:] = [str(drawn)]
            return None
        written = repository.write_round(checkout, drawn)
        said[:] = [f"round {month}: {summary(drawn)}; written to {_shown(loaded, written)}"]
        return landing.Commit(
            message=f"Draw round {month}: {summary(drawn)}",
            paths=(written.relative_to(checkout).as_posix(),),
        )

    commit = landing.land(root, make_change, base=landing.base_branch(root), remote=remote)
    print(*said)
    if commit:
        print(f"round {month}: pushed as commit {commit[:12]}")
    return 0


def draw_round(
    loaded: repository.Repository, month: str, seed: str | None, redraws: int = 0
) -> Round | NothingToDraw:
    """The round for ``month``, or why it is not drawn: fewer than two people to pair.

    ``redraws`` counts the draws of it the organisers rejected (``draw: review``)."""
    people = eligible(loaded, month)
    nothing = too_few(month, people)
    if nothing is not None:
        return nothing
    past = past_rounds(loaded, month)
    chosen = seed if seed is not None else default_seed(month, people, past, redraws)
    drawn = draw(month, people, past, chosen, redraws)
    quality = pairing.assess(drawn, people, pairing.History.of(past, month))
    log.info(
        "round %s drawn from seed %s: %d repeat(s), %d pair(s) who cannot meet as they want, "
        "%d pair(s) of colleagues",
        month,
        chosen,
        quality.repeats,
        quality.cannot_meet,
        quality.same_organisation,
    )
    return drawn


def _shown(loaded: repository.Repository, file: Path) -> str:
    try:
        return file.relative_to(loaded.root).as_posix()
    except ValueError:
        return str(file)
