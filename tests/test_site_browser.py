"""The built site in a real browser: Debian's chromium, driven by Debian's chromedriver.

The fixture site (built from the fixture in git, with its history of leaves) is served on
127.0.0.1 under a sub-path (/unmentoring-fixture/), as GitHub Pages serves a project site, so any
absolute link would break here as it would there; the same scheme before its first round is
served beside it (/before-first-round/), for the pages that change then. On every page:
axe-core finds no WCAG 2.2 AA violation, every link and asset on this site resolves, nothing is
fetched from anywhere else, nothing scrolls sideways on a phone; screenshots at 1280 and 375 px
go to test-artifacts/screenshots/.

axe-core comes from the `selenium-axe-python` package (a dev dependency), which bundles
axe.min.js; it is read from disk, never downloaded.
"""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import importlib.util
import itertools
import os
import shutil
import tempfile
import threading
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlparse

import pytest
from test_site import MONTH, STATE_PAGES, STATES, scheme_in_git

from unmentoring.site import builder, charts

CHROMIUM = os.environ.get("UNMENTORING_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("UNMENTORING_CHROMEDRIVER", "/usr/bin/chromedriver")
SCREENSHOTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "screenshots"
SUB_PATH = "/unmentoring-fixture/"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PAGES = ["index", "how-it-works", "join", "questions", "statistics", "privacy", "code-of-conduct"]
PAGES += ["participants", "draws"]  # from docs/
BEFORE_FIRST_ROUND = "/before-first-round/"
EARLY_PAGES = [name.removesuffix(".html") for name in STATE_PAGES if name.endswith(".html")]
WIDTHS = {"desktop": 1280, "phone": 375}


def axe_source() -> str:
    spec = importlib.util.find_spec("selenium_axe_python")
    if spec is None or spec.origin is None:
        pytest.fail("axe-core is missing: install the dev dependencies (selenium-axe-python)")
    return (Path(spec.origin).parent / "axe-core" / "axe.min.js").read_text(encoding="utf-8")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # keep the test output readable
        pass


@pytest.fixture(scope="module")
def served():
    """The fixture site served at http://127.0.0.1:PORT/unmentoring-fixture/."""
    with tempfile.TemporaryDirectory() as folder:
        docroot = Path(folder) / "www"
        scheme = scheme_in_git(Path(folder) / "scheme")
        builder.build(scheme, docroot / SUB_PATH.strip("/"), month=MONTH)
        early = STATES["before-first-round"](Path(folder) / "early")
        builder.build(
            early,
            docroot / BEFORE_FIRST_ROUND.strip("/"),
            month=MONTH,
            today=dt.date(2026, 3, 20),
        )
        handler = functools.partial(_QuietHandler, directory=str(docroot))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_port}{SUB_PATH}"
        finally:
            server.shutdown()
            server.server_close()


@pytest.fixture(scope="module")
def browser():
    missing = [path for path in (CHROMIUM, CHROMEDRIVER) if not Path(path).exists()]
    if missing:
        pytest.fail(
            f"{' and '.join(missing)} not found: the browser tests need Debian's chromium and "
            "chromium-driver (apt-get install chromium chromium-driver; .ci/run does this)"
        )
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="unmentoring-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        "--window-size=1280,900",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_script_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def _set_width(driver, width: int, height: int = 900) -> None:
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600},
    )


def _open(driver, url: str, width: int = 1280) -> None:
    _set_width(driver, width)
    driver.get(url)


def _axe(driver) -> dict:
    driver.execute_script(axe_source())
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}})"
        ".then(r => done("
        "{violations: r.violations, passes: r.passes.length, version: axe.version}))"
        ".catch(e => done({error: String(e)}));",
        AXE_TAGS,
    )
    assert "error" not in result, result
    return result


