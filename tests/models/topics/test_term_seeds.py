"""Topics seeded by rising terms: which terms rise, how they group, when a seed is made."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import scipy.sparse as sp

from models.topics.model import OUTLIER, TermMatrix, TopicParams
from models.topics.placement import Placement
from models.topics.term_seeds import group_terms, rising_terms, seed_first, seed_from_terms

VOCABULARY = ["in-context learning", "prompt", "parsing", "pre-trained model", "pretrained model"]
PARAMS = replace(TopicParams(), seed_min_docs=10, seed_growth=4.0, seed_min_z=3.0)
N_BASE, N_RECENT = 300, 100


def corpus() -> tuple[TermMatrix, np.ndarray]:
    """300 earlier and 100 recent documents. "in-context learning" and "prompt" rise together
    (1 earlier use, 20 recent, mostly in the same documents); "parsing" is everywhere; the
    two spellings of "pre-trained model" rise in different documents."""
    rows, columns = [], []

    def use(doc: int, term: str) -> None:
        rows.append(doc)
        columns.append(VOCABULARY.index(term))

    use(5, "in-context learning")
    for doc in range(N_BASE, N_BASE + 20):
        use(doc, "in-context learning")
        if doc % 4:
            use(doc, "prompt")
    for doc in range(0, N_BASE + N_RECENT, 3):
        use(doc, "parsing")
    for doc in range(N_BASE + 40, N_BASE + 52):
        use(doc, "pre-trained model")
    for doc in range(N_BASE + 60, N_BASE + 72):
        use(doc, "pretrained model")
    n = N_BASE + N_RECENT
    counts = sp.csr_matrix((np.ones(len(rows)), (rows, columns)), shape=(n, len(VOCABULARY)))
    recent = np.arange(n) >= N_BASE
    return TermMatrix(counts, VOCABULARY, True), recent


def test_terms_rise_when_their_recent_share_is_far_above_the_earlier_one() -> None:
    terms, recent = corpus()
    rising = [VOCABULARY[j] for j in rising_terms(terms, recent, PARAMS)]
    assert set(rising) == {"in-context learning", "prompt", "pre-trained model", "pretrained model"}
    # most significant first: "prompt" was never used before, "in-context learning" once
    assert rising.index("prompt") < rising.index("in-context learning")
    # without an earlier part at least as large as the recent one, nothing can rise
    assert rising_terms(terms, np.arange(len(recent)) >= 100, PARAMS) == []


def test_co_occurring_terms_and_spellings_of_one_term_are_grouped() -> None:
    terms, recent = corpus()
    groups = group_terms(terms, recent, rising_terms(terms, recent, PARAMS), PARAMS.seed_link)
    named = sorted(sorted(VOCABULARY[j] for j in group) for group in groups)
    assert named == [["in-context learning", "prompt"], ["pre-trained model", "pretrained model"]]


def test_a_group_spread_over_topics_becomes_a_topic_of_its_own() -> None:
    terms, recent = corpus()
    labels = np.arange(N_BASE + N_RECENT) % 2  # two broad topics
    labels[N_BASE + 1] = OUTLIER
    placed, seeds, _ = seed_from_terms(Placement(labels, 2), terms, recent, PARAMS)
    assert placed.n_topics == 4
    by_terms = {seed.terms: seed for seed in seeds}
    icl = by_terms[("prompt", "in-context learning")]
    members = np.flatnonzero(placed.labels == icl.topic)
    assert sorted(members.tolist()) == [5, *range(N_BASE, N_BASE + 20)]  # its history too
    assert icl.parent in (0, 1)
    assert placed.labels[0] in (0, 1)  # the rest stays where it was


def test_no_seed_where_a_topic_already_is_the_group() -> None:
    terms, recent = corpus()
    labels = np.zeros(N_BASE + N_RECENT, dtype=np.int64)
    labels[[5, *range(N_BASE, N_BASE + 20)]] = 1
    labels[N_BASE + 40 : N_BASE + 72] = 2
    placed, seeds, held = seed_from_terms(Placement(labels, 3), terms, recent, PARAMS)
    assert seeds == [] and placed.labels.tolist() == labels.tolist()
    # ... and each topic that already is a group is recorded as holding its rising terms
    assert held == {
        1: ("prompt", "in-context learning"),
        2: ("pre-trained model", "pretrained model"),
    }


def test_a_theme_rising_inside_an_older_topic_is_carved_out_even_if_that_topic_rises() -> None:
    # topic 1 has 40 earlier documents and 40 recent ones (it rises: 3x its earlier share);
    # the in-context-learning documents are half of its recent part and none of its earlier one
    terms, recent = corpus()
    labels = np.zeros(N_BASE + N_RECENT, dtype=np.int64)
    labels[[5, *range(100, 140), *range(N_BASE, N_BASE + 40)]] = 1
    placed, seeds, _ = seed_from_terms(Placement(labels, 2), terms, recent, PARAMS)
    icl = {seed.terms: seed for seed in seeds}[("prompt", "in-context learning")]
    assert icl.parent == 1
    assert (placed.labels == icl.topic).sum() == 21


def test_a_young_topic_keeps_a_theme_that_grows_with_it() -> None:
    # topic 1 is young (4 earlier documents, 60 recent): in-context learning is a third of it,
    # early and late alike, so its rise is the topic's own and the topic is not split
    terms, recent = corpus()
    labels = np.zeros(N_BASE + N_RECENT, dtype=np.int64)
    labels[[5, 10, 11, 12, *range(N_BASE, N_BASE + 20), *range(N_BASE + 72, N_BASE + 100)]] = 1
    labels[N_BASE + 20 : N_BASE + 32] = 1
    placed, seeds, _ = seed_from_terms(Placement(labels, 2), terms, recent, PARAMS)
    assert all("prompt" not in seed.terms for seed in seeds)
    assert (placed.labels[[5, *range(N_BASE, N_BASE + 20)]] == 1).all()


def test_a_fast_rising_topic_keeps_a_theme_that_rises_slower_than_it() -> None:
    # topic 1 rose 23x (10 earlier documents, 80 recent); in-context learning rose 5x inside
    # it: a new phrase of an emerging subject, which stays with the topic carrying the signal
    terms, recent = corpus()
    labels = np.zeros(N_BASE + N_RECENT, dtype=np.int64)
    labels[[*range(100, 110), *range(N_BASE, N_BASE + 80)]] = 1
    placed, seeds, _ = seed_from_terms(Placement(labels, 2), terms, recent, PARAMS)
    assert all("prompt" not in seed.terms for seed in seeds)
    assert (placed.labels[N_BASE : N_BASE + 20] == 1).all()


def test_limits_switch_seeding_off_or_cap_it() -> None:
    terms, recent = corpus()
    labels = np.arange(N_BASE + N_RECENT) % 2
    off = replace(PARAMS, seed_growth=0.0)
    assert seed_from_terms(Placement(labels, 2), terms, recent, off)[1] == []
    one = replace(PARAMS, seed_max_topics=1)
    assert len(seed_from_terms(Placement(labels, 2), terms, recent, one)[1]) == 1
    small = replace(PARAMS, seed_max_share=0.02)  # 21 documents are more than 2 % of 400
    assert [s.terms for s in seed_from_terms(Placement(labels, 2), terms, recent, small)[1]] == []


def test_a_seeded_topic_is_named_by_the_terms_that_found_it() -> None:
    ranked = ["unsupervised BLI", "in-context example", "structured code", "in context example"]
    assert seed_first(("in-context example", "in context example", "prompt"), ranked, 4) == [
        "in-context example",
        "unsupervised BLI",
        "structured code",
    ]
    assert seed_first(("prompt tuning",), ranked, 2) == ["prompt tuning", "unsupervised BLI"]


def test_a_host_is_renumbered_with_the_topics_a_seed_leaves() -> None:
    # topic 0 holds only in-context-learning documents (11 of the group's 21): not enough to
    # be the group, so the group is seeded and topic 0 empties; topic 2 already is the
    # "pre-trained model" group and becomes topic 1
    terms, recent = corpus()
    labels = np.ones(N_BASE + N_RECENT, dtype=np.int64)
    labels[[5, *range(N_BASE, N_BASE + 10)]] = 0
    labels[N_BASE + 40 : N_BASE + 72] = 2
    placed, seeds, held = seed_from_terms(Placement(labels, 3), terms, recent, PARAMS)
    assert [(s.topic, s.terms) for s in seeds] == [(2, ("prompt", "in-context learning"))]
    assert held == {1: ("pre-trained model", "pretrained model")}
    assert placed.labels[N_BASE + 40] == 1


def _probe_terms(uses: dict[str, list[int]], n: int) -> TermMatrix:
    vocabulary = list(uses)
    rows = [doc for docs in uses.values() for doc in docs]
    columns = [vocabulary.index(term) for term, docs in uses.items() for _ in docs]
    counts = sp.csr_matrix((np.ones(len(rows)), (rows, columns)), shape=(n, len(vocabulary)))
    return TermMatrix(counts, vocabulary, True)


def test_a_topic_whose_group_a_later_seed_takes_holds_nothing() -> None:
    # "a" (12 recent documents) is the most of topic 1; "b" uses them too and 88 more, too
    # few of them shared for one group (Jaccard below seed_link): "b" is seeded and takes
    # them, so topic 1 keeps 10 other documents and no rising group
    n_base, n_recent = 900, 300
    a = list(range(n_base, n_base + 12))
    b = [*range(n_base, n_base + 70), *range(30)]
    terms = _probe_terms({"a": a, "b": b}, n_base + n_recent)
    recent = np.arange(n_base + n_recent) >= n_base
    labels = np.zeros(n_base + n_recent, dtype=np.int64)
    labels[[*a, *range(n_base + 200, n_base + 210)]] = 1
    labels[[*[d for d in b if d not in a][::2], *range(200, 400)]] = 2
    placed, seeds, held = seed_from_terms(Placement(labels, 3), terms, recent, PARAMS)
    assert [s.terms for s in seeds] == [("b",)]
    assert set(placed.labels[a].tolist()) == {seeds[0].topic}
    assert held == {}


def test_hosts_are_recorded_beyond_the_cap_on_seeds() -> None:
    terms, recent = corpus()
    labels = np.arange(N_BASE + N_RECENT) % 2
    labels[N_BASE + 40 : N_BASE + 72] = 2
    none = replace(PARAMS, seed_max_topics=0)
    placed, seeds, held = seed_from_terms(Placement(labels, 3), terms, recent, none)
    assert seeds == [] and placed.labels.tolist() == labels.tolist()
    assert held == {2: ("pre-trained model", "pretrained model")}
