-- Patient facts, the trial index, match state and the outbox that feeds matches.v1.
CREATE TABLE patient (
    patient_id    TEXT PRIMARY KEY,
    birth_date    DATE,
    sex           TEXT,
    facts         JSONB       NOT NULL,
    last_event_id TEXT,
    updated_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX patient_birth_date_idx ON patient (birth_date);

-- Index columns (open, sex, age bounds) let a patient event find candidate trials without a scan of every trial.
CREATE TABLE trial (
    trial_key  TEXT PRIMARY KEY,
    version    BIGINT      NOT NULL,
    open       BOOLEAN     NOT NULL,
    sex        TEXT,
    min_age    DOUBLE PRECISION,
    max_age    DOUBLE PRECISION,
    record     JSONB       NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX trial_open_idx ON trial (open, sex, min_age, max_age);

CREATE TABLE match (
    match_id      TEXT PRIMARY KEY,
    patient_id    TEXT             NOT NULL,
    trial_key     TEXT             NOT NULL,
    version       BIGINT           NOT NULL,
    active        BOOLEAN          NOT NULL,
    verdict       TEXT,
    score         DOUBLE PRECISION NOT NULL,
    fingerprint   TEXT,
    trial_version BIGINT           NOT NULL,
    payload       JSONB,
    updated_at    TIMESTAMPTZ      NOT NULL
);
CREATE INDEX match_patient_idx ON match (patient_id);
CREATE INDEX match_trial_idx ON match (trial_key);

CREATE SEQUENCE outbox_seq INCREMENT BY 50;
CREATE TABLE outbox (
    id         BIGINT PRIMARY KEY,
    topic      TEXT        NOT NULL,
    msg_key    TEXT        NOT NULL,
    ce_type    TEXT        NOT NULL,
    payload    TEXT,
    created_at TIMESTAMPTZ NOT NULL
);
