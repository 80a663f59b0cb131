"""What past rounds say about this round's people: the only part of the past the draw reads."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from unmentoring.core.model import Round


@dataclass(frozen=True)
class History:
    """What past rounds say about this round's people: who met whom, who was in a trio, when,
    and how many times each has been a group's host (only recorded hosts count: none before
    engine 3)."""

    last_met: dict[frozenset[str], str]
    last_trio: dict[str, str]
    months: tuple[str, ...]
    hosted: dict[str, int]

    @classmethod
    def of(cls, rounds: Iterable[Round], before: str) -> History:
        """Every round before the month ``before``, whatever order they were drawn in."""
        last_met: dict[frozenset[str], str] = {}
        last_trio: dict[str, str] = {}
        hosted: dict[str, int] = {}
        earlier = sorted((r for r in rounds if r.round < before), key=lambda r: r.round)
        for past in earlier:
            for group in past.groups:
                members = group.members
                for i, first in enumerate(members):
                    for second in members[i + 1 :]:
                        last_met[frozenset((first, second))] = past.round
                if len(members) >= 3:
                    for login in members:
                        last_trio[login] = past.round
                if group.host is not None:
                    hosted[group.host] = hosted.get(group.host, 0) + 1
        return cls(last_met, last_trio, tuple(r.round for r in earlier), hosted)
