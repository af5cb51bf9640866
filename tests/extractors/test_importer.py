"""`horizon import` files: good records in, every bad one reported by line number, none twice."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest

from extractors.base import RawDocument
from extractors.importer import ImportProblem, read_import_file
from kernel.errors import ImportFileError
from pipelines.importing import import_file
from warehouse.connection import Warehouse, open_warehouse
from warehouse.documents import count_documents, documents_by_external_id
from warehouse.fetchlog import fetch_log_for_run
from warehouse.runs import recent_runs
from warehouse.scores import topic_breadth
from warehouse.topics import TopicRecord, TopicRunRecord, save_topic_run


@pytest.fixture
def wh(tmp_path: Path) -> Iterator[Warehouse]:
    with open_warehouse(tmp_path / "import.duckdb") as warehouse:
        yield warehouse


def write_jsonl(path: Path, lines: list[object]) -> Path:
    text = "\n".join(
        line if isinstance(line, str) else json.dumps(line, ensure_ascii=False) for line in lines
    )
    path.write_text(text + "\n", encoding="utf-8")
    return path


def read(path: Path, **options) -> tuple[dict[int, RawDocument], dict[int, str]]:
    documents, problems = {}, {}
    for line, item in read_import_file(path, **options):
        if isinstance(item, ImportProblem):
            assert item.line == line
            problems[line] = item.reason
        else:
            documents[line] = item
    return documents, problems


GOOD = {
    "id": "W-001",
    "title": "Solid-state batteries for grid storage",
    "abstract": "We review solid-state batteries.",
    "date": "2024-03-05T10:00:00Z",
    "url": "https://example.org/w1",
    "kind": "publication",
    "authors": ["Ann Lee", "Bo Ek"],
    "orgs": "TU Wien; Lund University",
    "countries": ["at", "se"],
    "classes": ["H01M10/0562"],
    "doi": "https://doi.org/10.1000/SSB.1",
    "funder": "FFG",
    "pages": 12,
}


def test_jsonl_records_and_every_kind_of_bad_record(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "records.jsonl",
        [
            GOOD,  # 1
            '{"id": "broken", "title": ',  # 2
            "",  # 3: blank lines are skipped but still counted
            ["not", "an", "object"],  # 4
            {"title": "No id here", "date": "2024"},  # 5
            {"id": "d1", "title": "Bad date", "date": "31/02/2024"},  # 6
            {"id": "d2", "title": "No date"},  # 7
            {"id": "k1", "title": "Blog post", "date": "2024", "kind": "blog"},  # 8
            {"id": "e1", "date": "2024-01"},  # 9
            {
                "id": "n1",
                "title": "Line\u2028separated\u0085title",
                "date": "2024-06",
                "kind": "news",
                "summary": "Kept whole.",
            },  # 10
        ],
    )
    documents, problems = read(path)
    assert problems == {
        2: "not valid JSON (Expecting value at column 27)",
        4: "a JSON object is expected on each line",
        5: "no id (give an `id` field)",
        6: "date '31/02/2024' is not YYYY, YYYY-MM, YYYY-MM-DD or an ISO-8601 date-time",
        7: "no date; use YYYY, YYYY-MM, YYYY-MM-DD or an ISO-8601 date-time",
        8: "kind 'blog' is not one of patent, publication, news",
        9: "no title and no text",
    }
    assert sorted(documents) == [1, 10]
    first = documents[1]
    assert first.external_id == "W-001"
    assert first.text == "We review solid-state batteries."
    assert first.published == date(2024, 3, 5)
    assert first.ids == {"doi": "10.1000/ssb.1"}
    assert first.authors == ["Ann Lee", "Bo Ek"]
    assert first.orgs == ["TU Wien", "Lund University"]
    assert first.metadata == {"funder": "FFG", "pages": 12}
    assert documents[10].kind == "news"
    assert documents[10].title == "Line\u2028separated\u0085title"
    assert documents[10].text == "Kept whole."


def test_import_reports_problems_and_reimport_adds_nothing(tmp_path: Path, wh: Warehouse) -> None:
    path = write_jsonl(
        tmp_path / "mixed.jsonl",
        [
            GOOD,
            {
                "id": "W-002",
                "title": "Hydrogen valleys in Central Europe",
                "text": "t",
                "date": "2023",
            },
            "{oops",
            {"id": "W-003", "title": "<br>", "date": "2023"},  # empty once cleaned
            {
                "id": "W-004",
                "title": "Hydrogen valleys in Central Europe",
                "text": "t",
                "date": "2023",
            },
        ],
    )
    summary = import_file(wh, path)
    assert (summary.new, summary.known, summary.seen) == (2, 1, 3)
    assert [str(p) for p in summary.problems] == [
        "line 3: not valid JSON (Expecting property name enclosed in double quotes at column 2)",
        "line 4: no title and no text",
    ]
    stored = documents_by_external_id(wh.con, ["W-001", "W-002", "W-004"])
    assert sorted(stored) == ["W-001", "W-002"]  # W-004: same 5-word title as W-002
    assert json.loads(stored["W-001"]["metadata"]) == {"funder": "FFG", "pages": 12}
    assert stored["W-001"]["orgs"] == ["TU Wien", "Lund University"]
    assert stored["W-001"]["countries"] == ["AT", "SE"]
    assert stored["W-001"]["source_id"] == "import:mixed.jsonl"

    (run,) = recent_runs(wh.con)
    assert (run["flow"], run["status"]) == ("import", "completed")
    assert run["message"] == "2 new, 1 known, 2 rejected"
    (logged,) = fetch_log_for_run(wh.con, run["run_id"])
    assert logged["status"] == "partial"
    assert (logged["items_seen"], logged["items_new"], logged["items_rejected"]) == (5, 2, 2)
    assert logged["url"] == path.resolve().as_uri()
    assert logged["bytes"] == path.stat().st_size
    assert logged["notes"].splitlines()[1] == "line 4: no title and no text"

    again = import_file(wh, path)
    assert (again.new, again.known) == (0, 3)
    assert count_documents(wh.con) == 2
    elsewhere = import_file(wh, path, source_id="other-file")
    assert elsewhere.new == 0  # W-001 and W-002 are still known by DOI and title
    assert count_documents(wh.con) == 2


def test_csv_line_numbers_count_physical_lines(tmp_path: Path) -> None:
    path = tmp_path / "records.csv"
    path.write_text(
        "id,title,abstract,date,kind,assignee\n"  # 1
        'p1,Fuel cells,"A multi-line\nabstract, with a comma",2019-05-01,publication,ACME\n'  # 2-3
        "p2,Too few columns,2019\n"  # 4
        "\n"  # 5
        "p3,Bad date,x,2019-02-30,news,\n"  # 6
        ",No id,x,2019,news,\n"  # 7
        'p4,"Quoted, title",x,2019,news,\n',  # 8
        encoding="utf-8",
    )
    documents, problems = read(path)
    assert problems == {
        4: "3 columns where the header (line 1) has 6",
        6: "date '2019-02-30' is not YYYY, YYYY-MM, YYYY-MM-DD or an ISO-8601 date-time",
        7: "no id (give an `id` field)",
    }
    assert sorted(documents) == [2, 8]
    assert documents[2].text == "A multi-line\nabstract, with a comma"
    assert documents[2].metadata == {"assignee": "ACME"}
    assert documents[8].title == "Quoted, title"


def test_windows_1252_file(tmp_path: Path) -> None:
    path = tmp_path / "windows.csv"
    path.write_bytes(
        b"id,title,date\n" + "w1,\u201cSmart\u201d caf\u00e9 robots \u20ac5,2020\n".encode("cp1252")
    )
    documents, problems = read(path, kind="news")
    assert problems == {}
    assert documents[2].title == "\u201cSmart\u201d caf\u00e9 robots \u20ac5"
    assert documents[2].kind == "news"


def test_utf8_bom_is_not_part_of_the_first_column(tmp_path: Path) -> None:
    path = tmp_path / "bom.csv"
    path.write_bytes("id,title,date\nb1,Zürich labs,2021\n".encode("utf-8-sig"))
    documents, problems = read(path)
    assert problems == {}
    assert documents[2].external_id == "b1"
    assert documents[2].title == "Zürich labs"


def test_patentsview_columns_mean_patents_and_quotes_are_undone(tmp_path: Path) -> None:
    path = tmp_path / "patents.csv"
    path.write_text(
        "patent_abstract,patent_date,patent_number,patent_title\n"
        '""" A """"Barometer"""" Neuron enhances stability. """,1996-07-09,5535303,'
        '"""""""Barometer"""" neuron for a neural network"""\n'
        '"""A method of training a network, comprising:    """,2009-03-03,7499894,'
        "Cerebral programming\n",
        encoding="utf-8",
    )
    documents, problems = read(path)
    assert problems == {}
    barometer, cerebral = documents[2], documents[3]
    assert (barometer.kind, barometer.external_id) == ("patent", "5535303")
    assert barometer.ids == {"patent": "US5535303"}
    assert barometer.title == '"Barometer" neuron for a neural network'
    assert barometer.text == 'A "Barometer" Neuron enhances stability.'
    assert barometer.published == date(1996, 7, 9)
    assert cerebral.text == "A method of training a network, comprising:"
    assert read(path, kind="publication")[0][2].kind == "publication"


