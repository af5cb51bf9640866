-- Groups of rising terms that a run found a topic already holding (models/topics/term_seeds.py;
-- a seeded topic's own group is its origin). NULL for runs written before this column. A flag
-- in the monthly and yearly presets needs such a group or an origin in rising terms
-- (models/emergence/status.py).

ALTER TABLE topics ADD COLUMN rising_terms VARCHAR[];

COMMENT ON COLUMN topics.rising_terms IS 'Groups of rising terms this run found the topic already holding (a seeded topic''s own group is its origin); NULL before migration 0011';
