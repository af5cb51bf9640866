"""The stages after collect, as plain functions of (warehouse, settings, run).

Each one hands its work to the package that owns it (terms to ``extractors``, embeddings,
topics, emergence and overlap to ``models``, rendering and delivery to ``reports``); this module
only loads the shared resources once per process and passes settings along.
"""

from __future__ import annotations

import logging
from datetime import datetime
from functools import cache
from pathlib import Path

from extractors.terms.pipeline import load_term_pipeline
from extractors.terms.stage import run_terms_stage
from kernel.clock import utc_now
from models.embeddings import load_embedder, run_embed_stage
from models.emergence.stage import run_emergence_stage
from models.overlap.regions import RegionProfile, load_regions
from models.overlap.scoring import OverlapParams, embed_industries
from models.overlap.stage import run_overlap_stage
from models.topics.model import TopicParams
from models.topics.stage import run_topics_stage
from pipelines.config import HorizonSettings
from reports.assemble import assemble_report
from reports.methodology import build_methodology
from reports.outbox import build_messages, deliver_pending, enqueue
from reports.schema import Industry, Methodology, Region, ReportData
from reports.write import report_dir, write_report
from warehouse.connection import Warehouse

log = logging.getLogger(__name__)


@cache
def term_pipeline(model: str, stoplist: tuple[str, ...], vocabulary: tuple[str, ...]):
    return load_term_pipeline(model, stoplist_extra=stoplist, vocabulary_extra=vocabulary)


@cache
def embedder(path: str | None, max_tokens: int):
    return load_embedder(path, max_tokens=max_tokens)


@cache
def regions(path: str) -> tuple[RegionProfile, ...]:
    return tuple(load_regions(Path(path)))


@cache
def industry_vectors(path: str, model_path: str | None, max_tokens: int) -> dict:
    model = embedder(model_path, max_tokens)
    return embed_industries(
        regions(path), lambda texts: model.encode(texts, normalize_embeddings=True)
    )


def terms_stage(wh: Warehouse, settings: HorizonSettings, run_id: str) -> dict[str, object]:
    cfg = settings.terms
    nlp = term_pipeline(cfg.model, tuple(cfg.stoplist_extra), tuple(cfg.vocabulary_extra))
    return run_terms_stage(
        wh, nlp=nlp, n_process=cfg.n_process, batch_size=cfg.batch_size, run_id=run_id
    )


def embed_stage(wh: Warehouse, settings: HorizonSettings) -> dict[str, object]:
    cfg = settings.embeddings
    counts = run_embed_stage(
        wh,
        model_name=cfg.name,
        model=embedder(cfg.model_path, cfg.max_tokens),
        batch_size=cfg.batch_size,
    )
    log.info("embedded %s new documents", counts.get("embedded", counts))
    return counts


def topics_stage(wh: Warehouse, settings: HorizonSettings, run_id: str, week: str) -> dict:
    return run_topics_stage(
        wh,
        run_id=run_id,
        period=week,
        params=topic_params(settings),
        embedder_name=settings.embeddings.name,
    )


def emergence_stage(
    wh: Warehouse, settings: HorizonSettings, run_id: str, week: str
) -> dict[str, object]:
    counts = run_emergence_stage(
        wh, run_id=run_id, period=week, unit="week", params=settings.emergence.params("week")
    )
    if counts["empty_periods"]:
        log.warning(
            "%s: no documents in week(s) %s of the scoring window; they count as empty weeks "
            "(a feed outage or a gap in an import?)",
            run_id,
            ", ".join(counts["empty_periods"]),
        )
    if counts["held_back"]:
        log.info(
            "%s: %s topic(s) crossed the thresholds but were held back by the research-evidence "
            'rule ([emergence] min_research_docs, or preset = "news")',
            run_id,
            counts["held_back"],
        )
    return counts


def overlap_stage(wh: Warehouse, settings: HorizonSettings, run_id: str) -> dict[str, object]:
    path = str(settings.paths.regions)
    return run_overlap_stage(
        wh,
        run_id=run_id,
        profiles=regions(path),
        industry_vectors=industry_vectors(
            path, settings.embeddings.model_path, settings.embeddings.max_tokens
        ),
    )


def report_stage(
    wh: Warehouse, settings: HorizonSettings, run_id: str, week: str
) -> tuple[dict[str, object], ReportData]:
    """Write the week's report and alerts, queue the alerts, deliver what is pending."""
    now = utc_now()
    profiles = regions(str(settings.paths.regions))
    data = build_report(wh, settings, run_id, week, now=now)
    paths = write_report(data, report_dir(settings.paths.reports, week), report_url=None)
    recipients = {p.id: p.alerts.recipients for p in profiles}
    queued = enqueue(settings.paths.outbox, build_messages(paths.rendered, recipients, now=now))
    delivery = deliver_pending(settings.paths.outbox, smtp=settings.smtp, now=now)
    counts = {
        "report": str(paths.html),
        "flagged": len(data.flagged),
        "alerts": len(paths.alerts),
        "queued": len(queued),
        "sent": len(delivery.sent),
        "send_failed": len(delivery.failed),
    }
    for message_id, reason in delivery.failed.items():
        log.warning("alert %s not delivered (stays in the outbox): %s", message_id, reason)
    return counts, data


def build_report(
    wh: Warehouse, settings: HorizonSettings, run_id: str, week: str, *, now: datetime
) -> ReportData:
    profiles = regions(str(settings.paths.regions))
    return assemble_report(
        wh,
        run_id=run_id,
        week=week,
        regions=[
            Region(
                region_id=p.id,
                name=p.name,
                industries=[Industry(nace=i.nace, title=i.title) for i in p.industries],
                alert_threshold=p.alerts.threshold,
            )
            for p in profiles
        ],
        methodology=methodology(settings),
        now=now,
    )


def topic_params(settings: HorizonSettings) -> TopicParams:
    return TopicParams(window_weeks=settings.topics.window_weeks)


def methodology(settings: HorizonSettings) -> Methodology:
    """The report's methodology section with the thresholds this run was given."""
    return build_methodology(
        {
            "emergence": settings.emergence.params("week"),
            "topics": topic_params(settings),
            "overlap": OverlapParams(),
        }
    )
