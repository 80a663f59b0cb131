"""What a draw is made from: who is eligible, the past rounds, and the seed derived from them.

Shared by ``pair`` (which draws) and ``pair --check`` (which draws again from history), so that
both read the data the same way.
"""

from __future__ import annotations

import dataclasses
import hashlib

from unmentoring.core import pairing
from unmentoring.core.engine import ENGINE
from unmentoring.core.model import Participant, Round, SchemeData


def eligible(loaded: SchemeData, month: str) -> list[Participant]:
    return sorted(
        (p for p in loaded.participants.values() if p.is_eligible(month)), key=lambda p: p.login
    )


def past_rounds(loaded: SchemeData, month: str) -> list[Round]:
    return [past for key, past in sorted(loaded.rounds.items()) if key < month]


def default_seed(month: str, people: list[Participant], past: list[Round]) -> str:
    """``<month>-<digest>``: the first 16 hex digits of the SHA-256 of the draw's inputs.

    The inputs are one line per eligible person (``login<TAB>organisation``) in login order,
    then one line per past group (``month<TAB>login login ...``), so the seed changes whenever
    they do and nobody can choose a convenient one."""
    digest = hashlib.sha256()
    for person in people:
        digest.update(f"{person.login}\t{person.organisation}\n".encode())
    for earlier in past:
        for group in earlier.groups:
            digest.update(f"{earlier.round}\t{' '.join(group.members)}\n".encode())
    return f"{month}-{digest.hexdigest()[:16]}"


def draw(month: str, people: list[Participant], past: list[Round], seed: str) -> Round:
    """The round the draw engine gives, stamped with the engine's version, as `pair` writes it."""
    return dataclasses.replace(pairing.draw(month, people, past, seed), engine=ENGINE)


def summary(drawn: Round) -> str:
    people = len(drawn.members)
    trio = " (one group of three)" if any(len(g.members) == 3 for g in drawn.groups) else ""
    return f"{people} people in {len(drawn.groups)} groups{trio}"
