-- Every patient event writes about eight match rows and eight outbox rows of ~2-3 KB of event JSON each.
-- * match.payload is only ever read back whole (the REST explanation), so TEXT instead of JSONB: PostgreSQL no longer
--   parses each event into its binary form.
-- * Rows up to one page stay inline and uncompressed (the default compresses or moves out of line anything above
--   ~2 KB, which cost more CPU than the rows' short life in the outbox justifies).
ALTER TABLE match ALTER COLUMN payload TYPE TEXT;
ALTER TABLE match SET (toast_tuple_target = 8160);
ALTER TABLE outbox SET (toast_tuple_target = 8160);
DROP INDEX match_trial_idx; -- every query by trial reads active matches only: match_trial_active_idx serves them
-- Candidate trials now come from each replica's in-memory index (V4's change log); no query reads these any more.
DROP INDEX trial_condition_keys_idx;
DROP INDEX trial_unrestricted_idx;
DROP INDEX trial_open_idx;
