"""A monthly backtest over a corpus with a gap: the empty month is reported, not silently scored.

Real neural-network patents granted 2016-06..2017-08, with every grant of 2017-03 left out (as
a failed import or a feed outage would leave it), replayed month by month.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from pipelines.backtest import run_backtest
from pipelines.config import HorizonSettings
from pipelines.importing import import_file
from warehouse.connection import open_warehouse

pytestmark = pytest.mark.slow
CORPUS = Path("corpora/patents_neural_network/neural_network_patent_query.csv")
GAP = "2017-03"


@pytest.fixture(scope="module")
def backtest(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    folder = tmp_path_factory.mktemp("gap")
    with (shared_data / CORPUS).open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = [
            row
            for row in reader
            if "2016-06" <= row["patent_date"][:7] <= "2017-08"
            and not row["patent_date"].startswith(GAP)
        ]
        fields = reader.fieldnames
    extract = folder / "patents.csv"
    with extract.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    with open_warehouse(folder / "horizon.duckdb") as wh:
        assert import_file(wh, extract, kind="patent").new == len(rows)
        return run_backtest(wh, HorizonSettings(), unit="month", start="2017-01", end="2017-05")


def test_an_empty_month_is_a_warning_from_then_on(backtest: dict) -> None:
    warnings = {p["period"]: p["warnings"] for p in backtest["periods"]}
    gap = f"no documents dated in {GAP}: scored as an empty month"
    assert warnings["2017-01"] == [] and warnings["2017-02"] == []
    for period in ("2017-03", "2017-04", "2017-05"):
        assert warnings[period] == [gap]


def test_every_period_lists_what_an_evidence_rule_held_back(backtest: dict) -> None:
    for period in backtest["periods"]:
        assert set(period) == {"period", "n_docs", "flagged", "held_back", "warnings"}
        # patents are research evidence themselves: nothing is held back in a patent corpus
        assert period["held_back"] == []
