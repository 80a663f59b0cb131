"""Pages of the site whose text is a file in ``docs/``: one source, read on GitHub and on the site.

A page in ``site/content/`` with ``doc: participants.md`` in its front matter takes its title
(the file's first heading) and its text from ``docs/participants.md``. The text stays plain
Markdown, as GitHub shows it: no template values. Its headings get the ids GitHub gives them,
and its relative links are rewritten: to another docs file the site publishes, that page; to
anything else in the repository, that file on GitHub. So ``[draws](draws.md#the-seed)`` works
in both places.
"""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable, Iterable
from pathlib import Path

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

from unmentoring.core.problems import Refused
from unmentoring.store import paths

DOC_NAME = re.compile(r"[a-z0-9][a-z0-9-]*\.md")
TITLE = re.compile(r"\A# (.+)\n+")
ATX_HEADING = re.compile(r"^#{1,6} +(.+?) *#* *$", re.M)
FENCE = re.compile(r"^```.*?^```", re.M | re.S)
SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)


def slug(text: str) -> str:
    """A heading's anchor as GitHub makes it: lower case, punctuation dropped, spaces to hyphens.
    (https://github.com/gjtorikian/html-pipeline's TableOfContentsFilter, which GitHub uses.)"""
    return re.sub(r"[^\w\- ]", "", text.strip().lower()).replace(" ", "-")


def plain(markdown_text: str) -> str:
    """A heading's text without its inline Markdown: code marks, emphasis, link targets."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown_text)
    return re.sub(r"[`*]", "", text)


class Anchors:
    """Unique anchors in order, as GitHub numbers repeated headings: ``x``, ``x-1``, ``x-2``."""

    def __init__(self) -> None:
        self.seen: dict[str, int] = {}

    def next(self, heading: str) -> str:
        base = slug(heading)
        count = self.seen.get(base, 0)
        self.seen[base] = count + 1
        return f"{base}-{count}" if count else base


def anchors(markdown_text: str) -> list[str]:
    """The anchors of a Markdown file's headings (outside code blocks), as GitHub makes them."""
    made = Anchors()
    return [made.next(plain(h)) for h in ATX_HEADING.findall(FENCE.sub("", markdown_text))]


def split_title(shown: str, text: str) -> tuple[str, str]:
    """A docs file's first heading (the page's title) and the text after it."""
    match = TITLE.match(text.replace("\r\n", "\n"))
    if not match:
        raise Refused(f"{shown}: start it with its title, a line like `# The participant's guide`")
    return plain(match.group(1)).strip(), text.replace("\r\n", "\n")[match.end() :]


def default_docs() -> Path:
    """The docs that ship with UnMentoring (``unmentoring/docs_default`` in a wheel), for the
    site's pages taken from docs/ when the scheme repository lacks the file."""
    package = Path(__file__).resolve().parent.parent
    for folder in (package / "docs_default", paths.at(package.parent.parent, paths.DOCS)):
        if folder.is_dir():
            return folder
    raise Refused("the default docs are missing from this installation; reinstall unmentoring")


def check_name(shown: str, name: object) -> str:
    """The ``doc:`` field: a Markdown file's name in docs/, like ``participants.md``."""
    if not isinstance(name, str) or not DOC_NAME.fullmatch(name):
        raise Refused(
            f"{shown}: `doc` must name a file in {paths.DOCS}/, like `doc: participants.md`"
        )
    return name


def link_resolver(published: dict[str, str], repository: str) -> Callable[[str], str]:
    """Where a link in a docs file goes on the site. ``published`` maps a docs file's name to its
    page; ``repository`` is the repository's address on GitHub."""

    def resolve(href: str) -> str:
        if not href or href.startswith("#") or SCHEME.match(href) or href.startswith("/"):
            return href
        target, hash_, anchor = href.partition("#")
        path = posixpath.normpath(posixpath.join(paths.DOCS, target))
        folder, _, name = path.rpartition("/")
        if folder == paths.DOCS and name in published:
            return published[name] + hash_ + anchor
        if path.startswith("../") or path == "..":
            return href  # outside the repository: left as written
        return f"{repository}/blob/HEAD/{path}" + hash_ + anchor

    return resolve


class _DocTree(Treeprocessor):
    """Gives headings GitHub's ids and sends links where ``resolve`` says (after inline parsing)."""

    def __init__(self, md: Markdown, extension: DocPages) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, root: etree.Element) -> None:
        made = Anchors()
        for element in root.iter():
            if re.fullmatch(r"h[1-6]", element.tag):
                element.set("id", made.next("".join(element.itertext())))
            elif element.tag == "a" and element.get("href") is not None:
                element.set("href", self.extension.resolve(element.get("href", "")))


class DocPages(Extension):
    """The Markdown extension for docs pages; set ``resolve`` before each page is converted."""

    def __init__(self) -> None:
        super().__init__()
        self.resolve: Callable[[str], str] = lambda href: href

    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(_DocTree(md, self), "unmentoring_doc_pages", 5)


def converter(extensions: Iterable[str]) -> tuple[Markdown, DocPages]:
    """A Markdown converter for docs pages, built once, and its link-rewriting extension."""
    pages = DocPages()
    return Markdown(extensions=[*extensions, pages]), pages
