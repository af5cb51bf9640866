"""The terms stage on a real warehouse with real patents: incremental, idempotent, acronyms,
termhood, and ``horizon terms --top`` over the result."""

from __future__ import annotations

import csv
import json
import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import typer
from spacy.language import Language
from typer.testing import CliRunner

from extractors.terms import load_term_pipeline
from extractors.terms.cvalue import c_values
from extractors.terms.stage import run_terms_stage
from kernel.records import DocumentRecord
from pipelines.commands.terms import terms_command
from warehouse.connection import Warehouse, open_warehouse
from warehouse.documents import upsert_documents
from warehouse.terms import terms_of_document, top_terms

pytestmark = pytest.mark.shared

CORPUS = "corpora/patents_neural_network/neural_network_patent_query.csv"
ANN_DEFINED = re.compile(r"artificial neural networks? \(ANNs?\)", re.IGNORECASE)
GERMAN = (
    "Die vorliegende Erfindung betrifft neue Tetrahydrofuran-Derivate der allgemeinen Formel, "
    "Verfahren zu deren Herstellung und deren Verwendung als Herbizide. Insbesondere eignen "
    "sich die neuen Wirkstoffe zur selektiven Unkrautbekämpfung in verschiedenen Kulturen."
)


def record(
    doc_id: str, kind: str, title: str, text: str, published: date, key: str
) -> DocumentRecord:
    year, week, _ = published.isocalendar()
    return DocumentRecord(
        doc_id=doc_id,
        external_id=doc_id,
        kind=kind,
        title=title,
        text=text,
        published=published,
        period=f"{year}-W{week:02d}",
        keys=[key],
    )


def patents(shared_data: Path) -> list[DocumentRecord]:
    """The first 30 patents, the first three defining "ANN" and the first five on fuzzy logic."""
    rows = list(csv.DictReader((shared_data / CORPUS).open(encoding="utf-8")))
    chosen = rows[:30]
    chosen += [r for r in rows[30:] if ANN_DEFINED.search(r["patent_abstract"])][:3]
    chosen += [r for r in rows[30:] if "fuzzy logic" in r["patent_abstract"].lower()][:5]
    return [
        record(
            f"US{r['patent_number']}",
            "patent",
            re.sub(r'"+', '"', r["patent_title"]).strip('"'),
            re.sub(r'"+', '"', r["patent_abstract"]).strip().strip('"'),
            date.fromisoformat(r["patent_date"]),
            f"patent:US{r['patent_number']}",
        )
        for r in {r["patent_number"]: r for r in chosen}.values()
    ]


def store(wh: Warehouse, records: list[DocumentRecord]) -> None:
    with wh.transaction() as con:
        upsert_documents(con, records, run_id="test", source_id="test", seen_at=datetime.now(UTC))


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_term_pipeline()


@pytest.fixture(scope="module")
def corpus(shared_data: Path, tmp_path_factory: pytest.TempPathFactory, nlp: Language):
    """A warehouse after two stage runs: the patents plus odd documents, then one more."""
    path = tmp_path_factory.mktemp("terms") / "horizon.duckdb"
    records = patents(shared_data)
    odd = [
        record("de-1", "patent", "Tetrahydrofuran-Derivate", GERMAN, date(2018, 5, 1), "ext:de"),
        record("empty-1", "news", "", "", date(2018, 5, 2), "ext:empty"),
    ]
    with open_warehouse(path) as wh:
        store(wh, records + odd)
        first = run_terms_stage(wh, nlp=nlp, run_id="run-1")
        terms_after_first = wh.con.execute("SELECT * FROM terms ORDER BY term").fetchall()
        again = run_terms_stage(wh, nlp=nlp, run_id="run-2")
        terms_after_again = wh.con.execute("SELECT * FROM terms ORDER BY term").fetchall()
        bare = record(
            "news-ann",
            "news",
            "Utility forecasts load with an ANN",
            "The ANN predicts grid load every hour.",
            date(2018, 6, 4),
            "ext:news-ann",
        )
        store(wh, [bare])
        third = run_terms_stage(wh, nlp=nlp, run_id="run-3")
    return {
        "path": path,
        "records": records,
        "periods": {r.doc_id: r.period for r in [*records, *odd, bare]},
        "runs": (first, again, third),
        "terms": (terms_after_first, terms_after_again),
    }


