"""The stages after collect, each built from its own part of the settings.

Each one hands its work to the package that owns it (terms to ``extractors``, embeddings,
topics, emergence and overlap to ``models``, rendering and delivery to ``reports``); this module
only loads the shared resources once per process and passes settings along. The flow runs them
in the order of :func:`analysis_stages`, each as a Prefect task (``pipelines.stages.runner``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from extractors.terms.pipeline import load_term_pipeline
from extractors.terms.stage import run_terms_stage
from kernel.clock import utc_now
from models.embeddings import load_embedder, run_embed_stage
from models.emergence.params import EmergenceParams
from models.emergence.stage import run_emergence_stage
from models.overlap.regions import RegionProfile, load_regions
from models.overlap.scoring import OverlapParams, embed_industries
from models.overlap.stage import run_overlap_stage
from models.topics.model import TopicParams
from models.topics.stage import run_topics_stage
from pipelines.config import EmbeddingsConfig, HorizonSettings, TermsConfig
from pipelines.stages.protocol import Stage, StageInputs, StageResult
from reports.assemble import assemble_report
from reports.methodology import build_methodology
from reports.outbox import build_messages, deliver_pending, enqueue
from reports.schema import Industry, Methodology, Region, ReportData
from reports.write import report_dir, write_report
from warehouse.connection import Warehouse

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer
    from spacy.language import Language

log = logging.getLogger(__name__)


@cache
def term_pipeline(model: str, stoplist: tuple[str, ...], vocabulary: tuple[str, ...]) -> Language:
    return load_term_pipeline(model, stoplist_extra=stoplist, vocabulary_extra=vocabulary)


@cache
def embedder(path: str | None, max_tokens: int) -> SentenceTransformer:
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


@dataclass(frozen=True)
class TermsStage:
    """Technology terms of every document that has none yet."""

    settings: TermsConfig
    name: ClassVar[str] = "terms"

    def run(self, inputs: StageInputs) -> StageResult:
        cfg = self.settings
        nlp = term_pipeline(cfg.model, tuple(cfg.stoplist_extra), tuple(cfg.vocabulary_extra))
        return StageResult(
            run_terms_stage(
                inputs.wh,
                nlp=nlp,
                n_process=cfg.n_process,
                batch_size=cfg.batch_size,
                run_id=inputs.run_id,
            )
        )


@dataclass(frozen=True)
class EmbedStage:
    """Sentence embeddings of every document that has none for the configured model."""

    settings: EmbeddingsConfig
    name: ClassVar[str] = "embed"

    def run(self, inputs: StageInputs) -> StageResult:
        cfg = self.settings
        counts = run_embed_stage(
            inputs.wh,
            model_name=cfg.name,
            model=embedder(cfg.model_path, cfg.max_tokens),
            batch_size=cfg.batch_size,
        )
        log.info("embedded %s new documents", counts.get("embedded", counts))
        return StageResult(counts)


@dataclass(frozen=True)
class TopicsStage:
    """The window's topics, with stable ids and lineage."""

    params: TopicParams
    embedder_name: str
    name: ClassVar[str] = "topics"

    def run(self, inputs: StageInputs) -> StageResult:
        return StageResult(
            run_topics_stage(
                inputs.wh,
                run_id=inputs.run_id,
                period=inputs.period,
                params=self.params,
                embedder_name=self.embedder_name,
            )
        )


@dataclass(frozen=True)
class EmergenceStage:
    """Each topic's indicators and status for the week."""

    params: EmergenceParams
    name: ClassVar[str] = "emergence"

    def run(self, inputs: StageInputs) -> StageResult:
        run_id = inputs.run_id
        counts = run_emergence_stage(
            inputs.wh, run_id=run_id, period=inputs.period, unit="week", params=self.params
        )
        empty = counts["empty_periods"]
        if isinstance(empty, list) and empty:
            log.warning(
                "%s: no documents in week(s) %s of the scoring window; they count as empty "
                "weeks (a feed outage or a gap in an import?)",
                run_id,
                ", ".join(empty),
            )
        if counts["held_back"]:
            log.info(
                "%s: %s topic(s) crossed the thresholds but were held back by the "
                'research-evidence rule ([emergence] min_research_docs, or preset = "news")',
                run_id,
                counts["held_back"],
            )
        return StageResult(counts)


@dataclass(frozen=True)
class OverlapStage:
    """How much each topic concerns each region's industries."""

    regions_path: Path
    embeddings: EmbeddingsConfig
    name: ClassVar[str] = "overlap"

    def run(self, inputs: StageInputs) -> StageResult:
        path, cfg = str(self.regions_path), self.embeddings
        return StageResult(
            run_overlap_stage(
                inputs.wh,
                run_id=inputs.run_id,
                profiles=regions(path),
                industry_vectors=industry_vectors(path, cfg.model_path, cfg.max_tokens),
            )
        )


@dataclass(frozen=True)
class ReportResult(StageResult):
    """The report stage's counts and the report itself (for the flow's artifacts)."""

    data: ReportData
    path: Path


@dataclass(frozen=True)
class ReportStage:
    """Write the week's report and alerts, queue the alerts, deliver what is pending."""

    settings: HorizonSettings
    name: ClassVar[str] = "report"

    def run(self, inputs: StageInputs) -> ReportResult:
        settings, now = self.settings, utc_now()
        profiles = regions(str(settings.paths.regions))
        data = build_report(inputs.wh, settings, inputs.run_id, inputs.period, now=now)
        paths = write_report(
            data, report_dir(settings.paths.reports, inputs.period), report_url=None
        )
        recipients = {p.id: p.alerts.recipients for p in profiles}
        queued = enqueue(settings.paths.outbox, build_messages(paths.rendered, recipients, now=now))
        delivery = deliver_pending(settings.paths.outbox, smtp=settings.smtp, now=now)
        for message_id, reason in delivery.failed.items():
            log.warning("alert %s not delivered (stays in the outbox): %s", message_id, reason)
        counts = {
            "report": str(paths.html),
            "flagged": len(data.flagged),
            "alerts": len(paths.alerts),
            "queued": len(queued),
            "sent": len(delivery.sent),
            "send_failed": len(delivery.failed),
        }
        return ReportResult(counts, data, paths.html)


def analysis_stages(settings: HorizonSettings) -> list[Stage[StageResult]]:
    """The stages after collect, in the order each one needs the one before it."""
    return [
        TermsStage(settings.terms),
        EmbedStage(settings.embeddings),
        TopicsStage(topic_params(settings), settings.embeddings.name),
        EmergenceStage(settings.emergence.params("week")),
        OverlapStage(settings.paths.regions, settings.embeddings),
        ReportStage(settings),
    ]


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
