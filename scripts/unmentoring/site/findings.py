"""What each chart and table of the statistics page says, in words, from the published figures.

Following the GOV.UK Analysis Function's guidance on charts: each chart has a headline that
states its main finding where the figures allow one (else what it shows), a one-line summary in
text, and a table of its figures to download as CSV. Only published figures are used, so a
suppressed count reads "fewer than N" here exactly as on the page.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from unmentoring.core.months import month_name

OUTCOMES_TITLE = "How each round\N{RIGHT SINGLE QUOTATION MARK}s conversations went"


@dataclass(frozen=True, kw_only=True)
class Finding:
    """A chart's headline (its finding) and its one-line summary."""

    headline: str
    summary: str


@dataclass(frozen=True, kw_only=True)
class Table:
    """A table of the page, as shown: a header row, then one row per round or month, whose
    first cell names the row and the others are figures as the page writes them."""

    caption: str
    file: str  # the CSV beside the page, like statistics-people-per-round.csv
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    def csv(self) -> bytes:
        """The table as CSV, header first. Lines end in LF, not RFC 4180's CRLF: every
        spreadsheet reads either, and the repository keeps text files LF (.gitattributes), so a
        golden copy stays byte for byte what the build writes."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(self.header)
        writer.writerows(self.rows)
        return out.getvalue().encode("utf-8")


def _span(labels: list[str]) -> str:
    if len(labels) == 1:
        return f"in {month_name(labels[0])}"
    return f"from {month_name(labels[0])} to {month_name(labels[-1])}"


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def per_round(figures: dict[str, Any]) -> Finding:
    rounds = figures["per_round"]
    summary = "The number of people matched in each round"
    if not rounds:
        return Finding(headline="People in each round", summary=f"{summary}.")
    latest = rounds[-1]
    people = latest["participants"]
    headline = f"{people['text']} people were in the {month_name(latest['round'])} round"
    shown = [item["participants"]["value"] for item in rounds[:-1]]
    if people["value"] is not None and len(rounds) > 1:
        earlier = [value for value in shown if value is not None]
        if earlier and people["value"] > max(earlier):
            headline += ", the most so far"
    return Finding(
        headline=_sentence(headline),
        summary=f"{summary}, {_span([item['round'] for item in rounds])}.",
    )


def outcomes(figures: dict[str, Any]) -> Finding:
    rounds = figures["per_round"]
    happened = figures["reported_met"]
    if happened["percent"] is not None:
        headline = f"{happened['text']} of the conversations reported so far happened"
    else:
        headline = OUTCOMES_TITLE
    summary = "The conversations of each round, by what their members said: met, not met or nothing"
    if rounds:
        summary += f", {_span([item['round'] for item in rounds])}"
    return Finding(headline=headline, summary=f"{summary}.")


def per_month(figures: dict[str, Any]) -> Finding:
    months_counted = figures["per_month"]
    what = "joining and leaving" if figures["leaves_known"] else "joining"
    summary = f"The number of people {what} each month"
    if not months_counted:
        return Finding(headline="Nobody has joined yet", summary=f"{summary}.")
    latest = months_counted[-1]
    headline = f"{latest['joins']['text']} people joined in {month_name(latest['month'])}"
    if figures["leaves_known"]:
        headline += f" and {latest['leaves']['text']} left"
    return Finding(
        headline=_sentence(headline),
        summary=f"{summary}, {_span([item['month'] for item in months_counted])}.",
    )


OUTCOME_COLUMNS = (
    ("Met", "met"),
    ("Not met", "not_met"),
    ("Unreported", "unreported"),
    ("Not yet reported", "not_yet_reported"),
)


def tables(figures: dict[str, Any], per_month_title: str) -> dict[str, Table]:
    """The page's tables, each with the CSV file it is downloaded as."""
    rounds = figures["per_round"]
    leaves = figures["leaves_known"]
    return {
        "per_round": Table(
            caption="People in each round",
            file="statistics-people-per-round.csv",
            header=("Round", "People"),
            rows=tuple(
                (month_name(item["round"]), item["participants"]["text"]) for item in rounds
            ),
        ),
        "outcomes": Table(
            caption=OUTCOMES_TITLE,
            file="statistics-conversations-per-round.csv",
            header=("Round", *(name for name, _ in OUTCOME_COLUMNS)),
            rows=tuple(
                (
                    month_name(item["round"]),
                    *(item["outcomes"][key]["text"] for _, key in OUTCOME_COLUMNS),
                )
                for item in rounds
            ),
        ),
        "per_month": Table(
            caption=per_month_title,
            file="statistics-joins-per-month.csv",
            header=("Month", "Joined", *(("Left",) if leaves else ())),
            rows=tuple(
                (
                    month_name(item["month"]),
                    item["joins"]["text"],
                    *((item["leaves"]["text"],) if leaves else ()),
                )
                for item in figures["per_month"]
            ),
        ),
    }
