"""Demo corpora of any size: seeded copies of the demo year whose identifiers never clash.

The demo generator writes one year of about 10,000 documents; the weekly-cost benchmark needs
warehouses of up to 100,000 and a week of 5,000 new documents. Each *replica* is the demo year
generated with a seed of its own (``seed``, ``seed + 1``, …), so its documents are as realistic
as the demo's and differ in wording, organisations and dates. Three things would make replicas
collide, and are dealt with here:

- identifiers: patent numbers (per weekly issue), arXiv ids (per month) and news article numbers
  are renumbered to continue from one replica to the next;
- paper titles: every builder shares one set of titles (Horizon rightly treats two papers with
  one long title as one work);
- size: the last replica keeps only the documents whose id hashes lowest, as many as the corpus
  still needs, so a larger corpus contains every smaller one.

Replicas are generated in a fixed order, so the same sizes always give the same corpus: the
benchmark regenerates the base corpus (cheap) to continue its numbering into the new week without
storing it again.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from democorpus.feeds import NewsRecord, PaperRecord, PatentRecord
from democorpus.records import CHANNELS, FIRST_PATENT, PATENTS_PER_ISSUE, CorpusBuilder
from democorpus.records import WeekRecords as Records
from democorpus.topics import ALL_TOPICS
from democorpus.volumes import MAX_WEEKS, WeekVolume, plan_volumes

BASE_WEEKS = MAX_WEEKS - 1  # the documents already in the warehouse: weeks 1-51 of 2025
MAX_ARXIV_NUMBER = 99_999
_TRAILING_NUMBER = re.compile(r"-\d+$")


@dataclass
class Renumbering:
    """Fresh identifiers for every replica, continuing from the replicas generated before."""

    patents: Counter[int] = field(default_factory=Counter)  # week index -> grants so far
    papers: Counter[str] = field(default_factory=Counter)  # yymm -> papers so far
    articles: int = 0

    def week(self, index: int, records: Records, originals: dict[str, str]) -> Records:
        """``records`` with new ids; ``originals`` maps the replica's arXiv ids to new ones, so a
        paper re-posted as v2 in a later week keeps its (new) id."""
        return Records(
            patents=[self._patent(index, p) for p in records.patents],
            papers=[self._paper(p, originals) for p in records.papers],
            news=self._news(records.news),
        )

    def _patent(self, index: int, patent: PatentRecord) -> PatentRecord:
        issued = self.patents[index]
        if issued >= PATENTS_PER_ISSUE:
            raise ValueError(f"more than {PATENTS_PER_ISSUE} patents in week {index}")
        self.patents[index] += 1
        number = FIRST_PATENT + (index - 1) * PATENTS_PER_ISSUE + issued
        return replace(patent, doc_number=f"{number:08d}")

    def _paper(self, paper: PaperRecord, originals: dict[str, str]) -> PaperRecord:
        if paper.version > 1:
            return replace(paper, arxiv_id=originals[paper.arxiv_id])
        yymm = paper.arxiv_id.split(".")[0]
        self.papers[yymm] += 1
        number = 99 + self.papers[yymm]
        if number > MAX_ARXIV_NUMBER:
            raise ValueError(f"more than {MAX_ARXIV_NUMBER - 99} papers in month {yymm}")
        originals[paper.arxiv_id] = f"{yymm}.{number:05d}"
        return replace(paper, arxiv_id=originals[paper.arxiv_id])

    def _news(self, news: dict[str, list[NewsRecord]]) -> dict[str, list[NewsRecord]]:
        # Originals first: a syndicated copy (in either feed) links to its original's new URL.
        links: dict[str, str] = {}
        for items in news.values():
            for item in items:
                if item.permalink:
                    self.articles += 1
                    links[item.link] = _TRAILING_NUMBER.sub(f"-{self.articles}", item.link)
        renumbered: dict[str, list[NewsRecord]] = {}
        for channel, items in news.items():
            renumbered[channel] = []
            for item in items:
                if item.permalink:
                    link = links[item.link]
                    renumbered[channel].append(replace(item, guid=link, link=link))
                    continue
                self.articles += 1
                original, _, query = item.link.partition("?")
                renumbered[channel].append(
                    replace(
                        item,
                        guid=_TRAILING_NUMBER.sub(f"-{self.articles}", item.guid),
                        link=f"{links[original]}?{query}",
                    )
                )
        return renumbered


def document_keys(records: Records) -> list[str]:
    """One key per distinct document (re-posts and syndicated copies share their original's)."""
    return [
        *(p.external_id for p in records.patents),
        *(p.arxiv_id for p in records.papers if p.version == 1),
        *(n.link for items in records.news.values() for n in items if n.permalink),
    ]


def keep_only(records: Records, keys: set[str]) -> Records:
    return Records(
        patents=[p for p in records.patents if p.external_id in keys],
        papers=[p for p in records.papers if p.arxiv_id in keys],
        news={
            channel: [n for n in items if n.link.partition("?")[0] in keys]
            for channel, items in records.news.items()
        },
    )


def lowest_hashes(keys: list[str], n: int) -> set[str]:
    """The ``n`` keys whose SHA-1 is lowest: an even sample that grows by inclusion with ``n``."""
    return set(sorted(keys, key=lambda key: hashlib.sha1(key.encode()).hexdigest())[:n])


@dataclass
class Replica:
    """One seeded demo year: its planned weeks and the builder that continues it."""

    volumes: list[WeekVolume]
    builder: CorpusBuilder
    originals: dict[str, str] = field(default_factory=dict)


class ScaledDemo:
    """Generates replicas in a fixed order: the base weeks first, then the measured week."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.titles: set[str] = set()
        self.numbering = Renumbering()
        self.replicas: list[Replica] = []

    def base(self, documents: int) -> Iterator[list[tuple[WeekVolume, Records]]]:
        """Weeks 1-51 of replica after replica until ``documents`` distinct documents are in."""
        remaining = documents
        while remaining > 0:
            replica = self._add_replica()
            weeks = [
                (volume, self._renumbered(replica, volume))
                for volume in replica.volumes[:BASE_WEEKS]
            ]
            keys = [key for _, records in weeks for key in document_keys(records)]
            kept = lowest_hashes(keys, remaining)
            remaining -= len(kept)
            yield [(volume, keep_only(records, kept)) for volume, records in weeks]

    def new_week(self, documents: int) -> tuple[WeekVolume, Records]:
        """Week 52 of as many replicas as it takes (continuing those of the base), merged into
        one set of feeds holding ``documents`` distinct documents."""
        weeks: list[Records] = []
        found = 0
        while found < documents:
            number = len(weeks)
            replica = self.replicas[number] if number < len(self.replicas) else self._add_replica()
            weeks.append(self._renumbered(replica, replica.volumes[MAX_WEEKS - 1]))
            found += len(document_keys(weeks[-1]))
        kept = lowest_hashes(
            [key for records in weeks for key in document_keys(records)], documents
        )
        merged = Records(news={channel.file_name: [] for channel in CHANNELS})
        for records in weeks:
            records = keep_only(records, kept)
            merged.patents.extend(records.patents)
            merged.papers.extend(records.papers)
            for channel, items in records.news.items():
                merged.news[channel].extend(items)
        return self.replicas[0].volumes[MAX_WEEKS - 1], merged

    def _add_replica(self) -> Replica:
        seed = self.seed + len(self.replicas)
        self.replicas.append(
            Replica(
                volumes=plan_volumes(ALL_TOPICS, seed=seed, weeks=MAX_WEEKS),
                builder=CorpusBuilder(seed, paper_titles=self.titles),
            )
        )
        return self.replicas[-1]

    def _renumbered(self, replica: Replica, volume: WeekVolume) -> Records:
        records = replica.builder.build_week(volume)
        return self.numbering.week(volume.index, records, replica.originals)
