package io.trialstream.matching.service;

import io.trialstream.contracts.Concept;
import io.trialstream.contracts.PatientEvent.Sex;
import io.trialstream.matching.evaluation.PatientFacts;
import io.trialstream.matching.evaluation.PatientFacts.Condition;
import io.trialstream.matching.evaluation.PatientFacts.Medication;
import io.trialstream.matching.evaluation.PatientFacts.Observation;
import io.trialstream.matching.evaluation.PatientFacts.Procedure;
import io.trialstream.matching.facts.FactMerger;
import io.trialstream.matching.facts.PatientUpdate;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Processing an event twice equals processing it once. MatchService applies a patient event only when it changes
 * the stored facts ({@code FactMerger.apply(stored, update).equals(stored)} means "nothing new", so no evaluation and
 * no match event), and the stored facts are the JSON of the merged facts. So for any stored state and any event:
 * merging the event into the result of merging it once changes nothing, and the stored form reads back equal, so a
 * re-delivery at a new offset (a republish, a replay past the offset guard) is silent. The offset guard for plain
 * re-deliveries, and the whole path through Kafka and PostgreSQL, are covered by MatchingFlowTest and
 * reliability-tests (ReplayIT, MatchingFailuresIT).
 */
class ProcessingTwicePropertyTest {
    static final Instant T0 = Instant.parse("2026-10-01T08:00:00Z");

    @Property(tries = 500, seed = "20261121")
    void mergingTheSameEventASecondTimeChangesNothing(@ForAll("stored") PatientFacts stored, @ForAll("updates") PatientUpdate update) {
        PatientFacts once = FactMerger.apply(stored, update);
        PatientFacts twice = FactMerger.apply(once, update);
        assertThat(twice).isEqualTo(once);
    }

    @Property(tries = 500, seed = "20261121")
    void theStoredFormReadsBackEqualSoARedeliveryIsRecognisedAsNothingNew(@ForAll("stored") PatientFacts stored,
                                                                           @ForAll("updates") PatientUpdate update) {
        PatientFacts once = FactMerger.apply(stored, update);
        PatientFacts reloaded = MatchService.readFacts(once.patientId(), MatchService.json(once));
        assertThat(reloaded).isEqualTo(once);
        assertThat(FactMerger.apply(reloaded, update)).isEqualTo(reloaded);
    }

    /**
     * The case a random seed (7868754422120413637) found: the cap per code drops the newer version of a resource, and
     * the same event then brings its older version back. The retired source keeps it out.
     */
    @Example
    void anOlderVersionOfAResourceTheCapDroppedStaysOut() {
        List<Concept> code = List.of(CODES.get(5)); // no kind the evaluator uses: one observation kept per code
        Observation newer = new Observation(code, 1.0, null, null, null, null, T0.plusSeconds(10 * 3600), "Observation/5", T0.plusSeconds(100 * 3600));
        Observation older = new Observation(code, 2.0, null, null, null, null, T0.plusSeconds(30 * 3600), "Observation/5", T0.plusSeconds(50 * 3600));
        Observation unsourced = new Observation(code, 3.0, null, null, null, null, T0.plusSeconds(20 * 3600), null, null);
        PatientFacts stored = FactMerger.apply(null, update(List.of(newer)));
        PatientUpdate event = update(List.of(older, unsourced));

        PatientFacts once = FactMerger.apply(stored, event);
        assertThat(once.observations()).containsExactly(unsourced);
        assertThat(once.retiredSources()).containsEntry("Observation/5", newer.sourceVersion());
        assertThat(FactMerger.apply(once, event)).isEqualTo(once);
        assertThat(FactMerger.apply(MatchService.readFacts(once.patientId(), MatchService.json(once)), event)).isEqualTo(once);
    }

    private static PatientUpdate update(List<Observation> observations) {
        return new PatientUpdate("pt-prop", PatientUpdate.Mode.MERGE,
                new PatientFacts("pt-prop", null, null, List.of(), observations, List.of(), List.of()), T0, PatientUpdate.FHIR);
    }

    /** A state the service can hold: no patient yet, or what 1 to 3 earlier events left. */
    @Provide
    Arbitrary<PatientFacts> stored() {
        return updates().list().ofMaxSize(3).map(events -> {
            PatientFacts state = null;
            for (PatientUpdate e : events) {
                state = FactMerger.apply(state, e);
            }
            return state;
        });
    }

