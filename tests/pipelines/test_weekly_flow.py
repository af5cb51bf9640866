"""The weekly-scan flow on a real Prefect engine, against real feeds on 127.0.0.1."""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import sys
import time
from email import message_from_bytes, policy
from pathlib import Path
from uuid import UUID

import pytest
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import (
    ArtifactFilter,
    ArtifactFilterFlowRunId,
)
from prefect.client.schemas.sorting import ArtifactSort

from pipelines.flows import weekly_scan
from pipelines.stages.runner import STAGES
from tests.support.httpserver import LoopbackServer, send
from tests.support.mail import Recorder, Webhook, smtp_server
from tests.support.prefect import flow_run_logs, flow_run_task_states
from warehouse.connection import open_warehouse, snapshot_path
from warehouse.fetchlog import fetch_log_for_run

WEEK = "2026-W05"
CONFIG = """
[fetch]
connect_timeout = 2.0
read_timeout = 1.0
retries = 1
backoff_seconds = 0.01
max_bytes = 1048576
lookback_days = 36500
"""


def paths_toml(root: Path) -> str:
    """Reports and outbox of a test run stay in its temporary folder."""
    return f'[paths]\nreports = "{root / "reports"}"\noutbox = "{root / "outbox"}"\n'


@pytest.fixture
def feeds(shared_data: Path):
    """Two real news feeds, plus endpoints that fail in every way a source can."""
    root = shared_data / "fixtures" / "news_rss" / "rss_parser"

    def slow(handler):
        time.sleep(3)
        send(handler, 200, b"<rss/>")

    def huge(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "application/rss+xml")
        handler.send_header("Content-Length", str(4 * 1024 * 1024))
        handler.end_headers()
        chunk = b"x" * 65536
        for _ in range(64):
            handler.wfile.write(chunk)

    server = LoopbackServer(
        root=root,
        routes={
            "/error": lambda h: send(h, 500, b"oops", "text/plain"),
            "/missing": lambda h: send(h, 404, b"gone", "text/plain"),
            "/busy": lambda h: send(h, 429, b"slow down", "text/plain", {"Retry-After": "0"}),
            "/garbage": lambda h: send(h, 200, b"\x00\x01 not a feed at all", "text/html"),
            "/slow": slow,
            "/huge": huge,
        },
    )
    yield server
    server.close()


def flow_run_artifacts(flow_run_id: UUID) -> dict[str, object]:
    async def read() -> dict[str, object]:
        async with get_client() as client:
            artifacts = await client.read_artifacts(
                artifact_filter=ArtifactFilter(
                    flow_run_id=ArtifactFilterFlowRunId(any_=[flow_run_id])
                ),
                limit=20,
                sort=ArtifactSort.CREATED_DESC,
            )
        return {artifact.key: artifact.data for artifact in artifacts}

    return asyncio.run(read())


def write_sources(path: Path, server: LoopbackServer) -> Path:
    entries = {
        "guardian": "guardian.rss",
        "heise": "heise.atom",
        "error": "error",
        "missing": "missing",
        "busy": "busy",
        "garbage": "garbage",
        "slow": "slow",
        "huge": "huge",
    }
    text = "".join(
        f'[[source]]\nid = "{sid}"\nkind = "news"\nadapter = "rss"\n'
        f'url = "{server.url(target)}"\nenabled = true\n\n'
        for sid, target in entries.items()
    )
    path.write_text(text)
    return path


def test_failing_sources_do_not_stop_the_run(tmp_path: Path, feeds: LoopbackServer) -> None:
    sources = write_sources(tmp_path / "sources.toml", feeds)
    config = tmp_path / "horizon.toml"
    hook = Webhook()
    config.write_text(CONFIG + paths_toml(tmp_path) + f'[operators]\nrecipients = ["{hook.url}"]\n')
    db = tmp_path / "h.duckdb"

    try:
        state = weekly_scan(
            week=WEEK, config=str(config), sources=str(sources), db=str(db), return_state=True
        )
    finally:
        hook.close()
    summary = state.result()

    by_id = {s.source_id: s for s in summary.sources}
    assert by_id["guardian"].status == "ok" and by_id["guardian"].new == 55
    assert by_id["heise"].new == 15
    failed = {s.source_id for s in summary.failed_sources}
    assert failed == {"error", "missing", "busy", "garbage", "slow", "huge"}
    with open_warehouse(db, read_only=True) as wh:
        assert wh.con.execute("SELECT count(*) FROM documents").fetchone()[0] == 70
        log = fetch_log_for_run(wh.con, "weekly-" + WEEK)
        run = wh.con.execute("SELECT status, message FROM runs").fetchone()
    last = {row["source_id"]: row for row in log}
    assert last["error"]["http_status"] == 500
    assert [r["attempt"] for r in log if r["source_id"] == "error"] == [1, 2]
    assert [r["attempt"] for r in log if r["source_id"] == "missing"] == [1]
    assert last["missing"]["http_status"] == 404
    assert last["busy"]["http_status"] == 429
    assert last["slow"]["status"] == "timeout"
    assert last["huge"]["status"] == "too_large"
    assert last["garbage"]["status"] == "parse_error"
    assert all(last[s]["error"] for s in failed)
    assert last["guardian"]["items_seen"] == 55 and last["guardian"]["items_new"] == 55
    assert run[0] == "partial" and "6 source(s) failed" in run[1]
    with open_warehouse(snapshot_path(db), read_only=True) as snapshot:
        latest = snapshot.con.execute("SELECT run_id, status FROM latest_week").fetchall()
        stored = snapshot.con.execute("SELECT count(*) FROM documents").fetchone()[0]
    assert latest == [(f"weekly-{WEEK}", "partial")] and stored == 70

    # The operators hear of it once; the stage lines and the artifacts are on the Prefect API.
    assert [post["title"] for post in hook.posts] == [
        f"Horizon: weekly run {WEEK} is partial: sources failed"
    ]
    assert "6 source(s) failed" in hook.posts[0]["message"]
    flow_run_id = state.state_details.flow_run_id
    logs = flow_run_logs(flow_run_id, until=f"weekly-{WEEK}: report completed")
    assert ("pipelines.stages.runner", f"weekly-{WEEK}: collect started") in logs
    artifacts = flow_run_artifacts(flow_run_id)
    assert set(artifacts) == {"horizon-headline", "horizon-ranking", "horizon-report"}
    # Every stage after collect is a task of the flow run (the UI shows each with its state and
    # duration); collect's work is one task per source (on Dask too).
    stages = {f"{stage} {WEEK}" for stage in STAGES if stage != "collect"}
    states = flow_run_task_states(flow_run_id, until=stages | {"collect-guardian"})
    assert all(states[name] == "Completed" for name in stages | {"collect-guardian"})
    report = tmp_path / "reports" / WEEK / "index.html"
    assert report.is_file()
    assert artifacts["horizon-report"] == f"[Horizon report {WEEK}]({report.resolve().as_uri()})"


