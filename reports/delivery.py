"""Sending one message: e-mail over SMTP (stdlib ``smtplib``) or a chat/webhook URL (apprise).

Transports raise :class:`DeliveryError` for every failure they can explain (server down,
refusing, timing out, TLS missing, credentials missing) so that the outbox keeps the message and
retries it next run. Secrets never sit in configuration or in the outbox: the SMTP settings name
the *environment variables* that hold the user and password, and an apprise recipient may be
written ``env:VARIABLE`` so that a webhook URL with its token is read from the environment at
send time. Error messages name the server, never a credential.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from collections.abc import Mapping
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

import apprise
from pydantic import BaseModel, ConfigDict, Field

from kernel.errors import ConfigError, DeliveryError
from warehouse.secrets import expand_env

RETRY_HINT = "it stays in the outbox and is retried next run"


class SmtpSettings(BaseModel):
    """How to reach the mail relay. ``starttls`` upgrades a plain connection (port 587) and
    refuses to go on without TLS; ``implicit_tls`` is for port 465. ``ca_file`` trusts a
    relay whose certificate comes from a company CA."""

    model_config = ConfigDict(extra="forbid")

    host: str = "localhost"
    port: int = Field(default=587, ge=1, le=65535)
    starttls: bool = True
    implicit_tls: bool = False
    sender: str = "horizon@localhost"
    username_env: str | None = "HORIZON_SMTP_USER"
    password_env: str | None = "HORIZON_SMTP_PASSWORD"
    timeout: float = Field(default=30.0, gt=0)
    ca_file: Path | None = None

    @property
    def where(self) -> str:
        return f"SMTP server {self.host}:{self.port}"


def send_email(message: EmailMessage, settings: SmtpSettings, env: Mapping[str, str]) -> None:
    """Hand ``message`` to the relay; once the relay accepted it, later errors are ignored.

    Raises DeliveryError when the relay was not reached, refused or did not answer in time.
    """
    user, password = _credentials(settings, env)
    context = ssl.create_default_context(cafile=str(settings.ca_file) if settings.ca_file else None)
    where = settings.where
    try:
        if settings.implicit_tls:
            client: smtplib.SMTP = smtplib.SMTP_SSL(
                settings.host, settings.port, timeout=settings.timeout, context=context
            )
        else:
            client = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
    except (OSError, smtplib.SMTPException) as exc:
        raise DeliveryError(f"{where} cannot be reached ({_reason(exc)}); {RETRY_HINT}") from exc
    try:
        try:
            client.ehlo()
            if settings.starttls and not settings.implicit_tls:
                client.starttls(context=context)
                client.ehlo()
            if user:
                client.login(user, password or "")
            client.send_message(message)
        except smtplib.SMTPNotSupportedError as exc:
            raise DeliveryError(
                f"{where} does not offer STARTTLS; nothing was sent in the clear. Set "
                f"smtp.starttls = false only for a relay on a trusted network; {RETRY_HINT}"
            ) from exc
        except smtplib.SMTPAuthenticationError as exc:
            raise DeliveryError(
                f"{where} rejected the login ({_reason(exc)}); check the variables "
                f"{settings.username_env} and {settings.password_env}; {RETRY_HINT}"
            ) from exc
        except smtplib.SMTPResponseException as exc:
            raise DeliveryError(
                f"{where} refused the message ({_reason(exc)}); {RETRY_HINT}"
            ) from exc
        except smtplib.SMTPRecipientsRefused as exc:
            codes = "; ".join(f"{rcpt}: {_reason(err)}" for rcpt, err in exc.recipients.items())
            raise DeliveryError(f"{where} refused the recipient ({codes}); {RETRY_HINT}") from exc
        except (OSError, smtplib.SMTPException) as exc:
            raise DeliveryError(f"{where} failed ({_reason(exc)}); {RETRY_HINT}") from exc
    finally:
        _quit(client)


def _quit(client: smtplib.SMTP) -> None:
    """Say goodbye politely; the message's fate was decided before, so errors don't matter."""
    try:
        client.quit()
    except (OSError, smtplib.SMTPException):
        client.close()


def _credentials(settings: SmtpSettings, env: Mapping[str, str]) -> tuple[str, str | None]:
    user = env.get(settings.username_env, "") if settings.username_env else ""
    if not user:
        return "", None
    password = env.get(settings.password_env) if settings.password_env else None
    if not password:
        raise DeliveryError(
            f"{settings.username_env} is set but {settings.password_env or 'no password variable'} "
            f"is not; set it in the environment of the run; {RETRY_HINT}"
        )
    return user, password


def _reason(exc: object) -> str:
    """``550 mailbox unavailable`` for an SMTP reply (exception or refusal tuple), else the text."""
    if isinstance(exc, smtplib.SMTPResponseException):
        exc = (exc.smtp_code, exc.smtp_error)
    if isinstance(exc, tuple) and len(exc) == 2:
        code, text = exc
        text = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
        return f"{code} {text}".strip()
    if isinstance(exc, TimeoutError) or (
        isinstance(exc, smtplib.SMTPServerDisconnected) and "timed out" in str(exc)
    ):
        return "timed out: no answer in time"
    return str(exc) or type(exc).__name__


def email_message(
    *, message_id: str, sender: str, to: str, subject: str, text: str, html: str, now: datetime
) -> EmailMessage:
    """A text + HTML e-mail whose Message-ID is the outbox id, so receivers can spot a repeat."""
    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = to
    mail["Subject"] = subject
    mail["Date"] = format_datetime(now)
    domain = sender.rpartition("@")[2] or "localhost"
    mail["Message-ID"] = f"<{message_id}@{domain}>"
    # RFC 3834: a machine wrote this; out-of-office robots should not answer it.
    mail["Auto-Submitted"] = "auto-generated"
    mail.set_content(text)
    mail.add_alternative(html, subtype="html")
    return mail


def resolve_apprise_url(recipient: str, env: Mapping[str, str]) -> str:
    """The URL behind ``env:VARIABLE``, or the recipient itself when written out; the same
    resolver as for source URLs (:func:`warehouse.secrets.expand_env`)."""
    try:
        return expand_env(recipient, env, what=f"apprise URL of recipient {recipient}")
    except ConfigError as exc:
        raise DeliveryError(f"{exc}; {RETRY_HINT}") from None


def send_apprise(recipient: str, *, title: str, body: str, env: Mapping[str, str]) -> None:
    """Post a Markdown message to one apprise URL (Teams, Slack, Matrix, a JSON webhook, …)."""
    url = resolve_apprise_url(recipient, env)
    notifier = apprise.Apprise()
    if not notifier.add(url):
        raise DeliveryError(
            f"recipient {recipient} is not a URL apprise understands; fix it in the region's "
            "alerts.recipients"
        )
    with apprise.LogCapture(level=logging.WARNING) as log:
        ok = notifier.notify(body=body, title=title, body_format=apprise.NotifyFormat.MARKDOWN)
    if not ok:
        lines = [line for line in log.getvalue().splitlines() if line.strip()]
        reason = lines[-1].split(" - ", 2)[-1] if lines else "no reason given"
        raise DeliveryError(f"apprise could not notify {recipient} ({reason}); {RETRY_HINT}")
