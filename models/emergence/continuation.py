"""A topic that continues a subject flagged in an earlier period is not a new emergence.

Once a subject has grown, the clustering keeps carving its later documents into further topics,
each young and rising: on the news corpus of world events, COVID-19 was flagged in February to
April 2020, and from June to December its daily case tallies came back as six more "new"
topics, one after another (benchmarks/results/detection-review-2026-12-07c.csv judged none of
them meaningful). An analyst has read about the subject already; what is new is a subject
not flagged before.

A topic *continues* an earlier flag when its centroid is both

- close to that topic's in absolute terms (cosine ≥ ``continuation_min_similarity``), and
- far closer to it than to the run's topics in general (``continuation_min_z`` standard
  deviations above its mean similarity to them).

The second test is what keeps the rule from hiding new subfields of a single-field corpus, where
every topic is close to every other: on ACL the large-language-model topic of 2023 sits at 0.94
to the pre-trained-language-model topic flagged in 2022, but only 2.1 standard deviations above
its mean similarity to the other NLP topics; the three COVID-19 tally topics and the pandemic
grab-bag this rule holds back sit at 0.79 to 0.95 from a first-wave topic, 3.4 to 4.6
deviations above theirs. The thresholds (0.75, 3) were chosen on those two corpora: 0.8 lets
one more tally through, 0.7 would also hold back a first-wave topic flagged a month after the
first. The flags of the patents and Hacker News are unchanged (benchmarks/README.md).

A subject drifts: the December tallies sit at 0.62 to 0.74 from the nearest first-wave topic,
but at 0.78 to 0.86 from the tallies held back in the months before. So a topic held back as a
continuation is part of its subject for the periods after it: later topics are compared with it
as with a flag. Unlike a flag it is not exempt itself (nothing of its own was ever reported),
but it is never compared with itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class EarlierFlag:
    """A topic flagged (``new`` or ``emerging``) in an earlier period, first in ``period``; or,
    when ``continues`` names a topic, held back there as a continuation of that topic."""

    period: str
    centroid: np.ndarray
    continues: str | None = None


@dataclass(frozen=True)
class Continuation:
    """The earlier flag (or earlier continuation) a topic continues, and how close it is."""

    topic_id: str
    period: str
    similarity: float
    z: float  # standard deviations above the topic's mean similarity to the run's topics
    via: str | None = None  # the flag the chain through ``topic_id`` starts from, if not flagged


def continuations(
    centroids: Mapping[str, np.ndarray],
    earlier: Mapping[str, EarlierFlag],
    *,
    min_similarity: float,
    min_z: float,
) -> dict[str, Continuation]:
    """topic id → the earlier flag it continues, for every topic of the run that continues one.

    ``centroids``: the run's topics (unit vectors). ``earlier``: topics flagged in earlier
    periods, and earlier continuations; a topic still in the run is compared by its current
    centroid. A topic flagged before is never a continuation of another: its own flag came
    first. No topic continues itself.
    """
    if min_similarity <= 0 or not earlier or len(centroids) < 3:
        return {}
    ids = list(centroids)
    run = np.vstack([centroids[t] for t in ids])
    among = run @ run.T
    flags = list(earlier)
    flagged = np.vstack([centroids.get(t, earlier[t].centroid) for t in flags])
    to_flags = run @ flagged.T
    position = {t: j for j, t in enumerate(flags)}
    found: dict[str, Continuation] = {}
    for i, topic in enumerate(ids):
        before = earlier.get(topic)
        if before is not None and before.continues is None:
            continue
        if topic in position:
            to_flags[i, position[topic]] = -np.inf
        others = np.delete(among[i], i)
        spread = float(others.std())
        j = int(np.argmax(to_flags[i]))
        similarity = float(to_flags[i, j])
        if spread == 0 or similarity < min_similarity:
            continue
        z = (similarity - float(others.mean())) / spread
        if z >= min_z:
            flag = earlier[flags[j]]
            via = _subject(flags[j], earlier) if flag.continues else None
            found[topic] = Continuation(
                flags[j], flag.period, round(similarity, 3), round(z, 1), via
            )
    return found


def _subject(topic: str, earlier: Mapping[str, EarlierFlag]) -> str:
    """The flagged topic at the start of ``topic``'s chain of continuations, or the earliest one
    still in the window. A continuation points at what it first continued, which was flagged or
    held back before it, so the chain runs back in time and ends."""
    for _ in range(len(earlier)):
        before = earlier[topic].continues
        if before is None:
            return topic
        if before not in earlier:
            return before
        topic = before
    return topic
