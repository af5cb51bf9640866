"""Patent classes to industries: the Fraunhofer ISI probabilistic IPC → NACE concordance.

A patent's IPC/CPC class says what technology it is about, not which industry makes it. The
Fraunhofer ISI concordance (shipped in ``models/overlap/data/fraunhofer_isi_ipc3_nace2.csv``, source
cited there) bridges the two: for each 3-digit IPC class, the share of its transnational patent
filings (2014-2016) whose applicants belong to each NACE Rev.2 division. Averaging those shares
over a topic's patent classes gives P(NACE division | topic's patents).

The table is applicant-based, so divisions that patent a lot (C26 electronics, C28 machinery,
C20 chemicals) dominate many classes; callers should read a share as "who files these patents",
not as "who uses the technology".
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from models.overlap.regions import nace_codes

_IPC_CLASS = re.compile(r"^([A-H])\s*(\d{2})")


def _data_rows(name: str) -> list[dict[str, str]]:
    text = resources.files("models.overlap").joinpath(f"data/{name}").read_text(encoding="utf-8")
    return list(csv.DictReader(line for line in text.splitlines() if not line.startswith("#")))


@cache
def ipc_nace_shares() -> dict[str, dict[str, float]]:
    """P(NACE division | IPC class): ``{"B25": {"C28": 0.436, ...}, ...}``."""
    by_digits = {e.code[1:]: e.code for e in nace_codes().values() if e.level == "division"}
    table: dict[str, dict[str, float]] = {}
    for row in _data_rows("fraunhofer_isi_ipc3_nace2.csv"):
        table.setdefault(row["ipc3"], {})[by_digits[row["nace"]]] = float(row["share"])
    return table


@cache
def ipc_titles() -> dict[str, str]:
    """IPC section and class titles, in sentence case (the source writes them in capitals)."""
    return {row["code"]: row["title"].capitalize() for row in _data_rows("ipc_classes.csv")}


def ipc_class(code: str) -> str | None:
    """The 3-digit IPC class of an IPC or CPC symbol: ``H01M10/0525`` → ``H01``.

    CPC's Y section and anything that is not a classification symbol give ``None``.
    """
    match = _IPC_CLASS.match(code.strip().upper())
    return match.group(1) + match.group(2) if match else None


@dataclass(frozen=True)
class PatentIndustryProfile:
    """What a topic's patent classes say about industries.

    ``shares``: P(division | topic) over the mapped classes; ``classes``: how often each mapped
    3-digit class occurred; ``unmapped``: symbols the concordance does not cover.
    """

    shares: dict[str, float] = field(default_factory=dict)
    classes: Counter[str] = field(default_factory=Counter)
    unmapped: tuple[str, ...] = ()

    @property
    def n_mapped(self) -> int:
        """Number of class mentions the shares rest on."""
        return sum(self.classes.values())

    def contributors(self, nace: str, top: int = 3) -> list[tuple[str, int, float]]:
        """The classes that put most weight on ``nace``: (class, mentions, P(nace | class))."""
        table = ipc_nace_shares()
        ranked = sorted(
            ((c, n, table[c].get(nace, 0.0)) for c, n in self.classes.items()),
            key=lambda item: (-item[1] * item[2], item[0]),
        )
        return [item for item in ranked if item[2] > 0][:top]


def patent_industry_profile(codes: Iterable[str]) -> PatentIndustryProfile:
    """P(NACE division | patents) for a topic's IPC/CPC symbols (one entry per occurrence).

    Each occurrence counts once, so a class that many of the topic's patents carry weighs more.
    """
    table = ipc_nace_shares()
    classes: Counter[str] = Counter()
    unmapped: list[str] = []
    for code in codes:
        ipc3 = ipc_class(code)
        if ipc3 in table:
            classes[ipc3] += 1
        else:
            unmapped.append(code)
    total = sum(classes.values())
    shares: dict[str, float] = {}
    for ipc3, count in classes.items():
        for nace, share in table[ipc3].items():
            shares[nace] = shares.get(nace, 0.0) + share * count / total
    return PatentIndustryProfile(shares=shares, classes=classes, unmapped=tuple(unmapped))
