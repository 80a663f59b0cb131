"""Checking a folder the user names for output (``--out``, ``--outbox``) before any work starts.

A path that is a file, lies under a file, or sits where nothing can be created (``/proc``, a
read-only disk) is wrong usage: the command exits 2 naming the path and the reason, instead of
failing with a traceback half-way through.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path


def problem(folder: Path, *, beside: bool = False) -> str | None:
    """Why ``folder`` cannot receive output, or None if it can.

    With ``beside``, the command writes a new folder next to ``folder`` and swaps it in (as
    ``build-site`` does), so it is the parent that must accept new entries.
    """
    folder = folder.absolute()
    if folder.exists() and not folder.is_dir():
        return "is a file, not a folder: name a new or existing folder"
    existing = folder.parent if beside else folder
    while not existing.exists():
        existing = existing.parent
    if not existing.is_dir():
        return f"lies under {existing}, which is a file, not a folder: name a folder elsewhere"
    # Root passes every permission check (os.access), and /proc refuses mkdir whatever the
    # mode bits say, so the only sure test is to create something there and remove it again.
    try:
        Path(tempfile.mkdtemp(prefix=".unmentoring-probe-", dir=existing)).rmdir()
    except OSError as error:
        return f"cannot be written: creating a folder in {existing} failed ({error.strerror})"
    return None


def argument(text: str) -> Path:
    """argparse type for a folder that will hold the output (in it)."""
    return _checked(text, beside=False)


def argument_beside(text: str) -> Path:
    """argparse type for a folder that will be replaced whole by one written beside it."""
    return _checked(text, beside=True)


def _checked(text: str, *, beside: bool) -> Path:
    folder = Path(text)
    reason = problem(folder, beside=beside)
    if reason is not None:
        raise argparse.ArgumentTypeError(f"{text!r} {reason}")
    return folder
