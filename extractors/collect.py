"""Collect one source into data the flow can log and store: documents, attempts, problems.

Each configured source is collected by its own (Prefect) task, so nothing here may raise for a
problem with the source: a failure is a :class:`SourceResult` with status ``failed`` and a
message an operator can act on, and the other sources carry on.

A failed source returns no documents, even those its adapter yielded before failing, and keeps
its old conditional-GET state. A paged source that broke half-way would otherwise be recorded as
if it were complete; since storing is idempotent, the next run simply fetches the whole window
again and loses nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from extractors.adapters import get_adapter
from extractors.base import RawDocument, SourceConfig
from extractors.fetch import FetchAttempt, FetchSettings, FetchState, HttpSourceContext
from kernel.errors import ConfigError, HorizonError, ParseError
from kernel.periods import week_monday

WEEK_PLACEHOLDERS = ("{week}", "{week_start}", "{week_end}")
# where an API takes the operator's contact address: OpenAlex's and Crossref's polite pools,
# and NCBI, which asks E-utilities users for one
CONTACT_OPTION = {"openalex": "mailto", "crossref": "mailto", "pubmed": "email"}


@dataclass
class SourceResult:
    """The outcome of one source: ``ok``, ``not_modified``, ``partial`` or ``failed``.

    ``partial`` means documents came back but some items were rejected or the response had
    problems (listed in ``rejected`` / ``warnings``).
    """

    source_id: str
    status: str
    documents: list[RawDocument]
    attempts: list[FetchAttempt]
    rejected: list[str]
    warnings: list[str]
    error: str | None
    new_state: FetchState


def collect_source(
    source: SourceConfig,
    *,
    since: date | None,
    settings: FetchSettings,
    state: FetchState | None = None,
    week: str | None = None,
) -> SourceResult:
    """Run the source's adapter to the end and report what happened; never raises for the source.

    ``week`` (``2025-W07``) fills ``{week}``, ``{week_start}`` and ``{week_end}`` in the url.
    """
    context = HttpSourceContext(source, settings, state=state)
    with context:
        try:
            resolved = source.model_copy(
                update={"url": expand_week(source.url, week), **_contact(source, settings)}
            )
            adapter = get_adapter(source.adapter)
            documents = list(adapter.collect(resolved, context, since=since))
        except HorizonError as exc:
            return _failed(
                source, context, state, str(exc), parse_error=isinstance(exc, ParseError)
            )
        except Exception as exc:
            message = (
                f"adapter {source.adapter!r} crashed on source {source.id!r}: "
                f"{type(exc).__name__}: {exc}; this is a bug in Horizon, please report it"
            )
            return _failed(source, context, state, message, parse_error=False)
    not_modified = any(a.status == "not_modified" for a in context.attempts)
    if not documents and not_modified:
        status = "not_modified"
    elif context.rejected or context.warnings:
        status = "partial"
    else:
        status = "ok"
    return SourceResult(
        source_id=source.id,
        status=status,
        documents=documents,
        attempts=context.attempts,
        rejected=context.rejected,
        warnings=context.warnings,
        error=None,
        new_state=context.new_state,
    )


def _contact(source: SourceConfig, settings: FetchSettings) -> dict[str, str]:
    """The configured ``fetch.contact`` as the adapter's contact option, unless the source
    sets its own."""
    option = CONTACT_OPTION.get(source.adapter)
    if option is None or not settings.contact or source.option(option):
        return {}
    return {option: settings.contact}


def expand_week(url: str, week: str | None) -> str:
    """``url`` with the week placeholders filled in; ConfigError if it needs a week and has none."""
    if not any(placeholder in url for placeholder in WEEK_PLACEHOLDERS):
        return url
    if week is None:
        raise ConfigError(f"the url {url} contains a week placeholder but no week was given")
    monday = week_monday(week)
    if monday is None:
        raise ConfigError(f"{week!r} is not an ISO week; write it like 2025-W07")
    return (
        url.replace("{week}", week)
        .replace("{week_start}", monday.isoformat())
        .replace("{week_end}", (monday + timedelta(days=6)).isoformat())
    )


def _failed(
    source: SourceConfig,
    context: HttpSourceContext,
    state: FetchState | None,
    message: str,
    *,
    parse_error: bool,
) -> SourceResult:
    """A failed result; an unparseable body marks the attempt that fetched it as ``parse_error``."""
    if parse_error and context.attempts and context.attempts[-1].status == "ok":
        context.attempts[-1].status = "parse_error"
        context.attempts[-1].error = context.scrub(message)
    return SourceResult(
        source_id=source.id,
        status="failed",
        documents=[],
        attempts=context.attempts,
        rejected=context.rejected,
        warnings=context.warnings,
        error=context.scrub(message),
        new_state=state or FetchState(),
    )
