"""One week of the naive workflow, in a process of its own: what a user would write with BERTopic.

Embed every document of the rolling window, ``fit_transform`` BERTopic on it from scratch and
call ``topics_over_time`` (:func:`benchmarks.detection_methods.bertopic_flags`, the baseline
whose detection quality ``benchmarks/baselines.py`` scores). The fit runs for real on the window
of the given warehouse, with the vectors Horizon cached. Embedding the whole window grows
linearly with it and would take hours at 100,000 documents, so by default its time is the
embedding rate measured here on an even sample of the window's texts times the window's size;
``--embed-all`` embeds every document instead.

    python -m benchmarks.naive --db W.duckdb --week 2025-W52 --out naive.json [--embed-all]

The result (JSON) holds the seconds of each part and the process's peak resident memory.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from datetime import timedelta
from pathlib import Path

MIB_PER_KIB = 1024


def naive_week(db: Path, week: str, *, config: Path, sample: int, embed_all: bool) -> dict:
    from benchmarks.detection_methods import Corpus, bertopic_flags
    from kernel.periods import period_end
    from models.embeddings import embed_texts, load_embedder
    from models.emergence.params import EmergenceParams
    from models.emergence.stage import EmergenceSettings
    from pipelines.config import load_settings
    from warehouse.connection import open_warehouse
    from warehouse.topics import document_texts, window_documents

    settings = load_settings(config)
    end = period_end(week)
    window_weeks = settings.topics.window_weeks
    with open_warehouse(db, read_only=True) as wh:
        docs = window_documents(
            wh.con, settings.embeddings.name, start=end - timedelta(weeks=window_weeks), end=end
        )
        by_id = document_texts(wh.con, docs.doc_ids)
    texts = [by_id[doc_id] for doc_id in docs.doc_ids]

    cfg = settings.embeddings
    model = load_embedder(cfg.model_path, max_tokens=cfg.max_tokens)
    chosen = texts[:: max(1, len(texts) // sample)][:sample]
    started = time.perf_counter()
    embed_texts(chosen, model, batch_size=cfg.batch_size)
    rate = len(chosen) / (time.perf_counter() - started)
    vectors = docs.vectors
    embed_seconds = len(texts) / rate
    if embed_all:
        started = time.perf_counter()
        vectors = embed_texts(texts, model, batch_size=cfg.batch_size)
        embed_seconds = time.perf_counter() - started

    corpus = Corpus(
        external_ids=docs.doc_ids,
        # The Sunday of the document's week: the baseline only needs the week.
        published=[period_end(period) for period in docs.periods],
        texts=texts,
        vectors=vectors,
    )
    started = time.perf_counter()
    flags = bertopic_flags(
        corpus,
        week,
        unit="week",
        window_weeks=window_weeks,
        window_periods=EmergenceSettings().window_periods,
        params=EmergenceParams.for_unit("week"),
    )
    fit_seconds = time.perf_counter() - started
    return {
        "documents": len(texts),
        "embed": {
            "seconds": round(embed_seconds, 2),
            "measured": embed_all,
            "rate_docs_per_s": round(rate, 2),
            "rate_sample": len(chosen),
        },
        "fit_and_over_time_seconds": round(fit_seconds, 2),
        "seconds": round(embed_seconds + fit_seconds, 2),
        "flags": len(flags),
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / MIB_PER_KIB, 1),
    }


def main(argv: list[str] | None = None) -> int:
    from benchmarks.baselines import CONFIG

    parser = argparse.ArgumentParser(prog="python -m benchmarks.naive", description=__doc__)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--week", required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--config", type=Path, default=CONFIG)
    parser.add_argument("--sample", type=int, default=512, help="documents for the rate")
    parser.add_argument("--embed-all", action="store_true", help="embed the whole window")
    args = parser.parse_args(argv)
    result = naive_week(
        args.db, args.week, config=args.config, sample=args.sample, embed_all=args.embed_all
    )
    args.out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
