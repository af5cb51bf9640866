"""From repeated runs to medians, ratios, targets and the README block (no timing here)."""

from __future__ import annotations

from benchmarks.tables import (
    README_END,
    README_START,
    assess,
    markdown,
    replace_block,
    summarise,
)

WINDOW = 15_000


def a_run(weekly: float, rerun: float, naive: float, *, topics: float = 4.0) -> dict:
    def stage(seconds: float, counts: dict, peak: float) -> dict:
        return {"seconds": seconds, "counts": counts, "peak_rss_mib": peak, "start_rss_mib": 500.0}

    return {
        "weekly": {
            "seconds": weekly,
            "stages": {
                "collect": stage(2.0, {"documents_new": 5_000}, 600.0),
                "terms": stage(100.0, {"documents": 5_000}, 800.0),
                "embed": stage(50.0, {"embedded": 5_000}, 1_200.0),
                "topics": stage(topics, {"documents": WINDOW, "mode": "assign"}, 1_300.0),
            },
        },
        "rerun": {"seconds": rerun},
        "naive": {
            "seconds": naive,
            "embed": {"seconds": naive - 60.0},
            "fit_and_over_time_seconds": 60.0,
        },
    }


def test_each_figure_is_the_median_of_the_runs_and_ratios_are_of_medians() -> None:
    runs = [a_run(170.0, 17.0, 900.0), a_run(200.0, 30.0, 1_000.0), a_run(160.0, 16.0, 1_200.0)]
    summary = summarise(runs)
    assert summary["weekly_seconds"] == 170.0
    assert summary["rerun_seconds"] == 17.0
    assert summary["rerun_share"] == 0.1
    assert summary["naive_seconds"] == 1_000.0
    assert summary["naive_ratio"] == round(1_000 / 170, 3)
    assert summary["stages_seconds"] == 156.0
    assert summary["new_documents"] == 5_000
    assert summary["topic_model"] == "assign"
    stages = summary["stages"]
    assert list(stages) == ["collect", "terms", "embed", "topics"]
    assert stages["terms"]["docs_per_s"] == 50.0
    assert stages["topics"]["documents"] == WINDOW  # the window, not the new documents
    assert stages["topics"]["docs_per_s"] == 3_750.0
    assert stages["embed"]["peak_rss_mib"] == 1_200.0


def sized(documents: int, runs: list[dict]) -> dict:
    return {"size": documents, "documents": documents, "runs": runs, "median": summarise(runs)}


def test_targets_say_the_ratio_whether_met_and_what_grew() -> None:
    small = sized(10_000, [a_run(160.0, 16.0, 400.0)])
    large = sized(100_000, [a_run(260.0, 20.0, 2_600.0, topics=104.0)])
    growth, speed, rerun = assess([large, small], detection=None)

    assert growth["measured"] == "1.625×" and growth["met"] is False
    assert growth["dominated_by"].startswith("growth +100.0 s, most from topics +100.0 s")
    assert speed["measured"].startswith("10.0× faster")
    assert speed["met"] is None  # fast enough, but detection was not measured
    assert rerun["measured"].startswith("10.0% at 10,000") and rerun["met"] is False

    detection = {
        "file": "benchmarks/results/detection-x.json",
        "methods": {
            "horizon": {"detected": "6/7", "recall": 0.857, "precision": 0.5, "flags": 10},
            "bertopic": {"detected": "3/7", "recall": 0.429, "precision": 0.2, "flags": 30},
        },
    }
    assert assess([small, large], detection)[1]["met"] is True
    detection["methods"]["bertopic"]["precision"] = 0.6
    assert assess([small, large], detection)[1]["met"] is False


def test_the_readme_block_is_replaced_in_place_and_added_once() -> None:
    results = {
        "date": "2026-11-22",
        "command": "python -m benchmarks.run",
        "results_file": "benchmarks/results/2026-11-22.json",
        "machine": {"cpu": "CPU", "cpus": 2, "ram_gib": 24, "load_start": 1, "load_end": 2},
        "versions": {"torch": "2.13.0"},
        "setup": {"repeat": 3, "week": "2025-W52", "new_documents": 5_000, "naive_embed": "x"},
        "sizes": [sized(10_000, [a_run(160.0, 16.0, 400.0)])],
        "targets": [],
        "detection": None,
    }
    table = markdown(results)
    assert "| 10,000 | 160.0 | 156.0 | 2.00 | 100.0 | 50.0 | 4.00 |" in table
    readme = "# Benchmarks\n\nText.\n"
    once = replace_block(readme, table)
    twice = replace_block(once + "\nAfter.\n", "new table")
    assert once.startswith(readme) and once.count(README_START) == 1
    assert twice.count(README_START) == twice.count(README_END) == 1
    assert "new table" in twice and table not in twice and twice.endswith("After.\n")
