"""``horizon backtest``: replay detection period by period with no look-ahead.

Each period's topics are fitted on the documents published up to the end of that period only,
continuing the previous period's topics (so ids are stable through the replay), then scored
with the emergence presets for the period unit. Term extraction and embeddings are properties
of single documents and are computed once for the whole corpus beforehand; the topic model,
the counts and the scores never see a later document.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any, TypedDict

import pandas as pd

from kernel.errors import ConfigError
from kernel.periods import Unit, period_end, period_range, unit_of
from models.emergence.stage import EmergenceSettings, run_emergence_stage
from models.topics.model import TopicParams
from models.topics.stage import run_topics_stage
from pipelines.config import HorizonSettings
from pipelines.stages.analysis import EmbedStage, TermsStage
from pipelines.stages.protocol import StageInputs
from reports.schema import FlaggedTopic, HeldBackTopic
from warehouse.connection import Warehouse
from warehouse.reporting import topic_external_ids
from warehouse.scores import topic_scores_for_run
from warehouse.topics import run_topics

FLAGGED = ("new", "emerging")
# How far back the topic model looks, per unit: enough periods for the base and active windows
# of the emergence presets (a year needs about a decade of history).
WINDOW_WEEKS = {"week": 104, "month": 5 * 52, "year": 12 * 52}
SCORING_PERIODS = {"week": 52, "month": 36, "year": 12}


class BacktestPeriod(TypedDict):
    """One period of the replay: its flagged and held-back topics as the report writes them."""

    period: str
    n_docs: int
    flagged: list[dict[str, object]]
    held_back: list[dict[str, object]]
    warnings: list[str]


class BacktestResult(TypedDict):
    """The backtest file of DESIGN.md."""

    period_unit: Unit
    periods: list[BacktestPeriod]


def run_backtest(
    wh: Warehouse,
    settings: HorizonSettings,
    *,
    unit: Unit,
    start: str,
    end: str,
    top: int = 20,
) -> BacktestResult:
    """Detection for every period from ``start`` to ``end``, in the DESIGN.md backtest format."""
    for label in (start, end):
        if unit_of(label) != unit:
            raise ConfigError(
                f"period {label!r} is not a {unit}; write e.g. 2016, 2016-07 or 2016-W27"
            )
    periods = period_range(start, end)
    if not periods:
        raise ConfigError(f"--end {end} is before --start {start}")
    prepare = StageInputs(wh, run_id=f"backtest-{unit}", period=start)
    TermsStage(settings.terms).run(prepare)
    EmbedStage(settings.embeddings).run(prepare)
    params = replace(TopicParams(), window_weeks=WINDOW_WEEKS[unit])
    result: BacktestResult = {"period_unit": unit, "periods": []}
    for label in periods:
        run_id = f"backtest-{unit}-{label}"
        until = period_end(label)
        counts = run_topics_stage(
            wh,
            run_id=run_id,
            period=label,
            period_end=until,
            params=params,
            embedder_name=settings.embeddings.name,
            series=f"backtest-{unit}",
        )
        scored = run_emergence_stage(
            wh,
            run_id=run_id,
            period=label,
            unit=unit,
            params=settings.emergence.params(unit),
            settings=EmergenceSettings(window_periods=SCORING_PERIODS[unit]),
        )
        scores = topic_scores_for_run(wh.con, run_id)
        chosen = scores[scores["status"].isin(FLAGGED)].head(top)
        held = scores[scores["held_back"].notna()].head(top)
        labels = _labels(wh, run_id)
        doc_ids = topic_external_ids(wh.con, run_id, list(chosen["topic_id"]), until=until)
        empty_periods = scored["empty_periods"]
        result["periods"].append(
            {
                "period": label,
                "n_docs": int(counts.get("documents", 0)),
                "flagged": [
                    _flagged_entry(
                        FlaggedTopic(
                            topic_id=topic_id,
                            label=labels[topic_id][0],
                            status=status,
                            score=round(float(score), 3),
                            terms=labels[topic_id][1],
                            doc_ids=doc_ids.get(topic_id, []),
                            reasons=list(reasons),
                        )
                    )
                    for topic_id, status, score, reasons in _columns(
                        chosen, "topic_id", "status", "score", "reasons"
                    )
                ],
                "held_back": [
                    _held_back_entry(
                        HeldBackTopic(
                            topic_id=topic_id,
                            label=labels[topic_id][0],
                            would_be=would_be,
                            status=status,
                            score=round(float(score), 3),
                            terms=labels[topic_id][1],
                            why=reasons[0] if len(reasons) else "",
                        )
                    )
                    for topic_id, would_be, status, score, reasons in _columns(
                        held, "topic_id", "held_back", "status", "score", "reasons"
                    )
                ],
                "warnings": [
                    f"no documents dated in {empty}: scored as an empty {unit}"
                    for empty in (empty_periods if isinstance(empty_periods, list) else [])
                ],
            }
        )
    return result


def _columns(frame: pd.DataFrame, *names: str) -> zip[tuple[Any, ...]]:
    """The rows of ``frame``'s ``names`` columns, as ``itertuples`` would give them."""
    return zip(*(frame[name] for name in names), strict=True)


def write_backtest(result: BacktestResult, out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def _flagged_entry(topic: FlaggedTopic) -> dict[str, object]:
    """A flagged topic as the report's JSON writes it, less ``why``: the backtest format of
    DESIGN.md lists the reasons, of which ``why`` is only the first."""
    return topic.model_dump(mode="json", exclude={"why"})


def _held_back_entry(topic: HeldBackTopic) -> dict[str, object]:
    """A held-back topic in the backtest's shorter form: its id, label, the status it would have
    had and the one it got, and the evidence rule that held it back as its one reason."""
    entry = topic.model_dump(mode="json", include={"topic_id", "label", "would_be", "status"})
    return {**entry, "reasons": [topic.why] if topic.why else []}


def _labels(wh: Warehouse, run_id: str) -> dict[str, tuple[str, list[str]]]:
    return {t.topic_id: (t.label, list(t.terms)) for t in run_topics(wh.con, run_id)}
