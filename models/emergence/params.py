"""Thresholds of the emergence status, with presets for weekly, monthly and yearly counts and
for the kinds of documents a deployment reads.

Kept apart from the scoring so that every threshold sits in one place with the reason for its
value. Weekly defaults were first set on simulated demo weeks (150-250 documents, topics
starting at one document a week); the yearly preset on the shape of the neural-network patent
corpus (a few hundred grants a year), see ``tests/models/emergence/test_scoring.py``.

A deployment chooses one of :data:`DEPLOYMENTS` (``[emergence] preset`` in ``horizon.toml``)
and may override any threshold, for every unit or for one (:func:`resolve_params`).
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any

from kernel.periods import Unit
from models.emergence.porter import PorterParams


@dataclass(frozen=True)
class EmergenceParams:
    """Every knob of :func:`models.emergence.scoring.score_topics`, in periods of ``unit``."""

    unit: Unit = "week"
    # Growth: the share of the last ``recent_periods`` against the ``base_periods`` before them.
    recent_periods: int = 4
    base_periods: int = 12
    # Documents added to every smoothed count so that 0 -> 1 document is not infinite growth.
    alpha: float = 0.5
    # Growth must survive dropping the ``spike_drop`` strongest recent periods (0 = keep all):
    # one strong week cannot make a topic emerging.
    spike_drop: int = 1
    # ``emerging``: sustained share growth at least this ratio, significant at ``min_z``, with
    # at least ``min_recent_docs`` documents (after the drop) present in ``persist_periods``
    # of the recent periods, against a base of at least ``min_base_periods`` periods of data.
    emerging_growth: float = 3.0
    min_z: float = 3.0
    min_recent_docs: int = 5
    persist_periods: int = 3
    min_base_periods: int = 6
    # ``new``: first documents less than ``new_max_age`` periods ago, after at least
    # ``new_min_history`` periods of data without the topic (at the start of the data every
    # topic is young), at least ``new_min_docs`` documents outside the peak period, in at
    # least ``new_min_periods`` periods, not a spike and not fading (the last two periods hold
    # at least ``fade_ratio`` of the peak share). Deliberately low: a planted topic shows 0-1
    # documents a week at first and must be flagged within 6 weeks.
    new_max_age: int = 8
    new_min_history: int = 8
    new_min_docs: int = 2
    new_min_periods: int = 3
    fade_ratio: float = 0.34
    # ... or, seen only in the current period, with at least ``min_recent_docs`` documents from
    # at least ``new_min_sources`` sources (venues where known; 0 = never). Only for years: a
    # year is long enough for a subject to appear in many venues at once (ChatGPT in 2023: 30
    # ACL papers in 14 venues, COVID-19 in 2020: 19 in 5), while a shared task's burst is one
    # venue (SemEval: 16-32 papers, 1-2 venues); waiting a second year cost every such flag a
    # year of lead on ACL (benchmarks/README.md).
    new_min_sources: int = 0
    # A spike: the peak period's share is at least ``spike_ratio`` times the smoothed share of
    # the ``spike_width`` periods on each side (a topic growing week by week stays near 2-3).
    spike_ratio: float = 4.0
    spike_width: int = 2
    # ... and significantly so (signed-root z of the peak against its neighbours), so that
    # 6 documents after a week of one are not a spike as surely as 15 after a week of none.
    spike_z: float = 3.0
    # Whether a spike may still be ``emerging`` (checked before ``burst``): only for years.
    spikes_can_emerge: bool = False
    # ``burst``: Kleinberg burst state (rate ``burst_s`` times the base, entry cost
    # ``burst_gamma`` ln n) within the last ``burst_memory`` periods, spike-shaped, at least
    # ``burst_min_docs`` documents in the peak period.
    burst_s: float = 2.0
    burst_gamma: float = 1.0
    burst_memory: int = 4
    burst_min_docs: int = 3
    # ``growing`` / ``declining``: log-linear share trend over the last ``trend_periods``;
    # significant at ``trend_min_z`` and changing the share by at least ``growing_change``
    # (+50 %) or ``declining_change`` (-40 %) over that span.
    trend_periods: int = 52
    trend_min_z: float = 3.0
    growing_change: float = 0.5
    declining_change: float = -0.4
    # Flagging (``new``, ``emerging``) needs at least ``min_research_docs`` publications or
    # patents among the topic's documents of the recent periods, when their kinds are known: a
    # rise carried by the press is media attention (company news, incidents), not yet technical
    # activity, and is reported as ``growing``. Porter et al. (TFSC 2019) likewise score
    # emergence on R&D records. 0 switches the rule off (for a news-only deployment).
    min_research_docs: int = 3
    # Flagging needs the topic's own terms to rise: it was seeded by a group of rising terms or
    # holds one now (models/topics/term_seeds.py: at least ``seed_min_docs`` recent documents,
    # ``seed_growth`` and ``seed_min_z``). A cluster whose share grows while none of its terms
    # does is the clustering redrawing its borders, not a new subject. On the real corpora
    # (benchmarks/results/detection-review-2026-12-07.md) the flags of topics not seeded by
    # rising terms were 63 of 126 on ACL (22 % about a reference topic or judged meaningful,
    # against 81 % of the seeded ones), 119 of 146 on the news (12 % against 78 %) and 3 of 8
    # on the patents (none against all); the re-runs are in benchmarks/README.md. Off for weeks:
    # a new topic's first weeks hold a handful of documents, too few for any term to rise
    # significantly, and a weekly flag must come within weeks of the first documents.
    needs_rising_terms: bool = False
    # Flagging needs a subject not flagged before: a topic whose centroid is at least
    # ``continuation_min_similarity`` (cosine) from a topic flagged in an earlier period of the
    # scoring window, and at least ``continuation_min_z`` standard deviations above its mean
    # similarity to the run's other topics, continues that flag and is ``growing``; so does a
    # topic that close to an earlier continuation (see :mod:`models.emergence.continuation`,
    # where the values were chosen on the news and ACL corpora). 0 switches the rule off.
    continuation_min_similarity: float = 0.75
    continuation_min_z: float = 3.0
    # Weights of the combined score (higher = more emerging; see ``models.emergence.status``).
    novelty_weight: float = 1.0
    porter_weight: float = 0.25
    breadth_weight: float = 0.25
    progression_weight: float = 0.5
    burst_penalty: float = 2.0
    porter: PorterParams = field(default_factory=PorterParams)

    def __post_init__(self) -> None:
        if self.recent_periods < 1 or self.base_periods < 1:
            raise ValueError("recent_periods and base_periods must be at least 1")
        if not 0 <= self.spike_drop < self.recent_periods:
            raise ValueError("spike_drop must be at least 0 and less than recent_periods")

    @classmethod
    def for_unit(cls, unit: Unit) -> EmergenceParams:
        """Defaults for weekly runs, monthly and yearly imported corpora.

        Months and years hold more documents per period and change more slowly, so the
        windows are shorter in periods; a year is a long time, so a yearly jump that follows
        years of presence counts as growth (``spike_drop=0``), as in the patent corpus where
        "convolutional" went from about one grant a year to 15 in 2016.
        """
        if unit == "week":
            return cls()
        if unit == "month":
            return replace(
                cls(),
                unit="month",
                recent_periods=3,
                base_periods=9,
                new_max_age=4,
                new_min_history=4,
                min_base_periods=5,
                persist_periods=2,
                burst_memory=2,
                trend_periods=24,
                needs_rising_terms=True,
            )
        if unit == "year":
            return replace(
                cls(),
                unit="year",
                recent_periods=3,
                base_periods=5,
                # Ten documents in three years, not five: on the neural-network patents the
                # topics flagged with 6-8 were each a handful of unrelated grants (7 of 15
                # flags, one touching the stable baseball control); on ACL it changes 2 of
                # 126 flags (benchmarks/README.md).
                min_recent_docs=10,
                spike_drop=0,
                spikes_can_emerge=True,
                min_z=2.5,
                persist_periods=2,
                new_max_age=3,
                new_min_history=3,
                min_base_periods=3,
                new_min_docs=3,
                new_min_periods=2,
                new_min_sources=3,
                burst_memory=1,
                trend_periods=10,
                needs_rising_terms=True,
            )
        raise ValueError(f"unknown period unit {unit!r}; use week, month or year")


# What a deployment reads decides which evidence a flag needs:
# - ``mixed`` (publications, patents and news): a rise carried by the press alone is media
#   attention, so a flag needs publications or patents (``min_research_docs``);
# - ``research`` (publications and patents only): the same rule, which every topic meets;
# - ``news`` (press only): the research-evidence rule is off, or nothing could ever be flagged;
#   the spike and burst rules still keep one loud week from counting as emergence.
DEPLOYMENTS: dict[str, dict[str, object]] = {
    "mixed": {},
    "research": {},
    "news": {"min_research_docs": 0},
}
TUNABLE = tuple(f.name for f in fields(EmergenceParams) if f.name not in ("unit", "porter"))


def resolve_params(
    unit: Unit,
    *,
    preset: str = "mixed",
    overrides: Mapping[str, object] | None = None,
    unit_overrides: Mapping[str, Mapping[str, object]] | None = None,
) -> EmergenceParams:
    """The unit's defaults, then the deployment preset, then ``overrides`` (every unit), then
    ``unit_overrides[unit]``; an unknown name raises ValueError naming the nearest one."""
    if preset not in DEPLOYMENTS:
        choices = ", ".join(DEPLOYMENTS)
        raise ValueError(f"unknown emergence preset {preset!r}; use one of {choices}")
    params = EmergenceParams.for_unit(unit)
    layers = [DEPLOYMENTS[preset], overrides or {}, (unit_overrides or {}).get(unit, {})]
    for layer in layers:
        for name in layer:
            if name not in TUNABLE:
                near = difflib.get_close_matches(name, TUNABLE, n=1)
                hint = f"; did you mean {near[0]!r}?" if near else ""
                raise ValueError(f"unknown emergence threshold {name!r}{hint}")
        # Field names come from the config, so the values are as dynamic as the names;
        # _typed has checked each against its field's type.
        changes: dict[str, Any] = {k: _typed(params, k, v) for k, v in layer.items()}
        params = replace(params, **changes)
    return params


def _typed(params: EmergenceParams, name: str, value: object) -> object:
    """``value`` as the type of the field it sets (a TOML integer may set a float)."""
    current = getattr(params, name)
    if isinstance(current, bool):
        if not isinstance(value, bool):
            raise ValueError(f"emergence threshold {name!r} is true or false, not {value!r}")
        return value
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"emergence threshold {name!r} needs a number, not {value!r}")
    if isinstance(current, int) and not float(value).is_integer():
        raise ValueError(f"emergence threshold {name!r} needs a whole number, not {value!r}")
    if value < 0:
        raise ValueError(f"emergence threshold {name!r} cannot be negative ({value!r})")
    return type(current)(value)
