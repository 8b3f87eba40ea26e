package io.trialstream.registry.mapping;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.trialstream.contracts.ContractJson;
import io.trialstream.contracts.Provenance;
import io.trialstream.contracts.Trial;
import io.trialstream.contracts.TrialRecord;
import io.trialstream.registry.domain.TrialEntity;

import java.util.List;

/** Entity → contract. Entities never go on the wire. */
public final class TrialMapper {
    private static final TypeReference<List<Provenance>> SOURCES = new TypeReference<>() {
    };

    public static Trial toContract(TrialEntity e) {
        try {
            TrialRecord record = ContractJson.mapper().readValue(e.record, TrialRecord.class);
            List<Provenance> sources = ContractJson.mapper().readValue(e.sources, SOURCES);
            return new Trial(Trial.SCHEMA_VERSION, e.trialKey, e.version, e.updatedAt, e.contentHash, record, sources);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("stored trial " + e.trialKey + " is unreadable", ex);
        }
    }

    private TrialMapper() {
    }
}
