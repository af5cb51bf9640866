"""The demo feed server: real HTTP on 127.0.0.1 with content types and conditional GET."""

from __future__ import annotations

import http.client
import tomllib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import httpx
import pytest

from democorpus import demo_sources_toml, generate_demo, serve_directory


@pytest.fixture(scope="module")
def one_week(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate_demo(tmp_path_factory.mktemp("served"), weeks=1).root


def test_serves_feed_files_with_their_content_types(one_week: Path) -> None:
    feeds = one_week / "feeds"
    with serve_directory(feeds) as base_url, httpx.Client(base_url=base_url) as client:
        assert urlsplit(base_url).hostname == "127.0.0.1"
        assert urlsplit(base_url).port
        expected = {
            "uspto.xml": "application/xml; charset=utf-8",
            "arxiv.atom": "application/atom+xml; charset=utf-8",
            "news-tech.rss": "application/rss+xml; charset=utf-8",
            "news-industry.rss": "application/rss+xml; charset=utf-8",
        }
        for name, ctype in expected.items():
            response = client.get(f"/2025-W01/{name}")
            assert response.status_code == 200
            assert response.headers["content-type"] == ctype
            assert response.content == (feeds / "2025-W01" / name).read_bytes()
            assert int(response.headers["content-length"]) == len(response.content)
        parsed = feedparser.parse(client.get("/2025-W01/news-tech.rss").content)
        assert parsed.version == "rss20" and parsed.entries


def test_conditional_requests_get_304(one_week: Path) -> None:
    with serve_directory(one_week / "feeds") as base_url, httpx.Client(base_url=base_url) as client:
        first = client.get("/2025-W01/arxiv.atom")
        etag, modified = first.headers["etag"], first.headers["last-modified"]
        assert etag.startswith('"') and modified.endswith("GMT")
        same = client.get("/2025-W01/arxiv.atom", headers={"If-None-Match": etag})
        assert same.status_code == 304 and same.content == b""
        assert same.headers["etag"] == etag
        unchanged = client.get("/2025-W01/arxiv.atom", headers={"If-Modified-Since": modified})
        assert unchanged.status_code == 304
        stale = client.get("/2025-W01/arxiv.atom", headers={"If-None-Match": '"stale"'})
        assert stale.status_code == 200 and stale.content == first.content
        other = client.get("/2025-W01/uspto.xml", headers={"If-None-Match": etag})
        assert other.status_code == 200 and other.headers["etag"] != etag


def test_query_strings_are_ignored_and_head_has_no_body(one_week: Path) -> None:
    with serve_directory(one_week / "feeds") as base_url, httpx.Client(base_url=base_url) as client:
        plain = client.get("/2025-W01/arxiv.atom")
        queried = client.get("/2025-W01/arxiv.atom", params={"start": 0, "max_results": 100})
        assert queried.content == plain.content
        head = client.head("/2025-W01/arxiv.atom")
        assert head.status_code == 200 and head.content == b""
        assert head.headers["content-length"] == str(len(plain.content))


def test_nothing_outside_the_directory_is_served(one_week: Path) -> None:
    """``ground_truth.json`` sits next to ``feeds/``; no path may reach it."""
    with serve_directory(one_week / "feeds") as base_url:
        assert httpx.get(f"{base_url}/2025-W01/missing.rss").status_code == 404
        assert httpx.get(f"{base_url}/2025-W01").status_code == 404
        port = urlsplit(base_url).port
        for path in ("/../ground_truth.json", "/%2e%2e/ground_truth.json"):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            connection.request("GET", path)
            response = connection.getresponse()
            assert response.status == 404, path
            assert b"seed" not in response.read()
            connection.close()


def test_sources_toml_urls_resolve_for_every_source(one_week: Path) -> None:
    with serve_directory(one_week / "feeds") as base_url:
        sources = tomllib.loads(demo_sources_toml(base_url))["source"]
        urls = [source["url"].format(week="2025-W01") for source in sources]
        with ThreadPoolExecutor(max_workers=4) as pool:
            statuses = list(pool.map(lambda url: httpx.get(url).status_code, urls * 3))
        assert statuses == [200] * 12


def test_the_server_stops_when_the_block_ends(one_week: Path) -> None:
    with serve_directory(one_week / "feeds") as base_url:
        assert httpx.get(f"{base_url}/2025-W01/uspto.xml").status_code == 200
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{base_url}/2025-W01/uspto.xml", timeout=5)


def test_a_missing_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(NotADirectoryError), serve_directory(tmp_path / "absent"):
        pass
