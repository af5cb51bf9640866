-- Technology terms: per-document counts, the corpus vocabulary with termhood, acronym aliases.

-- How often each term occurs in each document (canonical spelling, see
-- extractors/terms/normalize.py).
CREATE TABLE doc_terms (
    doc_id  VARCHAR NOT NULL,
    term    VARCHAR NOT NULL,
    count   INTEGER NOT NULL,
    PRIMARY KEY (doc_id, term)
);

-- Documents the terms stage has read, with how many terms it found: a document with no terms
-- is done too and is not read again.
CREATE TABLE doc_terms_done (
    doc_id      VARCHAR PRIMARY KEY,
    n_terms     INTEGER NOT NULL,
    run_id      VARCHAR,
    done_at     TIMESTAMP NOT NULL
);

-- The corpus vocabulary, rebuilt from doc_terms by every terms stage: document frequency,
-- total count, C-value (multi-word terms), the first period a document used it, the document
-- kinds it occurs in, and whether it passes the termhood tests (admitted = usable vocabulary).
CREATE TABLE terms (
    term         VARCHAR PRIMARY KEY,
    df           INTEGER NOT NULL,
    total_count  INTEGER NOT NULL,
    n_words      INTEGER NOT NULL,
    cvalue       DOUBLE,
    first_seen   VARCHAR,
    kinds        VARCHAR[] NOT NULL,
    is_acronym   BOOLEAN NOT NULL,
    long_form    VARCHAR,
    admitted     BOOLEAN NOT NULL
);

-- Acronyms defined in the documents ("metal-organic framework (MOF)"): alias in lower case,
-- the term it stands for, and how many documents defined it that way.
CREATE TABLE term_aliases (
    alias   VARCHAR NOT NULL,
    term    VARCHAR NOT NULL,
    n_docs  INTEGER NOT NULL,
    PRIMARY KEY (alias, term)
);
