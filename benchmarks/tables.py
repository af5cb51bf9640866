"""From the repeated measurements of ``benchmarks/run.py`` to medians, ratios, targets and tables.

Pure functions of the results document, so the figures can be recomputed from a results file
and the arithmetic is tested without timing anything. Every ratio is taken between medians of
the same harness run: runs on a shared machine drift, and a ratio of figures measured hours or
days apart would mostly measure the drift.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from typing import Any

STAGES = ("collect", "terms", "embed", "topics", "emergence", "overlap", "report")
WINDOW_STAGES = frozenset({"topics", "emergence", "overlap", "report"})
MAX_GROWTH = 1.5  # weekly run at the largest size over the smallest
MIN_SPEEDUP = 5.0  # naive workflow over Horizon at the largest size
MAX_RERUN_SHARE = 0.10  # second run of a completed week over the first
README_START = "<!-- weekly-benchmark:start -->"
README_END = "<!-- weekly-benchmark:end -->"


def median(values: Iterable[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return round(statistics.median(present), 2) if present else None


def ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 3) if a is not None and b else None


def stage_documents(stage: str, counts: dict[str, Any], window: int | None) -> int | None:
    """The documents a stage went through: the new ones up to embed, the window after."""
    if stage in WINDOW_STAGES:
        return window
    key = {"collect": "documents_new", "terms": "documents", "embed": "embedded"}[stage]
    value = counts.get(key)
    return int(value) if value is not None else None


def summarise(runs: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Medians over the repeated runs of one size, and the ratios between them."""
    weekly = median(r["weekly"]["seconds"] for r in runs)
    stages_total = median(sum(s["seconds"] for s in r["weekly"]["stages"].values()) for r in runs)
    rerun = median(r["rerun"]["seconds"] for r in runs)
    naive_runs = [r["naive"] for r in runs]
    naive = median(n["seconds"] for n in naive_runs)
    first = runs[0]["weekly"]["stages"]
    window = first.get("topics", {}).get("counts", {}).get("documents")
    stages: dict[str, dict[str, Any]] = {}
    for stage in STAGES:
        seen = [r["weekly"]["stages"][stage] for r in runs if stage in r["weekly"]["stages"]]
        if not seen:
            continue
        seconds = median(s["seconds"] for s in seen)
        documents = stage_documents(stage, seen[0]["counts"], window)
        stages[stage] = {
            "seconds": seconds,
            "documents": documents,
            "docs_per_s": round(documents / seconds, 1) if documents and seconds else None,
            **{
                key: median(s.get(key) for s in seen)
                for key in ("peak_rss_mib", "start_rss_mib", "peak_tree_mib")
            },
        }
    return {
        "weekly_seconds": weekly,
        "stages_seconds": stages_total,
        "rerun_seconds": rerun,
        "rerun_share": ratio(rerun, weekly),
        "naive_seconds": naive,
        "naive_embed_seconds": median(
            r["naive"]["embed"]["seconds"] for r in runs if r.get("naive")
        ),
        "naive_fit_seconds": median(
            r["naive"]["fit_and_over_time_seconds"] for r in runs if r.get("naive")
        ),
        "naive_ratio": ratio(naive, weekly),
        "new_documents": stages.get("collect", {}).get("documents"),
        "window_documents": window,
        "topic_model": first.get("topics", {}).get("counts", {}).get("mode"),
        "stages": stages,
    }


