"""A realistic weekly report for the renderer tests, built without the warehouse.

Fifteen topics (five flagged), the eleven partner regions and fourteen sources, two of which
failed. Region ids, names and their most specialised NACE divisions follow
``shared/data/regions/partner_regions.json`` (Eurostat SBS 2015, top location quotients); the
topics, documents and figures are invented but shaped like a weekly run's output. DOIs use the
Crossref test prefix 10.5555 and other links ``*.example.org``, so no link points at a real
document.
"""

from __future__ import annotations

import math
import random
from datetime import UTC, date, datetime, timedelta

from reports.schema import (
    Coverage,
    EvidenceDocument,
    FlaggedTopic,
    Indicator,
    Industry,
    LandscapePoint,
    LineageEvent,
    Methodology,
    Partner,
    RankedTopic,
    Region,
    RegionTopic,
    ReportData,
    RisingTerm,
    SourceCoverage,
    TopicCard,
    WatchedTopic,
)

WEEK = "2026-W47"
WEEKS = [f"2026-W{n:02d}" for n in range(22, 48)]
GENERATED = datetime(2026, 11, 23, 6, 12, tzinfo=UTC)

# Per topic three lines: id | label | status | score | growth | age (weeks) | kinds; the NACE
# divisions it relates to; its top terms.
_TOPIC_TABLE = """
T0042 | Solid-state battery electrolytes | emerging | 4.62 | 4.2 | 40 | publication patent news
  C27 C29 C20
  solid electrolyte; sulfide electrolyte; lithium metal anode; garnet LLZO; interfacial resistance
T0017 | PEM and AEM water electrolysers | emerging | 3.91 | 3.4 | 58 | publication patent news
  C27 D35 C20 C28
  anion exchange membrane; iridium loading; green hydrogen; electrolyser stack; bipolar plate
T0103 | Large language models for code generation | new | 3.55 | - | 5 | publication news
  J58 J61 M70
  code generation; large language model; program synthesis; unit test generation
T0088 | Perovskite-silicon tandem solar cells | emerging | 3.12 | 3.1 | 70 | publication patent
  C27 D35 C23
  perovskite; tandem cell; silicon bottom cell; power conversion efficiency; passivation
T0121 | Precision fermentation of food proteins | new | 2.87 | - | 4 | publication news
  C10 C11 C21 C20
  precision fermentation; recombinant protein; whey protein; yeast host; food ingredient
T0009 | Digital twins of production lines | growing | 1.94 | 1.8 | 95 | publication patent news
  C28 C29 C25
  digital twin; production line; simulation model; virtual commissioning
T0031 | Timber-concrete composite construction | growing | 1.61 | 1.7 | 88 | publication patent
  C16 F41 C23 F43
  timber-concrete composite; cross-laminated timber; shear connector; floor slab
T0054 | Hydrometallurgical battery recycling | burst | 0.82 | 2.6 | 80 | news patent
  C24 C20
  black mass; hydrometallurgy; leaching; cobalt recovery
T0060 | Heat pumps for industrial process heat | stable | 0.71 | 1.1 | 102 | publication patent
  C28 D35 C10 C17
  high-temperature heat pump; process heat; refrigerant; waste heat recovery
T0023 | Vibration-based predictive maintenance | stable | 0.44 | 1.0 | 102 | publication patent
  C28 C25 C24
  predictive maintenance; vibration signal; bearing fault; remaining useful life
T0071 | Recycled plastics for food-contact packaging | stable | 0.38 | 0.9 | 102 | news patent
  C22 C10 C11
  food-contact material; recycled PET; decontamination; multilayer film
T0095 | Agrivoltaics | growing | 1.22 | 1.6 | 76 | publication news
  D35 C10
  agrivoltaic system; crop yield; bifacial module; land use
T0077 | Ransomware attacks on manufacturers | burst | 0.15 | 2.1 | 101 | news
  N80 J61 M70
  ransomware; production outage; operational technology; incident response
T0012 | Diesel exhaust aftertreatment | declining | -1.35 | 0.5 | 103 | patent publication
  C29 C28 C19
  selective catalytic reduction; diesel particulate filter; urea dosing; NOx sensor
T0004 | Tool wear in CNC machining | declining | -1.62 | 0.6 | 103 | publication patent
  C25 C28
  tool wear; cutting force; CNC machining; surface roughness
"""


TopicRow = tuple[str, str, str, float, float | None, int, list[str], list[str], list[str]]


