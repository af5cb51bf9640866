"""A small, deterministic topic corpus for the embedding and topic tests.

Documents are written by the demo corpus's own text generator (``democorpus.text``) for a
few planted demo topics, stored through the real normalisation and upsert path, given terms by
the real spaCy terms stage and vectors by the real MiniLM model. Building it takes a while, so
it is built once per test session into a template warehouse that each test copies.

Layout: four stable topics with ``PER_WEEK`` documents each (alternately patent and paper) in
every week of ``WEEKS``; in ``NEW_WEEK`` ten documents about solid-state batteries, a topic
the earlier weeks never mention, arrive as well.
"""

from __future__ import annotations

import random
import shutil
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path

from democorpus.text import paper_text, patent_text
from democorpus.topics import topic
from extractors.base import RawDocument
from extractors.normalize import to_record
from extractors.terms.pipeline import load_term_pipeline
from extractors.terms.stage import run_terms_stage
from models.embeddings import load_embedder, run_embed_stage
from models.topics.model import TopicParams
from warehouse.connection import open_warehouse
from warehouse.documents import upsert_documents

STABLE = ("dairy-processing", "offshore-wind", "pharma-tablets", "machine-tools")
NEW_TOPIC = "solid-state-batteries"
WEEKS = ("2025-W01", "2025-W02", "2025-W03", "2025-W04")
NEW_WEEK = "2025-W04"
PER_WEEK = 8
NEW_DOCS = 10
SEED = 20250101

# Sized for ~130 documents: HDBSCAN's smallest cluster a third of a week's topic volume.
SMALL_PARAMS = TopicParams(reducer_components=10, min_cluster_size=8, min_samples=3)


def week_monday(label: str) -> date:
    year, week = label.split("-W")
    return date.fromisocalendar(int(year), int(week), 1)


def raw_documents() -> list[tuple[RawDocument, str]]:
    """(document, planted topic slug) for the whole corpus, in a fixed order."""
    rng = random.Random(SEED)
    found: list[tuple[RawDocument, str]] = []
    for week in WEEKS:
        monday = week_monday(week)
        plan = [(slug, PER_WEEK) for slug in STABLE]
        if week == NEW_WEEK:
            plan.append((NEW_TOPIC, NEW_DOCS))
        for slug, count in plan:
            spec = topic(slug)
            for n in range(count):
                is_patent = n % 2 == 0
                text = (patent_text if is_patent else paper_text)(spec, rng)
                number = len(found) + 1
                found.append(
                    (
                        RawDocument(
                            kind="patent" if is_patent else "publication",
                            external_id=f"TEST-{number:04d}",
                            title=text.title,
                            text=text.body,
                            published=monday + timedelta(days=n % 5),
                        ),
                        slug,
                    )
                )
    return found


def planted_topics() -> dict[str, str]:
    """external id → planted topic slug."""
    return {raw.external_id: slug for raw, slug in raw_documents()}


def store_documents(db: Path, *, limit: int | None = None) -> None:
    """Store the corpus (or its first ``limit`` documents) in the warehouse at ``db``."""
    with open_warehouse(db) as wh, wh.transaction() as con:
        records = [
            to_record(raw, source_id="test-corpus", fallback_period=WEEKS[0])
            for raw, _ in raw_documents()[:limit]
        ]
        upsert_documents(
            con, records, run_id="corpus", source_id="test-corpus", seen_at=datetime(2025, 1, 1)
        )


@cache
def embedder():
    """The packaged MiniLM, loaded once per test session."""
    return load_embedder()


@cache
def template(folder: Path) -> dict[str, Path]:
    """Template warehouses under ``folder``: ``embedded`` (documents and vectors, no terms)
    and ``full`` (also terms)."""
    embedded = folder / "embedded.duckdb"
    store_documents(embedded)
    with open_warehouse(embedded) as wh:
        run_embed_stage(wh, model=embedder())
        wh.checkpoint()
    full = folder / "full.duckdb"
    shutil.copy(embedded, full)
    with open_warehouse(full) as wh:
        run_terms_stage(wh, nlp=load_term_pipeline())
        wh.checkpoint()
    return {"embedded": embedded, "full": full}


def copy_of(source: Path, target_dir: Path) -> Path:
    target = target_dir / source.name
    shutil.copy(source, target)
    return target
