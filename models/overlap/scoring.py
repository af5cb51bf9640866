"""Which regions' industries a topic touches, and where it links two industries of one region.

Pure scoring: embeddings, terms, patent classes and profiles in; scores with their explanation
out. No I/O and no model loading, so the weekly flow and the tests feed it the same way.

How a (topic t, region r) score is built
----------------------------------------
1. **Text evidence** per industry i of r. Each industry is embedded as several facets: its
   whole text (NACE title, description, keywords; :func:`industry_texts`) and each keyword on
   its own (:func:`industry_facets`). The similarity is
   ``sim = max(cos(centroid, whole text), 0.75 * best + 0.25 * second-best keyword cosine)``: a
   long text averages many meanings and matches nothing strongly, while a single keyword is
   sharp but noisy, so the second-best keyword must lend some support. ``sim`` is mapped
   linearly onto [0, 1]:
   ``text = clip((sim - sim_floor) / (sim_full - sim_floor), 0, 1)``. With all-MiniLM-L6-v2,
   unrelated topic/industry pairs sit below ~0.3 and clearly related ones above ~0.45; with the
   defaults, text alone makes an industry relevant (step 4) from ``sim = 0.425``.
2. **Patent evidence** (topics with patents): the Fraunhofer ISI concordance gives
   P(division | topic) over the topic's IPC/CPC classes (:mod:`models.overlap.concordance`);
   ``patent = min(1, P / patent_full_share)``.
3. **Combined evidence** (noisy-OR, so patents can only add):
   ``s = 1 - (1 - text) * (1 - beta * patent)`` with
   ``beta = patent_weight * min(1, n_classes / patent_full_count)``: a topic with few patent
   class mentions gets little say from them, and ``patent_weight < industry_threshold`` means
   patent evidence alone never makes an industry relevant: the text must agree a little.
4. An industry is **relevant** when ``s >= industry_threshold``. A topic relevant to at least
   two distinct industries of the same region is a **cross-link** for that region.
5. **Region relevance** (0-100), in the spirit of relatedness density (Hidalgo et al. 2018,
   Balland et al. 2019: a region is well placed for an activity when it is specialised in
   closely related activities). Each industry carries a weight from its specialisation,
   ``w = sqrt(lq_part * employment_part)`` with ``lq_part = clip(LQ / 2, 0.3, 1)`` and
   ``employment_part = clip(0.5 + 0.5 * log10(employed / 2000), 0.5, 1)`` (2,000 persons gives
   0.5, 20,000 or more gives 1; missing figures count as LQ 1 and 6,300 persons), and
   ``relevance = 100 * (1 - prod_i (1 - w_i * s_i ** 2))``. Unlike the textbook density, which
   averages over every industry of the economy, the noisy-OR runs over the profile's industries
   only, so a region does not lose relevance by listing more industries; squaring ``s`` keeps
   many weakly related industries from adding up to a high score, so a region needs at least
   one clearly related, specialised industry to rank a topic high.
6. **Partners** of r for t: the other regions with at least one relevant industry, best first;
   their *complementary* industries are the relevant ones r itself lacks for this topic.

Every score carries ``evidence``: the industries, matching topic terms, figures and patent classes
behind it, as sentences an analyst can read in the report.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from models.overlap.concordance import PatentIndustryProfile, patent_industry_profile
from models.overlap.evidence import evidence_lines, matching_terms
from models.overlap.records import IndustryMatch, Partner
from models.overlap.regions import Industry, RegionProfile

IndustryKey = tuple[str, str]


@dataclass(frozen=True)
class OverlapParams:
    """Tuning of the overlap score; the module docstring says what each one does."""

    sim_floor: float = 0.25
    sim_full: float = 0.60
    patent_weight: float = 0.4
    patent_full_share: float = 0.25
    patent_full_count: int = 10
    industry_threshold: float = 0.5
    max_partners: int = 5


@dataclass(frozen=True)
class TopicRegionScore:
    """The overlap of one topic with one region, with the reasons for it."""

    topic_id: str
    region_id: str
    relevance: float
    industries: tuple[IndustryMatch, ...]
    cross_link: bool
    partners: tuple[Partner, ...]
    evidence: tuple[str, ...]

    def as_report_entry(self) -> dict[str, Any]:
        """The region-topic object of ``report.json``."""
        return {
            "topic_id": self.topic_id,
            "relevance": round(self.relevance, 1),
            "industries": [m.nace for m in self.industries],
            "cross_link": self.cross_link,
            "partners": [p.region_id for p in self.partners],
            "evidence": list(self.evidence),
        }


def industry_texts(profiles: Sequence[RegionProfile]) -> dict[IndustryKey, str]:
    """The text embedded for each (region id, NACE code): title, description and keywords.

    Cluster names are left out: they are proper names (often not English) that carry no meaning
    for the embedding model; what the clusters do belongs in the description and keywords.
    """
    texts: dict[IndustryKey, str] = {}
    for profile in profiles:
        for industry in profile.industries:
            parts = [industry.title.rstrip(".") + "."]
            if industry.description:
                parts.append(industry.description.strip())
            if industry.keywords:
                parts.append("Keywords: " + ", ".join(industry.keywords) + ".")
            texts[(profile.id, industry.nace)] = " ".join(parts)
    return texts


def industry_facets(profiles: Sequence[RegionProfile]) -> dict[IndustryKey, list[str]]:
    """The texts to embed per industry: the whole text first, then each keyword on its own."""
    texts = industry_texts(profiles)
    return {
        (p.id, i.nace): [texts[(p.id, i.nace)], *i.keywords] for p in profiles for i in p.industries
    }


def embed_industries(
    profiles: Sequence[RegionProfile], encode: Callable[[list[str]], np.ndarray]
) -> dict[IndustryKey, np.ndarray]:
    """Embed every facet with ``encode`` (one call) into the input :func:`score_overlap` takes."""
    facets = industry_facets(profiles)
    flat = [text for texts in facets.values() for text in texts]
    vectors = np.asarray(encode(flat))
    out: dict[IndustryKey, np.ndarray] = {}
    start = 0
    for key, texts in facets.items():
        out[key] = vectors[start : start + len(texts)]
        start += len(texts)
    return out


def score_overlap(
    topic_ids: Sequence[str],
    centroids: np.ndarray,
    topic_terms: Sequence[Sequence[str]],
    topic_classes: Sequence[Sequence[str]],
    profiles: Sequence[RegionProfile],
    industry_embeddings: Mapping[IndustryKey, np.ndarray],
    params: OverlapParams = OverlapParams(),
) -> list[TopicRegionScore]:
    """Score every (topic, region) pair; topics in input order, regions in profile order.

    ``centroids`` is n_topics x d (any scale; rows are normalised here); ``topic_terms`` and
    ``topic_classes`` hold, per topic, its top terms and the IPC/CPC symbols of its patents
    (one per occurrence; empty for topics without patents). ``industry_embeddings`` holds per
    industry either the rows of :func:`embed_industries` (whole text, then one row per keyword)
    or a single vector of the whole text. The defaults are calibrated for the facets; whole-text
    vectors alone give lower similarities and so fewer relevant industries.
    """
    if not topic_ids or not profiles:
        return []
    n_topics = len(topic_ids)
    if not (centroids.shape[0] == len(topic_terms) == len(topic_classes) == n_topics):
        raise ValueError("topic_ids, centroids, topic_terms and topic_classes differ in length")
    keys = [(p.id, i.nace) for p in profiles for i in p.industries]
    missing = [k for k in keys if k not in industry_embeddings]
    if missing:
        raise ValueError(f"no embedding for industries {missing[:5]}; use embed_industries()")
    blocks = [np.atleast_2d(industry_embeddings[k]) for k in keys]
    bounds = np.cumsum([0, *(len(b) for b in blocks)])
    cosines = _cosine(np.atleast_2d(centroids), np.vstack(blocks))
    span = {key: (int(bounds[j]), int(bounds[j + 1])) for j, key in enumerate(keys)}
    scores: list[TopicRegionScore] = []
    for t, topic_id in enumerate(topic_ids):
        patents = patent_industry_profile(topic_classes[t])
        matches = {
            p.id: [
                _match(
                    industry,
                    cosines[t, slice(*span[(p.id, industry.nace)])],
                    patents,
                    topic_terms[t],
                    params,
                )
                for industry in p.industries
            ]
            for p in profiles
        }
        relevance = {rid: _relevance(ms) for rid, ms in matches.items()}
        relevant = {
            rid: sorted(
                (m for m in ms if m.score >= params.industry_threshold), key=lambda m: -m.score
            )
            for rid, ms in matches.items()
        }
        for profile in profiles:
            partners = _partners(profile.id, relevant, relevance, params.max_partners)
            chosen = tuple(relevant[profile.id])
            scores.append(
                TopicRegionScore(
                    topic_id=topic_id,
                    region_id=profile.id,
                    relevance=relevance[profile.id],
                    industries=chosen,
                    cross_link=len(chosen) >= 2,
                    partners=partners,
                    evidence=evidence_lines(
                        profile, matches[profile.id], chosen, patents, partners, topic_terms[t]
                    ),
                )
            )
    return scores


def _cosine(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    a = a / np.clip(np.linalg.norm(a, axis=1, keepdims=True), 1e-12, None)
    b = b / np.clip(np.linalg.norm(b, axis=1, keepdims=True), 1e-12, None)
    return a @ b.T


def industry_weight(industry: Industry) -> float:
    """How much a region's specialisation in this industry counts (module docstring, step 5)."""
    lq = industry.lq if industry.lq is not None else 1.0
    employed = industry.employed if industry.employed is not None else 6300
    lq_part = min(1.0, max(0.3, lq / 2))
    employment_part = min(1.0, max(0.5, 0.5 + 0.5 * math.log10(max(employed, 1) / 2000)))
    return math.sqrt(lq_part * employment_part)


