"""The demo corpus: reproducible, the right size, and with the planted dynamics it promises."""

from __future__ import annotations

import itertools
import re
import statistics
import tomllib
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from democorpus import DemoCorpus, demo_sources_toml, generate_demo
from democorpus.records import CorpusBuilder
from democorpus.topics import ALL_TOPICS, topics_with
from democorpus.volumes import plan_volumes
from extractors.base import SourceConfig
from tests.democorpus.conftest import read_tree

FEED_FILES = {"uspto.xml", "arxiv.atom", "news-tech.rss", "news-industry.rss"}


def shares(truth: dict[str, Any], slug: str) -> list[float]:
    """The topic's share of each week's documents, week 1 first."""
    return [week["topics"][slug] / week["total"] for week in truth["weekly"].values()]


def test_the_same_seed_gives_byte_identical_files(demo_corpus: DemoCorpus, tmp_path: Path) -> None:
    again = generate_demo(tmp_path / "again", seed=2025)
    assert read_tree(again.root) == read_tree(demo_corpus.root)


def test_another_seed_gives_other_files(demo_corpus: DemoCorpus, tmp_path: Path) -> None:
    other = generate_demo(tmp_path / "other", seed=7, weeks=2)
    for week in other.weeks:
        for name in FEED_FILES:
            assert (other.week_dir(week) / name).read_bytes() != (
                demo_corpus.week_dir(week) / name
            ).read_bytes()


def test_fewer_weeks_give_the_same_first_weeks(demo_corpus: DemoCorpus, tmp_path: Path) -> None:
    """Week n does not depend on how many weeks were generated, so a short demo is a prefix."""
    short = generate_demo(tmp_path / "short", seed=2025, weeks=3)
    assert short.weeks == ("2025-W01", "2025-W02", "2025-W03")
    assert read_tree(short.feeds) == {
        path: body
        for path, body in read_tree(demo_corpus.feeds).items()
        if path.split("/")[0] in short.weeks
    }


def test_layout_is_one_folder_per_iso_week_of_2025(demo_corpus: DemoCorpus) -> None:
    folders = sorted(path.name for path in demo_corpus.feeds.iterdir())
    assert folders == [f"2025-W{n:02d}" for n in range(1, 53)]
    assert list(demo_corpus.weeks) == folders
    for folder in folders:
        assert {path.name for path in (demo_corpus.feeds / folder).iterdir()} == FEED_FILES
    assert demo_corpus.ground_truth == demo_corpus.root / "ground_truth.json"


def test_about_ten_thousand_documents_and_150_to_250_a_week(
    demo_corpus: DemoCorpus, truth: dict[str, Any]
) -> None:
    totals = [week["total"] for week in truth["weekly"].values()]
    assert all(150 <= total <= 250 for total in totals)
    assert sum(totals) == demo_corpus.documents == len(truth["documents"])
    assert 9_000 <= demo_corpus.documents <= 11_500
    per_week = Counter(doc["week"] for doc in truth["documents"])
    assert [per_week[week] for week in truth["weekly"]] == totals
    kinds = Counter(doc["kind"] for doc in truth["documents"])
    assert all(kinds[kind] > 2_500 for kind in ("patent", "publication", "news"))


def test_stable_topics_vary_by_about_thirty_percent(truth: dict[str, Any]) -> None:
    for spec in topics_with("stable"):
        counts = [week["topics"][spec.slug] for week in truth["weekly"].values()]
        variation = statistics.pstdev(counts) / statistics.mean(counts)
        assert 0.1 < variation < 0.35, (spec.slug, variation)
        assert min(counts) > 0


@pytest.mark.parametrize("spec", topics_with("emerging"), ids=lambda spec: spec.slug)
def test_emerging_topic_starts_below_half_a_percent_and_peaks_at_3_to_6(
    spec: Any, truth: dict[str, Any]
) -> None:
    weekly = shares(truth, spec.slug)
    onset = spec.first_week
    assert 16 <= onset <= 44
    assert all(share == 0 for share in weekly[: onset - 1])
    assert 0 < weekly[onset - 1] <= 0.005
    assert 0.03 <= max(weekly) <= 0.06
    # It stays under 3 % for six weeks after onset, leaving room to detect it early ...
    assert max(weekly[onset - 1 : onset + 6]) < 0.03
    # ... and reaches 3 % within 8-16 weeks of onset.
    first_at_3 = next(i for i, share in enumerate(weekly) if share >= 0.03) + 1
    assert 6 < first_at_3 - onset <= 16


def test_onsets_spread_and_kinds_follow_each_other(truth: dict[str, Any]) -> None:
    emerging = [topic for topic in truth["topics"] if topic["kind"] == "emerging"]
    assert len(emerging) == 5
    onsets = sorted(int(topic["onset"][-2:]) for topic in emerging)
    assert onsets[0] >= 16 and onsets[-1] <= 44
    assert min(b - a for a, b in itertools.pairwise(onsets)) >= 4
    publications_first = [
        topic["slug"]
        for topic in emerging
        if topic["onset_by_kind"]["publication"]
        < min(topic["onset_by_kind"]["patent"], topic["onset_by_kind"]["news"])
    ]
    assert len(publications_first) >= 2
    for topic in emerging:
        first: dict[str, str] = {}
        for doc in truth["documents"]:
            if doc["topic"] == topic["slug"]:
                first.setdefault(doc["kind"], doc["week"])
        assert dict(first) == topic["onset_by_kind"]


