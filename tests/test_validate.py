"""``unmentoring validate``: every kind of bad input gets a one-line message with file, line
and fix; all problems are listed at once; nothing is changed."""

from __future__ import annotations

import re
import time
import tracemalloc

import pytest
from conftest import participant_yaml

from unmentoring.core.model import Scheme
from unmentoring.store import repository
from unmentoring.store.yamlfile import MAX_FILE_BYTES

ALICE = "participants/alice.yaml"


def problems_for(scheme_repo, relative: str, content: str | bytes) -> list[str]:
    scheme_repo.write(relative, content)
    _, problems = repository.load(scheme_repo.root)
    return [str(problem) for problem in problems]


def only_problem(scheme_repo, relative: str, content: str | bytes) -> str:
    found = problems_for(scheme_repo, relative, content)
    assert len(found) == 1, found
    return found[0]


# (case, file content, line the problem is reported on, words the message must contain)
BAD_PARTICIPANTS = [
    ("not YAML", "github: alice\nname: [unclosed\norganisation: X\n", 3, "not valid YAML"),
    ("empty", "", 1, "is empty"),
    ("only comments", "# nothing here\n", 1, "is empty"),
    ("a list", "- github: alice\n", 1, "should be a set of fields"),
    (
        "unknown key",
        participant_yaml("alice") + "twitter: '@alice'\n",
        5,
        "unknown field `twitter`",
    ),
    (
        "missing key",
        "github: alice\nname: Alice\njoined: 2026-01-05\n",
        1,
        "missing required field `organisation`",
    ),
    ("login is a number", participant_yaml("123"), 1, "`github` is the number 123"),
    ("joined: yes", participant_yaml("alice", joined="yes"), 4, "must be a date"),
    ("impossible date", participant_yaml("alice", joined="2026-13-40"), 4, "not a real date"),
    (
        "name: no",
        participant_yaml("alice", name="no"),
        2,
        'put it in quotes, for example name: "no"',
    ),
    ("organisation: on", participant_yaml("alice", organisation="on"), 3, "yes/no value"),
    ("name: null", participant_yaml("alice", name="null"), 2, "`name` is empty"),
    (
        "login syntax",
        participant_yaml(
            "alice-",
        ),
        1,
        "must be a GitHub login",
    ),
    ("login mismatch", participant_yaml("bob"), 1, "rename the file to `bob.yaml`"),
    ("tab indentation", "github: alice\nname:\n\tAlice\n", 3, "tab"),
    ("tab in text", participant_yaml("alice", name='"Al\\tice"'), 2, "control character (a tab)"),
    ("control character", participant_yaml("alice", name='"Al\\x07ice"'), 2, "U+0007"),
    ("bidi override", participant_yaml("alice", organisation="Evil \u202eliuoC"), 3, "U+202E"),
    ("bidi isolate in role", participant_yaml("alice", role="x\u2066y"), 5, "U+2066"),
    ("name too long", participant_yaml("alice", name="N" * 101), 2, "the limit is 100"),
    ("about too long", participant_yaml("alice", about="A" * 601), 5, "the limit is 600"),
    ("duplicate key", participant_yaml("alice") + "name: Again\n", 5, "given twice"),
    ("paused_until bad", participant_yaml("alice", paused_until="June"), 5, "YYYY-MM"),
    ("paused not boolean", participant_yaml("alice", paused="sometimes"), 5, "true or false"),
    ("python tag", participant_yaml("alice", about="!!python/name:os.system ''"), 5, "tag"),
]


@pytest.mark.parametrize(
    ("content", "line", "words"),
    [case[1:] for case in BAD_PARTICIPANTS],
    ids=[case[0] for case in BAD_PARTICIPANTS],
)
def test_bad_participant_file_gets_one_clear_message(scheme_repo, content, line, words):
    message = only_problem(scheme_repo, ALICE, content)
    assert message.startswith(f"{ALICE}:{line}: "), message
    assert words in message
    assert "\n" not in message


