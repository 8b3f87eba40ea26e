package io.trialstream.registry;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.trialstream.contracts.Provenance;
import io.trialstream.contracts.Trial;
import io.trialstream.testsupport.TrialstreamTestResource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import static io.trialstream.registry.RegistryApi.asReader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

/** The same trial from ClinicalTrials.gov and from scraped pages becomes one trial, registry fields first. */
@QuarkusTest
@QuarkusTestResource(TrialstreamTestResource.class)
class SourceMergeFlowTest {
    TopicProbe kafka;

    @BeforeEach
    void probe() {
        kafka = new TopicProbe(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
    }

    @AfterEach
    void close() {
        kafka.close();
    }

    static Trial latest(List<ConsumerRecord<String, String>> records) {
        return TopicProbe.trial(records.get(records.size() - 1));
    }

    @Test
    void aScrapedPageWithoutNctIdJoinsTheRegistryTrialAndOnlyFillsItsGaps() {
        TrialBuilder registry = RealStudy.registryRecord().orElseGet(() -> TrialBuilder.registry("NCT02576665")
                .title("A Study of Toca 511, a Retroviral Replicating Vector, Combined With Toca FC in Patients With "
                        + "Solid Tumors or Lymphoma (Toca 6)").status("TERMINATED").sponsor("Tocagen Inc.")
                .conditions("Colorectal Cancer", "Melanoma").lastUpdate("2019-12-20"));
        String nct = registry.key;
        kafka.send(registry.build());
        kafka.awaitEach(Set.of(nct), r -> r.value() != null);

        // a trial-finder page: same title and sponsor, differently spelt; says RECRUITING (stale) and adds keywords
        kafka.send(TrialBuilder.page("TS-5a1c4896c7211adb0001", "https://finder.example/trials/toca-6")
                .title(registry.briefTitle.toUpperCase()).sponsor("Tocagen, Inc").status("RECRUITING")
                .keywords("retroviral replicating vector", "5-FC").build());

        kafka.awaitSeen(all -> kafka.of(nct).size() >= 2);
        Trial merged = latest(kafka.of(nct));
        assertThat(merged.version()).isEqualTo(2);
        assertThat(merged.trial().overallStatus()).as("registry wins over the page").isEqualTo(registry.status);
        assertThat(merged.trial().briefTitle()).isEqualTo(registry.briefTitle);
        assertThat(merged.trial().keywords()).containsExactly("retroviral replicating vector", "5-FC");
        // the page states no sites: the registry's sites stay exactly as they were (none in the fallback record)
        assertThat(merged.trial().locations() == null ? List.of() : merged.trial().locations())
                .hasSameSizeAs(registry.locations == null ? List.of() : registry.locations);
        assertThat(merged.sources()).extracting(Provenance::sourceFormat)
                .containsExactly(Provenance.SourceFormat.CTGOV_V2_JSON, Provenance.SourceFormat.SCRAPED_PAGE);
        assertThat(kafka.of("TS-5a1c4896c7211adb0001")).as("the page never became a trial of its own").isEmpty();

        asReader().get("/api/v1/trials/TS-5a1c4896c7211adb0001").then().statusCode(200)
                .body("trialKey", equalTo(nct)).body("version", equalTo(2));
        asReader().get("/api/v1/trials/" + nct + "/provenance").then().statusCode(200)
                .body("fields.keywords.sourceFormat", equalTo("SCRAPED_PAGE"))
                .body("fields.keywords.sourceUri", equalTo("https://finder.example/trials/toca-6"))
                .body("fields.overallStatus.sourceFormat", equalTo("CTGOV_V2_JSON"))
                .body("fields.briefTitle.sourceFormat", equalTo("CTGOV_V2_JSON"));
        asReader().get("/api/v1/trials/" + nct + "/versions").then().statusCode(200)
                .body("versions", hasSize(2))
                .body("versions[1].changedFields", contains("keywords"))
                .body("versions[1].source.sourceFormat", equalTo("SCRAPED_PAGE"));
    }

    @Test
    void aPageKnownByItsEudractIdIsTakenOverByTheRegistryRecordThatStatesIt() {
        String page = "EUDRACT:2021-004567-31";
        kafka.send(TrialBuilder.page(page, "https://euctr.example/2021-004567-31").eudract("2021-004567-31")
                .title("Venetoclax maintenance after transplant in AML").status("RECRUITING")
                .ages("ALL", 18.0, null).keywords("maintenance").build());
        kafka.awaitEach(Set.of(page), r -> r.value() != null);
        assertThat(latest(kafka.of(page)).version()).isEqualTo(1);

        String nct = "NCT09990401";
        kafka.send(TrialBuilder.registry(nct).eudract("2021-004567-31")
                .title("Venetoclax Maintenance After Allogeneic Transplantation in Acute Myeloid Leukemia")
                .status("ACTIVE_NOT_RECRUITING").ages("ALL", 18.0, 75.0).sponsor("University Hospital Example")
                .lastUpdate("2025-03-01").build());

        kafka.awaitSeen(all -> kafka.of(page).size() >= 2 && !kafka.of(nct).isEmpty());
        assertThat(kafka.of(page).get(1).value()).as("the page's own key is retired with a tombstone").isNull();
        Trial t = latest(kafka.of(nct));
        assertThat(t.version()).as("the NCT trial continues the page trial's history").isEqualTo(2);
        assertThat(t.trial().overallStatus()).isEqualTo("ACTIVE_NOT_RECRUITING");
        assertThat(t.trial().eligibility().maximumAge()).isEqualTo("75 Years");
        assertThat(t.trial().keywords()).containsExactly("maintenance");

        asReader().get("/api/v1/trials/" + page).then().statusCode(200).body("trialKey", equalTo(nct));
        asReader().get("/api/v1/trials/2021-004567-31").then().statusCode(200).body("trialKey", equalTo(nct));
        asReader().get("/api/v1/trials/" + nct + "/versions").then().statusCode(200)
                .body("versions", hasSize(2)).body("versions[0].source.sourceFormat", equalTo("SCRAPED_PAGE"))
                .body("versions[1].changedFields", hasItem("trialKey"));
    }

    @Test
    void aLaterPoorerRegistryRecordKeepsWhatTheRicherOneSaid() {
        String nct = "NCT09990402";
        kafka.send(TrialBuilder.registry(nct).title("Rich record").acronym("RICH-1").status("RECRUITING")
                .ages("ALL", 18.0, 70.0).conditions("Multiple Myeloma").lastUpdate("2024-01-10").build());
        kafka.awaitEach(Set.of(nct), r -> r.value() != null);
        // the legacy XML export, later, states less: no acronym, no age range, but a new status
        kafka.send(TrialBuilder.registry(nct).format(Provenance.SourceFormat.CTGOV_LEGACY_XML).title("Rich record")
                .status("COMPLETED").lastUpdate("2024-06-30").build());

        kafka.awaitSeen(all -> kafka.of(nct).size() >= 2);
        Trial t = latest(kafka.of(nct));
        assertThat(t.trial().overallStatus()).isEqualTo("COMPLETED");
        assertThat(t.trial().acronym()).isEqualTo("RICH-1");
        assertThat(t.trial().eligibility().maximumAge()).isEqualTo("70 Years");
        assertThat(t.trial().conditions()).containsExactly("Multiple Myeloma");
    }

    @Test
    void aPageThatFitsTwoTrialsOrNamesNoSponsorStaysOnItsOwn() {
        for (String nct : List.of("NCT09990403", "NCT09990404")) {
            kafka.send(TrialBuilder.registry(nct).title("Azacitidine With Or Without Placebo In Elderly AML")
                    .sponsor("Example Leukemia Group").status("RECRUITING").build());
        }
        kafka.awaitEach(Set.of("NCT09990403", "NCT09990404"), r -> r.value() != null);
        String ambiguous = "TS-ambiguous0000000001";
        String anonymous = "TS-anonymous0000000001";
        kafka.send(TrialBuilder.page(ambiguous, "https://finder.example/aza").title("Azacitidine with or without placebo in elderly AML")
                .sponsor("Example Leukemia Group").build());
        kafka.send(TrialBuilder.page(anonymous, "https://finder.example/aza-2").title("Azacitidine with or without placebo in elderly AML").build());

        kafka.awaitEach(Set.of(ambiguous, anonymous), r -> r.value() != null);
        asReader().get("/api/v1/trials/" + ambiguous).then().statusCode(200).body("trialKey", equalTo(ambiguous));
        asReader().get("/api/v1/trials/" + anonymous).then().statusCode(200).body("trialKey", equalTo(anonymous))
                .body("trial.ids", nullValue());
        asReader().get("/api/v1/trials/NCT09990403").then().body("version", equalTo(1));
    }

    @Test
    void aRescrapeOfTheSamePageReplacesItsStatementInsteadOfAddingAnother() {
        String nct = "NCT09990405";
        kafka.send(TrialBuilder.registry(nct).title("Ibrutinib In Mantle Cell Lymphoma Study").sponsor("Lymphoma Network")
                .status("RECRUITING").build());
        kafka.awaitEach(Set.of(nct), r -> r.value() != null);
        Instant first = Instant.now();
        kafka.send(TrialBuilder.page("TS-rescrape000000000001", "https://finder.example/mcl").title("Ibrutinib in mantle cell lymphoma study")
                .sponsor("Lymphoma Network").keywords("first scrape").parsedAt(first).build());
        // the page changed, so ingest gave it another fingerprint key; its address is the same source
        kafka.send(TrialBuilder.page("TS-rescrape000000000002", "https://finder.example/mcl")
                .keywords("second scrape").parsedAt(first.plusSeconds(3600)).build());

        kafka.awaitSeen(all -> kafka.of(nct).stream().anyMatch(r -> TopicProbe.trial(r).trial().keywords() != null
                && TopicProbe.trial(r).trial().keywords().contains("second scrape")));
        Trial t = latest(kafka.of(nct));
        assertThat(t.trial().keywords()).containsExactly("second scrape");
        assertThat(t.sources()).hasSize(2);
        asReader().get("/api/v1/trials/TS-rescrape000000000002").then().statusCode(200).body("trialKey", equalTo(nct));
    }
}
