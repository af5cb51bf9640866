"""The overlap stage: every topic of a run against every region profile, stored with evidence.

Industry vectors come from :func:`models.overlap.scoring.embed_industries` (one per keyword facet).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict

import numpy as np

from models.overlap.regions import RegionProfile
from models.overlap.scoring import OverlapParams, score_overlap
from warehouse.connection import Warehouse
from warehouse.overlap import TopicRegionRow, replace_topic_region, topic_profiles


def run_overlap_stage(
    wh: Warehouse,
    *,
    run_id: str,
    profiles: Sequence[RegionProfile],
    industry_vectors: dict[tuple[str, str], np.ndarray],
    params: OverlapParams | None = None,
) -> dict[str, object]:
    """Score and store topic x region overlap for ``run_id``; returns counts."""
    ids, centroids, terms, classes = topic_profiles(wh.con, run_id)
    scores = []
    if ids and profiles:
        scores = score_overlap(
            ids, centroids, terms, classes, profiles, industry_vectors, params or OverlapParams()
        )
    rows = [
        TopicRegionRow(
            topic_id=s.topic_id,
            region_id=s.region_id,
            relevance=round(float(s.relevance), 2),
            industries=[m.nace for m in s.industries],
            cross_link=s.cross_link,
            partners=[p.region_id for p in s.partners],
            evidence=list(s.evidence),
            detail=json.dumps(
                {
                    "industries": [asdict(m) for m in s.industries],
                    "partners": [asdict(p) for p in s.partners],
                },
                default=str,
            ),
        )
        for s in scores
    ]
    with wh.transaction() as tx:
        replace_topic_region(tx, run_id, rows)
    return {
        "pairs": len(rows),
        "relevant": sum(r.relevance >= 50 for r in rows),
        "cross_links": sum(r.cross_link for r in rows),
    }
