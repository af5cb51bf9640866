-- How a topic was found: NULL for a cluster of the topic model, 'terms: a, b, …' for a topic
-- seeded by rising technology terms (models/topics/term_seeds.py), kept while the topic lives.

ALTER TABLE topics ADD COLUMN origin VARCHAR;
