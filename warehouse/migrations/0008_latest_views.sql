-- The last week at a glance, for analysts: the most recent weekly run that wrote its report
-- ('completed', or 'partial' when some sources failed) and its topics, scores and region
-- overlaps. The views follow the runs table, so they move on when the next week finishes and
-- never show a week that is still being written.

CREATE VIEW latest_week AS
SELECT run_id, period AS week, status, finished_at
FROM runs
WHERE flow = 'weekly-scan' AND status IN ('completed', 'partial')
ORDER BY period DESC
LIMIT 1;

CREATE VIEW latest_topics AS
SELECT w.week, t.run_id, t.topic_id, t.label, t.terms, t.size, t.first_period, t.born_run,
       t.origin
FROM topics t JOIN latest_week w ON t.run_id = w.run_id;

CREATE VIEW latest_scores AS
SELECT w.week, s.run_id, s.topic_id, t.label, s.rank, s.status, s.score, s.share_recent,
       s.share_base, s.growth, s.age, s.first_period, s.burst, s.burst_weight, s.porter,
       s.n_sources, s.n_orgs, s.n_countries, s.kinds_order, s.reasons, s.held_back
FROM topic_scores s
JOIN latest_week w ON s.run_id = w.run_id
LEFT JOIN topics t ON t.run_id = s.run_id AND t.topic_id = s.topic_id;

CREATE VIEW latest_overlaps AS
SELECT w.week, r.run_id, r.topic_id, t.label, r.region_id, r.relevance, r.industries,
       r.cross_link, r.partners, r.evidence, r.detail
FROM topic_region r
JOIN latest_week w ON r.run_id = w.run_id
LEFT JOIN topics t ON t.run_id = r.run_id AND t.topic_id = r.topic_id;
