"""Candidate technology terms of one parsed document, trimmed, spelled and filtered.

Where candidates come from, in this order (a token belongs to the first candidate that takes it):

1. acronym definitions: the long form of "graph neural network (GNN)" is a term, and every bare
   "GNN" later in the document counts for it;
2. noun chunks from the dependency parse — the usual shape of a term ("a novel lithium-ion
   battery with …" gives "lithium-ion battery");
3. part-of-speech runs (ADJ/NOUN/PROPN, participles and hyphen groups, ending in a noun) in
   the stretches where the parse made no chunk;
4. the vocabulary (a PhraseMatcher list), for names the parse or the filters would lose.

A candidate is split where a word cannot belong to a term (a conjunction, a possessive, a comma,
"based", "comprising", a role or an undertaking: "effort"), where a headline's verb was tagged as
a plural noun ("Facebook scraps plans"), after a plural acronym ("DVDs") and before a lower-case
adjective that follows a name ("Tesla electric cars"); it loses leading determiners, numbers,
places ("US-Canada") and generic modifiers, and is dropped when it is on the stoplist, is a
generic word or generic words with a generic modifier ("first input"), is a generic head with
only adjectives or an everyday grade before it ("normal operation", "high-performance
version"), names an organisation, person or place (by the entity recogniser, by its
shape: "Elon Musk", or by its place: "IBM executive", "Cramer says", "company OjO"), or is a
single word or a pair of generic nouns that is not specific enough
(:mod:`extractors.terms.singles`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab

from extractors.terms.acronyms import find_definitions
from extractors.terms.found import Found
from extractors.terms.normalize import (
    is_acronym,
    join_words,
    singular,
    spell_word,
    term_key,
    word_set,
)
from extractors.terms.singles import VERY_COMMON_RANK, resolve_single_words
from extractors.terms.stoplist import Lexicon

_CONTENT_POS = frozenset({"NOUN", "PROPN", "ADJ"})
_HEAD_POS = frozenset({"NOUN", "PROPN"})
_NOISE_POS = word_set("DET PRON NUM ADP CCONJ SCONJ PART PUNCT SYM AUX ADV INTJ SPACE")
_JOINERS = frozenset({"-", "/"})
# What can start the object or complement of a verb ("controlling [the motor]", "extending
# [from] the axis").
_OBJECT_POS = frozenset({"DET", "NOUN", "PROPN", "ADJ", "NUM", "PRON", "ADP"})
# Words that end a term even when tagged as nouns or adjectives ("a neural network based
# processor", "apparatus comprising"); inside a hyphen group ("vision-based") they are kept.
_BREAK_WORDS = word_set(
    "based using comprising comprises comprised including includes consisting consists "
    "containing contains having wherein whereby comprise consist contain"
)
# People's roles and kinds of business end a term too, and are dropped: in news they follow
# the technology they qualify ("self-driving tech supplier Mobileye CEO", "electric scooter
# company OjO", "IBM executive", "the Scotch Tape maker").
_PERSON_ROLES = word_set(
    "ceo ceos cfo cto chief chiefs executive executives boss bosses founder founders "
    "shareholder shareholders investor investors analyst analysts spokesman spokeswoman "
    "ambassador ambassadors minister ministers president presidents engineer engineers "
    "programmer programmers researcher researchers scientist scientists"
)
# Verbs of saying whose proper-noun subject is a person or organisation ("Cramer says").
_SPEECH_VERBS = word_set("say tell think warn urge announce argue insist")
_BUSINESS_WORDS = word_set(
    "company companies firm firms maker makers supplier suppliers manufacturer manufacturers "
    "retailer retailers vendor vendors"
)
# What an organisation undertakes about a technology, not the technology: they end a term like
# a role ("Google's internal code quality efforts", "the bank's AI initiative").
_UNDERTAKINGS = word_set("effort efforts initiative initiatives campaign campaigns")
_ROLE_WORDS = _PERSON_ROLES | _BUSINESS_WORDS | _UNDERTAKINGS
# Surname prefixes written with an inner capital ("McDonald", "DeVos"): a person tagged so is
# a person, although the word has the shape of a product name ("AdWords", "PayPal").
_SURNAME_PREFIX = re.compile(r"^(Mc|Mac|De|Di|Da|Du|Le|La|Van|Von|O')[A-Z]")
# A text this short (a headline, a patent title) uses each word once: a single-word term is
# kept at its first use unless it is a very common word (see :mod:`extractors.terms.singles`).
SHORT_TEXT_TOKENS = 30
_NOT_TERM_ENTS = word_set("PERSON GPE NORP LOC DATE TIME MONEY PERCENT QUANTITY ORDINAL CARDINAL")
_PLACE_OR_PERSON = frozenset({"PERSON", "GPE", "LOC", "NORP"})
_PLACES = frozenset({"GPE", "LOC", "NORP"})
_NAME_ENTS = frozenset({"ORG", "FAC", "EVENT", "LAW", "WORK_OF_ART", "PERSON", "GPE"})
# Legal forms of companies (written without their final dot): a term holding one is a company
# name ("Odra Green Steel a.s.", "Fredericia Rotor Systems A/S"), whatever the tagger thought.
# Only forms that are never a technical word: "AG" (silver), "AB" (ab initio), "SA" are left out.
_LEGAL_FORMS = word_set(
    "gmbh s.r.o a.s kft zrt nyrt aps a/s oy oyj ltd inc llc plc corp s.p.a srl s.r.l "
    "n.v b.v bvba sarl s.a.s sp.z.o.o"
)
_BAD_CHARS = re.compile(r"[=<>@#$%^*{}\[\]()|\\~`\"“”‘’;:!?,°±+§]|https?|www\.")
_ADJECTIVE_ENDINGS = tuple(
    word_set("al ic ive ous ful less able ible ary ory ed ing ly ar ant ent ish like wise free")
)
# Endings of words that are adjectives and never nouns ("groundless", "dangerous", "useful").
_ADJECTIVE_ONLY_ENDINGS = ("less", "ous", "ful")
MAX_WORDS = 6
# A catalogue identifier: capitals, then numbers joined by hyphens ("CVE-2023-6246", "ISO-9001").
# It names one artefact (a vulnerability, a standard), never an organisation or a person.
_IDENTIFIER = re.compile(r"^[A-Z]{2,}(?:-\d+)+$")
RARE_RANK = 20_000


def vocabulary_matcher(
    vocab: Vocab, make_doc: Callable[[str], Doc], names: tuple[str, ...]
) -> PhraseMatcher:
    matcher = PhraseMatcher(vocab, attr="LOWER")
    matcher.add("VOCAB", [make_doc(name) for name in names])
    return matcher


def extract(doc: Doc, lexicon: Lexicon, vocabulary: PhraseMatcher) -> list[Found]:
    """The technology terms of ``doc``, most frequent first."""
    use_ents = doc.has_annotation("ENT_IOB")
    found: dict[str, Found] = {}
    taken = [False] * len(doc)
    short_forms: dict[str, str] = {}

    def take(span: Span, term: str, *, named: bool) -> Found:
        for i in range(span.start, span.end):
            taken[i] = True
        hit = found.setdefault(term, Found(term))
        hit.count += 1
        hit.spans.append((span.start_char, span.end_char))
        hit.named = hit.named or named or term_key(term) in lexicon.vocabulary_keys
        hit.generic = lexicon.all_generic(term_key(term).split())
        return hit

    for definition in find_definitions(doc):
        term = _spell(definition.long, lexicon, use_ents, defined=True)
        if term is None or any(taken[i] for i in range(definition.long.start, definition.long.end)):
            continue
        short_forms[definition.short.lower()] = term
        take(definition.long, term, named=True).acronym = definition.short
        close = definition.long.end
        while close < len(doc) and close <= definition.long.end + 4:
            taken[close] = True
            if doc[close].text == ")":
                break
            close += 1

    vocabulary_spans = [Span(doc, start, end) for _, start, end in vocabulary(doc)]
    protected = {span.start for span in vocabulary_spans}
    employers = _employers(doc)
    for span in _candidate_spans(doc, lexicon):
        for piece in _pieces(span):
            if any(taken[i] for i in range(piece.start, piece.end)):
                continue
            term = _spell(piece, lexicon, use_ents, defined=False, protected=protected)
            if term is None:
                continue
            alias = short_forms.get(term.lower()) or short_forms.get(singular(term).lower())
            if alias is None and term_key(term) in employers:
                continue
            if alias is None and not _name_ok(term, piece, lexicon, use_ents):
                continue
            take(piece, alias or term, named=alias is not None)

    for span in vocabulary_spans:
        if not any(taken[i] for i in range(span.start, span.end)):
            term = _spell(span, lexicon, use_ents, defined=True)
            if term is not None:
                take(span, term, named=True)

    resolve_single_words(found, lexicon, short=len(doc) <= SHORT_TEXT_TOKENS)
    return sorted(found.values(), key=lambda hit: (-hit.count, hit.spans[0][0]))


def _entity(token: Token) -> str:
    """The entity label of ``token``, except PERSON on a word shaped like a product name.

    The small model tags unknown capitalised words in a headline as people ("AdWords", "DFP",
    "API" in "AdWords API alerting"); a person's name is not written in capitals, nor with an
    inner capital (but for a surname prefix: "McDonald") before a noun.
    """
    label = token.ent_type_
    if label in _PLACE_OR_PERSON and is_acronym(token.text) and _has_digit(token.text):
        return ""  # "COVID-19", "GPT-4": no person or place is named with a number
    if label != "PERSON":
        return label
    if not is_acronym(token.text) or _SURNAME_PREFIX.match(token.text):
        return "" if _lone_name_before_noun(token) else label
    if token.text.isupper() or _modifies_a_noun(token):
        return ""
    return label


def _lone_name_before_noun(token: Token) -> bool:
    """A one-word "person" in a compound before a lower-case common noun: "Golang bug", "Java
    framework". A person is named by first and last name, and the small model's lone PERSON
    before a noun is a product or an eponym ("Kalman filter") that it has not seen."""
    doc = token.doc
    if token.i + 1 >= len(doc) or token.dep_ != "compound":
        return False
    following = doc[token.i + 1]
    alone = following.ent_type_ != "PERSON" and (
        token.i == 0 or doc[token.i - 1].ent_type_ != "PERSON"
    )
    return alone and following.pos_ == "NOUN" and following.is_lower


def _has_digit(text: str) -> bool:
    return any(ch.isdigit() for ch in text)


def _modifies_a_noun(token: Token) -> bool:
    """Is the next word a common noun or an acronym of the same phrase ("AdWords API")?
    A company named alone ("SpaceX lands Falcon 9") is left to the entity recogniser."""
    if token.i + 1 >= len(token.doc):
        return False
    following = token.doc[token.i + 1]
    return following.pos_ in _HEAD_POS and (following.is_lower or is_acronym(following.text))


def _employers(doc: Doc) -> set[str]:
    """Comparison keys of the names written just before a person's role ("IBM executive",
    "Abbott Labs CEO", "self-driving tech supplier Mobileye CEO") or just after a kind of
    business ("electric scooter company OjO"), and the proper names that say or think something
    ("Cramer says", "Jim Cramer thinks"): people and organisations, in this document, wherever
    they occur ("choose IBM to run their blockchain").
    """
    keys: set[str] = set()
    for token in doc:
        if token.lower_ in _PERSON_ROLES and token.i > 0:
            start = token.i
            while start > 0 and _written_as_name(doc[start - 1]):
                start -= 1
            if start < token.i:
                keys.add(term_key(doc[start : token.i].text))
        elif token.dep_ == "nsubj" and token.head.lemma_ in _SPEECH_VERBS:
            start = token.i + 1
            while start > 0 and _written_as_name(doc[start - 1]):
                start -= 1
            if start <= token.i:
                keys.add(term_key(doc[start : token.i + 1].text))
        elif token.lower_ in _BUSINESS_WORDS:
            end = token.i + 1
            while end < len(doc) and _written_as_name(doc[end]):
                end += 1
            if end > token.i + 1:
                keys.add(term_key(doc[token.i + 1 : end].text))
    return keys


def _written_as_name(token: Token) -> bool:
    """A name written with a capital ("Mobileye", "IBM", "Labs", "OjO"), not a lower-case word
    nor a common noun capitalised only because it starts a sentence."""
    return (
        token.pos_ in _HEAD_POS
        and token.text[:1].isupper()
        and token.text.isalnum()
        and (token.pos_ == "PROPN" or not token.is_sent_start)
    )


def _candidate_spans(doc: Doc, lexicon: Lexicon) -> Iterator[Span]:
    """Noun chunks, then the stretches between them (within a sentence), where the part-of-
    speech pattern of :func:`_pieces` finds what the parse did not chunk."""
    in_chunk = [False] * len(doc)
    for chunk in _chunks(doc, lexicon):
        in_chunk[chunk.start : chunk.end] = [True] * len(chunk)
        yield chunk
    start = None
    for token in doc:
        if start is not None and (in_chunk[token.i] or token.is_sent_start):
            yield doc[start : token.i]
            start = None
        if start is None and not in_chunk[token.i]:
            start = token.i
    if start is not None:
        yield doc[start:]


def _chunks(doc: Doc, lexicon: Lexicon) -> list[Span]:
    """Noun chunks, repaired where the small parser cut a compound short.

    A chunk directly preceded or followed by a noun outside any chunk ("Sulfide [solid
    electrolyte]", "[a proton exchange membrane] electrolyser") is extended over it, and two
    chunks that touch, the second without a determiner ("[a high-efficiency perovskite] [solar
    cell]"), are one compound.
    """
    if not doc.has_annotation("DEP"):
        return []
    chunks: list[list[int]] = []
    for chunk in doc.noun_chunks:
        start, end = chunk.start, chunk.end
        floor = chunks[-1][1] if chunks else 0
        while (
            start > floor
            and not doc[start].is_sent_start
            and (
                doc[start - 1].pos_ in _HEAD_POS
                or _rare_noun(doc[start - 1], lexicon)
                or _verb_as_modifier(doc[start - 1])
            )
        ):
            start -= 1
        while (
            end < len(doc)
            and not doc[end].is_sent_start
            and (
                doc[end].pos_ in _HEAD_POS
                or _rare_noun(doc[end], lexicon)
                or _model_number(doc[end])
                or _gerund_head(doc[end])
                or _gerund_modifier(doc[end])
            )
        ):
            end += 1
        touching = (
            chunks
            and chunks[-1][1] == start
            and doc[start].pos_ not in {"DET", "PRON", "NUM"}
            and not doc[start].is_sent_start
            and doc[start - 1].pos_ in _HEAD_POS
        )
        if touching or (chunks and start < chunks[-1][1]):
            chunks[-1][1] = max(end, chunks[-1][1])
        else:
            chunks.append([start, end])
    return [doc[start:end] for start, end in chunks]


def _groups(span: Span) -> list[list[Token]]:
    """Tokens of ``span`` with hyphen- or slash-joined words ("lithium-ion") kept together."""
    groups: list[list[Token]] = []
    for token in span:
        joined = groups and (
            (token.text in _JOINERS and not groups[-1][-1].whitespace_)
            or (groups[-1][-1].text in _JOINERS and not groups[-1][-1].whitespace_)
        )
        if joined:
            groups[-1].append(token)
        else:
            groups.append([token])
    return groups


def _group_ok(group: list[Token]) -> bool:
    """Can this word (or hyphen group) be part of a term?"""
    if group[-1].text in _JOINERS or (
        len(group) == 1 and (group[0].lower_ in _BREAK_WORDS or group[0].lower_ in _ROLE_WORDS)
    ):
        return False
    if len(group) > 1:
        return not any(t.is_punct and t.text not in _JOINERS for t in group)
    token = group[0]
    if _verb_read_as_plural(token):
        return False
    if token.pos_ in _CONTENT_POS:
        return token.pos_ != "ADJ" or not token.is_stop
    if token.pos_ == "VERB" and token.tag_ in {"VBN", "VBG"}:
        return not _takes_object(token)
    if _verb_as_modifier(token):
        return True
    return is_acronym(token.text) or _model_number(token)


def _verb_read_as_plural(token: Token) -> bool:
    """A headline's verb the tagger read as a plural noun: "scraps" in "Facebook scraps plans
    to build drone", "outpaces" in "growth outpaces Netflix".

    Headlines drop articles, so a subject, its verb in -s and the object can look like one
    compound. A plural noun after a noun cannot be followed by a verb in -s (a plural subject
    takes "plan", not "plans") nor directly by a name or a determiner (no preposition between
    two noun phrases): the -s word is the verb. Only in a short text: running prose has its
    articles, and its slips of agreement ("one of the layers contains") are not verbs.
    """
    doc = token.doc
    if len(doc) > SHORT_TEXT_TOKENS or token.tag_ != "NNS" or not token.is_lower:
        return False
    if not 0 < token.i < len(doc) - 1:
        return False
    following = doc[token.i + 1]
    return doc[token.i - 1].pos_ in _HEAD_POS and (
        following.tag_ == "VBZ" or following.pos_ in {"PROPN", "DET"}
    )


def _verb_as_modifier(token: Token) -> bool:
    """A noun the tagger read as a bare verb: "commit" in "with commit messages", "build" in
    "for build systems". A verb's base form does not follow a preposition and precede a noun."""
    doc = token.doc
    return (
        token.tag_ == "VB"
        and 0 < token.i < len(doc) - 1
        and doc[token.i - 1].tag_ == "IN"
        and doc[token.i + 1].pos_ == "NOUN"
    )


