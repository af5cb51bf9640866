"""OpenAlex adapter on a real OpenAlex work (W2741809807), parsed and served in cursor pages."""

from __future__ import annotations

import json
from datetime import date
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from extractors.adapters.openalex import collect, parse_page, rebuild_abstract, work_document
from extractors.base import RawDocument, SourceConfig
from extractors.fetch import FetchSettings, HttpSourceContext
from kernel.errors import ParseError
from tests.support.httpserver import LoopbackServer, send

pytestmark = pytest.mark.shared


@pytest.fixture
def work(shared_data: Path) -> dict[str, Any]:
    return json.loads((shared_data / "fixtures" / "openalex_api" / "W2741809807.json").read_text())


def list_page(results: list[dict[str, Any]], next_cursor: str | None, count: int) -> bytes:
    """A ``/works`` list response in OpenAlex's envelope around real work objects."""
    meta = {"count": count, "db_response_time_ms": 12, "page": None, "per_page": 1}
    return json.dumps({"meta": {**meta, "next_cursor": next_cursor}, "results": results}).encode()


def serve_pages(server: LoopbackServer, pages: dict[str, bytes]) -> str:
    def handle(handler: BaseHTTPRequestHandler) -> None:
        cursor = parse_qs(urlsplit(handler.path).query)["cursor"][0]
        send(handler, 200, pages[cursor], "application/json")

    server.routes["/works"] = handle
    return server.url("/works")


def source(url: str, **options: object) -> SourceConfig:
    return SourceConfig(
        id="openalex-test", kind="publication", adapter="openalex", url=url, **options
    )


def context(src: SourceConfig) -> HttpSourceContext:
    return HttpSourceContext(src, FetchSettings(retries=0), sleep=lambda seconds: None)


def request_params(server: LoopbackServer) -> list[dict[str, str]]:
    return [{k: v[0] for k, v in parse_qs(urlsplit(p).query).items()} for p in server.requests]


def parsed(work: dict[str, Any]) -> RawDocument:
    document = work_document(work)
    assert isinstance(document, RawDocument), document
    return document


def test_abstract_is_rebuilt_in_position_order(work: dict[str, Any]) -> None:
    index = work["abstract_inverted_index"]
    words = rebuild_abstract(index).split(" ")

    assert " ".join(words[:12]) == (
        "Despite growing interest in Open Access (OA) to scholarly literature, there is"
    )
    assert " ".join(words[-9:]) == "as a way to inform OA policy and practice."
    # Every word sits exactly at each position the index gives for it.
    assert len(words) == 1 + max(p for positions in index.values() for p in positions)
    for word, positions in index.items():
        for position in positions:
            assert words[position] == word


def test_abstract_does_not_depend_on_key_order(work: dict[str, Any]) -> None:
    index = work["abstract_inverted_index"]
    reversed_index = dict(reversed(list(index.items())))

    assert rebuild_abstract(reversed_index) == rebuild_abstract(index)
    assert rebuild_abstract(None) == ""


def test_work_ids_people_places_and_venue(work: dict[str, Any]) -> None:
    document = parsed(work)

    assert document.external_id == "10.7717/peerj.4375"
    assert document.ids == {
        "openalex": "W2741809807",
        "doi": "10.7717/peerj.4375",
        "pmid": "29456894",
        "pmcid": "PMC5815332",
    }
    assert document.title == (
        "The state of OA: a large-scale analysis of the prevalence and impact of "
        "Open Access articles"
    )
    assert document.published == date(2018, 2, 13)
    assert document.language == "en"
    assert document.authors[:2] == ["Heather Piwowar", "Jason Priem"]
    assert len(document.authors) == 9
    assert document.countries == ["US", "CA"]
    assert document.orgs[:3] == [
        "Impact Technology Development (United States)",
        "Université de Montréal",
        "Université du Québec à Montréal",
    ]
    assert len(document.orgs) == 8
    assert document.url == "https://doi.org/10.7717/peerj.4375"
    assert document.metadata["venue"] == "PeerJ"
    assert document.metadata["primary_topic"] == "scientometrics and bibliometrics research"
    assert document.metadata["concepts"][0] == "Citation"
    assert document.classes == []


def test_work_without_doi_is_known_by_its_openalex_id(work: dict[str, Any]) -> None:
    without_doi = {**work, "doi": None, "ids": {"openalex": work["id"]}}

    document = parsed(without_doi)

    assert document.external_id == "W2741809807"
    assert document.ids == {"openalex": "W2741809807"}


def test_work_without_title_is_rejected(work: dict[str, Any]) -> None:
    page = parse_page(list_page([{**work, "title": None, "display_name": None}], None, 1))

    assert page.documents == []
    assert page.rejections == ["OpenAlex W2741809807: work has no title"]


def test_single_work_object_parses(work: dict[str, Any]) -> None:
    page = parse_page(json.dumps(work).encode())

    assert [d.external_id for d in page.documents] == ["10.7717/peerj.4375"]
    assert page.next_cursor is None


def test_error_body_is_a_parse_error() -> None:
    body = b'{"error": "Invalid query parameters error.", "message": "filter is not valid"}'
    with pytest.raises(ParseError, match="filter is not valid"):
        parse_page(body)


def test_collect_follows_next_cursor_until_null(
    work: dict[str, Any], http_server: LoopbackServer
) -> None:
    second = {**work, "id": "https://openalex.org/W1", "doi": None, "ids": {}}
    url = serve_pages(
        http_server,
        {"*": list_page([work], "IlsxNTE5", 2), "IlsxNTE5": list_page([second], None, 2)},
    )
    src = source(url, per_page=1, mailto="ops@example.org", filter={"type": "article"})

    with context(src) as ctx:
        documents = list(collect(src, ctx, since=date(2018, 1, 1)))

    assert [d.external_id for d in documents] == ["10.7717/peerj.4375", "W1"]
    assert documents[0].text.startswith("Despite growing interest in Open Access (OA)")
    sent = request_params(http_server)
    assert [p["cursor"] for p in sent] == ["*", "IlsxNTE5"]
    assert sent[0]["filter"] == "type:article,from_publication_date:2018-01-01"
    assert sent[0]["mailto"] == "ops@example.org"
    assert sent[0]["per_page"] == "1"
    assert ctx.warnings == []


def test_collect_stops_at_max_pages_when_the_cursor_never_ends(
    work: dict[str, Any], http_server: LoopbackServer
) -> None:
    endless = list_page([work], "again", 99)
    http_server.routes["/works"] = lambda handler: send(handler, 200, endless, "application/json")
    src = source(http_server.url("/works"), max_pages=3)

    with context(src) as ctx:
        documents = list(collect(src, ctx, since=None))

    assert len(documents) == 3
    assert len(http_server.requests) == 3
    assert ctx.warnings == [
        "stopped after max_pages=3 (3 of 99 OpenAlex works); "
        "raise max_pages or narrow the filter to collect the rest"
    ]


def test_collect_stops_on_an_empty_page(work: dict[str, Any], http_server: LoopbackServer) -> None:
    url = serve_pages(
        http_server, {"*": list_page([work], "next", 1), "next": list_page([], "next", 1)}
    )
    src = source(url)

    with context(src) as ctx:
        documents = list(collect(src, ctx, since=None))

    assert len(documents) == 1
    assert len(http_server.requests) == 2
