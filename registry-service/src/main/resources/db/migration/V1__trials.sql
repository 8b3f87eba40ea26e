-- Canonical trials, their history, and the transactional outbox that feeds trials.v1.
CREATE TABLE trial (
    trial_key      TEXT PRIMARY KEY,
    version        BIGINT      NOT NULL,
    content_hash   TEXT        NOT NULL,
    nct_id         TEXT,
    overall_status TEXT,
    brief_title    TEXT,
    record         JSONB       NOT NULL,
    sources        JSONB       NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX trial_nct_id_idx ON trial (nct_id) WHERE nct_id IS NOT NULL;
CREATE INDEX trial_status_idx ON trial (overall_status);

CREATE TABLE trial_version (
    trial_key    TEXT        NOT NULL REFERENCES trial (trial_key),
    version      BIGINT      NOT NULL,
    content_hash TEXT        NOT NULL,
    record       JSONB       NOT NULL,
    source       JSONB,
    created_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (trial_key, version)
);
CREATE INDEX trial_version_hash_idx ON trial_version (trial_key, content_hash);

CREATE SEQUENCE outbox_seq INCREMENT BY 50;
CREATE TABLE outbox (
    id         BIGINT PRIMARY KEY,
    topic      TEXT        NOT NULL,
    msg_key    TEXT        NOT NULL,
    ce_type    TEXT        NOT NULL,
    payload    TEXT,
    created_at TIMESTAMPTZ NOT NULL
);