def _model_number(token: Token) -> bool:
    """The number of a product name: "3" in "Model 3", "11" in "iPhone 11", "7" in "Java 7"."""
    if not (token.text.isdigit() and len(token.text) <= 4 and token.i > 0):
        return False
    name = token.doc[token.i - 1]
    return (
        name.is_alpha
        and not name.text.isupper()
        and (name.text[0].isupper() or is_acronym(name.text))
    )


def _product_line(number: Token, lexicon: Lexicon) -> bool:
    """Is the word before this model number a product line, not a generic reference?

    "Table 2" and "Example 3" number parts of a document; "Model 3" after "Tesla" or "Note 7"
    after "Galaxy" is a product: a generic word before the number names a product line only
    when a capitalised name comes before it.
    """
    line = number.doc[number.i - 1]
    if line.lower_ not in lexicon.generic_words:
        return True
    if line.i == 0 or not line.text[:1].isupper():
        return False
    return _written_as_name(number.doc[line.i - 1])


def _pieces(span: Span) -> Iterator[Span]:
    """Maximal runs of term-capable words inside a chunk or run; a possessive ends a run, and
    drops it when its owner is written with a capital (a company or a person: "Google's"; a
    thing in lower case is a term of its own: "pygments' filters").

    A chunk boundary inside a hyphenated word ("cross-|laminated timber") is moved to the
    word's edge first.
    """
    doc = span.doc
    start, end = span.start, span.end
    while start > 0 and not doc[start - 1].whitespace_ and _joined(doc[start - 1], doc[start]):
        start -= 1
    while end < len(doc) and not doc[end - 1].whitespace_ and _joined(doc[end - 1], doc[end]):
        end += 1
    run: list[list[Token]] = []
    for group in _groups(doc[start:end]):
        if run and _adjective_after_name(run[-1], group):
            run = []  # "Vishwas Crystal residential apartments": the name is the owner
        if _group_ok(group):
            run.append(group)
            if _plural_acronym(group):
                yield doc[run[0][0].i : group[-1].i + 1]
                run = []
            continue
        if run and (group[0].tag_ != "POS" or all(t.is_lower for g in run for t in g)):
            yield doc[run[0][0].i : run[-1][-1].i + 1]
        run = []
    if run:
        yield doc[run[0][0].i : run[-1][-1].i + 1]


