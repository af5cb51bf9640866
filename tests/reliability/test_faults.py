"""A real weekly run whose sources fail in every way a server can, next to healthy ones.

The run is the ``horizon`` command in a child process (``fault_run``), fetching over real
sockets from the loopback server of :mod:`tests.reliability.site`. It must complete, collect the
healthy sources whole, and leave in ``fetch_log`` one reason per failure that tells an operator
what happened. Memory is measured twice: the run's peak RSS, and per source the Python heap
while it is collected (tracemalloc), which must stay near the size cap whatever the server sends.
"""

from __future__ import annotations

import tomllib
import tracemalloc

import pytest

from extractors.base import SourceConfig
from extractors.collect import collect_source
from extractors.fetch import FetchSettings
from tests.operations.snapshot import duplicates
from tests.reliability.conftest import FaultRun
from tests.reliability.site import (
    FAILED,
    FAULTS,
    HEALTHY,
    MAX_BYTES,
    WEEK,
    Fault,
    Site,
    healthy_items,
)
from warehouse.connection import open_warehouse
from warehouse.fetchlog import fetch_log_for_run

pytestmark = pytest.mark.slow
RUN_ID = f"weekly-{WEEK}"
# The run loads spaCy, the embedding model and Prefect (about 1.2 GiB here); a gzip bomb
# inflating to 4 GiB or a 50 MiB body held in memory would cross this.
RUN_PEAK_RSS_MIB = 2048
# Per source: the 4 MiB cap, the bytes object made of it, and the parsed feed's objects.
SOURCE_PEAK_MIB = 4 * MAX_BYTES / 2**20
QUICK = FetchSettings(
    connect_timeout=2.0,
    read_timeout=0.5,
    retries=1,
    backoff_seconds=0.01,
    max_retry_after=0.05,
    max_bytes=MAX_BYTES,
)


def log_of(run: FaultRun) -> dict[str, list[dict]]:
    with open_warehouse(run.db, read_only=True) as wh:
        rows = fetch_log_for_run(wh.con, RUN_ID)
    by_source: dict[str, list[dict]] = {}
    for row in rows:
        by_source.setdefault(row["source_id"], []).append(row)
    return by_source


def test_the_run_completes_and_names_each_failed_source(fault_run: FaultRun) -> None:
    finished = fault_run.finished
    assert finished.returncode == 0, finished.stderr[-3000:]
    assert "Traceback" not in finished.stderr
    for source_id in FAILED:
        assert f"source {source_id} failed: " in finished.stdout, source_id
    with open_warehouse(fault_run.db, read_only=True) as wh:
        status, message = wh.con.execute(
            "SELECT status, message FROM runs WHERE run_id = ?", [RUN_ID]
        ).fetchone()
        stages = wh.con.execute(
            "SELECT stage FROM run_stages WHERE run_id = ? AND status = 'completed'", [RUN_ID]
        ).fetchall()
    assert status == "partial"
    assert message.startswith(f"{len(FAILED)} source(s) failed: ")
    assert len(stages) == 7


@pytest.mark.parametrize("fault", FAULTS, ids=[f.source_id for f in FAULTS])
def test_each_fault_is_in_fetch_log_with_a_reason(fault_run: FaultRun, fault: Fault) -> None:
    rows = log_of(fault_run)[fault.source_id]
    assert [row["attempt"] for row in rows] == list(range(1, fault.attempts + 1))
    last = rows[-1]
    assert (last["status"], last["http_status"]) == (fault.status, fault.http_status)
    said = f"{last['error'] or ''}\n{last['notes'] or ''}"
    assert fault.reason in said
    if fault.source_id in FAILED:
        assert last["items_new"] == 0
        assert fault_run.site.server.url(fault.source_id) in last["error"]  # says where
    else:
        assert last["items_new"] > 0


def test_healthy_sources_lose_nothing_and_nothing_is_stored_twice(fault_run: FaultRun) -> None:
    with open_warehouse(fault_run.db, read_only=True) as wh:
        stored = dict(
            wh.con.execute(
                "SELECT s.source_id, list(d.external_id) FROM document_sources s"
                " JOIN documents d USING (doc_id) GROUP BY s.source_id"
            ).fetchall()
        )
        titles = [t for (t,) in wh.con.execute("SELECT title FROM documents").fetchall()]
    for source_id in HEALTHY:
        assert sorted(stored[source_id]) == sorted(i.guid for i in healthy_items(source_id))
    assert len(stored["wrong-type"]) == 12
    assert len(stored["wrong-encoding"]) == 10
    assert all("Neue Größe" in t for t in titles if t.startswith("Neue"))
    assert 0 < len(stored["truncated-xml"]) < 10
    assert not FAILED & set(stored)
    assert duplicates(fault_run.db) == dict.fromkeys(duplicates(fault_run.db), 0)


def test_peak_memory_of_the_run_is_bounded(fault_run: FaultRun) -> None:
    finished = fault_run.finished
    assert finished.returncode == 0
    assert 200 < finished.peak_rss_mib < RUN_PEAK_RSS_MIB  # spaCy and MiniLM alone take more
    print(f"\nfault run: peak RSS {finished.peak_rss_mib:.0f} MiB, {finished.seconds:.0f} s")


def every_source(site: Site) -> list[SourceConfig]:
    return [SourceConfig(**entry) for entry in tomllib.loads(site.sources_toml())["source"]]


def test_each_source_costs_bounded_memory(fault_site: Site) -> None:
    """Collected one at a time with the heap traced: a gzip bomb, a 50 MiB body or a billion
    laughs costs about what a normal feed of the cap's size would."""
    peaks: dict[str, float] = {}
    for source in every_source(fault_site):
        tracemalloc.start()
        try:
            result = collect_source(source, since=None, settings=QUICK, week=WEEK)
            peaks[source.id] = tracemalloc.get_traced_memory()[1] / 2**20
        finally:
            tracemalloc.stop()
        assert (result.status == "failed") == (source.id in FAILED), source.id
    assert {name for name, peak in peaks.items() if peak >= SOURCE_PEAK_MIB} == set()
    assert max(peaks["gzip-bomb"], peaks["huge-body"]) > MAX_BYTES / 2**20  # the cap was reached
    top = sorted(peaks.items(), key=lambda item: -item[1])[:5]
    print("\nheap peaks (MiB): " + ", ".join(f"{name} {peak:.1f}" for name, peak in top))
