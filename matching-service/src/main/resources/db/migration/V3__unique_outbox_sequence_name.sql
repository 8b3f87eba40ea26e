-- registry-service has its own outbox_seq (increment 1) in schema registry of the same database. Hibernate's schema
-- validation looks sequences up by name across the schemas it can see, so matching-service sometimes validated
-- registry's sequence and refused to start ("inconsistent increment-size; found [1] but expecting [50]"), depending
-- on which service migrated first. A name of its own removes the ambiguity.
ALTER SEQUENCE outbox_seq RENAME TO matching_outbox_seq;