def _plural_acronym(group: list[Token]) -> bool:
    """Is this a plural acronym ("DVDs", "GPUs")? A plural ends a compound, since a modifier
    is written in the singular ("DVD player", "GPU cluster"): in "streaming and DVDs Amazon
    Prime Video" a new phrase starts after it. Only acronyms: "sales tax" or "systems biology"
    keep their plural."""
    text = group[0].text
    return len(group) == 1 and len(text) > 2 and text.endswith("s") and text[:-1].isupper()


def _adjective_after_name(name: list[Token], group: list[Token]) -> bool:
    """Does a lower-case adjective follow a capitalised name inside one chunk?

    In an English compound the adjectives come first ("residential apartment", "electric
    car"); a name written before them is the owner, maker or place ("Vishwas Crystal
    residential apartments", "Tesla electric cars"), as after a possessive, and not part of
    the term. A name before a noun ("Kalman filter", "Java client library") is left alone.
    """
    token = group[0]
    return (
        len(group) == 1
        and token.tag_ == "JJ"
        and token.is_lower
        and name[-1].pos_ == "PROPN"
        and name[-1].text[:1].isupper()
        and not is_acronym(name[-1].text)
    )


def _joined(left: Token, right: Token) -> bool:
    """Are two touching tokens parts of one hyphenated word? A number after a hyphen continues
    an identifier ("CVE-2023-6246", whose "-6246" the tokenizer splits off)."""
    if left.text in _JOINERS:
        return right.is_alpha or (right.is_digit and left.i > 0 and _has_digit(left.nbor(-1).text))
    return right.text in _JOINERS and (left.is_alpha or _has_digit(left.text))


