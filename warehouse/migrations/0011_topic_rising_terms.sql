-- The rising terms a run found in each topic: those of the group that seeded it, or of a group
-- of rising terms the topic already held (models/topics/term_seeds.py). NULL for runs written
-- before this column; a flag in the monthly and yearly presets needs this corroboration or an
-- origin in rising terms (models/emergence/status.py).

ALTER TABLE topics ADD COLUMN rising_terms VARCHAR[];

COMMENT ON COLUMN topics.rising_terms IS 'Rising terms this run found in the topic (its seed group, or a group it already held); NULL before migration 0011';