def _match(
    industry: Industry,
    cosines: np.ndarray,
    patents: PatentIndustryProfile,
    terms: Sequence[str],
    params: OverlapParams,
) -> IndustryMatch:
    """Evidence for one industry; ``cosines`` = [whole text, keyword 1, keyword 2, ...]."""
    sim = float(cosines[0])
    keywords: tuple[str, ...] = ()
    if len(cosines) > 1 and len(cosines) - 1 == len(industry.keywords):
        order = np.argsort(-cosines[1:], kind="stable")[:2]
        best = cosines[1:][order]
        sim = max(sim, float(best[0] if len(best) == 1 else 0.75 * best[0] + 0.25 * best[1]))
        keywords = tuple(industry.keywords[j] for j in order if cosines[1 + j] >= params.sim_floor)
    text = min(1.0, max(0.0, (sim - params.sim_floor) / (params.sim_full - params.sim_floor)))
    share = patents.shares.get(industry.nace, 0.0)
    beta = params.patent_weight * min(1.0, patents.n_mapped / params.patent_full_count)
    patent = min(1.0, share / params.patent_full_share)
    score = 1 - (1 - text) * (1 - beta * patent)
    return IndustryMatch(
        nace=industry.nace,
        title=industry.title,
        similarity=sim,
        patent_share=share,
        score=score,
        weight=industry_weight(industry),
        terms=matching_terms(terms, industry),
        keywords=keywords,
    )


def _relevance(matches: Sequence[IndustryMatch]) -> float:
    miss = 1.0
    for m in matches:
        miss *= 1 - m.weight * m.score**2
    return 100 * (1 - miss)


def _partners(
    region_id: str,
    relevant: Mapping[str, Sequence[IndustryMatch]],
    relevance: Mapping[str, float],
    limit: int,
) -> tuple[Partner, ...]:
    own = {m.nace for m in relevant[region_id]}
    others = sorted(
        (rid for rid, ms in relevant.items() if rid != region_id and ms),
        key=lambda rid: (-relevance[rid], rid),
    )
    return tuple(
        Partner(
            region_id=rid,
            relevance=relevance[rid],
            industries=tuple(m.nace for m in relevant[rid]),
            complementary=tuple(m.nace for m in relevant[rid] if m.nace not in own),
        )
        for rid in others[:limit]
    )
