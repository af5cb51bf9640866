"""One topic's indicators, the status they add up to, the reasons, and the combined score.

The status rules, in order of precedence (thresholds in :class:`EmergenceParams`):

``new``       first documents less than ``new_max_age`` periods ago, after enough periods of
              data without it, enough documents outside its best period, in several periods,
              no significant spike, not fading; or (years: ``new_min_sources``) first seen
              this period, in many sources at once;
``burst``     a Kleinberg burst within the last ``burst_memory`` periods whose peak towers
              significantly over the periods around it — a spike, still on or faded. It is
              decided before ``emerging``, so a spike is never emerging, not even in its week
              (yearly data: after ``emerging``, see ``spikes_can_emerge``);
``emerging``  share well above the base window even without its strongest recent period
              (sustained, significant, present in most recent periods);
``growing``   significant upward share trend of an established topic;
``declining`` significant downward share trend, or recent share far below the base;
              (a ``new`` or ``emerging`` topic none of whose terms rises is ``growing``
              where ``needs_rising_terms``: see ``term_evidence``; one seen mostly in the news
              is ``growing`` and held back: see ``research_evidence``; one that continues a
              subject flagged in an earlier period is ``growing``, not held back: see
              ``continuation_evidence``)
``stable``    anything else.

The ``score`` (higher = more emerging, comparable across topics) adds ``log2`` of the
sustained growth (clipped to -3..5), novelty (1 for a topic born this period, falling to 0 at
twice ``new_max_age``, plus the share of its core terms that are new), the Porter EScore when
eligible, breadth (one step per dimension — sources, organisations, countries — with at least
two distinct values), a bonus when publications came first and other kinds followed, and a
penalty for a burst; each part has its weight in :class:`EmergenceParams`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from models.emergence.burst import Burst, BurstResult, detect_bursts
from models.emergence.params import EmergenceParams
from models.emergence.porter import PorterResult, porter_score
from models.emergence.signals import Spike, WindowGrowth, log_linear_trend, spike, window_growth

# The usual path of a technology: research papers, then patents, then the press.
PROGRESSION = ("publication", "patent", "news")
RESEARCH_KINDS = frozenset(PROGRESSION[:2])
_KIND_WORDS = {"publication": "publications", "patent": "patents", "news": "news"}
_BREADTH_WORDS = {"n_sources": "sources", "n_orgs": "organisations", "n_countries": "countries"}


@dataclass(frozen=True)
class Indicators:
    """Everything the status, the reasons and the score are decided from."""

    age: int
    start: int  # index of the topic's first period within the window (0 if before it)
    history: int  # periods with documents (of any topic) before the topic's first one
    growth: WindowGrowth
    trend_change: float  # relative change of the share over the trend span
    trend_z: float
    trend_span: int
    top: Spike  # the topic's best period against its neighbours (window indices)
    last_two: float  # share of the last two periods
    fading: bool
    outside_peak: int  # documents outside the best period
    present: int  # periods with documents since the first
    bursts: BurstResult
    recent_burst: Burst | None
    burst_spike: Spike | None
    porter: PorterResult


def indicators(
    n: np.ndarray, total: np.ndarray, age: int, community: int | None, p: EmergenceParams
) -> Indicators:
    """All indicators of one topic: ``n`` its counts, ``total`` all documents, per period."""
    last = len(n) - 1
    start = max(0, last - age)
    life_n, life_t = n[start:], total[start:]
    growth = window_growth(
        n, total, recent=p.recent_periods, base=p.base_periods, drop=p.spike_drop, alpha=p.alpha
    )
    trend_from = max(start, last + 1 - p.trend_periods)
    slope, trend_z = log_linear_trend(n[trend_from:], total[trend_from:])
    top = spike(life_n, life_t, alpha=p.alpha, width=p.spike_width)
    top = Spike(top.peak + start, top.ratio, top.z)
    share = n / np.where(total > 0, total, 1)
    last_two = n[-2:].sum() / total[-2:].sum() if total[-2:].sum() > 0 else 0.0
    bursts = detect_bursts(n, total, s=p.burst_s, gamma=p.burst_gamma)
    recent = [b for b in bursts.bursts if b.end >= last - p.burst_memory]
    burst_spike = None
    if recent:
        b = recent[-1]
        at = b.start + int(np.argmax(share[b.start : b.end + 1]))
        found = spike(life_n, life_t, alpha=p.alpha, width=p.spike_width, at=at - start)
        burst_spike = Spike(at, found.ratio, found.z)
    return Indicators(
        age=age,
        start=start,
        history=int((total[:start] > 0).sum()) if age <= last else 0,
        growth=growth,
        trend_change=math.exp(min(slope * (last - trend_from), 50.0)) - 1,
        trend_z=trend_z,
        trend_span=last - trend_from + 1,
        top=top,
        last_two=float(last_two),
        fading=bool(last_two < p.fade_ratio * share[top.peak]),
        outside_peak=int(life_n.sum() - n[top.peak]),
        present=int((life_n > 0).sum()),
        bursts=bursts,
        recent_burst=recent[-1] if recent else None,
        burst_spike=burst_spike,
        porter=porter_score(n, total, community=community, params=p.porter),
    )


def _pct(share: float) -> str:
    return "n/a" if math.isnan(share) else f"{share * 100:.1f} %"


def ago(k: int, unit: str) -> str:
    """``this week``, ``1 week ago``, ``3 weeks ago``."""
    return f"this {unit}" if k == 0 else f"{plural(k, unit)} ago"


def plural(k: int, unit: str) -> str:
    """``1 week``, ``3 weeks``."""
    return f"{k} {unit}{'' if k == 1 else 's'}"


def _towers(s: Spike, p: EmergenceParams) -> bool:
    """Whether a period stands out from its neighbours as a spike: far above and significant."""
    return s.ratio >= p.spike_ratio and s.z >= p.spike_z


def status_of(
    ind: Indicators,
    n: np.ndarray,
    total: np.ndarray,
    periods: list[str],
    p: EmergenceParams,
    sources: int | None = None,
) -> tuple[str, str]:
    """(status, the reason for it with its numbers). ``sources``: how many the topic's documents
    come from (None when not known)."""
    unit, g = p.unit, ind.growth
    burst = ind.burst_spike
    if burst is not None and (n[burst.peak] < p.burst_min_docs or not _towers(burst, p)):
        burst = None
    is_emerging = (
        g.sustained_growth >= p.emerging_growth
        and g.sustained_z >= p.min_z
        and g.sustained_docs >= p.min_recent_docs
        and g.present >= p.persist_periods
        and g.base_periods >= p.min_base_periods
    )
    trend = (
        f"share {relative_change(ind.trend_change)} over the last {plural(ind.trend_span, unit)} "
        f"(trend z = {ind.trend_z:.1f})"
    )
    if (
        ind.age < p.new_max_age
        and ind.history >= p.new_min_history
        and ind.outside_peak >= p.new_min_docs
        and ind.present >= p.new_min_periods
        and not _towers(ind.top, p)
        and not ind.fading
    ):
        return "new", (
            f"new: first documents {ago(ind.age, unit)} ({periods[ind.start]}), "
            f"{int(n[ind.start :].sum())} documents in {plural(ind.present, unit)}, not fading "
            f"(last two {unit}s at {_pct(ind.last_two)} of all documents)"
        )
    if _new_everywhere_at_once(ind, n, p, sources):
        return "new", (
            f"new: first documents this {unit} ({periods[-1]}), {int(n[-1])} documents from "
            f"{sources} sources at once ({_pct(n[-1] / total[-1])} of the {unit})"
        )
    if burst is not None and not (p.spikes_can_emerge and is_emerging):
        at = burst.peak
        state = "still on" if ind.bursts.states[-1] else f"faded to {_pct(ind.last_two)}"
        return "burst", (
            f"burst: {int(n[at])} documents in {periods[at]} ({_pct(n[at] / total[at])} of the "
            f"{unit}, {burst.ratio:.0f}x the {unit}s around it), {state}: "
            "a spike, not sustained growth"
        )
    if is_emerging:
        without = f" even without its strongest {unit}" if p.spike_drop else ""
        return "emerging", (
            f"emerging: share {g.sustained_growth:.1f}x the base period{without} "
            f"(z = {g.sustained_z:.1f}), documents in {g.present} of the last "
            f"{plural(p.recent_periods, unit)}"
        )
    if (
        ind.age >= p.new_max_age
        and ind.trend_z >= p.trend_min_z
        and ind.trend_change >= p.growing_change
        and g.present >= p.persist_periods
    ):
        return "growing", f"growing: {trend}"
    if (ind.trend_z <= -p.trend_min_z and ind.trend_change <= p.declining_change) or (
        g.growth <= 1 + p.declining_change and g.z <= -p.min_z
    ):
        return "declining", f"declining: {trend}; {growth_reason(g)}"
    return "stable", f"stable: no significant change ({trend})"


def _new_everywhere_at_once(
    ind: Indicators, n: np.ndarray, p: EmergenceParams, sources: int | None
) -> bool:
    """A subject that appears in its first period in many sources at once (``new_min_sources``):
    a spike by shape, but not one venue's event."""
    return bool(
        p.new_min_sources
        and ind.age == 0
        and ind.history >= p.new_min_history
        and n[-1] >= p.min_recent_docs
        and sources is not None
        and sources >= p.new_min_sources
    )


