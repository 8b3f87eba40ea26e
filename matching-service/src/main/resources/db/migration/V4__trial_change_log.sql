-- The trial change log behind each replica's in-memory trial index (ReplicaTrialIndex). Every trial transaction
-- appends the key it changed; a patient transaction reloads the trials changed since its replica last looked. Trial
-- transactions hold the exclusive index lock, so identity order is commit order. Old rows are pruned; the
-- service_state row 'trial_change_pruned_below' tells a replica that fell behind to reload everything.
CREATE TABLE trial_change (
    seq       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    trial_key TEXT NOT NULL
);