def _topics() -> list[TopicRow]:
    lines = _TOPIC_TABLE.strip().splitlines()
    rows: list[TopicRow] = []
    for head, nace, terms in zip(lines[::3], lines[1::3], lines[2::3], strict=True):
        tid, label, status, score, growth, age, kinds = (c.strip() for c in head.split("|"))
        rows.append(
            (
                tid, label, status, float(score), None if growth == "-" else float(growth),
                int(age), kinds.split(), [t.strip() for t in terms.split(";")], nace.split(),
            )
        )  # fmt: skip
    return rows


REGIONS: list[tuple[str, str, str]] = [
    ("AT12", "Niederösterreich (Lower Austria)", "C24 C16 C31 C23"),
    ("ITH1", "Provincia Autonoma di Bolzano/Bozen (South Tyrol)", "I55 C16 C31 D35"),
    ("HU22", "Nyugat-Dunántúl (West Pannon)", "C29 E36 C31 C16"),
    ("RO32", "București-Ilfov", "B06 N80 J60 J61"),
    ("SE22", "Skåne län", "J58 F41 C17 L68"),
    ("CZ08", "Moravskoslezský kraj (Moravia-Silesia)", "C24 C29 C27 C25"),
    ("DK03", "Syddanmark (Southern Denmark)", "C28 C11 C10 C23"),
    ("FRK", "Auvergne-Rhône-Alpes", "C22 F43 G45 C10"),
    ("BE2", "Vlaams Gewest (Flanders)", "C19 M70 C20 N78"),
    ("RO21", "Nord-Est (North-East Romania)", "C14 C15 E36 C16"),
    ("DE12", "Karlsruhe", "C21 C27 J58 C29"),
]

NACE_TITLES = {
    "B06": "Extraction of crude petroleum and natural gas", "C10": "Manufacture of food products",
    "C11": "Manufacture of beverages", "C14": "Manufacture of wearing apparel",
    "C15": "Manufacture of leather and related products",
    "C16": "Manufacture of wood and of products of wood and cork",
    "C17": "Manufacture of paper and paper products",
    "C19": "Manufacture of coke and refined petroleum products",
    "C20": "Manufacture of chemicals and chemical products",
    "C21": "Manufacture of basic pharmaceutical products",
    "C22": "Manufacture of rubber and plastic products",
    "C23": "Manufacture of other non-metallic mineral products",
    "C24": "Manufacture of basic metals", "C25": "Manufacture of fabricated metal products",
    "C27": "Manufacture of electrical equipment", "C28": "Manufacture of machinery and equipment",
    "C29": "Manufacture of motor vehicles, trailers and semi-trailers",
    "C31": "Manufacture of furniture", "D35": "Electricity, gas, steam and air conditioning supply",
    "E36": "Water collection, treatment and supply", "F41": "Construction of buildings",
    "F43": "Specialised construction activities",
    "G45": "Wholesale and retail trade and repair of motor vehicles", "I55": "Accommodation",
    "J58": "Publishing activities", "J60": "Programming and broadcasting activities",
    "J61": "Telecommunications", "L68": "Real estate activities",
    "M70": "Activities of head offices; management consultancy", "N78": "Employment activities",
    "N80": "Security and investigation activities",
}  # fmt: skip

SOURCES: list[tuple[str, str, str, int | None, int, int, int, str | None]] = [
    ("arxiv-cs", "publication", "ok", 200, 412, 188, 0, None),
    ("arxiv-physics", "publication", "ok", 200, 305, 121, 0, None),
    ("crossref-energy", "publication", "ok", 200, 240, 96, 2, None),
    ("openalex-materials", "publication", "ok", 200, 200, 71, 0, None),
    ("pubmed-food", "publication", "not_modified", 304, 0, 0, 0, None),
    ("uspto-grants", "patent", "ok", 200, 1180, 204, 3, None),
    ("epo-bulletin", "patent", "failed", 503, 0, 0, 0,
     "server error 503 after 3 retries; it will be retried next run"),
    ("rss-euractiv-energy", "news", "ok", 200, 40, 17, 0, None),
    ("rss-cleantechnica", "news", "failed", None, 0, 0, 0,
     "read timed out after 30 s; check the feed URL or raise fetch.read_timeout"),
    ("rss-heise-industry", "news", "partial", 200, 35, 12, 2, None),
    ("rss-food-navigator", "news", "ok", 200, 30, 9, 0, None),
    ("rss-recharge", "news", "ok", 200, 25, 11, 0, None),
    ("rss-bizz-energy", "news", "ok", 200, 28, 8, 0, None),
    ("import-regional-press", "news", "ok", None, 14, 14, 0, None),
]  # fmt: skip


def _weeks_before(week: str, n: int) -> str:
    year, number = (int(part) for part in week.split("-W"))
    day = date.fromisocalendar(year, number, 1) - timedelta(weeks=n)
    iso = day.isocalendar()
    return f"{iso.year}-W{iso.week:02d}"


