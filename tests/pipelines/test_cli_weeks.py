"""Week arguments are checked before anything runs, and a week must have run to be read."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.pipelines.horizon_cli import horizon, one_line_error
from warehouse.connection import open_warehouse

BAD_WEEKS = {
    "": "is empty; give an ISO week such as",
    " 2026-W48 ": "has spaces around it; write 2026-W48",
    "2026-W60": "2026-W60 does not exist: 2026 has weeks W01 to W53",
    "2025-W53": "2025-W53 does not exist: 2025 has weeks W01 to W52",
    "next week": "'next week' is not an ISO week; write YYYY-Www",
    "../../x": "'../../x' is not an ISO week",
}


@pytest.fixture
def empty_db(tmp_path: Path) -> Path:
    db = tmp_path / "horizon.duckdb"
    open_warehouse(db).close()
    return db


@pytest.mark.parametrize("week", list(BAD_WEEKS))
@pytest.mark.parametrize("command", ["run", "report", "export"])
def test_a_bad_week_is_refused_with_its_reason(
    command: str, week: str, empty_db: Path, tmp_path: Path
) -> None:
    reason = one_line_error(horizon(command, "--week", week, "--db", str(empty_db), cwd=tmp_path))
    assert reason.startswith("--week ") and BAD_WEEKS[week] in reason


@pytest.mark.parametrize("week", list(BAD_WEEKS))
def test_backfill_checks_both_ends(week: str, empty_db: Path, tmp_path: Path) -> None:
    start = horizon("backfill", "--start", week, "--end", "2026-W02", "--db", str(empty_db),
                    cwd=tmp_path)  # fmt: skip
    assert one_line_error(start).startswith("--start")
    assert BAD_WEEKS[week] in one_line_error(start)
    end = horizon("backfill", "--start", "2026-W01", "--end", week, "--db", str(empty_db),
                  cwd=tmp_path)  # fmt: skip
    assert one_line_error(end).startswith("--end")


def test_export_never_writes_outside_out(empty_db: Path, tmp_path: Path) -> None:
    work = tmp_path / "a" / "b"
    work.mkdir(parents=True)
    result = horizon("export", "--week", "../../x", "--db", str(empty_db), "--out", "out",
                     cwd=work)  # fmt: skip
    one_line_error(result)
    assert not (tmp_path / "x").exists()
    assert not (work / "out").exists()


def test_exporting_a_week_that_never_ran_is_an_error(empty_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = horizon("export", "--week", "2026-W48", "--db", str(empty_db), "--out", str(out),
                     cwd=tmp_path)  # fmt: skip
    assert one_line_error(result) == (
        "2026-W48 never ran: run `horizon run --week 2026-W48` first "
        "(`horizon status` lists the weeks that ran)"
    )
    assert not out.exists()


def test_reading_commands_without_any_report_say_so(empty_db: Path, tmp_path: Path) -> None:
    for command in ("report", "export", "topics"):
        result = horizon(command, "--db", str(empty_db), cwd=tmp_path)
        assert one_line_error(result).startswith("no weekly run has written a report yet")