def test_axe_is_recent_enough_and_notices_a_violation(browser):
    browser.get(
        "data:text/html,<html><body><main><img src='x.png'>"
        "<p style='color:%23aaa;background:%23fff'>faint</p></main></body></html>"
    )
    result = _axe(browser)
    major, minor = (int(part) for part in result["version"].split(".")[:2])
    assert (major, minor) >= (4, 5), f"axe-core {result['version']} predates WCAG 2.2 rules"
    found = {violation["id"] for violation in result["violations"]}
    assert {"image-alt", "color-contrast", "html-has-lang"} <= found


@pytest.mark.parametrize("width_name", WIDTHS)
@pytest.mark.parametrize(
    "page", [*PAGES, *(f"..{BEFORE_FIRST_ROUND}{page}" for page in EARLY_PAGES)]
)
def test_axe_finds_no_wcag_22_aa_violation(browser, served, page, width_name):
    _open(browser, f"{served}{page}.html", WIDTHS[width_name])
    result = _axe(browser)
    assert result["passes"] > 0, "axe ran no checks at all"
    problems = [
        f"{v['id']} ({v['impact']}): {v['help']}\n  "
        + "\n  ".join(node["html"][:200] for node in v["nodes"])
        for v in result["violations"]
    ]
    assert not problems, (
        f"axe-core {result['version']} on {page}.html at {WIDTHS[width_name]}px:\n"
        + "\n".join(problems)
    )


@pytest.mark.parametrize("width_name", WIDTHS)
@pytest.mark.parametrize("page", PAGES)
def test_every_link_and_asset_resolves_and_nothing_is_fetched_elsewhere(
    browser, served, page, width_name
):
    _open(browser, f"{served}{page}.html", WIDTHS[width_name])
    targets = browser.execute_script(
        "return [...document.querySelectorAll('a[href], link[href], img[src], script[src]')]"
        ".map(e => e.href || e.src);"
    )
    origin = urlparse(served)
    for target in targets:
        url = urldefrag(urljoin(browser.current_url, target)).url
        parsed = urlparse(url)
        if url == "mailto:organisers@wyvern.example":  # the fixture organisers' contact
            continue
        if parsed.netloc != origin.netloc:
            # Links to GitHub (the join form, the repository) are followed by people, not fetched.
            assert parsed.scheme == "https" and parsed.netloc == "github.com", url
            continue
        assert url.startswith(served), f"{target} on {page}.html leaves the site's sub-path"
        try:
            with urllib.request.urlopen(url, timeout=5) as answer:
                assert answer.status == 200, url
        except urllib.error.HTTPError as error:
            pytest.fail(f"{target} on {page}.html: HTTP {error.code}")
    fetched = browser.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name);"
    )
    elsewhere = [url for url in fetched if not url.startswith(served)]
    assert not elsewhere, f"{page}.html fetched from elsewhere: {elsewhere}"


@pytest.mark.parametrize("page", PAGES)
def test_nothing_scrolls_sideways_on_a_phone(browser, served, page):
    _open(browser, f"{served}{page}.html", WIDTHS["phone"])
    overflow = browser.execute_script(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth;"
    )
    assert overflow <= 0, f"{page}.html is {overflow}px wider than a 375px screen"


# Each text of the charts as drawn on screen: its computed font size times the drawing's scale
# (getScreenCTM: 1 for an unscaled drawing), and the height of the box it takes on screen.
CHART_TEXT = """
return [...document.querySelectorAll('svg.chart text')].map(t => {
  const scale = t.getScreenCTM().a;
  const box = t.getBoundingClientRect();
  return {text: t.textContent, size: parseFloat(getComputedStyle(t).fontSize) * scale,
          height: box.height, visible: box.width > 0};
});
"""


@pytest.mark.parametrize("width_name", WIDTHS)
def test_every_chart_text_is_at_least_12_px_on_screen(browser, served, width_name):
    _open(browser, f"{served}statistics.html", WIDTHS[width_name])
    texts = browser.execute_script(CHART_TEXT)
    assert len(texts) >= 10, "the statistics page has too few chart labels"
    small = [t for t in texts if t["size"] < 12 or t["height"] < 12 or not t["visible"]]
    assert not small, f"chart text under 12px at {WIDTHS[width_name]}px: {small}"


