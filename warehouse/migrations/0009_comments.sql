-- What every table, view and column holds, stored in the database itself so that an analyst's
-- SQL client shows it (duckdb_tables(), duckdb_views(), duckdb_columns()). A later migration that
-- adds a table or column comments it too (tests/warehouse/test_analysts.py checks).

COMMENT ON TABLE schema_migrations IS 'Schema migrations applied to this file, one row each (warehouse/migrations)';
COMMENT ON COLUMN schema_migrations.version IS 'Migration number (the NNNN of its file name)';
COMMENT ON COLUMN schema_migrations.name IS 'File name of the migration';
COMMENT ON COLUMN schema_migrations.applied_at IS 'When it was applied (UTC)';

COMMENT ON TABLE sources IS 'Configured sources as of the last run (sources.toml), one row per source';
COMMENT ON COLUMN sources.source_id IS 'Name of the source in sources.toml';
COMMENT ON COLUMN sources.kind IS 'What it supplies: publication, patent or news';
COMMENT ON COLUMN sources.adapter IS 'How it is read: rss, arxiv, openalex, crossref, pubmed, uspto, epo, …';
COMMENT ON COLUMN sources.url IS 'Address fetched, secrets masked';
COMMENT ON COLUMN sources.enabled IS 'False when the source is configured but switched off';
COMMENT ON COLUMN sources.updated_at IS 'When a run last registered this configuration (UTC)';

COMMENT ON TABLE fetch_state IS 'Conditional-GET memory per source: validators of the last successful fetch';
COMMENT ON COLUMN fetch_state.source_id IS 'The source (sources.source_id)';
COMMENT ON COLUMN fetch_state.url IS 'Address the validators belong to, secrets masked';
COMMENT ON COLUMN fetch_state.etag IS 'ETag the server sent, replayed as If-None-Match';
COMMENT ON COLUMN fetch_state.last_modified IS 'Last-Modified the server sent, replayed as If-Modified-Since';
COMMENT ON COLUMN fetch_state.last_success IS 'Last fetch that succeeded (UTC)';
COMMENT ON COLUMN fetch_state.last_attempt IS 'Last fetch tried, successful or not (UTC)';

COMMENT ON TABLE fetch_log IS 'One row per HTTP attempt; the last attempt of a source in a run carries its item counts';
COMMENT ON COLUMN fetch_log.id IS 'Sequence number of the attempt';
COMMENT ON COLUMN fetch_log.run_id IS 'Run that made the attempt (runs.run_id)';
COMMENT ON COLUMN fetch_log.source_id IS 'Source fetched (sources.source_id)';
COMMENT ON COLUMN fetch_log.attempt IS 'Attempt number within the run, from 1';
COMMENT ON COLUMN fetch_log.url IS 'Address fetched, secrets masked';
COMMENT ON COLUMN fetch_log.started_at IS 'When the attempt started (UTC)';
COMMENT ON COLUMN fetch_log.finished_at IS 'When it ended (UTC)';
COMMENT ON COLUMN fetch_log.status IS 'ok, not_modified, partial, timeout, network_error, http_error, too_large, parse_error, …';
COMMENT ON COLUMN fetch_log.http_status IS 'HTTP status code, NULL when no response came';
COMMENT ON COLUMN fetch_log.bytes IS 'Bytes of the response body read';
COMMENT ON COLUMN fetch_log.items_seen IS 'Items in the response';
COMMENT ON COLUMN fetch_log.items_new IS 'Items stored as new documents';
COMMENT ON COLUMN fetch_log.items_rejected IS 'Malformed items skipped';
COMMENT ON COLUMN fetch_log.error IS 'What went wrong, as the operator reads it; NULL on success';
COMMENT ON COLUMN fetch_log.notes IS 'Warnings that did not stop the fetch (encoding, truncated feed, …)';

