"""Two real runs at once, and the report re-rendered while a run writes.

The first run is held inside its collect stage by a source that answers only when the test
lets it, so it holds the warehouse for as long as the test needs. Meanwhile a second run must
refuse at once, naming the first; ``horizon status`` must say a run is writing; ``horizon
report`` must wait with a message and, once the run is done, render what the run committed.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.reliability.feeds import rss, short_items
from tests.reliability.processes import run_horizon
from tests.reliability.site import MONDAY, WEEK
from tests.support import faults
from tests.support.httpserver import LoopbackServer, send
from warehouse.connection import lock_holder, open_warehouse

pytestmark = pytest.mark.slow
WAIT_SECONDS = 300  # safety nets against a hung child, not timing assertions
FETCH_TOML = "\n[fetch]\nread_timeout = 600.0\nretries = 0\nlookback_days = 7\n"


@pytest.fixture
def gated() -> Iterator[tuple[LoopbackServer, threading.Event]]:
    """A healthy feed, and a second one that answers only once the event is set."""
    release = threading.Event()
    held = rss(short_items(20, week_monday=MONDAY, seed=12, prefix="gate"))

    def gate(handler) -> None:
        release.wait(WAIT_SECONDS)
        send(handler, 200, held, "application/rss+xml")

    server = LoopbackServer()
    server.routes["/open.xml"] = faults.body(
        rss(short_items(40, week_monday=MONDAY, seed=11, prefix="open"))
    )
    server.routes["/gate.xml"] = gate
    yield server, release
    release.set()
    server.close()


def wait_for(condition, what: str) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.2)


def test_second_run_refuses_and_report_waits_then_reads_the_commit(
    tmp_path: Path, gated, run_files
) -> None:
    server, release = gated
    sources = "".join(
        f'[[source]]\nid = "{sid}"\nkind = "news"\nadapter = "rss"\nurl = "{server.url(path)}"\n'
        for sid, path in (("open", "open.xml"), ("gate", "gate.xml"))
    )
    args = run_files(tmp_path / "first", sources, week=WEEK, fetch_toml=FETCH_TOML)
    db = tmp_path / "first" / "horizon.duckdb"
    config = tmp_path / "first" / "horizon.toml"
    waiting = threading.Event()

    def watch_report(line: str) -> None:
        if "waiting for process" in line:
            waiting.set()

    with ThreadPoolExecutor(max_workers=2) as pool:
        first = pool.submit(run_horizon, args, cwd=tmp_path / "first")
        wait_for(lambda: "/gate.xml" in server.requests, "the first run to reach the gate")
        holder = lock_holder(db)
        assert holder is not None

        second = run_horizon(args, cwd=tmp_path)
        status = run_horizon(["status", "--db", str(db)], cwd=tmp_path)
        report = pool.submit(
            run_horizon,
            ["report", "--db", str(db), "--config", str(config)],
            cwd=tmp_path,
            on_line=watch_report,
        )
        wait_for(waiting.is_set, "the report to say it waits")
        assert not report.done()
        release.set()
        first_done, report_done = first.result(), report.result()

    assert second.returncode == 1 and "Traceback" not in second.stderr
    assert second.lines == [second.lines[0]]  # one line
    assert f"is being written by process {holder['pid']} on " in second.lines[0]
    assert "only one run can write at a time" in second.lines[0]
    assert status.returncode == 0
    assert f"A run is writing now: process {holder['pid']}" in status.stdout

    assert first_done.returncode == 0, first_done.stderr[-3000:]
    assert report_done.returncode == 0, report_done.stderr
    said = " ".join(report_done.lines)  # one message, which the console may wrap
    assert f"waiting for process {holder['pid']} to finish writing" in said
    assert "report: " in report_done.stdout
    written = json.loads((tmp_path / "first" / "reports" / WEEK / "report.json").read_text())
    with open_warehouse(db, read_only=True) as wh:
        scored = wh.con.execute(
            "SELECT topic_id FROM topic_scores WHERE run_id = ? ORDER BY rank", [f"weekly-{WEEK}"]
        ).fetchall()
        stored = wh.con.execute("SELECT count(*) FROM documents").fetchone()[0]
    assert [t["topic_id"] for t in written["ranking"]] == [t for (t,) in scored]
    assert written["coverage"]["documents"] == {WEEK: {"news": stored}}
    assert stored == 60
