-- Topic x region relevance per run, with the industries and evidence behind each score.

CREATE TABLE topic_region (
    run_id      VARCHAR NOT NULL,
    topic_id    VARCHAR NOT NULL,
    region_id   VARCHAR NOT NULL,
    relevance   DOUBLE NOT NULL,
    industries  VARCHAR[] NOT NULL,
    cross_link  BOOLEAN NOT NULL,
    partners    VARCHAR[] NOT NULL,
    evidence    VARCHAR[] NOT NULL,
    detail      JSON,
    PRIMARY KEY (run_id, topic_id, region_id)
);
