"""How many documents of each planted topic and kind appear in each demo week.

The plan is computed before any text is written, so the dynamics can be checked on their own
and the ground truth can state them exactly. Every week's numbers come from a random generator
seeded with the seed and the week alone, so week 10 is the same whether 10 or 52 weeks are built.

Shape of the year (shares are of all documents in the week):

- the week's size is 200 ± 15 % documents (170–230);
- stable topics share what the planted ones leave, each with ±30 % weekly noise;
- an emerging topic appears with exactly one document in its onset week (in a week of at least
  200 documents, so ≤ 0.5 %), then climbs linearly to its peak share over ``growth_weeks`` and
  stays there with ±10 % noise; each kind joins at its own onset;
- a declining topic falls geometrically from ``start_share`` to ``end_share`` (±15 % noise);
- the burst topic has 14 news items in its week, 3 the week after, 1 the week after that.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from democorpus.spec import TopicSpec

DEMO_YEAR = 2025
MAX_WEEKS = 52
KINDS: tuple[str, ...] = ("patent", "publication", "news")
BASE_VOLUME = 200
ONSET_SHARE = 0.005
MAX_SHARE = 0.058
BURST_TAIL: tuple[int, ...] = (14, 3, 1)


def week_label(index: int) -> str:
    """ISO week label of demo week ``index`` (1 → ``2025-W01``)."""
    _check_index(index)
    return f"{DEMO_YEAR}-W{index:02d}"


def week_monday(index: int) -> date:
    """The Monday that starts demo week ``index`` (2025-W01 starts on 2024-12-30)."""
    _check_index(index)
    return date.fromisocalendar(DEMO_YEAR, index, 1)


def _check_index(index: int) -> None:
    if not 1 <= index <= MAX_WEEKS:
        raise ValueError(f"demo week index must be 1..{MAX_WEEKS}, got {index}")


@dataclass(frozen=True)
class WeekVolume:
    """Planned document counts of one week: ``counts[slug][kind]``."""

    index: int
    counts: dict[str, dict[str, int]]

    @property
    def label(self) -> str:
        return week_label(self.index)

    @property
    def total(self) -> int:
        return sum(self.topic_total(slug) for slug in self.counts)

    def topic_total(self, slug: str) -> int:
        return sum(self.counts.get(slug, {}).values())

    def share(self, slug: str) -> float:
        return self.topic_total(slug) / self.total


def plan_volumes(
    topics: tuple[TopicSpec, ...], *, seed: int, weeks: int = MAX_WEEKS
) -> list[WeekVolume]:
    """The per-week, per-topic, per-kind document counts of the first ``weeks`` demo weeks."""
    if not 1 <= weeks <= MAX_WEEKS:
        raise ValueError(f"weeks must be 1..{MAX_WEEKS}, got {weeks}")
    return [_plan_week(topics, seed=seed, index=index) for index in range(1, weeks + 1)]


def _plan_week(topics: tuple[TopicSpec, ...], *, seed: int, index: int) -> WeekVolume:
    rng = random.Random(f"{seed}:volume:{index}")
    total = round(BASE_VOLUME * rng.uniform(0.85, 1.15))
    if any(spec.dynamics == "emerging" and spec.first_week == index for spec in topics):
        total = max(total, BASE_VOLUME)
    planted = {
        spec.slug: _planted_count(spec, index, total, rng)
        for spec in topics
        if spec.dynamics != "stable"
    }
    stable = [spec for spec in topics if spec.dynamics == "stable"]
    weights = [spec.weight * rng.uniform(0.7, 1.3) for spec in stable]
    shares = _largest_remainder(total - sum(planted.values()), weights)
    totals = planted | {spec.slug: n for spec, n in zip(stable, shares, strict=True)}
    counts = {spec.slug: _split_kinds(spec, index, totals[spec.slug], rng) for spec in topics}
    return WeekVolume(index=index, counts=counts)


def _planted_count(spec: TopicSpec, index: int, total: int, rng: random.Random) -> int:
    if spec.dynamics == "emerging":
        return _emerging_count(spec, index, total, rng)
    if spec.dynamics == "declining":
        progress = (index - 1) / (MAX_WEEKS - 1)
        share = spec.start_share * (spec.end_share / spec.start_share) ** progress
        return round(share * rng.uniform(0.85, 1.15) * total)
    if spec.dynamics == "burst":
        offset = index - spec.burst_week
        return BURST_TAIL[offset] if 0 <= offset < len(BURST_TAIL) else 0
    raise ValueError(f"{spec.slug}: stable topics are not planted")


def _emerging_count(spec: TopicSpec, index: int, total: int, rng: random.Random) -> int:
    age = index - spec.first_week
    if age < 0:
        return 0
    if age == 0:
        return 1
    progress = min(age / spec.growth_weeks, 1.0)
    share = ONSET_SHARE + (spec.peak_share - ONSET_SHARE) * progress
    share = min(share * rng.uniform(0.9, 1.1), MAX_SHARE)
    return max(1, round(share * total))


def _split_kinds(spec: TopicSpec, index: int, n: int, rng: random.Random) -> dict[str, int]:
    """Spread ``n`` documents over the kinds that carry the topic this week."""
    active = [
        (kind, weight)
        for kind, weight in zip(KINDS, spec.kind_mix, strict=True)
        if weight > 0 and (not spec.onset or spec.onset[kind] <= index)
    ]
    counts = dict.fromkeys(KINDS, 0)
    if n == 0:
        return counts
    if len(active) == 1 or n == 1:
        # A topic's first document belongs to the kind that carries it first.
        first, _ = min(active, key=lambda pair: spec.onset.get(pair[0], 0))
        counts[first] = n
        return counts
    kinds = [kind for kind, _ in active]
    drawn = rng.choices(kinds, weights=[weight for _, weight in active], k=n)
    for kind in drawn:
        counts[kind] += 1
    return counts


def _largest_remainder(total: int, weights: list[float]) -> list[int]:
    """Integers proportional to ``weights`` that add up to exactly ``total``."""
    scale = sum(weights)
    exact = [total * weight / scale for weight in weights]
    floors = [int(value) for value in exact]
    order = sorted(range(len(weights)), key=lambda i: exact[i] - floors[i], reverse=True)
    for i in order[: total - sum(floors)]:
        floors[i] += 1
    return floors
