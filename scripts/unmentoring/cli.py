"""The ``unmentoring`` command line: one subcommand per step of the scheme.

Each subcommand lives in its own module, which provides ``add_arguments(parser)`` and
``run(args) -> int``. Expected failures (``Refused``) become a message and exit 1 here, and
nowhere else; wrong usage exits 2 (argparse's convention).
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import signal
import sys
from pathlib import Path

from unmentoring import __version__
from unmentoring.core.problems import DataProblems, Refused

# name: (module, one-line help). The order is the order of the monthly cycle.
COMMANDS: dict[str, tuple[str, str]] = {
    "validate": (
        "unmentoring.commands.validate",
        "check every data file and report all problems at once",
    ),
    "set-up": (
        "unmentoring.commands.set_up",
        "set up a new scheme from the organiser's answers: files, labels, Pages, a checklist",
    ),
    "doctor": (
        "unmentoring.commands.doctor",
        "check the scheme's set-up: files, GitHub Pages, labels, workflows, pushes",
    ),
    "intake": (
        "unmentoring.commands.intake",
        "turn a join or change form (an issue) into a file change",
    ),
    "check-ownership": (
        "unmentoring.commands.check_ownership",
        "check a pull request changes only its author's file",
    ),
    "pair": ("unmentoring.commands.pair", "draw this month's round and write rounds/YYYY-MM.yaml"),
    "announce": (
        "unmentoring.commands.announce",
        "open one issue per group of a round (never twice)",
    ),
    "command": (
        "unmentoring.commands.command",
        "handle /met, /not-met, /rematch and /when comments on pairing issues",
    ),
    "follow-up": (
        "unmentoring.commands.follow_up",
        'nudge, rematch, ask "did you meet?" and close a round\'s pairing issues, each once',
    ),
    "erase": (
        "unmentoring.commands.erase",
        "erase a leaver's details from the pairing issues that introduce them",
    ),
    "accounts": (
        "unmentoring.commands.accounts",
        "follow participants' renamed and deleted GitHub accounts in their files",
    ),
    "keep-awake": (
        "unmentoring.commands.keep_awake",
        "re-enable the scheduled workflows GitHub disabled for inactivity",
    ),
    "refresh-site": (
        "unmentoring.commands.refresh_site",
        "start the Site workflow, so the site shows what just landed",
    ),
    "pages-ready": (
        "unmentoring.commands.pages_ready",
        "say whether GitHub Pages publishes from GitHub Actions (the Site workflow asks first)",
    ),
    "build-site": (
        "unmentoring.commands.build_site",
        "write the static site to --out DIR (default _site/)",
    ),
    "upgrade": (
        "unmentoring.commands.upgrade",
        "upgrade the scheme to a later release of the template, keeping its edits and data",
    ),
    "migrate": (
        "unmentoring.commands.migrate",
        "bring the data files to this release's format (upgrade runs it)",
    ),
    "demo": ("unmentoring.commands.demo", "run the whole cycle offline on built-in sample data"),
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="unmentoring",
        description="Run an UnMentoring randomised coffee trial from a GitHub repository.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, (module_name, help_text) in COMMANDS.items():
        module = importlib.import_module(module_name)
        sub = commands.add_parser(
            name,
            help=help_text,
            description=module.__doc__,
            # The module's docstring is the command's description; keep its paragraphs.
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        if getattr(module, "USES_REPO", True):
            sub.add_argument(
                "--repo",
                type=_folder,
                default=Path.cwd(),
                metavar="DIR",
                help="the scheme repository (default: the current directory)",
            )
        module.add_arguments(sub)
        sub.set_defaults(run=module.run)
    return parser


def _folder(text: str) -> Path:
    """argparse type for ``--repo``: a folder that exists (a typo is a usage error, exit 2)."""
    folder = Path(text)
    if not folder.is_dir():
        raise argparse.ArgumentTypeError(f"{text!r} is not a folder")
    return folder


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    args = build_parser().parse_args(argv)
    try:
        code: int = args.run(args)
        sys.stdout.flush()  # here, where a reader that left is handled, not at exit
        return code
    except DataProblems as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print(
            f"{len(error.problems)} problem(s) in the data; fix them first "
            "(`unmentoring validate` lists them all)",
            file=sys.stderr,
        )
        return 1
    except Refused as error:
        print(f"unmentoring {args.command}: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return _reader_gone()


def _reader_gone() -> int:
    """The reader of our output left (``unmentoring announce --dry-run | head``): stop quietly.

    As https://docs.python.org/3/library/signal.html#note-on-sigpipe recommends, standard
    output is pointed at devnull so that Python's flush at exit raises no second
    BrokenPipeError; the exit status is 128 + SIGPIPE, as a shell reports a piped command.
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return 128 + signal.SIGPIPE
