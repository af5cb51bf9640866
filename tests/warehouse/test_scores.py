"""Which earlier flags and continuations a run's continuation rule compares its topics with
(``earlier_flags``)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from tests.support.scores import status_rows
from warehouse.connection import Warehouse, open_warehouse
from warehouse.scores import earlier_flags, replace_scores
from warehouse.topics import TopicRecord, TopicRunRecord, save_topic_run

AT = datetime(2026, 1, 5, 6, 0)
NO_DOCS = pa.table(
    {
        "doc_id": pa.array([], pa.string()),
        "topic_id": pa.array([], pa.string()),
        "probability": pa.array([], pa.float64()),
    }
)


def _axis(i: int) -> np.ndarray:
    vector = np.zeros(384, dtype=np.float32)
    vector[i] = 1.0
    return vector


def monthly_run(
    wh: Warehouse,
    series: str,
    month: str,
    statuses: dict[str, str],
    continues: dict[str, str] | None = None,
) -> str:
    """A run of ``month`` whose topics have the given statuses (and continuations); a topic's
    centroid points along the axis of the month's number, so the test can tell which run a
    centroid came from."""
    run_id = f"{series}-{month}"
    end = date(int(month[:4]), int(month[5:]), 28)
    record = TopicRunRecord(
        run_id, series, month, end, date(2019, 1, 1), "refit", "test", None,
        0, 0, 0, len(statuses), 0, len(statuses) + 1, 0, 0,
    )  # fmt: skip
    topics = [
        TopicRecord(topic, topic, ["term"], 5, _axis(int(month[5:])), month, run_id)
        for topic in statuses
    ]
    save_topic_run(wh, record, topics, NO_DOCS, [], at=AT)
    frame = status_rows(statuses, continues)
    with wh.transaction() as con:
        replace_scores(con, run_id, month, frame, pd.DataFrame())
    return run_id


def test_the_first_flag_of_each_topic_in_earlier_periods_of_the_series(tmp_path: Path) -> None:
    wh = open_warehouse(tmp_path / "h.duckdb")
    try:
        monthly_run(wh, "backtest-month", "2020-02", {"wave": "emerging", "old": "new"})
        monthly_run(wh, "backtest-month", "2020-03", {"wave": "new", "masks": "growing"})
        monthly_run(wh, "backtest-month", "2020-04", {"wave": "stable", "tallies": "new"})
        monthly_run(wh, "weekly", "2020-04", {"elsewhere": "new"})
        current = monthly_run(wh, "backtest-month", "2020-05", {"wave": "stable", "fresh": "new"})
        later = monthly_run(wh, "backtest-month", "2020-06", {"later": "new"})

        flags = earlier_flags(wh.con, current, since=date(2020, 1, 1))
        found = {topic: (p, int(np.argmax(centroid))) for topic, p, centroid, _ in flags}
        # first flag 2020-02, centroid of its latest earlier run (April); the current run's own
        # flags, a later run's, another series' and never-flagged topics are not earlier flags
        assert found == {"old": ("2020-02", 2), "tallies": ("2020-04", 4), "wave": ("2020-02", 4)}

        recent = earlier_flags(wh.con, current, since=date(2020, 3, 1))
        assert {topic: period for topic, period, _, _ in recent} == {
            "tallies": "2020-04",
            "wave": "2020-03",
        }
        assert {t for t, *_ in earlier_flags(wh.con, later, since=date(2020, 1, 1))} == {
            "old", "tallies", "wave", "fresh",
        }  # fmt: skip
        assert all(continued is None for *_, continued in flags)
    finally:
        wh.close()


def test_continuations_held_back_before_are_compared_too(tmp_path: Path) -> None:
    """A topic held back as a continuation is part of its subject for the runs after it, with
    what it first continued (later runs may find it closer to another part of the subject); a
    topic flagged in any earlier run counts as a flag, even if an earlier run held it back."""
    wh = open_warehouse(tmp_path / "h.duckdb")
    try:
        month = "backtest-month"
        monthly_run(wh, month, "2020-03", {"wave": "new", "late": "growing"}, {"late": "wave"})
        monthly_run(wh, month, "2020-06", {"tallies": "growing"}, {"tallies": "wave"})
        monthly_run(
            wh, month, "2020-07", {"tallies": "growing", "late": "new"}, {"tallies": "late"}
        )
        monthly_run(wh, month, "2020-08", {"quiet": "growing"})
        current = monthly_run(wh, month, "2020-09", {"drift": "new"})

        found = {t: (p, int(np.argmax(c)), via) for t, p, c, via in earlier_flags(
            wh.con, current, since=date(2020, 1, 1)
        )}  # fmt: skip
        assert found == {
            "wave": ("2020-03", 3, None),
            "tallies": ("2020-06", 7, "wave"),  # first held back in June (as more of the wave)
            "late": ("2020-07", 7, None),  # flagged in July: a flag, not a continuation
        }
    finally:
        wh.close()
