package io.trialstream.registry;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.trialstream.contracts.Concept;
import io.trialstream.contracts.Criterion;
import io.trialstream.contracts.Eligibility;
import io.trialstream.registry.service.TrialStore;
import io.trialstream.testsupport.TrialstreamTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static io.restassured.RestAssured.given;
import static io.trialstream.registry.RegistryApi.asReader;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

/**
 * Every search filter, paging, sorting and the 400s. The trials share a sponsor word no other test uses, and every
 * query but the sponsor one carries it, so trials of other test classes in the same database do not interfere.
 */
@QuarkusTest
@QuarkusTestResource(TrialstreamTestResource.class)
class TrialSearchTest {
    static final String MINE = "sponsor=quillfeather";
    static final String AML = "NCT09990501";
    static final String BREAST = "NCT09990502";
    static final String PROSTATE = "NCT09990503";
    static final String LYMPHOMA = "NCT09990504";
    static boolean seeded;
    static Instant beforeBreastUpdate;

    @Inject
    TrialStore store;

    @BeforeEach
    void seed() {
        if (seeded) {
            return;
        }
        Criterion aml = new Criterion("inc-1.1", Criterion.Kind.CONDITION, Criterion.Polarity.REQUIRED, null,
                Criterion.Operator.PRESENT, null, null, null, null, null,
                List.of(new Concept(Concept.SNOMED, "91861009", "Acute myeloid leukemia"), new Concept(Concept.ICD10CM, "C92.0", null)),
                "inc-1", null, "AML", 0.9);
        Criterion noHiv = new Criterion("exc-1.1", Criterion.Kind.CONDITION, Criterion.Polarity.EXCLUDED, null,
                Criterion.Operator.PRESENT, null, null, null, null, null, List.of(new Concept(Concept.SNOMED, "86406008", "HIV")),
                "exc-1", null, "HIV", 0.9);
        store.acceptBatch(List.of(
                TrialBuilder.registry(AML).title("Venetoclax and Azacitidine in Older Adults With AML")
                        .summary("Tests whether adding venetoclax to azacitidine prolongs remission.")
                        .status("RECRUITING").phases("PHASE2").studyType("INTERVENTIONAL")
                        .conditions("Acute Myeloid Leukemia").sponsor("Quillfeather Trials Consortium")
                        .eligibility(new Eligibility("ALL", "60 Years", null, new Eligibility.AgeBound(60, true), null,
                                false, null, null, List.of(aml, noHiv)))
                        .site("Charité", "Berlin", "Germany").site("Dana-Farber", "Boston", "United States")
                        .secondaryId("NIH", "GRANT-QF-1").secondaryId("OTHER", "QF-AML-7")
                        .lastUpdate("2025-04-01").build(),
                TrialBuilder.registry(BREAST).title("Letrozole for Postmenopausal Breast Cancer")
                        .status("RECRUITING").phases("PHASE3").studyType("INTERVENTIONAL").conditions("Breast Cancer")
                        .sponsor("Quillfeather Trials Consortium", "Oncology Partners").ages("FEMALE", 45.0, 80.0)
                        .site("Institut Curie", "Paris", "France").secondaryId("NIH", "GRANT-QF-1").lastUpdate("2024-02-01").build(),
                TrialBuilder.registry(PROSTATE).title("Observational Registry of Prostate Cancer Outcomes")
                        .status("COMPLETED").phases("NA").studyType("OBSERVATIONAL").conditions("Prostate Cancer")
                        .sponsor("Quillfeather Trials Consortium")
                        .eligibility(new Eligibility("MALE", "18 Years", null, new Eligibility.AgeBound(18, false), null,
                                null, null, null, null))
                        .site("Universitätsspital", "Zürich", "Switzerland").lastUpdate("2023-01-15").build(),
                TrialBuilder.registry(LYMPHOMA).title("Brentuximab in Children With Hodgkin Lymphoma")
                        .status("NOT_YET_RECRUITING").phases("PHASE1", "PHASE2").studyType("INTERVENTIONAL")
                        .conditions("Hodgkin Lymphoma").sponsor("Quillfeather Trials Consortium").ages("ALL", 0.5, 17.0)
                        .lastUpdate("2025-09-09").build()));
        beforeBreastUpdate = Instant.now();
        store.accept(TrialBuilder.registry(BREAST).title("Letrozole for Postmenopausal Breast Cancer")
                .summary("Adjuvant letrozole after surgery.")
                .status("RECRUITING").phases("PHASE3").studyType("INTERVENTIONAL").conditions("Breast Cancer")
                .sponsor("Quillfeather Trials Consortium", "Oncology Partners").ages("FEMALE", 45.0, 80.0)
                .site("Institut Curie", "Paris", "France").secondaryId("NIH", "GRANT-QF-1").lastUpdate("2024-03-01").build());
        seeded = true;
    }