COMMENT ON TABLE runs IS 'One row per run: a weekly scan (weekly-2026-W47), an import, …';
COMMENT ON COLUMN runs.run_id IS 'Run identifier, e.g. weekly-2026-W47';
COMMENT ON COLUMN runs.flow IS 'What ran: weekly-scan, import, …';
COMMENT ON COLUMN runs.period IS 'ISO week the run covers (weekly runs)';
COMMENT ON COLUMN runs.status IS 'running, completed, partial (some sources failed), failed, …';
COMMENT ON COLUMN runs.started_at IS 'Start of the latest attempt (UTC)';
COMMENT ON COLUMN runs.finished_at IS 'End of the latest attempt (UTC); NULL while running';
COMMENT ON COLUMN runs.attempts IS 'How often the run was started (a resumed run counts again)';
COMMENT ON COLUMN runs.message IS 'Why it failed or which sources failed; NULL otherwise';

COMMENT ON TABLE run_stages IS 'One row per stage of a run (collect, terms, embed, topics, emergence, overlap, report)';
COMMENT ON COLUMN run_stages.run_id IS 'The run (runs.run_id)';
COMMENT ON COLUMN run_stages.stage IS 'Stage name';
COMMENT ON COLUMN run_stages.status IS 'completed or failed';
COMMENT ON COLUMN run_stages.started_at IS 'When the stage started (UTC)';
COMMENT ON COLUMN run_stages.finished_at IS 'When it ended (UTC)';
COMMENT ON COLUMN run_stages.seconds IS 'Wall time of the stage in seconds';
COMMENT ON COLUMN run_stages.counts IS 'What the stage counted (JSON), or its error';

COMMENT ON TABLE documents IS 'Every document collected or imported, stored once however many sources carried it';
COMMENT ON COLUMN documents.doc_id IS 'Horizon''s identifier of the document';
COMMENT ON COLUMN documents.external_id IS 'Identifier at the source (DOI, arXiv id, patent number, link, …), verbatim';
COMMENT ON COLUMN documents.kind IS 'publication, patent or news';
COMMENT ON COLUMN documents.title IS 'Title, cleaned of markup';
COMMENT ON COLUMN documents.text IS 'Abstract, summary or body text, cleaned of markup';
COMMENT ON COLUMN documents.url IS 'Link to the document at its source';
COMMENT ON COLUMN documents.published IS 'Publication, filing or posting date';
COMMENT ON COLUMN documents.period IS 'ISO week of the document (its date, else the week it was collected)';
COMMENT ON COLUMN documents.language IS 'Language code, declared or detected';
COMMENT ON COLUMN documents.authors IS 'Authors or inventors';
COMMENT ON COLUMN documents.orgs IS 'Organisations: affiliations, applicants, assignees';
COMMENT ON COLUMN documents.countries IS 'Country codes of the organisations';
COMMENT ON COLUMN documents.classes IS 'Patent classes (IPC/CPC), normalised';
COMMENT ON COLUMN documents.source_id IS 'First source the document came from (all: document_sources)';
COMMENT ON COLUMN documents.first_run IS 'Run that stored it first (runs.run_id)';
COMMENT ON COLUMN documents.first_seen IS 'When it was stored first (UTC)';
COMMENT ON COLUMN documents.metadata IS 'Other fields of the source record (JSON)';

COMMENT ON TABLE document_keys IS 'Every identity a document is known by, for de-duplication (extractors/normalize.py)';
COMMENT ON COLUMN document_keys.key IS 'doi:…, arxiv:…, patent:…, url:… or title:… key';
COMMENT ON COLUMN document_keys.doc_id IS 'The document (documents.doc_id)';

COMMENT ON TABLE document_sources IS 'Every source a document was seen in';
COMMENT ON COLUMN document_sources.doc_id IS 'The document (documents.doc_id)';
COMMENT ON COLUMN document_sources.source_id IS 'The source (sources.source_id)';
COMMENT ON COLUMN document_sources.run_id IS 'Run that first saw the document in this source';
COMMENT ON COLUMN document_sources.seen_at IS 'When (UTC)';

