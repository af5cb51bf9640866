"""The second detector: topics seeded by rising technology terms.

Clustering sees a new subject only once its documents form a dense region of their own. In a
single-field corpus a new method first shows up *inside* the existing subfields — prompting
papers among question-answering, summarisation and dialogue papers — and no refit separates
them until the method is everywhere. Its terms rise much earlier: "in-context learning" goes
from almost no documents to dozens while each topic it touches barely changes.

So after the placement steps, every run looks for terms whose document share in the recent part
of the window is well above their share before it (smoothed like the topic growth, and
significant; a document uses its extracted terms, and a headline also the terms its text
mentions, see :mod:`models.topics.term_mentions`), groups rising terms that occur in the same
documents, and gives each group's documents a topic of their own — unless one existing topic
already is that group. The seeded topic then lives like any other: it gets a stable id by
identity matching, is carried by later runs, and is scored by the emergence stage, whose reasons
say that it was found by its terms.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import scipy.sparse as sp

from models.topics.model import OUTLIER, TermMatrix, TopicParams
from models.topics.placement import Placement, drop_empty

# A cap on how many rising terms are grouped (the most significant first): grouping is
# quadratic in them, and beyond a few hundred the tail is noise.
MAX_RISING = 300


@dataclass(frozen=True)
class Seed:
    """A seeded topic: its number in the placement, the rising terms that found it, and the
    topic most of its documents came from (None when they were mostly outliers)."""

    topic: int
    terms: tuple[str, ...]
    parent: int | None = None


class Seeding(NamedTuple):
    """What seeding did to a placement: the new placement, the topics it seeded, and the
    rising terms of every group that a topic already held (topic number → the group's terms).
    A topic that holds a rising group is corroborated by its terms, as a seeded one is."""

    placement: Placement
    seeds: list[Seed]
    held: dict[int, tuple[str, ...]]


def rising_terms(terms: TermMatrix, recent: np.ndarray, params: TopicParams) -> list[int]:
    """Columns of terms whose recent document share rose significantly, best z first.

    A term rises when at least ``seed_min_docs`` recent documents use it and its smoothed share
    of the recent documents is ``seed_growth`` times its share of the earlier ones, with a
    signed-root z of at least ``seed_min_z`` against that earlier share. Nothing rises while the
    earlier part of the window holds fewer documents than the recent part: without history,
    everything is new.
    """
    n_recent, n_base = int(recent.sum()), int((~recent).sum())
    if not terms.vocabulary or n_recent == 0 or n_base < n_recent:
        return []
    present = (terms.counts > 0).astype(np.float64).tocsc()
    in_recent = np.asarray(present[np.flatnonzero(recent)].sum(axis=0)).ravel()
    in_base = np.asarray(present[np.flatnonzero(~recent)].sum(axis=0)).ravel()
    expected = n_recent * (in_base + 0.5) / n_base
    growth = (in_recent / n_recent) / ((in_base + 0.5) / n_base)
    z = (in_recent - expected) / np.sqrt(expected)
    chosen = np.flatnonzero(
        (in_recent >= params.seed_min_docs)
        & (growth >= params.seed_growth)
        & (z >= params.seed_min_z)
    )
    order = chosen[np.lexsort((chosen, -z[chosen]))]
    return [int(j) for j in order[:MAX_RISING]]


def group_terms(
    terms: TermMatrix, recent: np.ndarray, columns: list[int], link: float
) -> list[list[int]]:
    """Rising terms joined when their recent documents overlap (Jaccard at least ``link``) or
    they are spellings of one term ("pre-trained model", "pretrained model"), as connected
    groups, each in the order of ``columns``; groups in order of their first term."""
    if not columns:
        return []
    used = (terms.counts[np.flatnonzero(recent)][:, columns] > 0).astype(np.float64).tocsc()
    both = (used.T @ used).toarray()
    sizes = np.diag(both)
    jaccard = both / np.maximum(sizes[:, None] + sizes[None, :] - both, 1.0)
    parent = list(range(len(columns)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    squashed = [_squash(terms.vocabulary[c]) for c in columns]
    same = np.array([[a == b for b in squashed] for a in squashed])
    for i, j in zip(*np.nonzero(np.triu((jaccard >= link) | same, k=1)), strict=True):
        a, b = root(int(i)), root(int(j))
        if a != b:
            parent[max(a, b)] = min(a, b)
    groups: dict[int, list[int]] = {}
    for i, column in enumerate(columns):
        groups.setdefault(root(i), []).append(column)
    return list(groups.values())


def seed_from_terms(
    placement: Placement, terms: TermMatrix, recent: np.ndarray, params: TopicParams
) -> Seeding:
    """The placement with a topic for every group of rising terms that no topic holds yet.

    A group's documents are every window document using one of its terms. The group is
    already a topic when one topic holds at least ``seed_covered`` of those documents and the
    group does not outgrow it (:func:`_host`); that topic is recorded as holding the group. A
    group holding more than ``seed_max_share`` of the window is a shift of the whole field, not
    a topic. Seeds are made in order of their best term's significance; a document goes to the
    first seed that claims it.
    """
    if params.seed_growth <= 0:
        return Seeding(placement, [], {})
    columns = rising_terms(terms, recent, params)
    groups = group_terms(terms, recent, columns, params.seed_link)
    labels = placement.labels.copy()
    n_topics = placement.n_topics
    uses = sp.csc_matrix(terms.counts > 0)
    claimed = np.zeros(len(labels), dtype=bool)
    made: list[tuple[int, tuple[str, ...], int | None]] = []
    not_seeded: list[tuple[tuple[str, ...], np.ndarray]] = []
    for group in groups:
        members = np.unique(uses[:, group].nonzero()[0])
        members = members[~claimed[members]]
        if len(members) < params.seed_min_docs or len(members) > params.seed_max_share * len(
            labels
        ):
            continue
        found = tuple(terms.vocabulary[j] for j in group)
        if (
            len(made) == params.seed_max_topics
            or _host(labels, members, params, recent) is not None
        ):
            not_seeded.append((found, members))
            continue
        parent = _parent(labels, members)
        labels[members] = n_topics
        claimed[members] = True
        made.append((n_topics, found, parent))
        n_topics += 1
    # Which topic holds each group is decided on the final labels: a later seed may have taken
    # the documents that made a topic the group's host.
    held: dict[int, tuple[str, ...]] = {}
    for found, members in not_seeded:
        members = members[~claimed[members]]
        host = _host(labels, members, params, recent)
        if len(members) >= params.seed_min_docs and host is not None:
            held[host] = held.get(host, ()) + found
    if not made:
        return Seeding(placement, [], held)
    final = drop_empty(Placement(labels, n_topics))
    renumber = {
        int(old): int(new) for old, new in zip(labels, final.labels, strict=True) if old >= 0
    }
    seeds = [
        Seed(renumber[topic], found, renumber.get(parent) if parent is not None else None)
        for topic, found, parent in made
        if topic in renumber
    ]
    return Seeding(final, seeds, {renumber[k]: found for k, found in held.items() if k in renumber})


def seed_first(seed_terms: tuple[str, ...], ranked: list[str], n: int) -> list[str]:
    """A seeded topic's terms: the rising terms that found it lead (they say what is new; its
    c-TF-IDF terms may name the older subject its documents came from), spellings of one term
    once, then its c-TF-IDF terms; at most ``n``."""
    chosen: list[str] = []
    seen: set[str] = set()
    for term in (*seed_terms[:2], *ranked):
        if _squash(term) not in seen:
            seen.add(_squash(term))
            chosen.append(term)
    return chosen[:n]


def _squash(term: str) -> str:
    return "".join(ch for ch in term.lower() if ch.isalnum())


def _host(
    labels: np.ndarray, members: np.ndarray, params: TopicParams, recent: np.ndarray
) -> int | None:
    """The topic that already is the group, if one is: it holds ``seed_covered`` of the group's
    documents and either they are most of it, or the group does not outgrow it.

    A group outgrows its host when it rises inside the host as a rising term must rise in the
    window (``seed_growth``) and faster than the host itself rises in the window: a new theme
    in an older subject — deep-network patents inside a speech topic, 7.3x inside a topic that
    rose 5.3x — gets a topic of its own. A theme that a fast-rising topic keeps adding (a new
    phrase of a young, emerging subject, 5.5x inside a topic that rose 12.7x) is that topic's
    growth: carving it out would take the newest documents from the topic that carries the
    signal. A host with no earlier documents is young; it keeps the group.
    """
    inside = labels[members]
    inside = inside[inside != OUTLIER]
    if inside.size == 0:
        return None
    topics, counts = np.unique(inside, return_counts=True)
    best = int(np.argmax(counts))
    if counts[best] < params.seed_covered * len(members):
        return None
    topic = int(topics[best])
    host = labels == topic
    if counts[best] * 2 >= int(host.sum()):
        return topic
    group = np.zeros(len(labels), dtype=bool)
    group[members] = True
    group &= host
    host_recent, host_base = int((host & recent).sum()), int((host & ~recent).sum())
    if host_recent == 0 or host_base == 0:
        return topic
    inside_rise = _rise(
        int((group & recent).sum()), host_recent, int((group & ~recent).sum()), host_base
    )
    host_rise = _rise(host_recent, int(recent.sum()), host_base, int((~recent).sum()))
    outgrows = inside_rise >= params.seed_growth and inside_rise >= host_rise
    return None if outgrows else topic


def _rise(recent_hits: int, recent_total: int, base_hits: int, base_total: int) -> float:
    """Recent share over earlier share, the earlier count smoothed by half a document as in
    :func:`rising_terms`."""
    return (recent_hits / recent_total) / ((base_hits + 0.5) / base_total)


def _parent(labels: np.ndarray, members: np.ndarray) -> int | None:
    """The topic most of a seed's documents came from (None if they were mostly outliers)."""
    inside = labels[members]
    inside = inside[inside != OUTLIER]
    if inside.size * 2 < len(members):
        return None
    topic, count = np.unique(inside, return_counts=True)
    return int(topic[int(np.argmax(count))])
