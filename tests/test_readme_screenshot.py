"""The README's screenshot (docs/site-home.png) is the demo's home page as the site is now.

The test builds the demo's site, opens its home page in chromium at a set size and takes a
screenshot. It does not compare pixels with the committed image: fonts and anti-aliasing differ
from machine to machine (and from one chromium to the next), so a pixel-exact check would fail
on a machine that only renders differently, and a loose one would miss a changed word. Instead
the image carries the fingerprint of what it was taken from: a PNG text chunk holding the
SHA-256 of the home page and the files it loads. The test fails if the demo's home page, its
stylesheet or its icon changed since the picture was taken, or if the picture is not the size
chromium gives now; either way the README's image is not the current site. Regenerate it with:

    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_readme_screenshot.py

(the repository's usual switch for golden files), then look at docs/site-home.png.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import struct
import zlib
from pathlib import Path

import pytest
from test_site_browser import _set_width, browser  # noqa: F401 (a fixture)

from unmentoring.cli import main

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOT = ROOT / "docs" / "site-home.png"
WIDTH, HEIGHT = 1280, 800  # one screen of a laptop: the scheme's name, what it is, the button
KEY = b"unmentoring-source"  # the PNG text chunk's keyword
# The files the home page is made of: a change to any of them changes the picture.
SOURCES = ("index.html", "static/style.css", "static/favicon.svg")
REGENERATE = "UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_readme_screenshot.py"


def fingerprint(site: Path) -> str:
    digest = hashlib.sha256()
    for name in SOURCES:
        digest.update(name.encode() + b"\0" + (site / name).read_bytes() + b"\0")
    return digest.hexdigest()


def _chunks(png: bytes) -> list[tuple[bytes, bytes]]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    found, at = [], 8
    while at < len(png):
        (length,) = struct.unpack(">I", png[at : at + 4])
        found.append((png[at + 4 : at + 8], png[at + 8 : at + 8 + length]))
        at += 12 + length
    return found


def size(png: bytes) -> tuple[int, int]:
    header = dict(_chunks(png))[b"IHDR"]
    width, height = struct.unpack(">II", header[:8])
    return width, height


def source_of(png: bytes) -> str | None:
    """The fingerprint written into the PNG by ``with_source``, if any."""
    for kind, data in _chunks(png):
        if kind == b"tEXt" and data.startswith(KEY + b"\0"):
            return data[len(KEY) + 1 :].decode("ascii")
    return None


def with_source(png: bytes, source: str) -> bytes:
    """The PNG with a text chunk holding ``source``, right after its header chunk."""
    data = KEY + b"\0" + source.encode("ascii")
    chunk = struct.pack(">I", len(data)) + b"tEXt" + data
    chunk += struct.pack(">I", zlib.crc32(b"tEXt" + data))
    end_of_header = 8 + 12 + 13
    return png[:end_of_header] + chunk + png[end_of_header:]


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("readme") / "demo"
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["demo", "--out", str(root)]) == 0
    return root / "_site"


def test_the_readme_shows_the_screenshot():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"]({SCREENSHOT.relative_to(ROOT).as_posix()})" in readme


def test_the_readme_screenshot_is_the_demo_sites_home_page_as_it_is_now(browser, demo_site):  # noqa: F811
    _set_width(browser, WIDTH, HEIGHT)
    browser.get((demo_site / "index.html").as_uri())
    # Headless chromium draws a scrollbar; a reader of the README would not see it.
    browser.execute_script("document.documentElement.style.overflow = 'hidden';")
    taken = browser.get_screenshot_as_png()
    assert size(taken) == (WIDTH, HEIGHT)
    source = fingerprint(demo_site)
    if os.environ.get("UPDATE_GOLDEN"):
        SCREENSHOT.write_bytes(with_source(taken, source))
    committed = SCREENSHOT.read_bytes()
    assert size(committed) == size(taken), (
        f"{SCREENSHOT.name} is not {WIDTH}x{HEIGHT}; retake it with {REGENERATE}"
    )
    assert source_of(committed) == source, (
        f"{SCREENSHOT.name} was taken of another version of the demo's home page; "
        f"retake it with {REGENERATE}"
    )


def test_the_fingerprint_survives_in_the_png_and_changes_with_the_page(tmp_path):
    png = b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + struct.pack(">II", 2, 3)
    png += bytes(5) + bytes(4) + struct.pack(">I", 0) + b"IEND" + bytes(4)
    assert source_of(png) is None
    marked = with_source(png, "abc")
    assert source_of(marked) == "abc" and size(marked) == (2, 3)
    for name in SOURCES:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    before = fingerprint(tmp_path)
    (tmp_path / "static/style.css").write_text("y")
    assert fingerprint(tmp_path) != before