def test_rerun_adds_nothing_and_reports_completion(tmp_path: Path, shared_data: Path) -> None:
    root = tmp_path / "feeds"
    root.mkdir()
    shutil.copy(shared_data / "fixtures/news_rss/rss_parser/guardian.rss", root / "a.rss")
    server = LoopbackServer(root=root)
    try:
        (tmp_path / "s.toml").write_text(
            f'[[source]]\nid = "a"\nkind = "news"\nadapter = "rss"\nurl = "{server.url("a.rss")}"\n'
            f'[[source]]\nid = "b"\nkind = "news"\nadapter = "rss"\n'
            f'url = "{server.url("a.rss")}?utm_source=x"\n'
        )
        config = tmp_path / "horizon.toml"
        config.write_text(CONFIG + paths_toml(tmp_path))
        args = dict(
            config=str(config), sources=str(tmp_path / "s.toml"), db=str(tmp_path / "h.duckdb")
        )
        first = weekly_scan(week=WEEK, **args)
        again = weekly_scan(week=WEEK, **args)
        forced = weekly_scan(week=WEEK, force=True, **args)
    finally:
        server.close()
    assert sum(s.new for s in first.sources) == 55
    assert again.skipped == list(STAGES) and again.sources == []
    assert sum(s.new for s in forced.sources) == 0 and sum(s.seen for s in forced.sources) == 110
    with open_warehouse(tmp_path / "h.duckdb", read_only=True) as wh:
        assert wh.con.execute("SELECT count(*) FROM documents").fetchone()[0] == 55
        linked = wh.con.execute("SELECT count(DISTINCT source_id) FROM document_sources").fetchone()
        assert linked[0] == 2


def test_a_failed_run_tells_the_operators_and_still_fails(
    tmp_path: Path, shared_data: Path
) -> None:
    root = tmp_path / "feeds"
    root.mkdir()
    shutil.copy(shared_data / "fixtures/news_rss/rss_parser/heise.atom", root / "a.atom")
    (tmp_path / "s.toml").write_text(
        '[[source]]\nid = "a"\nkind = "news"\nadapter = "rss"\nurl = "URL"\n'
    )
    (tmp_path / "reports").write_text("a file where the reports folder should be")
    recorder = Recorder()
    server = LoopbackServer(root=root)
    try:
        sources = tmp_path / "s.toml"
        sources.write_text(sources.read_text().replace("URL", server.url("a.atom")))
        with smtp_server(recorder) as port:
            config = tmp_path / "horizon.toml"
            config.write_text(
                CONFIG
                + paths_toml(tmp_path)
                + f'[smtp]\nhost = "127.0.0.1"\nport = {port}\nstarttls = false\n'
                + '[operators]\nrecipients = ["ops@agency.example.org"]\n'
            )
            state = weekly_scan(
                week=WEEK,
                config=str(config),
                sources=str(sources),
                db=str(tmp_path / "h.duckdb"),
                return_state=True,
            )
    finally:
        server.close()
    assert state.is_failed()
    report = f"report {WEEK}"
    tasks = flow_run_task_states(state.state_details.flow_run_id, until={report})
    assert tasks[report] == "Failed" and tasks[f"overlap {WEEK}"] == "Completed"
    with open_warehouse(tmp_path / "h.duckdb", read_only=True) as wh:
        status, message = wh.con.execute("SELECT status, message FROM runs").fetchone()
    assert status == "failed"
    (envelope,) = recorder.envelopes
    mail = message_from_bytes(envelope.content, policy=policy.default)
    assert mail["Subject"] == f"Horizon: weekly run {WEEK} failed"
    text = mail.get_body(preferencelist=("plain",)).get_content()
    assert f"weekly-{WEEK} (attempt 1)" in text and message.split(":")[0] in text
    assert "resumes at the stage that failed" in text


def test_second_writer_refused_with_holder(tmp_path: Path) -> None:
    db = tmp_path / "h.duckdb"
    sources = tmp_path / "s.toml"
    sources.write_text("")
    with open_warehouse(db):
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "pipelines",
                "run",
                "--week",
                WEEK,
                "--db",
                str(db),
                "--sources",
                str(sources),
            ],
            capture_output=True,
            text=True,
            timeout=300,
        )
    assert result.returncode == 1
    assert "being written by process" in result.stderr
    assert "Traceback" not in result.stderr
