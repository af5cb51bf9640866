"""Continuations of an earlier flag, on real documents embedded by the real model.

Topics are drawn from two committed corpora by their titles: the Wikipedia Current Events
headlines (``benchmarks/corpora/events``, CC BY-SA 4.0) and the ACL Anthology titles
(``benchmarks/corpora/acl``, CC BY 4.0). Each topic's centroid is the mean of the vectors of
10 to 40 titles, as the topic stage computes it. The background of each run is made of topics
of earlier years: the portal's categories (news) or established subfields (ACL). The last test
runs the emergence stage on a warehouse file, to show that a run is compared with the flags of
the runs before it.
"""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from kernel.periods import period_range
from kernel.records import DocumentRecord
from models.embeddings import embed_texts, load_embedder
from models.emergence.continuation import Continuation, EarlierFlag, continuations
from models.emergence.params import EmergenceParams
from models.emergence.scoring import score_topics
from models.emergence.stage import run_emergence_stage
from tests.support.scores import status_rows
from warehouse.connection import Warehouse, open_warehouse
from warehouse.documents import upsert_documents
from warehouse.scores import replace_scores, topic_scores_for_run
from warehouse.topics import TopicRecord, TopicRunRecord, save_topic_run

CORPORA = Path(__file__).resolve().parents[3] / "benchmarks" / "corpora"
PARAMS = EmergenceParams()
AT = datetime(2026, 1, 5, 6, 0)
ACL_SUBFIELDS = {
    "machine translation": r"machine translation",
    "sentiment": r"sentiment",
    "named entities": r"named entity",
    "parsing": r"parsing|parser",
    "summarisation": r"summari",
    "question answering": r"question answering",
    "dialogue": r"dialog",
    "abusive language": r"hate speech|offensive",
    "relation extraction": r"relation extraction",
    "speech": r"speech",
}


