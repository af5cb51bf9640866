"""PubMed adapter on real E-utilities responses (Biopython's Entrez fixtures), parsed and served."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from extractors.adapters.pubmed import collect, parse_articles, parse_search
from extractors.base import RawDocument, SourceConfig
from extractors.fetch import FetchSettings, HttpSourceContext
from kernel.errors import ConfigError, ParseError
from tests.support.httpserver import LoopbackServer, send

pytestmark = pytest.mark.shared

ARTICLE_FILES = ("pubmed1.xml", "pubmed2.xml", "pubmed4.xml", "pubmed5.xml", "pubmed6.xml")
BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE PubmedArticleSet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>
<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>1</PMID><Article>
<ArticleTitle>&c;</ArticleTitle></Article></MedlineCitation></PubmedArticle></PubmedArticleSet>"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE eSearchResult [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<eSearchResult><Count>1</Count><IdList><Id>&xxe;</Id></IdList></eSearchResult>"""


@pytest.fixture
def eutils_dir(shared_data: Path) -> Path:
    return shared_data / "fixtures" / "pubmed_eutils"


def articles_in(folder: Path, name: str) -> dict[str, RawDocument]:
    return {d.external_id: d for d in parse_articles((folder / name).read_bytes()).documents}


def source(url: str, **options: object) -> SourceConfig:
    return SourceConfig(id="pubmed-test", kind="publication", adapter="pubmed", url=url, **options)


def context(src: SourceConfig) -> HttpSourceContext:
    return HttpSourceContext(src, FetchSettings(retries=0), sleep=lambda seconds: None)


def request_params(server: LoopbackServer, endpoint: str) -> list[dict[str, str]]:
    return [
        {k: v[0] for k, v in parse_qs(urlsplit(p).query).items()}
        for p in server.requests
        if urlsplit(p).path.endswith(endpoint)
    ]


def serve_eutils(server: LoopbackServer, folder: Path) -> tuple[str, list[str]]:
    """A small E-utilities over the real PubmedArticle records of ``ARTICLE_FILES``.

    ESearch pages through their PMIDs by ``retstart`` / ``retmax`` in the real eSearchResult
    layout; EFetch answers with exactly the requested records, in the requested order.
    """
    records: dict[str, ET.Element] = {}
    for name in ARTICLE_FILES:
        for record in ET.fromstring((folder / name).read_bytes()).iter("PubmedArticle"):
            records[record.findtext("MedlineCitation/PMID", "")] = record
    pmids = list(records)

    def esearch(handler: BaseHTTPRequestHandler) -> None:
        query = {k: v[0] for k, v in parse_qs(urlsplit(handler.path).query).items()}
        start, size = int(query["retstart"]), int(query["retmax"])
        ids = "".join(f"<Id>{pmid}</Id>\n" for pmid in pmids[start : start + size])
        body = (
            '<?xml version="1.0" encoding="UTF-8" ?>\n'
            f"<eSearchResult><Count>{len(pmids)}</Count><RetMax>{size}</RetMax>"
            f"<RetStart>{start}</RetStart><IdList>\n{ids}</IdList><TranslationSet/>"
            f"<QueryTranslation>{query['term']}[All Fields]</QueryTranslation></eSearchResult>"
        )
        send(handler, 200, body.encode(), "text/xml")

    def efetch(handler: BaseHTTPRequestHandler) -> None:
        wanted = parse_qs(urlsplit(handler.path).query)["id"][0].split(",")
        articles = b"".join(ET.tostring(records[pmid]) for pmid in wanted)
        body = b'<?xml version="1.0" ?>\n<PubmedArticleSet>' + articles + b"</PubmedArticleSet>"
        send(handler, 200, body, "text/xml")

    server.routes["/eutils/esearch.fcgi"] = esearch
    server.routes["/eutils/efetch.fcgi"] = efetch
    return server.url("/eutils/"), pmids


def test_esearch_gives_pmids_and_total(eutils_dir: Path) -> None:
    page = parse_search((eutils_dir / "esearch1.xml").read_bytes())

    assert page.count == 63
    assert len(page.pmids) == 20
    assert page.pmids[0] == "41282813"
    assert page.pmids[-1] == "37810457"
    assert parse_search((eutils_dir / "esearch2.xml").read_bytes()).count == 42249


def test_esearch_error_is_a_parse_error() -> None:
    body = b"<eSearchResult><ERROR>Invalid query syntax</ERROR></eSearchResult>"
    with pytest.raises(ParseError, match="Invalid query syntax"):
        parse_search(body)


def test_structured_abstract_article(eutils_dir: Path) -> None:
    article = articles_in(eutils_dir, "pubmed4.xml")["27797938"]

    assert article.title == (
        "Leucocyte telomere length, genetic variants at the TERT gene region and risk of "
        "pancreatic cancer."
    )
    assert article.ids == {
        "pmid": "27797938",
        "doi": "10.1136/gutjnl-2016-312510",
        "pmcid": "PMC5442267",
    }
    assert article.metadata["venue"] == "Gut"
    assert article.authors[:2] == ["Ying Bao", "Jennifer Prescott"]
    assert article.authors[-1] == "Brian M Wolpin"
    assert article.orgs[0] == (
        "Channing Division of Network Medicine, Department of Medicine, Brigham and Women's "
        "Hospital, and Harvard Medical School, Boston, Massachusetts, USA."
    )
    # The electronic date (2016-10-21) beats the issue date (June 2017).
    assert article.published == date(2016, 10, 21)
    assert article.language == "en"
    assert article.url == "https://pubmed.ncbi.nlm.nih.gov/27797938/"
    sections = article.text.split("\n")
    assert [s.split(":")[0] for s in sections] == ["OBJECTIVE", "DESIGN", "RESULTS", "CONCLUSIONS"]
    assert sections[0].startswith("OBJECTIVE: Telomere shortening occurs as an early event")
    # Inline <i>, <sub>, <sup> and an escaped "<" inside the abstract come out as text.
    assert "(linkage disequilibrium r2<0.25)" in article.text
    assert "Telomerase" in article.metadata["mesh"]


