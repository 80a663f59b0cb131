"""The pairing issue's text: marker, mentions, and participants' text shown safely."""

from __future__ import annotations

import datetime as dt
import re
import urllib.parse

import markdown
import pytest

from unmentoring.core import calendar_links, erasure, pairing_issue, starters
from unmentoring.core.meeting import Meet
from unmentoring.core.model import Group, Participant, Scheme

SCHEME = Scheme(name="UnMentoring", organiser="LocalGov Digital")


def person(login: str, **fields) -> Participant:
    values = {"name": f"Person {login}", "organisation": "Borsetshire County Council"}
    values.update(fields)
    return Participant(github=login, joined=dt.date(2026, 1, 5), **values)


def render(*people: Participant, members=None, change_form="https://github.example/o/r/new"):
    logins = members or tuple(p.login for p in people)
    return pairing_issue.render(
        SCHEME,
        "2026-03",
        Group(members=logins),
        {p.login: p for p in people},
        change_form=change_form,
    )


def live_mentions(body: str) -> set[str]:
    """Logins GitHub would notify: @name not preceded by a word character or an escape."""
    return {m.lower() for m in re.findall(r"(?<![\w&;\\])@([A-Za-z0-9-]+)", body)}


def test_the_marker_round_trips_and_is_the_first_line():
    text = render(person("alice"), person("Bob"))
    assert text.body.splitlines()[0] == "<!-- unmentoring:round=2026-03 group=alice,bob -->"
    marker = pairing_issue.find_marker(text.body)
    assert marker == pairing_issue.Marker(round="2026-03", members=("alice", "bob"))
    assert pairing_issue.find_marker("no marker here") is None


@pytest.mark.parametrize("organisation", ["independent", "Freelance", "none"])
def test_a_role_with_no_organisation_is_not_at_one(organisation):
    text = render(person("alice", role="Housing officer", organisation=organisation), person("bob"))
    assert f"Housing officer ({organisation})" in text.body
    assert " at " + organisation not in text.body


def test_the_body_mentions_and_introduces_every_member():
    alice = person("alice", name="Alice Example", role="Digital lead", about="Ask me about forms.")
    bob = person("bob", name="Bob Example", organisation="Ambridge Parish Council")
    carol = person("carol")
    text = render(alice, bob, carol)
    assert live_mentions(text.body) == {"alice", "bob", "carol"}
    for expected in (
        "Alice Example",
        "Digital lead at Borsetshire County Council",
        "> Ask me about forms\\.",
        "Bob Example",
        "Ambridge Parish Council",
    ):
        assert expected in text.body
    assert text.title == "UnMentoring March 2026: alice, bob and carol"
    assert text.labels == ("pairing", "round-2026-03")
    for words in (
        "Think",
        "Do",
        "Share",
        "no sales pitches",
        "Reply here",
        "`/met`",
        "`/not-met`",
        "(https://github.example/o/r/new)",
    ):
        assert words in text.body


def test_mentions_in_participant_text_do_not_notify_outsiders():
    alice = person(
        "alice",
        about="Say hi to @mallory and @org/team, or email me@example.com. "
        "My match @bob knows. See #12 and owner/repo#34.",
    )
    text = render(alice, person("bob"))
    assert live_mentions(text.body) == {"alice", "bob"}
    html = markdown.markdown(text.body)
    assert "@\u200bmallory" in html.replace("&#8203;", "\u200b")
    assert "#&#8203;12" in text.body and "#&#8203;34" in text.body


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "**bold** _it_ [link](https://evil.example) ![i](https://evil.example/x.png)",
        "# Heading\n---\n```\ncode\n```",
        "<!-- unmentoring:round=2026-03 group=mallory,bob -->",
        "</details><details open>",
        "| a | b |\n| - | - |",
    ],
)
def test_markdown_and_html_in_participant_text_show_as_typed(hostile):
    alice = person("alice", name=hostile.splitlines()[0][:100], about=hostile)
    text = render(alice, person("bob"))
    html = markdown.markdown(text.body)
    for tag in (
        "<script",
        "<img",
        "<strong>bold",
        "<em>it",
        '<a href="https://evil',
        "<h1>Heading",
        "<pre>",
        "<details open",
        "<table",
    ):
        assert tag not in html
    # The only marker is announce's own, however the text tries to fake one.
    assert pairing_issue.find_marker(text.body).members == ("alice", "bob")
    assert text.body.count("<!--") == 1


def test_control_and_direction_characters_are_dropped():
    alice = person("alice", name="Al\u202eice\x07")
    assert "**@alice: Alice**" in render(alice, person("bob")).body


