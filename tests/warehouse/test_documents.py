"""Every document stored once: dedup across sources, within a batch, and all-or-nothing batches."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest

from extractors.base import RawDocument
from extractors.normalize import to_record
from kernel.records import DocumentRecord
from warehouse.connection import Warehouse, open_warehouse
from warehouse.documents import (
    count_documents,
    document_sources,
    documents_by_external_id,
    upsert_documents,
)
from warehouse.records import UpsertResult

DAY1 = datetime(2025, 1, 6, 8)
DAY2 = datetime(2025, 1, 13, 8)


@pytest.fixture
def wh(tmp_path: Path) -> Iterator[Warehouse]:
    with open_warehouse(tmp_path / "docs.duckdb") as warehouse:
        yield warehouse


def put(
    wh: Warehouse, raws: list[RawDocument], *, source: str, run: str = "r1", at: datetime = DAY1
) -> UpsertResult:
    records = [to_record(raw, source_id=source, fallback_period="2025-W02") for raw in raws]
    with wh.transaction() as con:
        return upsert_documents(con, records, run_id=run, source_id=source, seen_at=at)


def keys_of(wh: Warehouse, doc_id: str) -> list[str]:
    rows = wh.con.execute(
        "SELECT key FROM document_keys WHERE doc_id = ? ORDER BY key", [doc_id]
    ).fetchall()
    return [row[0] for row in rows]


def keyless_documents(wh: Warehouse) -> int:
    return wh.con.execute(
        "SELECT count(*) FROM documents WHERE doc_id NOT IN (SELECT doc_id FROM document_keys)"
    ).fetchone()[0]


ARXIV_ENTRY = RawDocument(
    kind="publication",
    external_id="http://arxiv.org/abs/2501.01234v2",
    title="Graph neural networks for regional innovation",
    text="We study graph neural networks.",
    published="2025-01-03T18:00:00Z",
    url="http://arxiv.org/abs/2501.01234v2",
    ids={"arxiv": "2501.01234v2", "doi": "10.1000/GNN.2025.7"},
    authors=["A. Author"],
)
CROSSREF_WORK = RawDocument(
    kind="publication",
    external_id="10.1000/gnn.2025.7",
    title="Graph Neural Networks for Regional Innovation (journal version)",
    text="Journal abstract.",
    published="2025-01",
    url="https://doi.org/10.1000/gnn.2025.7",
    ids={"doi": "https://doi.org/10.1000/GNN.2025.7"},
)


def test_same_doi_from_arxiv_and_crossref_is_one_document(wh: Warehouse) -> None:
    first = put(wh, [ARXIV_ENTRY], source="arxiv")
    second = put(wh, [CROSSREF_WORK], source="crossref", run="r2", at=DAY2)

    assert first.n_new == 1 and second.n_new == 0
    assert second.known == first.new
    assert count_documents(wh.con) == 1
    doc_id = first.new[0]
    assert document_sources(wh.con, doc_id) == ["arxiv", "crossref"]
    assert keys_of(wh, doc_id) == [
        "arxiv:2501.01234",
        "doi:10.1000/gnn.2025.7",
        "ext:publication:arxiv:http://arxiv.org/abs/2501.01234v2",
        "ext:publication:crossref:10.1000/gnn.2025.7",
        "title:publication:graph neural networks for regional innovation",
        "title:publication:graph neural networks for regional innovation journal version",
        "url:arxiv.org/abs/2501.01234v2",
        "url:doi.org/10.1000/gnn.2025.7",
    ]
    stored = documents_by_external_id(wh.con, [ARXIV_ENTRY.external_id])
    assert stored[ARXIV_ENTRY.external_id]["title"] == ARXIV_ENTRY.title  # first stored wins
    assert stored[ARXIV_ENTRY.external_id]["first_run"] == "r1"
    rows = wh.con.execute(
        "SELECT source_id, run_id, seen_at FROM document_sources ORDER BY seen_at"
    ).fetchall()
    assert rows == [("arxiv", "r1", DAY1), ("crossref", "r2", DAY2)]


def news(guid: str, url: str, title: str = "Robots arrive in Lower Austria") -> RawDocument:
    return RawDocument(
        kind="news",
        external_id=guid,
        title=title,
        text="A factory story.",
        published="Mon, 06 Jan 2025 07:00:00 GMT",
        url=url,
        ids={"guid": guid},
    )


def test_news_url_with_tracking_parameters_is_the_same_story(wh: Warehouse) -> None:
    clean = put(wh, [news("g1", "https://news.example.at/robots")], source="feed-a")
    tracked = put(
        wh,
        [news("g2", "https://www.news.example.at/robots/?utm_source=rss&utm_medium=feed#more")],
        source="feed-b",
    )
    assert tracked.n_new == 0 and tracked.known == clean.new
    assert count_documents(wh.con) == 1
    assert document_sources(wh.con, clean.new[0]) == ["feed-a", "feed-b"]


def test_republished_rss_item_with_a_new_guid_is_stored_once(wh: Warehouse) -> None:
    link = "https://news.example.at/2025/01/robots"
    first = put(wh, [news("urn:uuid:1111", link)], source="feed-a")
    again = put(wh, [news("urn:uuid:2222", link)], source="feed-a", run="r2", at=DAY2)

    assert again.n_new == 0 and again.known == first.new
    assert count_documents(wh.con) == 1
    doc_id = first.new[0]
    assert keys_of(wh, doc_id) == [
        "ext:news:feed-a:urn:uuid:1111",
        "ext:news:feed-a:urn:uuid:2222",
        "guid:feed-a:urn:uuid:1111",
        "guid:feed-a:urn:uuid:2222",
        "url:news.example.at/2025/01/robots",
    ]
    # the same source seen again keeps the run that first saw it there
    assert wh.con.execute("SELECT run_id FROM document_sources").fetchall() == [("r1",)]


def test_ids_are_scoped_to_their_source(wh: Warehouse) -> None:
    """Two feeds (or import files) that both number their items 1, 2, … hold different items."""
    first = put(wh, [news("1", "https://a.example/x")], source="feed-a")
    other_feed = put(wh, [news("1", "https://b.example/y", title="Another story")], source="feed-b")
    same_feed = put(wh, [news("1", "https://a.example/x-moved")], source="feed-a", run="r2")
    assert other_feed.n_new == 1
    assert same_feed.known == first.new
    assert count_documents(wh.con) == 2
    assert keys_of(wh, first.new[0]) == [
        "ext:news:feed-a:1",
        "guid:feed-a:1",
        "url:a.example/x",
        "url:a.example/x-moved",
    ]


def test_duplicates_inside_one_batch_are_stored_once(wh: Warehouse) -> None:
    result = put(
        wh,
        [
            news("a", "https://example.com/story?utm_source=x"),
            news("b", "https://example.com/story"),
            news("c", "https://example.com/other"),
            news("a", "https://example.com/third"),
        ],
        source="feed",
    )
    assert result.n_new == 2
    assert count_documents(wh.con) == 2
    assert keyless_documents(wh) == 0
    assert set(keys_of(wh, result.new[0])) == {
        "ext:news:feed:a",
        "ext:news:feed:b",
        "guid:feed:a",
        "guid:feed:b",
        "url:example.com/story",
        "url:example.com/third",
    }


def bare(doc_id: str, keys: list[str]) -> DocumentRecord:
    return DocumentRecord(
        doc_id=doc_id,
        external_id=doc_id,
        kind="publication",
        title=f"Title {doc_id}",
        text="",
        published=date(2025, 1, 6),
        period="2025-W02",
        keys=keys,
    )


def test_a_record_bridging_two_batch_records_joins_all_three(wh: Warehouse) -> None:
    batch = [bare("A", ["url:a"]), bare("B", ["doi:10.1/b"]), bare("C", ["doi:10.1/b", "url:a"])]
    with wh.transaction() as con:
        result = upsert_documents(con, batch, run_id="r1", source_id="s", seen_at=DAY1)
    assert result == UpsertResult(new=["A"], known=[])
    assert count_documents(wh.con) == 1
    assert keys_of(wh, "A") == ["doi:10.1/b", "url:a"]
    assert keyless_documents(wh) == 0


def test_new_keys_of_a_known_document_are_recorded(wh: Warehouse) -> None:
    with wh.transaction() as con:
        upsert_documents(
            con, [bare("A", ["doi:10.1/a"])], run_id="r1", source_id="s1", seen_at=DAY1
        )
    with wh.transaction() as con:
        result = upsert_documents(
            con, [bare("Z", ["doi:10.1/a", "pmid:42"])], run_id="r2", source_id="s2", seen_at=DAY2
        )
    assert result == UpsertResult(new=[], known=["A"])
    assert keys_of(wh, "A") == ["doi:10.1/a", "pmid:42"]
    with wh.transaction() as con:  # found again through the key it only gained later
        result = upsert_documents(
            con, [bare("Y", ["pmid:42"])], run_id="r3", source_id="s3", seen_at=DAY2
        )
    assert result.known == ["A"]
    assert document_sources(wh.con, "A") == ["s1", "s2", "s3"]
    assert count_documents(wh.con) == 1


def test_a_failed_batch_leaves_nothing(wh: Warehouse) -> None:
    with pytest.raises(RuntimeError, match="boom"), wh.transaction() as con:
        upsert_documents(con, [bare("A", ["doi:10.1/a"])], run_id="r1", source_id="s", seen_at=DAY1)
        raise RuntimeError("boom")
    for table in ("documents", "document_keys", "document_sources"):
        assert wh.con.execute(f"SELECT count(*) FROM {table}").fetchone() == (0,)
    with wh.transaction() as con:
        result = upsert_documents(
            con, [bare("A", ["doi:10.1/a"])], run_id="r2", source_id="s", seen_at=DAY1
        )
    assert result.new == ["A"]


def test_same_title_merges_publications_but_not_patents(wh: Warehouse) -> None:
    title = "Neural network based method for image recognition"
    papers = [
        RawDocument(kind="publication", external_id=f"p{n}", title=title, published="2020")
        for n in range(2)
    ]
    patents = [
        RawDocument(kind="patent", external_id=f"{n}", title=title, published="2020")
        for n in (5535303, 5255349)
    ]
    short = [
        RawDocument(
            kind="publication", external_id=f"s{n}", title="Neural networks", published="2020"
        )
        for n in range(2)
    ]
    result = put(wh, papers + patents + short, source="s")
    assert result.n_new == 5
    assert count_documents(wh.con, kind="publication") == 3
    assert count_documents(wh.con, kind="patent") == 2


def test_stored_columns_and_metadata(wh: Warehouse) -> None:
    raw = RawDocument(
        kind="patent",
        external_id="5535303",
        title='"Barometer" neuron for a neural network',
        text="A Barometer Neuron enhances stability.",
        published="1996-07-09",
        classes=["G06N3/04"],
        countries=["us"],
        metadata={"assignee": "US Navy", "claims": 12},
    )
    result = put(wh, [raw], source="import:patents.csv")
    stored = documents_by_external_id(wh.con, ["5535303", "unknown"])
    assert list(stored) == ["5535303"]
    row = stored["5535303"]
    assert row["doc_id"] == result.new[0]
    assert row["published"] == date(1996, 7, 9)
    assert row["period"] == "1996-W28"
    assert row["classes"] == ["G06N3/04"]
    assert row["countries"] == ["US"]
    assert row["source_id"] == "import:patents.csv"
    assert row["first_seen"] == DAY1
    assert json.loads(row["metadata"]) == {"assignee": "US Navy", "claims": 12}
    assert row["kind"] == "patent"
    assert count_documents(wh.con) == 1


def test_empty_batch_does_nothing(wh: Warehouse) -> None:
    with wh.transaction() as con:
        assert upsert_documents(con, [], run_id="r", source_id="s", seen_at=DAY1) == UpsertResult(
            new=[], known=[]
        )
    assert count_documents(wh.con) == 0
