"""The outbox: every message is written to disk first and sent after, never twice.

Layout under ``var/outbox/``::

    pending/<id>.json   queued or failed before; tried on every run (``attempts``, ``last_error``)
    sending/<id>.json   claimed by a delivery in progress
    sent/<id>.json      delivered (``sent_at``); its id is never queued or sent again

A message's id is derived from (week, region, channel, recipient), so re-running a week queues
nothing new and a sent message stays sent. A delivery first *moves* the file from ``pending/``
to ``sending/`` (an atomic rename: two runs cannot both claim it), sends, then writes the
outcome (``sent/`` on success, back to ``pending/`` on failure) by write-then-rename and drops
the claim. If a run dies while sending, the claim stays in ``sending/``: nobody knows whether
the relay got the message, so it is *not* retried automatically (that could send it twice);
:func:`deliver_pending` reports it as uncertain and an operator moves it back to ``pending/``
to retry. Each file holds the whole message (bodies included), so one rename moves it all.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from kernel.errors import ConfigError, DeliveryError
from reports.delivery import SmtpSettings, email_message, send_apprise, send_email
from reports.render_alerts import RegionAlert
from warehouse.secrets import ENV_PREFIX

Channel = Literal["email", "apprise"]
PENDING, SENDING, SENT = "pending", "sending", "sent"


class OutboxMessage(BaseModel):
    """One message to one recipient, as stored in the outbox."""

    model_config = ConfigDict(extra="forbid")

    id: str
    week: str
    region_id: str
    channel: Channel
    recipient: str
    subject: str
    text: str
    html: str
    markdown: str
    created_at: datetime
    attempts: int = 0
    last_attempt_at: datetime | None = None
    last_error: str | None = None
    sent_at: datetime | None = None


@dataclass
class DeliveryReport:
    """What one delivery run did, by message id."""

    sent: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    uncertain: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed and not self.uncertain


def message_id(week: str, region_id: str, channel: Channel, recipient: str) -> str:
    """Stable id: readable prefix, plus a digest of the recipient (which may hold odd text)."""
    digest = hashlib.sha256("\n".join((week, region_id, channel, recipient)).encode()).hexdigest()
    return f"{week}-{region_id}-{channel}-{digest[:16]}"


def channel_of(recipient: str) -> Channel:
    """An e-mail address goes by SMTP; a URL or ``env:VARIABLE`` goes through apprise."""
    if recipient.startswith(ENV_PREFIX) or "://" in recipient:
        return "apprise"
    local, at, domain = recipient.partition("@")
    if at and local and "." in domain and not any(c.isspace() for c in recipient):
        return "email"
    raise ConfigError(
        f"recipient {recipient!r} is neither an e-mail address nor an apprise URL "
        "(scheme://…) nor env:VARIABLE; fix the region's alerts.recipients"
    )


def build_messages(
    alerts: Mapping[str, RegionAlert], recipients: Mapping[str, Sequence[str]], *, now: datetime
) -> list[OutboxMessage]:
    """One message per (region, recipient); regions without recipients get none."""
    messages = []
    for region_id, alert in alerts.items():
        for recipient in dict.fromkeys(recipients.get(region_id, ())):
            channel = channel_of(recipient)
            messages.append(
                OutboxMessage(
                    id=message_id(alert.week, region_id, channel, recipient),
                    week=alert.week,
                    region_id=region_id,
                    channel=channel,
                    recipient=recipient,
                    subject=alert.subject,
                    text=alert.text,
                    html=alert.html,
                    markdown=alert.markdown,
                    created_at=now,
                )
            )
    return messages


def enqueue(outbox_dir: Path, messages: Sequence[OutboxMessage]) -> list[str]:
    """Write new messages to ``pending/``; ids already queued, in flight or sent are skipped."""
    for folder in (PENDING, SENDING, SENT):
        (outbox_dir / folder).mkdir(parents=True, exist_ok=True)
    queued = []
    for message in messages:
        if any(_path(outbox_dir, f, message.id).exists() for f in (PENDING, SENDING, SENT)):
            continue
        _write(_path(outbox_dir, PENDING, message.id), message)
        queued.append(message.id)
    return queued


def deliver_pending(
    outbox_dir: Path,
    *,
    smtp: SmtpSettings,
    now: datetime,
    env: Mapping[str, str] | None = None,
    only: Collection[str] | None = None,
) -> DeliveryReport:
    """Try every pending message once, or those of the ids in ``only``; ``env`` holds the
    credentials (default: os.environ)."""
    env = os.environ if env is None else env
    report = DeliveryReport()
    report.uncertain = _settle_claims(outbox_dir)
    pending = (
        sorted((outbox_dir / PENDING).glob("*.json")) if (outbox_dir / PENDING).is_dir() else []
    )
    for path in pending:
        message_key = path.stem
        if only is not None and message_key not in only:
            continue
        if _path(outbox_dir, SENT, message_key).exists():
            path.unlink(missing_ok=True)
            continue
        claim = _path(outbox_dir, SENDING, message_key)
        claim.parent.mkdir(parents=True, exist_ok=True)
        try:
            path.rename(claim)
        except FileNotFoundError:
            continue  # another run claimed it
        try:
            message = _read(claim)
        except DeliveryError as exc:
            claim.rename(path)
            report.failed[message_key] = str(exc)
            continue
        message.attempts += 1
        message.last_attempt_at = now
        try:
            _send(message, smtp, now, env)
        except DeliveryError as exc:
            message.last_error = str(exc)
            _write(_path(outbox_dir, PENDING, message.id), message)
            claim.unlink()
            report.failed[message.id] = str(exc)
            continue
        message.sent_at, message.last_error = now, None
        _write(_path(outbox_dir, SENT, message.id), message)
        claim.unlink()
        report.sent.append(message.id)
    return report


def pending_ids(outbox_dir: Path) -> list[str]:
    """Ids waiting in ``pending/`` (for status output and tests)."""
    folder = outbox_dir / PENDING
    return sorted(p.stem for p in folder.glob("*.json")) if folder.is_dir() else []


def sent_ids(outbox_dir: Path) -> list[str]:
    folder = outbox_dir / SENT
    return sorted(p.stem for p in folder.glob("*.json")) if folder.is_dir() else []


def read_message(outbox_dir: Path, folder: str, key: str) -> OutboxMessage:
    return _read(_path(outbox_dir, folder, key))


def _send(
    message: OutboxMessage, smtp: SmtpSettings, now: datetime, env: Mapping[str, str]
) -> None:
    if message.channel == "email":
        mail = email_message(
            message_id=message.id,
            sender=smtp.sender,
            to=message.recipient,
            subject=message.subject,
            text=message.text,
            html=message.html,
            now=now,
        )
        send_email(mail, smtp, env)
    else:
        send_apprise(message.recipient, title=message.subject, body=message.markdown, env=env)


def _settle_claims(outbox_dir: Path) -> list[str]:
    """Tidy claims left by an earlier run; return the ones whose outcome is unknown."""
    folder = outbox_dir / SENDING
    uncertain = []
    for claim in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        decided = any(_path(outbox_dir, f, claim.stem).exists() for f in (SENT, PENDING))
        if decided:
            claim.unlink(missing_ok=True)
        else:
            uncertain.append(claim.stem)
    return uncertain


def _path(outbox_dir: Path, folder: str, key: str) -> Path:
    return outbox_dir / folder / f"{key}.json"


def _write(path: Path, message: OutboxMessage) -> None:
    """Write-then-rename: a reader (or a crash) never sees half a message."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    with tmp.open("w", encoding="utf-8") as handle:
        handle.write(message.model_dump_json(indent=2))
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


def _read(path: Path) -> OutboxMessage:
    try:
        return OutboxMessage.model_validate_json(path.read_text(encoding="utf-8"))
    except (OSError, ValidationError) as exc:
        raise DeliveryError(
            f"{path} is not a readable outbox message ({exc}); move it out of the outbox"
        ) from exc
