"""No trace of the template's own scheme where a participant of another scheme looks (issue 23).

A scheme named "Coffee Roulette Wales", run by "Cymru Digital": every default text the bot writes,
its pairing issue and labels, and every file of its site, name neither UnMentoring nor LocalGov
Digital, but for the one deliberate credit ("UnMentoring began at LocalGov Digital", in the
footer and the home page's *Where it comes from*), which docs/organisers.md tells organisers
they may remove.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from test_site import MONTH, scheme_in_git

from unmentoring.core import pairing_issue, texts
from unmentoring.core.model import Group, Participant, Scheme
from unmentoring.site import builder

NAME = "Coffee Roulette Wales"
ORGANISER = "Cymru Digital"
REPOSITORY = "cymru-digital/coffee-roulette"
SITE = "https://cymru-digital.github.io/coffee-roulette/"
# Case matters: `unmentoring` in lower case is the command's name, as typed.
LEFTOVERS = re.compile(r"UnMentoring|LocalGov Digital")
# The deliberate credit, word for word, and only where it is allowed (the footer on every page,
# and the home page).
FOOTER_CREDIT = (
    f"{NAME} is run by {ORGANISER}. UnMentoring began at LocalGov Digital, after "
    "Nesta\N{RIGHT SINGLE QUOTATION MARK}s Randomised Coffee Trials."
)
HOME_CREDIT = (
    "UnMentoring began at LocalGov Digital, the network for people working to improve local "
    "public services."
)
SCHEME = Scheme(name=NAME, organiser=ORGANISER, repository=REPOSITORY, site_url=SITE)


def leftovers(text: str) -> list[str]:
    """Each line of ``text`` that names the template's scheme or its organiser."""
    return [line.strip() for line in text.splitlines() if LEFTOVERS.search(line)]


@pytest.mark.parametrize("name", sorted(texts.every()))
def test_no_default_text_names_the_templates_scheme(name):
    text = texts.every()[name]
    filled = text.fill(**{field: "x" for field in text.fields})
    assert not leftovers(filled), name


def test_the_pairing_issue_and_its_labels_name_this_scheme_only():
    people = {
        login: Participant(
            github=login,
            name=login.title(),
            organisation="Cyngor Sir Ceredigion",
            joined=dt.date(2026, 1, 5),
        )
        for login in ("alex-bell", "esme-lloyd")
    }
    group = Group(members=("alex-bell", "esme-lloyd"), host="alex-bell")
    form = pairing_issue.change_form_url("https://github.com", REPOSITORY)
    issue = pairing_issue.render(SCHEME, MONTH, group, people, change_form=form)
    assert NAME in issue.body
    said = [issue.title, issue.body, pairing_issue.PAIRING_LABEL_DESCRIPTION]
    said.append(pairing_issue.round_label_description(MONTH))
    assert not leftovers("\n".join(said))


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("leftovers")
    root = scheme_in_git(folder / "scheme")
    (root / "scheme.yaml").write_text(
        f"name: {NAME}\norganiser: {ORGANISER}\ncontact: trefnwyr@cymru.example\n"
        f"start: 2026-01\nrepository: {REPOSITORY}\nsite_url: {SITE}\n",
        encoding="utf-8",
    )
    files = builder.build(root, folder / "_site", month=MONTH)
    return {name: data.decode("utf-8", errors="replace") for name, data in files.items()}


def test_no_page_of_the_site_names_the_templates_scheme_but_for_the_credit(site):
    pages = [name for name in site if name.endswith(".html")]
    assert len(pages) >= 9
    for name, text in site.items():
        if name.endswith(".html"):
            assert FOOTER_CREDIT in text, name
            text = text.replace(FOOTER_CREDIT, "")
        if name == "index.html":
            assert HOME_CREDIT in text
            text = text.replace(HOME_CREDIT, "")
        assert not leftovers(text), name
