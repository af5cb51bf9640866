"""Progress over weeks: a live bar on a terminal, one log line per week anywhere else."""

from __future__ import annotations

import logging
import os
import pty
import subprocess
import sys

import pytest

from pipelines.progress import over_weeks

WEEKS = ["2025-W01", "2025-W02", "2025-W03"]
SCRIPT = """
import logging, sys
from pipelines.progress import over_weeks
logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(message)s")
for week in over_weeks(["2025-W01", "2025-W02", "2025-W03"], title="backfill"):
    logging.getLogger("horizon.test").info("ran %s", week)
"""


def test_plain_log_line_per_week_without_a_terminal(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="pipelines.progress"):
        seen = list(over_weeks(WEEKS, title="backfill"))
    assert seen == WEEKS
    assert [r.getMessage() for r in caplog.records if r.name == "pipelines.progress"] == [
        "backfill: week 1 of 3 (2025-W01)",
        "backfill: week 2 of 3 (2025-W02)",
        "backfill: week 3 of 3 (2025-W03)",
    ]


def test_bar_on_a_terminal_with_logs_printed_above_it() -> None:
    controller, terminal = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env.update(COLUMNS="100", TERM="xterm")
    process = subprocess.Popen(
        [sys.executable, "-c", SCRIPT], stderr=terminal, stdout=subprocess.DEVNULL, env=env
    )
    os.close(terminal)
    chunks = []
    while True:
        try:
            chunk = os.read(controller, 4096)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(controller)
    assert process.wait(timeout=60) == 0
    screen = b"".join(chunks).decode("utf-8", "replace")
    # each log line clears the bar's line, prints, and the bar is drawn again below it
    assert all(f"\x1b[2Kran {week}\r\nbackfill " in screen for week in WEEKS), screen
    assert "3/3" in screen.rsplit("\x1b[2K", 1)[1]  # the last drawing: all weeks done
    assert "week 1 of 3" not in screen  # the bar replaces the plain lines
