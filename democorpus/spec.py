"""The shape of a planted demo topic.

A topic is a small hand-written vocabulary plus the dynamics that decide how many of its documents
appear each week. Keeping both in one frozen object lets the ground truth be written straight from
the same specs that generated the corpus, so the two can never disagree.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

Dynamics = Literal["stable", "emerging", "declining", "burst"]

_CPC = re.compile(r"^([A-HY])(\d\d)([A-Z]) (\d{1,4})/(\d{2,6})$")


@dataclass(frozen=True)
class Org:
    """A (fictional) company or institute: the assignee of patents and the subject of news."""

    name: str
    country: str
    city: str


@dataclass(frozen=True)
class Cpc:
    """A CPC symbol such as ``B25J 9/16`` with a readable title for the demo's documentation."""

    code: str
    title: str

    def parts(self) -> tuple[str, str, str, str, str]:
        """Section, class, subclass, main group and subgroup, as USPTO XML spells them."""
        match = _CPC.match(self.code)
        if match is None:
            raise ValueError(f"not a CPC symbol: {self.code!r}")
        section, klass, subclass, main_group, subgroup = match.groups()
        return section, klass, subclass, main_group, subgroup


@dataclass(frozen=True)
class Vocabulary:
    """Word pools that the sentence templates draw from.

    The grammatical form of each pool is fixed so templates read correctly: ``devices`` and
    ``components`` are countable singular noun phrases, ``techniques``, ``related``, ``properties``
    and ``materials`` are used without an article, ``objects`` and ``settings`` are plural,
    ``processes`` are gerund phrases, ``benefits`` start with a base-form verb and
    ``challenges`` are whole clauses. ``devices`` + ``techniques`` are the planted keywords.
    """

    devices: tuple[str, ...]
    techniques: tuple[str, ...]
    components: tuple[str, ...]
    objects: tuple[str, ...]
    settings: tuple[str, ...]
    processes: tuple[str, ...]
    benefits: tuple[str, ...]
    properties: tuple[str, ...]
    related: tuple[str, ...]
    materials: tuple[str, ...]
    challenges: tuple[str, ...]
    actors: tuple[str, ...]

    @property
    def keywords(self) -> tuple[str, ...]:
        return self.devices + self.techniques


@dataclass(frozen=True)
class TopicSpec:
    """One planted topic: what it is about, where it belongs, and how its volume moves.

    ``kind_mix`` is the share of its documents by kind (patent, publication, news). For emerging
    topics ``onset`` maps each kind to the week index (1..52) in which that kind first carries the
    topic; ``growth_weeks`` is how long the share takes to climb from one document to
    ``peak_share``. Declining topics fall from ``start_share`` to ``end_share``; a burst topic
    spikes in ``burst_week``. ``weight`` scales a stable topic's share of the background.
    ``related_industries`` are industries the topic concerns beyond the ones it is written from
    (recyclers, for the tracing of recycled plastics): a region specialised in one of them may
    rightly rank the topic high, though it is not a cross-link there.
    """

    slug: str
    name: str
    dynamics: Dynamics
    vocab: Vocabulary
    orgs: tuple[Org, ...]
    cpc: tuple[Cpc, ...]
    arxiv_categories: tuple[str, ...]
    industries: tuple[str, ...]
    regions: tuple[str, ...]
    kind_mix: tuple[float, float, float] = (0.36, 0.36, 0.28)
    weight: float = 1.0
    onset: Mapping[str, int] = field(default_factory=dict)
    growth_weeks: int = 0
    peak_share: float = 0.0
    start_share: float = 0.0
    end_share: float = 0.0
    burst_week: int = 0
    related_industries: tuple[str, ...] = ()

    @property
    def interface(self) -> bool:
        """True when the topic sits between two industries (a cross-link candidate)."""
        return len(self.industries) >= 2

    @property
    def first_week(self) -> int:
        """The week index in which any kind first carries the topic (0 when always present)."""
        if self.onset:
            return min(self.onset.values())
        return self.burst_week


def pool(text: str) -> tuple[str, ...]:
    """Split a ``;``-separated word pool; specs stay compact and readable this way."""
    return tuple(part.strip() for part in text.split(";") if part.strip())


def vocab(**pools: str) -> Vocabulary:
    """A :class:`Vocabulary` from ``;``-separated strings, one per field."""
    return Vocabulary(**{name: pool(text) for name, text in pools.items()})


def orgs(text: str) -> tuple[Org, ...]:
    """Organisations written as ``name | country | city; ...``."""
    found = []
    for entry in pool(text):
        name, country, city = (part.strip() for part in entry.split("|"))
        found.append(Org(name, country, city))
    return tuple(found)
