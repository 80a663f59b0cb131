"""Judging a re-drawn round: whether it is the recorded one, and what a failed check may blame.

Pure: `pair --check` (commands/pair_check.py) gathers the re-draws and the history, and these
decide and word what it says.
"""

from __future__ import annotations

import re

from unmentoring.core.model import Group, Round


def as_drawn(drawn: Round) -> Round:
    """What the draw decides: the round, its seed and each group's members and host, in order.

    Leaves out what announce adds later (issue, outcome), the groups follow-up appends from
    ``/rematch`` requests (they come from the issues, not the draw) and the engine's number
    (older code wrote none; which engine drew it is judged apart).
    """
    return Round(
        round=drawn.round,
        seed=drawn.seed,
        groups=tuple(Group(members=tuple(g.members), host=g.host) for g in drawn.drawn),
    )


def rematch_note(recorded: Round) -> str | None:
    """What the check leaves out: the groups made mid-month by ``/rematch``."""
    count = len(recorded.rematches)
    if not count:
        return None
    plural = "group" if count == 1 else "groups"
    return (
        f"note: {count} {plural} made later by /rematch, from members' requests in their "
        "pairing issues, not re-drawn (the draw is checked without them)"
    )


def reproduces(recorded: Round, redrawn: Round | None) -> bool:
    return redrawn is not None and as_drawn(redrawn) == as_drawn(recorded)


def same_groups(one: Round | None, other: Round | None) -> bool:
    if one is None or other is None:
        return one is other
    return as_drawn(one) == as_drawn(other)


def engine_named(engine: int | None) -> str:
    return f"engine {engine}" if engine is not None else "from before engine numbers"


def seed_note(month: str, seed: str) -> str:
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


def times(count: int) -> str:
    """``once``, ``twice``, ``3 times``."""
    return "once" if count == 1 else "twice" if count == 2 else f"{count} times"


def redraws_note(redraws: int) -> str:
    """A round the organisers drew again after rejecting earlier draws (``draw: review``)."""
    return (
        f"note: the organisers rejected a draw of this round {times(redraws)} before this one "
        f"(`redraws: {redraws}`); the count is part of the seed's digest, so each draw differed"
    )


def engine_not_raised(
    commit: str, round_file: str, engine: int, later: list[str], code: str, *, reproduced: bool
) -> str:
    """A commit's draw code and this code both say ``engine`` yet draw differently.

    ``later`` names the commits that changed ``code`` after ``commit``; none means this code is
    not the repository's (an install that differs from it).
    """
    what = "reproduces the round" if reproduced else "draws it differently from this code too"
    where = (
        f"the draw code was changed after it in {_commits(later)} without raising the engine "
        f"number (core/engine.py); see `git diff {commit} HEAD -- {code}`"
        if later
        else "the draw code was changed without raising the engine number (core/engine.py): "
        f"this code is not the repository's; compare it with `git show {commit}:{code}`"
    )
    return (
        f"the code as of commit {commit}, which added {round_file}, {what}, yet it and this code "
        f"both say engine {engine}: {where}"
    )


def other_engine_reproduces(commit: str, engine: int | None, recorded: int | None) -> str:
    """A commit's code, of another engine than the round file says, reproduces the round."""
    return (
        f"the code as of commit {commit} ({engine_named(engine)}) reproduces the round, but the "
        f"round file says {engine_named(recorded)}: the `engine:` line was edited, or that code "
        "is not the code that drew it"
    )


def engine_changed(recorded: int | None, this: int) -> str:
    """This code, of another engine than the round's, does not reproduce it."""
    drawn_by = (
        f"engine {recorded}"
        if recorded is not None
        else "an engine from before engine numbers were recorded"
    )
    return (
        f"the round was drawn with {drawn_by} and re-drawn with engine {this}: the difference "
        "may be due to the change of engine, not to an edit; check it with the code that drew it"
    )


def same_people_cause(code: str | None, *, history: bool) -> str:
    """What a re-draw of the same people into other groups may come from.

    ``code`` says how the code may differ from what drew the round (None: it cannot, as far as
    the check can tell); without git ``history`` an edit to the round file cannot be ruled out.
    """
    causes = ["the history or organisations differ"]
    if code is not None:
        causes.append(code)
    if not history:
        causes.append("the round file was edited after the draw")
    listed = ", ".join(causes[:-1]) + ", or " + causes[-1] if len(causes) > 1 else causes[0]
    return f"the same people, but different groups: {listed}"


def _commits(later: list[str]) -> str:
    return ("commit " if len(later) == 1 else "commits ") + ", ".join(later)