def _spell(
    span: Span,
    lexicon: Lexicon,
    use_ents: bool,
    *,
    defined: bool,
    protected: frozenset[int] | set[int] = frozenset(),
) -> str | None:
    """The canonical term for ``span`` after trimming, or None when nothing term-like is left.

    A ``defined`` span (an acronym's long form, a vocabulary name) keeps its modifiers: in
    "advanced driving assistance system (ADAS)" the "advanced" is part of the name; so does a
    span from a word where a vocabulary name starts ("initial coin offering").
    """
    groups = _groups(span)
    while (
        groups
        and groups[0][0].i not in protected
        and _leading_noise(groups, lexicon, use_ents, defined=defined)
    ):
        groups.pop(0)
    while groups and (not _can_end(groups[-1], lexicon, use_ents) or _single_letter(groups[-1])):
        groups.pop()
    if not groups:
        return None
    groups = groups[-MAX_WORDS:]
    words = [_spell_group(group, is_head=(i == len(groups) - 1)) for i, group in enumerate(groups)]
    term = join_words(words)
    if not term or len(term) > 80 or _BAD_CHARS.search(term):
        return None
    if defined:
        return term
    keys = term_key(term).split()
    if lexicon.is_stop(" ".join(keys)) or _says_nothing(keys, lexicon):
        return None
    # a number is part of a term only as the number of a named product ("Model 3")
    product_numbers = {
        token.text for token in span if _model_number(token) and _product_line(token, lexicon)
    }
    if any(_bare_number(word) and word not in product_numbers for word in term.split()):
        return None
    if keys[-1] in lexicon.generic_words and all(
        _describes(group, lexicon, use_ents) for group in groups[:-1]
    ):
        return None
    return term


