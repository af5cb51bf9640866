"""The benchmark's scaled demo: replicas that never share an identity, sizes that nest."""

from __future__ import annotations

from collections import Counter

from benchmarks.corpus import ScaledDemo, document_keys
from democorpus.records import WeekRecords
from extractors.normalize import normalize_title


def identities(records: list[WeekRecords]) -> Counter[str]:
    """Everything Horizon would recognise a document by (see extractors/normalize.py)."""
    seen: Counter[str] = Counter()
    for week in records:
        seen.update(f"patent:{p.external_id}" for p in week.patents)
        seen.update(f"arxiv:{p.arxiv_id}" for p in week.papers if p.version == 1)
        seen.update(f"title:{normalize_title(p.title)}" for p in week.papers if p.version == 1)
        for items in week.news.values():
            seen.update(f"url:{n.link.partition('?')[0]}" for n in items if n.permalink)
            seen.update(f"guid:{n.guid}" for n in items)
    return seen


def test_replicas_and_the_new_week_share_no_identifier_and_hold_the_sizes_asked() -> None:
    demo = ScaledDemo(2025)
    base = [records for weeks in demo.base(12_000) for _, records in weeks]
    volume, new = demo.new_week(500)

    assert len(demo.replicas) == 3  # two for the base (the second thinned), one more for W52
    assert sum(len(document_keys(r)) for r in base) == 12_000
    assert len(document_keys(new)) == 500
    assert volume.label == "2025-W52"
    shared = {key: n for key, n in identities([*base, new]).items() if n > 1}
    assert shared == {}


def test_a_smaller_corpus_is_part_of_a_larger_one() -> None:
    def keys(documents: int) -> set[str]:
        return {
            key
            for weeks in ScaledDemo(2025).base(documents)
            for _, records in weeks
            for key in document_keys(records)
        }

    small, large = keys(3_000), keys(11_000)
    assert len(small) == 3_000 and len(large) == 11_000
    assert small < large
