-- Embeddings cache, topic runs, topics and their document assignments, lineage across runs.

-- One vector per document and embedding model, computed once and kept for good. Vectors are
-- L2-normalised, so array_inner_product equals cosine similarity.
CREATE TABLE embeddings (
    doc_id      VARCHAR NOT NULL,
    model       VARCHAR NOT NULL,
    vector      FLOAT[384] NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (doc_id, model)
);

-- One row per topic-model run. model_kind: 'refit' (the window clustered afresh, identities
-- matched to the previous run) or 'assign' (new documents placed in the previous run's topics).
-- Runs form chains by series ('weekly', or a backtest's own series); previous_run_id is the run
-- of the same series this one continued from; next_topic_number is the id high-water mark after
-- this run (ids are never reused); runs_since_refit counts assign runs since the last refit and
-- docs_at_refit is the window size at that refit, so the refit schedule depends only on the
-- chain of runs, not on the clock.
CREATE TABLE topic_runs (
    run_id             VARCHAR PRIMARY KEY,
    series             VARCHAR NOT NULL,
    period             VARCHAR NOT NULL,
    period_end         DATE NOT NULL,
    window_start       DATE NOT NULL,
    model_kind         VARCHAR NOT NULL CHECK (model_kind IN ('refit', 'assign')),
    embed_model        VARCHAR NOT NULL,
    previous_run_id    VARCHAR,
    n_docs             INTEGER NOT NULL,
    n_new_docs         INTEGER NOT NULL,
    n_outliers         INTEGER NOT NULL,
    outlier_share      DOUBLE NOT NULL,
    n_topics           INTEGER NOT NULL,
    n_born             INTEGER NOT NULL,
    next_topic_number  INTEGER NOT NULL,
    runs_since_refit   INTEGER NOT NULL,
    docs_at_refit      INTEGER NOT NULL,
    params             JSON NOT NULL,
    created_at         TIMESTAMP NOT NULL
);

-- The topics of a run. Ids (T0001, …) are stable across runs; first_period is the period of the
-- topic's earliest document when it was born, born_run the run that created the id.
CREATE TABLE topics (
    run_id        VARCHAR NOT NULL,
    topic_id      VARCHAR NOT NULL,
    label         VARCHAR NOT NULL,
    terms         VARCHAR[] NOT NULL,
    size          INTEGER NOT NULL,
    centroid      FLOAT[384] NOT NULL,
    first_period  VARCHAR NOT NULL,
    born_run      VARCHAR NOT NULL,
    PRIMARY KEY (run_id, topic_id)
);

-- Every document of the run's window; topic_id NULL marks an outlier (no topic).
-- probability: cosine similarity of the document to its topic's centroid.
CREATE TABLE doc_topics (
    run_id       VARCHAR NOT NULL,
    doc_id       VARCHAR NOT NULL,
    topic_id     VARCHAR,
    probability  DOUBLE,
    PRIMARY KEY (run_id, doc_id)
);

-- How each topic of a run relates to the previous run's topics: 'continued' (same id),
-- 'born' (new id, other_topic_id NULL), 'merged_from' (a previous topic absorbed into this one),
-- 'split_from' (a new topic carved out of a previous one).
CREATE TABLE topic_lineage (
    run_id          VARCHAR NOT NULL,
    topic_id        VARCHAR NOT NULL,
    relation        VARCHAR NOT NULL
        CHECK (relation IN ('born', 'continued', 'merged_from', 'split_from')),
    other_topic_id  VARCHAR,
    similarity      DOUBLE
);

-- Documents per topic, period (the document's ISO week) and kind over the run's window;
-- topic_id NULL counts the outliers, so the rows of a period sum to all its documents.
CREATE TABLE topic_weekly (
    run_id    VARCHAR NOT NULL,
    topic_id  VARCHAR,
    period    VARCHAR NOT NULL,
    kind      VARCHAR NOT NULL,
    n_docs    INTEGER NOT NULL
);
