package io.trialstream.matching.facts;

import io.trialstream.contracts.Concept;
import io.trialstream.matching.evaluation.FactKind;
import io.trialstream.matching.evaluation.PatientFacts;
import io.trialstream.matching.evaluation.PatientFacts.Condition;
import io.trialstream.matching.evaluation.PatientFacts.Medication;
import io.trialstream.matching.evaluation.PatientFacts.Observation;
import io.trialstream.matching.evaluation.PatientFacts.Procedure;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Applies a {@link PatientUpdate} to the stored facts. Merging is a set union keyed by resource identity, so it is
 * idempotent and does not depend on arrival order: re-delivering or replaying events, in any order, ends in the same
 * facts. A newer version of the same FHIR resource replaces the older one (an older version arriving late is
 * ignored). Lists are kept in a canonical order so equal facts serialise, fingerprint and evaluate the same.
 * <p>
 * Only the latest {@value #OBSERVATIONS_PER_CODE} observations per code are kept (one for codes the evaluator does not
 * use): the evaluator reads the latest fresh value, and a patient streaming labs for years must not grow without
 * bound.
 */
public final class FactMerger {
    static final int OBSERVATIONS_PER_CODE = 5;
    /** How many dropped sourced observations are remembered (source hash and version, about 100 bytes each). */
    static final int RETIRED_SOURCES = 256;

    private static final Comparator<Instant> INSTANTS = Comparator.nullsFirst(Comparator.naturalOrder());

    private FactMerger() {
    }

    /** @param current stored facts, null if the patient is new */
    public static PatientFacts apply(PatientFacts current, PatientUpdate update) {
        PatientFacts in = update.facts();
        if (current == null || update.mode() == PatientUpdate.Mode.REPLACE) {
            // merged into nothing rather than taken as is: one event naming the same source resource twice keeps
            // one of them, exactly as merging it into stored facts would, so applying an event twice equals once
            // (ProcessingTwicePropertyTest found the difference)
            Map<String, Instant> retired = new TreeMap<>();
            return canonical(new PatientFacts(update.patientId(), in.birthDate(), in.sex(),
                    merge(List.of(), in.conditions(), Condition::source, Condition::sourceVersion, Map.of()),
                    merge(List.of(), in.observations(), Observation::source, Observation::sourceVersion, retired),
                    merge(List.of(), in.medications(), Medication::source, Medication::sourceVersion, Map.of()),
                    merge(List.of(), in.procedures(), Procedure::source, Procedure::sourceVersion, Map.of()), retired));
        }
        Map<String, Instant> retired = new TreeMap<>(current.retiredSources());
        return canonical(new PatientFacts(update.patientId(),
                in.birthDate() != null ? in.birthDate() : current.birthDate(),
                in.sex() != null ? in.sex() : current.sex(),
                merge(current.conditions(), in.conditions(), Condition::source, Condition::sourceVersion, Map.of()),
                merge(current.observations(), in.observations(), Observation::source, Observation::sourceVersion, retired),
                merge(current.medications(), in.medications(), Medication::source, Medication::sourceVersion, Map.of()),
                merge(current.procedures(), in.procedures(), Procedure::source, Procedure::sourceVersion, Map.of()),
                retired));
    }

    /**
     * @param retired sources the cap dropped, with the version last held; an incoming fact of such a source counts as
     *                held (an older version is ignored, a newer one comes back and leaves the retired set)
     */
    private static <T> List<T> merge(List<T> current, List<T> incoming, Function<T, String> source,
                                     Function<T, Instant> version, Map<String, Instant> retired) {
        List<T> out = new ArrayList<>(current);
        for (T x : incoming) {
            String s = source.apply(x);
            if (s != null) {
                T existing = out.stream().filter(e -> s.equals(source.apply(e))).findFirst().orElse(null);
                Instant old = existing != null ? version.apply(existing) : retired.get(s);
                Instant neu = version.apply(x);
                if (old != null && neu != null && neu.isBefore(old)) {
                    continue; // an older version of a resource we already hold (or held, before the cap dropped it)
                }
                if (existing != null) {
                    out.remove(existing);
                }
                if (!retired.isEmpty()) {
                    retired.remove(s);
                }
            }
            if (!out.contains(x)) {
                out.add(x);
            }
        }
        return out;
    }

    /** Canonical order and the per-code observation cap. */
    static PatientFacts canonical(PatientFacts f) {
        List<Condition> conditions = new ArrayList<>(f.conditions());
        conditions.sort(Comparator.comparing((Condition c) -> key(c.codes()))
                .thenComparing(c -> c.onset() == null ? "" : c.onset().toString())
                .thenComparing(String::valueOf));
        Map<String, Instant> retired = new TreeMap<>(f.retiredSources());
        List<Observation> observations = capPerCode(f.observations(), retired);
        List<Medication> medications = new ArrayList<>(f.medications());
        medications.sort(Comparator.comparing((Medication m) -> key(m.codes()))
                .thenComparing(m -> m.start() == null ? "" : m.start().toString())
                .thenComparing(String::valueOf));
        List<Procedure> procedures = new ArrayList<>(f.procedures());
        procedures.sort(Comparator.comparing((Procedure p) -> key(p.codes()))
                .thenComparing(p -> p.performedOn() == null ? "" : p.performedOn().toString())
                .thenComparing(String::valueOf));
        return new PatientFacts(f.patientId(), f.birthDate(), f.sex(), conditions, observations, medications, procedures,
                boundRetired(retired));
    }

    /** Keeps the {@value #RETIRED_SOURCES} most recent versions, so the memory of dropped facts is bounded too. */
    private static Map<String, Instant> boundRetired(Map<String, Instant> retired) {
        if (retired.size() <= RETIRED_SOURCES) {
            return retired;
        }
        Map<String, Instant> kept = new TreeMap<>();
        retired.entrySet().stream()
                .sorted(Map.Entry.<String, Instant>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(RETIRED_SOURCES).forEach(e -> kept.put(e.getKey(), e.getValue()));
        return kept;
    }

    private static List<Observation> capPerCode(List<Observation> all, Map<String, Instant> retired) {
        Map<String, List<Observation>> byCode = new HashMap<>();
        for (Observation o : all) {
            byCode.computeIfAbsent(key(o.codes()), k -> new ArrayList<>()).add(o);
        }
        List<Observation> out = new ArrayList<>();
        for (List<Observation> group : byCode.values()) {
            group.sort(Comparator.comparing(Observation::effectiveAt, INSTANTS).reversed().thenComparing(String::valueOf));
            int keep = FactKind.of(group.get(0)) != null ? OBSERVATIONS_PER_CODE : 1;
            out.addAll(group.subList(0, Math.min(keep, group.size())));
            for (Observation dropped : group.subList(Math.min(keep, group.size()), group.size())) {
                if (dropped.source() != null && dropped.sourceVersion() != null) {
                    retired.merge(dropped.source(), dropped.sourceVersion(), (a, b) -> a.isAfter(b) ? a : b);
                }
            }
        }
        out.sort(Comparator.comparing((Observation o) -> key(o.codes()))
                .thenComparing(Observation::effectiveAt, INSTANTS.reversed())
                .thenComparing(String::valueOf));
        return out;
    }

    /** The identity of what was measured or diagnosed: all codes, sorted (gene concepts make variants distinct). */
    private static String key(List<Concept> codes) {
        return codes.stream().map(c -> Objects.toString(c.system(), "") + "|" + Objects.toString(c.code(), "")
                + "|" + (c.code() == null ? Objects.toString(c.display(), "") : "")).sorted().reduce("", (a, b) -> a + ";" + b);
    }
}