BAD_BYTES = [
    (
        "invalid UTF-8",
        participant_yaml("alice").encode().replace(b"Person", b"P\xffrson"),
        2,
        "UTF-8",
    ),
    ("byte-order mark", b"\xef\xbb\xbf" + participant_yaml("alice").encode(), 1, "byte-order mark"),
    ("CRLF", participant_yaml("alice").replace("\n", "\r\n").encode(), 1, "CRLF"),
]


@pytest.mark.parametrize(
    ("content", "line", "words"),
    [case[1:] for case in BAD_BYTES],
    ids=[case[0] for case in BAD_BYTES],
)
def test_bad_encoding_is_refused_with_the_fix(scheme_repo, content, line, words):
    message = only_problem(scheme_repo, ALICE, content)
    assert message.startswith(f"{ALICE}:{line}: ")
    assert words in message


@pytest.mark.parametrize("word", ["no", "on", "null", "yes", "off", "~"])
def test_quoted_yaml_words_stay_text(scheme_repo, word):
    scheme_repo.write(ALICE, participant_yaml("alice", name=f'"{word}"', organisation=f"'{word}'"))
    loaded, problems = repository.load(scheme_repo.root)
    assert problems == []
    assert loaded.participants["alice"].name == word
    assert loaded.participants["alice"].organisation == word


def test_file_over_the_size_limit_is_refused_before_parsing(scheme_repo):
    # Not YAML at all: if it were parsed, the message would be a syntax error instead.
    message = only_problem(scheme_repo, ALICE, "[" * (MAX_FILE_BYTES + 1))
    assert "the limit is 64 KiB" in message and "not read" in message


def test_alias_bomb_is_refused_quickly_with_little_memory(scheme_repo):
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{n}: &a{n} [{','.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 10)]
    bomb = "\n".join(lines) + "\n"  # expands to 9**10 strings
    tracemalloc.start()
    started = time.perf_counter()
    message = only_problem(scheme_repo, ALICE, bomb)
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert "anchor or alias" in message
    assert seconds < 5 and peak < 20 * 1024 * 1024


def test_logins_differing_only_in_case_are_both_reported(scheme_repo):
    scheme_repo.write("participants/alice.yaml", participant_yaml("alice"))
    scheme_repo.write("participants/Alice.yaml", participant_yaml("Alice"))
    found = problems_for(scheme_repo, "participants/bob.yaml", participant_yaml("bob"))
    assert any("participants/Alice.yaml" in p and "lowercase" in p for p in found)
    unique = [p for p in found if "logins are unique ignoring case" in p]
    assert {p.split(":")[0] for p in unique} == {
        "participants/alice.yaml",
        "participants/Alice.yaml",
    }


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("alice.yml", "rename it to `alice.yaml`"),
        ("notes.txt", "not a participant file"),
        ("README.md", "not a participant file"),
    ],
)
def test_stray_files_in_participants_are_reported(scheme_repo, name, words):
    message = only_problem(scheme_repo, f"participants/{name}", participant_yaml("alice"))
    assert message.startswith(f"participants/{name}: ")
    assert words in message


def round_yaml(month: str, *groups: list[str]) -> str:
    body = "".join(f"  - members: [{', '.join(g)}]\n" for g in groups)
    return f"round: {month}\nseed: test\ngroups:\n{body}"


BAD_ROUNDS = [
    ("person twice", round_yaml("2026-03", ["a", "b"], ["c", "A"]), 5, "`A` is listed twice"),
    ("group of 1", round_yaml("2026-03", ["a", "b"], ["c"]), 5, "has 1 member(s)"),
    ("group of 4", round_yaml("2026-03", ["a", "b", "c", "d"]), 4, "has 4 member(s)"),
    ("two trios", round_yaml("2026-03", ["a", "b", "c"], ["d", "e", "f"]), 5, "2 groups of 3"),
    ("round id", round_yaml("2026-04", ["a", "b"]), 1, "disagrees with the file name"),
    ("outcome", round_yaml("2026-03", ["a", "b"]) + "    outcome: maybe\n", 5, "met, not_met"),
    ("no groups", "round: 2026-03\nseed: x\ngroups: []\n", 3, "is empty"),
    (
        "host not a member",
        round_yaml("2026-03", ["a", "b"], ["c", "d"]).replace("[c, d]\n", "[c, d]\n    host: a\n"),
        6,
        "names `host: a`, who is not one of its members (c, d); the host must be a member",
    ),
    ("host not a login", round_yaml("2026-03", ["a", "b"]) + "    host: 'a b'\n", 5, "host` is"),
    *(
        (
            f"engine {bad}",
            round_yaml("2026-03", ["a", "b"]).replace(
                "seed: test\n", f"seed: test\nengine: {bad}\n"
            ),
            3,
            "`engine` is",
        )
        for bad in ["0", "-2", "one", "true", "1.5", "''"]
    ),
]


