package io.trialstream.registry.mapping;

import com.fasterxml.jackson.core.type.TypeReference;
import io.trialstream.contracts.Provenance;
import io.trialstream.contracts.Trial;
import io.trialstream.contracts.TrialRecord;
import io.trialstream.registry.domain.TrialEntity;

import java.util.List;
import java.util.Map;

/** Entity → contract. Entities never go on the wire. */
public final class TrialMapper {
    private static final TypeReference<List<Provenance>> SOURCES = new TypeReference<>() {
    };
    private static final TypeReference<Map<String, Integer>> FIELD_SOURCES = new TypeReference<>() {
    };

    public static Trial toContract(TrialEntity e) {
        return new Trial(Trial.SCHEMA_VERSION, e.trialKey, e.version, e.updatedAt, e.contentHash,
                Json.read(e.record, TrialRecord.class), sources(e));
    }

    public static List<Provenance> sources(TrialEntity e) {
        return Json.read(e.sources, SOURCES);
    }

    /** Field (or {@code object.part}) → index into {@link #sources}; empty for rows written before V2. */
    public static Map<String, Integer> fieldSources(TrialEntity e) {
        return e.fieldSources == null ? Map.of() : Json.read(e.fieldSources, FIELD_SOURCES);
    }

    /** A withdrawn trial is a tombstone on trials.v1 (docs/topics.md), though the registry keeps its record. */
    public static boolean isWithdrawn(TrialEntity e) {
        return e.overallStatus != null && e.overallStatus.trim().equalsIgnoreCase("WITHDRAWN");
    }

    private TrialMapper() {
    }
}
