"""What the demo acceptance test (``tests/pipelines/test_demo_run.py``) holds every planted
emerging topic to. The README states the same figures; ``tests/test_readme.py`` reads them from
here so that the two cannot drift apart."""

from __future__ import annotations

# A planted emerging topic is first flagged in its onset week or at most this many weeks later.
MAX_FLAG_LEAD_WEEKS = 6
# ... and in a week where its documents are still below this share of the week's documents.
MAX_SHARE_AT_FLAG = 0.03
