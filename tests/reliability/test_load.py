"""One week with 20,000 new documents through every stage, in bounded memory, losing none.

The documents are short (a title and one sentence, :mod:`tests.reliability.feeds`) so that the
embedding stage, the costly one on a 2-core machine, keeps the test within CI time; they are
served as four RSS feeds of 5,000 items from the loopback server and collected by the real
``horizon run`` in a child process, whose peak RSS the kernel reports. How long it takes is
printed (``pytest -s``) and kept in the README, never asserted.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipelines.stages.runner import STAGES
from tests.operations.snapshot import duplicates
from tests.reliability.feeds import rss, short_items
from tests.reliability.processes import run_horizon
from tests.reliability.site import MONDAY, WEEK
from tests.support import faults
from tests.support.httpserver import LoopbackServer
from warehouse.connection import open_warehouse

pytestmark = pytest.mark.slow
N_DOCUMENTS = 20_000
N_FEEDS = 4
# spaCy, the embedding model, BERTopic and Prefect take about 1.2 GiB with a few hundred
# documents and about 1.3 GiB with 20,000 here; growing with the week would cross this.
PEAK_RSS_MIB = 2048
RUN_ID = f"weekly-{WEEK}"


def test_a_week_of_20000_new_documents_goes_through_every_stage(tmp_path: Path, run_files) -> None:
    items = short_items(N_DOCUMENTS, week_monday=MONDAY, seed=2026, prefix="load")
    server = LoopbackServer()
    for part in range(N_FEEDS):
        server.routes[f"/load-{part}.xml"] = faults.body(rss(items[part::N_FEEDS]))
    sources = "".join(
        f'[[source]]\nid = "load-{part}"\nkind = "news"\nadapter = "rss"\n'
        f'url = "{server.url(f"load-{part}.xml")}"\n\n'
        for part in range(N_FEEDS)
    )
    args = run_files(tmp_path, sources, week=WEEK, fetch_toml="[fetch]\nlookback_days = 7\n")
    try:
        finished = run_horizon(args, cwd=tmp_path)
    finally:
        server.close()

    assert finished.returncode == 0, finished.stderr[-3000:]
    db = tmp_path / "horizon.duckdb"
    with open_warehouse(db, read_only=True) as wh:
        stored = {i for (i,) in wh.con.execute("SELECT external_id FROM documents").fetchall()}
        seconds = dict(
            wh.con.execute(
                "SELECT stage, seconds FROM run_stages WHERE run_id = ? AND status = 'completed'",
                [RUN_ID],
            ).fetchall()
        )
        embedded = wh.con.execute("SELECT count(*) FROM embeddings").fetchone()[0]
        placed = wh.con.execute(
            "SELECT count(*) FROM doc_topics WHERE run_id = ?", [RUN_ID]
        ).fetchone()[0]
        n_topics = wh.con.execute("SELECT n_topics FROM topic_runs").fetchone()[0]
        scored = wh.con.execute("SELECT count(*) FROM topic_scores").fetchone()[0]
    lost = {item.guid for item in items} - stored
    assert (len(stored), len(lost)) == (N_DOCUMENTS, 0)
    assert duplicates(db) == dict.fromkeys(duplicates(db), 0)
    assert set(seconds) == set(STAGES)
    assert embedded == placed == N_DOCUMENTS
    assert n_topics > 1 and scored == n_topics
    report = json.loads((tmp_path / "reports" / WEEK / "report.json").read_text())
    assert report["coverage"]["documents"] == {WEEK: {"news": N_DOCUMENTS}}
    assert 200 < finished.peak_rss_mib < PEAK_RSS_MIB
    print(
        f"\nload: {N_DOCUMENTS} documents, {finished.seconds:.0f} s in all, "
        f"peak RSS {finished.peak_rss_mib:.0f} MiB, {n_topics} topics; stage seconds "
        + ", ".join(f"{stage} {seconds[stage]:.0f}" for stage in STAGES)
    )
