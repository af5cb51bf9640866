"""Telling the operators that a weekly run failed or left sources out.

A notice travels like a regional alert: written to the outbox first, then sent by e-mail or
apprise, retried by later runs while the send fails, never sent twice. Its id carries the run's
attempt, so each failed attempt is told once, and a run that dies while telling does not tell
twice. Recipients take the same three forms as ``alerts.recipients`` in ``regions.toml``.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator

from kernel.errors import ConfigError
from reports.delivery import SmtpSettings
from reports.outbox import (
    DeliveryReport,
    OutboxMessage,
    channel_of,
    deliver_pending,
    enqueue,
    message_id,
)
from reports.sanitize import header_text, markdown_text, plain_text

OPERATORS = "operators"  # the outbox's region field for a notice: it belongs to no region
_MESSAGE_LIMIT = 1000


class OperatorSettings(BaseModel):
    """``[operators]`` in ``horizon.toml``: who hears of a failed or partial run."""

    model_config = ConfigDict(extra="forbid")

    recipients: list[str] = Field(default_factory=list)

    @field_validator("recipients")
    @classmethod
    def _known_forms(cls, value: list[str]) -> list[str]:
        for recipient in value:
            try:
                channel_of(recipient)
            except ConfigError:
                raise ValueError(
                    f"recipient {recipient!r} is neither an e-mail address nor an apprise URL "
                    "(scheme://…) nor env:VARIABLE"
                ) from None
        return value


@dataclass(frozen=True)
class RunNotice:
    """What the operators need to know about one attempt of a weekly run."""

    week: str
    run_id: str
    status: str  # "failed" or "partial"
    attempt: int
    message: str
    report: Path | None = None

    @property
    def subject(self) -> str:
        what = "failed" if self.status == "failed" else "is partial: sources failed"
        return header_text(f"Horizon: weekly run {self.week} {what}")

    @property
    def next_step(self) -> str:
        if self.status == "failed":
            return (
                f"Fix the cause, then `horizon run --week {self.week}` resumes at the stage "
                "that failed."
            )
        return (
            f"The report leaves those sources out. Once they answer again, "
            f"`horizon run --week {self.week}` collects them and redoes the week."
        )

    def lines(self) -> list[tuple[str, str]]:
        """(label, plain text) pairs, the same in every format."""
        rows = [
            ("Run", f"{self.run_id} (attempt {self.attempt})"),
            ("Status", self.status),
            ("Reason", plain_text(self.message, _MESSAGE_LIMIT)),
        ]
        if self.report is not None:
            rows.append(("Report", str(self.report)))
        rows.append(("Next", self.next_step))
        return rows

    def text(self) -> str:
        return "\n".join(f"{label}: {value}" for label, value in self.lines()) + "\n"

    def markdown(self) -> str:
        return "\n".join(f"**{label}:** {markdown_text(value)}  " for label, value in self.lines())

    def html(self) -> str:
        rows = "".join(
            f"<tr><th align='left'>{html.escape(label)}</th><td>{html.escape(value)}</td></tr>"
            for label, value in self.lines()
        )
        return f"<!doctype html><html><body><table>{rows}</table></body></html>"


def notice_messages(
    notice: RunNotice, recipients: Sequence[str], *, now: datetime
) -> list[OutboxMessage]:
    """One outbox message per recipient, with an id unique to the run's attempt and status."""
    subject, text, markdown, page = notice.subject, notice.text(), notice.markdown(), notice.html()
    messages = []
    for recipient in dict.fromkeys(recipients):
        channel = channel_of(recipient)
        key = f"{OPERATORS}-{notice.status}-attempt{notice.attempt}"
        messages.append(
            OutboxMessage(
                id=message_id(notice.week, key, channel, recipient),
                week=notice.week,
                region_id=OPERATORS,
                channel=channel,
                recipient=recipient,
                subject=subject,
                text=text,
                html=page,
                markdown=markdown,
                created_at=now,
            )
        )
    return messages


def notify_operators(
    outbox_dir: Path,
    notice: RunNotice,
    recipients: Sequence[str],
    *,
    smtp: SmtpSettings,
    now: datetime,
    env: Mapping[str, str] | None = None,
) -> DeliveryReport:
    """Queue the notice for every recipient and send it. Only the notice is tried: the
    regional alerts still pending were tried by the report stage of this run, and trying them
    again would double the wait on a relay that is down."""
    messages = notice_messages(notice, recipients, now=now)
    enqueue(outbox_dir, messages)
    return deliver_pending(
        outbox_dir, smtp=smtp, now=now, env=env, only={message.id for message in messages}
    )
