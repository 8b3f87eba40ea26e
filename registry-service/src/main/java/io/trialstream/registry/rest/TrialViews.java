package io.trialstream.registry.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.type.TypeReference;
import io.trialstream.contracts.Provenance;
import io.trialstream.contracts.TrialRecord;
import io.trialstream.registry.domain.TrialEntity;
import io.trialstream.registry.domain.TrialVersionEntity;
import io.trialstream.registry.mapping.Json;
import io.trialstream.registry.mapping.TrialMapper;
import io.trialstream.registry.repository.TrialRepository;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** REST response bodies other than the contract's Trial. */
public final class TrialViews {
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    private TrialViews() {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(description = "One search hit; GET /api/v1/trials/{trialKey} has the full trial")
    public record TrialSummary(String trialKey, long version, String briefTitle, String overallStatus,
                               List<String> phases, String studyType, List<String> conditions, String leadSponsor,
                               String sex, String minimumAge, String maximumAge, String lastUpdateDate,
                               Instant updatedAt, @Schema(description = "text relevance, when q is given") Double rank) {
        static TrialSummary of(TrialRepository.Hit h) {
            return new TrialSummary(h.trialKey(), h.version(), h.briefTitle(), h.overallStatus(), list(h.phasesJson()),
                    h.studyType(), list(h.conditionsJson()), h.leadSponsor(), h.sex(), h.minimumAge(), h.maximumAge(),
                    h.lastUpdateDate(), h.updatedAt(), h.rank());
        }
    }

    @Schema(description = "A page of search results")
    public record TrialPage(int page, int size, long total, List<TrialSummary> items) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(description = "One accepted change of a trial")
    public record VersionEntry(long version, String contentHash, Instant createdAt,
                               @Schema(description = "the source document whose arrival made this version") Provenance source,
                               @Schema(description = "top-level fields that differ from the previous version") List<String> changedFields,
                               @Schema(description = "keys of trials merged into this one by this version") List<String> mergedFrom) {
    }

    @Schema(description = "A trial's history, oldest first")
    public record VersionHistory(String trialKey, List<VersionEntry> versions) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(description = "The canonical record as it was at one version")
    public record VersionSnapshot(String trialKey, long version, String contentHash, Instant createdAt,
                                  Provenance source, TrialRecord trial) {
        static VersionSnapshot of(TrialVersionEntity v) {
            return new VersionSnapshot(v.id.trialKey(), v.id.version(), v.contentHash, v.createdAt,
                    v.source == null ? null : Json.read(v.source, Provenance.class), Json.read(v.record, TrialRecord.class));
        }
    }

    @Schema(description = "Which source stated each field of the current version")
    public record FieldProvenance(String trialKey, long version, List<Provenance> sources,
                                  @Schema(description = "field, or object.part, to the source that stated it")
                                  Map<String, Provenance> fields) {
        static FieldProvenance of(TrialEntity e) {
            List<Provenance> sources = TrialMapper.sources(e);
            Map<String, Provenance> fields = new TreeMap<>();
            TrialMapper.fieldSources(e).forEach((field, i) -> {
                if (i != null && i >= 0 && i < sources.size()) {
                    fields.put(field, sources.get(i));
                }
            });
            return new FieldProvenance(e.trialKey, e.version, sources, fields);
        }
    }

    static List<String> list(String json) {
        return json == null ? null : Json.read(json, STRINGS);
    }
}
