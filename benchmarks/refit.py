"""Refit time: what the topics stage costs when it clusters a window afresh.

The weekly benchmark (``run.py``) times weeks that mostly assign new documents to known topics;
a refit comes on the first run, every ``refit_every`` runs and when the window has grown or
left too many outliers. This times that case on a real warehouse whose documents, terms and
embeddings are stored (the ``--work`` folder of ``baselines.py``): each ``--period`` is run as
the first run of a fresh series, so it refits, on a copy of the warehouse. The window is the
backtest's for the period's unit; HDBSCAN clusters at most ``max_refit_docs`` of it and places
the rest, so a refit is bounded however large the window grows.

    python -m benchmarks.refit --db var/bench-work/acl.duckdb --period 2020 --period 2024
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from benchmarks.baselines import environment
from kernel.periods import period_end, unit_of
from models.topics.model import TopicParams
from models.topics.stage import run_topics_stage
from pipelines.backtest import WINDOW_WEEKS
from warehouse.connection import open_warehouse


def time_refits(db: Path, periods: list[str], repeat: int) -> list[dict[str, Any]]:
    """Seconds of a refit of each period (``repeat`` times, fresh series each), with its counts."""
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / db.name
        shutil.copyfile(db, copy)
        with open_warehouse(copy) as wh:
            for period in periods:
                params = replace(TopicParams(), window_weeks=WINDOW_WEEKS[unit_of(period)])
                for round_ in range(repeat):
                    series = f"refit-bench-{period}-{round_}"
                    started = time.perf_counter()
                    counts = run_topics_stage(
                        wh,
                        run_id=series,
                        period=period,
                        period_end=period_end(period),
                        params=params,
                        series=series,
                    )
                    seconds = time.perf_counter() - started
                    rows.append(
                        {
                            "period": period,
                            "round": round_ + 1,
                            "seconds": round(seconds, 2),
                            **counts,
                        }
                    )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.refit", description=__doc__)
    parser.add_argument("--db", type=Path, required=True, help="a warehouse of baselines.py --work")
    parser.add_argument("--period", action="append", required=True, help="e.g. 2024 or 2020-03")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--out", type=Path, help="write the rows as JSON here")
    args = parser.parse_args(argv)
    environment(args.db.parent)
    load = os.getloadavg()[0]
    rows = time_refits(args.db, args.period, args.repeat)
    print("| period | round | window documents | topics | outlier share | seconds |")
    print("|---|---|---|---|---|---|")
    for row in rows:
        print(
            f"| {row['period']} | {row['round']} | {row['documents']:,} | {row['topics']} |"
            f" {row['outlier_share']:.2f} | {row['seconds']:.1f} |"
        )
    if args.out:
        result = {
            "date": date.today().isoformat(),
            "command": "python -m benchmarks.refit "
            + " ".join(sys.argv[1:] if argv is None else argv),
            "warehouse": args.db.name,
            "machine": {"python": platform.python_version(), "cpus": os.cpu_count()},
            "load_average_at_start": round(load, 2),
            "load_average_at_end": round(os.getloadavg()[0], 2),
            "refits": rows,
        }
        args.out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