def test_members_who_left_are_named_but_not_notified():
    text = render(person("alice"), person("bob"), members=("alice", "bob", "carol"))
    assert live_mentions(text.body) == {"alice", "bob"}
    assert "**carol** has left the scheme" in text.body


def test_a_member_alone_after_the_others_left_is_told_so():
    text = render(person("alice"), members=("alice", "bob"))
    assert live_mentions(text.body) == {"alice"}
    assert "nobody to meet this month" in text.body


def test_without_a_repository_the_change_form_is_described_not_linked():
    text = render(person("alice"), person("bob"), change_form=None)
    assert "ask the organiser" in text.body
    assert pairing_issue.change_form_url("https://github.com/", "o/r") == (
        "https://github.com/o/r/issues/new?template=change.yml"
    )
    assert pairing_issue.change_form_url("https://github.com", None) is None


def test_someone_left_alone_gets_no_meeting_sections_and_the_title_names_only_them():
    text = render(person("alice", name="Alice Example"), members=("alice", "eve"))
    assert text.title == "UnMentoring March 2026: alice"
    assert "eve" not in text.title
    assert "there is nobody to meet this month" in text.body
    for meeting_only in (
        "**Agreeing a time.**",
        "Reply here",
        "**Telling us how it went.**",
        "`/met`",
        "## About each of you",
        "each other",
        "<details>",
    ):
        assert meeting_only not in text.body, meeting_only
    assert "**eve** has left the scheme" in text.body and live_mentions(text.body) == {"alice"}
    assert "**Pausing or leaving.**" in text.body


def test_a_group_that_still_has_two_keeps_the_meeting_sections_without_the_departed_in_title():
    text = render(person("alice"), person("bob"), members=("alice", "eve", "bob"))
    assert text.title == "UnMentoring March 2026: alice and bob"
    assert "nobody to meet" not in text.body
    for section in ("## About each of you", "**Agreeing a time.**", "**Telling us how it went.**"):
        assert section in text.body
    assert "**eve** has left the scheme" in text.body


def test_the_scheme_site_is_named_at_the_end_only_when_set():
    alice, bob = person("alice"), person("bob")
    without = render(alice, bob)
    assert "About the scheme" not in without.body
    scheme = Scheme(
        organiser="Tests", name="UnMentoring", site_url="https://example.github.io/coffee/"
    )
    text = pairing_issue.render(
        scheme, "2026-03", Group(members=("alice", "bob")), {"alice": alice, "bob": bob},
        change_form=None,
    )  # fmt: skip
    assert text.body.rstrip().endswith("About the scheme: https://example.github.io/coffee/")
    alone = pairing_issue.render(
        scheme, "2026-03", Group(members=("alice", "eve")), {"alice": alice}, change_form=None
    )
    assert "About the scheme: https://example.github.io/coffee/" in alone.body


def render_group(group: Group, *people: Participant):
    return pairing_issue.render(
        SCHEME, "2026-03", group, {p.login: p for p in people}, change_form=None
    )


def test_the_host_is_named_first_and_asked_to_suggest_times():
    text = render_group(Group(members=("alice", "bob"), host="bob"), person("alice"), person("bob"))
    host = "@bob, please make the first move. Reply here with two or three times that suit you, "
    assert f"\n\n{host}and the other person picks one.\n\n" in text.body
    assert text.body.index(host) < text.body.index("## About each of you")
    assert "three of you" not in text.body


def test_a_three_is_told_it_is_a_three_and_its_host_named():
    people = (person("alice"), person("bob"), person("carol"))
    text = render_group(Group(members=("alice", "bob", "carol"), host="alice"), *people)
    assert "@alice, please make the first move. Reply here with two or three times that " in (
        text.body
    )
    assert "and the others pick one. There are three of you: find a time" in text.body


def test_every_group_is_told_the_thread_is_public_and_what_to_do_when_nobody_replies():
    for group in (Group(members=("alice", "bob"), host="alice"), Group(members=("alice", "bob"))):
        body = render_group(group, person("alice"), person("bob")).body
        assert "**This issue is public.** Anyone can read it" in body
        assert "don't post a phone number, an email address or anything private here." in body
        assert "share a call link some other way" in body  # nobody gave a contact
        assert (
            "If your partner has not replied by the 10th, comment `/rematch` on a line of its own "
            "before the 17th. On the 17th, everyone who asked gets a new match."
        ) in body
    assert "make the first move" not in body  # a round drawn before hosts names none
    assert "Whoever replies first: suggest two or three times" in body
    trio = Group(members=("alice", "bob", "carol"), host="alice")
    body = render_group(trio, person("alice"), person("bob"), person("carol")).body
    assert "If your partners have not replied by the 10th" in body


