package io.trialstream.matching.flow;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.trialstream.contracts.Concept;
import io.trialstream.contracts.ContractJson;
import io.trialstream.contracts.Criterion;
import io.trialstream.contracts.Eligibility;
import io.trialstream.contracts.PatientEvent;
import io.trialstream.contracts.Trial;
import io.trialstream.contracts.TrialRecord;
import io.trialstream.matching.domain.MatchEntity;
import io.trialstream.matching.evaluation.CandidateIndex;
import io.trialstream.matching.evaluation.EligibilityEvaluator;
import io.trialstream.matching.evaluation.PatientFacts;
import io.trialstream.matching.facts.FhirFixtures;
import io.trialstream.matching.repository.IndexedTrialRepository;
import io.trialstream.matching.repository.MatchRepository;
import io.trialstream.matching.seeds.SeedTrials;
import io.trialstream.matching.service.AgeingPass;
import io.trialstream.matching.service.MatchService;
import io.trialstream.matching.service.TimeSource;
import io.trialstream.testsupport.TrialstreamTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import static io.trialstream.matching.flow.Clinician.asClinician;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

/** The REST API, the ageing pass and the SQL candidate index, against real PostgreSQL (events applied directly). */
@QuarkusTest
@QuarkusTestResource(TrialstreamTestResource.class)
class MatchingApiTest {
    @Inject
    MatchService service;
    @Inject
    AgeingPass ageing;
    @Inject
    MatchRepository matches;
    @Inject
    IndexedTrialRepository trials;

    static String json(Object o) throws Exception {
        return ContractJson.mapper().writeValueAsString(o);
    }

    @Test
    void evaluateIsStatelessAndExplainsEveryCriterion() throws Exception {
        String bundle = FhirFixtures.load("aml-patient-bundle.json", Instant.now());
        String body = "{\"patient\":" + bundle + ",\"trial\":" + json(SeedTrials.seed004()) + "}";
        asClinician().contentType("application/json").body(body).when().post("/api/v1/eligibility/evaluate").then().statusCode(200)
                .body("trialKey", equalTo("TS-SEED-004"))
                .body("verdict", equalTo("POSSIBLY_ELIGIBLE"))
                .body("criteria.find { it.criterionId == 'inc-9#4' }.outcome", equalTo("MET"))
                .body("criteria.find { it.criterionId == 'inc-9#5' }.outcome", equalTo("UNKNOWN"))
                .body("neededInfo", hasItem("LVEF (LOINC 10230-1) within 90 days"));
        // a TrialRecord (not a snapshot) and a native patient work too; nothing was stored
        PatientEvent young = new PatientEvent(PatientEvent.SCHEMA_VERSION, "e1", PatientEvent.Type.SNAPSHOT, "api-native-1", null,
                LocalDate.now().minusYears(10), PatientEvent.Sex.MALE, null, null, null, null);
        asClinician().contentType("application/json").body("{\"patient\":" + json(young) + ",\"trial\":" + json(SeedTrials.seed002().trial()) + "}")
                .when().post("/api/v1/eligibility/evaluate").then().statusCode(200)
                .body("verdict", equalTo("INELIGIBLE"))
                .body("criteria.find { it.criterionId == 'age' }.outcome", equalTo("NOT_MET"));
        assertThat(service.storedFacts("api-native-1")).isNull();
    }

