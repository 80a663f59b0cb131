"""Releases: the version in pyproject.toml, the package's and the changelog's agree; the
changelog reads as Keep a Changelog; release numbers sort as semantic versions; migrations are
idempotent."""

from __future__ import annotations

import subprocess
import tomllib
from pathlib import Path

from unmentoring import __version__
from unmentoring.core import migrations, releases
from unmentoring.core.migrations import Migration
from unmentoring.core.releases import Release

PROJECT = Path(__file__).resolve().parents[1]
CHANGELOG = (PROJECT / "CHANGELOG.md").read_text(encoding="utf-8")


def test_the_version_the_changelog_and_the_package_agree(run_cli):
    project = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))
    version = project["project"]["version"]
    assert Release.parse(version) is not None, "pyproject's version must be X.Y.Z"
    assert __version__ == version
    newest = releases.entries(CHANGELOG)[0]
    assert str(newest.release) == version, "CHANGELOG.md's newest release is not pyproject's"
    assert newest.date and newest.text
    assert run_cli("--version")[:2] == (0, f"unmentoring {version}\n")


def test_the_changelog_has_an_unreleased_section_and_links_for_each_release():
    assert "## [Unreleased]" in CHANGELOG
    found = releases.entries(CHANGELOG)
    assert [e.release for e in found] == sorted((e.release for e in found), reverse=True)
    for entry in found:
        assert f"[{entry.release}]: " in CHANGELOG, f"no link for release {entry.release}"


def test_every_release_tag_here_has_its_changelog_entry():
    tags = subprocess.run(
        ["git", "tag", "--list", "v*"], cwd=PROJECT, capture_output=True, text=True, check=False
    ).stdout.split()
    listed = {e.release for e in releases.entries(CHANGELOG)}
    for tag in tags:
        release = Release.parse(tag)
        if release is not None:
            assert release in listed, f"tag {tag} has no section in CHANGELOG.md"


def test_release_numbers_sort_as_semantic_versions_and_pre_releases_are_not_releases():
    tags = ["v1.9.0", "v1.10.0", "v1.10.0-rc.1", "1.11.0", "latest", "v1.2.10"]
    assert releases.latest(tags) == Release(1, 10, 0)
    assert Release.parse("v01.2.3") is None
    assert Release.parse("1.2") is None
    assert str(Release.parse("v2.0.1")) == "2.0.1"
    assert Release(1, 2, 10) > Release(1, 2, 9)


def test_the_changelog_gives_each_release_its_text_and_upgrading_notes():
    text = (
        "# Changelog\n\n## [Unreleased]\n\n- coming\n\n"
        "## [1.2.0] - 2027-03-01\n\n### Added\n\n- a thing\n\n### Upgrading\n\n- do this\n\n"
        "## [1.1.0] - 2027-02-01\n\n### Fixed\n\n- a bug\n\n"
        "## [1.0.0] - 2027-01-01\n\n- first\n\n[1.2.0]: https://example.org\n"
    )
    found = releases.entries(text)
    assert [str(e.release) for e in found] == ["1.2.0", "1.1.0", "1.0.0"]
    assert found[0].upgrading == "- do this"
    assert "- a thing" in found[0].text and "coming" not in found[0].text
    assert "do this" not in found[0].text and "Upgrading" not in found[0].text
    assert found[1].upgrading == ""
    passed = releases.between(found, Release(1, 0, 0), Release(1, 2, 0))
    assert [str(e.release) for e in passed] == ["1.1.0", "1.2.0"]


SAMPLES = [
    {"github": "ann", "name": "Ann", "organisation": "Ambridge", "joined": "2026-01-02"},
    {"round": "2026-01", "seed": "x", "engine": 3, "groups": [{"members": ["ann", "bob"]}]},
]


def idempotent(migration: Migration) -> bool:
    """Whether running the migration on its own output changes nothing, on the samples."""
    for function, sample in ((migration.participant, SAMPLES[0]), (migration.round, SAMPLES[1])):
        if function is not None:
            once = function(dict(sample))
            if function(dict(once)) != once:
                return False
    return True


def test_each_migration_changes_nothing_when_run_again():
    # An upgrade stopped half-way is run again, and pair --check migrates old data each time.
    assert [m.says for m in migrations.MIGRATIONS if not idempotent(m)] == []
    counting = Migration(Release(9, 0, 0), "counts", round=lambda d: {**d, "n": d.get("n", 0) + 1})
    assert not idempotent(counting)  # the check can fail


def test_migrations_due_are_those_after_the_release_up_to_the_target_in_order():
    def step(data: dict) -> dict:
        return data

    declared = (
        Migration(Release(1, 2, 0), "b", round=step),
        Migration(Release(1, 1, 0), "a", participant=step),
        Migration(Release(2, 0, 0), "c", round=step),
    )
    due = migrations.due(Release(1, 0, 0), Release(1, 2, 0), declared)
    assert [m.says for m in due] == ["a", "b"]
    assert migrations.due(Release(1, 2, 0), Release(1, 2, 0), declared) == []