def test_old_records_with_season_dates_and_no_abstract(eutils_dir: Path) -> None:
    articles = articles_in(eutils_dir, "pubmed1.xml")

    aids = articles["12091962"]
    assert aids.title == "The treatment of AIDS behind the walls of correctional facilities."
    assert aids.published == date(1990, 3, 1)  # <Season>Spring</Season> 1990
    assert aids.text == ""
    assert aids.authors == ["J Michael Olivero"]
    assert "doi" not in aids.ids
    assert articles["9997"].ids["doi"] == "10.1016/0005-2795(76)90109-4"
    assert articles["9997"].published == date(1976, 9, 28)


def test_collective_author_is_kept(eutils_dir: Path) -> None:
    article = articles_in(eutils_dir, "pubmed7.xml")["29963580"]

    assert article.authors[-1] == "Canadian Respiratory Research Network"
    assert article.ids["doi"] == "10.1117/1.jmi.5.2.026002"


def test_pmc_article_set_is_not_a_pubmed_answer(eutils_dir: Path) -> None:
    with pytest.raises(ParseError, match="pmc-articleset"):
        parse_articles((eutils_dir / "efetch_pmc.xml").read_bytes())


def test_entity_payloads_are_refused_not_expanded() -> None:
    with pytest.raises(ParseError, match="PubMed EFetch response"):
        parse_articles(BILLION_LAUGHS)
    with pytest.raises(ParseError, match="PubMed ESearch response"):
        parse_search(EXTERNAL_ENTITY)


def test_collect_searches_then_fetches_each_page(
    eutils_dir: Path, http_server: LoopbackServer
) -> None:
    url, pmids = serve_eutils(http_server, eutils_dir)
    src = source(url, term="telomere", retmax=3, email="ops@example.org")

    with context(src) as ctx:
        articles = list(collect(src, ctx, since=None))

    assert [a.external_id for a in articles] == pmids
    assert pmids == [
        "12091962", "9997", "11748933", "11700088", "27797938", "28775130", "30108519"
    ]  # fmt: skip
    searches = request_params(http_server, "esearch.fcgi")
    assert [s["retstart"] for s in searches] == ["0", "3", "6"]
    assert {(s["db"], s["term"], s["retmax"], s["email"]) for s in searches} == {
        ("pubmed", "telomere", "3", "ops@example.org")
    }
    assert "mindate" not in searches[0]
    fetches = request_params(http_server, "efetch.fcgi")
    assert [f["id"] for f in fetches] == [
        "12091962,9997,11748933",
        "11700088,27797938,28775130",
        "30108519",
    ]
    assert {f["retmode"] for f in fetches} == {"xml"}
    assert ctx.warnings == []


def test_collect_since_sets_entrez_mindate(eutils_dir: Path, http_server: LoopbackServer) -> None:
    url, _ = serve_eutils(http_server, eutils_dir)
    src = source(url, term="telomere")

    with context(src) as ctx:
        articles = list(collect(src, ctx, since=date(2024, 1, 15)))

    assert len(articles) == 7
    (search,) = request_params(http_server, "esearch.fcgi")
    assert search["datetype"] == "edat"
    assert search["mindate"] == "2024/01/15"
    assert search["maxdate"] >= "2024/01/15"


def test_collect_stops_at_max_pages_and_says_so(
    eutils_dir: Path, http_server: LoopbackServer
) -> None:
    url, _ = serve_eutils(http_server, eutils_dir)
    src = source(url, term="telomere", retmax=2, max_pages=2)

    with context(src) as ctx:
        articles = list(collect(src, ctx, since=None))

    assert len(articles) == 4
    assert ctx.warnings == [
        "stopped after max_pages=2 (4 of 7 PubMed records); "
        "raise max_pages or retmax, or narrow the term, to collect the rest"
    ]


def test_collect_sends_the_api_key_from_the_environment(
    eutils_dir: Path, http_server: LoopbackServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HORIZON_TEST_NCBI_KEY", "k-123")
    url, _ = serve_eutils(http_server, eutils_dir)
    src = source(url, term="telomere", api_key_env="HORIZON_TEST_NCBI_KEY")

    with context(src) as ctx:
        list(collect(src, ctx, since=None))

    assert {p["api_key"] for p in request_params(http_server, ".fcgi")} == {"k-123"}


def test_collect_warns_when_the_api_key_variable_is_unset(
    eutils_dir: Path, http_server: LoopbackServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("HORIZON_TEST_NCBI_KEY", raising=False)
    url, _ = serve_eutils(http_server, eutils_dir)
    src = source(url, term="telomere", api_key_env="HORIZON_TEST_NCBI_KEY")

    with context(src) as ctx:
        assert len(list(collect(src, ctx, since=None))) == 7

    assert ctx.warnings == [
        "HORIZON_TEST_NCBI_KEY is not set; PubMed requests run at the anonymous rate limit"
    ]
    assert "api_key" not in request_params(http_server, "esearch.fcgi")[0]


def test_source_without_term_is_a_config_error() -> None:
    src = source("http://127.0.0.1:9/eutils/")

    with context(src) as ctx, pytest.raises(ConfigError, match="'term'"):
        list(collect(src, ctx, since=None))
