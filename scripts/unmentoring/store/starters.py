"""The scheme's conversation starters, read from their page of the site's content.

No page, or one that cannot be read, gives no starters: the pairing issues then carry none,
and nothing else changes (core/starters.py reads the words).
"""

from __future__ import annotations

import logging
from pathlib import Path

from unmentoring.core import starters
from unmentoring.store import paths

log = logging.getLogger(__name__)
MAX_BYTES = 256 * 1024  # a list of starters is a few kilobytes


def load(content: Path) -> tuple[starters.Starter, ...]:
    """The starters of the page in the site's ``content`` folder (the scheme's own, or the
    default site's when the scheme has none: site/builder.find_sources chooses)."""
    file = paths.starters_page(content)
    try:
        if not file.is_file():
            return ()
        if file.stat().st_size > MAX_BYTES:
            log.warning("%s is over %d bytes: no conversation starters", paths.STARTERS, MAX_BYTES)
            return ()
        return starters.read(file.read_text(encoding="utf-8").replace("\r\n", "\n"))
    except (OSError, UnicodeDecodeError) as error:
        log.warning("%s could not be read (%s): no conversation starters", paths.STARTERS, error)
        return ()
