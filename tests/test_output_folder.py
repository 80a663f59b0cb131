"""Output folders that cannot be written are wrong usage: exit 2, the path and the reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from unmentoring.store import output_folder


@pytest.fixture
def a_file(tmp_path):
    file = tmp_path / "notes.txt"
    file.write_text("not a folder\n")
    return file


@pytest.mark.parametrize(
    ("command", "reason"),
    [
        ("demo --out FILE", "is a file, not a folder"),
        ("demo --out FILE/sub", "which is a file"),
        ("announce --outbox FILE", "is a file, not a folder"),
        ("announce --outbox FILE/sub/deeper", "which is a file"),
        ("build-site --out FILE", "is a file, not a folder"),
        ("build-site --out FILE/sub", "which is a file"),
        ("build-site --out /proc/x", "cannot be written"),
        ("demo --out /proc/x/y", "cannot be written"),
    ],
)
def test_an_unwritable_output_path_is_a_usage_error_naming_it(
    command, reason, a_file, scheme_repo, run_cli, monkeypatch
):
    monkeypatch.chdir(scheme_repo.root)
    args = command.replace("FILE", str(a_file)).split()
    code, out, err = run_cli(*args)
    assert code == 2, (out, err)
    assert args[-1] in err and reason in err, err
    assert "Traceback" not in err
    assert not (a_file.parent / "sub").exists()


def test_a_new_folder_under_an_existing_one_is_fine(tmp_path):
    assert output_folder.problem(tmp_path / "new" / "deeper") is None
    assert output_folder.problem(tmp_path, beside=True) is None
    assert list(tmp_path.iterdir()) == [], "the probe leaves nothing behind"


def test_a_folder_whose_parent_refuses_new_entries_cannot_be_replaced_beside():
    """build-site swaps in a folder made beside --out: /proc exists but takes no new folder."""
    reason = output_folder.problem(Path("/proc/self"), beside=True)
    assert reason is not None and "cannot be written" in reason and "/proc" in reason
