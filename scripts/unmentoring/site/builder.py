"""Build the public site: the scheme explained, how to join, and anonymised statistics.

The build runs in three phases: load (data, pages, templates and assets), render (every file in
memory, as ``{path: text}``), write (into a new folder beside the output folder, swapped in at the
end, so a failed build never leaves half a site). Pages come from the scheme repository's
``site/`` folder: ``templates/`` (Jinja2), ``content/*.md`` (Markdown with front matter) and
``static/``. Each of the three folders that the repository lacks is taken from the default site
that ships with UnMentoring. A page whose front matter names a ``doc:`` takes its text from
``docs/`` (site/doc_pages.py), the repository's own file or else the copy that ships with
UnMentoring. Every link is relative, so the site works under
``https://owner.github.io/repo/``. The ``build-site`` command is commands/build_site.py.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import shutil
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import jinja2
import jinja2.sandbox
import yaml
from markdown import Markdown
from markupsafe import Markup

from unmentoring.core import contact, months, stats, thread
from unmentoring.core.forms import GITHUB, form_url
from unmentoring.core.problems import Refused
from unmentoring.gitops import history
from unmentoring.site import charts, doc_pages, findings
from unmentoring.store import paths, repository

log = logging.getLogger(__name__)

PARTS = ("templates", "content", "static")
# Left in every built folder, so a later build knows it may replace that folder.
MARKER = ".unmentoring-site"
PAGE_FIELDS = {"title", "nav", "order", "template", "description", "doc"}
PAGE_FIELD_TYPES = (
    ("nav", str, "the page's name in the menu, like `nav: Join`"),
    ("order", int, "a whole number giving the page's place in the menu, like `order: 3`"),
    ("template", str, "a file in site/templates/, like `template: page.html`"),
    ("description", str, "one sentence of text"),
)
FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n(.*)\Z", re.DOTALL)


def build(
    root: Path,
    out: Path,
    *,
    month: str,
    today: dt.date | None = None,
    workflow_repository: str | None = None,
    server: str = GITHUB,
) -> dict[str, bytes]:
    """Load, render and write the site for the scheme at ``root``; return what was written."""
    loaded = repository.load_for_use(root)
    links = Links.to(_repository_name(loaded, workflow_repository), server)
    site = load_site(find_sources(Path(root)))
    files = render(
        site, loaded, month=month, links=links, today=today, departures=_departures(Path(root))
    )
    write_site(Path(out), files)
    return files


# --- load -------------------------------------------------------------------------------------


def _departures(root: Path) -> list[stats.Departure] | None:
    """The participant files deleted in git history; None without a (whole) history, so that
    the site says leaves are not known rather than that nobody left."""
    found = history.departures(root)
    if isinstance(found, history.NotInGit):
        log.info("leaves per month not shown: %s", found.reason)
        return None
    return found


@dataclass(frozen=True, kw_only=True)
class Links:
    """Where the site sends people on GitHub: the scheme's forms and its repository."""

    repository: str
    join: str
    change: str
    issues: str

    @classmethod
    def to(cls, name: str, server: str = GITHUB) -> Links:
        home = f"{server.rstrip('/')}/{name}"
        return cls(
            repository=home,
            join=form_url(name, "join", server),
            change=form_url(name, "change", server),
            issues=f"{home}/issues",
        )


def _repository_name(loaded: repository.Repository, workflow_repository: str | None) -> str:
    """The repository whose forms the site links to: in GitHub Actions, the one it runs in (as
    for the pairing issues), so a scheme made from the template never links to the template's."""
    named = loaded.scheme.repository
    if named and workflow_repository and named.lower() != workflow_repository.lower():
        log.warning(
            "scheme.yaml names the repository %s but this runs in %s; the site links to %s "
            "(correct `repository` in scheme.yaml to silence this)",
            named,
            workflow_repository,
            workflow_repository,
        )
    if workflow_repository or named:
        return workflow_repository or named  # type: ignore[return-value]
    raise Refused(
        "scheme.yaml: `repository` is not set, so the site cannot link to the join form; "
        "add `repository: owner/name` (in GitHub Actions the workflow's repository is used)"
    )


@dataclass(frozen=True)
class Sources:
    templates: Path
    content: Path
    static: Path
    docs: tuple[Path, ...] = ()  # where docs pages are looked for, in order


