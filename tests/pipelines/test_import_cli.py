"""`horizon import` of the real neural-network patent corpus, through the installed command.

Grant dates and titles below are read from ``corpora/patents_neural_network/
neural_network_patent_query.csv`` (see ``SOURCES.md`` there): 5535303 was granted 1996-07-09,
8504361 (the first grant naming deep neural networks) 2013-08-06.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from warehouse.connection import open_warehouse
from warehouse.documents import count_documents, documents_by_external_id

CORPUS = "corpora/patents_neural_network/neural_network_patent_query.csv"
BROKEN_LINE = 1001
SUBPROCESS_TIMEOUT = 300  # a safety net against a hung child, not a timing assertion


def horizon(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The installed ``horizon`` command, or the same entry point through this interpreter."""
    script = Path(sys.executable).with_name("horizon")
    command = [str(script)] if script.exists() else [sys.executable, "-c", CLI_MAIN]
    return subprocess.run(
        [*command, *args], cwd=cwd, capture_output=True, text=True, timeout=SUBPROCESS_TIMEOUT
    )


CLI_MAIN = "from pipelines.cli import main; main()"


@pytest.mark.shared
def test_import_the_patent_corpus(shared_data: Path, tmp_path: Path) -> None:
    corpus = shared_data / CORPUS
    db = tmp_path / "var" / "horizon.duckdb"

    first = horizon("import", str(corpus), "--db", str(db), cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "neural_network_patent_query.csv: 3522 new, 0 already stored, 0 skipped" in first.stdout

    with open_warehouse(db, read_only=True) as wh:
        assert count_documents(wh.con) == 3522
        assert count_documents(wh.con, kind="patent") == 3522
        stored = documents_by_external_id(wh.con, ["5535303", "8504361", "7499894"])
        first_date, last_date, undated, quoted = wh.con.execute(
            "SELECT min(published), max(published), count(*) FILTER (published IS NULL),"
            " count(*) FILTER (title LIKE '\"%\"' OR text LIKE '\"%' OR text LIKE '%\"')"
            " FROM documents"
        ).fetchone()
    barometer, deep, cerebral = stored["5535303"], stored["8504361"], stored["7499894"]
    assert barometer["published"] == date(1996, 7, 9)
    assert barometer["period"] == "1996-W28"
    assert barometer["title"] == '"Barometer" neuron for a neural network'
    assert barometer["text"].startswith('A "Barometer" Neuron enhances stability')
    assert deep["published"] == date(2013, 8, 6)
    assert deep["title"] == "Deep neural networks and methods for using same"
    assert cerebral["text"].startswith("A method of training a biological neural network")
    assert (first_date, last_date, undated, quoted) == (date(1978, 6, 13), date(2018, 5, 29), 0, 0)

    lines = corpus.read_text(encoding="utf-8").splitlines(keepends=True)
    broken = tmp_path / "patents_with_a_broken_row.csv"
    bad_row = "9999999,not enough columns\n"
    broken.write_text(
        "".join([*lines[: BROKEN_LINE - 1], bad_row, *lines[BROKEN_LINE - 1 :]]), encoding="utf-8"
    )
    second = horizon("import", str(broken), "--db", str(db), cwd=tmp_path)
    assert second.returncode == 0, second.stderr
    assert (
        f"skipped patents_with_a_broken_row.csv line {BROKEN_LINE}: "
        "2 columns where the header (line 1) has 4"
    ) in second.stdout
    assert "patents_with_a_broken_row.csv: 0 new, 3522 already stored, 1 skipped" in second.stdout

    again = horizon("import", str(corpus), "--db", str(db), cwd=tmp_path)
    assert "neural_network_patent_query.csv: 0 new, 3522 already stored, 0 skipped" in again.stdout

    status = horizon("status", "--db", str(db), cwd=tmp_path)
    assert status.returncode == 0, status.stderr
    assert status.stdout.count("import-") == 3
    assert "3522 new, 0 known, 0 rejected" in status.stdout
    assert "0 new, 3522 known, 1 rejected" in status.stdout
    assert "import:patents_with_a_broken_row.csv" in status.stdout
    with open_warehouse(db, read_only=True) as wh:
        assert count_documents(wh.con) == 3522
        assert wh.con.execute("SELECT count(*) FROM fetch_log").fetchone() == (3,)
        assert wh.con.execute(
            "SELECT items_seen, items_new, items_rejected, status FROM fetch_log"
            " WHERE source_id = 'import:patents_with_a_broken_row.csv'"
        ).fetchone() == (3523, 0, 1, "partial")