def _series(index: int, status: str, age: int, kinds: list[str]) -> dict[str, dict[str, int]]:
    """Weekly counts whose shape matches the status (rising, flat, spike, falling)."""
    rng = random.Random(index)
    series: dict[str, dict[str, int]] = {}
    for w, week in enumerate(WEEKS):
        t = w / (len(WEEKS) - 1)
        since_start = len(WEEKS) - 1 - w
        if status == "new":
            level = 0.0 if since_start >= age else 2 + 3 * (age - since_start)
        elif status in ("emerging", "growing"):
            level = 2 + (14 if status == "emerging" else 6) * t**2
        elif status == "burst":
            level = 3 + (16 if abs(w - len(WEEKS) + 4) <= 1 else 0)
        elif status == "declining":
            level = 10 - 7 * t
        else:
            level = 6.0
        weights = [1.0, 0.6, 0.35][: len(kinds)]
        series[week] = {
            kind: max(0, round(level * wgt + rng.uniform(-1, 1)))
            for kind, wgt in zip(kinds, weights, strict=False)
        }
    return series


def _evidence(
    topic_id: str, label: str, kinds: list[str], terms: list[str]
) -> list[EvidenceDocument]:
    docs = []
    for i in range(4):
        kind = kinds[i % len(kinds)]
        number = int(topic_id[1:]) * 10 + i
        if kind == "patent":
            ext, url = f"US2026{number:07d}A1", f"https://patents.example.org/US2026{number:07d}A1"
        elif kind == "publication":
            ext, url = f"10.5555/hz.{number}", f"https://doi.org/10.5555/hz.{number}"
        else:
            ext, url = f"news-{number}", f"https://news.example.org/2026/11/{number}"
        term = terms[i % len(terms)]
        docs.append(
            EvidenceDocument(
                external_id=ext,
                title=f"{term[0].upper()}{term[1:]}: new results on {label.lower()}",
                url=url,
                kind=kind,
                published=date(2026, 11, 16) + timedelta(days=i),
                source_id={"patent": "uspto-grants", "publication": "crossref-energy"}.get(
                    kind, "rss-euractiv-energy"
                ),
                snippet=(
                    f"We report {term} and discuss its role in {label.lower()}, with "
                    f"{', '.join(terms[:3])} compared against the state of the art."
                ),
            )
        )
    return docs


def sample_report() -> ReportData:
    """The report of a plausible week: five flagged topics, eleven regions, two failed sources."""
    ranking, cards, points, flagged, watch = [], [], [], [], []
    affinity: dict[str, list[str]] = {}
    for i, (tid, label, status, score, growth, age, kinds, terms, nace) in enumerate(_topics()):
        affinity[tid] = nace
        series = _series(i, status, age, kinds)
        n_docs = sum(sum(k.values()) for k in series.values())
        reasons = _reasons(status, growth, age, kinds)
        first = _weeks_before(WEEK, age)
        ranking.append(
            RankedTopic(
                topic_id=tid, label=label, status=status, score=score, growth=growth,
                share=0.006 * growth if growth else 0.012, age_periods=age,
                first_period=first, kinds=kinds, n_docs=n_docs, terms=terms, reasons=reasons,
            )
        )  # fmt: skip
        evidence = _evidence(tid, label, kinds, terms)
        lineage = [LineageEvent(period=first, event="born")]
        if tid == "T0042":
            note = "absorbed the smaller topic on sulfide electrolytes"
            lineage.append(
                LineageEvent(period="2026-W31", event="merged", topic_ids=["T0040"], note=note)
            )
        cards.append(
            TopicCard(
                topic_id=tid, label=label, status=status, score=score, terms=terms,
                first_period=first, series=series, lineage=lineage, reasons=reasons,
                evidence=evidence,
            )
        )  # fmt: skip
        angle = i * 2.39996
        points.append(
            LandscapePoint(topic_id=tid, label=label, x=math.cos(angle) * (1 + i % 5),
                           y=math.sin(angle) * (1 + i % 4), size=n_docs, status=status)
        )  # fmt: skip
        if status in ("new", "emerging"):
            flagged.append(
                FlaggedTopic(
                    topic_id=tid, label=label, status=status, score=score, terms=terms,
                    doc_ids=[d.external_id for d in evidence], reasons=reasons,
                )
            )  # fmt: skip
        if status == "growing":  # flagged some months ago, rising since
            watch.append(
                WatchedTopic(
                    topic_id=tid, label=label, status=status, score=score, terms=terms,
                    first_flagged=_weeks_before(WEEK, 20 + i), why=reasons[0],
                )
            )  # fmt: skip
    totals: dict[str, dict[str, int]] = {}
    for card in cards:
        for week, by_kind in card.series.items():
            for kind, n in by_kind.items():
                totals.setdefault(week, {}).setdefault(kind, 0)
                totals[week][kind] += n * 4
    return ReportData(
        week=WEEK,
        generated_at=GENERATED,
        flagged=sorted(flagged, key=lambda f: -f.score),
        watch=watch,
        ranking=ranking,
        topics=cards,
        landscape=points,
        regions=_regions(affinity),
        coverage=Coverage(
            sources=[
                SourceCoverage(
                    source_id=s,
                    kind=k,
                    status=st,
                    http_status=h,
                    items_seen=a,
                    items_new=b,
                    items_rejected=c,
                    error=e,
                )
                for s, k, st, h, a, b, c, e in SOURCES
            ],
            documents=totals,
        ),
        methodology=_methodology(),
        rising_terms=[
            RisingTerm(term="sulfide electrolyte", score=6.8, n_docs=41, first_period="2026-W12"),
            RisingTerm(
                term="anion exchange membrane", score=5.1, n_docs=57, first_period="2025-W40"
            ),
            RisingTerm(
                term="precision fermentation", score=4.4, n_docs=18, first_period="2026-W43"
            ),
            RisingTerm(term="code generation", score=3.9, n_docs=26, first_period="2026-W42"),
        ],
    )