def test_missing_values_written_as_null_or_none_are_missing(
    tmp_path: Path, shared_data: Path
) -> None:
    """The real corpus writes a missing abstract as NULL up to 2003 and as None from 2004."""
    corpus = shared_data / "corpora" / "patents_neural_network" / "baseball_patent_query.csv"
    header, *rows = corpus.read_text(encoding="utf-8").splitlines()
    twins = [row for row in rows if "Air freshener in the shape of a baseball jersey" in row]
    path = tmp_path / "twins.csv"
    path.write_text("\n".join([header, *twins, "NaN,2020-01-07,D1,n/a"]) + "\n", "utf-8")
    documents, problems = read(path)
    assert [(d.title, d.text) for d in documents.values()] == [
        ("Air freshener in the shape of a baseball jersey", ""),
        ("Air freshener in the shape of a baseball jersey", ""),
    ]
    assert problems == {4: "no title and no text"}


def test_google_patents_export(tmp_path: Path) -> None:
    path = tmp_path / "gp-search.csv"
    path.write_text(
        "search URL:,https://patents.google.com/?q=%28deep+learning%29\n"
        "id,title,assignee,inventor/author,priority date,filing/creation date,publication date,"
        "grant date,result link,representative figure link\n"
        'US-2015112182-A1,Machine Learning Based Assessment ,Siemens,"P. Sharma, A. Kamen",'
        "2013-10-17,2014-10-16,2015-04-23,,https://patents.google.com/patent/US20150112182A1/en,\n",
        encoding="utf-8",
    )
    documents, problems = read(path, kind="patent")
    assert problems == {}
    (document,) = documents.values()
    assert document.external_id == "US-2015112182-A1"
    assert document.ids == {"patent": "US20150112182A1"}
    assert document.published == date(2015, 4, 23)
    assert document.url == "https://patents.google.com/patent/US20150112182A1/en"
    assert document.metadata["assignee"] == "Siemens"