def test_three_years_of_months_label_a_phones_chart_without_overlap(browser, tmp_path):
    """36 months, four figures each, on a 375px screen: the labels keep their size and none
    runs into another (the bars get thin; the text does not)."""
    labels = [f"{2024 + n // 12}-{n % 12 + 1:02d}" for n in range(36)]
    series = [
        charts.Series(name=name, key=name, values=tuple((n * 7) % 40 or None for n in range(36)))
        for name in ("met", "not-met", "unreported", "not-yet-reported")
    ]
    drawing = charts.grouped_bar_chart(
        labels, series, chart_id="c", title="T", what="w", suppressed_text="fewer than 5"
    )
    style = (Path(builder.default_site()) / "static" / "style.css").as_uri()
    page = tmp_path / "chart.html"
    page.write_text(
        '<!doctype html><html lang="en"><meta name="viewport" content="width=device-width">'
        f'<link rel="stylesheet" href="{style}"><main class="width"><figure class="chart-figure">'
        f"{drawing}</figure></main></html>",
        encoding="utf-8",
    )
    _open(browser, page.as_uri(), WIDTHS["phone"])
    texts = browser.execute_script(CHART_TEXT)
    assert texts and min(t["size"] for t in texts) >= 12, texts
    boxes = browser.execute_script(
        "return [...document.querySelectorAll('svg.chart text[text-anchor=middle]')]"
        ".map(t => { const r = t.getBoundingClientRect(); return [r.left, r.right]; });"
    )
    assert 1 < len(boxes) <= charts.MAX_LABELS
    for (_, right), (left, _) in itertools.pairwise(boxes):
        assert right < left, f"month labels overlap on a phone: {boxes}"
    assert max(right for _, right in boxes) <= WIDTHS["phone"]


def test_the_legend_for_small_numbers_is_visible_under_each_chart_on_a_phone(browser, served):
    _open(browser, f"{served}statistics.html", WIDTHS["phone"])
    keys = browser.execute_script(
        "return [...document.querySelectorAll('.chart-legend li')]"
        ".filter(li => li.querySelector('.chart-key--suppressed'))"
        ".map(li => { const r = li.getBoundingClientRect(); const key = "
        "getComputedStyle(li.querySelector('.chart-key--suppressed'));"
        "return {text: li.textContent, width: r.width, height: r.height, "
        "border: key.borderTopStyle, right: r.right,"
        "size: parseFloat(getComputedStyle(li).fontSize)}; });"
    )
    assert len(keys) == 3, keys  # each chart of the fixture has a figure too small to show
    for key in keys:
        assert key["text"].startswith("Dashed outline: fewer than 5"), key
        assert key["width"] > 0 and key["height"] > 0 and key["right"] <= WIDTHS["phone"], key
        assert key["border"] == "dashed" and key["size"] >= 12, key


def test_print_hides_the_navigation(browser, served):
    _open(browser, f"{served}index.html")
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        shown = browser.execute_script(
            "return getComputedStyle(document.querySelector('.site-nav')).display;"
        )
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    assert shown == "none"


@pytest.mark.parametrize("width_name", WIDTHS)
@pytest.mark.parametrize("page", PAGES)
def test_screenshots(browser, served, page, width_name):
    """Whole-page screenshots at each width, for people to look at (and for the README)."""
    width = WIDTHS[width_name]
    _open(browser, f"{served}{page}.html", width)
    height = browser.execute_script("return document.documentElement.scrollHeight;")
    _set_width(browser, width, min(height, 6000))
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    file = SCREENSHOTS / f"{page}-{width_name}-{width}.png"
    assert browser.save_screenshot(str(file)), file
    assert file.stat().st_size > 1000


def test_list_the_screenshots(capsys):
    """Say where the screenshots are (runs after test_screenshots, in file order)."""
    files = sorted(SCREENSHOTS.glob("*.png"))
    assert len(files) >= len(PAGES) * len(WIDTHS)
    with capsys.disabled():
        print(f"\nscreenshots in {SCREENSHOTS}:")
        for file in files:
            print(f"  {file.name}")
