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
            return canonical(new PatientFacts(update.patientId(), in.birthDate(), in.sex(),
                    merge(List.of(), in.conditions(), Condition::source, Condition::sourceVersion),
                    merge(List.of(), in.observations(), Observation::source, Observation::sourceVersion),
                    merge(List.of(), in.medications(), Medication::source, Medication::sourceVersion),
                    merge(List.of(), in.procedures(), Procedure::source, Procedure::sourceVersion)));
        }
        return canonical(new PatientFacts(update.patientId(),
                in.birthDate() != null ? in.birthDate() : current.birthDate(),
                in.sex() != null ? in.sex() : current.sex(),
                merge(current.conditions(), in.conditions(), Condition::source, Condition::sourceVersion),
                merge(current.observations(), in.observations(), Observation::source, Observation::sourceVersion),
                merge(current.medications(), in.medications(), Medication::source, Medication::sourceVersion),
                merge(current.procedures(), in.procedures(), Procedure::source, Procedure::sourceVersion)));
    }

    private static <T> List<T> merge(List<T> current, List<T> incoming, Function<T, String> source,
                                     Function<T, Instant> version) {
        List<T> out = new ArrayList<>(current);
        for (T x : incoming) {
            String s = source.apply(x);
            if (s != null) {
                T existing = out.stream().filter(e -> s.equals(source.apply(e))).findFirst().orElse(null);
                if (existing != null) {
                    Instant old = version.apply(existing);
                    Instant neu = version.apply(x);
                    if (old != null && neu != null && neu.isBefore(old)) {
                        continue; // an older version of a resource we already hold
                    }
                    out.remove(existing);
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
        List<Observation> observations = capPerCode(f.observations());
        List<Medication> medications = new ArrayList<>(f.medications());
        medications.sort(Comparator.comparing((Medication m) -> key(m.codes()))
                .thenComparing(m -> m.start() == null ? "" : m.start().toString())
                .thenComparing(String::valueOf));
        List<Procedure> procedures = new ArrayList<>(f.procedures());
        procedures.sort(Comparator.comparing((Procedure p) -> key(p.codes()))
                .thenComparing(p -> p.performedOn() == null ? "" : p.performedOn().toString())
                .thenComparing(String::valueOf));
        return new PatientFacts(f.patientId(), f.birthDate(), f.sex(), conditions, observations, medications, procedures);
    }

    private static List<Observation> capPerCode(List<Observation> all) {
        Map<String, List<Observation>> byCode = new HashMap<>();
        for (Observation o : all) {
            byCode.computeIfAbsent(key(o.codes()), k -> new ArrayList<>()).add(o);
        }
        List<Observation> out = new ArrayList<>();
        for (List<Observation> group : byCode.values()) {
            group.sort(Comparator.comparing(Observation::effectiveAt, INSTANTS).reversed().thenComparing(String::valueOf));
            int keep = FactKind.of(group.get(0)) != null ? OBSERVATIONS_PER_CODE : 1;
            out.addAll(group.subList(0, Math.min(keep, group.size())));
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
