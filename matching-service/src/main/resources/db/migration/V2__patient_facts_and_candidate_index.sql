-- Issue 5: patient facts from FHIR and native events, the candidate index, replay guards and the ageing pass.

-- Patient side of the candidate index: the diagnosis concepts (with ancestors) and codes of the patient, whether
-- any diagnosis is recorded at all (a patient without one stays a candidate for condition criteria), and the
-- Kafka position of the last applied event (a re-delivered or replayed record at or before it changes nothing).
ALTER TABLE patient ADD COLUMN condition_keys TEXT[] NOT NULL DEFAULT '{}';
ALTER TABLE patient ADD COLUMN has_conditions BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE patient ADD COLUMN last_partition INTEGER;
ALTER TABLE patient ADD COLUMN last_offset BIGINT;
-- When the earliest time-bound fact (a lab, a performance status, …) goes stale: the daily pass re-evaluates then.
ALTER TABLE patient ADD COLUMN next_expiry TIMESTAMPTZ;
CREATE INDEX patient_condition_keys_idx ON patient USING GIN (condition_keys);
CREATE INDEX patient_next_expiry_idx ON patient (next_expiry);

-- Trial side: the concepts/codes of one REQUIRED CONDITION criterion (empty = no condition restriction).
-- sex/min_age/max_age (V1) are now derived from the trial's criteria, the same ones the evaluator reads.
ALTER TABLE trial ADD COLUMN condition_keys TEXT[] NOT NULL DEFAULT '{}';
CREATE INDEX trial_condition_keys_idx ON trial USING GIN (condition_keys) WHERE open;
CREATE INDEX trial_unrestricted_idx ON trial (sex, min_age, max_age) WHERE open AND cardinality(condition_keys) = 0;

CREATE INDEX match_trial_active_idx ON match (trial_key) WHERE active;

-- Small key/value state of the service, e.g. the date the ageing pass last ran.
CREATE TABLE service_state (
    name       TEXT PRIMARY KEY,
    value      TEXT        NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);

-- A deleted patient keeps a tombstone row (no facts) so that a replay of its older events, which sit at lower
-- offsets, does not bring it back.
ALTER TABLE patient ADD COLUMN deleted BOOLEAN NOT NULL DEFAULT FALSE;