def test_round_files_with_and_without_hosts_are_valid(scheme_repo):
    with_hosts = round_yaml("2026-03", ["a", "b"], ["c", "d", "e"]).replace(
        "[a, b]\n", "[a, b]\n    host: B\n"
    )
    scheme_repo.write("rounds/2026-03.yaml", with_hosts)
    scheme_repo.write("rounds/2026-04.yaml", round_yaml("2026-04", ["a", "b"]))
    loaded, problems = repository.load(scheme_repo.root)
    assert problems == []
    assert [g.host for g in loaded.rounds["2026-03"].groups] == ["b", None]
    assert [g.host for g in loaded.rounds["2026-04"].groups] == [None]


def test_round_files_with_and_without_an_engine_are_valid(scheme_repo):
    with_engine = round_yaml("2026-03", ["a", "b"]).replace(
        "seed: test\n", "seed: test\nengine: 7\n"
    )
    scheme_repo.write("rounds/2026-03.yaml", with_engine)
    scheme_repo.write("rounds/2026-04.yaml", round_yaml("2026-04", ["a", "b"]))
    loaded, problems = repository.load(scheme_repo.root)
    assert problems == []
    assert loaded.rounds["2026-03"].engine == 7 and loaded.rounds["2026-04"].engine is None


@pytest.mark.parametrize(
    ("content", "line", "words"),
    [case[1:] for case in BAD_ROUNDS],
    ids=[case[0] for case in BAD_ROUNDS],
)
def test_bad_round_file_gets_one_clear_message(scheme_repo, content, line, words):
    message = only_problem(scheme_repo, "rounds/2026-03.yaml", content)
    assert message.startswith(f"rounds/2026-03.yaml:{line}: "), message
    assert words in message


def test_round_file_name_must_be_a_month(scheme_repo):
    message = only_problem(scheme_repo, "rounds/march.yaml", round_yaml("2026-03", ["a", "b"]))
    assert "rename it to YYYY-MM.yaml" in message


def test_bad_scheme_setting_is_reported(scheme_repo):
    message = only_problem(scheme_repo, "scheme.yaml", "name: X\nsignup: sometimes\norganiser: T\n")
    assert message.startswith("scheme.yaml:2: ") and "direct, review" in message


def test_missing_scheme_file_is_reported(scheme_repo):
    (scheme_repo.root / "scheme.yaml").unlink()
    _, problems = repository.load(scheme_repo.root)
    assert [str(p) for p in problems] == [
        "scheme.yaml: is missing; create it (docs/organisers.md lists its fields)"
    ]


def test_invalid_files_are_left_out_of_the_model(scheme_repo):
    scheme_repo.add_participant("alice")
    scheme_repo.add_participant("bob", joined="2026-02-30")
    loaded, problems = repository.load(scheme_repo.root)
    assert list(loaded.participants) == ["alice"]
    assert len(problems) == 1


