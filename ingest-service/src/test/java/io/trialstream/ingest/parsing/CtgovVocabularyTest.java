package io.trialstream.ingest.parsing;

import io.trialstream.contracts.TrialRecord.PartialDate;
import io.trialstream.contracts.TrialRecord.PartialDate.Precision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CtgovVocabularyTest {

    @ParameterizedTest(name = "\"{0}\" → {1}")
    @CsvSource(delimiter = '|', value = {
            "Phase 1 & 2|PHASE1 PHASE2",
            "PHASE1/PHASE2|PHASE1 PHASE2",
            "Phase 1/Phase 2|PHASE1 PHASE2",
            "Phase I/II|PHASE1 PHASE2",
            "Phase 2/3|PHASE2 PHASE3",
            "Phase 1b|PHASE1",
            "Phase 3|PHASE3",
            "PHASE4|PHASE4",
            "Early Phase 1|EARLY_PHASE1",
            "EARLY_PHASE1|EARLY_PHASE1",
            "Phase 0|EARLY_PHASE1",
            "N/A|NA",
            "NA|NA",
    })
    void phasesBecomeTheV2List(String text, String expected) {
        assertThat(CtgovVocabulary.phases(text)).containsExactlyElementsOf(Arrays.asList(expected.split(" ")));
    }

    @Test
    void aSentenceThatMentionsAPhaseIsNotAPhaseStatement() {
        assertThat(CtgovVocabulary.phases("From 2023 Phase 1 & 2 trial • 1 Patients • NCT03941769")).isNull();
        assertThat(CtgovVocabulary.phases("Completed Phase 2")).isNull();
        assertThat(CtgovVocabulary.phases("Cytokine")).isNull();
    }

    @ParameterizedTest(name = "status \"{0}\" → {1}")
    @CsvSource(delimiter = '|', value = {
            "Recruiting|RECRUITING",
            "Active, not recruiting|ACTIVE_NOT_RECRUITING",
            "Not yet recruiting|NOT_YET_RECRUITING",
            "Enrolling by invitation|ENROLLING_BY_INVITATION",
            "Unknown status|UNKNOWN",
            "Withheld|WITHHELD",
            "COMPLETED|COMPLETED",
    })
    void statusesMapToV2(String label, String v2) {
        assertThat(CtgovVocabulary.overallStatus(label)).isEqualTo(v2);
    }

    @Test
    void designValuesMapToV2AndUnknownValuesStayNull() {
        assertThat(CtgovVocabulary.allocation("Randomized")).isEqualTo("RANDOMIZED");
        assertThat(CtgovVocabulary.allocation("Non-Randomized")).isEqualTo("NON_RANDOMIZED");
        assertThat(CtgovVocabulary.allocation("N/A")).isEqualTo("NA");
        assertThat(CtgovVocabulary.interventionModel("Single Group Assignment")).isEqualTo("SINGLE_GROUP");
        assertThat(CtgovVocabulary.interventionModel("Crossover Assignment")).isEqualTo("CROSSOVER");
        assertThat(CtgovVocabulary.primaryPurpose("Supportive Care")).isEqualTo("SUPPORTIVE_CARE");
        assertThat(CtgovVocabulary.primaryPurpose("Educational/Counseling/Training")).isEqualTo("ECT");
        assertThat(CtgovVocabulary.masking("None (Open Label)")).isEqualTo("NONE");
        assertThat(CtgovVocabulary.masking("Double Blind (Participant, Investigator)")).isEqualTo("DOUBLE");
        assertThat(CtgovVocabulary.masking("Quadruple (Participant, Care Provider, Investigator, Outcomes Assessor)")).isEqualTo("QUADRUPLE");
        assertThat(CtgovVocabulary.masking("Participant, Investigator, Outcomes Assessor")).isEqualTo("TRIPLE");
        assertThat(CtgovVocabulary.masking("16 participants in 3 patient groups")).isNull();
        assertThat(CtgovVocabulary.studyType("Observational [Patient Registry]")).isEqualTo("OBSERVATIONAL");
        assertThat(CtgovVocabulary.enrollmentType("Anticipated")).isEqualTo("ESTIMATED");
        assertThat(CtgovVocabulary.armType("Active Comparator")).isEqualTo("ACTIVE_COMPARATOR");
        assertThat(CtgovVocabulary.armType("Experimental Treatment")).isEqualTo("EXPERIMENTAL");
        assertThat(CtgovVocabulary.interventionType("Dietary Supplement")).isEqualTo("DIETARY_SUPPLEMENT");
        assertThat(CtgovVocabulary.sex("Both")).isEqualTo("ALL");
        assertThat(CtgovVocabulary.sex("Female")).isEqualTo("FEMALE");
        assertThat(CtgovVocabulary.overallStatus("Waitlist Available")).isNull();
        assertThat(CtgovVocabulary.overallStatus(null)).isNull();
    }

    @ParameterizedTest(name = "\"{0}\" → {1} ({2})")
    @CsvSource(delimiter = '|', value = {
            "March 2021|2021-03|MONTH",
            "March 15, 2021|2021-03-15|DAY",
            "2021|2021|YEAR",
            "2021-03|2021-03|MONTH",
            "2023-01-01|2023-01-01|DAY",
            "15 March 2021|2021-03-15|DAY",
            "Sept 2020|2020-09|MONTH",
            "September 29th 2020|2020-09-29|DAY",
    })
    void datesKeepTheirStatedPrecision(String text, String value, Precision precision) {
        assertThat(StatedDate.parse(text)).isEqualTo(new PartialDate(value, precision));
    }

    @Test
    void notADateIsNull() {
        for (String s : List.of("RECRUITING", "96 participants", "February 30, 2021", "2021-13", "", "Phase 2")) {
            assertThat(StatedDate.parse(s)).as(s).isNull();
        }
    }
}
