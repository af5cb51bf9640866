"""Turns a week's planned volumes into concrete patent, paper and news records.

The builder owns every identifier scheme, so ids are unique across the whole year and increase
the way real ones do: patent numbers rise week by week (one weekly issue spans about 7,000
numbers at the USPTO), arXiv numbers restart each month (``yymm.nnnnn``) and rise with submission
time, and news URLs carry a running article number. It also plants the two dedup exercises: news
items syndicated into the other feed with tracking parameters, and arXiv papers re-posted as v2.
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections import defaultdict, deque
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta

from democorpus.feeds import Channel, NewsRecord, PaperRecord, PatentRecord
from democorpus.people import COUNTRY_NAMES, ROLES, affiliation, full_name, person
from democorpus.spec import TopicSpec
from democorpus.text import Text, news_text, paper_text, patent_text
from democorpus.topics import ALL_TOPICS, REGIONS
from democorpus.volumes import KINDS, WeekVolume, week_monday

TECH = Channel(
    file_name="news-tech.rss",
    title="Example Tech News",
    host="news.example.com",
    description="Technology news for European manufacturers (demo feed)",
)
INDUSTRY = Channel(
    file_name="news-industry.rss",
    title="Example Industry Weekly",
    host="industry.example.org",
    description="Regional industry and cluster news (demo feed)",
)
CHANNELS = (TECH, INDUSTRY)

FIRST_PATENT = 12_200_000
PATENTS_PER_ISSUE = 7_000
SYNDICATION_RATE = 0.03
REVISED_PAPERS = 3
SECTIONS = {
    "C10": "Food & drink",
    "C13": "Textiles",
    "C16": "Wood & furniture",
    "C31": "Wood & furniture",
    "C17": "Packaging",
    "C21": "Pharma",
    "C22": "Plastics",
    "C24": "Metals",
    "C27": "Energy & grid",
    "C28": "Machinery",
    "C29": "Automotive",
    "B05": "Mining",
}
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class PlantedDoc:
    """Ground truth for one unique document."""

    external_id: str
    kind: str
    topic: str
    week: str
    source: str


@dataclass(frozen=True)
class Duplicate:
    """A document that a feed carries again under another identifier."""

    external_id: str
    kind: str
    copies: tuple[str, ...]
    week: str


@dataclass
class WeekRecords:
    """Everything one week's feeds hold, plus its ground truth."""

    patents: list[PatentRecord] = field(default_factory=list)
    papers: list[PaperRecord] = field(default_factory=list)
    news: dict[str, list[NewsRecord]] = field(
        default_factory=lambda: {c.file_name: [] for c in CHANNELS}
    )
    planted: list[PlantedDoc] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)


def slugify(text: str, words: int = 8) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join(re.findall(r"[a-z0-9]+", ascii_text.lower())[:words])


