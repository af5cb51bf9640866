"""The topics stage: BERTopic refits, document placement, term-seeded topics and topic ids that stay
stable across runs."""
