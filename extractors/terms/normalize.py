"""Text cleaning before spaCy, and the spelling of a term once it is found.

Two jobs live here because both decide what counts as "the same": the cleaner makes odd input
(HTML, control characters, compatibility Unicode, Title Case headlines) look like the running
prose the tagger was trained on, and the term speller makes "Lithium-ion batteries", "lithium ion
battery" and "lithium-ion battery" one term, and "colour filter" and "color filter" one term.

Canonical spelling of a term (what ``doc_terms.term`` holds):

- lower case, except acronyms (``CPU``, ``IoT``), which keep their case;
- the head word (last word) singular; modifiers as written ("sports science" stays);
- a hyphen between two words of three or more letters becomes a space ("lithium ion battery",
  "real time"), because writers use both; a hyphen next to a short part or a digit is kept
  ("x-ray", "1,3,4-oxadiazolone", "ogle-iii");
- British spellings turned American by a short list of safe rules (``-isation`` → ``-ization``,
  ``fibre`` → ``fiber``, ``colour`` → ``color``…), so a corpus mixing both counts one term.
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata
from importlib import resources

DEFAULT_MAX_CHARS = 20_000

_COMMENT = re.compile(r"<!--.*?-->", re.S)
_SCRIPT = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>", re.S | re.I)
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]{0,1000})?/?>")
_CONTROL = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]"
)
_DASH_IN_WORD = re.compile(r"(?<=\w)[\u2010\u2011\u2012\u2013\u2212](?=\w)")
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
_NEWLINES = re.compile(r"\n{3,}")
# Unicode categories replaced by a space: other symbols, surrogates, private use, unassigned.
_DROP_CATEGORIES = frozenset({"So", "Cs", "Co", "Cn"})
_SENTENCE_END = re.compile(r"[.!?][\"')\]]?\s")


def word_set(text: str) -> frozenset[str]:
    """A set of words written as one space-separated string (long word lists stay compact)."""
    return frozenset(text.split())


_TITLE_SMALL = word_set(
    "a an and as at but by for from in into nor of on onto or over per the to via vs with"
)


def clean_text(text: str | None) -> str:
    """Text as prose: tags and comments gone, entities decoded, NFKC, no control characters.

    Pictographs and other symbols (emoji, ®, ™) become spaces: they are never part of a term
    and the tagger reads them as proper nouns. So do lone surrogates, unassigned and private-use
    code points (from mis-decoded feeds), which spaCy cannot even hash.
    A dash between two word characters becomes a hyphen, so "metal–organic" tokenises like
    "metal-organic". Only tag-shaped markup is removed: an inequality such as ``20 nm<t<40`` in
    a patent abstract is text, not a tag.
    """
    if not text:
        return ""
    text = _SCRIPT.sub(" ", _COMMENT.sub(" ", text))
    text = _TAG.sub(" ", text)
    text = html.unescape(text)
    text = unicodedata.normalize("NFKC", text)
    text = _CONTROL.sub(" ", text)
    text = "".join(" " if unicodedata.category(ch) in _DROP_CATEGORIES else ch for ch in text)
    text = _DASH_IN_WORD.sub("-", text)
    text = _SPACES.sub(" ", text)
    return _NEWLINES.sub("\n\n", text).strip()


def cut_text(text: str, max_chars: int = DEFAULT_MAX_CHARS) -> str:
    """At most ``max_chars``, ending at a sentence end (or else a space) near the limit.

    A long full text adds few new technology terms after its first pages but costs parsing time
    in proportion to its length; the abstract and claims, which come first, carry the terms.
    """
    if max_chars <= 0 or len(text) <= max_chars:
        return text
    head = text[:max_chars]
    ends = [match.end() for match in _SENTENCE_END.finditer(head)]
    if ends and ends[-1] > max_chars // 2:
        return head[: ends[-1]].rstrip()
    space = head.rfind(" ")
    return head[:space] if space > max_chars // 2 else head


def prose_title(title: str) -> str:
    """A title in sentence case when it is written in ALL CAPS or Title Case.

    The tagger reads "Testing Deep Learning Models" as a name (PROPN, PERSON); "testing deep
    learning models" as a noun phrase. A title is Title Case when most of its words are
    capitalised and none of four letters or more is written in lower case ("Elon Musk to open
    Tesla R&D plant in Greece" is a sentence with names, and keeps its case). A Title Case
    title is truecased, not lower-cased wholesale: only capitalised words that are ordinary
    English words (in ``common_words.txt``) lose their capital, so names keep theirs ("SpaceX
    Lands Falcon 9 Rocket" reads "SpaceX lands Falcon 9 rocket", "Elon Musk" stays a name).
    Words with inner capitals or short all-caps words (``IoT``, ``OpenCat``, ``ADAS``) are
    acronyms or names and keep their case, and so does a capitalised word followed by a
    number, which names a product ("Model 3", "Note 7").
    """
    words = title.split()
    letters = [ch for ch in title if ch.isalpha()]
    if not words or not letters:
        return title
    upper_share = sum(ch.isupper() for ch in letters) / len(letters)
    if upper_share > 0.8 and len(letters) > 12:
        return title.lower()
    content = [w for w in words if w[:1].isalpha() and w.lower() not in _TITLE_SMALL]
    capitalised = [w for w in content if w[:1].isupper()]
    if len(content) < 3 or len(capitalised) < 0.7 * len(content):
        return title
    if any(len(w) > 3 and w.isalpha() and w.islower() for w in content):
        return title  # sentence case full of names: "Elon Musk to open Tesla R&D plant"
    return " ".join(
        word if _names_product(words, i) else _decapitalise(word) for i, word in enumerate(words)
    )


def _names_product(words: list[str], i: int) -> bool:
    """A word of a product name: followed by a number ("Model 3", "Falcon 9", "Java 7+")."""
    return i + 1 < len(words) and bool(_PRODUCT_NUMBER.match(words[i + 1]))


_PRODUCT_NUMBER = re.compile(r"^\d{1,4}[A-Za-z+]?[,:;.!?]?$")


def _decapitalise(word: str) -> str:
    """A title word in lower case, part by part across hyphens, when it is a common word."""
    core = word.strip("\"'()[]:;,.!?")
    if core == "A":
        return word.replace(core, "a", 1)
    parts = core.split("-")
    lowered = "-".join(
        part.lower()
        if len(part) > 1 and part[0].isupper() and part[1:].islower() and is_common_word(part)
        else part
        for part in parts
    )
    return word.replace(core, lowered, 1) if core else word


@functools.cache
def _common_words() -> frozenset[str]:
    text = (resources.files("extractors.terms") / "data" / "common_words.txt").read_text("utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line and line[0] != "#")


def is_common_word(word: str) -> bool:
    """Is ``word`` (any case, or without a final -s: "Unveils") a common English word?"""
    lower = word.lower()
    common = _common_words()
    return lower in common or (lower.endswith("s") and lower[:-1] in common)


def document_text(title: str | None, text: str | None) -> str:
    """What the term extractor reads for a document: its title as prose, then its text."""
    title = clean_text(title).rstrip(" .:;")
    body = clean_text(text)
    if title and body.startswith(title):
        # a title made from the start of the text (a news item without one) is not read twice
        return body
    title = prose_title(title)
    if title and body:
        return f"{title}. {body}"
    return title or body


_ACRONYM = re.compile(
    r"^(?=.*[A-Z].*[A-Z]|.*[a-z][A-Z]|[A-Z].*\d|\d.*[A-Z])[A-Za-z0-9&/.+-]{2,10}$"
)


def is_acronym(word: str) -> bool:
    """``CPU``, ``IoT``, ``kTN``, ``OGLE-III``, ``5G``: short words whose case carries meaning."""
    if not _ACRONYM.match(word):
        return False
    letters = [ch for ch in word if ch.isalpha()]
    return bool(letters) and not (word[0].isupper() and word[1:].islower())


_BRITISH_WORDS = {
    "aeroplane": "airplane",
    "aluminium": "aluminum",
    "analogue": "analog",
    "catalogue": "catalog",
    "defence": "defense",
    "grey": "gray",
    "licence": "license",
    "mould": "mold",
    "plough": "plow",
    "programme": "program",
    "sulphur": "sulfur",
    "tyre": "tire",
    "caesium": "cesium",
    "oedema": "edema",
    "foetus": "fetus",
    "diarrhoea": "diarrhea",
}
_OUR_WORDS = word_set(
    "colour behaviour flavour vapour harbour labour favour humour neighbour tumour odour "
    "rumour armour rigour vigour"
)
_TRE_WORDS = word_set("centre fibre metre litre calibre theatre spectre lustre sabre meagre")
_LL_WORDS = {
    "modelling": "modeling",
    "modelled": "modeled",
    "labelling": "labeling",
    "labelled": "labeled",
    "signalling": "signaling",
    "travelling": "traveling",
    "tunnelling": "tunneling",
    "channelling": "channeling",
    "levelling": "leveling",
    "fuelling": "fueling",
    "fuelled": "fueled",
    "jewellery": "jewelry",
    "counselling": "counseling",
}
_AE_PREFIXES = (
    ("haem", "hem"),
    ("anaem", "anem"),
    ("leukaem", "leukem"),
    ("paediatr", "pediatr"),
    ("orthopaed", "orthoped"),
    ("oestr", "estr"),
    ("oesoph", "esoph"),
    ("aetiol", "etiol"),
    ("anaesth", "anesth"),
    ("sulph", "sulf"),
)
_YSE = re.compile(r"^(ana|cata|electro|hydro|para|dia|pyro|photo)l(yse|ysed|yser|ysers|ysing)$")
# Verbs spelled -ise/-ize whose derived forms appear in technical noun phrases ("optimised
# design", "stabiliser"); an explicit list, because a rule on "-ise" hits "comprise", "raise".
_IZE_STEMS = word_set(
    "optim minim maxim util character organ real recogn special standard stabil synthes "
    "polymer ion crystall digit digital visual normal local global neutral steril fertil "
    "harmon modern summar priorit categor emphas custom author capital commercial "
    "industrial final initial miniatur vapor virtual personal central decentral random "
    "vector parameter memor symbol general catalog hospital mechan motor econom"
)
_ISED = re.compile(r"^(\w+?)is(e|ed|er|ers|es|ing|ation|ations)$")


def americanise(word: str) -> str:
    """The American spelling of a lower-case word, by rules that have no common false hit."""
    if word in _BRITISH_WORDS:
        return _BRITISH_WORDS[word]
    if word in _LL_WORDS:
        return _LL_WORDS[word]
    stem = word[:-1] if word.endswith("s") else word
    plural = "s" if stem != word else ""
    if stem in _OUR_WORDS:
        return stem[:-2] + "r" + plural
    if stem in _TRE_WORDS:
        return stem[:-2] + "er" + plural
    for british, american in _AE_PREFIXES:
        if word.startswith(british):
            return american + word[len(british) :]
    match = _YSE.match(word)
    if match:
        return word.replace("lys", "lyz")
    match = _ISED.match(word)
    if match and match.group(1) in _IZE_STEMS:
        return f"{match.group(1)}iz{match.group(2)}"
    return word


_IRREGULAR_PLURALS = {
    "spermatozoa": "spermatozoon",
    "phenomena": "phenomenon",
    "criteria": "criterion",
    "analyses": "analysis",
    "hypotheses": "hypothesis",
    "lenses": "lens",
    "syntheses": "synthesis",
    "matrices": "matrix",
    "vertices": "vertex",
    "indices": "index",
    "nuclei": "nucleus",
    "stimuli": "stimulus",
    "fungi": "fungus",
    "bacteria": "bacterium",
    "media": "media",
    "data": "data",
    "men": "man",
    "women": "woman",
    "children": "child",
    "teeth": "tooth",
    "feet": "foot",
    "mice": "mouse",
    # plurals of two-letter nouns, too short for the suffix rules below ("HTML5 ads")
    "ads": "ad",
}
_NO_SINGULAR = ("ss", "us", "is", "ics", "ous", "ness", "sis", "xis", "series", "species", "gas")


def singular(word: str) -> str:
    """A plural English noun made singular, by rules (the head word of a term only).

    Used for heads tagged plural and for proper-noun heads (title words, "Jupiters") and acronym
    plurals ("CPSs" → "CPS"), rather than spaCy's lemma, which leaves proper nouns as they are
    and errs on ambiguous plurals ("taxes" → "taxis", "uses" → "us").
    """
    lower = word.lower()
    if lower in _IRREGULAR_PLURALS:
        return _IRREGULAR_PLURALS[lower] if word.islower() else word
    if len(word) > 2 and word.endswith("s") and word[:-1].isupper():
        return word[:-1]
    if len(lower) <= 3 or not lower.endswith("s") or lower.endswith(_NO_SINGULAR):
        return word
    stems = [word[: len(word) - cut] + ending for cut, ending in _plural_endings(lower)]
    return next((stem for stem in stems if stem.lower() in _common_words()), stems[0])


def _plural_endings(lower: str) -> list[tuple[int, str]]:
    """How a plural may end in its singular, as (letters cut, ending added), the usual first.

    The suffix alone is ambiguous ("batteries" / "movies", "branches" / "caches", "processes" /
    "buses", "wolves" / "lives"), so :func:`singular` takes the first that is a common English
    word, and the first listed when none is.
    """
    if lower.endswith("ies") and len(lower) > 4:
        return [(3, "y"), (1, "")]
    if lower.endswith(("sses", "xes", "ches", "shes", "zzes")):
        return [(2, ""), (1, "")]
    if lower.endswith("ves"):
        return [(1, ""), (3, "f"), (3, "fe")]
    if lower.endswith("uses") and len(lower) > 5:
        return [(2, ""), (1, "")]  # Latin -us words ("coronaviruses") are rarely common ones
    if lower.endswith("ses"):
        return [(1, ""), (2, ""), (2, "is")]
    if lower.endswith("oes"):
        return [(1, ""), (2, "")]
    return [(1, "")]


_HYPHEN = re.compile(r"(?<=[^\W\d_]{3})-(?=[^\W\d_]{3})")


def spell_word(word: str) -> str:
    """One word of a term as stored: lower case unless an acronym, American spelling."""
    if is_acronym(word):
        return word
    return americanise(word.lower())


def join_words(words: list[str]) -> str:
    """Words of a term joined, with word-word hyphens turned into spaces (see module doc)."""
    text = " ".join(word for word in words if word)
    text = text.replace(" - ", "-").replace("- ", "-").replace(" -", "-")
    return _HYPHEN.sub(" ", text)


def term_key(term: str) -> str:
    """A comparison key: case, hyphenation and spacing ignored."""
    return " ".join(term.lower().replace("-", " ").split())
