"""Stable topic ids across runs: this run's topics matched to the previous run's (pure).

A topic model numbers its clusters afresh every time it is fitted, but an analyst follows
"T0042" from week to week and the emergence scores need one history per topic. So every run's
topics are matched to the previous run's by a similarity that mixes the cosine of their
centroids (what the documents say) with the Jaccard overlap of their top terms (what the label
says); the one-to-one matching that maximises total similarity (Hungarian algorithm) keeps ids,
and only pairs at least ``min_similarity`` alike count. What is left over is lineage:

- a previous topic left unmatched but close to a current topic that continued another one was
  *merged* into it (``merged_from``, recorded on the surviving topic);
- a current topic left unmatched but close to a previous topic that continued elsewhere was
  *split* off it (``split_from``, recorded on the new topic, which gets a new id);
- any other unmatched current topic is *born*.

New ids are ``T0001``, ``T0002``, … handed out in the order of each new topic's ``key`` from the
previous run's high-water mark, so the same inputs always give the same ids and an id is never
reused for a different topic.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment


@dataclass(frozen=True)
class KnownTopic:
    """A topic of the previous run."""

    topic_id: str
    centroid: np.ndarray
    terms: tuple[str, ...]


@dataclass(frozen=True)
class Cluster:
    """A topic of this run before it has an id; ``key`` orders births (e.g. its first doc id)."""

    key: str
    centroid: np.ndarray
    terms: tuple[str, ...]


@dataclass(frozen=True)
class IdentityParams:
    """How alike two topics must be to share an id or a lineage link.

    The defaults were set on the demo corpus: the same topic refitted scores above 0.8, two
    different planted topics below 0.4 (cosine of MiniLM centroids of unrelated technologies
    is 0.2–0.5 and they share no top terms).
    """

    centroid_weight: float = 0.7
    min_similarity: float = 0.55
    relation_similarity: float = 0.55


@dataclass(frozen=True)
class Relation:
    topic_id: str
    relation: str
    other_topic_id: str | None
    similarity: float | None


@dataclass(frozen=True)
class Identity:
    """The id of every current cluster (in input order), the lineage, and the next free number."""

    ids: list[str]
    lineage: list[Relation]
    born: list[str]
    next_number: int


def topic_id(number: int) -> str:
    return f"T{number:04d}"


def jaccard(a: Sequence[str], b: Sequence[str]) -> float:
    left, right = set(a), set(b)
    union = left | right
    return len(left & right) / len(union) if union else 0.0


def similarity_matrix(
    previous: Sequence[KnownTopic], current: Sequence[Cluster], *, centroid_weight: float
) -> np.ndarray:
    """``(len(previous), len(current))`` similarities in [0, 1]."""
    if not previous or not current:
        return np.zeros((len(previous), len(current)))
    cosine = (
        _unit(np.stack([p.centroid for p in previous]))
        @ _unit(np.stack([c.centroid for c in current])).T
    )
    terms = np.array([[jaccard(p.terms, c.terms) for c in current] for p in previous])
    mixed = centroid_weight * np.clip(cosine, 0.0, 1.0) + (1.0 - centroid_weight) * terms
    return np.round(mixed.astype(np.float64), 6)


def match_topics(
    previous: Sequence[KnownTopic],
    current: Sequence[Cluster],
    *,
    next_number: int,
    params: IdentityParams | None = None,
) -> Identity:
    """Give each current cluster an id: a previous topic's, or a new one."""
    params = params or IdentityParams()
    sim = similarity_matrix(previous, current, centroid_weight=params.centroid_weight)
    matched: dict[int, int] = {}  # current index -> previous index
    if sim.size:
        eligible = np.where(sim >= params.min_similarity, sim, 0.0)
        rows, cols = linear_sum_assignment(eligible, maximize=True)
        matched = {int(c): int(r) for r, c in zip(rows, cols, strict=True) if eligible[r, c] > 0}

    ids: list[str | None] = [None] * len(current)
    lineage: list[Relation] = []
    for c, p in matched.items():
        kept = previous[p].topic_id
        ids[c] = kept
        lineage.append(Relation(kept, "continued", kept, float(sim[p, c])))

    taken = set(matched.values())
    born: list[str] = []
    number = next_number
    for c in sorted((c for c in range(len(current)) if c not in matched), key=_key(current)):
        new_id = topic_id(number)
        ids[c] = new_id
        number += 1
        born.append(new_id)
        parent = _best(sim[:, c], params.relation_similarity) if sim.size else None
        if parent is not None and parent in taken:
            lineage.append(
                Relation(new_id, "split_from", previous[parent].topic_id, float(sim[parent, c]))
            )
        else:
            lineage.append(Relation(new_id, "born", None, None))

    for p in range(len(previous)):
        if p in taken:
            continue
        heir = _best(sim[p, :], params.relation_similarity) if sim.size else None
        if heir is not None and heir in matched:
            heir_id = previous[matched[heir]].topic_id  # the id the matched heir kept
            lineage.append(
                Relation(heir_id, "merged_from", previous[p].topic_id, float(sim[p, heir]))
            )
    lineage.sort(key=lambda r: (r.topic_id, r.relation, r.other_topic_id or ""))
    return Identity(
        ids=[i for i in ids if i is not None], lineage=lineage, born=born, next_number=number
    )


def _best(row: np.ndarray, threshold: float) -> int | None:
    """Index of the largest value at least ``threshold`` (first on ties), or None."""
    if row.size == 0:
        return None
    best = int(np.argmax(row))
    return best if row[best] >= threshold else None


def _key(current: Sequence[Cluster]) -> Callable[[int], tuple[str, int]]:
    return lambda index: (current[index].key, index)


def _unit(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms > 0, norms, 1.0)
