"""Acronym definitions in running text: "metal-organic framework (MOF)" → MOF = that framework.

The matching follows Schwartz & Hearst (2003), "A simple algorithm for identifying abbreviation
definitions in biomedical text", Pacific Symposium on Biocomputing 8:451-462: a short form in
parentheses right after a phrase; the long form is the shortest run of words before it, at most
min(|A| + 5, 2·|A|) words, in which the short form's letters occur in order, the first one at
the start of a word. It needs no dictionary and finds definitions in patents, papers and news
alike; a definition links every later bare use of the acronym in the document to its long form.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span

_MAX_SHORT_CHARS = 10


@dataclass(frozen=True)
class Definition:
    """``short`` (as written, plural ``s`` dropped) defined by the token span ``long``."""

    short: str
    long: Span


def find_definitions(doc: Doc) -> list[Definition]:
    """Every "long form (SF)" definition in ``doc``, in order."""
    found: list[Definition] = []
    for token in doc:
        if token.text != "(" or token.i == 0:
            continue
        close = _closing(doc, token.i)
        if close is None:
            continue
        short = "".join(t.text_with_ws for t in doc[token.i + 1 : close]).strip()
        short = short.rstrip(";,")
        if not _looks_like_short_form(short):
            continue
        bare = short[:-1] if short.endswith("s") and short[:-1].isupper() else short
        long = _long_form(doc, token.i, bare)
        if long is not None:
            found.append(Definition(short=bare, long=long))
    return found


def _closing(doc: Doc, open_index: int) -> int | None:
    for offset in (2, 3, 4):
        index = open_index + offset
        if index < len(doc) and doc[index].text == ")":
            return index
    return None


def _looks_like_short_form(text: str) -> bool:
    if not 2 <= len(text) <= _MAX_SHORT_CHARS or len(text.split()) > 2:
        return False
    if not text[0].isalnum() or not any(ch.isalpha() for ch in text):
        return False
    return any(ch.isupper() for ch in text)


def _long_form(doc: Doc, open_index: int, short: str) -> Span | None:
    letters = [ch.lower() for ch in short if ch.isalnum()]
    max_words = min(len(letters) + 5, 2 * len(letters))
    start_limit = open_index
    words = 0
    while start_limit > 0 and words < max_words:
        previous = doc[start_limit - 1]
        if previous.is_sent_start and start_limit - 1 != 0 and words > 0:
            break
        if previous.text in {")", "(", ";", ":", ".", ","} and words > 0:
            break
        start_limit -= 1
        if not previous.is_punct:
            words += 1
    candidate = doc[start_limit:open_index]
    text = candidate.text.lower()
    start = _match_backwards(text, letters)
    if start is None:
        return None
    char_start = candidate.start_char + start
    span = doc.char_span(char_start, candidate.end_char, alignment_mode="expand")
    if span is None or len(span) == 0 or span.text.lower() == short.lower():
        return None
    return span


def _match_backwards(text: str, letters: list[str]) -> int | None:
    """Schwartz-Hearst: the start of the long form in ``text``, or None when there is none."""
    s_index = len(letters) - 1
    l_index = len(text) - 1
    while s_index >= 0:
        char = letters[s_index]
        while l_index >= 0 and (
            text[l_index] != char or (s_index == 0 and l_index > 0 and text[l_index - 1].isalnum())
        ):
            l_index -= 1
        if l_index < 0:
            return None
        l_index -= 1
        s_index -= 1
    start = text.rfind(" ", 0, l_index + 1) + 1
    return start
