package io.trialstream.ingest.parsing.page;

import io.trialstream.contracts.Eligibility;
import io.trialstream.contracts.Eligibility.CriterionItem;
import io.trialstream.contracts.TrialRecord;
import io.trialstream.contracts.TrialRecord.PartialDate;
import io.trialstream.contracts.TrialRecord.PartialDate.Precision;
import io.trialstream.ingest.parsing.InvalidDocumentException;
import io.trialstream.testsupport.SharedData;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Golden tests on the five seed pages (read from the shared folder, never copied into the repository) and on the
 * project's own pages in the same three layouts: other trials, missing values, other section orders, HTML forms.
 */
public class ScrapedPageParserTest {

    private final ScrapedPageParser parser = new ScrapedPageParser();

    public static String fixture(String name) throws IOException {
        try (InputStream in = ScrapedPageParserTest.class.getResourceAsStream("/fixtures/pages/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static Optional<Path> seeds() {
        return SharedData.root().map(r -> r.getParent().resolve("seeds")).filter(Files::isDirectory);
    }

    static String seed(String prefix) throws IOException {
        Optional<Path> dir = seeds();
        assumeTrue(dir.isPresent(), "shared seeds absent");
        try (Stream<Path> s = Files.list(dir.get())) {
            Path p = s.filter(f -> f.getFileName().toString().startsWith(prefix)).findFirst().orElseThrow();
            return Files.readString(p);
        }
    }

    private static List<String> texts(List<CriterionItem> items) {
        return items.stream().map(CriterionItem::text).toList();
    }

    private static Object sexOf(TrialRecord t) {
        return t.eligibility() == null ? null : t.eligibility().sex();
    }

    // ---- seeds ----

    @Test
    void seed000PatientSite() throws IOException {
        var page = parser.parseText(seed("000_"));
        TrialRecord t = page.trial();
        assertThat(page.layout()).isEqualTo("patient-site");
        assertThat(page.parserVersion()).isEqualTo("scraped-page/patient-site/1");

        assertThat(t.briefTitle()).isEqualTo("Recombinant Interleukin-7 for Myelodysplastic Syndrome");
        assertThat(t.phases()).containsExactly("PHASE1", "PHASE2");
        assertThat(t.overallStatus()).as("'Waitlist Available' has no API v2 status").isNull();
        assertThat(t.investigators()).containsExactly("Gheath Al-Atrash");
        assertThat(t.sponsors()).isEqualTo(new TrialRecord.Sponsors("M.D. Anderson Cancer Center", List.of("National Cancer Institute (NCI)")));
        assertThat(t.conditions()).containsExactly("Cord Blood Transplant Recipient", "Myelodysplastic Syndrome",
                "Myeloproliferative Neoplasms", "Acute Myeloid Leukemia", "Chronic Myelogenous Leukemia");
        assertThat(t.briefSummary()).startsWith("This trial is testing the side effects and best dose")
                .endsWith("help the patient's immune system recover.");
        assertThat(t.outcomes()).isEqualTo(new TrialRecord.Outcomes(
                List.of("Number of Participants With Dose Limiting Toxicities"), List.of("Overall Survival")));
        assertThat(t.arms()).singleElement().satisfies(a -> {
            assertThat(a.label()).isEqualTo("Group I: Supportive care (recombinant interleukin-7)");
            assertThat(a.type()).isEqualTo("EXPERIMENTAL");
            assertThat(a.description()).startsWith("Within 60-180 days after CBT");
        });
        assertThat(t.interventions()).extracting(TrialRecord.Intervention::name).containsExactly("Recombinant Interleukin-7");

        Eligibility e = t.eligibility();
        assertThat(texts(e.inclusion())).containsExactly("Be older than 18 years old");
        assertThat(e.exclusion()).isEmpty();
        assertThat(e.minimumAge()).isEqualTo("older than 18 years old");
        assertThat(e.minimumAgeBound().years()).isEqualTo(18.0);
        assertThat(e.maximumAge()).isNull();
        assertThat(e.maximumAgeBound()).isNull();
        assertThat(e.sex()).isNull();
        assertThat(e.healthyVolunteers()).isNull();

        // the side-effect data names a trial; the page never says it is this one
        assertThat(t.ids()).isNull();
        assertThat(t.relatedTrials()).containsExactly("NCT03941769");
        assertThat(t.trialKey()).startsWith("TS-");
        // the FAQ's machine-written answers ("21 participants", "actively enrolling") are not read
        assertThat(t.enrollment()).isNull();
        assertThat(t.startDate()).isNull();
        assertThat(t.studyType()).isNull();
        assertThat(t.design()).isNull();
        assertThat(t.locations()).isNull();
        assertThat(t.references()).isNull();
    }

    @Test
    void seed001HeadingsWithoutValues() throws IOException {
        var page = parser.parseText(seed("001_"));
        TrialRecord t = page.trial();
        assertThat(page.layout()).isEqualTo("headed-summary");
        assertThat(t.briefTitle()).isNull();
        assertThat(t.ids()).isNull();
        assertThat(t.trialKey()).startsWith("TS-");
        assertThat(t.briefSummary()).startsWith("A multicenter, randomized, double-blinded, placebo-controlled study")
                .contains("\nA parallel study will be performed");
        assertThat(t.enrollment()).isEqualTo(new TrialRecord.Enrollment(16, null));
        assertThat(sexOf(t)).as("a Sex heading with no value").isNull();
        assertThat(t.eligibility()).as("no eligibility value survived the scrape").isNull();
        assertThat(t.overallStatus()).isNull();
        assertThat(t.phases()).isNull();
        assertThat(t.conditions()).isNull();
        assertThat(t.interventions()).isNull();
        assertThat(t.design()).as("'16 participants…' under Masking is not a masking").isNull();
        assertThat(t.relatedTrials()).isNull();
    }

    @Test
    void seed002RegistryMirrorWithItsOwnId() throws IOException {
        var page = parser.parseText(seed("002_"));
        TrialRecord t = page.trial();
        assertThat(page.layout()).isEqualTo("registry-mirror");
        assertThat(t.trialKey()).isEqualTo("NCT06802718");
        assertThat(t.ids()).isEqualTo(new TrialRecord.Ids("NCT06802718", null, "2023PHD001-001"));
        assertThat(t.briefTitle()).isEqualTo("Interferon-alpha As Maintenance Therapy for Favorable-risk Acute Myeloid Leukemia");
        assertThat(t.lastUpdateDate()).isEqualTo(new PartialDate("2025-01-31", Precision.DAY));
        assertThat(t.overallStatus()).isEqualTo("RECRUITING");
        assertThat(t.phases()).containsExactly("PHASE3");
        assertThat(t.enrollment()).isEqualTo(new TrialRecord.Enrollment(96, null));
        assertThat(t.studyType()).isEqualTo("INTERVENTIONAL");
        assertThat(t.startDate()).isEqualTo(new PartialDate("2023-01-01", Precision.DAY));
        assertThat(t.completionDate()).isEqualTo(new PartialDate("2026-12-31", Precision.DAY));
        assertThat(t.design()).isEqualTo(new TrialRecord.Design("RANDOMIZED", "PARALLEL", "NONE", "TREATMENT"));
        assertThat(t.arms()).extracting(TrialRecord.Arm::label, TrialRecord.Arm::interventionNames).containsExactly(
                org.assertj.core.groups.Tuple.tuple("Interferon Group", List.of("Interferon")),
                org.assertj.core.groups.Tuple.tuple("Control Group", null));
        assertThat(t.interventions()).extracting(TrialRecord.Intervention::name).containsExactly("Interferon");
        assertThat(t.sponsors()).isEqualTo(new TrialRecord.Sponsors("Peking University People's Hospital", null));
        assertThat(t.investigators()).containsExactly("Xiao-Jun Huang");
        assertThat(t.locations()).containsExactly(new TrialRecord.Location("Peking University People's Hospital",
                "Beijing", "Beijing Municipality", "China", null));
        assertThat(t.relatedTrials()).containsExactly("NCT03121079", "NCT06130579", "NCT02027064", "NCT06379360", "NCT02568241");
        assertThat(t.briefSummary()).as("the Brief Summary heading has no text").isNull();
        assertThat(t.conditions()).isNull();

        Eligibility e = t.eligibility();
        assertThat(e.sex()).isEqualTo("ALL");
        assertThat(e.minimumAge()).isEqualTo("18 Years");
        assertThat(e.maximumAge()).isEqualTo("70 Years");
        assertThat(e.minimumAgeBound().years()).isEqualTo(18.0);
        assertThat(e.maximumAgeBound().years()).isEqualTo(70.0);
        assertThat(e.healthyVolunteers()).isFalse();
        assertThat(e.inclusion()).hasSize(6);
        assertThat(e.exclusion()).hasSize(9);
        assertThat(e.inclusion().get(0).text()).isEqualTo("Achieved CR1 after 1-2 cycles of standard chemotherapy.");
        assertThat(e.inclusion().get(2).text()).contains("decreased by > 3 log");
        assertThat(e.exclusion().get(1).text()).isEqualTo("≥ CR2 status.");
    }

    @Test
    void seed003RelatedIdsAreNotItsIdAndItIsKeyedByEudraCt() throws IOException {
        TrialRecord t = parser.parseText(seed("003_")).trial();
        assertThat(t.briefTitle()).isNull();
        assertThat(t.ids().nctId()).isNull();
        assertThat(t.relatedTrials()).containsExactly("NCT00003148", "NCT00187096", "NCT06641648", "NCT04220684", "NCT00460694");
        assertThat(t.ids().secondaryIds()).containsExactly(new TrialRecord.SecondaryId("EUDRACT_NUMBER", "2019-001929-27"));
        assertThat(t.ids().orgStudyId()).isEqualTo("HEMAML42");
        assertThat(t.trialKey()).isEqualTo("EUDRACT:2019-001929-27");
        assertThat(t.overallStatus()).isEqualTo("RECRUITING");
        assertThat(t.phases()).containsExactly("PHASE1", "PHASE2");
        assertThat(t.enrollment().count()).isEqualTo(23);
        assertThat(t.startDate()).isEqualTo(new PartialDate("2020-12-03", Precision.DAY));
        assertThat(t.completionDate()).isEqualTo(new PartialDate("2025-09-01", Precision.DAY));
        assertThat(t.lastUpdateDate()).isNull();
        assertThat(t.design()).isEqualTo(new TrialRecord.Design("NON_RANDOMIZED", "PARALLEL", "NONE", "TREATMENT"));
        assertThat(t.interventions()).extracting(TrialRecord.Intervention::name).containsExactly("UCB-NK cells", "IL-2");
        assertThat(t.arms()).extracting(TrialRecord.Arm::label).containsExactly(
                "NK cells without IL-2", "NK cells with low dose IL-2", "NK cells with higher dose IL-2");
        assertThat(t.arms().get(1).interventionNames()).containsExactly("UCB-NK cells", "IL-2");
        assertThat(t.arms().get(0).description()).contains("1.0-3.0 x 10^9 allogeneic");
        // two sponsors, and the page does not say which one leads
        assertThat(t.sponsors()).isEqualTo(new TrialRecord.Sponsors(null,
                List.of("Dutch Cancer Society", "Radboud University Medical Center")));
        assertThat(t.investigators()).containsExactly("N.P.M. Schaap");
        assertThat(t.locations()).containsExactly(new TrialRecord.Location("Radboud University Medical Center",
                "Nijmegen", null, "Netherlands", null));
        assertThat(t.references()).singleElement().asString().startsWith("Dolstra H, Roeven MWH");

        Eligibility e = t.eligibility();
        assertThat(e.sex()).isEqualTo("ALL");
        assertThat(e.minimumAge()).isEqualTo("18 Years");
        assertThat(e.maximumAge()).isNull();
        assertThat(e.maximumAgeBound()).isNull();
        assertThat(e.healthyVolunteers()).isFalse();
        assertThat(e.inclusion()).hasSize(9);
        assertThat(e.exclusion()).hasSize(9);
        assertThat(texts(e.inclusion())).contains("Age ≥ 18 years", "WHO performance 0-2");
        assertThat(texts(e.exclusion())).endsWith("Pregnancy or breastfeeding");
    }

    @Test
    void seed004CriteriaAsPlainLinesWithAgesInProse() throws IOException {
        var page = parser.parseText(seed("004_"));
        TrialRecord t = page.trial();
        assertThat(page.layout()).isEqualTo("headed-summary");
        assertThat(t.briefTitle()).isNull();
        assertThat(t.ids()).isNull();
        assertThat(t.trialKey()).startsWith("TS-");
        assertThat(t.briefSummary()).startsWith("Acute leukemia is a malignant clonal disease of hematopoietic stem cells.");
        assertThat(t.enrollment()).isEqualTo(new TrialRecord.Enrollment(200, null));
        assertThat(t.overallStatus()).isNull();
        assertThat(t.phases()).isNull();
        assertThat(t.design()).isNull();
        assertThat(t.relatedTrials()).isNull();

        Eligibility e = t.eligibility();
        assertThat(e.minimumAge()).isEqualTo("Over 14 years old");
        assertThat(e.maximumAge()).isEqualTo("under 65 years old");
        assertThat(e.minimumAgeBound().years()).isEqualTo(14.0);
        assertThat(e.maximumAgeBound().years()).as("under 65: completed ages up to 64").isEqualTo(64.0);
        assertThat(e.sex()).isNull();
        assertThat(e.healthyVolunteers()).isNull();
        assertThat(e.inclusion()).hasSize(11);
        assertThat(e.exclusion()).isEmpty();
        assertThat(e.inclusion().get(0).text()).isEqualTo("Patients diagnosed with acute leukemia.");
        assertThat(e.inclusion().get(1).text()).as("a run-in after a colon stays with its parent")
                .startsWith("Acute leukemia complex/refractory cases").contains("1) patients who did not achieve")
                .endsWith("4) Recurrent patients.");
        assertThat(texts(e.inclusion())).anySatisfy(s -> assertThat(s)
                .startsWith("Adequate kidney, liver, lung and heart function, defined as: Creatinine clearance"));
    }

    @Test
    void everySeedKeepsItsKeyInItsHtmlForm() throws IOException {
        for (String prefix : List.of("000_", "001_", "002_", "003_", "004_")) {
            String text = seed(prefix);
            var fromText = parser.parseText(text).trial();
            var fromHtml = parser.parseHtml(asHtml(text)).trial();
            assertThat(fromHtml.trialKey()).as(prefix).isEqualTo(fromText.trialKey());
            assertThat(fromHtml).as(prefix).isEqualTo(fromText);
        }
    }

    /** The same page as a site would serve it: one block element per line, escaped, with markup around. */
    private static String asHtml(String text) {
        StringBuilder html = new StringBuilder("<!DOCTYPE html><html><head><title>t</title><script>var a = 1;</script>"
                + "</head><body><nav>Home</nav><main>\n");
        for (String line : text.split("\n")) {
            String escaped = line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
            html.append("  <div>  ").append(escaped.replace(" ", "  \n ")).append(" </div>\n");
        }
        return html.append("</main><footer>© site</footer></body></html>").toString();
    }

    // ---- the project's own pages in the same layouts ----

    @Test
    void anotherPatientSiteTrialWithExclusionsAndSeveralGroups() throws IOException {
        TrialRecord t = parser.parseText(fixture("patient-site.txt")).trial();
        assertThat(t.briefTitle()).isEqualTo("Tafamumab Plus Azacitidine for Older Adults With Acute Myeloid Leukemia");
        assertThat(t.phases()).containsExactly("PHASE2");
        assertThat(t.overallStatus()).isEqualTo("RECRUITING");
        assertThat(t.investigators()).containsExactly("Ana Moreau, MD");
        assertThat(t.sponsors()).isEqualTo(new TrialRecord.Sponsors("Northfield Cancer Institute", List.of("Helix Biopharma")));
        assertThat(texts(t.eligibility().inclusion())).containsExactly("Be 60 years or older", "Newly diagnosed acute myeloid leukemia");
        assertThat(texts(t.eligibility().exclusion())).containsExactly("Acute promyelocytic leukemia", "Active central nervous system involvement");
        assertThat(t.eligibility().minimumAge()).isEqualTo("60 years or older");
        assertThat(t.eligibility().minimumAgeBound().years()).isEqualTo(60.0);
        assertThat(t.conditions()).containsExactly("Acute Myeloid Leukemia");
        assertThat(t.outcomes().secondary()).containsExactly("Complete remission rate", "Duration of response");
        assertThat(t.arms()).extracting(TrialRecord.Arm::label, TrialRecord.Arm::type).containsExactly(
                org.assertj.core.groups.Tuple.tuple("Group I: Tafamumab plus azacitidine", "EXPERIMENTAL"),
                org.assertj.core.groups.Tuple.tuple("Group II: Azacitidine alone", "ACTIVE_COMPARATOR"));
        assertThat(t.interventions()).extracting(TrialRecord.Intervention::name).containsExactly("Tafamumab", "Azacitidine");
        assertThat(t.ids()).isNull();
        assertThat(t.relatedTrials()).containsExactly("NCT09990202", "NCT09990299");
    }

    @Test
    void thePatientSitePageAsHtmlGivesTheSameRecordAndKey() throws IOException {
        TrialRecord text = parser.parseText(fixture("patient-site.txt")).trial();
        TrialRecord html = parser.parseHtml(fixture("patient-site.html")).trial();
        assertThat(html).isEqualTo(text);
        assertThat(html.trialKey()).startsWith("TS-").isEqualTo(text.trialKey());
    }

    @Test
    void aHeadedSummaryPageWithItsValuesPresent() throws IOException {
        TrialRecord t = parser.parseText(fixture("headed-summary-full.txt")).trial();
        assertThat(t.briefTitle()).isEqualTo("Pembrolizumab and Low-Dose Radiation in Recurrent Head and Neck Cancer");
        assertThat(t.trialKey()).isEqualTo("NCT09990311");
        assertThat(t.relatedTrials()).containsExactly("NCT09990300");
        assertThat(t.overallStatus()).isEqualTo("RECRUITING");
        assertThat(t.phases()).containsExactly("PHASE2");
        assertThat(t.conditions()).containsExactly("Head and Neck Squamous Cell Carcinoma", "Recurrent Disease");
        assertThat(t.interventions()).containsExactly(new TrialRecord.Intervention("DRUG", "Pembrolizumab", null),
                new TrialRecord.Intervention("RADIATION", "Low-dose radiation", null));
        assertThat(t.briefSummary()).startsWith("This study asks whether a small dose of radiation");
        assertThat(t.enrollment()).isEqualTo(new TrialRecord.Enrollment(48, "ESTIMATED"));
        assertThat(t.design()).isEqualTo(new TrialRecord.Design("RANDOMIZED", "PARALLEL", "NONE", "TREATMENT"));
        Eligibility e = t.eligibility();
        assertThat(e.sex()).isEqualTo("ALL");
        assertThat(e.minimumAgeBound().years()).isEqualTo(18.0);
        assertThat(e.maximumAgeBound().years()).isEqualTo(80.0);
        assertThat(e.healthyVolunteers()).isFalse();
        assertThat(texts(e.inclusion())).containsExactly(
                "Recurrent or metastatic head and neck squamous cell carcinoma",
                "ECOG performance status 0 or 1",
                "Adequate organ function, defined as: Neutrophils at least 1.5 x 10^9/L; platelets at least 100 x 10^9/L");
        assertThat(e.exclusion()).hasSize(3);
    }

    @Test
    void aSparseHeadedSummaryPageWithSectionsInAnotherOrder() throws IOException {
        var page = parser.parseText(fixture("headed-summary-sparse.txt"));
        TrialRecord t = page.trial();
        assertThat(page.layout()).isEqualTo("headed-summary");
        assertThat(t.overallStatus()).isEqualTo("COMPLETED");
        assertThat(t.phases()).isNull();
        assertThat(t.briefTitle()).isNull();
        assertThat(t.ids()).isNull();
        assertThat(t.enrollment()).isNull();
        assertThat(t.design()).isNull();
        assertThat(t.eligibility().sex()).isEqualTo("FEMALE");
        assertThat(t.eligibility().minimumAge()).isEqualTo("18 years or older");
        assertThat(t.eligibility().minimumAgeBound().years()).isEqualTo(18.0);
        assertThat(t.eligibility().healthyVolunteers()).isNull();
        assertThat(t.eligibility().inclusion()).hasSize(2);
        assertThat(t.eligibility().exclusion()).isEmpty();
    }

    @Test
    void anotherRegistryMirrorTrialWithoutAnyRegistryId() throws IOException {
        TrialRecord t = parser.parseText(fixture("registry-mirror.txt")).trial();
        assertThat(t.briefTitle()).isEqualTo("Home-Based Walking Program for Peripheral Neuropathy After Chemotherapy");
        assertThat(t.ids()).isEqualTo(new TrialRecord.Ids(null, null, "LUH-2024-117"));
        assertThat(t.trialKey()).startsWith("TS-");
        assertThat(t.lastUpdateDate()).isEqualTo(new PartialDate("2024-11-05", Precision.DAY));
        assertThat(t.overallStatus()).isEqualTo("NOT_YET_RECRUITING");
        assertThat(t.phases()).containsExactly("NA");
        assertThat(t.enrollment().count()).isEqualTo(60);
        assertThat(t.startDate()).isEqualTo(new PartialDate("2025-03", Precision.MONTH));
        assertThat(t.completionDate()).isEqualTo(new PartialDate("2027-06", Precision.MONTH));
        assertThat(t.keywords()).containsExactly("walking", "neuropathy");
        assertThat(t.conditions()).containsExactly("Chemotherapy-induced Peripheral Neuropathy");
        assertThat(t.design()).isEqualTo(new TrialRecord.Design("RANDOMIZED", "PARALLEL", "SINGLE", "SUPPORTIVE_CARE"));
        assertThat(t.arms()).containsExactly(
                new TrialRecord.Arm("Walking program", "EXPERIMENTAL", "Participants follow a guided 12-week walking plan.", List.of("Home walking plan")),
                new TrialRecord.Arm("Usual care", "ACTIVE_COMPARATOR", "Participants receive the usual information leaflet.", List.of("Information leaflet")));
        assertThat(t.sponsors()).isEqualTo(new TrialRecord.Sponsors("Lakeside University Hospital", List.of("Walking for Health Foundation")));
        assertThat(t.locations()).containsExactly(new TrialRecord.Location("Lakeside University Hospital", "Lakeside",
                "Ontario", "Canada", "NOT_YET_RECRUITING"));
        assertThat(t.references()).hasSize(1);
        Eligibility e = t.eligibility();
        assertThat(e.sex()).isEqualTo("FEMALE");
        assertThat(e.minimumAge()).isEqualTo("18 Years");
        assertThat(e.maximumAge()).isEqualTo("85 Years");
        assertThat(e.healthyVolunteers()).isTrue();
        assertThat(texts(e.inclusion())).containsExactly(
                "Completed taxane or platinum chemotherapy 3 to 12 months ago",
                "Numbness or tingling in hands or feet, graded as: grade 1 or 2 on the CTCAE scale",
                "Able to walk without help");
        assertThat(texts(e.exclusion())).containsExactly("Diabetes with neuropathy before chemotherapy", "Unable to give consent");
        assertThat(t.relatedTrials()).isNull();
    }

    @Test
    void theRegistryMirrorPageAsHtmlGivesTheSameRecordAndKey() throws IOException {
        TrialRecord text = parser.parseText(fixture("registry-mirror.txt")).trial();
        TrialRecord html = parser.parseHtml(fixture("registry-mirror.html")).trial();
        assertThat(html).isEqualTo(text);
        assertThat(html.trialKey()).isEqualTo(text.trialKey());
    }

    // ---- fingerprint ----

    @Test
    void theFingerprintIgnoresWhitespaceAndLineEndingsButNotContent() throws IOException {
        String page = fixture("headed-summary-sparse.txt");
        String key = parser.parseText(page).trial().trialKey();
        String respaced = "\n\n" + page.replace("\n", "  \r\n\r\n").replace(" ", "   ").replace("Women", "\tWomen");
        assertThat(parser.parseText(respaced).trial().trialKey()).isEqualTo(key);
        assertThat(parser.parseText(page).trial().trialKey()).as("same page again").isEqualTo(key);
        String statusChanged = page.replace("\nCompleted\n", "\nTerminated\n");
        assertThat(parser.parseText(statusChanged).trial().overallStatus()).isEqualTo("TERMINATED");
        assertThat(parser.parseText(statusChanged).trial().trialKey()).as("a later scrape after a status change").isEqualTo(key);
        String edited = page.replace("within the last 12 months", "within the last 6 months");
        assertThat(parser.parseText(edited).trial().trialKey()).as("another criterion is another trial").isNotEqualTo(key);
    }

    @Test
    void aPageOfNoKnownLayoutIsRefusedNamingTheLayouts() throws IOException {
        assertThatThrownBy(() -> parser.parseText(fixture("not-a-trial.txt")))
                .isInstanceOfSatisfying(InvalidDocumentException.class, e -> {
                    assertThat(e.status()).isEqualTo(422);
                    assertThat(e.reasonCode()).isEqualTo("UNRECOGNISED_PAGE");
                    assertThat(e.getMessage()).contains("Eligibility Criteria Checklist", "Status and phase", "Basic Information");
                });
    }
}
