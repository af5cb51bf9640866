"""Detection benchmark: Horizon against three baselines, on the demo and on real patents.

Run from the repository root with the project's environment (the patents need
``../shared/data``):

    .venv/bin/python -m benchmarks.baselines

It generates the 52-week demo corpus and runs the weekly flow over it (what ``horizon demo``
does), imports the neural-network and baseball patents and replays the yearly backtest
2008-2018 (what ``horizon backtest`` does), lets the baselines of
:mod:`benchmarks.detection_methods` answer the same question on the same warehouses, and scores
every method against :mod:`benchmarks.detection_truth`. The results go to
``benchmarks/results/detection-<date>.json`` and a Markdown table is printed. ``--work DIR``
keeps the warehouses, so a second run skips the demo weeks, terms and embeddings already done.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from benchmarks.detection_truth import Flag, Truth
    from models.emergence.params import EmergenceParams
    from warehouse.connection import Warehouse

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "config" / "horizon.toml"
METHODS = ("horizon", "share-growth", "kleinberg", "bertopic")


def environment(work: Path) -> None:
    """Offline models, Prefect state under ``work``, regions found from any directory."""
    defaults = {
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        "TOKENIZERS_PARALLELISM": "false",
        "PREFECT_HOME": str(work / "prefect"),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_LOGGING_LEVEL": "WARNING",
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
        "HORIZON_PATHS__REGIONS": str(ROOT / "config" / "regions.toml"),
    }
    for key, value in defaults.items():
        os.environ.setdefault(key, value)


@contextmanager
def _clock(seconds: dict[str, float], name: str) -> Iterator[None]:
    """Add the block's wall-clock seconds to ``seconds[name]``."""
    started = time.perf_counter()
    yield
    seconds[name] = round(seconds.get(name, 0.0) + time.perf_counter() - started, 1)


def demo_benchmark(
    work: Path, *, seed: int, weeks: int, methods: tuple[str, ...] = METHODS
) -> dict[str, object]:
    """Horizon's weekly runs over the generated demo, and the baselines on the same runs.

    The demo runs as a user runs it, ``horizon demo`` in its own process (in ``work``, so its
    ``var/`` lands there): the weekly flow's threads and worker processes stay out of the
    BERTopic baseline's way (UMAP's numba threads failed to start after them in one process).
    Weeks are evaluated once every method has a base: ``recent_periods + min_base_periods``
    weeks after the first (the first planted emergence starts later than that).
    """
    from benchmarks.detection_truth import demo_truth
    from models.emergence.params import EmergenceParams
    from models.emergence.stage import EmergenceSettings
    from pipelines.config import load_settings
    from pipelines.stages.runner import run_id_for

    db = work / "demo.duckdb"
    seconds: dict[str, float] = {}
    command = [sys.executable, "-m", "pipelines", "demo", "--seed", str(seed)]
    command += ["--weeks", str(weeks), "--db", str(db), "--config", str(CONFIG)]
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    with _clock(seconds, "horizon_weekly_flow"):
        subprocess.run(command, cwd=work, env=environment, check=True)
    truth_path = work / "var" / "demo" / "ground_truth.json"
    truth_data = json.loads(truth_path.read_text(encoding="utf-8"))
    params = EmergenceParams.for_unit("week")
    all_weeks = truth_data["weeks"]
    settings = load_settings(CONFIG)
    return _compare(
        db,
        demo_truth(truth_path),
        periods=all_weeks[params.recent_periods + params.min_base_periods :],
        run_of=run_id_for,
        window_weeks=settings.topics.window_weeks,
        window_periods=EmergenceSettings().window_periods,
        params=params,
        model=settings.embeddings.name,
        seconds=seconds,
        setup={"seed": seed, "weeks": weeks, "documents": len(truth_data["documents"])},
        methods=methods,
    )


# The evidence preset of each real corpus: what a deployment reading only that kind would use.
PRESETS = {
    "patents": "research",
    "acl": "research",
    "events": "news",
    "business": "news",
    "hn": "news",
}


