"""``repository.load_for_use``: a broken participant file leaves that person out, with a warning.

The policy shared by `pair`, `announce` and `build-site`: problems under participants/ are
warnings and the person is not eligible; problems in scheme.yaml or rounds/ stop the command.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from unmentoring.core.problems import DataProblems, Problem
from unmentoring.site import builder
from unmentoring.store import repository

FIXTURE = Path(__file__).parent / "fixtures" / "site_scheme"


def collect(found: list[Problem]):
    def warn(problems: list[Problem]) -> None:
        found.extend(problems)

    return warn


def test_an_invalid_participant_file_is_a_warning_and_the_rest_is_loaded(scheme_repo):
    scheme_repo.add_participant("ann")
    scheme_repo.add_participant("bob", joined="someday")
    warned: list[Problem] = []
    loaded = repository.load_for_use(scheme_repo.root, warn=collect(warned))
    assert list(loaded.participants) == ["ann"]
    assert [p.path for p in warned] == ["participants/bob.yaml"]
    assert warned[0].line == 4  # participant_yaml writes github, name, organisation, joined


def test_a_linked_participant_file_is_left_out_even_when_its_target_is_valid(scheme_repo, tmp_path):
    scheme_repo.add_participant("ann")
    elsewhere = tmp_path / "elsewhere.yaml"
    elsewhere.write_text((scheme_repo.root / "participants" / "ann.yaml").read_text())
    elsewhere.write_text(elsewhere.read_text().replace("ann", "eve"))
    (scheme_repo.root / "participants" / "eve.yaml").symlink_to(elsewhere)
    warned: list[Problem] = []
    loaded = repository.load_for_use(scheme_repo.root, warn=collect(warned))
    assert list(loaded.participants) == ["ann"]
    assert any(p.path == "participants/eve.yaml" for p in warned)


@pytest.mark.parametrize(
    ("file", "text"),
    [
        ("scheme.yaml", "start: someday\n"),
        ("rounds/2026-01.yaml", "round: 2026-02\nseed: s\ngroups: []\n"),
    ],
)
def test_problems_in_the_scheme_or_rounds_stop_with_only_those_problems(scheme_repo, file, text):
    scheme_repo.add_participant("ann")
    scheme_repo.add_participant("bob", joined="someday")
    scheme_repo.write(file, text)
    warned: list[Problem] = []
    with pytest.raises(DataProblems) as stopped:
        repository.load_for_use(scheme_repo.root, warn=collect(warned))
    assert {p.path for p in stopped.value.problems} == {file}
    assert [p.path for p in warned] == ["participants/bob.yaml"]  # still warned about


def test_warnings_are_plain_lines_or_github_annotations(monkeypatch):
    problem = Problem(path="participants/a,b.yaml", line=3, message="50% wrong:\nsee")
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    plain = io.StringIO()
    repository.print_warnings([problem], plain)
    assert plain.getvalue().startswith(f"warning: {problem}\n")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    annotated = io.StringIO()
    repository.print_warnings([problem], annotated)
    # Properties escape ':' and ',', data escapes '%' and newlines (GitHub's workflow commands).
    assert annotated.getvalue().splitlines()[0] == (
        "::warning file=participants/a%2Cb.yaml,line=3::50%25 wrong:%0Asee"
    )


def test_build_site_carries_on_without_the_broken_file(tmp_path, capsys):
    scheme = tmp_path / "scheme"
    shutil.copytree(FIXTURE, scheme)
    clean = builder.build(scheme, tmp_path / "clean", month="2026-03")
    (scheme / "participants" / "broken.yaml").write_text("github: broken\n")
    built = builder.build(scheme, tmp_path / "out", month="2026-03")
    assert "warning: participants/broken.yaml" in capsys.readouterr().err
    assert built == clean  # the broken file counts for nothing