def relative_change(change: float) -> str:
    """A relative change as a reader takes it in: "+45%", "-52%", but "3.2x" once it has
    doubled ("+25489%" says less than "256x")."""
    if change < 1:
        return f"{change:+.0%}"
    factor = round(1 + change, 1)
    return f"{factor:.1f}x" if factor < 10 else f"{factor:,.0f}x"


def term_evidence(status: str, lead: str, extra: dict, p: EmergenceParams) -> tuple[str, str]:
    """A ``new`` or ``emerging`` topic none of whose terms rises is ``growing``, saying why
    (when ``needs_rising_terms``). ``extra``: the topic's ``origin`` and ``rising_terms``."""
    if status not in ("new", "emerging") or not p.needs_rising_terms:
        return status, lead
    if extra.get("rising_terms") or str(extra.get("origin") or "").startswith("terms: "):
        return status, lead
    return "growing", (
        f"growing: {lead.partition(': ')[2]}; none of its own terms rises with it (the clustering "
        f"may have redrawn its borders), so not flagged as {status}"
    )


def continuation_evidence(status: str, lead: str, extra: dict) -> tuple[str, str]:
    """A ``new`` or ``emerging`` topic that continues a subject flagged in an earlier period is
    ``growing``, saying which (``extra["continues"]``: a
    :class:`~models.emergence.continuation.Continuation`)."""
    found = extra.get("continues")
    if status not in ("new", "emerging") or found is None:
        return status, lead
    earlier = (
        f"flagged in {found.period}"
        if found.via is None
        else f"held back in {found.period} as a continuation of {found.via}"
    )
    return "growing", (
        f"growing: {lead.partition(': ')[2]}; it continues {found.topic_id}, {earlier} "
        f"(centroid similarity {found.similarity:.2f}, {found.z:.1f} standard deviations above "
        f"its similarity to the other topics), so not flagged as {status}"
    )


