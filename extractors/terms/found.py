"""The record of one candidate term in one document, shared by the candidate finder and the
single-word rule (:mod:`extractors.terms.candidates`, :mod:`extractors.terms.singles`)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Found:
    """One term in one document: how often, and where (character offsets)."""

    term: str
    count: int = 0
    spans: list[tuple[int, int]] = field(default_factory=list)
    named: bool = False
    generic: bool = False
    acronym: str | None = None