def _reasons(status: str, growth: float | None, age: int, kinds: list[str]) -> list[str]:
    reasons = []
    if growth is not None:
        reasons.append(f"share up {growth:.1f}x vs base period (0.6 % → {0.6 * growth:.1f} %)")
    if status == "new":
        reasons.append(f"first documents {age} weeks ago, present in 4 of the last 4 weeks")
    if len(kinds) > 1:
        plural = {"publication": "publications", "patent": "patents", "news": "news"}
        later = " and ".join(plural[k] for k in kinds[1:])
        reasons.append(f"seen first in {plural[kinds[0]]}, then in {later}")
    if status == "burst":
        reasons.append("burst since 2026-W43: one week with 5x the usual share")
    if status == "declining":
        reasons.append("share -52% over the last 52 weeks (trend z = -4.1)")
    return reasons


def _regions(affinity: dict[str, list[str]]) -> list[Region]:
    industries = {rid: codes.split() for rid, _, codes in REGIONS}
    regions = []
    for rid, name, codes in REGIONS:
        topics = []
        for tid, related in affinity.items():
            matched = [c for c in industries[rid] if c in related]
            if not matched:
                continue
            relevance = min(96.0, 38.0 + 22.0 * len(matched) + (int(tid[1:]) % 7) * 2.5)
            partners = [
                Partner(region_id=other, name=oname, relevance=relevance - 5,
                    industries=[c for c in industries[other] if c in related],
                    complementary=[c for c in industries[other] if c in related
                                   and c not in matched])
                for other, oname, _ in REGIONS
                if other != rid and any(c in related for c in industries[other])
            ][:3]  # fmt: skip
            topics.append(
                RegionTopic(
                    topic_id=tid, relevance=relevance, industries=matched,
                    cross_link=len(matched) >= 2, partners=[p.region_id for p in partners],
                    partner_details=partners,
                    evidence=[f"{c} {NACE_TITLES[c]}: the topic's terms match the industry's "
                              "description" for c in matched],
                )
            )  # fmt: skip
        regions.append(
            Region(
                region_id=rid, name=name, alert_threshold=50.0, topics=topics,
                industries=[Industry(nace=c, title=NACE_TITLES[c]) for c in codes.split()],
            )
        )  # fmt: skip
    return regions


def _methodology() -> Methodology:
    return Methodology(
        indicators=[
            Indicator(name="Share growth", description="Share of the topic among all documents "
                      "of the last 4 weeks divided by its share in the 12 weeks before, smoothed "
                      "with 0.5 documents; it must survive dropping the strongest recent week."),
            Indicator(name="Novelty", description="Weeks since the topic's first document; "
                      "topics younger than 6 weeks can be new."),
            Indicator(name="Burst", description="Kleinberg two-state burst detection on the "
                      "weekly counts (rate 2x the base, entry cost 1 ln n)."),
            Indicator(name="Region relevance", description="Noisy-OR over the region's "
                      "industries of the topic-industry similarity, each weighted by the "
                      "industry's location quotient and employment."),
        ],
        thresholds={"emerging_growth": 3.0, "min_z": 3.0, "min_recent_docs": 5,
                    "new_max_age": 6, "recent_periods": 4, "base_periods": 12,
                    "industry_threshold": 0.5, "alert_threshold_default": 50.0},
        notes=["Weekly windows run Monday to Sunday (ISO weeks)."],
    )  # fmt: skip