def _bare_number(word: str) -> bool:
    """A number or a quantity ("3", "3-day", "1-3", "v201509"), not a name with a number in it
    ("5G", "COVID-19", "GPT-4"), which the speller keeps in capitals."""
    return _has_digit(word) and not any(ch.isupper() for ch in word)


def _says_nothing(keys: list[str], lexicon: Lexicon) -> bool:
    """A generic word alone, or generic words with a generic modifier ("first input", "same
    result"). Two generic nouns together often do name a kind of thing ("error signal",
    "video processing", "heart rate"); they are weighed by use in
    :func:`extractors.terms.singles.resolve_single_words`."""
    return lexicon.all_generic(keys) and (
        len(keys) == 1 or any(key in lexicon.modifiers for key in keys)
    )


def _describes(group: list[Token], lexicon: Lexicon, use_ents: bool) -> bool:
    """A word that only qualifies a generic head: "normal" in "normal operation", "Pentagon" in
    "Pentagon report". Rarer adjectives ("outdoor unit", "therapeutic agent") name a kind."""
    token = group[-1]
    if use_ents and all(_entity(t) in _NAME_ENTS for t in group):
        return True
    if len(group) > 1:
        return _common_compound_adjective(group, lexicon)
    if token.pos_ not in {"ADJ", "VERB", "ADV"} or is_acronym(token.text):
        return False
    if _verb_as_modifier(token) or token.tag_ == "VBG":
        return False  # a process names a kind: "rolling force", "cutting blade"
    rank = lexicon.rank(token.lower_)
    return rank is not None and rank < VERY_COMMON_RANK


