"""Crossref adapter on real Crossref responses (habanero cassettes), parsed and served."""

from __future__ import annotations

import json
from datetime import date
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from extractors.adapters.crossref import collect, parse_page, plain_text
from extractors.base import RawDocument, SourceConfig
from extractors.fetch import FetchSettings, HttpSourceContext
from kernel.errors import FetchError, ParseError
from tests.support.httpserver import LoopbackServer, send

pytestmark = pytest.mark.shared


@pytest.fixture
def crossref_dir(shared_data: Path) -> Path:
    return shared_data / "fixtures" / "crossref_api"


def by_doi(content: bytes) -> dict[str, RawDocument]:
    return {doc.external_id: doc for doc in parse_page(content).documents}


def source(url: str, **options: object) -> SourceConfig:
    return SourceConfig(
        id="crossref-test", kind="publication", adapter="crossref", url=url, **options
    )


def context(src: SourceConfig) -> HttpSourceContext:
    return HttpSourceContext(src, FetchSettings(retries=0), sleep=lambda seconds: None)


def request_params(server: LoopbackServer) -> list[dict[str, str]]:
    return [{k: v[0] for k, v in parse_qs(urlsplit(p).query).items()} for p in server.requests]


def serve_cursor_pages(server: LoopbackServer, pages: list[bytes]) -> str:
    """Serve ``pages`` in turn: the first for ``cursor=*``, the rest for the cursor it returned.

    Crossref hands back the same cursor string page after page, so the server (like Crossref)
    knows where a client is only by how often that cursor was used.
    """
    next_cursor = json.loads(pages[0])["message"]["next-cursor"]
    queue = list(pages[1:])

    def handle(handler: BaseHTTPRequestHandler) -> None:
        cursor = parse_qs(urlsplit(handler.path).query)["cursor"][0]
        if cursor == "*":
            send(handler, 200, pages[0], "application/json")
        elif cursor == next_cursor and queue:
            send(handler, 200, queue.pop(0), "application/json")
        else:
            send(handler, 400, b'{"status": "failed", "message": "bad cursor"}', "application/json")

    server.routes["/works"] = handle
    return server.url("/works")


def empty_page_after(page: bytes) -> bytes:
    """The answer Crossref gives once a cursor is exhausted: same envelope, no items."""
    body = json.loads(page)
    body["message"]["items"] = []
    return json.dumps(body).encode()


def test_work_with_jats_abstract(crossref_dir: Path) -> None:
    works = by_doi((crossref_dir / "test_works_field_queries_0.json").read_bytes())

    trap = works["10.1111/ele.14024"]
    assert trap.title == "The forecast trap"
    assert trap.authors == ["Carl Boettiger"]
    assert trap.text.startswith("Encouraged by decision makers’ appetite for future information")
    assert trap.text.endswith("are the best way to avoid the trap.")
    assert "<" not in trap.text
    assert trap.published == date(2022, 5, 30)
    assert trap.ids == {"doi": "10.1111/ele.14024"}
    assert trap.orgs == [
        "Department of Environmental Science, Policy, and Management University of California "
        "Berkeley California USA"
    ]
    assert trap.language == "en"
    assert trap.metadata["venue"] == "Ecology Letters"
    assert trap.metadata["publisher"] == "Wiley"
    assert trap.url == "https://onlinelibrary.wiley.com/doi/10.1111/ele.14024"


def test_markup_in_titles_abstracts_and_venues_becomes_plain_text(crossref_dir: Path) -> None:
    works = by_doi((crossref_dir / "test_works_field_queries_0.json").read_bytes())

    # A citation link inside the abstract leaves no stray space before the bracket.
    assert "“everything is important” (Bjørnstad & Grenfell). Stochastic" in (
        works["10.1111/ele.13085"].text
    )
    # Nested <jats:list> items are flattened into running text.
    assert works["10.1111/2041-210x.14013"].text.startswith(
        "In the current age of a rapidly changing environment"
    )
    # <scp> small caps in a title spread over several lines.
    assert works["10.1002/fee.70021"].title == (
        "The role of AI in ecology’s computational carbon footprint"
    )
    assert works["10.1177/2053951719836258"].metadata["venue"] == "Big Data & Society"


def test_plain_text_keeps_inline_markup_inside_words() -> None:
    assert plain_text("<jats:p>H<jats:sub>2</jats:sub>O &amp; CO<sub>2</sub></jats:p>") == (
        "H2O & CO2"
    )
    assert plain_text("<jats:title>Abstract</jats:title><jats:p>Body.</jats:p>") == "Body."


