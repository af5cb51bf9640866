-- Foundation: sources, fetch state and log, runs, documents and their dedup keys.

CREATE TABLE sources (
    source_id   VARCHAR PRIMARY KEY,
    kind        VARCHAR NOT NULL,
    adapter     VARCHAR NOT NULL,
    url         VARCHAR NOT NULL,
    enabled     BOOLEAN NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);

-- Conditional-GET memory: one row per source, replaced after every successful fetch. The
-- validators only apply to the same url (a url with a {week} placeholder changes every week).
CREATE TABLE fetch_state (
    source_id      VARCHAR PRIMARY KEY,
    url            VARCHAR,
    etag           VARCHAR,
    last_modified  VARCHAR,
    last_success   TIMESTAMP,
    last_attempt   TIMESTAMP
);

CREATE SEQUENCE fetch_log_id;

-- One row per HTTP attempt; the last attempt of a source in a run carries the item counts.
CREATE TABLE fetch_log (
    id              BIGINT PRIMARY KEY DEFAULT nextval('fetch_log_id'),
    run_id          VARCHAR NOT NULL,
    source_id       VARCHAR NOT NULL,
    attempt         INTEGER NOT NULL,
    url             VARCHAR,
    started_at      TIMESTAMP NOT NULL,
    finished_at     TIMESTAMP NOT NULL,
    status          VARCHAR NOT NULL,
    http_status     INTEGER,
    bytes           BIGINT NOT NULL DEFAULT 0,
    items_seen      INTEGER NOT NULL DEFAULT 0,
    items_new       INTEGER NOT NULL DEFAULT 0,
    items_rejected  INTEGER NOT NULL DEFAULT 0,
    error           VARCHAR,
    notes           VARCHAR
);

CREATE TABLE runs (
    run_id       VARCHAR PRIMARY KEY,
    flow         VARCHAR NOT NULL,
    period       VARCHAR,
    status       VARCHAR NOT NULL,
    started_at   TIMESTAMP NOT NULL,
    finished_at  TIMESTAMP,
    attempts     INTEGER NOT NULL DEFAULT 1,
    message      VARCHAR
);

CREATE TABLE run_stages (
    run_id       VARCHAR NOT NULL,
    stage        VARCHAR NOT NULL,
    status       VARCHAR NOT NULL,
    started_at   TIMESTAMP NOT NULL,
    finished_at  TIMESTAMP,
    seconds      DOUBLE,
    counts       JSON,
    PRIMARY KEY (run_id, stage)
);

CREATE TABLE documents (
    doc_id       VARCHAR PRIMARY KEY,
    external_id  VARCHAR NOT NULL,
    kind         VARCHAR NOT NULL,
    title        VARCHAR NOT NULL,
    text         VARCHAR NOT NULL,
    url          VARCHAR,
    published    DATE,
    period       VARCHAR NOT NULL,
    language     VARCHAR,
    authors      VARCHAR[] NOT NULL,
    orgs         VARCHAR[] NOT NULL,
    countries    VARCHAR[] NOT NULL,
    classes      VARCHAR[] NOT NULL,
    source_id    VARCHAR NOT NULL,
    first_run    VARCHAR NOT NULL,
    first_seen   TIMESTAMP NOT NULL,
    metadata     JSON
);

-- Every identity a document is known by (doi:…, arxiv:…, patent:…, url:…, title:…); see
-- extractors/normalize.py for how each key is computed.
CREATE TABLE document_keys (
    key     VARCHAR PRIMARY KEY,
    doc_id  VARCHAR NOT NULL
);

-- Every source a document was seen in, and the run that first saw it there.
CREATE TABLE document_sources (
    doc_id     VARCHAR NOT NULL,
    source_id  VARCHAR NOT NULL,
    run_id     VARCHAR NOT NULL,
    seen_at    TIMESTAMP NOT NULL,
    PRIMARY KEY (doc_id, source_id)
);
