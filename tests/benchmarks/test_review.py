"""Precision with a review table: reference hits, reviewed topics, unreviewed flags."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from benchmarks.review import main, read_review, review_results

RESULTS = {
    "corpora": {
        "acl": {
            "truth": {
                "prompting": {"name": "prompting", "kind": "emerging", "onset": "2020"},
                "speech": {"name": "speech", "kind": "stable", "onset": None},
            },
            "flags": {
                "horizon": [
                    {"period": "2022", "topic": "T1", "about": "prompting"},
                    {"period": "2023", "topic": "T1", "about": "prompting"},
                    {"period": "2022", "topic": "T2", "about": None},  # meaningful
                    {"period": "2022", "topic": "T3", "about": "speech"},  # judged no
                    {"period": "2023", "topic": "T4", "about": None},  # not reviewed
                ]
            },
        },
        "events": {"truth": {}, "flags": {"horizon": []}},
    }
}
ROWS = [
    ("acl", "T1", "yes", "yes"),
    ("acl", "T2", "yes", "no"),
    ("acl", "T3", "no", "yes"),
]


def _review(tmp_path: Path) -> Path:
    path = tmp_path / "review.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(
            [
                "corpus", "topic_id", "first_period", "label", "n_flags", "meaningful",
                "label_names_technology", "reason",
            ]
        )  # fmt: skip
        out.writerows((c, t, "2022", "x", "1", m, n, "why, with a comma") for c, t, m, n in ROWS)
    return path


def test_a_flag_counts_when_about_a_reference_or_judged_meaningful(tmp_path: Path) -> None:
    reviewed = review_results(RESULTS, read_review(_review(tmp_path)), "horizon")
    assert list(reviewed) == ["acl"]  # the review holds no events topic
    acl = reviewed["acl"]
    assert (acl.flags, acl.about_reference, acl.about_reference_or_meaningful) == (5, 2, 3)
    assert acl.precision == 0.6
    assert acl.unreviewed == 1
    assert (acl.labels_naming_technology, acl.topics) == (2, 4)


def test_the_command_prints_one_row_per_reviewed_corpus(tmp_path: Path, capsys) -> None:
    results = tmp_path / "results.json"
    results.write_text(json.dumps(RESULTS), encoding="utf-8")
    assert main([str(results), str(_review(tmp_path))]) == 0
    rows = [line for line in capsys.readouterr().out.splitlines() if line.startswith("| acl")]
    assert rows == ["| acl | 5 | 2 | 3 = 0.60 | 1 | 2/4 = 0.50 |"]
