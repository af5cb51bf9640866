-- The status a topic would have had if an evidence rule had not held it back ('new' or
-- 'emerging'; NULL when no rule intervened), so reports can say what was held back and why.

ALTER TABLE topic_scores ADD COLUMN held_back VARCHAR;
