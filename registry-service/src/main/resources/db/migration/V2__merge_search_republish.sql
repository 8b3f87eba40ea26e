-- Issue 4: one canonical trial merged from several source documents, search columns, and republish jobs.
-- Merge rules, the similarity rule and the search semantics are described in docs/registry.md.

-- The newest accepted record of each source of a trial ("slot"). The canonical record in trial.record is
-- recomputed from these field by field, so a poorer source can never erase what a richer one stated.
-- record is NULL while the trial has this one source and its canonical record is this record (the common case):
-- trial.record holds it, and it is written here only once a second source makes the two differ.
-- json (not jsonb): the store only reads these back whole, so it skips jsonb's parse-and-rebuild on every write.
CREATE TABLE trial_source (
    trial_key        TEXT        NOT NULL,
    source_id        TEXT        NOT NULL,
    source_format    TEXT,
    provenance       JSON,
    record           JSON,
    record_hash      TEXT        NOT NULL,
    last_update_date TEXT,
    parsed_at        TIMESTAMPTZ,
    accepted_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (trial_key, source_id)
);

-- Keys that name a canonical trial under another key: a scraped page's TS-… or EUDRACT:… key once the page
-- joined a registry trial, or a trial key that was absorbed into an NCT trial.
CREATE TABLE trial_alias (
    alias      TEXT PRIMARY KEY,
    trial_key  TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX trial_alias_trial_key_idx ON trial_alias (trial_key);
CREATE INDEX trial_source_source_id_idx ON trial_source (source_id);

-- Existing V1 rows become single-source trials; their last source is the slot (the record hash is the V1
-- content hash: both are the SHA-256 of the record as the contract mapper writes it).
INSERT INTO trial_source (trial_key, source_id, source_format, provenance, record, record_hash, last_update_date,
                          parsed_at, accepted_at)
SELECT t.trial_key,
       coalesce(t.sources -> -1 ->> 'sourceFormat', 'UNKNOWN') || '|' || t.trial_key,
       t.sources -> -1 ->> 'sourceFormat',
       (t.sources -> -1)::json,
       NULL,
       t.content_hash,
       t.record -> 'lastUpdateDate' ->> 'value',
       (t.sources -> -1 ->> 'parsedAt')::timestamptz,
       t.updated_at
FROM trial t;

-- History rows of an absorbed trial stay under the key they were published with, so no foreign key.
ALTER TABLE trial_version DROP CONSTRAINT trial_version_trial_key_fkey;
-- Idempotency now compares a source's record with that source's slot; the hash index only cost writes.
DROP INDEX trial_version_hash_idx;
ALTER TABLE trial_version ADD COLUMN merged_from TEXT[];
-- The relay builds each trials.v1 record from its version row (the outbox carries a reference, not a copy).
-- json keeps the record text exactly as written, so the published record is the canonical serialisation.
ALTER TABLE trial_version ALTER COLUMN record TYPE JSON USING record::json;
ALTER TABLE trial_version ADD COLUMN sources JSON;

-- Search columns. facets holds the exact-match filters as one normalised document, so a single GIN index
-- (jsonb_path_ops, containment) serves status, phase, study type, sex, condition codes, secondary ids and sites
-- (a site's country and city must match the same site). The tsvector columns are generated from the record.
ALTER TABLE trial
    ADD COLUMN field_sources     JSONB,
    ADD COLUMN facets            JSONB,
    ADD COLUMN match_keys        TEXT[] NOT NULL DEFAULT '{}',
    ADD COLUMN min_age_years     DOUBLE PRECISION,
    ADD COLUMN min_age_inclusive BOOLEAN,
    ADD COLUMN max_age_years     DOUBLE PRECISION,
    ADD COLUMN max_age_inclusive BOOLEAN,
    ADD COLUMN last_update_date  TEXT,
    ADD COLUMN search_tsv        TSVECTOR GENERATED ALWAYS AS (
        setweight(to_tsvector('english', coalesce(record ->> 'briefTitle', '') || ' ' ||
                                         coalesce(record ->> 'officialTitle', '') || ' ' ||
                                         coalesce(record ->> 'acronym', '')), 'A') ||
        setweight(to_tsvector('english', coalesce(record ->> 'briefSummary', '')), 'B')) STORED,
    ADD COLUMN conditions_tsv    TSVECTOR GENERATED ALWAYS AS (
        jsonb_to_tsvector('english', coalesce(record -> 'conditions', '[]'::jsonb), '["string"]')) STORED,
    ADD COLUMN sponsor_tsv       TSVECTOR GENERATED ALWAYS AS (
        jsonb_to_tsvector('simple', coalesce(record -> 'sponsors', '{}'::jsonb), '["string"]')) STORED;

CREATE INDEX trial_facets_idx ON trial USING GIN (facets jsonb_path_ops);
CREATE INDEX trial_search_tsv_idx ON trial USING GIN (search_tsv);
CREATE INDEX trial_conditions_tsv_idx ON trial USING GIN (conditions_tsv);
CREATE INDEX trial_sponsor_tsv_idx ON trial USING GIN (sponsor_tsv);
-- Source matching by registry id or title+sponsor fingerprint (see TrialIdentity): a document without NCT id
-- looks among all trials; a new NCT trial only among the (few) trials without one, which it may absorb.
CREATE INDEX trial_match_keys_idx ON trial USING GIN (match_keys);
CREATE INDEX trial_match_keys_without_nct_idx ON trial USING GIN (match_keys) WHERE nct_id IS NULL;
CREATE INDEX trial_updated_at_idx ON trial (updated_at, trial_key);
CREATE INDEX trial_last_update_date_idx ON trial (last_update_date, trial_key);

-- Outbox kinds: SNAPSHOT = the version (ref_key, ref_version) of trial_version, or payload as is where there is no
-- reference (rows written before V2); TOMBSTONE = null value; CURRENT (republish) = the trial's state when sent, so a
-- republish can never overtake a newer change. Ids come from the sequence one by one after the trial rows are
-- locked, so for one trial key id order is commit order (see TrialStore). ref_key differs from msg_key only after
-- a trial's history moved to a new key (a page trial taken over by its NCT trial) before the relay sent it.
ALTER TABLE outbox
    ADD COLUMN kind        TEXT NOT NULL DEFAULT 'SNAPSHOT',
    ADD COLUMN ref_key     TEXT,
    ADD COLUMN ref_version BIGINT,
    ADD COLUMN job_id      UUID;
CREATE INDEX outbox_job_id_idx ON outbox (job_id) WHERE job_id IS NOT NULL;
ALTER SEQUENCE outbox_seq INCREMENT BY 1;

CREATE TABLE republish_job (
    id         UUID PRIMARY KEY,
    status     TEXT        NOT NULL,
    total      BIGINT      NOT NULL,
    enqueued   BIGINT      NOT NULL,
    last_key   TEXT,
    batch_size INT         NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
