"""``horizon terms``: the technology terms of a text, or the corpus's top terms.

horizon terms "solid-state electrolytes for lithium-ion batteries"   # one term per line
horizon terms --json "…"        # [{"term": …, "count": …, "span": [start, end]}, …]
horizon terms - < abstract.txt  # read the text from standard input
horizon terms --top 50 [--period 2026-W47]   # by C-value and by growth, from the warehouse
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kernel.errors import HorizonError
from kernel.paths import DEFAULT_DB
from pipelines.commands.options import ConfigOpt, DbOpt

if TYPE_CHECKING:
    from extractors.terms import TermHit


def terms_command(
    text: Annotated[str | None, typer.Argument(help='the text ("-" reads standard input)')] = None,
    json_: Annotated[
        bool, typer.Option("--json", help="print JSON instead of one term per line")
    ] = False,
    top: Annotated[
        int | None, typer.Option("--top", help="list the corpus's N top terms instead")
    ] = None,
    period: Annotated[
        str | None, typer.Option("--period", help="with --top: week, e.g. 2026-W47")
    ] = None,
    db: DbOpt = DEFAULT_DB,
    config: ConfigOpt = None,
) -> None:
    """Technology terms of a text, or (with --top) the corpus's top terms."""
    if top is not None:
        if top < 1:
            raise HorizonError("--top needs a positive number of terms, e.g. --top 50")
        _print_top(db, top, period, as_json=json_)
        return
    if text is None:
        raise HorizonError('give a text (horizon terms "some text"), "-" for stdin, or --top N')
    if text == "-":
        text = sys.stdin.read()
    hits = _extract(text, config)
    if json_:
        payload = [
            {"term": hit.term, "count": hit.count, "span": list(hit.spans[0])} for hit in hits
        ]
        typer.echo(json.dumps(payload, ensure_ascii=False))
        return
    for hit in hits:
        typer.echo(hit.term)


def _extract(text: str, config: Path | None) -> list[TermHit]:
    from extractors.terms import extract_terms, load_term_pipeline
    from pipelines.config import load_settings

    settings = load_settings(config).terms
    nlp = load_term_pipeline(
        settings.model,
        stoplist_extra=settings.stoplist_extra,
        vocabulary_extra=settings.vocabulary_extra,
    )
    return extract_terms([as_title_if_headline(text)], nlp, n_process=1)[0]


def as_title_if_headline(text: str) -> str:
    """A single short line (a headline, a patent title) read as a title: Title Case truecased,
    as :func:`extractors.terms.normalize.document_text` does for a document's title."""
    from extractors.terms.normalize import document_text

    line = text.strip()
    if "\n" in line or len(line) > HEADLINE_CHARS:
        return text
    return document_text(line, None)


HEADLINE_CHARS = 200


def _print_top(db: Path, limit: int, period: str | None, *, as_json: bool) -> None:
    from warehouse.connection import open_warehouse
    from warehouse.terms import latest_period, term_growth, top_terms

    with open_warehouse(db, read_only=True) as wh:
        by_cvalue = top_terms(wh.con, limit=limit, period=period)
        now = period or latest_period(wh.con)
        before, growing = term_growth(wh.con, period=now, limit=limit) if now else (None, [])
    if as_json:
        payload = {
            "by_cvalue": [
                {"term": t.term, "cvalue": t.cvalue, "df": t.df, "first_seen": t.first_seen}
                for t in by_cvalue
            ],
            "by_growth": {
                "period": now,
                "previous": before,
                "terms": [
                    {"term": g.term, "df": g.df_now, "df_previous": g.df_before, "growth": g.growth}
                    for g in growing
                ],
            },
        }
        typer.echo(json.dumps(payload, ensure_ascii=False))
        return
    scope = f" used in {period}" if period else ""
    typer.echo(f"Top terms by C-value{scope} (term, C-value, documents, first seen):")
    for t in by_cvalue:
        cvalue = f"{t.cvalue:.1f}" if t.cvalue is not None else "-"
        typer.echo(f"  {t.term}\t{cvalue}\t{t.df}\t{t.first_seen or '-'}")
    if not now:
        return
    typer.echo(f"Top terms by growth, {before or 'start'} → {now} (term, documents then → now):")
    for g in growing:
        typer.echo(f"  {g.term}\t{g.df_before} → {g.df_now}\t×{g.growth:.1f}")
