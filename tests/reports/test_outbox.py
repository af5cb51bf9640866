"""The outbox against real servers on 127.0.0.1: aiosmtpd (accepting, refusing, with STARTTLS),
a port nobody listens on, a server that never answers, and an HTTP webhook for apprise."""

from __future__ import annotations

import datetime as dt
import socket
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from kernel.errors import ConfigError
from reports.outbox import (
    OutboxMessage,
    build_messages,
    channel_of,
    deliver_pending,
    enqueue,
    message_id,
    pending_ids,
    read_message,
    sent_ids,
)
from reports.render_alerts import render_alerts
from tests.reports.sample import sample_report
from tests.support.httpserver import free_port
from tests.support.mail import Recorder, Webhook, plain, smtp_server

NOW = dt.datetime(2026, 11, 23, 6, 30, tzinfo=dt.UTC)
LATER = NOW + dt.timedelta(days=7)
RECIPIENTS = {"CZ08": ["analyst@cz08.example.org"], "RO21": ["office@ro21.example.org"]}
NO_ENV: dict[str, str] = {}


class RefuseRecipient:
    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        return "550 5.1.1 mailbox unavailable"


class RefuseData:
    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        return "554 5.7.1 message rejected as spam"


@contextmanager
def silent_server() -> Iterator[int]:
    """Accepts TCP connections (the kernel does) but never says a word."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(4)
        yield sock.getsockname()[1]


@pytest.fixture
def outbox(tmp_path: Path) -> Path:
    """An outbox holding this week's alerts for CZ08 and RO21 (two e-mails)."""
    alerts = render_alerts(sample_report())
    queued = enqueue(tmp_path / "outbox", build_messages(alerts, RECIPIENTS, now=NOW))
    assert len(queued) == 2
    return tmp_path / "outbox"


def test_accepted_messages_are_sent_once_and_never_again(outbox: Path) -> None:
    recorder = Recorder()
    with smtp_server(recorder) as port:
        report = deliver_pending(outbox, smtp=plain(port), now=NOW, env=NO_ENV)
        assert report.ok and len(report.sent) == 2
        again = deliver_pending(outbox, smtp=plain(port), now=LATER, env=NO_ENV)
    assert again.sent == [] and again.failed == {}
    assert len(recorder.envelopes) == 2
    cz = next(e for e in recorder.envelopes if e.rcpt_tos == ["analyst@cz08.example.org"])
    mail = message_from_bytes(cz.content, policy=policy.default)
    assert mail["Subject"] == (
        "Horizon 2026-W47 · Moravskoslezský kraj (Moravia-Silesia): 3 new or emerging topics"
    )
    assert "1. Solid-state battery electrolytes" in mail.get_body(("plain",)).get_content()
    assert pending_ids(outbox) == [] and len(sent_ids(outbox)) == 2
    stored = read_message(outbox, "sent", sent_ids(outbox)[0])
    assert (stored.attempts, stored.sent_at, stored.last_error) == (1, NOW, None)
    # Re-running the week queues nothing: the ids are already sent.
    alerts = render_alerts(sample_report())
    assert enqueue(outbox, build_messages(alerts, RECIPIENTS, now=LATER)) == []


@pytest.mark.parametrize(
    ("handler", "reason"),
    [
        (RefuseRecipient(), "refused the recipient (analyst@cz08.example.org: 550 5.1.1 mailbox"),
        (RefuseData(), "refused the message (554 5.7.1 message rejected as spam)"),
    ],
)
def test_refused_message_stays_pending_and_is_retried(
    outbox: Path, handler: Any, reason: str
) -> None:
    with smtp_server(handler) as port:
        report = deliver_pending(outbox, smtp=plain(port), now=NOW, env=NO_ENV)
    assert report.sent == [] and len(report.failed) == 2
    cz_id = next(i for i in report.failed if "-CZ08-" in i)
    assert reason in report.failed[cz_id]
    assert report.failed[cz_id].endswith("it stays in the outbox and is retried next run")
    waiting = read_message(outbox, "pending", cz_id)
    assert waiting.attempts == 1 and waiting.last_attempt_at == NOW
    assert reason in (waiting.last_error or "")
    recorder = Recorder()
    with smtp_server(recorder) as port:
        retried = deliver_pending(outbox, smtp=plain(port), now=LATER, env=NO_ENV)
        deliver_pending(outbox, smtp=plain(port), now=LATER, env=NO_ENV)
    assert sorted(retried.sent) == sorted(report.failed)
    assert len(recorder.envelopes) == 2
    assert read_message(outbox, "sent", cz_id).attempts == 2


def test_server_down_then_back(outbox: Path) -> None:
    port = free_port()
    report = deliver_pending(outbox, smtp=plain(port), now=NOW, env=NO_ENV)
    assert len(report.failed) == 2
    assert all(
        f"SMTP server 127.0.0.1:{port} cannot be reached" in e for e in report.failed.values()
    )
    assert len(pending_ids(outbox)) == 2
    recorder = Recorder()
    with smtp_server(recorder, port=port):
        assert len(deliver_pending(outbox, smtp=plain(port), now=LATER, env=NO_ENV).sent) == 2
    assert len(recorder.envelopes) == 2


def test_server_that_never_answers_times_out(outbox: Path) -> None:
    with silent_server() as port:
        report = deliver_pending(outbox, smtp=plain(port, timeout=0.5), now=NOW, env=NO_ENV)
    assert len(report.failed) == 2
    assert all(
        "cannot be reached (timed out: no answer in time)" in e for e in report.failed.values()
    )
    assert [read_message(outbox, "pending", i).attempts for i in pending_ids(outbox)] == [1, 1]