def real_benchmark(
    work: Path, name: str, shared: Path | None, *, methods: tuple[str, ...] = METHODS
) -> dict[str, object]:
    """``horizon import`` and ``horizon backtest`` over a real corpus's reference periods (as
    a user would run them), then the baselines on the same runs."""
    from benchmarks.real_corpora import lead_before_share, load_corpus
    from kernel.periods import period_range
    from pipelines.backtest import SCORING_PERIODS, WINDOW_WEEKS, run_backtest
    from pipelines.config import load_settings
    from pipelines.importing import import_file
    from warehouse.connection import open_warehouse

    corpus = load_corpus(name, shared)
    unit, reference = corpus.unit, corpus.reference
    db = work / f"{name}.duckdb"
    settings = load_settings(CONFIG)
    preset = PRESETS.get(name, "mixed")
    settings.emergence.preset = preset
    kind = {"patents": "patent", "events": "news", "business": "news", "hn": "news"}.get(
        name, "publication"
    )
    seconds: dict[str, float] = {}
    with open_warehouse(db) as wh:
        with _clock(seconds, "import"):
            for path in corpus.files:
                import_file(wh, _plain(path, work), kind=kind, source_id=name)
        with _clock(seconds, "horizon_backtest"):
            backtest = run_backtest(
                wh, settings, unit=unit, start=reference["start"], end=reference["end"], top=10**6
            )
    result = _compare(
        db,
        corpus.truth,
        periods=period_range(reference["start"], reference["end"]),
        run_of=lambda period: f"backtest-{unit}-{period}",
        window_weeks=WINDOW_WEEKS[unit],
        window_periods=SCORING_PERIODS[unit],
        params=settings.emergence.params(unit),
        model=settings.embeddings.name,
        seconds=seconds,
        setup={"files": [str(p) for p in corpus.files], "preset": preset, "unit": unit},
        methods=methods,
    )
    for found in result["methods"].values():
        leads = lead_before_share(found["first_flag"], corpus.share_onset)
        found["lead_before_1pct"] = dict(sorted(leads.items()))
        found["lead_before_1pct_median"] = statistics.median(leads.values()) if leads else None
    result["share_onset"] = corpus.share_onset
    result["periods"] = _period_shape(db, backtest)
    return result


def _plain(path: Path, work: Path) -> Path:
    """``horizon import`` reads .jsonl and .csv: a gzipped extract is unpacked into ``work``."""
    if path.suffix != ".gz":
        return path
    import gzip
    import shutil

    target = work / f"{path.parent.name}-{path.with_suffix('').name}"
    if not target.exists():
        with gzip.open(path, "rb") as source, target.open("wb") as out:
            shutil.copyfileobj(source, out)
    return target


def _period_shape(db: Path, backtest: dict) -> list[dict[str, object]]:
    """Per backtest period: documents, topics, the largest topic's and the outliers' shares,
    flags and what an evidence rule held back."""
    from warehouse.connection import open_warehouse
    from warehouse.topics import topic_run_shape

    unit = backtest["period_unit"]
    rows = []
    with open_warehouse(db, read_only=True) as wh:
        for period in backtest["periods"]:
            shape = topic_run_shape(wh.con, f"backtest-{unit}-{period['period']}")
            rows.append(
                {
                    "period": period["period"],
                    **(shape or {}),
                    "flagged": len(period["flagged"]),
                    "held_back": len(period["held_back"]),
                    "warnings": period["warnings"],
                }
            )
    return rows


def _compare(
    db: Path,
    truth: Truth,
    *,
    periods: list[str],
    run_of: Callable[[str], str],
    window_weeks: int,
    window_periods: int,
    params: EmergenceParams,
    model: str,
    seconds: dict[str, float],
    setup: dict[str, object],
    methods: tuple[str, ...] = METHODS,
) -> dict[str, object]:
    """Every method's flags over ``periods``, scored against ``truth``."""
    from benchmarks import detection_methods as m
    from warehouse.connection import open_warehouse

    flags: dict[str, list[Flag]] = {name: [] for name in methods}
    rules = {"share-growth": m.growth_rule, "kleinberg": m.burst_rule}
    with open_warehouse(db, read_only=True) as wh:
        corpus = _corpus(wh, truth, model)
        for period in periods:
            run_id = run_of(period)
            flags["horizon"] += m.horizon_flags(wh, run_id, period)
            matrix, total = m.run_series(wh, run_id, period, truth.unit, window_periods)
            for name, rule in rules.items():
                if name in flags:
                    with _clock(seconds, name):
                        flags[name] += m.rule_flags(wh, run_id, period, matrix, total, rule, params)
            if "bertopic" not in flags:
                continue
            with _clock(seconds, "bertopic"):
                flags["bertopic"] += m.bertopic_flags(
                    corpus,
                    period,
                    unit=truth.unit,
                    window_weeks=window_weeks,
                    window_periods=window_periods,
                    params=params,
                )
    return _summary(truth, flags, periods, seconds, setup)