def default_site() -> Path:
    """The site that ships with UnMentoring: the template repository's own ``site/``.

    An installed wheel carries it as ``unmentoring/site_default`` (see pyproject's package-dir);
    a source checkout or an editable install finds it at the top of the checkout.
    """
    package = Path(__file__).resolve().parent.parent
    for folder in (package / "site_default", paths.at(package.parent.parent, paths.SITE)):
        if (folder / "templates").is_dir():
            return folder
    raise Refused("the default site is missing from this installation; reinstall unmentoring")


def find_sources(root: Path) -> Sources:
    """Each of templates/, content/ and static/ from ``root/site/`` if there, else the default;
    docs pages from ``root/docs/``, else the default docs."""
    chosen = {}
    for part in PARTS:
        own = paths.at(root, paths.site_part(part))
        chosen[part] = own if own.is_dir() else default_site() / part
    return Sources(
        templates=chosen["templates"],
        content=chosen["content"],
        static=chosen["static"],
        docs=(paths.at(root, paths.DOCS), doc_pages.default_docs()),
    )


@dataclass(frozen=True, kw_only=True)
class Page:
    """One Markdown page from ``content/``; ``slug`` names its output file (``slug.html``)."""

    source: str
    slug: str
    title: str
    body: str
    nav: str | None = None
    order: int = 100
    template: str = "page.html"
    description: str | None = None
    doc: str | None = None  # the file in docs/ that the page's title and text come from

    @property
    def href(self) -> str:
        return f"{self.slug}.html"


@dataclass(frozen=True)
class Site:
    """Everything the pages are made from: templates (as a Jinja environment), pages, assets."""

    environment: jinja2.Environment  # built once
    content_environment: jinja2.sandbox.SandboxedEnvironment  # for the organiser's Markdown
    markdown: Markdown  # built once and reset between pages
    pages: tuple[Page, ...]
    static: dict[str, bytes]
    doc_markdown: Markdown  # for pages from docs/: GitHub's heading ids, links rewritten
    doc_links: doc_pages.DocPages


def load_site(sources: Sources) -> Site:
    options: dict[str, Any] = {
        "autoescape": True,
        "undefined": jinja2.StrictUndefined,
        "trim_blocks": True,
        "lstrip_blocks": True,
        "keep_trailing_newline": True,
    }
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(sources.templates), **options)
    content_environment = jinja2.sandbox.SandboxedEnvironment(**options)
    for env in (environment, content_environment):
        env.globals["month_name"] = months.month_name
        env.globals["month_names"] = months.MONTH_NAMES
        env.globals["ordinal"] = thread.ordinal  # a day of the month: 17 as 17th
    converter = Markdown(extensions=["attr_list", "tables", "sane_lists"])
    doc_markdown, doc_links = doc_pages.converter(["tables", "sane_lists", "fenced_code"])
    pages = tuple(
        sorted(
            (
                with_doc(read_page(file), sources.docs)
                for file in sorted(sources.content.glob("*.md"))
            ),
            key=lambda page: (page.order, page.slug),
        )
    )
    if not any(page.slug == "index" for page in pages):
        raise Refused(f"{sources.content}: there is no index.md; the site needs a home page")
    static = {
        file.relative_to(sources.static).as_posix(): file.read_bytes()
        for file in sorted(sources.static.rglob("*"))
        if file.is_file() and not file.name.startswith(".")
    }
    return Site(environment, content_environment, converter, pages, static, doc_markdown, doc_links)