def _common_compound_adjective(group: list[Token], lexicon: Lexicon) -> bool:
    """A grade written as adjective-hyphen-noun in everyday words ("high-performance",
    "low-cost", "large-scale"): before a generic head ("high-performance version") it grades
    the thing, it does not name a kind."""
    if len(group) != 3 or group[0].tag_ != "JJ" or group[2].pos_ != "NOUN":
        return False
    return all(
        token.is_lower
        and (rank := lexicon.rank(token.lower_)) is not None
        and rank < VERY_COMMON_RANK
        for token in (group[0], group[2])
    )


def _leading_noise(
    groups: list[list[Token]], lexicon: Lexicon, use_ents: bool, *, defined: bool
) -> bool:
    group = groups[0]
    if len(group) > 1:
        return not defined and (
            term_key(_text(group)) in lexicon.modifiers or (use_ents and _places(group))
        )
    token = group[0]
    if token.pos_ in _NOISE_POS:
        return not is_acronym(token.text) or token.pos_ in {"DET", "PRON"}
    if _single_letter(group) or token.like_num:
        return True
    if defined:
        return False
    if len(groups) > 1 and term_key(f"{token.text} {_text(groups[1])}") in lexicon.modifiers:
        groups.pop(0)
        return True
    if token.lower_ in lexicon.modifiers:
        return True
    if not use_ents or _entity(token) not in _NOT_TERM_ENTS:
        return False
    return not (_entity(token) in _NAME_ENTS and _numbered_product(groups, lexicon))