class CorpusBuilder:
    """Builds the weeks in order; the id counters carry over from one week to the next."""

    def __init__(self, seed: int, *, paper_titles: set[str] | None = None) -> None:
        self.seed = seed
        self._arxiv_next: dict[str, int] = defaultdict(lambda: 100)
        # Distinct papers rarely share a title; Horizon rightly treats two publications with the
        # same long title as one work, so the generator keeps paper titles unique. Builders that
        # share ``paper_titles`` keep them unique across their corpora (the benchmarks put
        # several seeded years into one warehouse).
        self._paper_titles: set[str] = set() if paper_titles is None else paper_titles
        self._article = 0
        self._recent_papers: deque[list[tuple[PaperRecord, str]]] = deque(maxlen=4)
        revisions = random.Random(f"{seed}:revisions")
        self._revision_weeks = frozenset(revisions.sample(range(6, 53), REVISED_PAPERS))

    def build_week(self, volume: WeekVolume) -> WeekRecords:
        rng = random.Random(f"{self.seed}:docs:{volume.index}")
        jobs = [
            (spec, kind)
            for spec in ALL_TOPICS
            for kind in KINDS
            for _ in range(volume.counts[spec.slug][kind])
        ]
        rng.shuffle(jobs)
        week = WeekRecords()
        self._patents(week, volume, [s for s, k in jobs if k == "patent"], rng)
        self._papers(week, volume, [s for s, k in jobs if k == "publication"], rng)
        self._news(week, volume, [s for s, k in jobs if k == "news"], rng)
        return week

    def _patents(
        self, week: WeekRecords, volume: WeekVolume, specs: list[TopicSpec], rng: random.Random
    ) -> None:
        granted = week_monday(volume.index) + timedelta(days=1)  # grants issue on Tuesdays
        number = FIRST_PATENT + (volume.index - 1) * PATENTS_PER_ISSUE + rng.randint(0, 300)
        for spec in specs:
            text = patent_text(spec, rng)
            org = rng.choice(spec.orgs)
            main = rng.choice(spec.cpc)
            others = [code for code in spec.cpc if code != main]
            further = rng.sample(others, min(len(others), rng.randint(1, 2)))
            record = PatentRecord(
                doc_number=f"{number:08d}",
                kind="B2" if rng.random() < 0.85 else "B1",
                granted=granted,
                application_number=f"{rng.choice(('17', '18'))}{rng.randint(0, 999_999):06d}",
                filed=granted - timedelta(days=rng.randint(520, 1150)),
                title=text.title,
                abstract=text.body,
                claim=text.claim,
                background=text.background,
                cpc=(main, *further),
                inventors=tuple(
                    (*person(org.country, rng), org.city, org.country)
                    for _ in range(rng.randint(1, 4))
                ),
                assignee=org,
                examiner=person("US", rng),
            )
            number += 1
            week.patents.append(record)
            week.planted.append(
                PlantedDoc(record.external_id, "patent", spec.slug, volume.label, "demo-uspto")
            )

    def _unique_paper_text(self, spec: TopicSpec, rng: random.Random) -> Text:
        text = paper_text(spec, rng)
        for _ in range(30):
            if text.title not in self._paper_titles:
                break
            text = paper_text(spec, rng)
        else:
            region = rng.choice(spec.orgs).city
            text = replace(text, title=f"{text.title} — evidence from {region}")
            suffix = 2
            while text.title in self._paper_titles:
                text = replace(text, title=f"{text.title.rsplit(' (', 1)[0]} ({suffix})")
                suffix += 1
        self._paper_titles.add(text.title)
        return text

    def _papers(
        self, week: WeekRecords, volume: WeekVolume, specs: list[TopicSpec], rng: random.Random
    ) -> None:
        monday = week_monday(volume.index)
        timed = sorted(
            ((_moment(monday, rng.randint(0, 4), rng), n) for n in range(len(specs))),
        )
        posted: list[tuple[PaperRecord, str]] = []
        for submitted, position in timed:
            spec = specs[position]
            text = self._unique_paper_text(spec, rng)
            primary, *rest = spec.arxiv_categories
            if rng.random() < 0.3:
                primary, rest = rest[0], [primary]
            yymm = submitted.strftime("%y%m")
            self._arxiv_next[yymm] += rng.randint(1, 40)
            authors = []
            for _ in range(rng.randint(2, 5)):
                org = rng.choice(spec.orgs)
                authors.append((full_name(org.country, rng), affiliation(org.city, rng)))
            record = PaperRecord(
                arxiv_id=f"{yymm}.{self._arxiv_next[yymm]:05d}",
                version=1,
                published=submitted,
                updated=submitted,
                title=text.title,
                summary=text.body,
                authors=tuple(authors),
                categories=(primary, *rest),
                comment=f"{rng.randint(8, 24)} pages, {rng.randint(3, 12)} figures",
            )
            week.papers.append(record)
            posted.append((record, spec.slug))
            week.planted.append(
                PlantedDoc(record.arxiv_id, "publication", spec.slug, volume.label, "demo-arxiv")
            )
        if volume.index in self._revision_weeks and self._recent_papers:
            self._revise(week, volume, rng)
        self._recent_papers.append(posted)

    def _revise(self, week: WeekRecords, volume: WeekVolume, rng: random.Random) -> None:
        """Re-post an earlier paper as v2: same paper, same arXiv id, new version suffix."""
        earlier = rng.choice([papers for papers in self._recent_papers if papers])
        original, _ = rng.choice(earlier)
        revised = PaperRecord(
            arxiv_id=original.arxiv_id,
            version=2,
            published=original.published,
            updated=_moment(week_monday(volume.index), rng.randint(0, 4), rng),
            title=original.title,
            summary=original.summary,
            authors=original.authors,
            categories=original.categories,
            comment=f"v2: revised experiments; {original.comment}",
        )
        week.papers.append(revised)
        week.duplicates.append(
            Duplicate(original.arxiv_id, "publication", (f"{original.arxiv_id}v2",), volume.label)
        )

    def _news(
        self, week: WeekRecords, volume: WeekVolume, specs: list[TopicSpec], rng: random.Random
    ) -> None:
        monday = week_monday(volume.index)
        for spec in specs:
            published = _moment(monday, rng.randint(0, 6), rng)
            org = rng.choice(spec.orgs)
            partner = rng.choice([o for o in spec.orgs if o != org] or [org])
            country, adjective = COUNTRY_NAMES[org.country]
            regions = [REGIONS[code][1] for code in spec.regions] or [country]
            region, region2 = rng.sample(regions, 2) if len(regions) > 1 else regions * 2
            extras = {
                "ORG": org.name,
                "ORG2": partner.name,
                "CITY": org.city,
                "COUNTRY": country,
                "ADJ_COUNTRY": adjective,
                "REGION": region,
                "REGION2": region2,
                "PERSON": full_name(org.country, rng),
                "ROLE": rng.choice(ROLES),
                "DAY": WEEKDAYS[max(published.weekday() - rng.randint(0, 1), 0)],
            }
            text = news_text(spec, rng, extras)
            channel, other = (TECH, INDUSTRY) if rng.random() < 0.5 else (INDUSTRY, TECH)
            self._article += 1
            url = (
                f"https://{channel.host}/{published:%Y/%m/%d}/{slugify(text.title)}-{self._article}"
            )
            category = (
                SECTIONS.get(spec.industries[0], "Business") if spec.industries else "Business"
            )
            creator = full_name(rng.choice(("DE", "FR", "DK", "BE", "AT", "SE")), rng)
            item = NewsRecord(url, url, True, published, text.title, text.body, creator, category)
            week.news[channel.file_name].append(item)
            source = "demo-news-tech" if channel is TECH else "demo-news-industry"
            week.planted.append(PlantedDoc(url, "news", spec.slug, volume.label, source))
            if rng.random() < SYNDICATION_RATE:
                self._syndicate(week, volume, item, other)

    def _syndicate(
        self, week: WeekRecords, volume: WeekVolume, item: NewsRecord, other: Channel
    ) -> None:
        """Carry ``item`` in the other feed too: same article, tracking link, its own guid."""
        self._article += 1
        guid = f"tag:{other.host},{volume.label[:4]}:syndicated-{self._article}"
        tracking = f"utm_source={other.host.split('.')[0]}&utm_medium=rss&utm_campaign=syndication"
        link = f"{item.link}?{tracking}"
        end_of_week = datetime.combine(
            week_monday(volume.index) + timedelta(days=6), time(23, 0), UTC
        )
        published = min(item.published + timedelta(hours=3), end_of_week)
        week.news[other.file_name].append(
            NewsRecord(
                guid,
                link,
                False,
                published,
                item.title,
                item.description,
                item.creator,
                item.category,
            )
        )
        week.duplicates.append(Duplicate(item.guid, "news", (guid,), volume.label))


def _moment(monday: date, day: int, rng: random.Random) -> datetime:
    """A time between 06:00 and 21:00 UTC on ``monday + day``."""
    start = datetime.combine(monday + timedelta(days=day), time(0, 0), UTC)
    return start + timedelta(minutes=rng.randint(6 * 60, 21 * 60))