COMMENT ON TABLE doc_terms IS 'Technology terms of each document with their counts';
COMMENT ON COLUMN doc_terms.doc_id IS 'The document (documents.doc_id)';
COMMENT ON COLUMN doc_terms.term IS 'Canonical spelling of the term (terms.term)';
COMMENT ON COLUMN doc_terms.count IS 'Occurrences in the document';

COMMENT ON TABLE doc_terms_done IS 'Documents the terms stage has read (a document without terms is done too)';
COMMENT ON COLUMN doc_terms_done.doc_id IS 'The document (documents.doc_id)';
COMMENT ON COLUMN doc_terms_done.n_terms IS 'Distinct terms found';
COMMENT ON COLUMN doc_terms_done.run_id IS 'Run that read it';
COMMENT ON COLUMN doc_terms_done.done_at IS 'When (UTC)';

COMMENT ON TABLE terms IS 'Corpus vocabulary, rebuilt from doc_terms by every terms stage';
COMMENT ON COLUMN terms.term IS 'Canonical spelling';
COMMENT ON COLUMN terms.df IS 'Documents that use it';
COMMENT ON COLUMN terms.total_count IS 'Occurrences over all documents';
COMMENT ON COLUMN terms.n_words IS 'Words in the term';
COMMENT ON COLUMN terms.cvalue IS 'C-value termhood of a multi-word term';
COMMENT ON COLUMN terms.first_seen IS 'First ISO week a document used it';
COMMENT ON COLUMN terms.kinds IS 'Document kinds it occurs in';
COMMENT ON COLUMN terms.is_acronym IS 'True for an acronym';
COMMENT ON COLUMN terms.long_form IS 'What the acronym stands for, when defined in the documents';
COMMENT ON COLUMN terms.admitted IS 'Passes the termhood tests: part of the usable vocabulary';

COMMENT ON TABLE term_aliases IS 'Acronyms defined in the documents, e.g. "metal-organic framework (MOF)"';
COMMENT ON COLUMN term_aliases.alias IS 'The acronym, lower case';
COMMENT ON COLUMN term_aliases.term IS 'The term it stands for';
COMMENT ON COLUMN term_aliases.n_docs IS 'Documents that defined it that way';

COMMENT ON TABLE embeddings IS 'Sentence embedding per document and model, computed once and kept';
COMMENT ON COLUMN embeddings.doc_id IS 'The document (documents.doc_id)';
COMMENT ON COLUMN embeddings.model IS 'Embedding model name';
COMMENT ON COLUMN embeddings.vector IS 'L2-normalised vector: array_inner_product is cosine similarity';
COMMENT ON COLUMN embeddings.created_at IS 'When it was computed (UTC)';

COMMENT ON TABLE topic_runs IS 'One row per topic-model run: a weekly run or a backtest period';
COMMENT ON COLUMN topic_runs.run_id IS 'The run (runs.run_id for weekly runs)';
COMMENT ON COLUMN topic_runs.series IS 'Chain of runs it belongs to: weekly, or a backtest''s own series';
COMMENT ON COLUMN topic_runs.period IS 'Period modelled (ISO week, month or year)';
COMMENT ON COLUMN topic_runs.period_end IS 'Last day of the period';
COMMENT ON COLUMN topic_runs.window_start IS 'First day of the rolling window of documents';
COMMENT ON COLUMN topic_runs.model_kind IS 'refit (window clustered afresh) or assign (new documents placed in the previous topics)';
COMMENT ON COLUMN topic_runs.embed_model IS 'Embedding model used';
COMMENT ON COLUMN topic_runs.previous_run_id IS 'Run of the same series this one continued from';
COMMENT ON COLUMN topic_runs.n_docs IS 'Documents in the window';
COMMENT ON COLUMN topic_runs.n_new_docs IS 'Documents new since the previous run';
COMMENT ON COLUMN topic_runs.n_outliers IS 'Documents in no topic';
COMMENT ON COLUMN topic_runs.outlier_share IS 'n_outliers / n_docs';
COMMENT ON COLUMN topic_runs.n_topics IS 'Topics found';
COMMENT ON COLUMN topic_runs.n_born IS 'Topics new in this run';
COMMENT ON COLUMN topic_runs.next_topic_number IS 'Next free topic number (ids are never reused)';
COMMENT ON COLUMN topic_runs.runs_since_refit IS 'Assign runs since the last refit';
COMMENT ON COLUMN topic_runs.docs_at_refit IS 'Window size at the last refit';
COMMENT ON COLUMN topic_runs.params IS 'Topic-model parameters in force (JSON)';
COMMENT ON COLUMN topic_runs.created_at IS 'When the run was stored (UTC)';