def _places(group: list[Token]) -> bool:
    """A hyphen group of places ("US-Canada border", "US-China trade"): where, not what."""
    words = [token for token in group if token.text not in _JOINERS]
    return all(_entity(token) in _PLACES for token in words)


def _numbered_product(groups: list[list[Token]], lexicon: Lexicon) -> bool:
    """Do the groups end in a product number ("Tesla Model 3", "Java 7"), which makes the
    name words before it part of the product's name?"""
    last = groups[-1][-1]
    return len(groups) > 1 and _model_number(last) and _product_line(last, lexicon)


def _text(group: list[Token]) -> str:
    return "".join(t.text_with_ws for t in group).strip()


def _single_letter(group: list[Token]) -> bool:
    """One character, not a digit: a digit can end a product name ("Model 3", "Falcon 9")."""
    return len(group) == 1 and len(group[0].text) == 1 and not group[0].text.isdigit()


def _can_end(group: list[Token], lexicon: Lexicon, use_ents: bool) -> bool:
    last = group[-1]
    if last.text in _JOINERS or last.is_punct:
        return False
    if _model_number(last) or (is_acronym(last.text) and _has_digit(last.text)):
        return True  # "iPhone 11", "5G": the tagger reads them as numbers
    if _IDENTIFIER.match(_text(group)):
        return True  # "CVE-2023-6246" ends in a number, yet names a thing
    if use_ents and len(group) == 1 and _entity(last) in _NOT_TERM_ENTS:
        return False
    if len(group) == 1 and last.lower_.endswith(_ADJECTIVE_ONLY_ENDINGS):
        return False  # "5G network groundless": an adjective the tagger took for a noun
    return (
        last.pos_ in _HEAD_POS
        or is_acronym(last.text)
        or _rare_noun(last, lexicon)
        or _gerund_head(last)
    )


def _gerund_head(token: Token) -> bool:
    """A gerund that names an activity after its object: "machine learning", "ray tracing".

    After a noun and with no object or complement of its own following ("a controller
    controlling the motor", "an axis extending from"), an -ing form ends a compound noun,
    whatever the tagger thought.
    """
    doc = token.doc
    if token.tag_ != "VBG" or token.i == 0 or doc[token.i - 1].pos_ not in _HEAD_POS:
        return False
    following = doc[token.i + 1] if token.i + 1 < len(doc) else None
    return following is None or following.pos_ not in _OBJECT_POS


def _takes_object(token: Token) -> bool:
    """An -ing form after a noun with a determiner or a name after it is a verb with its
    object, not part of a compound: "library straddling US-Canada border".

    So is one that opens the clause after a headline's colon or dash, with a noun phrase
    after it: a subtitle says what the piece does ("Code Health: Providing Context with …",
    "What Test Engineers do at Google: Building Test Infrastructure"). At the very start of a
    title an -ing form is as often a kind of thing ("Rolling bearing", "Cutting insert").
    """
    doc = token.doc
    if token.tag_ != "VBG" or not 0 < token.i < len(doc) - 1:
        return False
    before, after = doc[token.i - 1], doc[token.i + 1]
    if _opens_subtitle(before):
        return after.pos_ in _OBJECT_POS
    return before.pos_ in _HEAD_POS and after.pos_ in {"DET", "PROPN"}


