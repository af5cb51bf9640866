"""``horizon import``: a file of records into the warehouse, bad records reported, none lost."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from extractors.importer import ImportProblem, read_import_file
from extractors.normalize import to_record
from kernel.clock import utc_now
from kernel.periods import week_of
from kernel.records import DocumentRecord, FetchLogRow
from warehouse.connection import Warehouse
from warehouse.documents import upsert_documents
from warehouse.fetchlog import append_fetch_log
from warehouse.runs import finish_run, start_run

BATCH = 5_000


@dataclass
class ImportSummary:
    source_id: str
    seen: int = 0
    new: int = 0
    known: int = 0
    problems: list[ImportProblem] = field(default_factory=list)


def import_file(
    wh: Warehouse,
    path: Path,
    *,
    kind: str | None = None,
    source_id: str | None = None,
    mapping: Mapping[str, str] | None = None,
) -> ImportSummary:
    """Import every good record of ``path``; re-importing the same file adds nothing."""
    started = utc_now()
    source = source_id or f"import:{path.name}"
    run_id = f"import-{started:%Y%m%dT%H%M%S%f}"
    summary = ImportSummary(source_id=source)
    with wh.transaction() as con:
        start_run(con, run_id, flow="import", period=None, at=started)
    try:
        _read_and_store(
            wh, path, summary, run_id=run_id, period=week_of(started), kind=kind, mapping=mapping
        )
    except Exception as exc:
        # the run and the attempt are recorded even when the file cannot be read at all
        _finish(wh, path, summary, run_id=run_id, started=started, error=str(exc))
        raise
    _finish(wh, path, summary, run_id=run_id, started=started, error=None)
    return summary


def _read_and_store(
    wh: Warehouse,
    path: Path,
    summary: ImportSummary,
    *,
    run_id: str,
    period: str,
    kind: str | None,
    mapping: Mapping[str, str] | None,
) -> None:
    batch: list[DocumentRecord] = []
    for line, item in read_import_file(path, kind=kind, mapping=mapping):
        if isinstance(item, ImportProblem):
            summary.problems.append(item)
            continue
        try:
            batch.append(to_record(item, source_id=summary.source_id, fallback_period=period))
        except ValueError as exc:
            summary.problems.append(ImportProblem(line, str(exc)))
            continue
        summary.seen += 1
        if len(batch) >= BATCH:
            _store(wh, batch, summary, run_id=run_id)
            batch = []
    _store(wh, batch, summary, run_id=run_id)


def _finish(
    wh: Warehouse,
    path: Path,
    summary: ImportSummary,
    *,
    run_id: str,
    started: datetime,
    error: str | None,
) -> None:
    """One ``fetch_log`` row for the file and the run's outcome."""
    finished = utc_now()
    notes = "\n".join(str(p) for p in summary.problems[:20]) or None
    status = "failed" if error else "partial" if summary.problems else "ok"
    with wh.transaction() as con:
        append_fetch_log(
            con,
            [
                FetchLogRow(
                    run_id=run_id,
                    source_id=summary.source_id,
                    attempt=1,
                    url=path.resolve().as_uri(),
                    started_at=started,
                    finished_at=finished,
                    status=status,
                    bytes=path.stat().st_size if path.is_file() else 0,
                    items_seen=summary.seen + len(summary.problems),
                    items_new=summary.new,
                    items_rejected=len(summary.problems),
                    error=error,
                    notes=notes,
                )
            ],
        )
        message = error or (
            f"{summary.new} new, {summary.known} known, {len(summary.problems)} rejected"
        )
        finish_run(
            con, run_id, status="failed" if error else "completed", message=message, at=finished
        )
    wh.checkpoint()


def _store(
    wh: Warehouse, batch: list[DocumentRecord], summary: ImportSummary, *, run_id: str
) -> None:
    if not batch:
        return
    with wh.transaction() as con:
        result = upsert_documents(
            con, batch, run_id=run_id, source_id=summary.source_id, seen_at=utc_now()
        )
    summary.new += result.n_new
    summary.known += len(batch) - result.n_new