COMMENT ON TABLE topics IS 'Topics of each run; topic ids (T0001, …) are stable across runs';
COMMENT ON COLUMN topics.run_id IS 'The run (topic_runs.run_id)';
COMMENT ON COLUMN topics.topic_id IS 'Stable topic id';
COMMENT ON COLUMN topics.label IS 'Readable label from the topic''s top terms';
COMMENT ON COLUMN topics.terms IS 'Top terms, best first';
COMMENT ON COLUMN topics.size IS 'Documents in the topic in this run''s window';
COMMENT ON COLUMN topics.centroid IS 'Mean embedding of its documents, L2-normalised';
COMMENT ON COLUMN topics.first_period IS 'ISO week of the topic''s earliest document when it was born';
COMMENT ON COLUMN topics.born_run IS 'Run that created the id';
COMMENT ON COLUMN topics.origin IS 'NULL for a cluster of the topic model; ''terms: a, b, …'' for a topic seeded by rising terms';

COMMENT ON TABLE doc_topics IS 'Topic of every document in a run''s window';
COMMENT ON COLUMN doc_topics.run_id IS 'The run (topic_runs.run_id)';
COMMENT ON COLUMN doc_topics.doc_id IS 'The document (documents.doc_id)';
COMMENT ON COLUMN doc_topics.topic_id IS 'Its topic; NULL for an outlier';
COMMENT ON COLUMN doc_topics.probability IS 'Cosine similarity of the document to its topic''s centroid';

COMMENT ON TABLE topic_lineage IS 'How each topic of a run relates to the previous run''s topics';
COMMENT ON COLUMN topic_lineage.run_id IS 'The run (topic_runs.run_id)';
COMMENT ON COLUMN topic_lineage.topic_id IS 'Topic of this run';
COMMENT ON COLUMN topic_lineage.relation IS 'born, continued, merged_from or split_from';
COMMENT ON COLUMN topic_lineage.other_topic_id IS 'Topic of the previous run it relates to; NULL when born';
COMMENT ON COLUMN topic_lineage.similarity IS 'Centroid similarity to that topic';

COMMENT ON TABLE topic_weekly IS 'Documents per topic, ISO week and kind over a run''s window';
COMMENT ON COLUMN topic_weekly.run_id IS 'The run (topic_runs.run_id)';
COMMENT ON COLUMN topic_weekly.topic_id IS 'The topic; NULL counts the outliers';
COMMENT ON COLUMN topic_weekly.period IS 'ISO week of the documents';
COMMENT ON COLUMN topic_weekly.kind IS 'publication, patent or news';
COMMENT ON COLUMN topic_weekly.n_docs IS 'Documents';

