"""XML attacks in feeds and patent files, collected by a real run: refused or inert, and
nothing read from disk or the network.

The sources are the ``xml-*`` entries of :mod:`tests.reliability.site` in ``fault_run``: each
attack of :mod:`tests.reliability.xml_attacks` as an RSS feed, inside a USPTO weekly bulk file
and as EPO documents behind an index. The loopback server serves the DTDs the attacks name, so
had any parser fetched one, its request would be in the server's log. The adapters' own tests
(``tests/extractors/test_rss.py``, ``test_uspto.py``, ``test_epo.py``, ``test_safe_xml.py``,
``test_arxiv.py``, ``test_pubmed.py``) check each parser alone.
"""

from __future__ import annotations

import pytest

from tests.reliability import xml_attacks
from tests.reliability.conftest import FaultRun
from tests.reliability.site import SECRET, WEEK
from warehouse.connection import open_warehouse

pytestmark = pytest.mark.slow
REFUSED = "refused XML: its DOCTYPE declares entities"


def test_no_dtd_is_ever_requested(fault_run: FaultRun) -> None:
    requests = fault_run.site.server.requests
    assert "/xml/uspto/ipg260127.xml" in requests and "/xml/rss/external-dtd" in requests
    assert [r for r in requests if r in xml_attacks.DTD_PATHS or r.endswith(".dtd")] == []


def test_the_secret_file_is_read_by_nothing(fault_run: FaultRun) -> None:
    like = f"%{SECRET}%"
    with open_warehouse(fault_run.db, read_only=True) as wh:
        leaked = wh.con.execute(
            "SELECT count(*) FROM documents WHERE title LIKE $s OR text LIKE $s"
            " OR CAST(metadata AS VARCHAR) LIKE $s",
            {"s": like},
        ).fetchone()[0]
        logged = wh.con.execute(
            "SELECT count(*) FROM fetch_log WHERE error LIKE $s OR notes LIKE $s", {"s": like}
        ).fetchone()[0]
    assert (leaked, logged) == (0, 0)
    written = [p for p in fault_run.report.rglob("*") if p.is_file()]
    assert written and not [p for p in written if SECRET in p.read_text(encoding="utf-8")]


REFUSED_ITEMS = {
    # documents 1, 2 and 4 of the bulk file declare entities; 3 names an external DTD
    "xml-uspto": [f"document {n} in ipg260127.xml" for n in (1, 2, 4)],
    "xml-epo": [f"/xml/epo/{a}.xml" for a in ("billion-laughs", "external-entity",
                                              "parameter-entity")],
}  # fmt: skip


@pytest.mark.parametrize("source_id", sorted(REFUSED_ITEMS))
def test_patent_documents_with_entity_declarations_are_refused(
    fault_run: FaultRun, source_id: str
) -> None:
    with open_warehouse(fault_run.db, read_only=True) as wh:
        status, rejected, notes = wh.con.execute(
            "SELECT status, items_rejected, notes FROM fetch_log WHERE run_id = ?"
            " AND source_id = ? ORDER BY attempt DESC LIMIT 1",
            [f"weekly-{WEEK}", source_id],
        ).fetchone()
        titles = wh.con.execute(
            "SELECT d.title FROM documents d JOIN document_sources s USING (doc_id)"
            " WHERE s.source_id = ?",
            [source_id],
        ).fetchall()
    assert (status, rejected) == ("partial", 3)
    base = fault_run.site.server.base_url if source_id == "xml-epo" else ""
    refused = [f"rejected: {base}{item}: {REFUSED}" for item in REFUSED_ITEMS[source_id]]
    assert [line for line in refused if line not in notes] == []
    # the external-DTD document parses without its DTD; the entity it defined is dropped
    assert titles == [("Attack",)]


@pytest.mark.parametrize("attack", xml_attacks.ATTACKS)
def test_feed_attacks_stay_literal_text(fault_run: FaultRun, attack: str) -> None:
    with open_warehouse(fault_run.db, read_only=True) as wh:
        titles = wh.con.execute(
            "SELECT d.title, d.text FROM documents d JOIN document_sources s USING (doc_id)"
            " WHERE s.source_id = ?",
            [f"xml-rss-{attack}"],
        ).fetchall()
        notes = wh.con.execute(
            "SELECT notes FROM fetch_log WHERE source_id = ?", [f"xml-rss-{attack}"]
        ).fetchone()[0]
    ((title, text),) = titles
    assert title.startswith("Attack &") and title.endswith("; here") and len(title) < 40
    assert len(text) < 40
    assert notes.startswith("warning: feed is not well-formed: ")