def test_at_least_two_emerging_topics_join_two_industries(truth: dict[str, Any]) -> None:
    interface = [t for t in truth["topics"] if t["kind"] == "emerging" and t["interface"]]
    assert len(interface) >= 2
    cobots = next(t for t in truth["topics"] if t["slug"] == "cobots-food-processing")
    assert cobots["industries"] == ["C10", "C28"]
    assert cobots["regions"] == ["AT12", "HU22", "DK03"]
    assert cobots["region_ids"] == ["lower_austria", "southern_denmark", "west_pannon"]
    assert "collaborative robot" in cobots["keywords"]


def test_declining_topics_lose_most_of_their_share(truth: dict[str, Any]) -> None:
    declining = topics_with("declining")
    assert len(declining) == 2
    for spec in declining:
        weekly = shares(truth, spec.slug)
        assert statistics.mean(weekly[:8]) > 3 * statistics.mean(weekly[-8:])


def test_the_burst_is_one_week_of_news_that_fades(truth: dict[str, Any]) -> None:
    (burst,) = topics_with("burst")
    counts = [week["topics"][burst.slug] for week in truth["weekly"].values()]
    peak = counts.index(max(counts))
    assert [n for n in counts if n > 3] == [counts[peak]] == [14]
    assert sum(counts[:peak]) == 0
    assert counts[peak + 1 : peak + 3] == [3, 1]
    assert sum(counts[peak + 3 :]) == 0
    kinds = {doc["kind"] for doc in truth["documents"] if doc["topic"] == burst.slug}
    assert kinds == {"news"}


def test_external_ids_follow_each_scheme(truth: dict[str, Any]) -> None:
    patents = [doc["external_id"] for doc in truth["documents"] if doc["kind"] == "patent"]
    assert all(re.fullmatch(r"US\d{8}B[12]", number) for number in patents)
    numbers = [int(number[2:10]) for number in patents]
    assert numbers == sorted(numbers)  # rising over the year, never reused
    for doc in truth["documents"]:
        if doc["kind"] == "publication":
            assert re.fullmatch(r"\d{4}\.\d{5}", doc["external_id"])
        elif doc["kind"] == "news":
            assert re.fullmatch(
                r"https://(news\.example\.com|industry\.example\.org)/202[45]/\d\d/\d\d/[a-z0-9-]+",
                doc["external_id"],
            )
    ids = [doc["external_id"] for doc in truth["documents"]]
    assert len(ids) == len(set(ids))


def test_ground_truth_states_every_planted_topic(truth: dict[str, Any]) -> None:
    kinds = Counter(topic["kind"] for topic in truth["topics"])
    assert kinds == {"stable": 15, "emerging": 5, "declining": 2, "burst": 1}
    used = {doc["topic"] for doc in truth["documents"]}
    assert used == {topic["slug"] for topic in truth["topics"]}
    for topic in truth["topics"]:
        assert topic["keywords"] and topic["name"]
        assert (topic["onset"] is None) == (topic["kind"] in ("stable", "declining"))


def test_sources_toml_lists_the_four_feeds_with_a_week_placeholder() -> None:
    text = demo_sources_toml("http://127.0.0.1:8123/")
    entries = tomllib.loads(text)["source"]
    configs = [SourceConfig(**entry) for entry in entries]
    assert [(c.id, c.kind, c.adapter) for c in configs] == [
        ("demo-uspto", "patent", "uspto"),
        ("demo-arxiv", "publication", "arxiv"),
        ("demo-news-tech", "news", "rss"),
        ("demo-news-industry", "news", "rss"),
    ]
    assert configs[0].url == "http://127.0.0.1:8123/{week}/uspto.xml"
    assert all(c.enabled and c.url.endswith(tuple(FEED_FILES)) for c in configs)


@pytest.mark.parametrize("weeks", [0, 53])
def test_weeks_outside_the_year_are_refused(weeks: int, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"1\.\.52"):
        generate_demo(tmp_path, weeks=weeks)


def test_builders_sharing_their_titles_never_repeat_a_paper_title() -> None:
    """Two seeded years in one warehouse (the benchmarks): one long title would be one work."""
    shared: set[str] = set()
    titles: list[str] = []
    for seed in (2025, 2026):
        builder = CorpusBuilder(seed, paper_titles=shared)
        for volume in plan_volumes(ALL_TOPICS, seed=seed, weeks=12):
            titles += [p.title for p in builder.build_week(volume).papers if p.version == 1]
    assert len(titles) > 1000
    assert len(set(titles)) == len(titles)
    assert shared == set(titles)
