package io.trialstream.registry.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.trialstream.contracts.CloudEventTypes;
import io.trialstream.contracts.ContractJson;
import io.trialstream.contracts.ParsedTrial;
import io.trialstream.contracts.Provenance;
import io.trialstream.contracts.Topics;
import io.trialstream.contracts.Trial;
import io.trialstream.contracts.TrialRecord;
import io.trialstream.registry.domain.OutboxEntry;
import io.trialstream.registry.domain.TrialEntity;
import io.trialstream.registry.domain.TrialVersionEntity;
import io.trialstream.registry.mapping.TrialMapper;
import io.trialstream.registry.repository.OutboxRepository;
import io.trialstream.registry.repository.TrialRepository;
import io.trialstream.registry.repository.TrialVersionRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Accepts parsed trials idempotently. A record whose content this trial already had (now or in any earlier
 * version) changes nothing, so duplicates and replays from offset 0 create no version; a record whose
 * {@code lastUpdateDate} is older than the stored one cannot roll the trial back. Every accepted change writes a
 * new version and an outbox entry in the same transaction.
 */
@ApplicationScoped
public class TrialStore {
    public enum Outcome { CREATED, UPDATED, UNCHANGED, STALE }

    private static final TypeReference<List<Provenance>> SOURCES = new TypeReference<>() {
    };

    private final TrialRepository trials;
    private final TrialVersionRepository versions;
    private final OutboxRepository outbox;

    public TrialStore(TrialRepository trials, TrialVersionRepository versions, OutboxRepository outbox) {
        this.trials = trials;
        this.versions = versions;
        this.outbox = outbox;
    }

    @Transactional
    public Outcome accept(ParsedTrial parsed) {
        TrialRecord record = parsed.trial();
        String key = record.trialKey();
        String recordJson = json(record);
        String hash = sha256(recordJson);
        TrialEntity current = trials.findById(key);
        if (current != null) {
            if (current.contentHash.equals(hash) || versions.hasSeen(key, hash)) {
                return Outcome.UNCHANGED;
            }
            TrialRecord stored = read(current.record, TrialRecord.class);
            if (isOlder(record.lastUpdateDate(), stored.lastUpdateDate())) {
                return Outcome.STALE;
            }
        }
        Outcome outcome = current == null ? Outcome.CREATED : Outcome.UPDATED;
        TrialEntity entity = current == null ? new TrialEntity() : current;
        List<Provenance> sources = current == null ? new ArrayList<>() : new ArrayList<>(read(current.sources, SOURCES));
        if (parsed.provenance() != null && sources.stream().noneMatch(s -> s.contentSha256() != null
                && s.contentSha256().equals(parsed.provenance().contentSha256()))) {
            sources.add(parsed.provenance());
        }
        Instant now = Instant.now();
        entity.trialKey = key;
        entity.version = current == null ? 1 : current.version + 1;
        entity.contentHash = hash;
        entity.nctId = record.ids() == null ? null : record.ids().nctId();
        entity.overallStatus = record.overallStatus();
        entity.briefTitle = record.briefTitle();
        entity.record = recordJson;
        entity.sources = json(sources);
        entity.updatedAt = now;
        if (current == null) {
            trials.persist(entity);
        }

        TrialVersionEntity version = new TrialVersionEntity();
        version.id = new TrialVersionEntity.Key(key, entity.version);
        version.contentHash = hash;
        version.record = recordJson;
        version.source = parsed.provenance() == null ? null : json(parsed.provenance());
        version.createdAt = now;
        versions.persist(version);

        Trial trial = TrialMapper.toContract(entity);
        OutboxEntry entry = new OutboxEntry();
        entry.topic = Topics.TRIALS;
        entry.key = key;
        entry.ceType = CloudEventTypes.TRIAL;
        entry.payload = json(trial);
        entry.createdAt = now;
        outbox.persist(entry);
        return outcome;
    }

    /** Partial dates in ISO form compare as strings at their common precision. */
    static boolean isOlder(TrialRecord.PartialDate incoming, TrialRecord.PartialDate stored) {
        if (incoming == null || stored == null) {
            return false;
        }
        int n = Math.min(incoming.value().length(), stored.value().length());
        return incoming.value().substring(0, n).compareTo(stored.value().substring(0, n)) < 0;
    }

    static String json(Object o) {
        try {
            return ContractJson.mapper().writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static <T> T read(String json, Class<T> type) {
        try {
            return ContractJson.mapper().readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON unreadable", e);
        }
    }

    static <T> T read(String json, TypeReference<T> type) {
        try {
            return ContractJson.mapper().readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON unreadable", e);
        }
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