def _corpus(wh: Warehouse, truth: Truth, model: str) -> Any:
    """The corpus's stored documents with their cached embeddings, for the BERTopic baseline."""
    from benchmarks.detection_methods import Corpus
    from warehouse.documents import documents_by_external_id
    from warehouse.embeddings import embeddings_for

    rows = documents_by_external_id(wh.con, [*truth.doc_topic, *sorted(truth.unlabelled)])
    by_doc = {str(row["doc_id"]): row for row in rows.values()}
    doc_ids, vectors = embeddings_for(wh.con, model, sorted(by_doc))
    docs = [by_doc[d] for d in doc_ids]
    return Corpus(
        external_ids=[str(d["external_id"]) for d in docs],
        published=[d["published"] for d in docs],
        texts=[f"{d['title']}. {d['text']}" for d in docs],
        vectors=vectors,
    )


def _summary(
    truth: Truth,
    flags: dict[str, list[Flag]],
    periods: list[str],
    seconds: dict[str, float],
    setup: dict[str, object],
) -> dict[str, object]:
    from benchmarks.detection_truth import about, score

    return {
        "setup": setup,
        "evaluated_periods": [periods[0], periods[-1]],
        "seconds": seconds,
        "truth": {name: vars(topic) for name, topic in truth.topics.items()},
        "methods": {name: score(found, truth) for name, found in flags.items()},
        "flags": {
            name: [
                {
                    "period": f.period,
                    "topic": f.topic,
                    "label": f.label,
                    "docs": len(f.external_ids),
                    "about": about(f, truth),
                }
                for f in found
            ]
            for name, found in flags.items()
        },
    }


def markdown_table(corpus: str, result: dict[str, Any]) -> str:
    """One row per method: the figures the README quotes."""
    unit = result.get("setup", {}).get("unit", "week" if corpus == "demo" else "year")
    lines = [
        f"| {corpus} | recall | precision | median lead ({unit}s) | lead before 1 % | flags | "
        "false alarms: stable | declining | burst | flags about no labelled topic |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, m in result["methods"].items():
        alarms = m["false_alarms"]
        cells = [
            name,
            m["detected"],
            "—" if m["precision"] is None else f"{m['precision']:.2f}",
            "—" if m["lead_time_median"] is None else f"{m['lead_time_median']:g}",
            "—"
            if m.get("lead_before_1pct_median") is None
            else f"{m['lead_before_1pct_median']:g}",
            str(m["flags"]),
            *(
                f"{len(alarms[k]['topics'])}/{alarms[k]['of']} ({alarms[k]['flags']} flags)"
                if alarms[k]["of"]
                else "—"
                for k in ("stable", "declining", "burst")
            ),
            str(m["flags_about_no_labelled_topic"]),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.baselines", description=__doc__)
    parser.add_argument("--work", type=Path, help="keep the warehouses here (default: temp)")
    parser.add_argument("--out", type=Path, help="results file (default: results/detection-…)")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--weeks", type=int, default=52)
    parser.add_argument("--skip-demo", action="store_true")
    parser.add_argument(
        "--corpora",
        default="patents,acl,events",
        help="real corpora, comma-separated: patents (from --shared) and the folders of "
        "benchmarks/corpora; empty for none",
    )
    parser.add_argument(
        "--methods", default=",".join(METHODS), help="methods to run on the real corpora"
    )
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="horizon-detection-"))
    work.mkdir(parents=True, exist_ok=True)
    environment(work.resolve())
    today = date.today().isoformat()
    out = args.out or ROOT / "benchmarks" / "results" / f"detection-{today}.json"
    results: dict[str, object] = {
        "date": today,
        "command": "python -m benchmarks.baselines " + shlex.join(argv or sys.argv[1:]),
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count()},
        "corpora": {},
    }
    methods = tuple(m for m in args.methods.split(",") if m)
    if not args.skip_demo:
        results["corpora"]["demo"] = demo_benchmark(
            work, seed=args.seed, weeks=args.weeks, methods=methods
        )
    for name in [c for c in args.corpora.split(",") if c]:
        if name == "patents" and not args.shared.is_dir():
            parser.error(f"{args.shared} not found; pass --shared or leave patents out")
        results["corpora"][name] = real_benchmark(work, name, args.shared, methods=methods)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    for corpus, result in results["corpora"].items():
        print(markdown_table(corpus, result), end="\n\n")
    print(f"results written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
