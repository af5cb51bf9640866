"""XML that attacks the parser, in the three shapes Horizon reads: RSS, USPTO and EPO documents.

Four attacks, each aimed at reading something it must not or at exhausting memory:

- ``billion-laughs``: ten levels of entities, each ten of the one below (10^9 "lol"s);
- ``external-entity``: an entity whose value is a local file (the test's secret);
- ``external-dtd``: a DOCTYPE naming a DTD on the loopback server, which defines an entity
  holding the secret file;
- ``parameter-entity``: an internal subset that pulls the same DTD in through ``%remote;``.

The loopback server serves both DTDs, so a parser that fetched one leaves a request in its log.
"""

from __future__ import annotations

from pathlib import Path

ATTACKS = ("billion-laughs", "external-entity", "external-dtd", "parameter-entity")
DTD_PATHS = ("/attack/evil.dtd", "/attack/remote.dtd")


def dtd(secret: Path) -> bytes:
    return f'<!ENTITY stolen SYSTEM "{secret.as_uri()}">'.encode()


def prolog(attack: str, root: str, secret: Path, base_url: str) -> tuple[str, str]:
    """(XML declaration and DOCTYPE, the entity reference to put in a text field)."""
    head = '<?xml version="1.0" encoding="UTF-8"?>\n'
    if attack == "billion-laughs":
        levels = ['<!ENTITY l0 "lol">'] + [
            f'<!ENTITY l{n} "{f"&l{n - 1};" * 10}">' for n in range(1, 10)
        ]
        return f"{head}<!DOCTYPE {root} [{''.join(levels)}]>\n", "&l9;"
    if attack == "external-entity":
        return f'{head}<!DOCTYPE {root} [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>\n', "&xxe;"
    if attack == "external-dtd":
        return f'{head}<!DOCTYPE {root} SYSTEM "{base_url}{DTD_PATHS[0]}">\n', "&stolen;"
    if attack == "parameter-entity":
        subset = f'<!ENTITY % remote SYSTEM "{base_url}{DTD_PATHS[1]}"> %remote;'
        return f"{head}<!DOCTYPE {root} [{subset}]>\n", "&stolen;"
    raise ValueError(attack)


def rss_attack(attack: str, secret: Path, base_url: str) -> bytes:
    head, ref = prolog(attack, "rss", secret, base_url)
    return (
        f'{head}<rss version="2.0"><channel><title>Attack feed</title>'
        f"<item><guid>{attack}</guid><title>Attack {ref} here</title>"
        f"<description>Payload {ref} end</description></item></channel></rss>\n"
    ).encode()


def uspto_attack(attack: str, secret: Path, base_url: str) -> bytes:
    head, ref = prolog(attack, "us-patent-grant", secret, base_url)
    return (
        f'{head}<us-patent-grant lang="EN" file="US09999999-20260127.XML">'
        "<us-bibliographic-data-grant><publication-reference><document-id><country>US</country>"
        "<doc-number>09999999</doc-number><kind>B2</kind><date>20260127</date></document-id>"
        f"</publication-reference><invention-title>Attack {ref}</invention-title>"
        f"</us-bibliographic-data-grant><abstract><p>{ref}</p></abstract></us-patent-grant>\n"
    ).encode()


def epo_attack(attack: str, secret: Path, base_url: str) -> bytes:
    head, ref = prolog(attack, "ep-patent-document", secret, base_url)
    return (
        f'{head}<ep-patent-document country="EP" doc-number="4999999" kind="A1" lang="en">'
        "<SDOBI><B100><B110>4999999</B110><B130>A1</B130><B140><date>20260128</date></B140>"
        f"</B100><B500><B540><B541>en</B541><B542>Attack {ref}</B542></B540></B500></SDOBI>"
        f'<abstract lang="en"><p>{ref}</p></abstract></ep-patent-document>\n'
    ).encode()