    static ValidatableResponse search(String query) {
        return asReader().urlEncodingEnabled(false).get("/api/v1/trials?" + query).then().statusCode(200);
    }

    static void finds(String query, String... keys) {
        search(MINE + "&" + query + "&size=100").body("items.trialKey", containsInAnyOrder((Object[]) keys))
                .body("total", equalTo(keys.length));
    }

    @Test
    void conditionTextIsStemmedWordSearch() {
        finds("condition=leukemia", AML);
        finds("condition=breast%20cancers", BREAST);
        finds("condition=lymphoma", LYMPHOMA);
    }

    @Test
    void conditionCodeMatchesRequiredConditionCriteriaOnly() {
        finds("conditionCode=C92.0", AML);
        finds("conditionCode=http://snomed.info/sct%7C91861009", AML);
        finds("conditionCode=86406008"); // HIV is an exclusion of the AML trial, not its condition
    }

    @Test
    void statusPhaseAndStudyType() {
        finds("status=RECRUITING", AML, BREAST);
        finds("status=recruiting,completed", AML, BREAST, PROSTATE);
        finds("phase=PHASE2", AML, LYMPHOMA);
        finds("phase=NA", PROSTATE);
        finds("studyType=OBSERVATIONAL", PROSTATE);
        finds("status=RECRUITING&phase=PHASE3", BREAST);
    }

    @Test
    void sexFindsTrialsOpenToIt() {
        finds("sex=FEMALE", AML, BREAST, LYMPHOMA);
        finds("sex=MALE", AML, PROSTATE, LYMPHOMA);
        finds("sex=ALL", AML, LYMPHOMA);
    }

    @Test
    void ageMustFitTheRangeWithItsInclusiveness() {
        finds("age=60", AML, BREAST, PROSTATE);
        finds("age=18"); // the prostate registry's minimum is exclusive, the lymphoma trial ends at 17
        finds("age=17", LYMPHOMA);
        finds("age=17.5");
        finds("age=0.5", LYMPHOMA);
    }

    @Test
    void siteCountryAndCityMatchOneSite() {
        finds("country=germany", AML);
        finds("city=zurich", PROSTATE);
        finds("country=Switzerland&city=Z%C3%BCrich", PROSTATE);
        finds("country=Germany&city=Boston");
        finds("country=United%20States&city=Boston", AML);
    }

    @Test
    void sponsorMatchesLeadOrCollaborator() {
        search("sponsor=Quillfeather%20Trials&size=100").body("items.trialKey", hasItems(AML, BREAST, PROSTATE, LYMPHOMA));
        search("sponsor=oncology%20partners&size=100").body("items.trialKey", contains(BREAST));
    }

