"""Sentence templates for the three kinds of demo document.

A patent abstract reads like a patent ("A … includes …", "In one embodiment …"), a paper abstract
like arXiv ("We propose …", "Experiments show …") and a news item like trade press ("…, said on
Tuesday it would spend …"). Each document draws a different template for each part of its text
and fills every slot from its topic's vocabulary, so the words that carry a topic recur across its
documents (what a topic model and a term extractor need) while no two documents read alike.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass

from democorpus.grammar import Filler, capitalise
from democorpus.spec import TopicSpec

MIN_WORDS = 60

PATENT_TITLES = (
    "{^C} for {aK} in {S}",
    "Method for {P} using {aK}",
    "{^K} having {aC} and {aC}",
    "System and method for {P}",
    "{^K} with {aC}",
    "Apparatus for {P} with {aC}",
    "{^K} and method of operating the same",
    "{^C} assembly for {Ks}",
    "Device and method for controlling the {Q} of {aK}",
    "{^T} system for {S}",
)
PATENT_OPENERS = (
    "{^aK} includes {aC}, {aC}, and {aC}.",
    "A method of {P} includes positioning {aK} relative to the {O}, detecting the {Q} with "
    "{aC}, and adjusting {aC} in response.",
    "Systems and methods for {P} are disclosed, in which {aK} cooperates with {aC}.",
    "An apparatus for {P} comprises {aK} having {aC} and {aC}.",
    "The present disclosure relates to {aK} for use in {S}, and in particular to {aC} thereof.",
    "Disclosed is {aK} comprising {aC} that is configured to act on the {O}.",
    "{^aK} for {P} is described, the {K} comprising {aC} and {aC}.",
    "According to one aspect, {aK} is provided that combines {aC} with {T}.",
)
PATENT_BODY = (
    "The {C} is coupled to the {C} such that the {Q} can be adjusted during operation.",
    "A controller receives signals from the {C} and regulates the {Q} of the {K} on that basis.",
    "The {C} may be made of {M} and is arranged between the {C} and the {C}.",
    "In one embodiment, the {C} is detachable from the {C}, which simplifies {P}.",
    "The {C} is movable between a retracted position and an operating position in which it "
    "acts on the {O}.",
    "Measurements from the {C} are compared with stored reference values of the {Q} to detect "
    "deviations.",
    "{^aC} may further be provided to {B}.",
    "Using {T}, a processing unit determines the {Q} for each of the {O} and forwards it to "
    "the {C}.",
    "The {C} and the {C} are arranged on opposite sides of the {K} and are driven independently.",
    "A sensor arranged at the {C} monitors the {Q} continuously while {P}.",
    "The {C} is formed from {M} and has a surface treated to withstand conditions in {S}.",
)
PATENT_CLOSERS = (
    "The arrangement makes it possible to {B} while reducing the {Q}.",
    "As a result, the {K} can {B} even in {S}.",
    "This allows operators to {B} without interrupting {P}.",
    "Compared with known {R} solutions, the {Q} is improved by up to {PCT} percent.",
    "The {K} thus helps to {B} at lower cost.",
    "Tests showed that the {Q} remained within {SMALL} percent of the set value over {N2} cycles.",
)
PATENT_CLAIMS = (
    "1. {^aK} comprising: {aC}; {aC} connected to the {C}; and a controller configured to "
    "adjust the {Q} based on a signal from the {C}.",
    "1. A method of {P}, the method comprising: providing {aK} having {aC}; measuring the {Q} "
    "with {aC}; and operating the {K} so as to {B}.",
    "1. An apparatus for {P}, comprising: {aK}; {aC} arranged to act on the {O}; and {aC} "
    "made of {M}.",
)
PATENT_BACKGROUND = (
    "In {S}, {X}.",
    "{^X}, and known {R} solutions address this only in part.",
    "It is desirable to {B}; however, {X}.",
)

PAPER_TITLES = (
    "{^G} for {P} with {Ks}",
    "Towards {ADJ} {Ks} in {S}",
    "{^T} in {S}: an experimental study",
    "On the {Q} of {Ks} under industrial conditions",
    "{^Ks} for {P}: design and evaluation",
    "Assessing {T} in {S} with {aG}",
    "Learning to {B} with {Ks}",
    "{^Q} prediction for {Ks} using {aG}",
    "How much can {T} help to {B}? Evidence from {S}",
)
PAPER_MOTIVATION = (
    "{^S} face growing pressure to {B}, yet {X}.",
    "{^X}, which limits the use of {Ks} in {S}.",
    "{^T} is a promising route to {Bg} in {S}.",
    "Interest in {Ks} has grown as {As} seek to {B}.",
    "In {S}, {X}.",
    "The {Q} is a key performance indicator in {S}, but {X}.",
)
PAPER_CONTRIBUTION = (
    "We propose {aG} for {P} with {aK}.",
    "This paper presents {aK} design that combines {T} with {R}.",
    "In this work, we develop {aG} that predicts the {Q} of {aK} from measurements of the {C}.",
    "We study how {T} can help to {B} when {P}.",
    "We present a field study of {Ks} in {N} {S}.",
    "Building on {R}, we introduce {aG} tailored to {P}.",
)
PAPER_METHOD = (
    "The model is calibrated on {N2} {O} collected at {N} {S}.",
    "Our method couples {aC} with {R} and is trained on data from {N} industrial partners.",
    "We formulate {P} as an optimisation problem over the {Q} and the {Q}.",
    "A {N}-month field campaign complements laboratory tests on {O}.",
    "Data were recorded with {aC} over {N} weeks of regular production.",
    "We compare {N} configurations of the {C} under varying {Q}.",
)
PAPER_RESULTS = (
    "Compared with a conventional {R} baseline, the approach improves the {Q} by {PCT}%.",
    "Experiments show a {PCT}% reduction in the variability of the {Q} with no loss in {Q}.",
    "The {K} kept the {Q} within {PCT}% of the target across {N} test runs.",
    "Results indicate that {T} reduces the spread of the {Q} by {PCT}% at comparable {Q}.",
    "On {N2} {O}, the proposed method outperformed manual operation by {PCT}% in {Q}.",
    "A sensitivity analysis shows that the {Q} depends most strongly on the {C}.",
)
PAPER_CONCLUSION = (
    "We discuss implications for {Bg} in {S} and release our dataset.",
    "The findings suggest that {Ks} can {B} at industrial scale.",
    "Remaining challenges include the {Q} of the {C} and the integration with {R}.",
    "Our results support the case for {T} in {S}.",
    "Future work will extend the approach to {O} and to {S}.",
)

NEWS_TITLES = (
    "{ORG} to invest €{EUR} million in {Ks}",
    "{ADJ_COUNTRY} {As} turn to {Ks}",
    "{ORG} opens pilot line for {Ks} in {CITY}",
    "How {Ks} are changing {S}",
    "{ORG} tests {T} at {CITY} site",
    "{REGION} firms bet on {T}",
    "{ORG} reports {PCT}% gain in {Q} from {T}",
    "{^T}: {ORG} signs supply deal with {ORG2}",
    "New {K} from {ORG} aims to {B}",
)
NEWS_LEADS = (
    "{ORG}, {aA} based in {CITY}, said on {DAY} it would spend €{EUR} million on {Ks} for its {S}.",
    "{ORG} has started testing {aK} at its plant in {CITY}, the company said on {DAY}.",
    "A consortium led by {ORG} has won €{EUR} million in public funding to develop {T} for {S}.",
    "{^As} in {REGION} are investing in {Ks} as they try to {B}.",
    "{ORG} and {ORG2} announced on {DAY} a partnership on {T} for {S}.",
    "{ORG} has installed {N} {Ks} at its {CITY} site, it said on {DAY}.",
)
NEWS_MIDDLE = (
    "The {K} is designed to {B} and to {B}.",
    "According to the company, {T} cut the variability of the {Q} by {PCT}% in a {N}-week trial.",
    '"We see {T} as the most practical way to {B}," said {PERSON}, {ROLE} at {ORG}.',
    '"Our customers want to {B}, and {Ks} help them do that," {PERSON}, {ROLE}, told reporters.',
    "The {CITY} site of {ORG} employs about {N2} people and supplies customers across {COUNTRY}.",
    "Industry groups in {COUNTRY} point out that {X}, a problem the {K} is meant to address.",
    "The system combines {aC} with {R}, the company said.",
    "{PERSON}, {ROLE} at {ORG}, said the investment would help the company {B}.",
)
NEWS_ENDINGS = (
    "{ORG} plans to roll out {Ks} across its {S} from {YEAR}.",
    "The company did not name the supplier of the {C}.",
    "{^As} in {REGION2} are running similar trials with {Ks}.",
    "The project runs until {YEAR} and involves {N} partners.",
    "Further sites could follow if the {Q} targets are met by {YEAR}.",
)

INCIDENT_TITLES = (
    "{^K} halts production at {ORG}",
    "{ORG} still recovering from {aK}",
    "Farmers told to hold back milk after {K} at {ORG}",
    "{ORG} restores systems after {K}",
    "Police investigate {K} at {CITY} dairy group",
    "{^K} at {ORG}: what we know so far",
)
INCIDENT_LEADS = (
    "{ORG}, {aA} based in {CITY}, said on {DAY} that {aK} had shut down its {C} and halted "
    "production at {N} {S}.",
    "Production at {ORG} remained disrupted on {DAY} after {aK} hit the {C} and the {C}.",
    "{ORG} is {P} after {aK} struck the company's {C} on {DAY}.",
)
INCIDENT_MIDDLE = (
    "The company said it was {P}.",
    "The {Q} could not yet be estimated, a spokesperson said on {DAY}.",
    '"Our priority is to {B} as quickly as possible," said {PERSON}, {ROLE} at {ORG}.',
    "Staff have switched to {T} at the {S}.",
    "{^X}.",
    "Experts in {R} said attacks on food companies in {COUNTRY} had become more frequent.",
)
INCIDENT_ENDINGS = (
    "The company said it did not yet know whether {O} had been affected.",
    "It did not say whether the {C} had been restored.",
    "{ORG} expects to {B} within {N} days.",
)


@dataclass(frozen=True)
class Text:
    """Title and body of one document; patents also carry a first claim and a background."""

    title: str
    body: str
    claim: str = ""
    background: str = ""


def patent_text(spec: TopicSpec, rng: random.Random) -> Text:
    filler = Filler(spec.vocab, rng)
    body = filler.pick(PATENT_BODY, 4)
    sentences = [*filler.pick(PATENT_OPENERS), *body[: rng.randint(2, 3)]]
    sentences = _at_least([*sentences, *filler.pick(PATENT_CLOSERS)], body[3:])
    return Text(
        title=capitalise(filler.pick(PATENT_TITLES)[0]),
        body=" ".join(sentences),
        claim=filler.pick(PATENT_CLAIMS)[0],
        background=capitalise(filler.pick(PATENT_BACKGROUND)[0]),
    )


def paper_text(spec: TopicSpec, rng: random.Random) -> Text:
    filler = Filler(spec.vocab, rng)
    method = filler.pick(PAPER_METHOD, 3)
    sentences = [
        *filler.pick(PAPER_MOTIVATION),
        *filler.pick(PAPER_CONTRIBUTION),
        *method[: rng.randint(1, 2)],
        *filler.pick(PAPER_RESULTS, rng.randint(1, 2)),
        *filler.pick(PAPER_CONCLUSION),
    ]
    sentences = _at_least(sentences, method[2:])
    return Text(title=capitalise(filler.pick(PAPER_TITLES)[0]), body=" ".join(sentences))


def news_text(spec: TopicSpec, rng: random.Random, extras: Mapping[str, str]) -> Text:
    """A news item; ``extras`` names the organisation, people, places and weekday it mentions."""
    filler = Filler(spec.vocab, rng, extras)
    titles: tuple[str, ...]
    leads: tuple[str, ...]
    middle: tuple[str, ...]
    endings: tuple[str, ...]
    if spec.dynamics == "burst":
        titles, leads, middle, endings = (
            INCIDENT_TITLES,
            INCIDENT_LEADS,
            INCIDENT_MIDDLE,
            INCIDENT_ENDINGS,
        )
    else:
        titles, leads, middle, endings = NEWS_TITLES, NEWS_LEADS, NEWS_MIDDLE, NEWS_ENDINGS
    body = filler.pick(middle, 5)
    sentences = [*filler.pick(leads), *body[: rng.randint(2, 3)], *filler.pick(endings)]
    sentences = _at_least(sentences, body[3:])
    return Text(title=capitalise(filler.pick(titles)[0]), body=" ".join(sentences))


def _at_least(sentences: list[str], spare: list[str]) -> list[str]:
    """Insert spare sentences before the last one until the text has ``MIN_WORDS`` words."""
    sentences = list(sentences)
    for extra in spare:
        if sum(len(sentence.split()) for sentence in sentences) >= MIN_WORDS:
            break
        sentences.insert(-1, extra)
    return sentences
