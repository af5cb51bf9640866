"""Generate the embedded demo corpus: a year of weekly feeds plus the truth behind them.

``generate_demo`` writes, for each ISO week of 2025, the four files a weekly run collects
(``feeds/<YYYY-Www>/uspto.xml``, ``arxiv.atom``, ``news-tech.rss``, ``news-industry.rss``) and one
``ground_truth.json`` that names every planted topic and the topic of every document. Everything
derives from the seed, so the same seed gives byte-identical files and evaluation runs are
repeatable; the demo runner serves ``feeds/`` with :func:`democorpus.server.serve_directory`
and points :func:`demo_sources_toml` at it.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any

from democorpus.feeds import arxiv_atom, rss_feed, uspto_bulk
from democorpus.records import CHANNELS, CorpusBuilder, Duplicate, PlantedDoc, WeekRecords
from democorpus.spec import TopicSpec
from democorpus.topics import ALL_TOPICS, PROFILE_OF, REGIONS
from democorpus.volumes import MAX_WEEKS, WeekVolume, plan_volumes, week_label, week_monday

GROUND_TRUTH = "ground_truth.json"
FEEDS_DIR = "feeds"


@dataclass(frozen=True)
class DemoSource:
    """One feed of the demo as ``sources.toml`` describes it."""

    id: str
    kind: str
    adapter: str
    file_name: str
    name: str


DEMO_SOURCES: tuple[DemoSource, ...] = (
    DemoSource("demo-uspto", "patent", "uspto", "uspto.xml", "Demo USPTO weekly grants"),
    DemoSource("demo-arxiv", "publication", "arxiv", "arxiv.atom", "Demo arXiv listing"),
    DemoSource("demo-news-tech", "news", "rss", CHANNELS[0].file_name, CHANNELS[0].title),
    DemoSource("demo-news-industry", "news", "rss", CHANNELS[1].file_name, CHANNELS[1].title),
)


@dataclass(frozen=True)
class DemoCorpus:
    """Where a generated corpus lies and what it holds."""

    root: Path
    seed: int
    weeks: tuple[str, ...]
    documents: int
    ground_truth: Path

    @property
    def feeds(self) -> Path:
        """The directory to serve: its sub-folders are the weeks."""
        return self.root / FEEDS_DIR

    def week_dir(self, week: str) -> Path:
        return self.feeds / week


def generate_demo(out_dir: Path, *, seed: int = 2025, weeks: int = MAX_WEEKS) -> DemoCorpus:
    """Write weeks 1..``weeks`` of the demo corpus and its ground truth under ``out_dir``.

    An existing ``out_dir/feeds`` is replaced, so stale weeks of an earlier run never linger.
    """
    volumes = plan_volumes(ALL_TOPICS, seed=seed, weeks=weeks)
    feeds = out_dir / FEEDS_DIR
    if feeds.exists():
        shutil.rmtree(feeds)
    builder = CorpusBuilder(seed)
    planted: list[PlantedDoc] = []
    duplicates: list[Duplicate] = []
    for volume in volumes:
        records = builder.build_week(volume)
        write_week(feeds / volume.label, volume, records)
        planted.extend(records.planted)
        duplicates.extend(records.duplicates)
    truth = out_dir / GROUND_TRUTH
    document = _ground_truth(seed, volumes, planted, duplicates)
    truth.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return DemoCorpus(
        root=out_dir,
        seed=seed,
        weeks=tuple(volume.label for volume in volumes),
        documents=len(planted),
        ground_truth=truth,
    )


def write_week(directory: Path, volume: WeekVolume, records: WeekRecords) -> None:
    """The week's four feed files; public for the benchmarks, which merge several corpora."""
    directory.mkdir(parents=True, exist_ok=True)
    monday = week_monday(volume.index)
    sunday = monday + timedelta(days=6)
    built = datetime.combine(sunday, time(23, 30), UTC)
    (directory / "uspto.xml").write_bytes(uspto_bulk(records.patents))
    (directory / "arxiv.atom").write_bytes(arxiv_atom(records.papers, start=monday, end=sunday))
    for channel in CHANNELS:
        items = records.news[channel.file_name]
        (directory / channel.file_name).write_bytes(rss_feed(channel, items, built=built))


def _first_weeks(slug: str, volumes: list[WeekVolume]) -> dict[str, str]:
    """The week in which each kind first carries the topic, as generated (not as planned)."""
    first: dict[str, str] = {}
    for volume in volumes:
        for kind, n in volume.counts[slug].items():
            if n and kind not in first:
                first[kind] = volume.label
    return dict(sorted(first.items(), key=lambda item: (item[1], item[0])))


def _topic_truth(spec: TopicSpec, volumes: list[WeekVolume]) -> dict[str, Any]:
    first = spec.first_week
    return {
        "slug": spec.slug,
        "name": spec.name,
        "kind": spec.dynamics,
        "interface": spec.interface,
        "onset": week_label(first) if first else None,
        "onset_by_kind": _first_weeks(spec.slug, volumes) if first else {},
        "keywords": list(spec.vocab.keywords),
        "industries": list(spec.industries),
        "related_industries": list(spec.related_industries),
        "regions": list(spec.regions),
        "region_ids": sorted({REGIONS[code][0] for code in spec.regions}),
        "profiles": sorted({PROFILE_OF.get(code, code) for code in spec.regions}),
        "cpc": [code.code for code in spec.cpc],
        "document_kinds": [
            kind
            for kind, weight in zip(("patent", "publication", "news"), spec.kind_mix, strict=True)
            if weight > 0
        ],
        "growth_weeks": spec.growth_weeks or None,
        "peak_share": spec.peak_share or None,
        "start_share": spec.start_share or None,
        "end_share": spec.end_share or None,
    }


def _ground_truth(
    seed: int,
    volumes: list[WeekVolume],
    planted: list[PlantedDoc],
    duplicates: list[Duplicate],
) -> dict[str, Any]:
    return {
        "seed": seed,
        "weeks": [volume.label for volume in volumes],
        "sources": [
            {"id": s.id, "kind": s.kind, "adapter": s.adapter, "file": s.file_name}
            for s in DEMO_SOURCES
        ],
        "topics": [_topic_truth(spec, volumes) for spec in ALL_TOPICS],
        "weekly": {
            volume.label: {
                "total": volume.total,
                "topics": {slug: volume.topic_total(slug) for slug in volume.counts},
            }
            for volume in volumes
        },
        "documents": [asdict(doc) for doc in planted],
        "duplicates": [
            {"external_id": d.external_id, "kind": d.kind, "copies": list(d.copies), "week": d.week}
            for d in duplicates
        ],
    }


def demo_sources_toml(base_url: str) -> str:
    """A ``sources.toml`` for the demo feeds served at ``base_url`` (``{week}`` is the ISO week)."""
    base = base_url.rstrip("/")
    blocks = [
        "# The embedded demo corpus, served on the loopback interface by `horizon demo`.\n"
        "# {week} is replaced by the ISO week being collected, e.g. 2025-W07.\n"
    ]
    for source in DEMO_SOURCES:
        blocks.append(
            "[[source]]\n"
            f'id = "{source.id}"\n'
            f'name = "{source.name}"\n'
            f'kind = "{source.kind}"\n'
            f'adapter = "{source.adapter}"\n'
            f'url = "{base}/{{week}}/{source.file_name}"\n'
            "enabled = true\n"
            + ('query = "all:demo"\nmax_results = 1000\n' if source.adapter == "arxiv" else "")
        )
    return "\n".join(blocks)