def read_page(file: Path) -> Page:
    """A page: YAML front matter between ``---`` lines, then Markdown."""
    shown = paths.in_folder(paths.site_part("content"), file.name)
    text = file.read_text(encoding="utf-8").replace("\r\n", "\n")
    match = FRONT_MATTER.match(text)
    if not match:
        raise Refused(
            f"{shown}: start the page with front matter: a `---` line, `title: ...`, `---`"
        )
    try:
        fields = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as error:
        raise Refused(f"{shown}: the front matter is not valid YAML ({error})") from None
    if not isinstance(fields, dict):
        raise Refused(f"{shown}: the front matter needs `title: <the page's heading>`")
    if "doc" in fields:
        fields["doc"] = doc_pages.check_name(shown, fields["doc"])
        if match.group(2).strip():
            raise Refused(
                f"{shown}: the page's text is {paths.doc(fields['doc'])}; "
                "leave nothing after the front matter"
            )
        fields.setdefault("title", "")  # the doc's own title, read by with_doc
    if not isinstance(fields.get("title"), str):
        raise Refused(f"{shown}: the front matter needs `title: <the page's heading>`")
    unknown = sorted(set(fields) - PAGE_FIELDS)
    if unknown:
        raise Refused(
            f"{shown}: unknown front matter field(s) {', '.join(unknown)}; "
            f"use {', '.join(sorted(PAGE_FIELDS))}"
        )
    for name, kind, example in PAGE_FIELD_TYPES:
        if name in fields and not isinstance(fields[name], kind):
            raise Refused(f"{shown}: `{name}` must be {example}")
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", file.stem):
        raise Refused(
            f"{shown}: name pages in lower case, digits and hyphens, like how-it-works.md"
        )
    return Page(source=shown, slug=file.stem, body=match.group(2), **fields)


def with_doc(page: Page, folders: tuple[Path, ...]) -> Page:
    """A ``doc:`` page with its title (unless the front matter gives one) and text from the
    first of ``folders`` that has the file; any other page as it is."""
    if page.doc is None:
        return page
    found = next((folder / page.doc for folder in folders if (folder / page.doc).is_file()), None)
    if found is None:
        raise Refused(
            f"{page.source}: `doc: {page.doc}` names no file in {paths.DOCS}/ "
            "(nor in UnMentoring's own docs); correct the name, or remove the page"
        )
    title, body = doc_pages.split_title(paths.doc(page.doc), found.read_text(encoding="utf-8"))
    return replace(page, title=page.title or title, body=body)


# --- render -----------------------------------------------------------------------------------


def render(
    site: Site,
    loaded: repository.Repository,
    *,
    month: str,
    links: Links,
    today: dt.date | None = None,
    departures: list[stats.Departure] | None = None,
) -> dict[str, bytes]:
    """Every file of the site, in memory: pages, ``stats.json``, the statistics tables as CSV
    (site/findings.py) and the static assets."""
    counts = stats.count(loaded, month, today, departures)
    figures = stats.publish(counts, loaded.scheme.stats_threshold)
    threshold = loaded.scheme.stats_threshold
    chart = charts.bar_chart(
        [
            charts.Bar(label=item["round"], value=item["participants"]["value"])
            for item in figures["per_round"]
        ],
        chart_id="per-round",
        title="People in each round",
        what="the number of people in each round",
        suppressed_text=f"fewer than {threshold} people",
    )
    organisers = loaded.scheme.contact  # validated: an email address or an https link
    tables = findings.tables(figures, per_month_title(figures))
    common = {
        "scheme": loaded.scheme,
        "links": links,
        "contact": {"text": organisers, "href": contact.href(organisers)} if organisers else None,
        "stats": figures,
        "titles": {"per_month": per_month_title(figures)},
        "findings": {
            "per_round": findings.per_round(figures),
            "outcomes": findings.outcomes(figures),
            "per_month": findings.per_month(figures),
        },
        "tables": tables,
        "charts": {
            "per_round": chart,
            "outcomes": _outcomes_chart(figures),
            "per_month": _per_month_chart(figures),
        },
    }
    published = {page.doc: page.href for page in site.pages if page.doc}
    site.doc_links.resolve = doc_pages.link_resolver(published, links.repository)
    files: dict[str, bytes] = {}
    for page in site.pages:
        context = {**common, "page": page}
        try:
            page = _with_text(page, site, context)
            context["page"] = page
            context["content"] = _markdown(site, page)
            context["nav"] = [
                {"href": other.href, "label": other.nav, "current": other.slug == page.slug}
                for other in site.pages
                if other.nav
            ]
            html = site.environment.get_template(page.template).render(context)
        except jinja2.TemplateError as error:
            where = getattr(error, "filename", None) or page.source
            raise Refused(f"{where}: {type(error).__name__}: {error}") from None
        files[page.href] = html.encode("utf-8")
    files["stats.json"] = stats_json(figures)
    files.update({table.file: table.csv() for table in tables.values()})
    files.update({f"static/{name}": data for name, data in site.static.items()})
    return files


