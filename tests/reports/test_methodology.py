"""The methodology section lists the thresholds it is given, under the name of their stage."""

from __future__ import annotations

from dataclasses import dataclass

from reports.methodology import INDICATORS, build_methodology


@dataclass(frozen=True)
class Scoring:
    min_docs: int = 5
    growth: float = 1.5
    preset: str = "mixed"
    strict: bool = True
    windows: tuple[int, ...] = (4, 8)


@dataclass(frozen=True)
class Clustering:
    window_weeks: int = 104


def test_plain_fields_become_thresholds_in_the_order_given() -> None:
    section = build_methodology({"emergence": Scoring(growth=2.0), "topics": Clustering()})
    assert list(section.thresholds.items()) == [
        ("emergence.min_docs", 5),
        ("emergence.growth", 2.0),
        ("emergence.preset", "mixed"),
        ("emergence.strict", True),
        ("topics.window_weeks", 104),
    ]


def test_every_indicator_and_note_is_described() -> None:
    section = build_methodology({})
    assert section.thresholds == {}
    assert [i.name for i in section.indicators] == [i.name for i in INDICATORS]
    assert all(i.description.endswith(".") for i in section.indicators)
    assert section.notes and all(note.endswith(".") for note in section.notes)
