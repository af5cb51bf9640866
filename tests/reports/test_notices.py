"""The operators' notice of a failed or partial run, through the real outbox to a real SMTP
server (aiosmtpd) and a real webhook (apprise's json://), both on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import re
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from pydantic import ValidationError

from reports.notices import OperatorSettings, RunNotice, notice_messages, notify_operators
from reports.outbox import build_messages, enqueue, pending_ids, read_message, sent_ids
from reports.render_alerts import render_alerts
from tests.reports.sample import sample_report
from tests.support.mail import Recorder, Webhook, plain, smtp_server

NOW = dt.datetime(2026, 11, 23, 6, 30)
REGION = {"CZ08": ["analyst@cz08.example.org"]}
HOSTILE = "ParseError: <script>alert(1)</script> [click](javascript:alert(1)) **bold**\u202e"


def failed(attempt: int = 1, message: str = "OSError: [Errno 28] No space left") -> RunNotice:
    return RunNotice(
        week="2026-W48",
        run_id="weekly-2026-W48",
        status="failed",
        attempt=attempt,
        message=message,
    )


def test_a_failed_run_is_told_once_per_attempt_by_mail_and_webhook(tmp_path: Path) -> None:
    outbox = tmp_path / "outbox"
    recorder, hook = Recorder(), Webhook()
    try:
        with smtp_server(recorder) as port:
            recipients = ["ops@agency.example.org", hook.url]
            first = notify_operators(outbox, failed(), recipients, smtp=plain(port), now=NOW)
            again = notify_operators(outbox, failed(), recipients, smtp=plain(port), now=NOW)
            second = notify_operators(outbox, failed(2), recipients, smtp=plain(port), now=NOW)
    finally:
        hook.close()
    assert len(first.sent) == 2 and first.ok
    assert again.sent == []  # the same attempt is never told twice
    assert len(second.sent) == 2
    assert len(recorder.envelopes) == 2 and len(hook.posts) == 2
    mail = message_from_bytes(recorder.envelopes[0].content, policy=policy.default)
    assert mail["Subject"] == "Horizon: weekly run 2026-W48 failed"
    text = mail.get_body(preferencelist=("plain",)).get_content()
    assert "weekly-2026-W48 (attempt 1)" in text
    assert "No space left" in text
    assert "`horizon run --week 2026-W48` resumes at the stage that failed" in text
    assert hook.posts[0]["title"] == "Horizon: weekly run 2026-W48 failed"
    assert "attempt 1" in hook.posts[0]["message"]
    assert "attempt 2" in hook.posts[1]["message"]
    assert len(sent_ids(outbox)) == 4 and pending_ids(outbox) == []


def test_a_partial_run_names_its_report_and_the_way_to_complete_it() -> None:
    notice = RunNotice(
        week="2026-W48",
        run_id="weekly-2026-W48",
        status="partial",
        attempt=1,
        message="2 source(s) failed: arxiv, epo",
        report=Path("/srv/horizon/var/reports/2026-W48/index.html"),
    )
    (message,) = notice_messages(notice, ["ops@agency.example.org"], now=NOW)
    assert message.subject == "Horizon: weekly run 2026-W48 is partial: sources failed"
    assert "2 source(s) failed: arxiv, epo" in message.text
    assert "Report: /srv/horizon/var/reports/2026-W48/index.html" in message.text
    assert "collects them and redoes the week" in message.text
    assert message.region_id == "operators" and message.id.startswith("2026-W48-operators-")


def test_an_unreachable_relay_keeps_the_notice_for_the_next_run(tmp_path: Path) -> None:
    outbox = tmp_path / "outbox"
    (alert,) = enqueue(outbox, build_messages(render_alerts(sample_report()), REGION, now=NOW))
    recorder = Recorder()
    with smtp_server(recorder) as port:
        pass  # the port is free again: nothing listens there now
    down = notify_operators(outbox, failed(), ["ops@agency.example.org"], smtp=plain(port), now=NOW)
    assert down.sent == [] and len(down.failed) == 1 and alert not in down.failed
    assert "cannot be reached" in next(iter(down.failed.values()))
    assert len(pending_ids(outbox)) == 2
    assert read_message(outbox, "pending", alert).attempts == 0  # the report stage's to send
    with smtp_server(recorder, port=port):
        later = notify_operators(
            outbox, failed(), ["ops@agency.example.org"], smtp=plain(port), now=NOW
        )
    assert len(later.sent) == 1 and len(recorder.envelopes) == 1
    assert pending_ids(outbox) == [alert]


def test_what_the_failure_said_stays_text_in_every_format() -> None:
    (message,) = notice_messages(failed(message=HOSTILE), ["ops@agency.example.org"], now=NOW)
    assert "<script>" not in message.html and "&lt;" not in message.text
    assert "\u202e" not in message.text + message.markdown + message.html
    assert re.search(r"(?<!\\)\]\(", message.markdown) is None  # no "](" that makes a link
    assert "\\[click\\]" in message.markdown
    assert "\\*\\*bold\\*\\*" in message.markdown


@pytest.mark.parametrize("recipient", ["ops", "ops@localhost", " ", "mailto"])
def test_a_recipient_that_is_no_address_is_refused_when_the_configuration_loads(
    recipient: str,
) -> None:
    with pytest.raises(ValidationError, match="neither an e-mail address nor an apprise URL"):
        OperatorSettings(recipients=[recipient])
    OperatorSettings(recipients=["ops@agency.example.org", "msteams://a/b/c", "env:HZ_OPS_URL"])