def test_a_rematch_group_says_so_and_offers_no_second_rematch():
    group = Group(members=("alice", "carol"), host="carol", rematch=True)
    text = render_group(group, person("alice"), person("carol"))
    assert "you are now meeting each other in **March 2026**" in text.body
    assert "You each asked for a new match" in text.body
    assert "/rematch" not in text.body
    assert "If nobody replies this time, you are in next month's draw as usual." in text.body
    drawn = render_group(
        Group(members=("alice", "carol"), host="carol"), person("alice"), person("carol")
    )
    assert (
        " now meeting" not in drawn.body
        and str(pairing_issue.marker_for("2026-03", group)) in text.body
    )


def test_a_host_who_has_left_is_not_named_and_a_three_left_with_two_is_not_a_three():
    text = render_group(
        Group(members=("alice", "bob", "carol"), host="carol"), person("alice"), person("bob")
    )
    assert "make the first move" not in text.body and "three of you" not in text.body
    assert "carol" not in live_mentions(text.body)


def test_the_marker_and_labels_do_not_change_with_the_host():
    with_host = render_group(
        Group(members=("alice", "bob"), host="bob"), person("alice"), person("bob")
    )
    without = render_group(Group(members=("alice", "bob")), person("alice"), person("bob"))
    assert with_host.body.splitlines()[0] == without.body.splitlines()[0]
    assert with_host.labels == without.labels and with_host.title == without.title


def test_a_contact_given_is_shown_in_the_introduction_and_suggested_for_private_talk():
    text = render(person("alice", contact="https://cal.example.org/alice"), person("bob"))
    intro = text.body.split("**@alice: ")[1].split("**@bob")[0]
    assert "Contact: <https://cal.example.org/alice>" in intro
    assert "To talk in private, use the contact given above." in text.body
    assert "example.org" not in text.title


def test_the_code_of_conduct_and_the_organisers_contact_are_in_every_issue():
    scheme = Scheme(
        organiser="Tests", site_url="https://owner.github.io/repo/", contact="team@example.org"
    )
    body = pairing_issue.render(
        scheme,
        "2026-03",
        Group(members=("alice", "bob")),
        {"alice": person("alice"), "bob": person("bob")},
        change_form=None,
    ).body
    assert "[code of conduct](https://owner.github.io/repo/code-of-conduct.html)" in body
    assert "write to the organisers (Tests): <team@example.org>" in body


# -- the first three lines, and the rest folded away (issue 23) --------------------------------

LONG_NOTE = (
    "I lead a small team that redesigns council services with residents. Keen to hear how "
    "others do research on a tight budget."
)


def full_three() -> pairing_issue.IssueText:
    people = [
        person(
            login,
            name=f"{name} Montgomery-Fairweather",
            role="Senior user researcher",
            organisation="Wessex Combined Authority",
            contact=f"https://booking.example.org/{login}",
            about=LONG_NOTE,
        )
        for login, name in (("alice", "Alice"), ("bob", "Bob"), ("carol", "Carol"))
    ]
    scheme = Scheme(
        name="UnMentoring",
        organiser="LocalGov Digital",
        site_url="https://localgovdigital.github.io/unmentoring/",
        contact="organisers@example.org",
    )
    group = Group(members=("alice", "bob", "carol"), host="bob")
    return pairing_issue.render(
        scheme, "2026-03", group, {p.login: p for p in people}, change_form="https://x.org/new"
    )


def first_lines(body: str, count: int = 3) -> list[str]:
    """The first lines a reader sees: the marker is hidden, blank lines are no lines."""
    lines = [line for line in body.splitlines() if line.strip() and not line.startswith("<!--")]
    return lines[:count]


def visible(body: str) -> str:
    """What GitHub shows before anyone opens the folded part: the <details> block's summary."""
    return re.sub(r"</summary>.*?</details>", "", body, flags=re.DOTALL)


def test_the_first_three_lines_say_who_meets_who_moves_first_and_what_to_do():
    meets, moves, does = first_lines(full_three().body)
    assert meets.startswith("@alice, @bob and @carol, you are meeting each other in ")
    assert moves.startswith("@bob, please make the first move. Reply here with two or three ")
    assert does.startswith("Then meet for 30 to 60 minutes") and "`/met`" in does


def test_the_first_lines_name_whoever_replies_first_when_there_is_no_host():
    text = render_group(Group(members=("alice", "bob")), person("alice"), person("bob"))
    assert first_lines(text.body)[1].startswith("Whoever replies first: suggest two or three")


