"""What the organiser sees of follow-up: a row of counts per round, for the job summary. Pure."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from unmentoring.core.model import Outcome, Round


@dataclass(frozen=True, kw_only=True)
class Tally:
    """One round as the organiser's summary shows it."""

    month: str
    groups: int
    replied: int
    met: int
    not_met: int
    unreported: int
    rematched: int  # groups made by /rematch
    paused_as_quiet: int = 0  # filled in by the quiet-members step

    HEADINGS = (
        "round",
        "groups",
        "replied",
        "met",
        "not met",
        "unreported",
        "rematched",
        "paused as quiet",
    )

    def cells(self) -> tuple[str, ...]:
        values = (self.groups, self.replied, self.met, self.not_met, self.unreported)
        return (self.month, *map(str, values), str(self.rematched), str(self.paused_as_quiet))


def tally(drawn: Round, wrote: Iterable[int]) -> Tally:
    """Count ``drawn``'s groups; ``wrote``: the indexes of groups where a member commented.

    A group that reported met or not met has replied too, whatever the thread shows."""
    outcomes = [group.outcome for group in drawn.groups]
    written = set(wrote)
    replied = sum(
        1
        for index, outcome in enumerate(outcomes)
        if index in written or outcome in (Outcome.MET, Outcome.NOT_MET)
    )
    return Tally(
        month=drawn.round,
        groups=len(drawn.groups),
        replied=replied,
        met=outcomes.count(Outcome.MET),
        not_met=outcomes.count(Outcome.NOT_MET),
        unreported=outcomes.count(Outcome.UNREPORTED),
        rematched=len(drawn.rematches),
    )


def summary_markdown(tallies: Sequence[Tally]) -> str:
    lines = [
        "### Follow-up",
        "",
        "| " + " | ".join(Tally.HEADINGS) + " |",
        "|" + " --- |" * len(Tally.HEADINGS),
    ]
    lines += ["| " + " | ".join(t.cells()) + " |" for t in tallies]
    return "\n".join(lines) + "\n"


def summary_text(tallies: Sequence[Tally]) -> str:
    rows = [Tally.HEADINGS, *(t.cells() for t in tallies)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(Tally.HEADINGS))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    )
