package io.trialstream.ingest.parsing;

import io.trialstream.contracts.Eligibility.CriterionItem;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EligibilityTextTest {

    private static List<String> texts(List<CriterionItem> items) {
        return items.stream().map(CriterionItem::text).toList();
    }

    @Test
    void bulletsAndNumbersGiveOneItemPerCriterionUnderTheirHeading() {
        var split = EligibilityText.split("""
                Inclusion Criteria:

                * Age 18 or older
                - ECOG 0-1
                • Signed consent

                Exclusion Criteria:

                1. Prior chemotherapy
                2) Active infection
                (3) Pregnancy
                a. HIV infection
                """);
        assertThat(texts(split.inclusion())).containsExactly("Age 18 or older", "ECOG 0-1", "Signed consent");
        assertThat(texts(split.exclusion())).containsExactly("Prior chemotherapy", "Active infection", "Pregnancy", "HIV infection");
    }

    @Test
    void legacyHardWrapsAndCarriageReturnsJoinIntoTheirItem() {
        String legacy = "        Inclusion Criteria:\r\n\r\n"
                + "          -  Newly diagnosed acute myeloid leukemia according to the WHO 2016 classification, not\r\n"
                + "             eligible for intensive chemotherapy\r\n\r\n"
                + "          -  ECOG performance status 0-2\r\n\r\n"
                + "        Patients who received an investigational drug must have stopped it at least four weeks\r\n"
                + "        before enrolment.\r\n\r\n"
                + "        Exclusion Criteria:\r\n\r\n"
                + "          1. Known HIV infection with a detectable viral load at screening or at any time during\r\n"
                + "             the study\r\n";
        var split = EligibilityText.split(legacy);
        assertThat(texts(split.inclusion())).containsExactly(
                "Newly diagnosed acute myeloid leukemia according to the WHO 2016 classification, not eligible for intensive chemotherapy",
                "ECOG performance status 0-2",
                "Patients who received an investigational drug must have stopped it at least four weeks before enrolment.");
        assertThat(texts(split.exclusion())).containsExactly(
                "Known HIV infection with a detectable viral load at screening or at any time during the study");
    }

    @Test
    void anIndentedSubListBelongsToItsParentItem() {
        var split = EligibilityText.split("""
                Inclusion Criteria:
                * Adequate organ function:
                  * total bilirubin <= 1.5 x ULN
                  * creatinine clearance >= 30 mL/min
                * ECOG 0-2
                """);
        assertThat(texts(split.inclusion())).containsExactly(
                "Adequate organ function: total bilirubin <= 1.5 x ULN; creatinine clearance >= 30 mL/min",
                "ECOG 0-2");
    }

    @Test
    void aChangeOfMarkerAfterAColonIsASubListEvenWithoutIndentation() {
        var split = EligibilityText.split("""
                1. One of the following disease states:
                a. relapsed AML
                b. refractory AML
                2. ECOG 0-1
                """);
        assertThat(texts(split.inclusion())).containsExactly(
                "One of the following disease states: relapsed AML; refractory AML", "ECOG 0-1");
    }

    @Test
    void sameMarkerSameIndentationStaySiblingsEvenAfterAColon() {
        // no structural cue: nesting is not guessed from wording
        var split = EligibilityText.split("""
                * Patients may belong to any of the following categories:
                * Relapsed disease
                * Newly diagnosed disease
                * Age >= 18 years
                """);
        assertThat(split.inclusion()).hasSize(4);
    }

    @Test
    void runInNumberingOnOneLineIsSplit() {
        var split = EligibilityText.split("Inclusion Criteria: 1) age 18 or older; 2) ECOG 0-1; 3) signed consent\n"
                + "Exclusion Criteria: (1) pregnancy (2) active hepatitis B");
        assertThat(texts(split.inclusion())).containsExactly("age 18 or older", "ECOG 0-1", "signed consent");
        assertThat(texts(split.exclusion())).containsExactly("pregnancy", "active hepatitis B");
    }

    @Test
    void aRunInAfterAColonIsTheParentsSubList() {
        var split = EligibilityText.split("""
                Inclusion criteria
                Refractory disease: 1) no remission after 2 courses; 2) relapse within 6 months.
                Expected survival ≥3 months
                """);
        assertThat(texts(split.inclusion())).containsExactly(
                "Refractory disease: 1) no remission after 2 courses; 2) relapse within 6 months.",
                "Expected survival ≥3 months");
    }

    @Test
    void pageLinesWithoutMarkersAreOneCriterionEach() {
        var split = EligibilityText.split("""
                Inclusion criteria
                Patients diagnosed with acute leukemia.
                Physical Strength score 0-3 (ECOG standard)
                No obvious active infection or graft-versus-host disease
                eGFR ≥ 60 mL/min
                Adequate kidney and liver function, defined as:
                Creatinine clearance > 60 mL/min; ALT ≤ 2.5 ULN.
                There was no clinically significant pleural effusion.
                """);
        assertThat(texts(split.inclusion())).containsExactly(
                "Patients diagnosed with acute leukemia.",
                "Physical Strength score 0-3 (ECOG standard)",
                "No obvious active infection or graft-versus-host disease",
                "eGFR ≥ 60 mL/min",
                "Adequate kidney and liver function, defined as: Creatinine clearance > 60 mL/min; ALT ≤ 2.5 ULN.",
                "There was no clinically significant pleural effusion.");
    }

    @Test
    void groupLabelsAreNotCriteriaButAnnouncedAlternativesOwnTheirList() {
        var split = EligibilityText.split("""
                        DISEASE CHARACTERISTICS:

                          -  Histologically confirmed adenocarcinoma

                        Patients must have one of the following:

                          -  measurable disease
                          -  evaluable disease

                        PATIENT CHARACTERISTICS:

                          -  Bilirubin normal
                """);
        assertThat(texts(split.inclusion())).containsExactly(
                "Histologically confirmed adenocarcinoma",
                "Patients must have one of the following: measurable disease; evaluable disease",
                "Bilirubin normal");
    }

    @Test
    void markdownEscapesAreReadAsTheCharactersTheyEscape() {
        var split = EligibilityText.split("* MRD decreased by \\> 3 log\n* blasts 1.0-3.0 x 10\\^9");
        assertThat(texts(split.inclusion())).containsExactly("MRD decreased by > 3 log", "blasts 1.0-3.0 x 10^9");
    }

    @Test
    void itemIdsDependOnTheTextOnlySoRewrappingKeepsThem() {
        var once = EligibilityText.split("* Total bilirubin <= 1.5 x ULN unless due to Gilbert's syndrome\n* ECOG 0-2");
        var rewrapped = EligibilityText.split("*   Total bilirubin <= 1.5 x ULN\n    unless due to Gilbert's syndrome\n\n\n*  ECOG 0-2\n");
        assertThat(rewrapped.inclusion()).isEqualTo(once.inclusion());
        assertThat(once.inclusion()).extracting(CriterionItem::id).allMatch(id -> id.matches("inc-[0-9a-f]{10}"));
    }

    @Test
    void repeatedItemsGetDistinctIds() {
        var split = EligibilityText.split("Exclusion Criteria:\n* Pregnancy\n* Pregnancy");
        assertThat(split.exclusion()).extracting(CriterionItem::id).doesNotHaveDuplicates();
    }

    @Test
    void hostileTextIsSplitWithoutBlowingTheStack() {
        StringBuilder deep = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            deep.append(" ".repeat(i * 2 % 400)).append("- item ").append(i).append(":\n");
        }
        String oneLine = "1) a ".repeat(50_000) + "2".repeat(10_000) + ")";
        assertThat(EligibilityText.split(deep.toString()).inclusion()).isNotEmpty();
        assertThat(EligibilityText.split(oneLine).inclusion()).hasSize(1);
        assertThat(EligibilityText.split("(".repeat(200_000)).inclusion()).hasSize(1);
    }
}
