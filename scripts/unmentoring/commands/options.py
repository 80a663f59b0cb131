"""The options several commands share: ``--round``, ``--dry-run``, ``--push`` and ``--remote``.

Each is defined once here, so that they are spelled, parsed and explained alike in every command;
the command gives the help text that says what the option means for it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
from collections.abc import Mapping
from typing import Any, Protocol

from unmentoring.core import months
from unmentoring.gitops import landing


class Options(Protocol):
    """Where an option can go: a parser, or one of its (mutually exclusive) groups."""

    def add_argument(self, *names: str, **settings: Any) -> argparse.Action: ...


def now() -> dt.datetime:
    """Now in UTC, the workflows' clock: every command reads the time here (and a test or the
    year simulation sets it here)."""
    return dt.datetime.now(dt.UTC)


def today() -> dt.date:
    """Today in UTC."""
    return now().date()


def current_month() -> str:
    """This month in UTC: the round a command works on when ``--round`` is not given."""
    return months.month_of(today())


def month(text: str) -> str | None:
    """argparse type for a month: a wrong one is a usage error (exit 2). Empty is None, as if
    the option were not given: a workflow passes its form's round box as it is, empty on a
    schedule, so that its step needs no shell to leave the option out."""
    if not text.strip():
        return None
    if not months.is_month(text):
        raise argparse.ArgumentTypeError(f"{text!r} is not a month; write it YYYY-MM, e.g. 2026-03")
    return text


def add_round(parser: Options, help: str) -> None:
    """``--round YYYY-MM``: None when not given or empty (the command then takes its default)."""
    parser.add_argument(
        "--round", metavar="YYYY-MM", type=month, help=f"{help}; empty: the default"
    )


def add_dry_run(parser: Options, help: str) -> None:
    """``--dry-run``: say what would be done, and do none of it."""
    parser.add_argument("--dry-run", action="store_true", help=help)


class _Remote(argparse.Action):
    """Stores ``--remote`` and notes that it was given, so a command can refuse it without
    ``--push`` (its default would otherwise look the same as a value given for nothing)."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: str | None = None,
    ) -> None:
        setattr(namespace, self.dest, values)
        namespace.remote_given = True


def remote_given(args: argparse.Namespace) -> bool:
    """Whether ``--remote`` was on the command line (not only its default)."""
    return bool(getattr(args, "remote_given", False))


def add_push(parser: Options, what: str, exclusive: Options | None = None) -> None:
    """``--push`` and ``--remote``, for a command whose change ``what`` is landed by
    ``gitops.landing.land``; with ``exclusive`` (a mutually exclusive group of ``parser``),
    ``--push`` goes in it."""
    (exclusive or parser).add_argument(
        "--push",
        action="store_true",
        help=f"commit {what} and push, starting again from the newest commit when "
        "others pushed first",
    )
    parser.add_argument(
        "--remote",
        action=_Remote,
        default="origin",
        help="with --push: the git remote (default: origin)",
    )


def positive_minutes(text: str) -> float:
    """argparse type for ``--max-minutes``: a positive number of minutes."""
    try:
        minutes = float(text)
    except ValueError:
        minutes = 0.0
    if not minutes > 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive number of minutes")
    return minutes


# A GitHub App's installation token expires after an hour
# (https://docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app/generating-an-installation-access-token-for-a-github-app):
# a run that pushes with one stops in time to push what it did, and the next run carries on.
APP_TOKEN_MINUTES = 50.0


def add_max_minutes(parser: Options, longest: float | None = None) -> None:
    """``--max-minutes M``: a run that stops cleanly in time and leaves the rest to the next.

    ``longest``: the command's default, which ``max_minutes`` shortens for an App's token."""
    default = ""
    if longest is not None:
        default = (
            f" (default: {APP_TOKEN_MINUTES:g} with the scheme's GitHub App token, "
            f"UNMENTORING_APP_TOKEN=1, as it expires after an hour; else {longest:g})"
        )
    parser.add_argument(
        "--max-minutes",
        type=positive_minutes,
        metavar="M",
        help="stop cleanly after about M minutes (or before a wait that would pass them); "
        f"the next run carries on{default}",
    )


def max_minutes(
    given: float | None, longest: float | None, env: Mapping[str, str] | None = None
) -> float | None:
    """The run's time limit: ``given``, else ``longest`` (shorter with an App's token, whose
    hour would otherwise end before the push), else none."""
    if given is not None or longest is None:
        return given
    env = os.environ if env is None else env
    app = env.get(landing.APP_TOKEN_ENV, "").strip() == "1"
    return min(APP_TOKEN_MINUTES, longest) if app else longest
