"""Names for the people and places in demo documents.

Inventors, authors, journalists and spokespeople get names that fit their organisation's
country, so that breadth measures (distinct organisations and countries per topic) see the
plausible spread of a real feed. All names are common given names and surnames, combined at
random; they do not refer to real people.
"""

from __future__ import annotations

import random

from democorpus.spec import pool

FIRST_NAMES: dict[str, tuple[str, ...]] = {
    "AT": pool("Lukas; Anna; Florian; Katharina; Stefan; Julia; Michael; Theresa"),
    "DE": pool("Jonas; Lena; Tobias; Sarah; Markus; Laura; Andreas; Miriam"),
    "IT": pool("Matteo; Giulia; Lorenzo; Chiara; Andrea; Sara; Davide; Elena"),
    "HU": pool("Bence; Eszter; Gábor; Zsófia; Péter; Katalin; Levente; Réka"),
    "RO": pool("Andrei; Ioana; Mihai; Elena; Alexandru; Maria; Bogdan; Cristina"),
    "SE": pool("Erik; Sofia; Johan; Emma; Anders; Linnea; Oskar; Karin"),
    "CZ": pool("Jan; Tereza; Petr; Lucie; Tomáš; Kateřina; Martin; Veronika"),
    "DK": pool("Mads; Ida; Rasmus; Freja; Søren; Mette; Anders; Line"),
    "FR": pool("Julien; Camille; Thomas; Claire; Nicolas; Pauline; Antoine; Mathilde"),
    "BE": pool("Pieter; Lotte; Wouter; Eline; Jens; Sofie; Bram; Hanne"),
    "PL": pool("Piotr; Agnieszka; Tomasz; Magdalena; Krzysztof; Joanna"),
    "US": pool("Michael; Jennifer; David; Emily; Robert; Sarah; Daniel; Megan"),
    "JP": pool("Hiroshi; Yuki; Takeshi; Aiko; Kenji; Naoko"),
    "KR": pool("Min-jun; Seo-yeon; Ji-hoon; Hye-jin; Dong-hyun; Su-bin"),
}

LAST_NAMES: dict[str, tuple[str, ...]] = {
    "AT": pool("Gruber; Huber; Wagner; Pichler; Steiner; Moser; Hofer; Leitner"),
    "DE": pool("Müller; Schmidt; Weber; Becker; Hoffmann; Schäfer; Koch; Richter"),
    "IT": pool("Rossi; Ferrari; Gasser; Bianchi; Colombo; Pichler; Romano; Ricci"),
    "HU": pool("Nagy; Kovács; Tóth; Szabó; Horváth; Varga; Kiss; Molnár"),
    "RO": pool("Popescu; Ionescu; Popa; Dumitru; Stan; Stoica; Gheorghe; Rusu"),
    "SE": pool("Andersson; Johansson; Karlsson; Nilsson; Eriksson; Larsson; Persson; Olsson"),
    "CZ": pool("Novák; Svoboda; Dvořák; Černý; Procházka; Kučera; Veselý; Horák"),
    "DK": pool("Jensen; Nielsen; Hansen; Pedersen; Andersen; Christensen; Larsen; Sørensen"),
    "FR": pool("Martin; Bernard; Dubois; Durand; Lefebvre; Moreau; Laurent; Girard"),
    "BE": pool("Peeters; Janssens; Maes; Jacobs; Mertens; Willems; Claes; Goossens"),
    "PL": pool("Nowak; Kowalski; Wiśniewski; Wójcik; Kamiński; Lewandowski"),
    "US": pool("Smith; Johnson; Miller; Davis; Wilson; Anderson; Taylor; Moore"),
    "JP": pool("Sato; Suzuki; Takahashi; Tanaka; Watanabe; Ito"),
    "KR": pool("Kim; Lee; Park; Choi; Jung; Kang"),
}

COUNTRY_NAMES: dict[str, tuple[str, str]] = {
    "AT": ("Austria", "Austrian"),
    "DE": ("Germany", "German"),
    "IT": ("Italy", "Italian"),
    "HU": ("Hungary", "Hungarian"),
    "RO": ("Romania", "Romanian"),
    "SE": ("Sweden", "Swedish"),
    "CZ": ("Czechia", "Czech"),
    "DK": ("Denmark", "Danish"),
    "FR": ("France", "French"),
    "BE": ("Belgium", "Belgian"),
    "PL": ("Poland", "Polish"),
    "US": ("the United States", "American"),
    "JP": ("Japan", "Japanese"),
    "KR": ("South Korea", "South Korean"),
}

ROLES = pool(
    "chief executive; head of production; chief technology officer; plant manager; "
    "head of research; managing director; head of sustainability; operations director"
)

DEPARTMENTS = pool(
    "Department of Mechanical Engineering; Institute of Process Engineering; "
    "Department of Materials Science; Institute of Automation; Department of Chemical Engineering; "
    "Institute of Production Technology; Department of Electrical Engineering; "
    "Centre for Industrial Research"
)

INSTITUTIONS = pool(
    "Institute of Applied Research; Technology Campus; Engineering Research Centre; "
    "Applied Sciences Centre"
)


def person(country: str, rng: random.Random) -> tuple[str, str]:
    """A (first name, last name) pair typical of ``country``; unknown countries get US names."""
    key = country if country in FIRST_NAMES else "US"
    return rng.choice(FIRST_NAMES[key]), rng.choice(LAST_NAMES[key])


def full_name(country: str, rng: random.Random) -> str:
    first, last = person(country, rng)
    return f"{first} {last}"


def affiliation(city: str, rng: random.Random) -> str:
    """A research affiliation in ``city``: an invented institution in a real city."""
    return f"{rng.choice(DEPARTMENTS)}, {city} {rng.choice(INSTITUTIONS)}"