def assess(sizes: Sequence[dict[str, Any]], detection: dict[str, Any] | None) -> list[dict]:
    """The three targets of the benchmark: measured figure, met or not, and what dominates."""
    ordered = sorted(sizes, key=lambda s: s["documents"])
    small, large = ordered[0], ordered[-1]
    s, m = small["median"], large["median"]
    targets = []
    if len(ordered) > 1:
        growth = ratio(m["weekly_seconds"], s["weekly_seconds"])
        targets.append(
            {
                "target": f"weekly run at {large['documents']:,} documents ≤ {MAX_GROWTH}× "
                f"at {small['documents']:,}",
                "measured": f"{growth}×",
                "met": growth is not None and growth <= MAX_GROWTH,
                "dominated_by": f"{_growth(s, m)}; at {large['documents']:,}: {_shares(m)}",
            }
        )
    speedup = m["naive_ratio"]
    fast = speedup is not None and speedup >= MIN_SPEEDUP
    better = _detects_as_well(detection)
    targets.append(
        {
            "target": f"Horizon ≥ {MIN_SPEEDUP:g}× faster than the naive workflow at "
            f"{large['documents']:,} documents, with equal or better detection",
            "measured": f"{speedup}× faster; {_detection_line(detection)}",
            "met": better if fast else False,  # None: fast enough, detection not known
            "dominated_by": f"naive: embedding the window {m['naive_embed_seconds']} s, "
            f"BERTopic fit and topics_over_time {m['naive_fit_seconds']} s; "
            f"Horizon: {_shares(m)}",
        }
    )
    worst = max(ordered, key=lambda size: size["median"]["rerun_share"] or 0.0)
    share = worst["median"]["rerun_share"]
    targets.append(
        {
            "target": f"re-running a completed week < {MAX_RERUN_SHARE:.0%} of the first run",
            "measured": f"{share:.1%} at {worst['documents']:,} documents (worst size)"
            if share is not None
            else "—",
            "met": share is not None and share < MAX_RERUN_SHARE,
            "dominated_by": "every stage is skipped: process start-up, Prefect's temporary "
            "server and reading the run's state",
        }
    )
    return targets


def _growth(small: dict[str, Any], large: dict[str, Any]) -> str:
    added = {
        stage: (large["stages"].get(stage, {}).get("seconds") or 0)
        - (small["stages"].get(stage, {}).get("seconds") or 0)
        for stage in STAGES
    }
    total = (large["weekly_seconds"] or 0) - (small["weekly_seconds"] or 0)
    top = sorted(added.items(), key=lambda item: item[1], reverse=True)[:2]
    parts = ", ".join(f"{stage} {seconds:+.1f} s" for stage, seconds in top)
    return f"growth {total:+.1f} s, most from {parts}"


def _shares(summary: dict[str, Any]) -> str:
    total = summary["weekly_seconds"] or 0
    stages = sorted(
        summary["stages"].items(), key=lambda item: item[1]["seconds"] or 0, reverse=True
    )[:3]
    if not total:
        return "—"
    return ", ".join(f"{stage} {(s['seconds'] or 0) / total:.0%}" for stage, s in stages)


def _detects_as_well(detection: dict[str, Any] | None) -> bool | None:
    if not detection:
        return None
    horizon, naive = detection["methods"].get("horizon"), detection["methods"].get("bertopic")
    if not horizon or not naive:
        return None
    return all((horizon[key] or 0) >= (naive[key] or 0) for key in ("recall", "precision"))


def _detection_line(detection: dict[str, Any] | None) -> str:
    if not detection:
        return "detection not measured (run with --detection)"
    methods = detection["methods"]
    return "; ".join(
        f"{name} recall {m['detected']}, precision {_number(m['precision'])}"
        for name, m in methods.items()
    )


