"""Writers for the three feed formats the demo serves, byte for byte reproducible.

Each writer mirrors the element structure of real responses in ``shared/data/fixtures`` so the
demo exercises the same adapters as production sources:

- USPTO weekly bulk full text: ``us-patent-grant`` v4.5 documents, each with its own XML
  declaration and DOCTYPE, concatenated into one file (as in the USPTO's weekly ``ipg`` files;
  structure from ``fixtures/patents/uspto_fulltext/xml2014/US08926509.xml``);
- arXiv API Atom (``fixtures/arxiv_api/``): opensearch paging elements and ``arxiv:`` extensions;
- RSS 2.0 with ``dc:creator``.

The XML is written as text, not through a DOM, so attribute order and whitespace never change.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from email.utils import format_datetime
from hashlib import sha1
from xml.sax.saxutils import escape, quoteattr

from democorpus.spec import Cpc, Org


@dataclass(frozen=True)
class PatentRecord:
    """One granted patent as the demo writes it."""

    doc_number: str
    kind: str
    granted: date
    application_number: str
    filed: date
    title: str
    abstract: str
    claim: str
    background: str
    cpc: tuple[Cpc, ...]
    inventors: tuple[tuple[str, str, str, str], ...]
    assignee: Org
    examiner: tuple[str, str]

    @property
    def external_id(self) -> str:
        return f"US{self.doc_number}{self.kind}"


@dataclass(frozen=True)
class PaperRecord:
    """One arXiv entry; ``version`` > 1 marks a re-posted revision of an earlier paper."""

    arxiv_id: str
    version: int
    published: datetime
    updated: datetime
    title: str
    summary: str
    authors: tuple[tuple[str, str], ...]
    categories: tuple[str, ...]
    comment: str


@dataclass(frozen=True)
class NewsRecord:
    """One RSS item; ``guid`` is the canonical article URL except for syndicated copies."""

    guid: str
    link: str
    permalink: bool
    published: datetime
    title: str
    description: str
    creator: str
    category: str


def _d(value: date) -> str:
    return value.strftime("%Y%m%d")


def _atom_time(value: datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def _cpc_xml(code: Cpc, position: str, acted: date) -> str:
    return (
        "<classification-cpc>\n"
        "<cpc-version-indicator><date>20130101</date></cpc-version-indicator>\n"
        f"{_classification_xml(code, position, acted)}"
        "<scheme-origination-code>C</scheme-origination-code>\n"
        "</classification-cpc>\n"
    )


def _ipcr_xml(code: Cpc, position: str, acted: date) -> str:
    return (
        "<classification-ipcr>\n"
        "<ipc-version-indicator><date>20060101</date></ipc-version-indicator>\n"
        "<classification-level>A</classification-level>\n"
        f"{_classification_xml(code, position, acted)}"
        "</classification-ipcr>\n"
    )


def _classification_xml(code: Cpc, position: str, acted: date) -> str:
    """The elements a CPC and an IPC classification of the grant XML have in common."""
    section, klass, subclass, main_group, subgroup = code.parts()
    return (
        f"<section>{section}</section>\n<class>{klass}</class>\n<subclass>{subclass}</subclass>\n"
        f"<main-group>{main_group}</main-group>\n<subgroup>{subgroup}</subgroup>\n"
        f"<symbol-position>{position}</symbol-position>\n"
        "<classification-value>I</classification-value>\n"
        f"<action-date><date>{_d(acted)}</date></action-date>\n"
        "<generating-office><country>US</country></generating-office>\n"
        "<classification-status>B</classification-status>\n"
        "<classification-data-source>H</classification-data-source>\n"
    )


def _inventor_xml(sequence: int, inventor: tuple[str, str, str, str]) -> str:
    first, last, city, country = inventor
    return (
        f'<inventor sequence="{sequence:03d}" designation="us-only">\n<addressbook>\n'
        f"<last-name>{escape(last)}</last-name>\n<first-name>{escape(first)}</first-name>\n"
        f"<address>\n<city>{escape(city)}</city>\n<country>{country}</country>\n</address>\n"
        "</addressbook>\n</inventor>\n"
    )


def patent_xml(record: PatentRecord) -> str:
    """One ``us-patent-grant`` v4.5 document, declaration and DOCTYPE included."""
    main, *further = record.cpc
    granted = record.granted
    produced = granted - timedelta(days=17)
    number = record.doc_number
    org = record.assignee
    examiner_first, examiner_last = record.examiner
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<!DOCTYPE us-patent-grant SYSTEM "us-patent-grant-v45-2014-04-03.dtd" [ ]>\n'
        '<us-patent-grant lang="EN" dtd-version="v4.5 2014-04-03" '
        f'file="US{number}-{_d(granted)}.XML" status="PRODUCTION" id="us-patent-grant" '
        f'country="US" date-produced="{_d(produced)}" date-publ="{_d(granted)}">\n'
        "<us-bibliographic-data-grant>\n"
        "<publication-reference>\n<document-id>\n<country>US</country>\n"
        f"<doc-number>{number}</doc-number>\n<kind>{record.kind}</kind>\n"
        f"<date>{_d(granted)}</date>\n</document-id>\n</publication-reference>\n"
        '<application-reference appl-type="utility">\n<document-id>\n<country>US</country>\n'
        f"<doc-number>{record.application_number}</doc-number>\n<date>{_d(record.filed)}</date>\n"
        "</document-id>\n</application-reference>\n"
        f"<us-application-series-code>{record.application_number[:2]}"
        "</us-application-series-code>\n"
        "<classifications-ipcr>\n"
        + "".join(
            _ipcr_xml(code, "F" if i == 0 else "L", granted) for i, code in enumerate(record.cpc)
        )
        + "</classifications-ipcr>\n<classifications-cpc>\n<main-cpc>\n"
        + _cpc_xml(main, "F", granted)
        + "</main-cpc>\n"
        + (
            "<further-cpc>\n" + "".join(_cpc_xml(code, "L", granted) for code in further)
            if further
            else ""
        )
        + ("</further-cpc>\n" if further else "")
        + "</classifications-cpc>\n"
        f'<invention-title id="d2e{number[-3:]}">{escape(record.title)}</invention-title>\n'
        "<number-of-claims>1</number-of-claims>\n<us-exemplary-claim>1</us-exemplary-claim>\n"
        "<us-parties>\n<inventors>\n"
        + "".join(_inventor_xml(i, inv) for i, inv in enumerate(record.inventors, start=1))
        + "</inventors>\n</us-parties>\n"
        "<assignees>\n<assignee>\n<addressbook>\n"
        f"<orgname>{escape(org.name)}</orgname>\n<role>03</role>\n"
        f"<address>\n<city>{escape(org.city)}</city>\n<country>{org.country}</country>\n"
        "</address>\n</addressbook>\n</assignee>\n</assignees>\n"
        "<examiners>\n<primary-examiner>\n"
        f"<last-name>{escape(examiner_last)}</last-name>\n"
        f"<first-name>{escape(examiner_first)}</first-name>\n"
        "</primary-examiner>\n</examiners>\n"
        "</us-bibliographic-data-grant>\n"
        '<abstract id="abstract">\n'
        f'<p id="p-0001" num="0000">{escape(record.abstract)}</p>\n</abstract>\n'
        '<description id="description">\n'
        '<heading id="h-0001" level="1">BACKGROUND</heading>\n'
        f'<p id="p-0002" num="0001">{escape(record.background)}</p>\n'
        '<heading id="h-0002" level="1">SUMMARY</heading>\n'
        f'<p id="p-0003" num="0002">{escape(record.abstract)}</p>\n</description>\n'
        '<claims id="claims">\n<claim id="CLM-00001" num="00001">\n'
        f"<claim-text>{escape(record.claim)}</claim-text>\n</claim>\n</claims>\n"
        "</us-patent-grant>\n"
    )


def uspto_bulk(records: Sequence[PatentRecord]) -> bytes:
    """The week's grants concatenated, as the USPTO publishes its weekly bulk file."""
    return "".join(patent_xml(record) for record in records).encode()