def _opens_subtitle(token: Token) -> bool:
    """A colon, or a dash standing apart, before the second part of a title."""
    if token.text == ":":
        return True
    return (
        token.text in {"-", "–", "—"}
        and bool(token.whitespace_)
        and token.i > 0
        and bool(token.doc[token.i - 1].whitespace_)
    )


def _gerund_modifier(token: Token) -> bool:
    """An -ing form inside a compound, between two bare nouns: "geo targeting locations",
    "ray tracing hardware", "image analyzing method". Its object would take a determiner or a
    name ("a library straddling the border"); a lower-case noun straight after it is the head
    it qualifies. The noun before it is a modifier and so singular: after a plural the -ing
    form starts a clause ("vectors describing lip shape", "tests revealing defects")."""
    doc = token.doc
    if token.tag_ != "VBG" or not 0 < token.i < len(doc) - 1:
        return False
    following = doc[token.i + 1]
    return (
        doc[token.i - 1].tag_ in {"NN", "NNP"} and following.pos_ == "NOUN" and following.is_lower
    )


def _rare_noun(token: Token, lexicon: Lexicon) -> bool:
    """A rare word the small model tagged as adjective or verb but shaped like a noun.

    en_core_web_sm tags unseen technical nouns by their context ("a solid-state electrolyte
    for …" gives ADJ, "electrolyser" JJR); a word outside the 20,000 most common, without an
    adjective or verb ending, is read as the noun it almost always is.
    """
    if token.pos_ not in {"ADJ", "VERB"} or token.tag_ in {"VBD", "VBZ", "VBP", "VB", "MD"}:
        return False
    word = token.lower_
    rank = lexicon.rank(word)
    return (
        word.isalpha()
        and (rank is None or rank >= RARE_RANK)
        and not word.endswith(_ADJECTIVE_ENDINGS)
    )


def _spell_group(group: list[Token], *, is_head: bool) -> str:
    parts = []
    for index, token in enumerate(group):
        text = _head_form(token) if is_head and index == len(group) - 1 else token.text
        parts.append(spell_word(text) + ("" if token.text in _JOINERS else token.whitespace_))
    return "".join(parts).strip()


def _head_form(token: Token) -> str:
    if is_acronym(token.text):
        # "GPUs" is a plural; "AdWords" and "AirPods" are names that end in an s
        return singular(token.text) if token.text[:-1].isupper() else token.text
    if token.tag_ in {"NNS", "NNPS"} or (token.pos_ == "PROPN" and token.text.endswith("s")):
        return singular(token.text)
    return token.text


def _person_shaped(span: Span, lexicon: Lexicon) -> bool:
    """Capitalised proper nouns ending in a rare word: a person's name ("Elon Musk", "Jim
    Cramer"), which the small model often leaves untagged in a headline.

    Product names end in a number ("Tesla Model 3") or in a common word ("Apple Watch",
    "Amazon Prime Video") and keep their place.
    """
    return (
        len(span) > 1
        and all(
            token.pos_ == "PROPN"
            and token.is_alpha
            and token.text[:1].isupper()
            and token.text[1:].islower()
            for token in span
        )
        and lexicon.rank(span[-1].text) is None
    )


def _owned(span: Span) -> bool:
    """Does a possessive come just before ``span`` ("Facebook's Instagram", "What.CD's
    Gazelle")? What a company owns is a product or service, not the company itself."""
    return span.start > 0 and span.doc[span.start - 1].tag_ == "POS"


def _name_ok(term: str, span: Span, lexicon: Lexicon, use_ents: bool) -> bool:
    """False for names of organisations, people and places ("Isuzu Motors India", "Facebook")."""
    if term_key(term) in lexicon.vocabulary_keys or any(_model_number(t) for t in span):
        return True  # a vocabulary name, or a product name with its number ("Model 3")
    if _IDENTIFIER.match(term):
        return True
    if any(word.rstrip(".") in _LEGAL_FORMS for word in term.lower().split()):
        return False
    if not use_ents:
        return True
    if _person_shaped(span, lexicon):
        return False
    labels = {_entity(token) for token in span}
    if _owned(span) and not labels & {"PERSON", "GPE", "LOC"}:
        return True
    if " " not in term:
        if is_acronym(term):
            return not labels & (_NAME_ENTS - {"ORG"})
        return not labels & _NAME_ENTS
    return not (labels and labels <= _NAME_ENTS and all(_entity(token) for token in span))
