"""Time a whole ``unmentoring`` process and read its peak memory (max RSS of the child)."""

from __future__ import annotations

import resource
import subprocess
import sys
import time


def run_command(args: list[str], **kwargs) -> tuple[float, float, subprocess.CompletedProcess]:
    """Run ``python -m unmentoring ARGS``; return (seconds, peak MiB, the finished process).

    Each call should be the only child running, as the peak is read from RUSAGE_CHILDREN.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "unmentoring", *args],
        capture_output=True,
        text=True,
        check=False,
        **kwargs,
    )
    seconds = time.perf_counter() - start
    peak = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    return seconds, peak, done