def test_every_document_is_read_once(corpus) -> None:
    first, again, third = corpus["runs"]
    assert first["documents"] == len(corpus["records"]) + 2
    assert again["documents"] == 0
    assert third["documents"] == 1
    with open_warehouse(corpus["path"], read_only=True) as wh:
        done = dict(wh.con.execute("SELECT doc_id, n_terms FROM doc_terms_done").fetchall())
    assert len(done) == len(corpus["records"]) + 3
    assert done["de-1"] == 0
    assert done["empty-1"] == 0
    assert all(done[r.doc_id] > 0 for r in corpus["records"])


def test_rerunning_changes_nothing(corpus) -> None:
    after_first, after_again = corpus["terms"]
    assert after_first == after_again
    assert len(after_first) == corpus["runs"][0]["terms"]


def test_acronym_definitions_are_counted_and_reused(corpus) -> None:
    defining = [r for r in corpus["records"] if ANN_DEFINED.search(r.text)]
    assert len(defining) >= 3
    with open_warehouse(corpus["path"], read_only=True) as wh:
        n_docs = wh.con.execute(
            "SELECT n_docs FROM term_aliases WHERE alias = 'ann' AND term = ?",
            ["artificial neural network"],
        ).fetchone()[0]
        bare = dict(terms_of_document(wh.con, "news-ann"))
        kinds = wh.con.execute(
            "SELECT kinds FROM terms WHERE term = 'artificial neural network'"
        ).fetchone()[0]
    assert n_docs == len(defining)
    assert bare["artificial neural network"] == 2
    assert "ANN" not in bare
    assert kinds == ["news", "patent"]


def test_vocabulary_is_rebuilt_from_stored_counts(corpus) -> None:
    periods = corpus["periods"]
    with open_warehouse(corpus["path"], read_only=True) as wh:
        doc_terms = wh.con.execute("SELECT doc_id, term, count FROM doc_terms").fetchall()
        terms = {
            row[0]: row
            for row in wh.con.execute(
                "SELECT term, df, total_count, cvalue, first_seen, admitted FROM terms"
            ).fetchall()
        }
    totals: dict[str, int] = {}
    for _, term, count in doc_terms:
        totals[term] = totals.get(term, 0) + count
    assert set(terms) == set(totals)
    expected_cvalues = c_values(totals)
    for term, (_, df, total, cvalue, _, _) in terms.items():
        assert total == totals[term]
        assert df == sum(1 for _, t, _ in doc_terms if t == term)
        if " " in term:
            assert cvalue == pytest.approx(expected_cvalues[term])
        else:
            assert cvalue is None
    ann_docs = [doc_id for doc_id, term, _ in doc_terms if term == "artificial neural network"]
    assert len(ann_docs) >= 4
    assert terms["artificial neural network"][4] == min(periods[doc_id] for doc_id in ann_docs)
    assert terms["artificial neural network"][5] is True


def test_top_terms_by_cvalue(corpus) -> None:
    with open_warehouse(corpus["path"], read_only=True) as wh:
        top = top_terms(wh.con, limit=5)
    assert top[0].term == "artificial neural network"
    assert [t.cvalue for t in top] == sorted((t.cvalue for t in top), reverse=True)


def test_cli_top_lists_cvalue_and_growth(corpus) -> None:
    app = typer.Typer()
    app.command("terms")(terms_command)
    app.command("other")(lambda: None)
    runner = CliRunner()
    db = str(corpus["path"])
    result = runner.invoke(app, ["terms", "--top", "5", "--db", db])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("Top terms by C-value")
    assert lines[1].strip().startswith("artificial neural network")
    assert any(line.startswith("Top terms by growth") for line in lines)

    as_json = json.loads(runner.invoke(app, ["terms", "--top", "3", "--json", "--db", db]).output)
    assert len(as_json["by_cvalue"]) == 3
    growth = as_json["by_growth"]
    assert (growth["period"], growth["previous"]) == ("2018-W23", "2018-W18")
    assert {
        "term": "artificial neural network",
        "df": 1,
        "df_previous": 0,
        "growth": 2.0,
    } in growth["terms"]
