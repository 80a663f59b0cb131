"""What a draw is made from: who is eligible, the past rounds, and the seed derived from them.

Eligible: joined by the month, not paused (``Participant.is_eligible``), and not sitting out
because of ``every``: someone with ``every: N`` is in no round within the N - 1 drawn rounds
after a round that grouped them (any group of it, rematch groups too). Only rounds drawn before
the month count (round files; a month skipped or not drawn is no round), including those they
sat out while paused, so that someone back from a pause that long is drawn as usual.

Shared by ``pair`` (which draws) and ``pair --check`` (which draws again from history), so that
both read the data the same way.
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from unmentoring.core import pairing
from unmentoring.core.engine import ENGINE
from unmentoring.core.meeting import DEFAULT_EVERY
from unmentoring.core.model import Participant, Round, SchemeData


class Why(enum.Enum):
    """Why a round is not drawn (each is success: there is nothing to do)."""

    ALREADY_DRAWN = "already drawn"
    BEFORE_START = "before the scheme's start"
    SKIPPED = "a month without a round (skip_months)"
    TOO_FEW = "fewer than two people to pair"
    LATE = "past the month's draw days, and not asked for by name"


@dataclass(frozen=True)
class NothingToDraw:
    """A round that is not drawn, why, and the line that says so."""

    why: Why
    message: str

    def __str__(self) -> str:
        return self.message


def too_few(month: str, people: list[Participant]) -> NothingToDraw | None:
    """Why ``people`` cannot make a round, or None when they can."""
    if len(people) >= 2:
        return None
    who = "nobody is" if not people else f"only {people[0].login} is"
    return NothingToDraw(
        Why.TOO_FEW,
        f"round {month} not drawn: {who} eligible (joined by then, not paused and not sitting "
        "out this round by how often they take part); a round needs at least two people",
    )


def eligible(loaded: SchemeData, month: str) -> list[Participant]:
    """Who is drawn in the round for ``month``, in login order."""
    return drawn_in(loaded.participants.values(), past_rounds(loaded, month), month)


def drawn_in(
    participants: Iterable[Participant], past: Sequence[Round], month: str
) -> list[Participant]:
    """Those of ``participants`` drawn in ``month``'s round, given the rounds drawn before it
    (any order, any months: only those before ``month`` count), in login order."""
    people = list(participants)
    earlier = sorted((r for r in past if r.round < month), key=lambda r: r.round)
    longest = max((p.every for p in people), default=DEFAULT_EVERY)
    recent = [(r.round, frozenset(r.members)) for r in earlier[max(0, len(earlier) - longest) :]]
    return sorted(
        (p for p in people if p.is_eligible(month) and not rounds_left_out(p, recent)),
        key=lambda p: p.login,
    )


# A drawn round as ``every`` sees it: its month and everyone in it (rematch groups too).
Grouped = tuple[str, Collection[str]]


def rounds_left_out(person: Participant, earlier: Sequence[Grouped]) -> int:
    """How many drawn rounds, the next one first, ``every`` keeps ``person`` out of: N - 1 after
    one that grouped them. ``earlier``: the rounds drawn before the next one, oldest first (the
    last N - 1 are enough). Rounds before the month they joined do not count, so that the first
    round after joining is drawn as usual (also after leaving and joining again)."""
    rest = person.every - 1
    if rest <= 0:
        return 0
    joined = f"{person.joined.year:04d}-{person.joined.month:02d}"
    for back, (month, members) in enumerate(reversed(earlier[-rest:])):
        if month >= joined and person.login in members:
            return rest - back
    return 0


def past_rounds(loaded: SchemeData, month: str) -> list[Round]:
    return [past for key, past in sorted(loaded.rounds.items()) if key < month]


def default_seed(month: str, people: list[Participant], past: list[Round], redraws: int = 0) -> str:
    """``<month>-<digest>``: the first 16 hex digits of the SHA-256 of the draw's inputs.

    The inputs are one line per eligible person (``login<TAB>organisation``) in login order,
    then one line per past group (``month<TAB>login login ...``, then ``<TAB>host`` when the
    group has one: past hosting decides hosts), so the seed changes whenever they do and nobody
    can choose a convenient one. When the organisers rejected ``redraws`` earlier draws of the
    round (``draw: review``), a last line ``redraws<TAB>N`` makes this draw differ from them;
    with none, the seed is the same as before redraws existed."""
    digest = hashlib.sha256()
    for person in people:
        digest.update(f"{person.login}\t{person.organisation}\n".encode())
    for earlier in past:
        for group in earlier.groups:
            host = f"\t{group.host}" if group.host is not None else ""
            digest.update(f"{earlier.round}\t{' '.join(group.members)}{host}\n".encode())
    if redraws:
        digest.update(f"redraws\t{redraws}\n".encode())
    return f"{month}-{digest.hexdigest()[:16]}"


def draw(
    month: str, people: list[Participant], past: list[Round], seed: str, redraws: int = 0
) -> Round:
    """The round the draw engine gives, stamped with the engine's version and the count of
    rejected draws before it, as `pair` writes it."""
    drawn = pairing.draw(month, people, past, seed)
    return dataclasses.replace(drawn, engine=ENGINE, redraws=redraws)


def summary(drawn: Round) -> str:
    people = len(drawn.members)
    trio = " (one group of three)" if any(len(g.members) == 3 for g in drawn.groups) else ""
    return f"{people} people in {len(drawn.groups)} groups{trio}"