def test_mapping_renames_columns(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "mapped.jsonl",
        [{"ref": "m1", "headline_de": "Roboter", "when": "2022-02", "kind": "news"}],
    )
    documents, problems = read(path, mapping={"id": "ref", "title": "headline_de", "date": "when"})
    assert problems == {}
    assert (documents[1].external_id, documents[1].title) == ("m1", "Roboter")
    assert documents[1].published == date(2022, 2, 1)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.jsonl", b"", "is empty"),
        ("blank.jsonl", b"\n  \n\n", "is empty"),
        ("empty.csv", b"", "is empty"),
        ("records.txt", b"id,title\n", "expected a .jsonl or .csv file"),
        ("binary.csv", b"id,title\n\x81\x8d\x8f\x90\x9d", "neither UTF-8 nor Windows-1252"),
    ],
)
def test_whole_file_errors(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ImportFileError, match=message):
        list(read_import_file(path))


def test_missing_file_and_bad_kind(tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match=r"cannot read .*gone\.jsonl: No such file"):
        list(read_import_file(tmp_path / "gone.jsonl"))
    path = write_jsonl(tmp_path / "ok.jsonl", [GOOD])
    with pytest.raises(ImportFileError, match="--kind must be one of patent, publication, news"):
        list(read_import_file(path, kind="blog"))


