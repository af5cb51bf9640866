"""``make bench``: what a weekly run costs, stage by stage, as the warehouse grows, and against
the naive BERTopic workflow.

For each corpus size N (``--sizes``, default 10k, 50k and 100k documents already in the
warehouse) and each of ``--repeat`` rounds (sizes interleaved, so drift in the machine's load
hits every size alike):

1. a copy of the size's warehouse (:mod:`benchmarks.prepare`) runs week 2025-W52 with
   ``horizon run`` in its own process, collecting ``--new`` documents from demo feeds served on
   127.0.0.1; the run's stage records give each stage's seconds, and memory sampled meanwhile
   gives each stage's peak (:mod:`benchmarks.measure`);
2. the same command runs again: re-running a completed week;
3. the naive workflow runs on the same window (:mod:`benchmarks.naive`).

Then it writes ``benchmarks/results/<date>.json`` and prints the tables, which also replace the
recorded ones in ``benchmarks/README.md`` (only when the results go to ``benchmarks/results``).
Detection quality comes from the newest ``detection-*.json`` of :mod:`benchmarks.baselines`, or
from running it (``--detection``).

The base corpus is cached in ``--work`` (default ``var/bench``): building it for 100k documents
takes hours (terms and embeddings of every document), a second run reuses it.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import shutil
import subprocess
import sys
from datetime import date
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from benchmarks.baselines import CONFIG, ROOT, environment
from benchmarks.corpus import document_keys
from benchmarks.measure import run_measured, stage_profile
from benchmarks.prepare import ensure_base, prepare_size, sources_toml
from benchmarks.tables import assess, markdown, replace_block, summarise

RESULTS = ROOT / "benchmarks" / "results"
README = ROOT / "benchmarks" / "README.md"
PACKAGES = ("torch", "duckdb", "bertopic", "sentence-transformers", "spacy", "umap-learn")


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    work = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    environment(work)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    today = date.today().isoformat()
    out = (args.out or RESULTS / f"{today}.json").resolve()
    load_start = _load()

    demo, base = ensure_base(
        work, seed=args.seed, documents=max(args.sizes), config=CONFIG, rebuild=args.rebuild_base
    )
    volume, records = demo.new_week(args.new)
    sizes = _measure(work, volume, records, args, env)
    results: dict[str, Any] = {
        "benchmark": "weekly cost by corpus size, per stage, against the naive workflow",
        "date": today,
        "command": shlex.join(["python", "-m", "benchmarks.run", *(argv or sys.argv[1:])]),
        "results_file": _relative(out),
        "machine": {**_machine(), "load_start": load_start, "load_end": _load()},
        "versions": _versions(),
        "setup": {
            "week": volume.label,
            "previous_week": base["weeks"][1],
            "sizes": args.sizes,
            "new_documents": len(document_keys(records)),
            "repeat": args.repeat,
            "naive_embed": "measured" if args.naive_embed_all else "extrapolated",
            "config": _relative(CONFIG),
            "base": base,
        },
        "sizes": sizes,
        "detection": _detection(args.detection, out.parent, work, env),
    }
    results["targets"] = assess(results["sizes"], results["detection"])
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=1, default=str) + "\n", encoding="utf-8")
    table = markdown(results)
    print(table)
    if out.parent == RESULTS.resolve():
        recorded = replace_block(README.read_text(encoding="utf-8"), table)
        README.write_text(recorded, encoding="utf-8")
        _say(f"tables recorded in {_relative(README)}")
    _say(f"results written to {out}")
    return 0


def _measure(work: Path, volume, records, args, env: dict[str, str]) -> list[dict[str, Any]]:
    """Prepare every size, then measure round after round with the sizes interleaved."""
    from democorpus.generator import write_week
    from democorpus.server import serve_directory

    feeds = work / "week"
    if feeds.exists():
        shutil.rmtree(feeds)
    write_week(feeds / volume.label, volume, records)
    horizon = [sys.executable, "-m", "pipelines", "run", "--config", str(CONFIG)]
    sizes = []
    for n in args.sizes:
        prepared = prepare_size(work, work / "base.duckdb", n, command=horizon, env=env)
        _say(f"size {n:,}: {prepared['documents']:,} documents, week 51 run")
        sizes.append({**prepared, "size": n, "runs": []})
    with serve_directory(feeds) as url:
        sources = work / "week-sources.toml"
        sources.write_text(sources_toml(url), encoding="utf-8")
        weekly = [*horizon, "--sources", str(sources)]
        for round_ in range(args.repeat):
            for size in sizes:
                size["runs"].append(_measure_week(work, size, volume.label, weekly, args, env))
                seconds = size["runs"][-1]["weekly"]["seconds"]
                _say(f"round {round_ + 1}, {size['documents']:,} documents: {seconds} s")
    return [
        {
            "size": s["size"],
            "documents": s["documents"],
            "prepare_seconds": s["seconds"],
            "runs": s["runs"],
            "median": summarise(s["runs"]),
        }
        for s in sizes
    ]


def _measure_week(
    work: Path, size: dict, week: str, command: list[str], args, env: dict[str, str]
) -> dict:
    """One round at one size: the week's first run, its re-run, and the naive workflow."""
    from pipelines.stages.runner import run_id_for

    folder = work / "runs" / str(size["size"])
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    db = folder / "horizon.duckdb"
    shutil.copyfile(size["db"], db)
    run = [*command, "--week", week, "--db", str(db)]
    first = run_measured(run, cwd=folder, log=folder / "first.log", env=env)
    stages = stage_profile(db, run_id_for(week), first)
    again = run_measured(run, cwd=folder, log=folder / "rerun.log", env=env)
    naive_out = folder / "naive.json"
    naive = [sys.executable, "-m", "benchmarks.naive", "--db", str(db), "--week", week]
    naive += ["--out", str(naive_out), "--sample", str(args.embed_sample)]
    naive += ["--embed-all"] if args.naive_embed_all else []
    naive_run = run_measured(naive, cwd=folder, log=folder / "naive.log", env=env)
    peaks = first.peak()
    result = {
        "weekly": {
            "seconds": first.seconds,
            "stages": stages,
            "peak_rss_mib": peaks.get("peak_rss_mib"),
            "peak_tree_mib": peaks.get("peak_tree_mib"),
        },
        "rerun": {"seconds": again.seconds},
        "naive": {
            **json.loads(naive_out.read_text(encoding="utf-8")),
            "process_seconds": naive_run.seconds,
        },
    }
    shutil.rmtree(folder)
    return result


