"""Language decisions of the term extractor, on real titles and abstracts."""

from __future__ import annotations

import csv
import itertools
from pathlib import Path

import pytest

from extractors.terms.language import declared_english, identify, is_english


def test_declared_tags() -> None:
    assert declared_english("en") is True
    assert declared_english("EN_us") is True
    assert declared_english("eng") is True
    assert declared_english("de-AT") is False
    assert declared_english("") is None
    assert declared_english(None) is None


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Neuronales Netz zur Bilderkennung", "de"),
        ("Procédé de fabrication d'une batterie lithium-ion", "fr"),
        ("Nuevo sistema de baterías para coches eléctricos", "es"),
        ("Nieuwe batterijen voor elektrische auto's", "nl"),
    ],
)
def test_short_foreign_titles_are_identified(text: str, language: str) -> None:
    assert identify(text)[0] == language
    assert not is_english(text)


def test_too_short_to_judge_is_read() -> None:
    assert is_english("5G NR")


def test_short_english_patent_titles_are_read(shared_data: Path) -> None:
    # short titles that an unrestricted identifier files under Latin or Nigerian Pidgin
    path = shared_data / "corpora/patents_neural_network/neural_network_patent_query.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        titles = [row["patent_title"] for row in itertools.islice(csv.DictReader(handle), 1500)]
    foreign = [title for title in titles if not is_english(title)]
    assert foreign == []
