"""The emergence stage: which topics and terms are rising, from their counts per period (the scoring
is pure; only the stage reads and writes the warehouse)."""
