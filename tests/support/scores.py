"""Stored scores with only the columns a test cares about (the rest left empty)."""

from __future__ import annotations

import pandas as pd

_OTHER_COLUMNS = (
    "share_recent", "share_base", "growth", "age", "first_period", "burst", "burst_weight",
    "porter", "n_sources", "n_orgs", "n_countries", "kinds_order",
)  # fmt: skip


def status_rows(statuses: dict[str, str], continues: dict[str, str] | None = None) -> pd.DataFrame:
    """A ``topic_scores`` frame for :func:`warehouse.scores.replace_scores`: topic → status, and
    topic → the topic it continues for those the continuation rule held back."""
    return pd.DataFrame(
        [
            {"topic_id": topic, "status": status, "score": 1.0, "reasons": [f"{status}: test"]}
            | dict.fromkeys(_OTHER_COLUMNS)
            | {"continues": (continues or {}).get(topic)}
            for topic, status in statuses.items()
        ]
    )