class TestCommand:
    def test_clean_data_exits_0(self, scheme_repo, run_cli):
        scheme_repo.add_participant("alice")
        scheme_repo.write("rounds/2026-03.yaml", round_yaml("2026-03", ["alice", "gone"]))
        code, out, _ = run_cli("validate", "--repo", scheme_repo.root)
        assert code == 0
        assert "1 participant(s), 1 round(s)" in out

    def test_every_problem_is_listed_sorted_then_counted(self, scheme_repo, run_cli):
        scheme_repo.write("participants/zed.yaml", participant_yaml("zed", joined="soon"))
        scheme_repo.write("participants/amy.yaml", "github: amy\n")
        scheme_repo.write("rounds/2026-03.yaml", round_yaml("2026-03", ["a"]))
        code, out, _ = run_cli("validate", "--repo", scheme_repo.root)
        lines = out.splitlines()
        assert code == 1
        assert lines[-1] == "5 problem(s) in 3 file(s)"
        paths = [line.split(":")[0] for line in lines[:-1]]
        assert paths == sorted(paths)
        assert all(re.match(r"^[\w/.-]+\.yaml(:\d+)?: ", line) for line in lines[:-1])

    def test_github_format_prints_annotations(self, scheme_repo, run_cli):
        scheme_repo.write(ALICE, participant_yaml("alice", joined="2026-13-40"))
        code, out, _ = run_cli("validate", "--repo", scheme_repo.root, "--format", "github")
        assert code == 1
        first = out.splitlines()[0]
        assert first.startswith("::error file=participants/alice.yaml,line=4::`joined` is")

    def test_a_repo_that_is_not_a_folder_is_a_usage_error(self, tmp_path, run_cli):
        code, _, err = run_cli("validate", "--repo", tmp_path / "typo")
        assert code == 2 and "is not a folder" in err

    def test_wrong_usage_exits_2(self, run_cli):
        code, _, err = run_cli("validate", "--format", "xml")
        assert code == 2 and "invalid choice" in err

    def test_validate_changes_nothing(self, scheme_repo, run_cli):
        scheme_repo.add_participant("alice")
        scheme_repo.write("participants/bob.yaml", b"\xef\xbb\xbfgithub: bob\r\n")
        before = scheme_repo.snapshot()
        run_cli("validate", "--repo", scheme_repo.root)
        assert scheme_repo.snapshot() == before


@pytest.mark.parametrize("folder", ["participants", "rounds"])
def test_symbolic_links_are_refused_without_being_read(scheme_repo, tmp_path, folder):
    secret = tmp_path / "secret.txt"
    secret.write_text("runner-secret-value\n")
    name = "alice.yaml" if folder == "participants" else "2026-03.yaml"
    (scheme_repo.root / folder / name).symlink_to(secret)
    _, problems = repository.load(scheme_repo.root)
    assert [str(p) for p in problems] == [
        f"{folder}/{name}: is a symbolic link; {folder}/ holds only real files: "
        "replace the link with the file itself"
    ]
    assert "runner-secret-value" not in str(problems)


def test_scheme_threshold_below_3_is_refused(scheme_repo):
    message = only_problem(
        scheme_repo, "scheme.yaml", "name: X\nstats_threshold: 1\norganiser: T\n"
    )
    assert message.startswith("scheme.yaml:2: ") and "at least 3" in message


def test_follow_up_days_out_of_order_are_refused_on_their_line(scheme_repo):
    message = only_problem(
        scheme_repo, "scheme.yaml", "name: X\nnudge_day: 12\nprompt_day: 11\norganiser: T\n"
    )
    assert message.startswith("scheme.yaml:3: ")
    assert "nudge_day < rematch_day < prompt_day" in message and "(12)" in message


def test_follow_up_day_past_28_is_refused(scheme_repo):
    message = only_problem(scheme_repo, "scheme.yaml", "name: X\nprompt_day: 31\norganiser: T\n")
    assert message.startswith("scheme.yaml:2: ") and "at most 28" in message


def test_follow_up_days_in_order_pass(scheme_repo):
    (scheme_repo.root / "scheme.yaml").write_text(
        "name: X\nnudge_day: 5\nrematch_day: 6\nprompt_day: 28\norganiser: T\n"
    )
    _, problems = repository.load(scheme_repo.root)
    assert problems == []
    assert repository.load_scheme(scheme_repo.root).prompt_day == 28


# -- the issue forms ----------------------------------------------------------------------

FORMS_DIR = ".github/ISSUE_TEMPLATE"


def copy_own_forms(scheme_repo):
    import shutil
    from pathlib import Path

    own = Path(__file__).resolve().parent.parent / FORMS_DIR
    shutil.copytree(own, scheme_repo.root / FORMS_DIR)


