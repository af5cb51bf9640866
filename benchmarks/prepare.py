"""The warehouses the weekly-cost benchmark measures: one cached base, and one per corpus size.

The **base** holds weeks 1-51 of enough demo replicas (:mod:`benchmarks.corpus`) for the largest
size, collected through the real adapters (from ``file://`` feeds) and normalisation, with terms
and embeddings computed by the real stages. That is hours of work at 100,000 documents, so it is
kept in ``<work>/base.duckdb`` between runs of the benchmark, described by ``base.json``; a later
run that needs more documents extends it (collecting is idempotent and the terms and embed stages
only process what is new) and one that changed the corpus generator rebuilds it.

A **size** is a copy of the first N documents of the base (:func:`warehouse.sampling.copy_sample`)
on which the weekly run of week 51 has then run with its sources disabled: it rebuilds the terms,
fits the topic model and scores and reports the week, so that the measured week 52 continues a
warehouse in its steady state, as every week after the first does.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from benchmarks.baselines import ROOT
from benchmarks.corpus import BASE_WEEKS, ScaledDemo
from benchmarks.measure import BenchmarkError, run_measured
from democorpus.generator import DEMO_SOURCES
from democorpus.volumes import week_label

if TYPE_CHECKING:
    from pipelines.config import HorizonSettings

BASE_DB = "base.duckdb"
BASE_INFO = "base.json"
PREVIOUS_WEEK = week_label(BASE_WEEKS)
# Documents beyond the largest size, in case normalisation merges a few as duplicates.
MARGIN = 1.01

# What the base's documents, terms and vectors depend on: a change to any of these rebuilds it.
CORPUS_CODE = (*sorted((ROOT / "pipelines" / "demo").glob("*.py")), ROOT / "benchmarks/corpus.py")
UNLIMITED_BYTES = 1 << 30


def sources_toml(base_url: str, *, enabled: bool = True) -> str:
    """The demo's four sources under ``base_url`` (``{week}`` is the ISO week), with room for a
    week of many replicas: 2,000 arXiv results a page and no 20 MiB cap on the USPTO file."""
    blocks = []
    for source in DEMO_SOURCES:
        extra = ""
        if source.adapter == "arxiv":
            extra = 'query = "all:demo"\nmax_results = 2000\n'
        elif source.adapter == "uspto":
            extra = f"max_bytes = {UNLIMITED_BYTES}\n"
        blocks.append(
            f'[[source]]\nid = "{source.id}"\nkind = "{source.kind}"\n'
            f'adapter = "{source.adapter}"\nurl = "{base_url.rstrip("/")}/{{week}}/'
            f'{source.file_name}"\nenabled = {str(enabled).lower()}\n{extra}'
        )
    return "\n".join(blocks)


def fingerprint(seed: int, settings: HorizonSettings) -> str:
    digest = hashlib.sha1(f"{seed}|{settings.terms.model}|{settings.embeddings.name}".encode())
    for path in CORPUS_CODE:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def ensure_base(
    work: Path, *, seed: int, documents: int, config: Path, rebuild: bool
) -> tuple[ScaledDemo, dict]:
    """The base warehouse with at least ``documents`` documents, and the corpus generator
    advanced past it (so the measured week continues its numbering)."""
    from pipelines.config import load_settings
    from warehouse.connection import open_warehouse

    settings = load_settings(config)
    info_path, db = work / BASE_INFO, work / BASE_DB
    info = json.loads(info_path.read_text(encoding="utf-8")) if info_path.exists() else None
    wanted = fingerprint(seed, settings)
    if rebuild or (info and info.get("fingerprint") != wanted):
        _remove(db)
        info = None
    target = max(round(documents * MARGIN), info["target"] if info else 0)
    demo = ScaledDemo(seed)
    if info and info.get("complete") and info["target"] >= target:
        for _ in demo.base(info["target"]):
            pass
        open_warehouse(db).close()  # brings its schema up to date before sizes copy from it
        return demo, info
    # Written first, so an interrupted build resumes (every step is idempotent) with this target.
    info = {"fingerprint": wanted, "seed": seed, "target": target, "complete": False}
    work.mkdir(parents=True, exist_ok=True)
    info_path.write_text(json.dumps(info, indent=1) + "\n", encoding="utf-8")
    started = time.perf_counter()
    stored = _build_base(work, db, demo, target=target, settings=settings)
    info.update(
        complete=True,
        documents=stored,
        replicas=len(demo.replicas),
        weeks=[week_label(1), PREVIOUS_WEEK],
        built=datetime.now(UTC).isoformat(timespec="seconds"),
        build_seconds=round(time.perf_counter() - started, 1),
    )
    info_path.write_text(json.dumps(info, indent=1) + "\n", encoding="utf-8")
    return demo, info


def _build_base(
    work: Path, db: Path, demo: ScaledDemo, *, target: int, settings: HorizonSettings
) -> int:
    from democorpus.generator import write_week
    from extractors.collect import collect_source
    from pipelines.config import load_sources
    from pipelines.stages.analysis import EmbedStage, TermsStage
    from pipelines.stages.collect import store_source_result
    from pipelines.stages.protocol import StageInputs
    from pipelines.stages.runner import run_id_for
    from warehouse.connection import open_warehouse
    from warehouse.documents import count_documents

    feeds = work / "base-feeds"
    fetch = settings.fetch.settings()
    with open_warehouse(db) as wh:
        for number, weeks in enumerate(demo.base(target)):
            folder = feeds / f"r{number:03d}"
            for volume, records in weeks:
                write_week(folder / volume.label, volume, records)
            (folder / "sources.toml").write_text(sources_toml(folder.as_uri()), encoding="utf-8")
            sources = load_sources(folder / "sources.toml")
            for volume, _ in weeks:
                for source in sources:
                    result = collect_source(source, since=None, settings=fetch, week=volume.label)
                    if result.status == "failed":
                        raise BenchmarkError(f"base, {volume.label}: {result.error}")
                    store_source_result(
                        wh, result, run_id=run_id_for(volume.label), week=volume.label
                    )
            shutil.rmtree(folder)
            _say(f"base: replica {number + 1} collected, {count_documents(wh.con)} documents")
        pending = count_documents(wh.con)
        _say(f"base: terms and embeddings of up to {pending} documents (the longest step)")
        inputs = StageInputs(wh, run_id="bench-base", period="base")
        terms = TermsStage(settings.terms).run(inputs).counts
        _say(f"base: terms of {terms['documents']} documents extracted")
        embedded = EmbedStage(settings.embeddings).run(inputs).counts
        _say(f"base: {embedded['embedded']} documents embedded")
        wh.checkpoint()
        return count_documents(wh.con)


def prepare_size(
    work: Path, base: Path, n_docs: int, *, command: list[str], env: dict[str, str]
) -> dict:
    """A warehouse holding the first ``n_docs`` documents of ``base`` after the week-51 run."""
    from warehouse.connection import open_warehouse
    from warehouse.sampling import copy_sample

    folder = work / "sizes" / str(n_docs)
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    db = folder / "horizon.duckdb"
    started = time.perf_counter()
    with open_warehouse(db) as wh:
        copied = copy_sample(wh, base, n_docs=n_docs)
    # The documents are in already: the week-51 run collects nothing. (Disabled sources rather
    # than none: `horizon run` with an empty sources file fails in register_sources.)
    disabled = folder / "disabled-sources.toml"
    disabled.write_text(sources_toml(folder.as_uri(), enabled=False), encoding="utf-8")
    previous = [*command, "--week", PREVIOUS_WEEK, "--db", str(db), "--sources", str(disabled)]
    run_measured(previous, cwd=folder, log=folder / "previous-week.log", env=env)
    return {"db": db, "documents": copied, "seconds": round(time.perf_counter() - started, 1)}


def _remove(db: Path) -> None:
    for path in (db, db.with_name(db.name + ".wal"), db.with_name(db.name + ".lock")):
        path.unlink(missing_ok=True)


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)
