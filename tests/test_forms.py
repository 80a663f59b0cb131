"""Issue forms and their parser: the forms are valid for GitHub, and the parser reads any answer
GitHub can render from them back by field id, so forms and parser cannot drift apart."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from unmentoring.commands import sign_up
from unmentoring.core import consent, forms, submissions
from unmentoring.core.problems import Refused
from unmentoring.store.issue_forms import FORMS_DIR, form_problems

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / ".github" / "ISSUE_TEMPLATE"
BODIES = Path(__file__).parent / "fixtures" / "issue_bodies"


def render(form: forms.Form, answers: dict[str, object]) -> str:
    """An issue body as GitHub writes it from a submitted form (our model of its renderer)."""
    sections = []
    for question in form.fields:
        value = answers.get(question.id)
        if question.kind == "checkboxes":
            ticks = value or [False] * len(question.options)
            text = "\n".join(
                f"- [{'X' if tick else ' '}] {option}"
                for option, tick in zip(question.options, ticks, strict=True)
            )
        elif value is None:
            text = "None" if question.kind == "dropdown" else "_No response_"
        else:
            text = str(value)
        sections.append(f"### {question.label}\n\n{text}")
    return "\n\n".join(sections)


@pytest.fixture(scope="module")
def loaded() -> dict[str, forms.Form]:
    return sign_up.load_forms(ROOT)


# -- the forms themselves -----------------------------------------------------------------


def test_forms_are_valid_github_issue_forms():
    """GitHub's issue-forms schema (as vendored by check-jsonschema) accepts both forms."""
    checker = Path(sys.executable).parent / "check-jsonschema"
    done = subprocess.run(
        [
            str(checker),
            "--builtin-schema",
            "vendor.github-issue-forms",
            str(TEMPLATES / "join.yml"),
            str(TEMPLATES / "change.yml"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_config_turns_off_blank_issues_and_links_to_the_site():
    config = yaml.safe_load((TEMPLATES / "config.yml").read_text())
    assert config["blank_issues_enabled"] is False
    assert any(link["url"].startswith("https://") for link in config["contact_links"])


def test_each_form_has_the_ids_intake_reads(loaded):
    for name, form in loaded.items():
        assert form.ids == submissions.FIELD_IDS[name], name


def test_change_choices_are_exactly_the_actions_intake_knows(loaded):
    assert list(loaded["change"].field("action").options) == list(submissions.CHOICES)


def test_forms_carry_distinct_labels_so_the_workflow_can_tell_them_apart(loaded):
    join, change = loaded["join"], loaded["change"]
    assert join.labels and change.labels
    assert not set(join.labels) & set(change.labels)
    workflow = (ROOT / ".github" / "workflows" / "intake.yml").read_text()
    for label in (*join.labels, *change.labels):
        assert f"'{label}'" in workflow, f"intake.yml does not run on the {label!r} label"


def test_join_asks_for_both_agreements_and_requires_name_and_organisation(loaded):
    join = loaded["join"]
    assert join.field("name").required and join.field("organisation").required
    assert not join.field("role").required and not join.field("about").required
    agreements = join.field("agreements")
    assert agreements.required_options == (True, True)
    assert "no sales pitches" in agreements.options[0]
    assert "public" in agreements.options[1]


def test_the_agreements_are_the_current_version_s_wording_word_for_word(loaded):
    """Intake records `agreement: consent.CURRENT`, so the form must say what that version says:
    a change of wording needs a new version in core/consent.py."""
    assert loaded["join"].field("agreements").options == consent.AGREEMENTS[consent.CURRENT]


def test_the_contact_boxes_say_pairing_issues_are_public(loaded):
    for form in ("join", "change"):
        contact = loaded[form].field("contact")
        assert not contact.required
    text = (TEMPLATES / "join.yml").read_text()
    assert "Pairing issues are public" in text and "code-of-conduct.html" in text


def test_labels_of_one_form_are_unique(loaded):
    """Two questions with one label would make their sections indistinguishable."""
    for form in loaded.values():
        labels = [question.label for question in form.fields]
        assert len(labels) == len(set(labels)), form.name


def test_join_form_says_anyone_in_or_around_local_government_can_join():
    text = " ".join((TEMPLATES / "join.yml").read_text().split())
    assert "Anyone in or around local government" in text
    assert "don't need to work for a council" in text


def copy_forms(root: Path) -> Path:
    shutil.copytree(TEMPLATES, root / FORMS_DIR)
    return root / FORMS_DIR


def edit(file: Path, old: str, new: str) -> None:
    text = file.read_text()
    assert old in text, f"{old!r} is not in {file.name}: the test needs updating"
    file.write_text(text.replace(old, new, 1))


def line_of(file: Path, text: str) -> int:
    """The 1-based line of the first line containing ``text``, found independently of the code."""
    return next(n for n, line in enumerate(file.read_text().splitlines(), 1) if text in line)


def test_the_repositorys_own_forms_have_no_problems():
    assert form_problems(ROOT, submissions.FORMS) == []


def test_without_a_forms_folder_there_is_nothing_to_check(tmp_path):
    assert form_problems(tmp_path, submissions.FORMS) == []


def test_a_form_missing_an_id_is_refused_with_the_file_named(tmp_path):
    join = copy_forms(tmp_path) / "join.yml"
    edit(join, "id: organisation", "id: employer")
    with pytest.raises(Refused, match=r"join\.yml:\d+: has no question with id `organisation`"):
        sign_up.load_forms(tmp_path)


def test_a_renamed_choice_is_named_at_its_line_with_the_fix(tmp_path):
    change = copy_forms(tmp_path) / "change.yml"
    edit(change, "- Pause the next round", "- Skip the next round")
    found = [str(problem) for problem in form_problems(tmp_path, submissions.FORMS)]
    renamed = line_of(change, "- Skip the next round")
    assert len(found) == 2, found
    assert any(
        problem.startswith(f"{FORMS_DIR}/change.yml:{line_of(change, 'options:')}:")
        and "keep the choice `Pause the next round` word for word" in problem
        for problem in found
    ), found
    assert any(
        problem.startswith(f"{FORMS_DIR}/change.yml:{renamed}: `Skip the next round`")
        for problem in found
    ), found


def test_a_changed_type_is_named_at_its_line(tmp_path):
    change = copy_forms(tmp_path) / "change.yml"
    edit(change, "  - type: dropdown\n    id: action", "  - type: textarea\n    id: action")
    found = [str(problem) for problem in form_problems(tmp_path, submissions.FORMS)]
    line = line_of(change, "- type: textarea")
    assert any(
        problem.startswith(f"{FORMS_DIR}/change.yml:{line}: question `action` is of type")
        and "`type: dropdown`" in problem
        for problem in found
    ), found


def test_a_dropdown_allowing_several_choices_is_a_problem(tmp_path):
    change = copy_forms(tmp_path) / "change.yml"
    options = "      options:\n        - Pause the next"
    edit(change, options, "      multiple: true\n" + options)
    found = [str(problem) for problem in form_problems(tmp_path, submissions.FORMS)]
    assert found == [
        f"{FORMS_DIR}/change.yml:{line_of(change, 'multiple: true')}: question `action` "
        "allows several choices, but the code acts on one: remove `multiple: true`"
    ]


def test_two_questions_with_one_label_are_a_problem(tmp_path):
    join = copy_forms(tmp_path) / "join.yml"
    edit(join, "label: Your organisation", "label: Your name")
    found = [str(problem) for problem in form_problems(tmp_path, submissions.FORMS)]
    assert len(found) == 1 and "same label as the question on line" in found[0], found
    first, second = [
        n for n, line in enumerate(join.read_text().splitlines(), 1) if "label: Your name" in line
    ]
    assert found[0].startswith(f"{FORMS_DIR}/join.yml:{second}:"), found
    assert f"question on line {first};" in found[0]


def test_rewording_a_label_or_description_is_no_problem(tmp_path):
    join = copy_forms(tmp_path) / "join.yml"
    edit(join, "label: Your name", "label: What should we call you?")
    edit(join, "description: How you'd like to be introduced to your match.", "description: Hi.")
    assert form_problems(tmp_path, submissions.FORMS) == []


def test_a_missing_form_is_refused(tmp_path):
    with pytest.raises(Refused, match=r"ISSUE_TEMPLATE/join\.yml: is missing"):
        sign_up.load_forms(tmp_path)


def test_a_form_that_is_not_yaml_is_reported_at_its_line(tmp_path):
    join = copy_forms(tmp_path) / "join.yml"
    edit(join, "    id: name\n", "    id: [name\n")
    found = [str(problem) for problem in form_problems(tmp_path, submissions.FORMS)]
    assert len(found) == 1 and "is not valid YAML" in found[0], found


# -- parsing ------------------------------------------------------------------------------


JOIN_ANSWERS = {
    "name": "Alex Example",
    "organisation": "Borsetshire County Council",
    "role": "Analyst",
    "about": "Line one\n\n### A heading of mine\n\n- a list",
    "every": "Every two months",
    "area": "North West",
    "times": [True, False, False, True, False, False, False, False, False, True],
    "agreements": [True, False],
}
TICKED = ("times", "agreements")
CHANGE_ANSWERS = {"action": "Pause until a month", "paused_until": "2027-01", "about": "Hi"}


@pytest.mark.parametrize(("name", "answers"), [("join", JOIN_ANSWERS), ("change", CHANGE_ANSWERS)])
def test_every_answer_rendered_by_github_parses_back_by_id(loaded, name, answers):
    form = loaded[name]
    parsed = forms.parse(render(form, answers), form)
    expected = {key: value for key, value in answers.items() if key not in TICKED}
    assert parsed.values == expected
    if "agreements" in answers:
        ticked = {key: tuple(answers[key]) for key in TICKED}
        assert parsed.ticked == ticked
    assert parsed.missing == ()


def test_rewording_a_label_keeps_parsing_by_id(tmp_path):
    """An organiser may reword a question: the answer still arrives under its id."""
    shutil.copytree(TEMPLATES, tmp_path / ".github" / "ISSUE_TEMPLATE")
    file = tmp_path / ".github" / "ISSUE_TEMPLATE" / "join.yml"
    file.write_text(file.read_text().replace("label: Your name", "label: What should we call you?"))
    form = sign_up.load_forms(tmp_path)["join"]
    body = render(form, JOIN_ANSWERS)
    assert "### What should we call you?" in body
    assert forms.parse(body, form).values["name"] == "Alex Example"


def test_empty_answers_are_left_out(loaded):
    form = loaded["change"]
    parsed = forms.parse(render(form, {}), form)
    assert parsed.values == {}, "_No response_ and an empty dropdown's None are not answers"


def test_none_typed_into_a_text_box_is_an_answer(loaded):
    form = loaded["join"]
    parsed = forms.parse(render(form, {"name": "None"}), form)
    assert parsed.values["name"] == "None", "only an empty dropdown is rendered as None"


def test_a_missing_section_is_reported_as_missing(loaded):
    form = loaded["join"]
    body = render(form, JOIN_ANSWERS).replace("### Your role (optional)\n\nAnalyst\n\n", "")
    parsed = forms.parse(body, form)
    assert parsed.missing == ("role",)
    assert parsed.values["organisation"] == "Borsetshire County Council"


def test_checkboxes_accept_lower_and_upper_case_ticks(loaded):
    form = loaded["join"]
    body = render(form, {**JOIN_ANSWERS, "agreements": [True, True]}).replace("[X]", "[x]", 1)
    assert forms.parse(body, form).ticked["agreements"] == (True, True)


def test_crlf_body_parses_like_lf(loaded):
    form = loaded["join"]
    body = render(form, JOIN_ANSWERS)
    assert forms.parse(body.replace("\n", "\r\n"), form) == forms.parse(body, form)


def test_consent_typed_into_the_about_box_does_not_count(loaded):
    """Ticks are read from GitHub's own checkbox section, the last one in the body."""
    form = loaded["join"]
    parsed = forms.parse((BODIES / "join_consent_injection.md").read_text(), form)
    assert parsed.ticked["agreements"] == (False, False)
    assert parsed.values["about"] == "hello", "the copy typed below it is a section of its own"


def test_a_heading_that_is_no_question_stays_in_the_answer_above(loaded):
    form = loaded["join"]
    parsed = forms.parse((BODIES / "join_multiline_markdown.md").read_text(), form)
    assert parsed.values["name"] == "Priya Woolley"
    assert parsed.values["about"].startswith("Things I'd like to talk about:\n\n### Open data")
    assert parsed.values["about"].endswith("> a quote")


def test_a_question_heading_typed_again_is_read_as_githubs_parser_reads_it(loaded):
    """The last heading of a question wins, as in @github/issue-parser."""
    form = loaded["join"]
    parsed = forms.parse((BODIES / "join_label_typed_in_about.md").read_text(), form)
    assert parsed.values["name"] == "Not my name, just a heading I typed"
    assert parsed.values["about"].endswith("> a quote")


def test_a_note_above_the_first_heading_is_no_answer(loaded):
    form = loaded["join"]
    parsed = forms.parse((BODIES / "join_note_above.md").read_text(), form)
    plain = forms.parse((BODIES / "join_plain.md").read_text(), form)
    assert parsed == plain


def test_sections_moved_by_hand_are_found_by_their_heading(loaded):
    form = loaded["join"]
    parsed = forms.parse((BODIES / "join_sections_moved.md").read_text(), form)
    assert parsed == forms.parse((BODIES / "join_plain.md").read_text(), form)


def test_a_byte_order_mark_around_an_answer_is_dropped(loaded):
    form = loaded["join"]
    parsed = forms.parse((BODIES / "join_bom.md").read_text(), form)
    assert parsed.values["name"] == "Alex Example"
    assert parsed.values["organisation"] == "Borsetshire County Council"


def test_trim_is_javascripts():
    assert forms.trim("\ufeff\u2028 a b\u3000\t") == "a b"
    assert forms.trim("\x85a\x1f") == "\x85a\x1f", "JavaScript keeps NEL and U+001F"


# What @github/issue-parser 2.0.0 reads from each fixture, recorded with
# record_github_parser.mjs beside the fixtures (see their README).
GITHUB_PARSER = json.loads((BODIES / "github_issue_parser.json").read_text(encoding="utf-8"))
# Where we differ on purpose: GitHub's parser takes "None" typed into a text box for no answer;
# only an empty dropdown is rendered as None (test_none_typed_into_a_text_box_is_an_answer).


@pytest.mark.parametrize("fixture", sorted(GITHUB_PARSER))
def test_every_fixture_parses_as_githubs_own_parser_reads_it(loaded, fixture):
    form = loaded[fixture.split("_")[0]]
    ours = forms.parse((BODIES / fixture).read_text(encoding="utf-8"), form)
    theirs = GITHUB_PARSER[fixture]
    for question in form.fields:
        expected = theirs.get(question.id)
        if question.kind == "checkboxes":
            selected = set(expected["selected"]) if expected else set()
            ticks = ours.ticked.get(question.id, (False,) * len(question.options))
            assert ticks == tuple(option in selected for option in question.options), question.id
        elif question.kind == "dropdown":
            assert ours.values.get(question.id) == (expected[0] if expected else None), question.id
        else:
            assert ours.values.get(question.id) == expected, question.id


@pytest.mark.parametrize(
    ("body", "name"),
    [
        ("### Your name\n\nAlex", "join"),
        ("\n\n### What would you like to do?\n\nResume", "change"),
        ("Hello, please sign me up", None),
    ],
)
def test_guess_form_from_the_first_heading(loaded, body, name):
    guessed = forms.guess_form(loaded, body)
    assert (guessed.name if guessed else None) == name


def test_form_for_labels_picks_the_form_whose_label_the_issue_carries(loaded):
    assert forms.form_for_labels(loaded, ["change", "other"]).name == "change"
    assert forms.form_for_labels(loaded, ["bug"]) is None


def test_a_form_that_is_a_symbolic_link_is_refused_without_being_read(tmp_path):
    folder = copy_forms(tmp_path)
    secret = tmp_path / "secret.txt"
    secret.write_text("body: [TOKEN-1234\n")
    (folder / "join.yml").unlink()
    (folder / "join.yml").symlink_to(secret)
    found = [str(problem) for problem in form_problems(tmp_path, submissions.FORMS)]
    assert found == [f"{FORMS_DIR}/join.yml: is a symbolic link; replace it with the file itself"]