    @Test
    void freeTextOverTitlesAndSummaryRankedByRelevance() {
        finds("q=venetoclax", AML);
        finds("q=remission", AML);
        finds("q=letrozole%20-breast");
        search(MINE + "&q=cancer").body("items.trialKey", containsInAnyOrder(BREAST, PROSTATE))
                .body("items[0].rank", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void updatedSinceFindsLaterChanges() {
        finds("updatedSince=" + beforeBreastUpdate, BREAST);
        finds("updatedSince=2000-01-01", AML, BREAST, PROSTATE, LYMPHOMA);
    }

    @Test
    void pagesAndSorts() {
        search(MINE + "&size=3&page=0&sort=trialKey").body("total", equalTo(4)).body("page", equalTo(0))
                .body("items.trialKey", contains(AML, BREAST, PROSTATE));
        search(MINE + "&size=3&page=1&sort=trialKey").body("items.trialKey", contains(LYMPHOMA));
        search(MINE + "&size=3&page=2").body("items", hasSize(0)).body("total", equalTo(4));
        search(MINE + "&sort=-lastUpdateDate").body("items.trialKey", contains(LYMPHOMA, AML, BREAST, PROSTATE));
        search(MINE + "&sort=-updatedAt").body("items[0].trialKey", equalTo(BREAST));
        search(MINE + "&sort=briefTitle").body("items.trialKey", contains(LYMPHOMA, BREAST, PROSTATE, AML));
    }

    @Test
    void badParametersAre400NamingTheParameter() {
        bad("age=abc", "age");
        bad("age=200", "age");
        bad("status=RECRUTING", "status");
        bad("phase=3", "phase");
        bad("sex=X", "sex");
        bad("stauts=RECRUITING", "stauts");
        bad("sort=relevance", "sort");
        bad("sort=popularity", "sort");
        bad("size=0", "size");
        bad("page=-1", "page");
        bad("page=500&size=100", "page");
        bad("updatedSince=yesterday", "updatedSince");
        bad("conditionCode=%7C", "conditionCode");
        asReader().delete("/api/v1/trials/" + AML).then().statusCode(405).contentType("application/problem+json");
    }

    @Test
    void oversizedInputIsRefusedBeforeAnyQueryNamingTheParameter() {
        bad(MINE + "&q=" + "a".repeat(201), "q");
        bad("condition=" + "a".repeat(201), "condition");
        bad("sponsor=" + "a".repeat(201), "sponsor");
        bad("city=" + "a".repeat(201), "city");
        bad("status=" + "R".repeat(201), "status");
        bad("conditionCode=" + String.join(",", java.util.Collections.nCopies(51, "C92.0")), "conditionCode");
        bad("size=101", "size");
        bad("x".repeat(100) + "=1", "x".repeat(64) + "…");
        search(MINE + "&q=" + "a".repeat(200));

        asReader().get("/api/v1/trials/" + "N".repeat(201)).then().statusCode(400).contentType("application/problem+json")
                .body("invalidParams[0].name", equalTo("key"));
        asReader().get("/api/v1/trials/" + "N".repeat(201) + "/versions").then().statusCode(400);
        asReader().get("/api/v1/trials/" + "N".repeat(200)).then().statusCode(404);
        // the registry takes no documents: a large body is refused before it is read, whoever sends it
        asReader().contentType("application/json").body(new byte[65 * 1024]).post("/api/v1/admin/republish")
                .then().statusCode(413);
    }

    static void bad(String query, String parameter) {
        asReader().urlEncodingEnabled(false).get("/api/v1/trials?" + query).then().statusCode(400).contentType("application/problem+json")
                .body("invalidParams[0].name", equalTo(parameter)).body("detail", startsWith("parameter '" + parameter + "'"));
    }

    @Test
    void aTrialIsFoundByNctIdInAnyCaseAndBySecondaryId() {
        asReader().get("/api/v1/trials/nct09990501").then().statusCode(200).body("trialKey", equalTo(AML));
        asReader().get("/api/v1/trials/qf-aml-7").then().statusCode(200).body("trialKey", equalTo(AML));
        asReader().get("/api/v1/trials/GRANT-QF-1").then().statusCode(409).contentType("application/problem+json")
                .body("trialKeys", containsInAnyOrder(AML, BREAST));
        asReader().get("/api/v1/trials/NCT09990599").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void theSearchIsDocumentedInOpenApi() {
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths.'/api/v1/trials'.get.parameters.name", hasItems("condition", "conditionCode", "status",
                        "phase", "studyType", "sex", "age", "country", "city", "sponsor", "q", "updatedSince", "page",
                        "size", "sort"))
                .body("paths.'/api/v1/trials'.get.responses.'400'.content.'application/problem+json'", org.hamcrest.Matchers.notNullValue())
                .body("paths", org.hamcrest.Matchers.hasKey("/api/v1/trials/{key}/versions"))
                .body("paths", org.hamcrest.Matchers.hasKey("/api/v1/admin/republish"));
    }
}