COMMENT ON TABLE topic_scores IS 'Emergence score, status and reasons of every topic of a run';
COMMENT ON COLUMN topic_scores.run_id IS 'The run (topic_runs.run_id)';
COMMENT ON COLUMN topic_scores.topic_id IS 'The topic (topics.topic_id)';
COMMENT ON COLUMN topic_scores.period IS 'Period scored (ISO week for weekly runs)';
COMMENT ON COLUMN topic_scores.rank IS 'Rank by score in the run, 1 = best';
COMMENT ON COLUMN topic_scores.status IS 'new, emerging, growing, stable, declining or burst';
COMMENT ON COLUMN topic_scores.score IS 'Combined emergence score (higher = more emerging)';
COMMENT ON COLUMN topic_scores.share_recent IS 'Share of all documents in the recent window';
COMMENT ON COLUMN topic_scores.share_base IS 'Share of all documents in the base window before it';
COMMENT ON COLUMN topic_scores.growth IS 'Smoothed growth of the share, recent against base';
COMMENT ON COLUMN topic_scores.age IS 'Periods since the topic''s first document';
COMMENT ON COLUMN topic_scores.first_period IS 'Period of its first document within the scoring window';
COMMENT ON COLUMN topic_scores.burst IS 'True when the topic is in a Kleinberg burst in the scored period';
COMMENT ON COLUMN topic_scores.burst_weight IS 'Weight of its latest burst (0 without one)';
COMMENT ON COLUMN topic_scores.porter IS 'Porter-style emergence score (EScore)';
COMMENT ON COLUMN topic_scores.n_sources IS 'Distinct sources of its documents';
COMMENT ON COLUMN topic_scores.n_orgs IS 'Distinct organisations';
COMMENT ON COLUMN topic_scores.n_countries IS 'Distinct countries';
COMMENT ON COLUMN topic_scores.kinds_order IS 'Order in which the document kinds appeared, e.g. publication→patent→news';
COMMENT ON COLUMN topic_scores.reasons IS 'Why the topic has its status, for the report';
COMMENT ON COLUMN topic_scores.held_back IS 'Status an evidence rule held back (new or emerging); NULL when none did';

COMMENT ON TABLE term_scores IS 'Rising technology terms of a run';
COMMENT ON COLUMN term_scores.run_id IS 'The run';
COMMENT ON COLUMN term_scores.term IS 'The term (terms.term)';
COMMENT ON COLUMN term_scores.rank IS 'Rank in the run, 1 = best';
COMMENT ON COLUMN term_scores.porter IS 'Porter-style emergence score (EScore)';
COMMENT ON COLUMN term_scores.eligible IS 'Meets the Porter emergence criteria';
COMMENT ON COLUMN term_scores.growth IS 'Growth of the term''s share, recent against base';
COMMENT ON COLUMN term_scores.first_period IS 'First period a document used it';
COMMENT ON COLUMN term_scores.reasons IS 'Why it ranks where it does';

COMMENT ON TABLE topic_region IS 'Relevance of every topic of a run to every region profile';
COMMENT ON COLUMN topic_region.run_id IS 'The run';
COMMENT ON COLUMN topic_region.topic_id IS 'The topic (topics.topic_id)';
COMMENT ON COLUMN topic_region.region_id IS 'Region profile id (regions.toml)';
COMMENT ON COLUMN topic_region.relevance IS 'Relevance to the region, 0-100';
COMMENT ON COLUMN topic_region.industries IS 'NACE codes of the region''s industries the topic relates to';
COMMENT ON COLUMN topic_region.cross_link IS 'True when the topic links two or more of the region''s industries';
COMMENT ON COLUMN topic_region.partners IS 'Other regions with complementary industries for the topic';
COMMENT ON COLUMN topic_region.evidence IS 'Why, in words';
COMMENT ON COLUMN topic_region.detail IS 'Per-industry and per-partner similarities (JSON)';

COMMENT ON VIEW latest_week IS 'The last weekly run that wrote its report (completed or partial)';
COMMENT ON COLUMN latest_week.run_id IS 'The run (runs.run_id)';
COMMENT ON COLUMN latest_week.week IS 'Its ISO week';
COMMENT ON COLUMN latest_week.status IS 'completed, or partial when some sources failed';
COMMENT ON COLUMN latest_week.finished_at IS 'When it finished (UTC)';

