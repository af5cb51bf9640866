"""Gathering one run's results from the warehouse into :class:`ReportData`.

The report never recomputes anything: scores, overlaps and lineage are read as the run stored
them, so ``horizon report`` re-renders a week exactly as it was.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, datetime, timedelta

import numpy as np

from kernel.periods import period_start, week_of
from reports.schema import (
    Coverage,
    EvidenceDocument,
    FlaggedTopic,
    HeldBackTopic,
    LandscapePoint,
    LineageEvent,
    Methodology,
    RankedTopic,
    Region,
    RegionTopic,
    ReportData,
    RisingTerm,
    SourceCoverage,
    TopicCard,
    WatchedTopic,
)
from warehouse.connection import Warehouse
from warehouse.overlap import topic_region_for_run
from warehouse.reporting import (
    RankedTopicRow,
    documents_per_week,
    first_flagged,
    ranked_topics,
    rising_terms,
    source_coverage,
    topic_evidence,
    topic_external_ids,
    topic_lineage_events,
    topic_series,
)

FLAGGED_STATUSES = ("new", "emerging")
# A topic flagged within this many weeks stays on the headline's watch list while it grows.
WATCH_WEEKS = 52
WATCH_STATUSES = ("growing",)
SERIES_WEEKS = 26
COVERAGE_WEEKS = 12
FETCHED = ("ok", "not_modified", "partial")
_EVENTS = {"born": "born", "merged_from": "absorbed", "split_from": "split from"}


def assemble_report(
    wh: Warehouse,
    *,
    run_id: str,
    week: str,
    regions: Sequence[Region],
    methodology: Methodology,
    now: datetime,
    top: int = 10,
) -> ReportData:
    """Everything the report shows for ``run_id`` (the run of ISO ``week``)."""
    con = wh.con
    monday = period_start(week)
    until = monday + timedelta(days=6)
    ranked = ranked_topics(con, run_id)
    flagged_rows = [r for r in ranked if r["status"] in FLAGGED_STATUSES][:top]
    external = topic_external_ids(con, run_id, [r["topic_id"] for r in flagged_rows], until=until)
    series = topic_series(con, run_id, since=week_of(monday - timedelta(weeks=SERIES_WEEKS - 1)))
    evidence = topic_evidence(con, run_id, per_topic=5)
    lineage = topic_lineage_events(con, run_id)
    since = week_of(monday - timedelta(weeks=WATCH_WEEKS))
    flagged_before = first_flagged(con, run_id, statuses=FLAGGED_STATUSES, since=since, until=week)
    return ReportData(
        week=week,
        generated_at=now,
        flagged=[
            FlaggedTopic(
                topic_id=r["topic_id"],
                label=r["label"],
                status=r["status"],
                score=round(float(r["score"]), 3),
                terms=list(r["terms"])[:10],
                doc_ids=external.get(r["topic_id"], []),
                reasons=list(r["reasons"]),
                why=r["reasons"][0] if r["reasons"] else "",
            )
            for r in flagged_rows
        ],
        watch=[
            WatchedTopic(
                topic_id=r["topic_id"],
                label=r["label"],
                status=r["status"],
                score=round(float(r["score"]), 3),
                first_flagged=flagged_before[r["topic_id"]],
                terms=list(r["terms"])[:10],
                why=r["reasons"][0] if r["reasons"] else "",
            )
            for r in ranked
            if r["status"] in WATCH_STATUSES and r["topic_id"] in flagged_before
        ][:top],
        held_back=[
            HeldBackTopic(
                topic_id=r["topic_id"],
                label=r["label"],
                would_be=str(r["held_back"]),
                status=r["status"],
                score=round(float(r["score"]), 3),
                terms=list(r["terms"])[:10],
                why=r["reasons"][0] if r["reasons"] else "",
            )
            for r in ranked
            if r.get("held_back")
        ][:top],
        ranking=[_ranked(r) for r in ranked],
        topics=[
            TopicCard(
                topic_id=r["topic_id"],
                label=r["label"],
                status=r["status"],
                score=round(float(r["score"]), 3),
                terms=list(r["terms"])[:10],
                first_period=r["first_period"] or r["born_period"],
                series=series.get(r["topic_id"], {}),
                lineage=[
                    LineageEvent(
                        period=e["period"],
                        event=_EVENTS.get(str(e["relation"]), str(e["relation"])),
                        topic_ids=[str(e["other_topic_id"])] if e["other_topic_id"] else [],
                    )
                    for e in lineage.get(r["topic_id"], [])
                ],
                reasons=list(r["reasons"]),
                evidence=[EvidenceDocument(**doc) for doc in evidence.get(r["topic_id"], [])],
            )
            for r in ranked
        ],
        landscape=_landscape(ranked),
        regions=_regions(wh, run_id, regions),
        coverage=_coverage(wh, run_id, monday),
        methodology=methodology,
        rising_terms=[
            RisingTerm(
                term=t["term"],
                score=round(float(t["porter"]), 3),
                n_docs=int(t["df"]),
                first_period=t["first_period"],
            )
            for t in rising_terms(con, run_id, 20)
        ],
    )


def _ranked(r: RankedTopicRow) -> RankedTopic:
    growth = r["growth"]
    return RankedTopic(
        topic_id=r["topic_id"],
        label=r["label"],
        status=r["status"],
        score=round(float(r["score"]), 3),
        growth=None if growth is None or not math.isfinite(growth) else round(growth, 2),
        share=float(r["share_recent"] or 0.0),
        age_periods=int(r["age"] or 0),
        first_period=r["first_period"] or r["born_period"],
        kinds=[k for k in str(r["kinds_order"] or "").split("→") if k],
        n_docs=int(r["size"]),
        terms=list(r["terms"])[:10],
        reasons=list(r["reasons"]),
    )


def _landscape(ranked: list[RankedTopicRow]) -> list[LandscapePoint]:
    """Topic centroids projected on their first two principal components."""
    if len(ranked) < 3:
        return []
    matrix = np.array([r["centroid"] for r in ranked], dtype=np.float64)
    centred = matrix - matrix.mean(axis=0)
    _, _, components = np.linalg.svd(centred, full_matrices=False)
    coords = centred @ components[:2].T
    coords = coords * np.sign(components[:2].sum(axis=1))  # a deterministic orientation
    return [
        LandscapePoint(
            topic_id=r["topic_id"],
            label=r["label"],
            x=round(float(x), 4),
            y=round(float(y), 4),
            size=int(r["size"]),
            status=r["status"],
        )
        for r, (x, y) in zip(ranked, coords, strict=True)
    ]


def _regions(wh: Warehouse, run_id: str, regions: Sequence[Region]) -> list[Region]:
    rows = topic_region_for_run(wh.con, run_id)
    by_region: dict[str, list[RegionTopic]] = {}
    for row in rows:
        by_region.setdefault(str(row["region_id"]), []).append(
            RegionTopic(
                topic_id=row["topic_id"],
                relevance=float(row["relevance"]),
                industries=list(row["industries"]),
                cross_link=bool(row["cross_link"]),
                partners=list(row["partners"]),
                evidence=list(row["evidence"]),
            )
        )
    return [
        region.model_copy(update={"topics": by_region.get(region.region_id, [])})
        for region in regions
    ]


def _coverage(wh: Warehouse, run_id: str, monday: date) -> Coverage:
    sources = [SourceCoverage(**row) for row in source_coverage(wh.con, run_id)]
    first = week_of(monday - timedelta(weeks=COVERAGE_WEEKS - 1))
    return Coverage(
        sources=sources,
        documents=documents_per_week(wh.con, since=first, until=week_of(monday)),
        failures=[
            f"{s.source_id}: {s.error or s.status}" for s in sources if s.status not in FETCHED
        ],
    )