def markdown(results: dict[str, Any]) -> str:
    """The tables ``benchmarks/README.md`` records, with the machine and the command."""
    setup, machine, versions = results["setup"], results["machine"], results["versions"]
    embed_note = (
        "embedded for real (`--naive-embed-all`)"
        if setup["naive_embed"] == "measured"
        else "the embedding rate measured on a sample of the window × the window's documents "
        "(extrapolated; `--naive-embed-all` measures it)"
    )
    lines = [
        f"Recorded {results['date']} with `{results['command']}` → `{results['results_file']}`.",
        "",
        f"Machine: {machine['cpu']}, {machine['cpus']} cores, {machine['ram_gib']} GiB RAM, "
        f"1-minute load average {machine['load_start']} at the start and "
        f"{machine['load_end']} at the end (the machine is shared). "
        + ", ".join(f"{name} {version}" for name, version in versions.items())
        + ".",
        "",
        (
            f"Each figure is the median of {setup['repeat']} runs."
            if setup["repeat"] > 1
            else "Each figure is from a single run (`--repeat 1`)."
        )
        + f" Week {setup['week']} brings "
        f"{setup['new_documents']:,} new documents into a warehouse that already holds the "
        f"documents of weeks 1-51 and ran week 51. The weekly run is `horizon run` in its own "
        f"process (start-up and Prefect's temporary server included); the naive workflow's "
        f"time is BERTopic `fit_transform` + `topics_over_time` on the window plus embedding "
        f"every document of the window: {embed_note}.",
        "",
        "| documents in warehouse | weekly run (s) | stages (s) | "
        + " | ".join(STAGES)
        + " | topic model | re-run (s) | re-run / first | naive (s) | naive / Horizon |",
        "|" + "---|" * (len(STAGES) + 8),
    ]
    for size in sorted(results["sizes"], key=lambda s: s["documents"]):
        m = size["median"]
        cells = [
            f"{size['documents']:,}",
            _number(m["weekly_seconds"]),
            _number(m["stages_seconds"]),
            *(_number(m["stages"].get(stage, {}).get("seconds")) for stage in STAGES),
            m["topic_model"] or "—",
            _number(m["rerun_seconds"]),
            f"{m['rerun_share']:.1%}" if m["rerun_share"] is not None else "—",
            _number(m["naive_seconds"]),
            f"{m['naive_ratio']}×" if m["naive_ratio"] is not None else "—",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    lines += [
        "",
        "Per stage (documents: the new ones for collect, terms and embed, the topic window for "
        "the others; memory: resident set of the `horizon run` process while the stage ran, "
        "and with its child processes):",
        "",
        "| documents in warehouse | stage | s | documents | docs/s | peak RSS (MiB) "
        "| RSS at stage start (MiB) | peak with children (MiB) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for size in sorted(results["sizes"], key=lambda s: s["documents"]):
        for stage, s in size["median"]["stages"].items():
            cells = [
                f"{size['documents']:,}",
                stage,
                _number(s["seconds"]),
                f"{s['documents']:,}" if s["documents"] is not None else "—",
                _number(s["docs_per_s"]),
                _number(s["peak_rss_mib"]),
                _number(s["start_rss_mib"]),
                _number(s["peak_tree_mib"]),
            ]
            lines.append("| " + " | ".join(cells) + " |")
    lines += ["", "| target | measured | met | what dominates |", "|---|---|---|---|"]
    for target in results["targets"]:
        met = {True: "yes", False: "**no**", None: "not known"}[target["met"]]
        lines.append(
            f"| {target['target']} | {target['measured']} | {met} | {target['dominated_by']} |"
        )
    detection = results.get("detection")
    if detection:
        lines += [
            "",
            f"Detection on the demo ground truth, from `{detection['file']}`:",
            "",
            "| method | emerging topics detected | precision | median lead (weeks) | flags |",
            "|---|---|---|---|---|",
        ]
        for name, m in detection["methods"].items():
            lines.append(
                f"| {name} | {m['detected']} | {_number(m['precision'])} | "
                f"{_number(m['lead_time_median'])} | {m['flags']} |"
            )
    return "\n".join(lines)


def replace_block(readme: str, block: str) -> str:
    """``readme`` with the text between the benchmark markers replaced by ``block`` (the markers
    and the block are appended when the README has none)."""
    section = f"{README_START}\n{block}\n{README_END}"
    if README_START in readme and README_END in readme:
        head, _, rest = readme.partition(README_START)
        _, _, tail = rest.partition(README_END)
        return head + section + tail
    return readme.rstrip("\n") + "\n\n" + section + "\n"


def _number(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:,.2f}" if abs(value) < 10 else f"{value:,.1f}"
