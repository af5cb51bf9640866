"""What counts as a secret in a URL, and how ``env:NAME`` is resolved."""

from __future__ import annotations

from pathlib import Path

import pytest

from kernel.errors import ConfigError
from warehouse.connection import open_warehouse
from warehouse.migrate import apply_migrations
from warehouse.secrets import expand_env, quote_url_part, redact_text, redact_url

LEAKY = "http://alice:PW-7731@feeds.example.org/feed?api_key=KEY-5520&q=wind"


def test_user_info_and_secret_parameters_are_masked() -> None:
    shown = redact_url(LEAKY)
    assert shown == "http://***@feeds.example.org/feed?api_key=***&q=wind"
    assert "PW-7731" not in shown and "KEY-5520" not in shown and "alice" not in shown


@pytest.mark.parametrize(
    "name",
    [
        "key",
        "token",
        "api_key",
        "apikey",
        "secret",
        "password",
        "sig",
        "access_token",
        "X-Api-Key",
        "client_secret",
        "API_KEY",
        "Signature",
        "AccessToken",
    ],
)
def test_every_secret_looking_parameter_is_masked(name: str) -> None:
    assert redact_url(f"https://h.example/x?{name}=s3cr3t-value&page=2") == (
        f"https://h.example/x?{name}=***&page=2"
    )


@pytest.mark.parametrize("name", ["q", "query", "page", "cursor", "mailto", "filter", "term"])
def test_ordinary_parameters_are_kept(name: str) -> None:
    url = f"https://h.example/x?{name}=value"
    assert redact_url(url) == url


def test_redaction_is_idempotent_so_stored_and_looked_up_forms_agree() -> None:
    once = redact_url(LEAKY)
    assert redact_url(once) == once


def test_env_references_are_not_secrets_and_stay_readable() -> None:
    url = "https://env:FEED_USER:env:FEED_PW@h.example/feed?api_key=env:FEED_KEY&q=1"
    assert redact_url(url) == url


def test_urls_inside_messages_are_redacted() -> None:
    message = f"HTTP 403 Forbidden from {LEAKY}; check the key"
    assert redact_text(message) == (
        "HTTP 403 Forbidden from http://***@feeds.example.org/feed?api_key=***&q=wind; "
        "check the key"
    )


def test_expand_env_percent_encodes_inside_a_url_but_not_a_leading_reference() -> None:
    env = {"KEY": "a&b/c", "WEBHOOK": "https://hooks.example/T0/B1"}
    inside = expand_env("https://h.example/x?key=env:KEY", env, what="t", encode=quote_url_part)
    assert inside == "https://h.example/x?key=a%26b%2Fc"
    assert expand_env("env:WEBHOOK", env, what="t", encode=quote_url_part) == env["WEBHOOK"]


def test_a_port_after_a_host_named_env_is_not_a_reference() -> None:
    assert expand_env("http://dev.env:8080/feed", {}, what="t") == "http://dev.env:8080/feed"


def test_a_missing_variable_names_itself_and_where_it_was_used() -> None:
    with pytest.raises(ConfigError, match=r"environment variable FEED_KEY \(in source x\)"):
        expand_env("https://h.example/?k=env:FEED_KEY", {}, what="in source x")


def test_migration_masks_credentials_stored_by_older_versions(tmp_path: Path) -> None:
    """Rows written in clear before redaction existed (put in with SQL, as an old version did)
    are masked when the migration runs; 0010 is run again here on a current file."""
    with open_warehouse(tmp_path / "old.duckdb") as wh:
        wh.con.execute(
            "INSERT INTO sources VALUES ('s', 'news', 'rss', ?, true, now()::TIMESTAMP)", [LEAKY]
        )
        wh.con.execute(
            "INSERT INTO fetch_log (run_id, source_id, attempt, url, started_at, finished_at,"
            " status, error) VALUES ('r', 's', 1, ?, now()::TIMESTAMP, now()::TIMESTAMP,"
            " 'http_error', ?)",
            [LEAKY, f"HTTP 403 Forbidden from {LEAKY}; check the key"],
        )
        wh.con.execute("DELETE FROM schema_migrations WHERE name = '0010_redact_urls.sql'")
        assert apply_migrations(wh.con) == ["0010_redact_urls.sql"]
        stored = wh.con.execute(
            "SELECT s.url, f.url, f.error FROM sources s JOIN fetch_log f USING (source_id)"
        ).fetchone()
    expected = redact_url(LEAKY)
    assert stored == (expected, expected, f"HTTP 403 Forbidden from {expected}; check the key")
