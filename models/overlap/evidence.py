"""The words of an overlap score: which topic terms meet an industry, and the evidence lines.

Kept apart from the arithmetic in :mod:`models.overlap.scoring` because analysts read these lines
in the report and the regional alerts; they must name the industries, terms, figures and patent
classes behind a score in plain words, and that formatting changes for other reasons than the
score.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from models.overlap.concordance import PatentIndustryProfile, ipc_titles
from models.overlap.records import IndustryMatch, Partner
from models.overlap.regions import Industry, RegionProfile

MIN_PATENT_SHARE = 0.05
_TOKEN = re.compile(r"[a-z0-9]+")
# Words too common in topic terms and industry texts to show that the two are about the same thing.
_STOPWORD_TEXT = """a an and for from in into of on or the to with by via using based new
system systems method methods use products product manufacture"""
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())
# Caches are bounded: terms and industry texts repeat across topics, but a long-running server
# must not keep every string it ever saw.


@lru_cache(maxsize=65536)
def _stem(token: str) -> str:
    for suffix, repl in (("ies", "y"), ("ing", ""), ("es", ""), ("s", "")):
        if token.endswith(suffix) and len(token) - len(suffix) >= 4:
            return token[: -len(suffix)] + repl
    return token


@lru_cache(maxsize=65536)
def _stems(text: str) -> frozenset[str]:
    return frozenset(
        _stem(t) for t in _TOKEN.findall(text.lower()) if t not in _STOPWORDS and len(t) > 2
    )


def matching_terms(terms: Sequence[str], industry: Industry) -> tuple[str, ...]:
    """The topic terms that share a word with the industry's title, description or keywords.

    Words are compared after dropping common endings and on their first five letters, so
    "robots", "robotic" and "robot" meet; this is the part of the explanation an analyst can
    check by eye, so it stays lexical rather than embedding-based.
    """
    vocabulary, prefixes = _vocabulary(
        " ".join([industry.title, industry.description, *industry.keywords])
    )
    found = []
    for term in terms:
        stems = _stems(term)
        if any(s in vocabulary or (len(s) >= 5 and s[:5] in prefixes) for s in stems):
            found.append(term)
    return tuple(found)


@lru_cache(maxsize=4096)
def _vocabulary(text: str) -> tuple[frozenset[str], frozenset[str]]:
    stems = _stems(text)
    return stems, frozenset(s[:5] for s in stems if len(s) >= 5)


def evidence_lines(
    profile: RegionProfile,
    matches: Sequence[IndustryMatch],
    chosen: Sequence[IndustryMatch],
    patents: PatentIndustryProfile,
    partners: Sequence[Partner],
    terms: Sequence[str],
) -> tuple[str, ...]:
    """Sentences behind one (topic, region) score, most important first.

    One line per relevant industry (similarity, best keywords, matching topic terms, LQ and
    employment), the patent classes that point at it, the cross-link, and the partner regions.
    Patent lines appear only where the concordance gives the industry at least a
    ``MIN_PATENT_SHARE`` share, so an analyst is not shown 1 % links as evidence.
    """
    lines = [_industry_line(profile.industry(m.nace), m) for m in chosen]
    if not chosen:
        best = max(matches, key=lambda m: m.score)
        lines.append(
            f"no industry of {profile.id} is relevant; closest: {best.nace} {best.title} "
            f"(similarity {best.similarity:.2f})"
        )
    titles = ipc_titles()
    for m in chosen:
        contributors = patents.contributors(m.nace)
        if m.patent_share >= MIN_PATENT_SHARE and contributors:
            classes = ", ".join(
                f"{c} {_short(titles.get(c, ''))} ({n})" for c, n, _ in contributors
            )
            lines.append(
                f"patent classes {classes} → {m.nace} (Fraunhofer ISI share {m.patent_share:.2f})"
            )
    if len(chosen) >= 2:
        lines.append("cross-link: " + " × ".join(f"{m.nace} {m.title}" for m in chosen))
    if terms and not any(m.terms for m in chosen):
        lines.append("topic terms: " + ", ".join(terms[:5]))
    for p in partners:
        extra = f" (complementary: {', '.join(p.complementary)})" if p.complementary else ""
        lines.append(f"partner {p.region_id}: {', '.join(p.industries)}{extra}")
    return tuple(lines)


def _industry_line(industry: Industry, match: IndustryMatch) -> str:
    figures = []
    if industry.lq is not None:
        figures.append(f"LQ {industry.lq:.2f}")
    if industry.employed is not None:
        figures.append(f"{industry.employed:,} employed")
    words = f", keywords: {', '.join(match.keywords)}" if match.keywords else ""
    terms = f", terms: {', '.join(match.terms)}" if match.terms else ""
    stats = f"; {', '.join(figures)}" if figures else ""
    return f"{match.nace} {match.title} — similarity {match.similarity:.2f}{words}{terms}{stats}"


def _short(title: str) -> str:
    """The first clause of an IPC title: 'Hand tools; portable ...' → 'Hand tools'."""
    return title.split(";")[0].split(",")[0].strip()