def _titles(corpus: str) -> list[dict[str, str]]:
    with gzip.open(CORPORA / corpus / "docs.jsonl.gz", "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def _pick(docs: list[dict[str, str]], pattern: str, dates: tuple[str, ...]) -> list[str]:
    found = re.compile(pattern, re.IGNORECASE)
    return [d["title"] for d in docs if d["date"].startswith(dates) and found.search(d["title"])][
        :40
    ]


@pytest.fixture(scope="module")
def centroid():
    model = load_embedder()

    def mean(titles: list[str]) -> np.ndarray:
        assert len(titles) >= 10
        vector = embed_texts(titles, model).mean(axis=0)
        return vector / np.linalg.norm(vector)

    return mean


@pytest.fixture(scope="module")
def news_run(centroid) -> dict[str, np.ndarray]:
    """COVID-19 in the news: the first wave (flagged in March 2020), the daily case tallies of
    October, face masks in the summer and vaccines in the autumn, among the portal's ten largest
    categories of 2017, 2018 and 2019."""
    docs = _titles("events")
    covid, counted = r"covid|coronavirus", r"cases|deaths"
    summer, autumn = ("2020-07", "2020-08", "2020-09"), ("2020-10", "2020-11", "2020-12")
    topics = {
        "first wave": _pick(docs, covid, ("2020-03",)),
        "case tallies": _pick(
            docs, rf"({counted}).*({covid})|({covid}).*({counted})", ("2020-10",)
        ),
        "face masks": _pick(docs, r"face ?masks?|face coverings?|mask mandate", summer),
        "vaccines": _pick(docs, r"vaccin", autumn),
    }
    for year in ("2017", "2018", "2019"):
        by_category: dict[str, list[str]] = {}
        for d in docs:
            if d["date"].startswith(year):
                by_category.setdefault(d["source"].split(" / ")[-1], []).append(d["title"])
        largest = sorted(by_category.items(), key=lambda item: -len(item[1]))[:10]
        topics |= {f"{category} {year}": titles[:40] for category, titles in largest}
    return {name: centroid(titles) for name, titles in topics.items()}


@pytest.fixture(scope="module")
def later_tallies(centroid) -> np.ndarray:
    """The tallies of November and December 2020 that give a number of cases or deaths: closer
    to the October tallies than to the first wave, as the subject drifted."""
    return centroid(
        _pick(_titles("events"), r"\d[\d,]* (new )?(cases|deaths)", ("2020-11", "2020-12"))
    )


def _continued(run: dict[str, np.ndarray], flag: str, period: str) -> dict[str, Continuation]:
    return continuations(
        run,
        {flag: EarlierFlag(period, run[flag])},
        min_similarity=PARAMS.continuation_min_similarity,
        min_z=PARAMS.continuation_min_z,
    )


def test_the_case_tallies_of_a_subject_flagged_months_before_continue_it(news_run) -> None:
    found = _continued(news_run, "first wave", "2020-03")
    assert set(found) == {"case tallies"}
    tallies = found["case tallies"]
    assert (tallies.topic_id, tallies.period) == ("first wave", "2020-03")
    assert tallies.similarity >= 0.8 and tallies.z >= 3
    # masks and vaccines are new subjects of the same pandemic, not more of the first wave
    unchecked = continuations(
        news_run, {"first wave": EarlierFlag("2020-03", news_run["first wave"])},
        min_similarity=1e-9, min_z=-np.inf,
    )  # fmt: skip
    assert unchecked["face masks"].similarity < 0.5
    assert unchecked["vaccines"].similarity < 0.7


def test_a_new_subfield_close_to_an_earlier_flag_is_not_a_continuation(centroid) -> None:
    """In one field every topic is close to every other: the 2023 large-language-model papers
    sit above 0.8 from the pre-trained-language-model papers flagged in 2022, but no further
    above the other NLP subfields than those sit from each other."""
    docs = _titles("acl")
    topics = {
        "pre-trained LMs": _pick(docs, r"pre-?trained language model", ("2021", "2022")),
        "large LMs": _pick(docs, r"large language model|\bLLMs?\b|ChatGPT", ("2023",)),
    }
    for name, pattern in ACL_SUBFIELDS.items():
        topics |= {f"{name} {year}": _pick(docs, pattern, (year,)) for year in ("2018", "2019")}
    run = {name: centroid(titles) for name, titles in topics.items()}
    assert _continued(run, "pre-trained LMs", "2022") == {}
    close = continuations(
        run, {"pre-trained LMs": EarlierFlag("2022", run["pre-trained LMs"])},
        min_similarity=PARAMS.continuation_min_similarity, min_z=0.0,
    )  # fmt: skip
    assert "large LMs" in close  # close in absolute terms: only the second test keeps it apart


def test_a_subject_is_followed_through_the_continuations_held_back_on_the_way(
    news_run, later_tallies
) -> None:
    """Held back in October as a continuation of the first wave, the October tallies are part of
    the subject: the December run's tallies continue them, though they have drifted too far from
    the first wave to continue it directly."""
    run = {name: v for name, v in news_run.items() if name != "case tallies"}
    run["later tallies"] = later_tallies
    wave = EarlierFlag("2020-03", news_run["first wave"])
    october = EarlierFlag("2020-10", news_run["case tallies"], continues="first wave")
    assert _continued(run, "first wave", "2020-03") == {}
    found = continuations(
        run,
        {"first wave": wave, "october tallies": october},
        min_similarity=PARAMS.continuation_min_similarity,
        min_z=PARAMS.continuation_min_z,
    )
    assert set(found) == {"later tallies"}  # masks and vaccines stay new
    later = found["later tallies"]
    assert (later.topic_id, later.period, later.via) == ("october tallies", "2020-10", "first wave")
    assert later.similarity >= 0.8 and later.z >= 3


def test_a_continuation_names_the_flag_its_subject_started_from(news_run, later_tallies) -> None:
    """October's tallies continued September's, which continued the first wave: the later
    tallies continue October's, and their subject is the first wave."""
    run = {name: v for name, v in news_run.items() if name != "case tallies"}
    run["later tallies"] = later_tallies
    earlier = {
        "first wave": EarlierFlag("2020-03", news_run["first wave"]),
        "september tallies": EarlierFlag("2020-09", news_run["first wave"], "first wave"),
        "october tallies": EarlierFlag("2020-10", news_run["case tallies"], "september tallies"),
    }
    found = continuations(run, earlier, min_similarity=0.75, min_z=3.0)["later tallies"]
    assert (found.topic_id, found.period, found.via) == (
        "october tallies", "2020-10", "first wave",
    )  # fmt: skip
    # the flag itself left the window: the chain names the earliest continuation's subject
    del earlier["first wave"]
    found = continuations(run, earlier, min_similarity=0.75, min_z=3.0)["later tallies"]
    assert found.via == "first wave"


def test_an_earlier_continuation_still_in_the_run_is_compared_but_not_with_itself(
    news_run,
) -> None:
    earlier = {
        "first wave": EarlierFlag("2020-03", news_run["first wave"]),
        "case tallies": EarlierFlag("2020-10", news_run["case tallies"], continues="first wave"),
    }
    found = _continued(news_run, "first wave", "2020-03")
    assert continuations(news_run, earlier, min_similarity=0.75, min_z=3.0) == found


def test_a_topic_flagged_before_is_never_a_continuation(news_run) -> None:
    earlier = {
        name: EarlierFlag("2020-03", news_run[name]) for name in ("first wave", "case tallies")
    }
    assert continuations(news_run, earlier, min_similarity=0.8, min_z=3.0) == {}


def test_the_rule_is_off_at_zero_and_without_earlier_flags(news_run) -> None:
    flag = {"first wave": EarlierFlag("2020-03", news_run["first wave"])}
    assert continuations(news_run, flag, min_similarity=0.0, min_z=3.0) == {}
    assert continuations(news_run, {}, min_similarity=0.8, min_z=3.0) == {}


def test_a_continuation_is_growing_and_says_what_it_continues() -> None:
    """A young topic that would be new is growing, with the earlier flag in its reason; it is
    not listed as held back by a deployment's evidence rule."""
    weeks = period_range("2025-W01", "2025-W20")
    series = {"background": [20] * 20, "tallies": [0] * 14 + [1, 2, 3, 4, 5, 6]}
    counts = pd.DataFrame(
        [
            (topic, week, "publication", n)
            for topic, ns in series.items()
            for week, n in zip(weeks, ns, strict=True)
            if n
        ],
        columns=["topic_id", "period", "kind", "n"],
    )
    totals = pd.DataFrame({"period": weeks, "n": 200, "kind": "publication"})
    plain = score_topics(counts, totals, periods=weeks, params=PARAMS).set_index("topic_id")
    assert plain.loc["tallies", "status"] == "new"
    found = Continuation("T0311", "2025-W08", 0.93, 4.6)
    scored = score_topics(
        counts, totals, periods=weeks, continues={"tallies": found}, params=PARAMS
    ).set_index("topic_id")
    assert scored.loc["tallies", "status"] == "growing"
    assert scored.loc["tallies", "held_back"] is None
    assert scored.loc["tallies", "reasons"][0].endswith(
        "it continues T0311, flagged in 2025-W08 (centroid similarity 0.93, 4.6 standard "
        "deviations above its similarity to the other topics), so not flagged as new"
    )
    assert scored.loc["tallies", "continues"] == "T0311"
    assert scored.loc["background", "status"] == plain.loc["background", "status"]
    assert pd.isna(scored.loc["background", "continues"])
    chained = Continuation("T0402", "2025-W12", 0.81, 3.5, via="T0311")
    again = score_topics(
        counts, totals, periods=weeks, continues={"tallies": chained}, params=PARAMS
    ).set_index("topic_id")
    assert again.loc["tallies", "continues"] == "T0402"
    assert (
        "it continues T0402, held back in 2025-W12 as a continuation of T0311 ("
        in (again.loc["tallies", "reasons"][0])
    )


def _stage_warehouse(path: Path, *, wave_continues: str | None = None) -> Warehouse:
    """Twenty weeks of documents: a steady background topic and, from week 15, a young topic
    ("tallies") whose centroid lies next to a topic flagged in week 12 ("wave"), among fifteen
    unrelated topics. The week-12 run is stored with "wave" flagged (or, given
    ``wave_continues``, held back as a continuation of that topic); the week-20 run holds
    everything."""
    weeks = period_range("2025-W01", "2025-W20")
    per_week = {"background": [20] * 20, "tallies": [0] * 14 + [1, 2, 3, 4, 5, 6]}
    records, assignments = [], []
    for topic, counts in per_week.items():
        for week, n in zip(weeks, counts, strict=True):
            for k in range(n):
                doc = f"{topic}-{week}-{k}"
                records.append(
                    DocumentRecord(
                        doc_id=doc, external_id=doc, kind="publication", title=doc, text=doc,
                        published=date.fromisocalendar(2025, int(week[-2:]), 3), period=week,
                        keys=[f"ext:publication:{doc}"],
                    )
                )  # fmt: skip
                assignments.append((doc, topic, week))
    wh = open_warehouse(path)
    with wh.transaction() as con:
        upsert_documents(con, records, run_id="r1", source_id="s1", seen_at=AT)
    rng = np.random.default_rng(7)
    unit = rng.normal(size=(16, 384)).astype(np.float32)
    unit /= np.linalg.norm(unit, axis=1, keepdims=True)
    tallies = unit[0] + 0.2 * unit[1]
    centroids = {"wave": unit[0], "tallies": tallies / np.linalg.norm(tallies)}
    centroids |= {"background": unit[1]} | {f"other {i}": unit[i] for i in range(2, 16)}
    for week, present in (("2025-W12", ["wave", "background"]), ("2025-W20", list(centroids))):
        record = TopicRunRecord(
            f"weekly-{week}", "weekly", week, date.fromisocalendar(2025, int(week[-2:]), 7),
            date(2025, 1, 1), "refit", "test", None, 0, 0, 0, len(present), 0, 99, 0, 0,
        )  # fmt: skip
        topics = [
            TopicRecord(t, t, ["term"], 5, centroids[t], "2025-W01", record.run_id) for t in present
        ]
        placed = [(d, t) for d, t, w in assignments if t in present and w <= week]
        table = pa.table(
            {
                "doc_id": pa.array([d for d, _ in placed], pa.string()),
                "topic_id": pa.array([t for _, t in placed], pa.string()),
                "probability": pa.array([0.9] * len(placed), pa.float64()),
            }
        )
        save_topic_run(wh, record, topics, table, [], at=AT)
    with wh.transaction() as con:
        wave = (
            status_rows({"wave": "growing"}, {"wave": wave_continues})
            if wave_continues
            else status_rows({"wave": "new"})
        )
        replace_scores(con, "weekly-2025-W12", "2025-W12", wave, pd.DataFrame())
    return wh


@pytest.mark.parametrize("rule", ["on", "off", "chain"])
def test_the_stage_compares_a_run_with_the_flags_of_earlier_runs(tmp_path: Path, rule: str) -> None:
    params = PARAMS if rule != "off" else replace(PARAMS, continuation_min_similarity=0.0)
    chain = "first wave" if rule == "chain" else None
    wh = _stage_warehouse(tmp_path / "h.duckdb", wave_continues=chain)
    try:
        run_emergence_stage(wh, run_id="weekly-2025-W20", period="2025-W20", params=params)
        scores = topic_scores_for_run(wh.con, "weekly-2025-W20").set_index("topic_id")
    finally:
        wh.close()
    tallies = scores.loc["tallies"]
    if rule == "off":
        assert tallies.status == "new"
        assert pd.isna(tallies.continues)
        return
    assert tallies.status == "growing"
    assert tallies.continues == "wave"  # stored, so later runs compare their topics with it
    how = (
        "held back in 2025-W12 as a continuation of first wave" if chain else "flagged in 2025-W12"
    )
    assert f"it continues wave, {how} (" in tallies.reasons[0]
