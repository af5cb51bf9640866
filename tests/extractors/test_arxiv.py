"""arXiv adapter on real arXiv API responses (arxiv.py's recorded fixtures), parsed and served."""

from __future__ import annotations

from datetime import date
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from extractors.adapters.arxiv import collect, parse_page
from extractors.base import SourceConfig
from extractors.fetch import FetchSettings, HttpSourceContext
from kernel.errors import ConfigError, FetchError, ParseError
from tests.support.httpserver import LoopbackServer, send

pytestmark = pytest.mark.shared

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE feed [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>&lol3;</title></entry></feed>"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE feed [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>&xxe;</title></entry></feed>"""


@pytest.fixture
def arxiv_dir(shared_data: Path) -> Path:
    return shared_data / "fixtures" / "arxiv_api"


def fixture(folder: Path, stem: str) -> bytes:
    """The one recorded response whose name starts with ``stem`` (names end in a hash)."""
    (path,) = folder.glob(f"{stem}_*.atom.xml")
    return path.read_bytes()


def serve_arxiv(server: LoopbackServer, folder: Path, *, error_status: int = 400) -> str:
    """Route /api/query like the real API: id_list or search_query, start and max_results."""

    def handle(handler: BaseHTTPRequestHandler) -> None:
        query = {k: v[0] for k, v in parse_qs(urlsplit(handler.path).query).items()}
        paging = f"s{query['start']}_m{query['max_results']}"
        if query.get("id_list"):
            stem = "id_" + query["id_list"].replace("/", "_").replace(",", "_")
        else:
            stem = f"q_{query['search_query']}"
        matches = list(folder.glob(f"{stem}_{paging}_*.atom.xml"))
        if not matches:
            send(handler, 404, b"no such recording", "text/plain")
            return
        status = error_status if stem == "id_abc" else 200
        send(handler, status, matches[0].read_bytes(), "application/atom+xml")

    server.routes["/api/query"] = handle
    return server.url("/api/query")


def source(url: str, **options: object) -> SourceConfig:
    return SourceConfig(id="arxiv-test", kind="publication", adapter="arxiv", url=url, **options)


def context(src: SourceConfig) -> HttpSourceContext:
    return HttpSourceContext(src, FetchSettings(retries=0), sleep=lambda seconds: None)


def request_params(server: LoopbackServer) -> list[dict[str, str]]:
    return [{k: v[0] for k, v in parse_qs(urlsplit(p).query).items()} for p in server.requests]


def test_new_style_paper_has_id_without_version_title_authors_and_date(arxiv_dir: Path) -> None:
    page = parse_page(fixture(arxiv_dir, "id_1605.08386_s0_m100"))

    (paper,) = page.documents
    assert paper.external_id == "1605.08386"
    assert paper.ids == {"arxiv": "1605.08386"}
    assert paper.title == "Heat-bath random walks with Markov bases"
    assert paper.authors == ["Caprice Stanley", "Tobias Windisch"]
    assert paper.published == date(2016, 5, 26)
    assert paper.text.startswith("Graphs on lattice points are studied whose edges come from")
    assert paper.url == "https://arxiv.org/abs/1605.08386v1"
    assert paper.kind == "publication"
    assert paper.classes == []
    assert paper.metadata["categories"] == ["math.CO", "math.ST"]
    assert paper.metadata["primary_category"] == "math.CO"
    assert paper.metadata["arxiv_version"] == "v1"
    assert page.total == 1


def test_old_style_id_keeps_its_archive_and_affiliations_become_orgs(arxiv_dir: Path) -> None:
    (paper,) = parse_page(fixture(arxiv_dir, "id_astro-ph_0601001_s0_m100")).documents

    assert paper.external_id == "astro-ph/0601001"
    assert paper.authors[0] == "Andrew Gould"
    assert paper.orgs == ["Ohio State", "CfA", "Warsaw University Observatory"]
    assert paper.metadata["journal_ref"] == "ActaAstron.56:1-50,2006"
    # The summary starts with two spaces and holds an escaped "&": both come out clean.
    assert paper.text.startswith("We derive the frequencies of hot Jupiters (HJs)")
    assert "Gould & Morgan (2003)" in paper.text


def test_versioned_lookup_still_yields_the_bare_id(arxiv_dir: Path) -> None:
    (paper,) = parse_page(fixture(arxiv_dir, "id_quant-ph_0201082v1_s0_m100")).documents

    assert paper.external_id == "quant-ph/0201082"
    assert paper.published == date(2002, 1, 18)
    assert paper.metadata["categories"] == ["quant-ph", "cs.PL"]


def test_arxiv_doi_is_kept_lower_cased(arxiv_dir: Path) -> None:
    page = parse_page(fixture(arxiv_dir, "q_testing_s0_m10"))

    first = page.documents[0]
    assert first.external_id == "2202.12139"
    assert first.ids == {"arxiv": "2202.12139", "doi": "10.1109/icstw55395.2022.00035"}
    assert first.authors[:2] == ["Mohit Kumar Ahuja", "Arnaud Gotlieb"]
    assert len(page.documents) == 10
    assert page.total == 214881


def test_error_feed_is_an_error_not_a_paper(arxiv_dir: Path) -> None:
    with pytest.raises(ParseError, match="incorrect id format for abc"):
        parse_page(fixture(arxiv_dir, "id_abc_s0_m100"))


def test_empty_result_page_has_no_documents(arxiv_dir: Path) -> None:
    page = parse_page(fixture(arxiv_dir, "id_0000.0000_s0_m100"))

    assert page.documents == []
    assert page.rejections == []
    assert page.total == 0


@pytest.mark.parametrize("payload", [BILLION_LAUGHS, EXTERNAL_ENTITY], ids=["laughs", "xxe"])
def test_entity_payloads_are_refused_not_expanded(payload: bytes) -> None:
    with pytest.raises(ParseError, match="arXiv API response"):
        parse_page(payload)


def test_non_feed_xml_is_a_parse_error() -> None:
    with pytest.raises(ParseError, match="not an Atom feed"):
        parse_page(b"<html><body>maintenance</body></html>")


def test_collect_pages_by_start_until_max_pages(
    arxiv_dir: Path, http_server: LoopbackServer
) -> None:
    url = serve_arxiv(http_server, arxiv_dir)
    src = source(url, query="testing", max_results=10, max_pages=6, sort_by="relevance")

    with context(src) as ctx:
        papers = list(collect(src, ctx, since=None))

    assert len(papers) == 60
    assert len({p.external_id for p in papers}) == 60
    assert papers[0].external_id == "2202.12139"
    sent = request_params(http_server)
    assert [p["start"] for p in sent] == ["0", "10", "20", "30", "40", "50"]
    assert {(p["search_query"], p["max_results"], p["sortBy"]) for p in sent} == {
        ("testing", "10", "relevance")
    }
    # 214,881 results exist; stopping at max_pages is reported, not silent.
    assert len(ctx.warnings) == 1
    assert "max_pages=6" in ctx.warnings[0]


def test_collect_since_filters_on_published(arxiv_dir: Path, http_server: LoopbackServer) -> None:
    url = serve_arxiv(http_server, arxiv_dir)
    src = source(url, query="testing", max_results=10, max_pages=6, sort_by="relevance")

    with context(src) as ctx:
        papers = list(collect(src, ctx, since=date(2020, 1, 1)))

    # 44 of the 60 recorded papers were first published in 2020 or later.
    assert len(papers) == 44
    assert min(p.published for p in papers) >= date(2020, 1, 1)
    assert "1202.4527" not in {p.external_id for p in papers}
    # Relevance order says nothing about dates, so every page is still read.
    assert len(http_server.requests) == 6


def test_collect_newest_first_stops_at_first_older_paper(
    arxiv_dir: Path, http_server: LoopbackServer
) -> None:
    url = serve_arxiv(http_server, arxiv_dir)
    src = source(url, query="testing", max_results=10, max_pages=6)

    with context(src) as ctx:
        papers = list(collect(src, ctx, since=date(2020, 1, 1)))

    assert request_params(http_server)[0]["sortBy"] == "submittedDate"
    assert len(http_server.requests) == 1
    assert [p.external_id for p in papers][:3] == ["2202.12139", "2405.13786", "2005.14124"]
    assert len(papers) == 7


def test_collect_by_id_list(arxiv_dir: Path, http_server: LoopbackServer) -> None:
    url = serve_arxiv(http_server, arxiv_dir)
    src = source(url, id_list="astro-ph/0601001", max_results=100)

    with context(src) as ctx:
        (paper,) = list(collect(src, ctx, since=None))

    assert paper.external_id == "astro-ph/0601001"
    assert ctx.warnings == []


def test_collect_error_feed_with_http_400_fails_the_source(
    arxiv_dir: Path, http_server: LoopbackServer
) -> None:
    url = serve_arxiv(http_server, arxiv_dir)
    src = source(url, id_list="abc", max_results=100)

    with context(src) as ctx, pytest.raises(FetchError) as raised:
        list(collect(src, ctx, since=None))

    assert raised.value.status == 400
    assert raised.value.retryable is False


def test_collect_error_feed_with_http_200_is_still_an_error(
    arxiv_dir: Path, http_server: LoopbackServer
) -> None:
    url = serve_arxiv(http_server, arxiv_dir, error_status=200)
    src = source(url, id_list="abc", max_results=100)

    with context(src) as ctx, pytest.raises(ParseError, match="incorrect id format for abc"):
        list(collect(src, ctx, since=None))


def test_source_without_query_or_ids_is_a_config_error() -> None:
    src = source("http://127.0.0.1:9/api/query")

    with context(src) as ctx, pytest.raises(ConfigError, match="'query'"):
        list(collect(src, ctx, since=None))