def stats_json(figures: dict[str, Any]) -> bytes:
    """``stats.json``: one figure a line, and one line for each round or month of a list.

    Indented throughout, three years of rounds and months take 32 KB, a third of the site's
    100 KB; written compactly they take half that, and a line a figure still reads and diffs.
    """

    def compact(value: Any) -> str:
        return json.dumps(value, sort_keys=True, separators=(",", ":"))

    lines = []
    for key, value in sorted(figures.items()):
        if isinstance(value, list) and value:
            items = ",\n".join(f"  {compact(item)}" for item in value)
            lines.append(f"{compact(key)}: [\n{items}\n ]")
        else:
            lines.append(f"{compact(key)}: {compact(value)}")
    return ("{\n " + ",\n ".join(lines) + "\n}\n").encode("utf-8")


# Each outcome's words in the chart, and its key in stats.json (and the stylesheet's class).
OUTCOME_SERIES = (
    ("met", "met"),
    ("not met", "not_met"),
    ("unreported", "unreported"),
    ("not yet reported", "not_yet_reported"),
)


def _outcomes_chart(figures: dict[str, Any]) -> Markup:
    """What each round's conversations came to, one bar per outcome, from the published counts."""
    rounds = figures["per_round"]
    return charts.grouped_bar_chart(
        [item["round"] for item in rounds],
        [
            charts.Series(
                name=name,
                key=key.replace("_", "-"),
                values=tuple(item["outcomes"][key]["value"] for item in rounds),
            )
            for name, key in OUTCOME_SERIES
        ],
        chart_id="outcomes",
        title="How each round's conversations went",
        what="how each round's conversations went",
        suppressed_text=f"fewer than {figures['threshold']} conversations",
    )


def per_month_title(figures: dict[str, Any]) -> str:
    """The heading of joins and leaves: joins alone when the history was not there to read."""
    if figures["leaves_known"]:
        return "People joining and leaving each month"
    return "People joining each month"


def _per_month_chart(figures: dict[str, Any]) -> Markup:
    """People joining and leaving each month; joins only when the leaves are not known."""
    months_counted = figures["per_month"]
    series = [("joined", "joins")] + ([("left", "leaves")] if figures["leaves_known"] else [])
    return charts.grouped_bar_chart(
        [item["month"] for item in months_counted],
        [
            charts.Series(
                name=name,
                key=key,
                values=tuple(item[key]["value"] for item in months_counted),
            )
            for name, key in series
        ],
        chart_id="per-month",
        title=per_month_title(figures),
        what=f"the people who {' and '.join(name for name, _ in series)} each month",
        suppressed_text=f"fewer than {figures['threshold']} people",
        per="month",
    )


def _with_text(page: Page, site: Site, context: dict[str, Any]) -> Page:
    """The page with its title, description and body filled in from the scheme's settings."""

    def fill(text: str | None) -> str | None:
        if text is None:
            return None
        return site.content_environment.from_string(text).render(context)

    if page.doc:  # plain Markdown, as GitHub shows it: no template values in its text
        return replace(page, description=fill(page.description))
    return replace(
        page,
        title=fill(page.title) or page.title,
        description=fill(page.description),
        body=fill(page.body) or "",
    )


def _markdown(site: Site, page: Page) -> Markup:
    converter = site.doc_markdown if page.doc else site.markdown
    converter.reset()
    return Markup(converter.convert(page.body))


# --- write ------------------------------------------------------------------------------------


def write_site(out: Path, files: dict[str, bytes]) -> None:
    """Write the files into a fresh folder beside ``out``, then swap it in whole."""
    out = out.resolve()
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / MARKER).exists())):
        raise Refused(
            f"--out {out} already holds files that an earlier build did not write; "
            "choose a new or empty folder"
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        for name, data in files.items():
            target = fresh / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        (fresh / MARKER).write_text(
            "Written by `unmentoring build-site`; the next build replaces this folder.\n"
        )
        fresh.chmod(0o755)  # mkdtemp makes it private; a site is for reading
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
            out.rename(old / out.name)
            fresh.rename(out)
            shutil.rmtree(old)
        else:
            fresh.rename(out)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    log.debug("wrote %d file(s) to %s", len(files), out)