    @Provide
    Arbitrary<PatientUpdate> updates() {
        return Combinators.combine(facts(), Arbitraries.of(PatientUpdate.Mode.REPLACE, PatientUpdate.Mode.MERGE),
                        Arbitraries.of(PatientUpdate.FHIR, PatientUpdate.NATIVE))
                .as((f, mode, format) -> new PatientUpdate("pt-prop", mode, f, T0, format));
    }

    static Arbitrary<PatientFacts> facts() {
        Arbitrary<LocalDate> birth = Arbitraries.integers().between(0, 30_000).map(d -> LocalDate.of(1930, 1, 1).plusDays(d)).injectNull(0.2);
        Arbitrary<Sex> sex = Arbitraries.of(Sex.class).injectNull(0.2);
        return Combinators.combine(birth, sex, unique(conditions(), Condition::source, 4), unique(observations(), Observation::source, 8),
                        unique(medications(), Medication::source, 3), unique(procedures(), Procedure::source, 3))
                .as((b, s, c, o, m, p) -> new PatientFacts("pt-prop", b, s, c, o, m, p));
    }

    /** One event carries each source resource once (a FHIR Bundle lists a resource once); facts without a source repeat freely. */
    static <T> Arbitrary<List<T>> unique(Arbitrary<T> facts, Function<T, String> source, int max) {
        return facts.list().ofMaxSize(max).filter(list -> list.stream().map(source).filter(Objects::nonNull).distinct().count()
                == list.stream().map(source).filter(Objects::nonNull).count());
    }

    /**
     * A source resource keeps its codes across versions (a FHIR id names one resource), so the codes of a fact are
     * drawn from its source: resource {@code n} has code {@code n} of the pool; facts without a source take any code.
     */
    static Arbitrary<Resource> resource(String type) {
        return Arbitraries.integers().between(0, CODES.size() - 1).flatMap(n -> Arbitraries.of(
                new Resource(type + "/" + n, List.of(CODES.get(n))),
                new Resource(null, List.of(CODES.get(n))),
                new Resource(null, List.of(CODES.get(n), CODES.get((n + 1) % CODES.size())))));
    }

    record Resource(String source, List<Concept> codes) {
    }

    static final List<Concept> CODES = List.of(new Concept(Concept.SNOMED, "91861009", "Acute myeloid leukemia"),
            new Concept(Concept.ICD10CM, "C92.00", null), new Concept(Concept.LOINC, "1975-2", "Bilirubin"),
            new Concept(Concept.LOINC, "89247-1", "ECOG"), new Concept(Concept.SNOMED, "234336002", "Cord blood transplant"),
            new Concept(null, null, "free text only"));

    static Arbitrary<Instant> instant() {
        return Arbitraries.integers().between(0, 400).map(h -> T0.plusSeconds(h * 3600L)).injectNull(0.2);
    }

    static Arbitrary<LocalDate> date() {
        return Arbitraries.integers().between(0, 2000).map(d -> LocalDate.of(2020, 1, 1).plusDays(d)).injectNull(0.3);
    }

    static Arbitrary<Condition> conditions() {
        return Combinators.combine(resource("Condition"), Arbitraries.of("active", "relapse", "remission", "resolved").injectNull(0.3),
                        Arbitraries.of("confirmed", "refuted").injectNull(0.5), date(), date(), instant(), instant())
                .as((r, clinical, verification, onset, abatement, recorded, version) ->
                        new Condition(r.codes(), clinical, verification, onset, abatement, recorded, null, r.source(), version));
    }

    /** Observations always have an effective time (the cap per code keeps the latest ones). */
    static Arbitrary<Observation> observations() {
        return Combinators.combine(resource("Observation"), Arbitraries.doubles().between(0, 500).ofScale(2).injectNull(0.2),
                        Arbitraries.of("mg/dL", "umol/L", "{score}").injectNull(0.3), Arbitraries.doubles().between(0, 10).ofScale(1).injectNull(0.6),
                        Arbitraries.integers().between(0, 400).map(h -> T0.plusSeconds(h * 3600L)), instant())
                .as((r, value, unit, uln, at, version) -> new Observation(r.codes(), value, unit, null, null, uln, at, r.source(), version));
    }

    static Arbitrary<Medication> medications() {
        return Combinators.combine(resource("MedicationStatement"), Arbitraries.of("active", "completed", "stopped").injectNull(0.3),
                        date(), date(), instant())
                .as((r, status, start, end, version) -> new Medication(r.codes(), status, start, end, r.source(), version));
    }

    static Arbitrary<Procedure> procedures() {
        return Combinators.combine(resource("Procedure"), date(), instant())
                .as((r, on, version) -> new Procedure(r.codes(), on, r.source(), version));
    }
}
