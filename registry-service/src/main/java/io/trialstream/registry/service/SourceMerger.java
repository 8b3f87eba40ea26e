package io.trialstream.registry.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trialstream.contracts.ContractJson;
import io.trialstream.contracts.Provenance;
import io.trialstream.contracts.TrialRecord;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The canonical record of a trial from the records of its sources, field by field (docs/registry.md, "Merge").
 * Sources arrive in merge priority; each field is taken from the first source that states it, so a registry record
 * beats a scraped page and a source that omits a field never erases it. Objects whose parts are independent
 * statements (ids, eligibility, sponsors, design, outcomes) merge per part; parts that only make sense together
 * (an age text and its normalised bound; inclusion/exclusion items and the criteria extracted from them) move as
 * one. Secondary ids accumulate: every source's registry ids identify the same trial.
 * <p>
 * Works on JSON trees rather than on the record's components so a field added to the contract (additive, v1) is
 * merged without a code change. Plain Java: no CDI, unit-tested on its own.
 */
public final class SourceMerger {

    /** The merged record, the merged sources in priority order, and which of them stated each field. */
    public record Merged(TrialRecord record, List<Provenance> sources, Map<String, Integer> fieldSources) {
    }

    private static final Map<String, List<List<String>>> PART_GROUPS = Map.of(
            "eligibility", List.of(List.of("inclusion", "exclusion", "criteria"),
                    List.of("minimumAge", "minimumAgeBound"), List.of("maximumAge", "maximumAgeBound")),
            "ids", List.of(),
            "sponsors", List.of(),
            "design", List.of(),
            "outcomes", List.of());

    private SourceMerger() {
    }

