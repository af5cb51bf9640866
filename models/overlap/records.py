"""What the overlap score finds for one topic and one region, before it becomes report entries:
the industries it matches and the other regions that share it. Both
:mod:`models.overlap.scoring`, which computes them, and :mod:`models.overlap.evidence`, which puts
them into words, read these."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class IndustryMatch:
    """How strongly one topic relates to one industry of one region."""

    nace: str
    title: str
    similarity: float
    patent_share: float
    score: float
    weight: float
    terms: tuple[str, ...]
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class Partner:
    """Another region where the same topic is relevant."""

    region_id: str
    relevance: float
    industries: tuple[str, ...]
    complementary: tuple[str, ...]