def _atom_entry(paper: PaperRecord) -> str:
    versioned = f"{paper.arxiv_id}v{paper.version}"
    primary = paper.categories[0]
    return (
        "  <entry>\n"
        f"    <id>http://arxiv.org/abs/{versioned}</id>\n"
        f"    <title>{escape(paper.title)}</title>\n"
        f"    <updated>{_atom_time(paper.updated)}</updated>\n"
        f'    <link href="https://arxiv.org/abs/{versioned}" rel="alternate" type="text/html"/>\n'
        f'    <link href="https://arxiv.org/pdf/{versioned}" rel="related" '
        'type="application/pdf" title="pdf"/>\n'
        f"    <summary>{escape(paper.summary)}</summary>\n"
        + "".join(
            f'    <category term="{term}" scheme="http://arxiv.org/schemas/atom"/>\n'
            for term in paper.categories
        )
        + f"    <published>{_atom_time(paper.published)}</published>\n"
        f"    <arxiv:comment>{escape(paper.comment)}</arxiv:comment>\n"
        f'    <arxiv:primary_category term="{primary}"/>\n'
        + "".join(
            f"    <author>\n      <name>{escape(name)}</name>\n"
            f"      <arxiv:affiliation>{escape(affiliation)}</arxiv:affiliation>\n    </author>\n"
            for name, affiliation in paper.authors
        )
        + "  </entry>\n"
    )


