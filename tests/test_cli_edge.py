"""The command line's edge: what any command does when its reader or git goes away."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from unmentoring import cli
from unmentoring.gitops import git

SAMPLE = Path(cli.__file__).parent / "sample"


def test_output_piped_to_a_reader_that_left_ends_quietly(tmp_path):
    """`unmentoring pair --dry-run | head`: no traceback when head has gone, exit 128+SIGPIPE."""
    root = tmp_path / "scheme"
    shutil.copytree(SAMPLE, root)
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before anything is written
    try:
        done = subprocess.run(
            [sys.executable, "-m", "unmentoring", "pair", "--repo", str(root), "--dry-run"],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
    finally:
        os.close(write_end)
    assert "Traceback" not in done.stderr and "BrokenPipeError" not in done.stderr, done.stderr
    assert done.returncode == 128 + signal.SIGPIPE


def test_a_failed_git_command_is_shown_without_its_settings(tmp_path):
    """`-c name=value` pairs are skipped, so the message names the subcommand and its arguments."""
    with pytest.raises(git.GitFailed) as failed:
        git.run(tmp_path, "-c", "user.name=A", "-c", "user.email=a@b", "commit", "-m", "x", "y")
    message = str(failed.value)
    assert message.startswith("`git commit -m x y` failed: ")
    assert "not a git repository" in message


def test_shown_keeps_a_command_without_settings_whole():
    assert git.shown(("push", "origin", "HEAD:main")) == "push origin HEAD:main"
    assert git.shown(("-c", "a=b", "status")) == "status"