def test_the_repositorys_own_forms_pass_validate(scheme_repo, run_cli):
    copy_own_forms(scheme_repo)
    code, out, _ = run_cli("validate", "--repo", scheme_repo.root)
    assert code == 0 and "no problems" in out


# (form, text replaced, replacement, the line reported holds this, words of the message)
BROKEN_FORMS = [
    ("change.yml", "- Pause the next round", "- Skip the next round", "- Skip the next round",
     "`Skip the next round` is not a choice the code knows"),
    ("change.yml", "- Pause the next round", "- Skip the next round", "options:",
     "keep the choice `Pause the next round` word for word"),
    ("join.yml", "id: organisation", "id: employer", "body:",
     "no question with id `organisation`"),
    ("change.yml", "type: input\n    id: paused_until", "type: dropdown\n    id: paused_until",
     "type: dropdown", "question `paused_until` is of type `dropdown`"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "old", "new", "at", "words"),
    BROKEN_FORMS,
    ids=["renamed choice", "choice gone", "removed id", "changed type"],
)
def test_a_form_that_no_longer_fits_the_code_fails_validate(
    scheme_repo, run_cli, name, old, new, at, words
):
    copy_own_forms(scheme_repo)
    file = scheme_repo.root / FORMS_DIR / name
    text = file.read_text()
    assert old in text
    file.write_text(text.replace(old, new, 1))
    lines = file.read_text().splitlines()
    # The line of ``at`` in the question the edit touched (the action dropdown is also
    # `type: dropdown`, so the changed type is found by the id on the next line).
    line = next(
        n
        for n, row in enumerate(lines, 1)
        if at in row and (at != "type: dropdown" or "id: paused_until" in lines[n])
    )
    code, out, _ = run_cli("validate", "--repo", scheme_repo.root)
    assert code == 1
    reported = [row for row in out.splitlines() if words in row]
    assert reported and reported[0].startswith(f"{FORMS_DIR}/{name}:{line}: "), out


@pytest.mark.parametrize("content", ["", "# every field but one is optional\n", "\n\n"])
def test_an_empty_scheme_file_asks_only_for_the_organiser(scheme_repo, content):
    [problem] = problems_for(scheme_repo, "scheme.yaml", content)
    assert "missing required field `organiser`; add a line `organiser: ...`" in problem
    scheme_repo.write("scheme.yaml", content + "organiser: Wyvern Digital\n")
    assert repository.load_scheme(scheme_repo.root) == Scheme(organiser="Wyvern Digital")


@pytest.mark.parametrize("relative", ["participants/ann.yaml", "rounds/2026-01.yaml"])
def test_other_empty_files_are_still_refused(scheme_repo, relative):
    assert "is empty" in only_problem(scheme_repo, relative, "# nothing\n")


def test_an_enum_field_read_as_yes_no_says_the_allowed_words(scheme_repo):
    message = only_problem(scheme_repo, "scheme.yaml", "signup: yes\norganiser: T\n")
    assert "yes/no value true" in message and "use one of: direct, review" in message
    assert '"yes"' not in message


def test_a_write_killed_half_way_leaves_nothing_validate_refuses(scheme_repo):
    """A SIGKILL during write_atomically leaves its temporary file beside a whole round file;
    that leftover is no problem with the data, so a re-run is not stopped by it (a name like it
    that is not a leftover of ours is still reported)."""
    scheme_repo.write("rounds/2026-03.yaml", round_yaml("2026-03", ["a", "b"]))
    scheme_repo.write("rounds/.2026-03.yaml.k3j_x9.tmp", "round: 2026-03\nseed: te")
    scheme_repo.write("participants/.alice.yaml.abc123.tmp", "github: al")
    _, problems = repository.load(scheme_repo.root)
    assert not [p for p in problems if ".tmp" in p.path]
    scheme_repo.write("rounds/notes.tmp", "")
    _, problems = repository.load(scheme_repo.root)
    assert [p.path for p in problems if ".tmp" in p.path] == ["rounds/notes.tmp"]