    /** @param slots in merge priority, highest first; at least one */
    static Merged merge(List<SourceSlot> slots, String canonicalKey) {
        List<Provenance> sources = new ArrayList<>(slots.size());
        for (SourceSlot s : slots) {
            sources.add(s.provenance());
        }
        if (slots.size() == 1) {
            TrialRecord r = slots.get(0).record();
            Map<String, Integer> fields = new LinkedHashMap<>();
            for (RecordComponent c : COMPONENTS) {
                if (!c.getName().equals("trialKey") && present(value(c, r))) {
                    fields.put(c.getName(), 0);
                }
            }
            return new Merged(withTrialKey(r, canonicalKey), sources, fields);
        }
        List<ObjectNode> nodes = new ArrayList<>(slots.size());
        Set<String> names = new LinkedHashSet<>();
        for (SourceSlot s : slots) {
            ObjectNode n = ContractJson.mapper().valueToTree(s.record());
            nodes.add(n);
            n.fieldNames().forEachRemaining(names::add);
        }
        names.remove("trialKey");
        ObjectNode out = ContractJson.mapper().createObjectNode();
        out.put("trialKey", canonicalKey);
        Map<String, Integer> fields = new LinkedHashMap<>();
        for (String name : names) {
            if (PART_GROUPS.containsKey(name)) {
                mergeParts(name, nodes, out, fields);
            } else {
                int i = firstStating(nodes, name);
                if (i >= 0) {
                    out.set(name, nodes.get(i).get(name));
                    fields.put(name, i);
                }
            }
        }
        try {
            return new Merged(ContractJson.mapper().treeToValue(out, TrialRecord.class), sources, fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("merged record does not fit TrialRecord", e);
        }
    }

    private static final RecordComponent[] COMPONENTS = TrialRecord.class.getRecordComponents();

    private static Object value(RecordComponent c, TrialRecord r) {
        try {
            return c.getAccessor().invoke(r);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean present(Object v) {
        if (v == null) {
            return false;
        }
        if (v instanceof String s) {
            return !s.isBlank();
        }
        if (v instanceof java.util.Collection<?> c) {
            return !c.isEmpty();
        }
        return true;
    }

    private static void mergeParts(String name, List<ObjectNode> nodes, ObjectNode out, Map<String, Integer> fields) {
        List<ObjectNode> parts = new ArrayList<>(nodes.size());
        Set<String> partNames = new LinkedHashSet<>();
        for (ObjectNode n : nodes) {
            JsonNode p = n.get(name);
            ObjectNode obj = p instanceof ObjectNode o ? o : null;
            parts.add(obj);
            if (obj != null) {
                obj.fieldNames().forEachRemaining(partNames::add);
            }
        }
        ObjectNode merged = ContractJson.mapper().createObjectNode();
        Map<String, Integer> partSources = new LinkedHashMap<>();
        Set<String> done = new HashSet<>();
        for (List<String> group : PART_GROUPS.get(name)) {
            int i = firstStatingAny(parts, group);
            if (i >= 0) {
                for (String part : group) {
                    JsonNode v = parts.get(i).get(part);
                    if (present(v)) {
                        merged.set(part, v);
                        partSources.put(part, i);
                    }
                }
            }
            done.addAll(group);
        }
        for (String part : partNames) {
            if (done.contains(part)) {
                continue;
            }
            if (name.equals("ids") && part.equals("secondaryIds")) {
                unionSecondaryIds(parts, merged, partSources);
                continue;
            }
            int i = firstStating(parts, part);
            if (i >= 0) {
                merged.set(part, parts.get(i).get(part));
                partSources.put(part, i);
            }
        }
        if (merged.isEmpty()) {
            return;
        }
        out.set(name, merged);
        Set<Integer> distinct = new HashSet<>(partSources.values());
        if (distinct.size() == 1) {
            fields.put(name, distinct.iterator().next());
        } else {
            partSources.forEach((part, i) -> fields.put(name + "." + part, i));
        }
    }

    private static void unionSecondaryIds(List<ObjectNode> parts, ObjectNode merged, Map<String, Integer> partSources) {
        ArrayNode all = ContractJson.mapper().createArrayNode();
        Set<String> seen = new HashSet<>();
        int first = -1;
        for (int i = 0; i < parts.size(); i++) {
            JsonNode ids = parts.get(i) == null ? null : parts.get(i).get("secondaryIds");
            if (!present(ids)) {
                continue;
            }
            for (JsonNode id : ids) {
                String value = id.path("id").asText("").trim();
                if (!value.isEmpty() && seen.add(value.toUpperCase(java.util.Locale.ROOT))) {
                    all.add(id);
                    first = first < 0 ? i : first;
                }
            }
        }
        if (!all.isEmpty()) {
            merged.set("secondaryIds", all);
            partSources.put("secondaryIds", first);
        }
    }

    private static int firstStating(List<ObjectNode> nodes, String field) {
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i) != null && present(nodes.get(i).get(field))) {
                return i;
            }
        }
        return -1;
    }

    private static int firstStatingAny(List<ObjectNode> nodes, List<String> group) {
        for (int i = 0; i < nodes.size(); i++) {
            for (String f : group) {
                if (nodes.get(i) != null && present(nodes.get(i).get(f))) {
                    return i;
                }
            }
        }
        return -1;
    }

    /** A field a document states: not absent, not null, not an empty list, text or object. */
    static boolean present(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return false;
        }
        if (v.isTextual()) {
            return !v.asText().isBlank();
        }
        if (v.isContainerNode()) {
            return !v.isEmpty();
        }
        return true;
    }

    static TrialRecord withTrialKey(TrialRecord r, String key) {
        if (key.equals(r.trialKey())) {
            return r;
        }
        return new TrialRecord(key, r.ids(), r.briefTitle(), r.officialTitle(), r.acronym(), r.briefSummary(),
                r.overallStatus(), r.phases(), r.studyType(), r.enrollment(), r.startDate(), r.completionDate(),
                r.lastUpdateDate(), r.conditions(), r.keywords(), r.interventions(), r.arms(), r.design(), r.outcomes(),
                r.eligibility(), r.sponsors(), r.investigators(), r.locations(), r.references(), r.relatedTrials());
    }
}