def test_single_work_response(crossref_dir: Path) -> None:
    page = parse_page((crossref_dir / "test_works_with_one_id_0.json").read_bytes())

    (work,) = page.documents
    assert work.external_id == "10.1371/journal.pone.0033693"
    assert work.title == (
        "Methylphenidate Exposure Induces Dopamine Neuron Loss and Activation of Microglia "
        "in the Basal Ganglia of Mice"
    )
    assert work.authors[0] == "Shankar Sadasivan"
    assert len(work.authors) == 6
    assert work.published == date(2012, 3, 21)
    assert work.metadata["venue"] == "PLoS ONE"
    assert page.next_cursor is None


def test_work_without_title_is_rejected_not_dropped(crossref_dir: Path) -> None:
    page = parse_page((crossref_dir / "test_works_sample_0.json").read_bytes())

    assert len(page.documents) == 1
    assert page.rejections == ["Crossref 10.7752/jpes.2018.03256: work has no title"]


def test_404_body_is_not_json(crossref_dir: Path) -> None:
    with pytest.raises(ParseError, match=r"not JSON.*Resource not found"):
        parse_page((crossref_dir / "test_works_bad_id_warn_0.json").read_bytes())


def test_collect_follows_cursor_until_a_page_is_empty(
    crossref_dir: Path, http_server: LoopbackServer
) -> None:
    pages = [(crossref_dir / f"test_cursor_max_{i}.json").read_bytes() for i in range(3)]
    url = serve_cursor_pages(http_server, [*pages, empty_page_after(pages[2])])
    src = source(url, query="widget", rows=20, mailto="ops@example.org")

    with context(src) as ctx:
        works = list(collect(src, ctx, since=None))

    assert len(works) == 60
    assert len({w.external_id for w in works}) == 60
    assert works[0].external_id == "10.1007/978-1-4302-0197-7_9"
    assert works[20].external_id == "10.1145/3027385.3027428"
    assert works[40].external_id == "10.1038/nature.2016.9804"
    sent = request_params(http_server)
    assert len(sent) == 4
    assert sent[0] == {"query": "widget", "rows": "20", "mailto": "ops@example.org", "cursor": "*"}
    assert sent[1]["cursor"] == json.loads(pages[0])["message"]["next-cursor"]
    assert ctx.warnings == []


def test_collect_stops_at_max_pages_and_says_so(
    crossref_dir: Path, http_server: LoopbackServer
) -> None:
    pages = [(crossref_dir / f"test_cursor_max_{i}.json").read_bytes() for i in range(3)]
    url = serve_cursor_pages(http_server, pages)
    src = source(url, query="widget", rows=20, max_pages=2)

    with context(src) as ctx:
        works = list(collect(src, ctx, since=None))

    assert len(works) == 40
    assert len(http_server.requests) == 2
    assert ctx.warnings == [
        "stopped after max_pages=2 (40 of 454 Crossref works); "
        "raise max_pages or narrow the filter to collect the rest"
    ]


def test_collect_since_adds_a_date_filter(crossref_dir: Path, http_server: LoopbackServer) -> None:
    body = (crossref_dir / "test_works_query_0.json").read_bytes()
    http_server.routes["/works"] = lambda handler: send(handler, 200, body, "application/json")
    src = source(http_server.url("/works"), filter="type:journal-article", query="ecology")

    with context(src) as ctx:
        works = list(collect(src, ctx, since=date(2024, 1, 1)))

    assert [w.title for w in works] == ["Communicating Ecology", "Chemical Ecology"]
    (sent,) = request_params(http_server)
    assert sent["filter"] == "type:journal-article,from-pub-date:2024-01-01"


def test_collect_unknown_doi_is_a_404_fetch_error(
    crossref_dir: Path, http_server: LoopbackServer
) -> None:
    body = (crossref_dir / "test_works_bad_id_warn_0.json").read_bytes()
    path = "/works/10.1371/notarealdoi"
    http_server.routes[path] = lambda handler: send(handler, 404, body, "text/plain")
    src = source(http_server.url(path))

    with context(src) as ctx, pytest.raises(FetchError) as raised:
        list(collect(src, ctx, since=None))

    assert raised.value.status == 404
    assert raised.value.retryable is False
