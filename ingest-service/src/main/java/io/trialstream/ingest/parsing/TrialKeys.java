package io.trialstream.ingest.parsing;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.trialstream.contracts.ContractJson;
import io.trialstream.contracts.Eligibility;
import io.trialstream.contracts.TrialRecord;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The trial key: the NCT id when the document states it is this trial's, else a registry id ({@code EUDRACT:…}),
 * else a content fingerprint ({@code TS-…}). The fingerprint hashes the extracted, normalised fields that identify
 * the trial rather than the bytes, so the same page scraped again with other whitespace or markup, posted as text
 * instead of HTML, or scraped after its status changed, keeps its key.
 */
public final class TrialKeys {

    public static boolean isNctId(String s) {
        if (s == null || s.length() != 11 || !s.startsWith("NCT")) {
            return false;
        }
        for (int i = 3; i < 11; i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** EudraCT numbers are {@code YYYY-NNNNNN-CC}. */
    public static boolean isEudraCt(String s) {
        if (s == null || s.length() != 14) {
            return false;
        }
        for (int i = 0; i < 14; i++) {
            char c = s.charAt(i);
            boolean dash = i == 4 || i == 11;
            if (dash ? c != '-' : !Character.isDigit(c)) {
                return false;
            }
        }
        return true;
    }

    /** The key from the ids; {@code content} is fingerprinted (whitespace-normalised) only when there is no id. */
    public static String of(TrialRecord.Ids ids, String content) {
        String registry = registryKey(ids);
        return registry != null ? registry : "TS-" + fingerprint(content);
    }

    /** The record with its key set: NCT id, else EudraCT, else the fingerprint of the record itself. */
    public static TrialRecord withKey(TrialRecord r) {
        String registry = registryKey(r.ids());
        String key = registry != null ? registry : "TS-" + fingerprint(r);
        return new TrialRecord(key, r.ids(), r.briefTitle(), r.officialTitle(), r.acronym(), r.briefSummary(),
                r.overallStatus(), r.phases(), r.studyType(), r.enrollment(), r.startDate(), r.completionDate(),
                r.lastUpdateDate(), r.conditions(), r.keywords(), r.interventions(), r.arms(), r.design(), r.outcomes(),
                r.eligibility(), r.sponsors(), r.investigators(), r.locations(), r.references(), r.relatedTrials());
    }

    private static String registryKey(TrialRecord.Ids ids) {
        if (ids != null && ids.nctId() != null) {
            return ids.nctId();
        }
        if (ids != null && ids.secondaryIds() != null) {
            for (TrialRecord.SecondaryId sid : ids.secondaryIds()) {
                if (isEudraCt(sid.id())) {
                    return "EUDRACT:" + sid.id();
                }
            }
        }
        return null;
    }

    /**
     * Fingerprint of what identifies the trial: ids, titles, summary, conditions, interventions, sponsors and the
     * stated eligibility (sex, ages, criterion texts). Status, enrollment, dates, sites' statuses, the site's list of
     * related trials and the computed criteria are left out on purpose: they change while the trial stays the same
     * (a re-scrape a month later, a better criteria extractor) and must not give it a new key.
     */
    static String fingerprint(TrialRecord r) {
        Map<String, Object> identity = new LinkedHashMap<>();
        identity.put("ids", r.ids());
        identity.put("briefTitle", r.briefTitle());
        identity.put("officialTitle", r.officialTitle());
        identity.put("acronym", r.acronym());
        identity.put("briefSummary", r.briefSummary());
        identity.put("conditions", r.conditions());
        identity.put("interventions", r.interventions() == null ? null
                : r.interventions().stream().map(TrialRecord.Intervention::name).toList());
        identity.put("sponsors", r.sponsors());
        Eligibility e = r.eligibility();
        if (e != null) {
            identity.put("sex", e.sex());
            identity.put("minimumAge", e.minimumAge());
            identity.put("maximumAge", e.maximumAge());
            identity.put("inclusion", texts(e.inclusion()));
            identity.put("exclusion", texts(e.exclusion()));
        }
        identity.values().removeIf(v -> v == null || v instanceof List<?> l && l.isEmpty());
        try {
            return fingerprint(ContractJson.mapper().writeValueAsString(identity.isEmpty() ? whole(r) : identity));
        } catch (JsonProcessingException e2) {
            throw new IllegalStateException("a trial record always serialises", e2);
        }
    }

    private static List<String> texts(List<Eligibility.CriterionItem> items) {
        return items == null ? null : items.stream().map(Eligibility.CriterionItem::text).toList();
    }

    /** A document that states nothing identifying is fingerprinted whole (minus key and computed criteria). */
    private static TrialRecord whole(TrialRecord r) {
        return new TrialRecord(null, r.ids(), r.briefTitle(), r.officialTitle(), r.acronym(), r.briefSummary(),
                r.overallStatus(), r.phases(), r.studyType(), r.enrollment(), r.startDate(), r.completionDate(),
                r.lastUpdateDate(), r.conditions(), r.keywords(), r.interventions(), r.arms(), r.design(), r.outcomes(),
                null, r.sponsors(), r.investigators(), r.locations(), r.references(), r.relatedTrials());
    }

    static String fingerprint(String content) {
        String normalised = content == null ? "" : content.replaceAll("\\s+", " ").trim().transform(TextCase::lower);
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(normalised.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private TrialKeys() {
    }
}