    @Test
    void evaluateAcceptsAStoredTrialKey() throws Exception {
        service.onTrial("NCT09996001", withKey(SeedTrials.seed002(), "NCT09996001"));
        String bundle = FhirFixtures.load("aml-patient-bundle.json", Instant.now());
        asClinician().contentType("application/json").body("{\"patient\":" + bundle + ",\"trialKey\":\"NCT09996001\"}")
                .when().post("/api/v1/eligibility/evaluate").then().statusCode(200)
                .body("trialVersion", equalTo(1)).body("verdict", equalTo("POSSIBLY_ELIGIBLE"));
        asClinician().contentType("application/json").body("{\"patient\":" + bundle + ",\"trialKey\":\"NCT00000000\"}")
                .when().post("/api/v1/eligibility/evaluate").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void badRequestsAreProblemsNamingTheParameterAndNeverEchoPatientData() {
        asClinician().contentType("application/json").body("{\"trialKey\":\"NCT1\"}").when().post("/api/v1/eligibility/evaluate")
                .then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("MISSING_PATIENT")).body("invalidParams[0].name", equalTo("patient"));
        asClinician().contentType("application/json").body("{\"patient\":{\"resourceType\":\"Patient\",\"gender\":\"female\"}}")
                .when().post("/api/v1/eligibility/evaluate").then().statusCode(400)
                .body("invalidParams.name", hasItem("trial")).body("invalidParams.name", hasItem("trialKey"));
        String marker = "Jane-Marker-1970";
        asClinician().contentType("application/json").body("{\"patient\":{\"resourceType\":\"Nope\",\"name\":\"" + marker + "\"},\"trialKey\":\"NCT1\"}")
                .when().post("/api/v1/eligibility/evaluate").then().statusCode(422).body("code", equalTo("INVALID_FHIR"))
                .body(not(org.hamcrest.Matchers.containsString(marker)));
        asClinician().contentType("application/json").body("{\"patient\":{\"resourceType\":\"Patient\"},\"trial\":{\"eligibility\":\"x\"}}")
                .when().post("/api/v1/eligibility/evaluate").then().statusCode(400).body("invalidParams[0].name", equalTo("trial"));
        asClinician().when().get("/api/v1/patients/p1/matches?limit=0").then().statusCode(400).contentType("application/problem+json")
                .body("invalidParams[0].name", equalTo("limit"));
        asClinician().when().get("/api/v1/patients/p1/matches?verdict=MAYBE").then().statusCode(400).body("invalidParams[0].name", equalTo("verdict"));
        asClinician().when().get("/api/v1/trials/NCT00000404/candidates").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void candidatesOfATrialAreRankedEligibleFirst() {
        String key = "NCT09996002";
        Trial t = ageOnlyTrial(key, 18, 99);
        service.onTrial(key, t);
        service.onPatientEvent(native_("cand-known", LocalDate.now().minusYears(40)));
        service.onPatientEvent(native_("cand-unknown-age", null));
        // patients of other test classes may match this age-only trial too: look at ours, in the served order
        List<Map<String, Object>> all = asClinician().when().get("/api/v1/trials/" + key + "/candidates").then().statusCode(200)
                .extract().jsonPath().getList("$");
        List<Map<String, Object>> ours = all.stream().filter(m -> ((String) m.get("patientId")).startsWith("cand-")).toList();
        assertThat(ours).extracting(m -> m.get("patientId")).containsExactly("cand-known", "cand-unknown-age");
        assertThat(ours).extracting(m -> m.get("verdict")).containsExactly("ELIGIBLE", "POSSIBLY_ELIGIBLE");
        assertThat(ours.get(1).get("neededInfo")).isEqualTo(List.of("birthDate"));
        assertThat(all.get(0).get("verdict")).isEqualTo("ELIGIBLE");
        asClinician().when().get("/api/v1/trials/" + key + "/candidates?verdict=POSSIBLY_ELIGIBLE&limit=1000").then().statusCode(200)
                .body("patientId", hasItem("cand-unknown-age")).body("patientId", not(hasItem("cand-known")));
        asClinician().when().get("/api/v1/patients/cand-known/matches").then().statusCode(200).body("trialKey", hasItem(key))
                .body("[0].criteria[0].explanation", startsWith("age 40 years"));
    }

    @Test
    void theAgeingPassMatchesAPatientOnTheDayTheyReachTheMinimumAge() {
        String key = "NCT09996003";
        service.onTrial(key, ageOnlyTrial(key, 21, 99));
        LocalDate birth = LocalDate.now(ZoneOffset.UTC).minusYears(21).plusDays(2);
        service.onPatientEvent(native_("ageing-1", birth));
        String matchId = MatchService.matchId("ageing-1", key);
        assertThat(matches.findByIdOptional(matchId)).isEmpty();

        Instant later = Instant.now().plus(Duration.ofDays(3));
        QuarkusMock.installMockForType(new TimeSource() {
            @Override
            public Instant now() {
                return later;
            }
        }, TimeSource.class);
        assertThat(ageing.run()).isGreaterThanOrEqualTo(1);
        MatchEntity m = matches.findById(matchId);
        assertThat(m.active).isTrue();
        assertThat(m.verdict).isEqualTo("ELIGIBLE");
        assertThat(ageing.run()).as("the day's pass is claimed once").isZero();
    }

    /**
     * The replica's in-memory index (inverted by condition key, refreshed from the trial change log) returns exactly
     * what checking every trial with {@code CandidateIndex.admits} (covered by the property test) returns. No test
     * transaction around it: a trial update is the entry point of its own transaction (its own timeout).
     */
    @Test
    void theReplicaTrialIndexAdmitsExactlyWhatAScanOfEveryTrialAdmits() {
        Random random = new Random(20261121);
        CandidateIndex index = new CandidateIndex();
        String prefix = "NCT0999" + (7000 + random.nextInt(999)) + "-";
        List<String> conditions = List.of("91861009", "92818009", "254837009", "91302008", "38341003");
        Map<String, CandidateIndex.TrialKeys> keys = new java.util.HashMap<>();
        for (int i = 0; i < 40; i++) {
            List<Criterion> cs = new ArrayList<>();
            if (random.nextBoolean()) {
                double min = random.nextInt(60);
                cs.add(new Criterion("age", Criterion.Kind.AGE, Criterion.Polarity.REQUIRED, "age", Criterion.Operator.BETWEEN, min,
                        min + random.nextInt(40), "a", null, null, null, null, null, "age", 1.0));
            }
            if (random.nextBoolean()) {
                cs.add(new Criterion("sex", Criterion.Kind.SEX, random.nextBoolean() ? Criterion.Polarity.REQUIRED : Criterion.Polarity.EXCLUDED,
                        "sex", Criterion.Operator.EQ, null, null, null, null, null,
                        List.of(new Concept(Concept.ADMINISTRATIVE_GENDER, random.nextBoolean() ? "female" : "male", null)), null, null, "sex", 1.0));
            }
            if (random.nextInt(3) > 0) {
                cs.add(new Criterion("inc-1#1", Criterion.Kind.CONDITION, Criterion.Polarity.REQUIRED, null, Criterion.Operator.PRESENT, null, null,
                        null, null, null, List.of(new Concept(Concept.SNOMED, conditions.get(random.nextInt(conditions.size())), null)),
                        null, null, "diagnosis", 0.9));
            }
            String key = prefix + i;
            Trial t = trialWith(key, cs);
            service.onTrial(key, t);
            keys.put(key, index.trialKeys(EligibilityEvaluator.criteriaOf(t.trial())));
        }
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        for (int p = 0; p < 30; p++) {
            List<PatientFacts.Condition> cs = new ArrayList<>();
            for (int c = random.nextInt(3); c > 0; c--) {
                cs.add(new PatientFacts.Condition(List.of(new Concept(Concept.SNOMED, conditions.get(random.nextInt(conditions.size())), null)),
                        "active", null, today, null, null, null, null, null));
            }
            LocalDate birth = random.nextInt(5) == 0 ? null : today.minusDays(random.nextInt(90 * 366));
            PatientEvent.Sex sex = PatientEvent.Sex.values()[random.nextInt(4)];
            PatientFacts facts = new PatientFacts("sql-" + p, birth, sex, cs, List.of(), List.of(), List.of());
            CandidateIndex.PatientKeys pk = index.patientKeys(facts);
            Set<String> replica = new HashSet<>(service.candidateTrialKeys(facts));
            replica.removeIf(k -> !k.startsWith(prefix));
            Set<String> scan = new HashSet<>(); // every trial of the test, one by one
            keys.forEach((k, tk) -> {
                if (index.admits(tk, pk, today)) {
                    scan.add(k);
                }
            });
            assertThat(replica).as("patient %s", p).isEqualTo(scan);
        }
    }

    static PatientEvent native_(String id, LocalDate birth) {
        return new PatientEvent(PatientEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), PatientEvent.Type.SNAPSHOT, id,
                Instant.now(), birth, PatientEvent.Sex.FEMALE, null, null, null, null);
    }

    static Trial ageOnlyTrial(String key, double min, double max) {
        return trialWith(key, List.of(new Criterion("age", Criterion.Kind.AGE, Criterion.Polarity.REQUIRED, "age", Criterion.Operator.BETWEEN,
                min, max, "a", null, null, null, null, null, "age", 1.0)));
    }

    static Trial trialWith(String key, List<Criterion> criteria) {
        Eligibility e = new Eligibility("ALL", null, null, null, null, null, null, null, criteria);
        TrialRecord r = new TrialRecord(key, null, "t", null, null, null, "RECRUITING", null, null, null, null, null, null, null,
                null, null, null, null, null, e, null, null, null, null, null);
        return new Trial(Trial.SCHEMA_VERSION, key, 1, Instant.now(), "h", r, null);
    }

    static Trial withKey(Trial t, String key) {
        TrialRecord r = t.trial();
        TrialRecord renamed = new TrialRecord(key, r.ids(), r.briefTitle(), null, null, null, r.overallStatus(), null, r.studyType(),
                null, null, null, null, null, null, null, null, null, null, r.eligibility(), null, null, null, null, null);
        return new Trial(t.schemaVersion(), key, t.version(), t.updatedAt(), t.contentHash(), renamed, null);
    }
}
