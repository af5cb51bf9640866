"""C-value and the spread test, on counts worked out by hand."""

from __future__ import annotations

import math

import pytest

from extractors.terms.cvalue import Spread, admitted, c_values, is_generic


def test_c_value_of_nested_and_unnested_terms() -> None:
    scores = c_values(
        {
            "neural network": 3,
            "convolutional neural network": 2,
            "recurrent neural network": 1,
            "fuzzy logic": 4,
            "battery": 9,
        }
    )
    # f(neural network) = 3 own + 2 + 1 inside the longer terms; nested in two terms whose
    # frequencies average (2 + 1) / 2, so C = log2(2) * (6 - 1.5).
    assert scores["neural network"] == pytest.approx(4.5)
    assert scores["convolutional neural network"] == pytest.approx(math.log2(3) * 2)
    assert scores["recurrent neural network"] == pytest.approx(math.log2(3) * 1)
    assert scores["fuzzy logic"] == pytest.approx(4.0)
    assert "battery" not in scores


def test_a_phrase_seen_only_inside_one_longer_term_scores_low() -> None:
    scores = c_values({"real time": 1, "real time system": 3})
    assert scores["real time"] == pytest.approx(1.0)
    assert scores["real time system"] == pytest.approx(math.log2(3) * 3)


def test_c_value_counts_repeated_sub_terms_and_merges_case() -> None:
    scores = c_values({"data data": 1, "data data data": 1})
    # "data data" occurs twice inside "data data data".
    assert scores["data data"] == pytest.approx(1 * (1 + 2 - 1))


def test_generic_means_frequent_in_every_judged_kind() -> None:
    docs = {"patent": 100, "news": 50, "publication": 5}
    assert is_generic(Spread({"patent": 40, "news": 30}, docs))
    assert not is_generic(Spread({"patent": 40, "news": 5}, docs))
    assert not is_generic(Spread({"publication": 5}, {"publication": 5}))


def test_admission() -> None:
    docs = {"patent": 100}
    rare = Spread({"patent": 3}, docs)
    assert admitted("neural network", 4.5, rare)
    assert not admitted("neural network based", 0.0, rare)
    assert admitted("blockchain", None, rare)
    assert not admitted("blockchain", None, Spread({"patent": 60}, docs))
