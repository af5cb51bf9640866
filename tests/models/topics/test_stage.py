"""The topics stage on a real warehouse: stable ids, births, reruns, atomic writes."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest

from kernel.errors import WarehouseError
from models.topics.stage import run_topics_stage
from tests.models.topics.topic_corpus import (
    NEW_TOPIC,
    NEW_WEEK,
    SMALL_PARAMS,
    STABLE,
    WEEKS,
    copy_of,
    planted_topics,
    template,
)
from warehouse.connection import Warehouse, open_warehouse
from warehouse.documents import documents_by_external_id
from warehouse.topics import (
    TopicRecord,
    TopicRunRecord,
    run_assignments,
    run_lineage,
    run_topics,
    save_topic_run,
    topic_run,
    topic_weekly_counts,
)

# Assign runs only (no refit after the first), to check the incremental path on its own.
ASSIGN_ONLY = replace(SMALL_PARAMS, refit_every=100, refit_growth=100.0)


@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.getbasetemp() / "topic-corpus"
    folder.mkdir(exist_ok=True)
    return template(folder)


@pytest.fixture
def wh(templates: dict[str, Path], tmp_path: Path):
    with open_warehouse(copy_of(templates["full"], tmp_path)) as warehouse:
        yield warehouse


@pytest.fixture(scope="module")
def truth(templates: dict[str, Path]) -> dict[str, str]:
    """doc_id → planted topic slug."""
    planted = planted_topics()
    with open_warehouse(templates["full"], read_only=True) as warehouse:
        stored = documents_by_external_id(warehouse.con, list(planted))
    return {row["doc_id"]: planted[external] for external, row in stored.items()}


def run_weeks(wh: Warehouse, weeks, params=SMALL_PARAMS, prefix: str = "weekly-") -> list[dict]:
    return [
        run_topics_stage(wh, run_id=f"{prefix}{week}", period=week, params=params) for week in weeks
    ]


def members(wh: Warehouse, run_id: str, truth: dict[str, str]) -> dict[str | None, Counter]:
    """topic id → planted topics of its documents."""
    found: dict[str | None, Counter] = {}
    for doc_id, topic in run_assignments(wh.con, run_id).items():
        found.setdefault(topic, Counter())[truth[doc_id]] += 1
    return found


def snapshot(wh: Warehouse, run_id: str) -> tuple:
    topics = [
        (t.topic_id, t.label, tuple(t.terms), t.size, t.first_period, t.born_run)
        for t in run_topics(wh.con, run_id)
    ]
    return (
        topics,
        sorted(run_assignments(wh.con, run_id).items()),
        run_lineage(wh.con, run_id),
        topic_weekly_counts(wh.con, run_id),
    )


def test_first_run_finds_the_planted_topics_and_names_them_by_their_terms(wh, truth):
    counts = run_weeks(wh, WEEKS[:1])[0]
    assert counts["mode"] == "refit"
    assert counts["documents"] == 32
    assert counts["new_documents"] == 32
    assert counts["vocabulary"] == "terms"
    topics = run_topics(wh.con, "weekly-2025-W01")
    assert [t.topic_id for t in topics] == ["T0001", "T0002", "T0003", "T0004"]
    found = members(wh, "weekly-2025-W01", truth)
    assert sorted(found[t.topic_id].most_common(1)[0][0] for t in topics) == sorted(STABLE)
    dairy = next(t for t in topics if found[t.topic_id].most_common(1)[0][0] == STABLE[0])
    assert "cheese vat" in dairy.terms
    assert dairy.label == ", ".join(dairy.terms[:3])
    assert all(t.first_period == "2025-W01" and t.born_run == "weekly-2025-W01" for t in topics)
    assert {r.relation for r in run_lineage(wh.con, "weekly-2025-W01")} == {"born"}


@pytest.mark.parametrize("params", [SMALL_PARAMS, ASSIGN_ONLY], ids=["refit", "assign"])
def test_a_new_technology_is_born_while_known_topics_keep_their_ids(wh, truth, params):
    run_weeks(wh, WEEKS, params)
    before = {t.topic_id: t for t in run_topics(wh.con, "weekly-2025-W03")}
    after = {t.topic_id: t for t in run_topics(wh.con, f"weekly-{NEW_WEEK}")}
    run = topic_run(wh.con, f"weekly-{NEW_WEEK}")
    assert run["model_kind"] == ("refit" if params is SMALL_PARAMS else "assign")
    assert run["previous_run_id"] == "weekly-2025-W03"
    assert sorted(after) == [*sorted(before), "T0005"]
    born = after["T0005"]
    assert born.first_period == NEW_WEEK
    assert born.born_run == f"weekly-{NEW_WEEK}"
    assert "solid state battery" in born.terms
    found = members(wh, f"weekly-{NEW_WEEK}", truth)
    assert found["T0005"][NEW_TOPIC] >= 8
    assert found["T0005"][NEW_TOPIC] >= 0.9 * sum(found["T0005"].values())
    for topic_id, topic in before.items():
        assert (
            found[topic_id].most_common(1)[0][0]
            == (members(wh, "weekly-2025-W03", truth)[topic_id].most_common(1)[0][0])
        )
        assert after[topic_id].first_period == topic.first_period
    lineage = run_lineage(wh.con, f"weekly-{NEW_WEEK}")
    assert [(r.topic_id, r.relation) for r in lineage if r.relation != "continued"] == [
        ("T0005", "born")
    ]
    assert {r.topic_id for r in lineage if r.relation == "continued"} == set(before)
    assert run["next_topic_number"] == 6


def test_rerunning_a_week_reproduces_it_exactly(wh):
    first = run_weeks(wh, WEEKS[:3])
    kept = snapshot(wh, "weekly-2025-W03")
    again = run_weeks(wh, WEEKS[2:3])
    assert again == first[2:]
    assert snapshot(wh, "weekly-2025-W03") == kept
    # Later weeks do not change what a rerun of an earlier week continues from.
    run_weeks(wh, WEEKS[3:])
    run_weeks(wh, WEEKS[2:3])
    assert snapshot(wh, "weekly-2025-W03") == kept
    assert topic_run(wh.con, "weekly-2025-W03")["previous_run_id"] == "weekly-2025-W02"


def test_the_same_input_in_another_warehouse_gives_the_same_topics(templates, tmp_path):
    results = []
    for name in ("one", "two"):
        folder = tmp_path / name
        folder.mkdir()
        with open_warehouse(copy_of(templates["full"], folder)) as warehouse:
            run_weeks(warehouse, WEEKS)
            results.append(snapshot(warehouse, f"weekly-{NEW_WEEK}"))
    assert results[0] == results[1]


def test_weekly_counts_cover_every_document_of_the_window(wh):
    counts = run_weeks(wh, WEEKS, ASSIGN_ONLY)[-1]
    weekly = topic_weekly_counts(wh.con, f"weekly-{NEW_WEEK}")
    assert sum(n for *_, n in weekly) == counts["documents"] == 136
    assert {period for _, period, _, _ in weekly} == set(WEEKS)
    assert {kind for _, _, kind, _ in weekly} == {"patent", "publication"}
    outliers = sum(n for topic, *_, n in weekly if topic is None)
    assert outliers == counts["outliers"]
    assert counts["outlier_share"] == round(outliers / 136, 4)
    sizes = {t.topic_id: t.size for t in run_topics(wh.con, f"weekly-{NEW_WEEK}")}
    for topic_id, size in sizes.items():
        assert sum(n for topic, *_, n in weekly if topic == topic_id) == size


def test_the_refit_schedule_follows_the_chain_of_runs(wh):
    params = replace(SMALL_PARAMS, refit_every=2, refit_growth=100.0)
    modes = [counts["mode"] for counts in run_weeks(wh, WEEKS, params)]
    assert modes == ["refit", "assign", "refit", "assign"]
    changed = replace(params, assign_similarity=0.6)
    assert run_weeks(wh, ["2025-W05"], changed)[0]["mode"] == "refit"


def test_series_are_separate_chains(wh):
    run_weeks(wh, WEEKS[:2])
    counts = run_topics_stage(
        wh, run_id="backtest-2025-W02", period="2025-W02", params=SMALL_PARAMS, series="backtest"
    )
    assert counts["mode"] == "refit"
    assert topic_run(wh.con, "backtest-2025-W02")["previous_run_id"] is None


def test_the_window_holds_only_documents_dated_inside_it(wh):
    one_week = replace(SMALL_PARAMS, window_weeks=1)
    counts = run_topics_stage(
        wh, run_id="w2", period="2025-W02", period_end=date(2025, 1, 12), params=one_week
    )
    assert counts["documents"] == 32
    assert topic_run(wh.con, "w2")["window_start"] == date(2025, 1, 5)


def test_a_window_without_documents_stores_an_empty_run(wh):
    counts = run_topics_stage(wh, run_id="empty", period="2024-W40", params=SMALL_PARAMS)
    assert counts["documents"] == 0 and counts["topics"] == 0
    assert counts["outlier_share"] == 0.0
    assert topic_run(wh.con, "empty")["n_docs"] == 0
    assert run_topics(wh.con, "empty") == []


def test_without_extracted_terms_the_vocabulary_falls_back_to_words(templates, tmp_path):
    with open_warehouse(copy_of(templates["embedded"], tmp_path)) as warehouse:
        counts = run_weeks(warehouse, WEEKS[:1])[0]
        topics = run_topics(warehouse.con, "weekly-2025-W01")
    assert counts["vocabulary"] == "words"
    assert len(topics) == 4
    dairy = next(t for t in topics if "cheese" in t.terms)
    assert {"milk", "curd", "whey"} <= set(dairy.terms)
    assert not any(word in t.terms for t in topics for word in ("the", "and", "of"))


def test_a_failed_write_changes_nothing(wh):
    run_weeks(wh, WEEKS[:1])
    kept = snapshot(wh, "weekly-2025-W01")
    kept_run = topic_run(wh.con, "weekly-2025-W01")
    topics = run_topics(wh.con, "weekly-2025-W01")
    assignments = pa.table(
        {
            "doc_id": pa.array(list(run_assignments(wh.con, "weekly-2025-W01")), pa.string()),
            "topic_id": pa.array(["T0001"] * 32, pa.string()),
            "probability": pa.array([1.0] * 32, pa.float64()),
        }
    )
    # The second topic's centroid has 10 numbers where the table holds 384: the insert fails
    # after the run row, the first deletes and the first topic were already written.
    bad = [topics[0], replace(topics[1], centroid=np.ones(10, dtype=np.float32))]
    record = TopicRunRecord(**{**kept_run_fields(kept_run), "n_topics": 2})
    for run_id in ("weekly-2025-W01", "never-stored"):
        with pytest.raises(WarehouseError, match="nothing was changed"):
            save_topic_run(
                wh, replace(record, run_id=run_id), bad, assignments, [], at=datetime(2025, 1, 6)
            )
    assert snapshot(wh, "weekly-2025-W01") == kept
    assert topic_run(wh.con, "weekly-2025-W01") == kept_run
    assert topic_run(wh.con, "never-stored") is None
    assert run_topics(wh.con, "never-stored") == []
    assert run_assignments(wh.con, "never-stored") == {}


def kept_run_fields(row: dict) -> dict:
    """The ``TopicRunRecord`` fields of a stored ``topic_runs`` row."""
    fields = set(TopicRunRecord.__dataclass_fields__)
    return {key: value for key, value in row.items() if key in fields} | {"params": {}}


def test_topic_records_round_trip(wh):
    run_weeks(wh, WEEKS[:1])
    topic = run_topics(wh.con, "weekly-2025-W01")[0]
    assert isinstance(topic, TopicRecord)
    assert topic.centroid.shape == (384,)
    assert np.linalg.norm(topic.centroid) == pytest.approx(1.0, abs=1e-5)


def test_rising_terms_round_trip_and_read_empty_from_older_rows(wh):
    run_weeks(wh, WEEKS[:1])
    kept_run = topic_run(wh.con, "weekly-2025-W01")
    topics = run_topics(wh.con, "weekly-2025-W01")
    held = [replace(topics[0], rising_terms=["sodium-ion battery", "prussian blue"]), *topics[1:]]
    record = TopicRunRecord(**{**kept_run_fields(kept_run), "run_id": "rerun"})
    assignments = pa.table(
        {"doc_id": pa.array([], pa.string()), "topic_id": pa.array([], pa.string()),
         "probability": pa.array([], pa.float64())}
    )  # fmt: skip
    save_topic_run(wh, record, held, assignments, [], at=datetime(2025, 1, 6))
    stored = run_topics(wh.con, "rerun")
    assert stored[0].rising_terms == ["sodium-ion battery", "prussian blue"]
    assert all(t.rising_terms == [] for t in stored[1:])
    # rows written before migration 0011 hold NULL
    wh.con.execute("UPDATE topics SET rising_terms = NULL WHERE run_id = 'rerun'")
    assert all(t.rising_terms == [] for t in run_topics(wh.con, "rerun"))