def arxiv_atom(papers: Sequence[PaperRecord], *, start: date, end: date) -> bytes:
    """An arXiv API response listing the papers submitted from ``start`` to ``end``."""
    query = f"submittedDate:[{_d(start)}0000 TO {_d(end)}2359]"
    page = f"search_query={query}&id_list=&start=0&max_results=500"
    feed_id = sha1(page.encode()).hexdigest()[:27]
    updated = datetime(end.year, end.month, end.day, 20, 0, 0)
    return (
        "<?xml version='1.0' encoding='UTF-8'?>\n"
        '<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" '
        'xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns="http://www.w3.org/2005/Atom">\n'
        f"  <id>https://arxiv.org/api/{feed_id}</id>\n"
        f"  <title>arXiv Query: {escape(page)}</title>\n"
        f"  <updated>{_atom_time(updated)}</updated>\n"
        f"  <link href={quoteattr('https://arxiv.org/api/query?' + page)} "
        'type="application/atom+xml"/>\n'
        "  <opensearch:itemsPerPage>500</opensearch:itemsPerPage>\n"
        f"  <opensearch:totalResults>{len(papers)}</opensearch:totalResults>\n"
        "  <opensearch:startIndex>0</opensearch:startIndex>\n"
        + "".join(_atom_entry(paper) for paper in papers)
        + "</feed>\n"
    ).encode()


@dataclass(frozen=True)
class Channel:
    """An RSS channel of the demo: a trade publication on a reserved example domain."""

    file_name: str
    title: str
    host: str
    description: str


def rss_feed(channel: Channel, items: Sequence[NewsRecord], *, built: datetime) -> bytes:
    """An RSS 2.0 document with the week's items, newest first as publishers order them."""
    body = "".join(
        "<item>\n"
        f"<title>{escape(item.title)}</title>\n"
        f"<link>{escape(item.link)}</link>\n"
        f'<guid isPermaLink="{"true" if item.permalink else "false"}">{escape(item.guid)}</guid>\n'
        f"<pubDate>{format_datetime(item.published)}</pubDate>\n"
        f"<dc:creator>{escape(item.creator)}</dc:creator>\n"
        f"<category>{escape(item.category)}</category>\n"
        f"<description>{escape(item.description)}</description>\n"
        "</item>\n"
        for item in sorted(items, key=lambda item: (item.published, item.guid), reverse=True)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">\n<channel>\n'
        f"<title>{escape(channel.title)}</title>\n"
        f"<link>https://{channel.host}/</link>\n"
        f"<description>{escape(channel.description)}</description>\n"
        "<language>en</language>\n"
        f"<lastBuildDate>{format_datetime(built)}</lastBuildDate>\n"
        f"{body}</channel>\n</rss>\n"
    ).encode()
