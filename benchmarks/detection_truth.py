"""What is known to be true about the benchmark corpora, and how flags are scored against it.

Every method under test (Horizon and the baselines) answers the same question for every
period: which topics would an early warning raise now? A method's topics are its own (Horizon's
stable ids, a BERTopic refit's numbers), so a flag is judged by its documents: it is *about* the
ground-truth topic that holds the largest share of its labelled documents, provided that share
reaches ``PURITY``. Scoring by documents treats every clustering alike; a topic that mixes
unrelated documents is about nothing and counts against the method.

The corpora:

- the **demo** (``democorpus``): the generator plants every document's topic and each
  topic's kind (stable, emerging, declining, burst) and onset week (``ground_truth.json``);
- the **real corpora** (:mod:`benchmarks.real_corpora`): reference topics with external onsets,
  their documents labelled by regular expressions on title and text; other documents are
  unlabelled: a flag about them is neither a hit nor a known false alarm.
"""

from __future__ import annotations

import json
import statistics
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kernel.periods import periods_between

PURITY = 0.3
KINDS = ("emerging", "stable", "declining", "burst")


@dataclass(frozen=True)
class TruthTopic:
    name: str
    kind: str  # one of KINDS
    onset: str | None  # period of the first documents (emerging and burst topics)


@dataclass(frozen=True)
class Truth:
    """The labelled topics of a corpus and the topic of each labelled document (external id)."""

    corpus: str
    unit: str
    topics: dict[str, TruthTopic]
    doc_topic: dict[str, str]
    # external ids known to belong to the corpus without a label (count in a topic's size)
    unlabelled: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Flag:
    """One topic raised by one method in one period, with its documents' external ids."""

    period: str
    topic: str
    external_ids: tuple[str, ...]
    label: str = ""


def demo_truth(path: Path) -> Truth:
    """The planted topics and documents of a demo ``ground_truth.json``."""
    data = json.loads(path.read_text(encoding="utf-8"))
    topics = {
        t["slug"]: TruthTopic(t["slug"], t["kind"], t["onset"] if t["kind"] != "stable" else None)
        for t in data["topics"]
    }
    doc_topic = {d["external_id"]: d["topic"] for d in data["documents"]}
    for duplicate in data.get("duplicates", []):
        topic = doc_topic.get(duplicate["external_id"])
        for copy in duplicate.get("copies", []):
            if topic and isinstance(copy, str):
                doc_topic.setdefault(copy, topic)
    return Truth("demo", "week", topics, doc_topic)


def about(flag: Flag, truth: Truth) -> str | None:
    """The ground-truth topic a flag is about, or None when no topic holds ``PURITY`` of it."""
    labels = Counter(truth.doc_topic[e] for e in flag.external_ids if e in truth.doc_topic)
    known = sum(labels.values()) + sum(e in truth.unlabelled for e in flag.external_ids)
    if not labels or known == 0:
        return None
    topic, n = min(labels.items(), key=lambda item: (-item[1], item[0]))
    return topic if n / known >= PURITY else None


def score(flags: list[Flag], truth: Truth) -> dict[str, object]:
    """Recall, precision, lead time and false alarms of one method's flags.

    - *recall*: emerging topics flagged at least once (at or after their onset), of all;
    - *precision*: flags about an emerging topic, of all flags (a flag is one topic in one
      period); flags about no labelled topic count as misses here and are listed apart;
    - *lead time*: periods from a topic's onset to its first flag, median over detected topics;
    - *false alarms*: distinct stable / declining / burst topics ever flagged, and their flags.
    """
    emerging = {n: t for n, t in truth.topics.items() if t.kind == "emerging"}
    first: dict[str, str] = {}
    kinds = Counter(t.kind for t in truth.topics.values())
    per_kind: dict[str, dict[str, Any]] = {
        kind: {"topics": set(), "flags": 0, "of": kinds[kind]} for kind in KINDS[1:]
    }
    hits, unmatched = 0, 0
    for flag in sorted(flags, key=lambda f: (f.period, f.topic)):
        name = about(flag, truth)
        if name is None:
            unmatched += 1
            continue
        topic = truth.topics[name]
        if topic.kind == "emerging":
            hits += 1
            first.setdefault(name, flag.period)
        else:
            per_kind[topic.kind]["topics"].add(name)
            per_kind[topic.kind]["flags"] += 1
    leads = {
        name: periods_between(emerging[name].onset, period)
        for name, period in first.items()
        if emerging[name].onset
    }
    return {
        "flags": len(flags),
        "recall": _ratio(len(first), len(emerging)),
        "detected": f"{len(first)}/{len(emerging)}",
        "precision": _ratio(hits, len(flags)),
        "lead_time_median": statistics.median(leads.values()) if leads else None,
        "lead_times": dict(sorted(leads.items())),
        "first_flag": dict(sorted(first.items())),
        "false_alarms": {
            kind: {"topics": sorted(v["topics"]), "flags": v["flags"], "of": v["of"]}
            for kind, v in per_kind.items()
        },
        "flags_about_no_labelled_topic": unmatched,
    }


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 3) if b else None