def _certificate(tmp_path: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1, made here so no key ships with the tests."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    start = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + dt.timedelta(days=2))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.IPAddress(__import__("ipaddress").ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


def test_starttls_with_login_from_environment(outbox: Path, tmp_path: Path) -> None:
    cert, key = _certificate(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    logins: list[tuple[bytes, bytes]] = []

    def authenticator(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> Any:
        assert isinstance(data, LoginPassword)
        logins.append((data.login, data.password))
        # handled=False: aiosmtpd answers "535 ... credentials invalid" itself.
        return AuthResult(success=data.password == b"s3cret", handled=False)

    recorder = Recorder()
    options = {"tls_context": context, "require_starttls": True, "authenticator": authenticator}
    with smtp_server(recorder, **options) as port:
        settings = plain(
            port, starttls=True, ca_file=cert, username_env="HZ_USER", password_env="HZ_PASS"
        )
        missing = deliver_pending(outbox, smtp=settings, now=NOW, env={"HZ_USER": "horizon"})
        wrong = deliver_pending(
            outbox, smtp=settings, now=NOW, env={"HZ_USER": "horizon", "HZ_PASS": "guess"}
        )
        right = deliver_pending(
            outbox, smtp=settings, now=LATER, env={"HZ_USER": "horizon", "HZ_PASS": "s3cret"}
        )
    assert all("HZ_USER is set but HZ_PASS is not" in e for e in missing.failed.values())
    assert all("rejected the login" in e and "HZ_PASS" in e for e in wrong.failed.values())
    assert all("s3cret" not in e and "guess" not in e for e in wrong.failed.values())
    assert len(right.sent) == 2 and len(recorder.envelopes) == 2
    assert logins[-1] == (b"horizon", b"s3cret")


def test_starttls_missing_sends_nothing_in_the_clear(outbox: Path) -> None:
    recorder = Recorder()
    with smtp_server(recorder) as port:
        report = deliver_pending(outbox, smtp=plain(port, starttls=True), now=NOW, env=NO_ENV)
    assert recorder.envelopes == []
    assert all("does not offer STARTTLS" in e for e in report.failed.values())


def test_apprise_url_from_environment_is_posted_once(tmp_path: Path) -> None:
    alerts = render_alerts(sample_report())
    outbox = tmp_path / "outbox"
    messages = build_messages(alerts, {"CZ08": ["env:HZ_TEAMS_URL"]}, now=NOW)
    assert [m.channel for m in messages] == ["apprise"]
    enqueue(outbox, messages)
    down = deliver_pending(
        outbox, smtp=plain(1), now=NOW, env={"HZ_TEAMS_URL": f"json://127.0.0.1:{free_port()}/x"}
    )
    assert next(iter(down.failed.values())).startswith("apprise could not notify env:HZ_TEAMS_URL")
    unset = deliver_pending(outbox, smtp=plain(1), now=NOW, env=NO_ENV)
    assert "environment variable HZ_TEAMS_URL" in next(iter(unset.failed.values()))
    hook = Webhook()
    try:
        env = {"HZ_TEAMS_URL": hook.url}
        assert len(deliver_pending(outbox, smtp=plain(1), now=LATER, env=env).sent) == 1
        assert deliver_pending(outbox, smtp=plain(1), now=LATER, env=env).sent == []
    finally:
        hook.close()
    assert len(hook.posts) == 1
    assert hook.posts[0]["title"] == alerts["CZ08"].subject
    assert hook.posts[0]["message"] == alerts["CZ08"].markdown.strip()
    stored = read_message(outbox, "sent", sent_ids(outbox)[0])
    assert stored.attempts == 3 and "127.0.0.1" not in stored.recipient  # the secret stays out


def test_interrupted_send_is_reported_not_repeated(outbox: Path) -> None:
    stuck = pending_ids(outbox)[0]
    (outbox / "pending" / f"{stuck}.json").rename(outbox / "sending" / f"{stuck}.json")
    recorder = Recorder()
    with smtp_server(recorder) as port:
        report = deliver_pending(outbox, smtp=plain(port), now=NOW, env=NO_ENV)
    assert report.uncertain == [stuck] and len(report.sent) == 1 and not report.ok
    assert len(recorder.envelopes) == 1
    assert (outbox / "sending" / f"{stuck}.json").exists()


def test_unreadable_message_is_reported_and_kept(outbox: Path) -> None:
    broken = pending_ids(outbox)[0]
    (outbox / "pending" / f"{broken}.json").write_text("{not json", encoding="utf-8")
    recorder = Recorder()
    with smtp_server(recorder) as port:
        report = deliver_pending(outbox, smtp=plain(port), now=NOW, env=NO_ENV)
    assert "is not a readable outbox message" in report.failed[broken]
    assert pending_ids(outbox) == [broken] and len(recorder.envelopes) == 1


def test_message_ids_and_channels() -> None:
    first = message_id("2026-W47", "AT12", "email", "a@b.example.org")
    assert first == message_id("2026-W47", "AT12", "email", "a@b.example.org")
    assert (
        first.startswith("2026-W47-AT12-email-") and len(first) == len("2026-W47-AT12-email-") + 16
    )
    assert first != message_id("2026-W48", "AT12", "email", "a@b.example.org")
    assert first != message_id("2026-W47", "AT12", "email", "c@b.example.org")
    assert channel_of("analyst@agency.example.org") == "email"
    assert channel_of("msteams://token/") == "apprise"
    assert channel_of("env:HORIZON_SLACK_URL") == "apprise"
    with pytest.raises(ConfigError, match="neither an e-mail address nor an apprise URL"):
        channel_of("not an address")
    assert OutboxMessage.model_fields["attempts"].default == 0
