-- The earlier topic a topic continues when the continuation rule held it back
-- (models/emergence/continuation.py). Later runs compare their topics with these as well as with
-- the flags, so a subject that keeps coming back as new topics (the daily tallies of an epidemic)
-- is recognised from its latest form, not only from its first.

ALTER TABLE topic_scores ADD COLUMN continues VARCHAR;

COMMENT ON COLUMN topic_scores.continues IS 'Earlier topic (flagged, or itself a continuation) this topic continues, when that held it back; NULL otherwise and before migration 0012';