def test_a_file_that_cannot_be_read_is_a_failed_run(tmp_path: Path, wh: Warehouse) -> None:
    path = tmp_path / "empty.jsonl"
    path.write_text("")
    with pytest.raises(ImportFileError, match="is empty"):
        import_file(wh, path)
    (run,) = recent_runs(wh.con)
    assert run["status"] == "failed"
    assert run["message"] == f"{path} is empty"
    (logged,) = fetch_log_for_run(wh.con, run["run_id"])
    assert (logged["status"], logged["error"]) == ("failed", f"{path} is empty")
    assert count_documents(wh.con) == 0


# Five ACL Anthology papers of 2023 (benchmarks/corpora/acl, CC BY 4.0) with the venue each
# appeared in, and one record that names none.
CHATGPT_PAPERS = [
    ("2023.acl-short.81", "ChatGPT for Zero-shot Dialogue State Tracking", "acl-anthology/acl"),
    ("2023.acl-srw.1", "ChatGPT vs Human-authored Text", "acl-anthology/acl"),
    ("2023.bea-1.53", "Is ChatGPT a Good Teacher Coach?", "acl-anthology/bea"),
    ("2023.wassa-1.29", "ChatGPT is fun, but it is not funny!", "acl-anthology/wassa"),
    ("2023.newsum-1.1", "Is ChatGPT a Good NLG Evaluator? A Preliminary Study", None),
]


def test_a_records_source_is_its_venue_and_breadth_counts_venues(
    tmp_path: Path, wh: Warehouse
) -> None:
    rows = [
        {"id": ext, "title": title, "date": "2023-07", "source": venue}
        for ext, title, venue in CHATGPT_PAPERS
    ]
    import_file(wh, write_jsonl(tmp_path / "acl.jsonl", rows), source_id="acl")
    stored = documents_by_external_id(wh.con, [ext for ext, _, _ in CHATGPT_PAPERS])
    venues = {ext: json.loads(doc["metadata"]).get("venue") for ext, doc in stored.items()}
    assert venues == {ext: venue for ext, _, venue in CHATGPT_PAPERS}
    assert {doc["source_id"] for doc in stored.values()} == {"acl"}

    run = TopicRunRecord(
        run_id="backtest-year-2023", series="backtest-year", period="2023",
        period_end=date(2023, 12, 31), window_start=date(2017, 1, 1), model_kind="refit",
        embed_model="test", previous_run_id=None, n_docs=5, n_new_docs=5, n_outliers=0,
        n_topics=1, n_born=1, next_topic_number=2, runs_since_refit=0, docs_at_refit=5,
    )  # fmt: skip
    centroid = np.full(384, 1 / np.sqrt(384), dtype=np.float32)
    topic = TopicRecord("T0001", "ChatGPT", ["ChatGPT"], 5, centroid, "2023", run.run_id)
    assignments = pa.table(
        {
            "doc_id": [str(doc["doc_id"]) for doc in stored.values()],
            "topic_id": ["T0001"] * len(stored),
            "probability": [1.0] * len(stored),
        }
    )
    save_topic_run(wh, run, [topic], assignments, [], at=datetime(2024, 1, 1))
    breadth = topic_breadth(wh.con, run.run_id).set_index("topic_id")
    # three venues, and the file for the paper that names none
    assert breadth.loc["T0001", "n_sources"] == 4