def test_no_member_is_told_they_are_meeting_themselves():
    """The issue is shared by the group, so its first line says "each other", which is true for
    whichever member reads it: no sentence lists the reader among the people they meet."""
    body = full_three().body
    assert "each other" in first_lines(body)[0]
    for login in ("alice", "bob", "carol"):
        assert not re.search(rf"@{login}, you are meeting [^.]*@{login}\b", body)
    assert "Who you are meeting" not in body


def test_a_three_with_full_profiles_is_under_200_words_before_the_folded_part():
    """Every field filled, long names and a note each: the words a reader sees before opening
    the <details> block (its summary included, its hidden marker not). The notes are the
    members' own words, up to 600 characters: three that long would be about 300 words alone."""
    body = full_three().body
    words = re.sub(r"<!--.*?-->|<[^>]+>|\(https?://[^)]*\)", " ", visible(body)).split()
    assert len(words) < 200, len(words)


def test_the_details_are_folded_in_one_details_block():
    body = full_three().body
    assert body.count("<details><summary>") == 1 and body.count("</details>") == 1
    folded = body.split("<details><summary>")[1].split("</details>")[0]
    for detail in ("Think", "no sales pitches", "`/rematch`", "`/not-met`", "public"):
        assert detail in folded, detail
    assert "Think" not in visible(body)


def test_an_issue_opened_before_the_new_wording_is_still_erased():
    """Issues opened before 1.1.0 have their introductions under "## Who you are meeting"."""
    old = (
        "<!-- unmentoring:round=2026-03 group=alice,bob -->\n\nHello!\n\n"
        "## Who you are meeting\n\n**@alice: Alice Example**  \nBorsetshire\n\n"
        "> My note\n\n**@bob: Bob Example**  \nWessex\n\n## How to start\n\nThink.\n"
    )
    erased = erasure.erase("UnMentoring March 2026: alice and bob", old, "alice", "2026-03")
    assert erased is not None
    assert "Alice Example" not in erased.body and "My note" not in erased.body
    assert "Bob Example" in erased.body and "## How to start" in erased.body


def test_a_new_issue_is_erased_without_touching_the_folded_part():
    body = full_three().body
    erased = erasure.erase("t", body, "alice", "2026-03")
    assert erased is not None and "Alice Montgomery" not in erased.body
    assert erased.body.split("<details>")[1] == body.split("<details>")[1]


# -- how and when to meet, and a conversation starter (issue 24) --------------------------------

ISSUE = "https://github.example/o/r/issues/7"
EVERY_HALF_DAY = ("mon-am", "mon-pm", "tue-am", "tue-pm", "wed-am", "wed-pm", "thu-am", "fri-pm")


def folded(body: str) -> str:
    """The part of the body inside the ``<details>`` fold."""
    start = body.index("<details>")
    return body[start : body.index("</details>", start)]


def render_meeting(*people: Participant, group: Group | None = None, **options):
    group = group or Group(members=tuple(p.login for p in people))
    return pairing_issue.render(
        SCHEME,
        "2026-03",
        group,
        {p.login: p for p in people},
        change_form="https://github.example/o/r/new",
        **options,
    )


@pytest.mark.parametrize(
    ("settings", "words"),
    [
        ([("video", None), ("video", None)], "You both prefer video."),
        ([("video", None), ("either", None), ("video", None)], "A video call suits you all three."),
        (
            [("in-person", "North West"), ("either", "North West")],
            "You are both in the North West and happy to meet in person.",
        ),
        ([("either", "London"), ("either", "London")], "You are both in London."),
        ([("either", "Wales"), ("either", None)], "You can meet by video or in person."),
    ],
)
def test_the_issue_says_how_the_group_can_meet(settings, words):
    people = [person(f"p{n}", meet=Meet(way), area=area) for n, (way, area) in enumerate(settings)]
    body = render_meeting(*people).body
    assert words in folded(body)


def test_a_group_that_cannot_meet_as_all_want_is_offered_video_and_nobody_is_named():
    alice = person("alice", meet=Meet.VIDEO)
    bob = person("bob", meet=Meet.IN_PERSON, area="London")
    paragraph = next(
        p for p in folded(render_meeting(alice, bob).body).split("\n\n") if "How to meet" in p
    )
    assert "video call" in paragraph
    for named in ("alice", "bob", "in person", "London"):
        assert named not in paragraph