def research_evidence(
    status: str, lead: str, research: int | None, p: EmergenceParams
) -> tuple[str, str]:
    """A ``new`` or ``emerging`` topic with too few recent publications and patents is
    ``growing``, saying why. ``research``: those documents in the recent periods (None when the
    kinds of the documents are not known)."""
    if status not in ("new", "emerging") or research is None or research >= p.min_research_docs:
        return status, lead
    evidence = (
        "only news so far, no publication or patent"
        if research == 0
        else f"only {research} publication(s) or patent(s) in the last "
        f"{plural(p.recent_periods, p.unit)} (a flag needs {p.min_research_docs})"
    )
    return "growing", f"growing: {lead.partition(': ')[2]}; {evidence}, so not flagged as {status}"


def growth_reason(g: WindowGrowth) -> str:
    """``share up 4.2x vs base period (0.4 % → 1.7 %)``."""
    if math.isnan(g.growth):
        return f"no base period yet (recent share {_pct(g.share_recent)})"
    direction = "up" if g.growth >= 1.05 else "down to" if g.growth <= 0.95 else "flat at"
    change = f"{direction} {g.growth:.1f}x vs base period"
    return f"share {change} ({_pct(g.share_base)} → {_pct(g.share_recent)})"


def supporting_reasons(
    ind: Indicators,
    periods: list[str],
    first_kinds: dict[str, str],
    order: list[str],
    extra: dict,
    p: EmergenceParams,
) -> list[str]:
    """The indicators in words, whatever the status."""
    since = periods[ind.start] if ind.age < len(periods) else "before the window"
    reasons = [
        growth_reason(ind.growth),
        f"first documents {ago(ind.age, p.unit)} ({since})",
    ]
    bursts = ind.bursts
    if bursts.states[-1]:
        b = bursts.bursts[-1]
        reasons.append(f"in a burst since {periods[b.start]} (weight {b.weight:.1f})")
    elif ind.recent_burst is not None:
        b = ind.recent_burst
        reasons.append(
            f"burst {periods[b.start]} to {periods[b.end]} (weight {b.weight:.1f}), over"
        )
    porter = ind.porter
    verdict = "eligible" if porter.eligible else "not eligible: " + "; ".join(porter.failed)
    reasons.append(f"Porter EScore {porter.escore:.2f} ({verdict})")
    seen = [f"{extra[k]} {w}" for k, w in _BREADTH_WORDS.items() if extra.get(k) is not None]
    if seen:
        reasons.append("seen in " + ", ".join(seen))
    if len(order) > 1:
        words = [f"{_KIND_WORDS.get(order[0], order[0])} first ({first_kinds[order[0]]})"]
        words += [f"{_KIND_WORDS.get(k, k)} from {first_kinds[k]}" for k in order[1:]]
        reasons.append(", ".join(words))
    origin = str(extra.get("origin") or "")
    origin_terms = origin[len("terms: ") :].split(", ") if origin.startswith("terms: ") else []
    if origin_terms:
        reasons.append(
            f"found by its rising terms ({', '.join(origin_terms)}), not yet a cluster of its own"
        )
    held = [t for t in extra.get("rising_terms") or () if t not in origin_terms]
    if held:
        reasons.append(f"its own terms rise with it ({', '.join(held[:5])})")
    if extra.get("new_term_share") is not None:
        reasons.append(f"{extra['new_term_share']:.0%} of its core terms first seen recently")
    return reasons


def combined_score(
    ind: Indicators, status: str, order: list[str], extra: dict, p: EmergenceParams
) -> float:
    """Higher = more emerging; the parts are listed in the module docstring."""
    g = ind.growth.sustained_growth
    growth = float(np.clip(math.log2(g), -3, 5)) if g > 0 and not math.isnan(g) else 0.0
    novelty = max(0.0, 1 - ind.age / (2 * p.new_max_age)) + (extra.get("new_term_share") or 0.0)
    porter = float(np.clip(ind.porter.escore, -4, 8)) if ind.porter.eligible else 0.0
    broad = sum(1 for k in _BREADTH_WORDS if (extra.get(k) or 0) >= 2)
    progression = len(order) > 1 and order[0] == PROGRESSION[0]
    return (
        growth
        + p.novelty_weight * novelty
        + p.porter_weight * porter
        + p.breadth_weight * broad
        + p.progression_weight * progression
        - p.burst_penalty * (status == "burst")
    )