def _detection(run_it: bool, out_dir: Path, work: Path, env: dict[str, str]) -> dict | None:
    """Horizon's and the BERTopic baseline's detection scores on the demo ground truth."""
    if run_it:
        path = out_dir / f"detection-{date.today().isoformat()}.json"
        command = [sys.executable, "-m", "benchmarks.baselines", "--skip-patents"]
        command += ["--work", str(work / "detection"), "--out", str(path)]
        subprocess.run(command, cwd=ROOT, env=env, check=True)
    else:
        found = sorted({*RESULTS.glob("detection-*.json"), *out_dir.glob("detection-*.json")})
        if not found:
            return None
        path = max(found, key=lambda p: p.name)
    data = json.loads(path.read_text(encoding="utf-8"))
    demo = data.get("corpora", {}).get("demo")
    if not demo:
        return None
    keys = ("detected", "recall", "precision", "lead_time_median", "flags")
    return {
        "file": _relative(path),
        "date": data.get("date"),
        "methods": {
            name: {key: demo["methods"][name].get(key) for key in keys}
            for name in ("horizon", "bertopic")
            if name in demo["methods"]
        },
    }


def _machine() -> dict[str, Any]:
    import psutil

    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return {
        "cpu": cpu,
        "cpus": os.cpu_count(),
        "ram_gib": round(psutil.virtual_memory().total / 2**30, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def _versions() -> dict[str, str]:
    found = {}
    for package in PACKAGES:
        try:
            found[package] = version(package)
        except PackageNotFoundError:
            found[package] = "not installed"
    return found


def _load() -> float:
    return round(os.getloadavg()[0], 2)


def _relative(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def _sizes(text: str) -> list[int]:
    sizes = sorted({int(part.replace("_", "")) for part in text.split(",") if part.strip()})
    if not sizes or sizes[0] <= 0:
        raise argparse.ArgumentTypeError("sizes are positive document counts, e.g. 10000,50000")
    return sizes


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.run",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--sizes", type=_sizes, default=[10_000, 50_000, 100_000], help="documents already in"
    )
    parser.add_argument("--new", type=int, default=5_000, help="new documents in the week")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (median)")
    parser.add_argument("--work", type=Path, default=ROOT / "var" / "bench")
    parser.add_argument("--out", type=Path, help="results file (default: results/<date>.json)")
    parser.add_argument("--seed", type=int, default=2025, help="seed of the first replica")
    parser.add_argument("--embed-sample", type=int, default=512, help="naive embedding rate")
    parser.add_argument(
        "--naive-embed-all", action="store_true", help="embed the whole window (slow)"
    )
    parser.add_argument("--detection", action="store_true", help="run benchmarks.baselines")
    parser.add_argument("--rebuild-base", action="store_true", help="discard the cached base")
    return parser


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
