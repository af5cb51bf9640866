"""What the paged API adapters (Crossref, OpenAlex, arXiv, PubMed) share: the parsed page and
how authors and their organisations are read.

A page keeps the items that became documents apart from the reasons the others could not, so
that ``collect`` can report every rejected item to the run and still yield the rest.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from extractors.base import RawDocument


@dataclass
class ParsedPage:
    """The documents of one response and the reasons its other items were not documents."""

    documents: list[RawDocument] = field(default_factory=list)
    rejections: list[str] = field(default_factory=list)

    def add(self, parsed: RawDocument | str) -> None:
        """Keep a parsed item: a document, or the reason it could not be one."""
        if isinstance(parsed, RawDocument):
            self.documents.append(parsed)
        else:
            self.rejections.append(parsed)


def person_name(given: str, family: str, whole: str) -> str:
    """ "Given Family" where the record has either part, else the name it gives whole (a
    consortium, or a source that does not split names)."""
    return " ".join(part for part in (given, family) if part) or whole


def authors_and_orgs(people: Iterable[tuple[str, Iterable[str]]]) -> tuple[list[str], list[str]]:
    """From (name, affiliations) per author: the names in order, and the organisations each
    once, in the order first named; empty names and organisations are left out."""
    authors: list[str] = []
    orgs: list[str] = []
    for name, affiliations in people:
        if name:
            authors.append(name)
        for org in affiliations:
            if org and org not in orgs:
                orgs.append(org)
    return authors, orgs