COMMENT ON VIEW latest_topics IS 'Topics of the last reported week (latest_week)';
COMMENT ON COLUMN latest_topics.week IS 'ISO week of the run';
COMMENT ON COLUMN latest_topics.run_id IS 'The run';
COMMENT ON COLUMN latest_topics.topic_id IS 'Stable topic id';
COMMENT ON COLUMN latest_topics.label IS 'Readable label';
COMMENT ON COLUMN latest_topics.terms IS 'Top terms, best first';
COMMENT ON COLUMN latest_topics.size IS 'Documents in the topic in the window';
COMMENT ON COLUMN latest_topics.first_period IS 'ISO week of its earliest document when born';
COMMENT ON COLUMN latest_topics.born_run IS 'Run that created the id';
COMMENT ON COLUMN latest_topics.origin IS 'NULL for a model cluster; ''terms: …'' for a term-seeded topic';

COMMENT ON VIEW latest_scores IS 'Emergence scores of the last reported week, with topic labels';
COMMENT ON COLUMN latest_scores.week IS 'ISO week of the run';
COMMENT ON COLUMN latest_scores.run_id IS 'The run';
COMMENT ON COLUMN latest_scores.topic_id IS 'Stable topic id';
COMMENT ON COLUMN latest_scores.label IS 'Readable label';
COMMENT ON COLUMN latest_scores.rank IS 'Rank by score, 1 = best';
COMMENT ON COLUMN latest_scores.status IS 'new, emerging, growing, stable, declining or burst';
COMMENT ON COLUMN latest_scores.score IS 'Combined emergence score';
COMMENT ON COLUMN latest_scores.share_recent IS 'Share of all documents in the recent window';
COMMENT ON COLUMN latest_scores.share_base IS 'Share in the base window';
COMMENT ON COLUMN latest_scores.growth IS 'Smoothed share growth';
COMMENT ON COLUMN latest_scores.age IS 'Periods since the first document';
COMMENT ON COLUMN latest_scores.first_period IS 'Period of the first document in the window';
COMMENT ON COLUMN latest_scores.burst IS 'In a burst this week';
COMMENT ON COLUMN latest_scores.burst_weight IS 'Weight of the latest burst';
COMMENT ON COLUMN latest_scores.porter IS 'Porter-style emergence score';
COMMENT ON COLUMN latest_scores.n_sources IS 'Distinct sources';
COMMENT ON COLUMN latest_scores.n_orgs IS 'Distinct organisations';
COMMENT ON COLUMN latest_scores.n_countries IS 'Distinct countries';
COMMENT ON COLUMN latest_scores.kinds_order IS 'Order the document kinds appeared in';
COMMENT ON COLUMN latest_scores.reasons IS 'Why the topic has its status';
COMMENT ON COLUMN latest_scores.held_back IS 'Status an evidence rule held back, else NULL';

COMMENT ON VIEW latest_overlaps IS 'Topic x region relevance of the last reported week, with topic labels';
COMMENT ON COLUMN latest_overlaps.week IS 'ISO week of the run';
COMMENT ON COLUMN latest_overlaps.run_id IS 'The run';
COMMENT ON COLUMN latest_overlaps.topic_id IS 'Stable topic id';
COMMENT ON COLUMN latest_overlaps.label IS 'Readable label';
COMMENT ON COLUMN latest_overlaps.region_id IS 'Region profile id';
COMMENT ON COLUMN latest_overlaps.relevance IS 'Relevance to the region, 0-100';
COMMENT ON COLUMN latest_overlaps.industries IS 'NACE codes of the related industries';
COMMENT ON COLUMN latest_overlaps.cross_link IS 'Links two or more of the region''s industries';
COMMENT ON COLUMN latest_overlaps.partners IS 'Regions with complementary industries';
COMMENT ON COLUMN latest_overlaps.evidence IS 'Why, in words';
COMMENT ON COLUMN latest_overlaps.detail IS 'Per-industry and per-partner similarities (JSON)';
