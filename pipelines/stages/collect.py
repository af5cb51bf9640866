"""The collect stage: every enabled source fetched by a worker, what it returned stored here.

Workers (Prefect tasks, possibly on Dask) fetch and parse and return a ``SourceResult``; only
this process writes. Each source is stored in its own transaction together with its fetch log,
so a crash can lose at most the source being written, never half of it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import ClassVar

from prefect.futures import PrefectFuture

from extractors.base import SourceConfig
from extractors.collect import SourceResult, expand_week
from extractors.fetch import FetchSettings, FetchState
from extractors.normalize import to_record
from kernel.clock import utc_now
from kernel.errors import HorizonError
from kernel.records import DocumentRecord, FetchLogRow
from pipelines.config import HorizonSettings
from pipelines.stages.protocol import StageInputs, StageResult
from pipelines.stages.runner import parse_week
from pipelines.workers import collect_task
from warehouse.connection import Warehouse
from warehouse.documents import upsert_documents
from warehouse.fetchlog import (
    append_fetch_log,
    fetch_state,
    register_sources,
    save_fetch_state,
)

log = logging.getLogger(__name__)
MAX_NOTES = 20


@dataclass(frozen=True)
class SourceSummary:
    """One source's outcome in a run, as the operator sees it."""

    source_id: str
    status: str
    seen: int
    new: int
    rejected: int
    error: str | None


def stored_state(wh: Warehouse, source: SourceConfig, week: str) -> FetchState:
    """The validators of the source's last successful fetch of this week's url."""
    try:
        url = expand_week(source.url, week)
    except HorizonError:
        return FetchState()
    etag, last_modified = fetch_state(wh.con, source.id, url)
    return FetchState(etag=etag, last_modified=last_modified)


def store_source_result(
    wh: Warehouse, result: SourceResult, *, run_id: str, week: str
) -> SourceSummary:
    """Normalise, dedup and store one source's documents with its fetch log, atomically."""
    records: list[DocumentRecord] = []
    rejected = list(result.rejected)
    for number, raw in enumerate(result.documents, start=1):
        try:
            records.append(to_record(raw, source_id=result.source_id, fallback_period=week))
        except ValueError as exc:
            rejected.append(f"item {number} ({raw.external_id[:80] or 'no id'}): {exc}")
    now = utc_now()
    status = result.status
    if status == "ok" and rejected:
        status = "partial"
    with wh.transaction() as con:
        upsert = upsert_documents(
            con, records, run_id=run_id, source_id=result.source_id, seen_at=now
        )
        append_fetch_log(
            con, _log_rows(result, run_id, status, len(records), upsert.n_new, rejected, now)
        )
        save_fetch_state(
            con,
            result.source_id,
            url=result.attempts[0].url if result.attempts else None,
            etag=result.new_state.etag,
            last_modified=result.new_state.last_modified,
            succeeded=status != "failed",
            at=now,
        )
    summary = SourceSummary(
        source_id=result.source_id,
        status=status,
        seen=len(result.documents),
        new=upsert.n_new,
        rejected=len(rejected),
        error=result.error,
    )
    if status == "failed":
        log.warning("source %s failed: %s", result.source_id, result.error)
    else:
        log.info(
            "source %s: %s, %d items, %d new, %d rejected",
            result.source_id,
            status,
            summary.seen,
            summary.new,
            summary.rejected,
        )
    return summary


@dataclass(frozen=True)
class CollectResult(StageResult):
    """The collect stage's counts and each source's outcome, for the CLI and the operator."""

    sources: tuple[SourceSummary, ...]


@dataclass(frozen=True)
class CollectStage:
    """Fetch every enabled source (tasks on the flow's task runner), store what each returned."""

    sources: tuple[SourceConfig, ...]
    settings: HorizonSettings
    name: ClassVar[str] = "collect"

    def run(self, inputs: StageInputs) -> CollectResult:
        wh, week = inputs.wh, inputs.period
        with wh.transaction() as con:
            register_sources(con, [s.model_dump() for s in self.sources], utc_now())
        since = parse_week(week) - timedelta(days=self.settings.fetch.lookback_days)
        fetch_settings = self.settings.fetch.settings()
        futures: list[PrefectFuture[SourceResult]] = [
            collect_task.submit(
                source,
                since,
                _for_source(fetch_settings, source),
                stored_state(wh, source, week),
                week,
            )
            for source in self.sources
            if source.enabled
        ]
        summaries = tuple(
            store_source_result(wh, future.result(), run_id=inputs.run_id, week=week)
            for future in futures
        )
        counts = {
            "sources": len(summaries),
            "failed": sum(s.status == "failed" for s in summaries),
            "documents_new": sum(s.new for s in summaries),
            "documents_seen": sum(s.seen for s in summaries),
        }
        return CollectResult(counts, summaries)


def _for_source(settings: FetchSettings, source: SourceConfig) -> FetchSettings:
    """A source may raise its own size cap (weekly bulk patent files are large)."""
    cap = source.option("max_bytes")
    return replace(settings, max_bytes=int(cap)) if cap else settings


def _log_rows(
    result: SourceResult,
    run_id: str,
    status: str,
    seen: int,
    new: int,
    rejected: list[str],
    now: datetime,
) -> list[FetchLogRow]:
    notes = _notes(result.warnings, rejected)
    attempts = result.attempts
    rows = [
        FetchLogRow(
            run_id=run_id,
            source_id=result.source_id,
            attempt=number,
            url=attempt.url,
            started_at=_naive(attempt.started_at),
            finished_at=_naive(attempt.finished_at),
            status=attempt.status,
            http_status=attempt.http_status,
            bytes=attempt.bytes,
            error=attempt.error,
        )
        for number, attempt in enumerate(attempts, start=1)
    ]
    if not rows:
        rows.append(
            FetchLogRow(run_id, result.source_id, 1, None, now, now, "failed", error=result.error)
        )
    last = rows[-1]
    final_status = last.status
    if status == "failed" and final_status == "ok":
        final_status = "parse_error"
    elif status == "partial" and final_status == "ok":
        final_status = "partial"
    # the last row carries the source's verdict: what went wrong over all attempts, what to do
    rows[-1] = FetchLogRow(
        **{
            **last.__dict__,
            "status": final_status,
            "items_seen": seen + len(rejected),
            "items_new": new,
            "items_rejected": len(rejected),
            "error": result.error or last.error,
            "notes": notes,
        }
    )
    return rows


def _notes(warnings: list[str], rejected: list[str]) -> str | None:
    lines = [f"warning: {w}" for w in warnings] + [f"rejected: {r}" for r in rejected]
    if not lines:
        return None
    extra = len(lines) - MAX_NOTES
    shown = lines[:MAX_NOTES] + ([f"… and {extra} more"] if extra > 0 else [])
    return "\n".join(shown)


def _naive(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment
