"""The real development corpora of ``benchmarks/corpora/`` and what is known about them.

Each corpus folder holds ``docs.jsonl.gz`` (records in ``horizon import`` format), ``SOURCE.md``
(origin, licence, counts) and ``reference.json``: the period unit and range of its backtest, and
the reference topics — emergences with an *external* onset (a launch, the first paper, a
standard), and controls that are stable or declining — each with a regular expression that
labels its documents. The patent corpus of ``../shared/data`` is described the same way here
(``PATENTS_REFERENCE``), so every corpus is scored by one function.

A document matching several reference topics is labelled with the rarest of them (the most
specific: a paper on chain-of-thought prompting of a large language model is about
chain-of-thought). A flag is judged by its documents (:func:`benchmarks.detection_truth.about`).
The *1 % period* of a topic is the first period in which its labelled documents reach 1 % of the
period's documents: the issue measures lead time before it, because by then anyone reading the
literature would have noticed.
"""

from __future__ import annotations

import csv
import gzip
import json
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from benchmarks.detection_truth import Truth, TruthTopic
from kernel.periods import period_of, periods_between

CORPORA = Path(__file__).resolve().parent / "corpora"
SHARE = 0.01
MIN_DOCS = 3

# The neural-network patents (../shared/data/corpora/patents_neural_network): the emergence of
# deep learning in patents is dated by AlexNet (Krizhevsky et al. 2012), the first deep
# network to win ImageNet, so 2013 is the first year a patent could follow it; convolutional
# networks as a patent subject likewise follow it. Fuzzy logic peaked in 1996-2004 grants and
# faded; baseball patents are the stable control (a second query in the same folder).
PATENTS_REFERENCE = {
    "corpus": "patents",
    "period_unit": "year",
    "start": "2008",
    "end": "2018",
    "topics": [
        {
            "name": "deep learning",
            "kind": "emerging",
            "onset": "2013",
            "pattern": r"deep (?:learning|neural|belief)",
            "evidence": "Krizhevsky, Sutskever, Hinton 2012 (AlexNet), ImageNet LSVRC-2012",
        },
        {
            "name": "convolutional neural networks",
            "kind": "emerging",
            "onset": "2013",
            "pattern": r"convolution(?:al)? neural",
            "evidence": "Krizhevsky, Sutskever, Hinton 2012 (AlexNet)",
        },
        {
            "name": "fuzzy logic",
            "kind": "declining",
            "onset": None,
            "pattern": r"\bfuzzy\b",
            "evidence": "grants peak 1996-2004 in the corpus (SOURCES.md of shared/data)",
        },
        {
            "name": "baseball",
            "kind": "stable",
            "onset": None,
            "pattern": r"\bbaseball|\bbat\b|\bpitch",
            "evidence": "the control query of the same folder",
        },
    ],
}


@dataclass(frozen=True)
class Document:
    external_id: str
    text: str
    period: str


@dataclass(frozen=True)
class RealCorpus:
    """A corpus, its reference and the labels and 1 % periods derived from it."""

    name: str
    reference: dict
    files: list[Path]
    truth: Truth
    share_onset: dict[str, str]  # topic -> first period at 1 % of the period's documents

    @property
    def unit(self) -> str:
        return self.reference["period_unit"]


def load_corpus(name: str, shared: Path | None = None) -> RealCorpus:
    """A corpus of ``benchmarks/corpora/<name>`` (or ``patents``, from ``shared``)."""
    if name == "patents":
        if shared is None:
            raise ValueError("the patents corpus lives in ../shared/data; pass its path")
        folder = shared / "corpora" / "patents_neural_network"
        files = [folder / "neural_network_patent_query.csv", folder / "baseball_patent_query.csv"]
        return _build(name, PATENTS_REFERENCE, files, _patent_documents(files))
    folder = CORPORA / name
    reference = json.loads((folder / "reference.json").read_text(encoding="utf-8"))
    path = folder / "docs.jsonl.gz"
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing; build it as {folder / 'SOURCE.md'} says")
    return _build(name, reference, [path], _jsonl_documents(path, reference["period_unit"]))


def _jsonl_documents(path: Path, unit: str) -> list[Document]:
    documents = []
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            text = f"{record.get('title', '')} {record.get('text', '')}"
            documents.append(Document(str(record["id"]), text, _period(record["date"], unit)))
    return documents


def _patent_documents(files: list[Path]) -> list[Document]:
    documents = []
    for path in files:
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                text = f"{row['patent_title']} {row['patent_abstract']}"
                documents.append(Document(row["patent_number"], text, row["patent_date"][:4]))
    return documents


def _period(value: str, unit: str) -> str:
    """``2019``, ``2019-06`` or ``2019-06-14`` as a period of ``unit`` (a year or a month)."""
    if unit == "year":
        return value[:4]
    if unit == "month" and len(value) >= 7:
        return value[:7]
    return period_of(date.fromisoformat(value[:10]), unit)


def _build(name: str, reference: dict, files: list[Path], documents: list[Document]) -> RealCorpus:
    patterns = {t["name"]: re.compile(t["pattern"], re.IGNORECASE) for t in reference["topics"]}
    matches = {
        d.external_id: [n for n, p in patterns.items() if p.search(d.text)] for d in documents
    }
    frequency = Counter(n for found in matches.values() for n in found)
    doc_topic = {
        doc: min(found, key=lambda n: (frequency[n], n)) for doc, found in matches.items() if found
    }
    unlabelled = frozenset(doc for doc, found in matches.items() if not found)
    topics = {
        t["name"]: TruthTopic(
            t["name"], t["kind"], t.get("onset") if t["kind"] != "stable" else None
        )
        for t in reference["topics"]
    }
    truth = Truth(name, reference["period_unit"], topics, doc_topic, unlabelled)
    earliest = {t["name"]: max(reference["start"], _onset(t) or "") for t in reference["topics"]}
    return RealCorpus(name, reference, files, truth, _share_onsets(documents, matches, earliest))


def _share_onsets(
    documents: list[Document], matches: dict[str, list[str]], earliest: dict[str, str]
) -> dict[str, str]:
    """First period, not before ``earliest[topic]`` (the backtest's start or the external
    onset: a few stray matches in a small early year are not the topic), in which a topic's
    documents (any match) reach ``SHARE`` of all and at least ``MIN_DOCS``."""
    totals = Counter(d.period for d in documents)
    hits = Counter((n, d.period) for d in documents for n in matches[d.external_id])
    onsets: dict[str, str] = {}
    for (topic, period), n in sorted(hits.items(), key=lambda item: item[0][1]):
        if topic in onsets or period < earliest[topic]:
            continue
        if n >= max(MIN_DOCS, SHARE * totals[period]):
            onsets[topic] = period
    return onsets


def lead_before_share(first_flag: dict[str, str], share_onset: dict[str, str]) -> dict[str, int]:
    """Periods from each detected topic's first flag to its 1 % period (positive: earlier)."""
    return {
        topic: periods_between(period, share_onset[topic])
        for topic, period in first_flag.items()
        if topic in share_onset
    }


def _onset(topic: dict) -> str | None:
    """The external onset of an emerging or declining topic; a stable control has none."""
    return topic.get("onset") if topic["kind"] != "stable" else None
