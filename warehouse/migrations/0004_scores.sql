-- Emergence scores of every topic and of rising terms, per run.

CREATE TABLE topic_scores (
    run_id          VARCHAR NOT NULL,
    topic_id        VARCHAR NOT NULL,
    period          VARCHAR NOT NULL,
    rank            INTEGER NOT NULL,
    status          VARCHAR NOT NULL,
    score           DOUBLE NOT NULL,
    share_recent    DOUBLE,
    share_base      DOUBLE,
    growth          DOUBLE,
    age             INTEGER,
    first_period    VARCHAR,
    burst           BOOLEAN,
    burst_weight    DOUBLE,
    porter          DOUBLE,
    n_sources       INTEGER,
    n_orgs          INTEGER,
    n_countries     INTEGER,
    kinds_order     VARCHAR,
    reasons         VARCHAR[] NOT NULL,
    PRIMARY KEY (run_id, topic_id)
);

CREATE TABLE term_scores (
    run_id        VARCHAR NOT NULL,
    term          VARCHAR NOT NULL,
    rank          INTEGER NOT NULL,
    porter        DOUBLE,
    eligible      BOOLEAN,
    growth        DOUBLE,
    first_period  VARCHAR,
    reasons       VARCHAR[] NOT NULL,
    PRIMARY KEY (run_id, term)
);