def test_how_and_when_count_only_the_members_still_here():
    alice = person("alice", meet=Meet.VIDEO, times=EVERY_HALF_DAY)
    bob = person("bob", meet=Meet.VIDEO, times=EVERY_HALF_DAY)
    group = Group(members=("alice", "bob", "gone"))  # gone wanted in person, gave no times
    body = render_meeting(alice, bob, group=group, issue_url=ISSUE).body
    assert "You both prefer video." in body
    assert "When to meet" in body and "Not all of you" not in body


def test_the_days_proposed_have_calendar_links_with_only_the_schemes_name_and_the_issue():
    people = [person(n, times=EVERY_HALF_DAY) for n in ("alice", "bob")]
    body = render_meeting(*people, issue_url=ISSUE).body
    links = re.findall(r"\]\((https://[^)]+)\)", folded(body))
    calendars = [link for link in links if "calendar" in link]
    assert len(calendars) == 6  # three days, two calendars each
    for link in calendars:
        fields = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(link).query))
        shown = {k: v for k, v in fields.items() if k in ("text", "subject", "details", "body")}
        assert sorted(shown.values()) == sorted([SCHEME.name, ISSUE])
    days = re.findall(r"^- (\w+day \d+ March), (\S+) to (\S+) UK time", body, re.MULTILINE)
    assert len(days) == 3
    for day, start, end in days:
        date = dt.datetime.strptime(f"{day} 2026", "%A %d %B %Y").date()
        assert date.weekday() < 5 and date.day <= 14
        assert (start, end) in {("9am", "12:30pm"), ("1:30pm", "5pm")}


def test_before_the_issue_exists_the_days_are_proposed_without_calendar_links():
    people = [person(n, times=EVERY_HALF_DAY) for n in ("alice", "bob")]
    body = render_meeting(*people).body
    assert len(re.findall(r"^- \w+day \d+ March", body, re.MULTILINE)) == 3
    assert calendar_links.GOOGLE not in body and calendar_links.OUTLOOK not in body


def test_without_everyones_times_it_says_how_to_add_them():
    alice = person("alice", times=EVERY_HALF_DAY)
    body = render_meeting(alice, person("bob"), issue_url=ISSUE).body
    paragraph = next(p for p in folded(body).split("\n\n") if "When to meet" in p)
    assert "(https://github.example/o/r/new)" in paragraph
    assert calendar_links.GOOGLE not in body and calendar_links.OUTLOOK not in body
    unlinked = pairing_issue.render(
        SCHEME,
        "2026-03",
        Group(members=("alice", "bob")),
        {"alice": alice, "bob": person("bob")},
        change_form=None,
    )
    assert "ask the organiser" in unlinked.body


def test_a_group_with_no_half_day_in_common_is_asked_to_find_a_time_here():
    alice, bob = person("alice", times=("mon-am",)), person("bob", times=("fri-pm",))
    body = render_meeting(alice, bob, issue_url=ISSUE).body
    paragraph = next(p for p in folded(body).split("\n\n") if "When to meet" in p)
    assert "here" in paragraph
    assert calendar_links.GOOGLE not in body and calendar_links.OUTLOOK not in body


def test_a_rematch_group_is_proposed_days_after_it_was_made():
    people = [person(n, times=EVERY_HALF_DAY) for n in ("alice", "bob")]
    group = Group(members=("alice", "bob"), rematch=True)
    made = dt.date(2026, 3, 17)
    for body in (
        render_meeting(*people, group=group).body,  # made on the scheme's rematch day
        render_meeting(*people, group=group, made=made).body,
    ):
        days = [int(d) for d in re.findall(r"^- \w+day (\d+) March", body, re.MULTILINE)]
        assert days and all(day > made.day for day in days)


def test_the_issue_carries_its_groups_conversation_starter_the_same_each_render():
    people = [person("alice"), person("bob")]
    starter = starters.Starter("Share", "Who else should you meet?")
    body = render_meeting(*people, starter=starter).body
    assert "Share: Who else should you meet?" in folded(body)
    assert render_meeting(*people, starter=starter).body == body
    assert "Who else" not in render_meeting(*people).body


def test_with_times_suggested_the_host_is_asked_to_pick_one_not_to_offer_their_own():
    """The first lines agree with the times under More: the host picks one, or offers others."""
    people = [person(n, times=EVERY_HALF_DAY) for n in ("alice", "bob")]
    hosted = Group(members=("alice", "bob"), host="bob")
    for group in (hosted, None):
        first_lines = render_meeting(*people, group=group).body.split("<details>", 1)[0]
        assert "one of the times we suggest" in first_lines
        assert "two or three times that suit you" not in first_lines
    without = render_meeting(person("alice"), person("bob"), group=hosted).body
    assert "Reply here with two or three times that suit you" in without.split("<details>")[0]
