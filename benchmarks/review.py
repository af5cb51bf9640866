"""Precision of flags with a review table, and how many flagged labels name a technology.

The reference patterns of ``benchmarks/corpora/*/reference.json`` label only the topics named
in advance, so a flag about anything else counts as a miss in ``baselines.py`` even when it is
a real new subject (a new shared task, dense retrieval, bird flu). Issue 14 counts a flag as
precise when it is about a reference topic *or* judged meaningful in a committed review table:
one row per flagged topic (``corpus, topic_id, first_period, label, n_flags, meaningful,
label_names_technology, reason``), judged once, at its first flag, from its documents' titles
(the criteria are in the review's Markdown file beside it).

Topic ids are those of one benchmark run; a re-run of the same code gives the same ids, and a
rule that only withholds flags keeps a subset of them, so one review serves both. Flags of
topics the table does not hold are counted and shown: a figure with unreviewed flags is a
lower bound.

    python -m benchmarks.review benchmarks/results/detection-real-….json \\
        benchmarks/results/detection-review-….csv
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Judgement:
    meaningful: bool
    label_names_technology: bool


@dataclass(frozen=True)
class Reviewed:
    """One method's flags on one corpus, against the reference and the review."""

    flags: int
    about_reference: int
    about_reference_or_meaningful: int
    unreviewed: int
    topics: int
    labels_naming_technology: int

    @property
    def precision(self) -> float | None:
        return self.about_reference_or_meaningful / self.flags if self.flags else None

    @property
    def label_share(self) -> float | None:
        return self.labels_naming_technology / self.topics if self.topics else None


def read_review(path: Path) -> dict[tuple[str, str], Judgement]:
    """(corpus, topic_id) → its judgement."""
    with path.open(encoding="utf-8", newline="") as handle:
        return {
            (row["corpus"], row["topic_id"]): Judgement(
                row["meaningful"].strip().lower() == "yes",
                row["label_names_technology"].strip().lower() == "yes",
            )
            for row in csv.DictReader(handle)
        }


def review_flags(
    corpus: str, flags: list[dict[str, Any]], emerging: set[str], review: dict
) -> Reviewed:
    """Count one method's ``flags`` (as in a results file: ``topic``, ``about``) of ``corpus``;
    ``emerging``: the reference's emerging topics."""
    reference = sum(f.get("about") in emerging for f in flags)
    judged = [review.get((corpus, f["topic"])) for f in flags]
    meaningful = sum(
        f.get("about") in emerging or (j is not None and j.meaningful)
        for f, j in zip(flags, judged, strict=True)
    )
    topics = {f["topic"] for f in flags}
    named = sum(
        (corpus, t) in review and review[(corpus, t)].label_names_technology for t in topics
    )
    return Reviewed(
        flags=len(flags),
        about_reference=reference,
        about_reference_or_meaningful=meaningful,
        unreviewed=sum(j is None for j in judged),
        topics=len(topics),
        labels_naming_technology=named,
    )


def review_results(results: dict[str, Any], review: dict, method: str) -> dict[str, Reviewed]:
    """Every corpus of a results file that the review covers, for ``method``."""
    out = {}
    for corpus, result in results["corpora"].items():
        if not any(key[0] == corpus for key in review):
            continue
        emerging = {n for n, t in result["truth"].items() if t["kind"] == "emerging"}
        out[corpus] = review_flags(corpus, result["flags"][method], emerging, review)
    return out


def _ratio(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.review", description=__doc__)
    parser.add_argument("results", type=Path, help="a detection results file of baselines.py")
    parser.add_argument("review", type=Path, help="the review table (CSV)")
    parser.add_argument("--method", default="horizon")
    args = parser.parse_args(argv)
    results = json.loads(args.results.read_text(encoding="utf-8"))
    reviewed = review_results(results, read_review(args.review), args.method)
    print(
        "| corpus | flags | about a reference | precision (reference or meaningful) "
        "| unreviewed flags | labels naming a technology |"
    )
    print("|---|---|---|---|---|---|")
    for corpus, r in reviewed.items():
        print(
            f"| {corpus} | {r.flags} | {r.about_reference} | "
            f"{r.about_reference_or_meaningful} = {_ratio(r.precision)} | {r.unreviewed} | "
            f"{r.labels_naming_technology}/{r.topics} = {_ratio(r.label_share)} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
