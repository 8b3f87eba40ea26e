package io.trialstream.ingest.parsing;

import io.trialstream.contracts.Criterion;
import io.trialstream.contracts.TrialRecord;
import io.trialstream.testsupport.SharedData;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

public class CtgovV2ParserTest {

    private final CtgovV2Parser parser = new CtgovV2Parser();

    public static String fixture(String name) throws IOException {
        try (var in = CtgovV2ParserTest.class.getResourceAsStream("/fixtures/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void mapsTheOneToOneFieldsOfAStudy() throws IOException {
        TrialRecord t = parser.parse(fixture("ctgov-v2-study.json")).get(0);

        assertThat(t.trialKey()).isEqualTo("NCT09990001");
        assertThat(t.ids().orgStudyId()).isEqualTo("TS-AML-001");
        assertThat(t.ids().secondaryIds()).extracting(TrialRecord.SecondaryId::id).containsExactly("2024-123456-12");
        assertThat(t.acronym()).isEqualTo("VELDA");
        assertThat(t.overallStatus()).isEqualTo("RECRUITING");
        assertThat(t.phases()).containsExactly("PHASE1", "PHASE2");
        assertThat(t.enrollment()).isEqualTo(new TrialRecord.Enrollment(60, "ESTIMATED"));
        assertThat(t.startDate()).isEqualTo(new TrialRecord.PartialDate("2024-03", TrialRecord.PartialDate.Precision.MONTH));
        assertThat(t.completionDate().precision()).isEqualTo(TrialRecord.PartialDate.Precision.DAY);
        assertThat(t.design().masking()).isEqualTo("NONE");
        assertThat(t.arms().get(0).interventionNames()).containsExactly("Drug: Venetoclax", "Drug: Cytarabine");
        assertThat(t.locations().get(0).country()).isEqualTo("France");
        assertThat(t.sponsors().lead()).isEqualTo("Trialstream Test Cancer Center");
        assertThat(t.relatedTrials()).isNull();

        var e = t.eligibility();
        assertThat(e.minimumAge()).isEqualTo("60 Years");
        assertThat(e.maximumAge()).isEqualTo("N/A");
        assertThat(e.minimumAgeBound().years()).isEqualTo(60.0);
        assertThat(e.maximumAgeBound()).as("N/A states no limit").isNull();
        assertThat(e.inclusion()).extracting(i -> i.text()).containsExactly(
                "Newly diagnosed acute myeloid leukemia per WHO 2016 criteria",
                "ECOG performance status 0 to 2",
                "Total bilirubin <= 1.5 x ULN unless due to Gilbert's syndrome");
        assertThat(e.exclusion()).extracting(i -> i.text()).containsExactly(
                "Acute promyelocytic leukemia", "Active uncontrolled infection", "Pregnant or breastfeeding");
        assertThat(e.criteria()).filteredOn(c -> c.kind() == Criterion.Kind.AGE).singleElement()
                .satisfies(c -> {
                    assertThat(c.operator()).isEqualTo(Criterion.Operator.GE);
                    assertThat(c.value()).isEqualTo(60.0);
                });
        // every item of this fixture is typed: nothing is left UNPARSED, and each criterion has its own polarity
        assertThat(e.criteria()).filteredOn(c -> c.kind() == Criterion.Kind.UNPARSED).isEmpty();
        assertThat(e.criteria()).filteredOn(c -> c.sourceItemId() != null)
                .extracting(c -> c.kind() + " " + c.polarity() + " " + c.parameter())
                .containsExactly("DISEASE_STATUS REQUIRED newly_diagnosed", "CONDITION REQUIRED acute myeloid leukemia",
                        "PERFORMANCE_STATUS REQUIRED ECOG", "LAB REQUIRED BILIRUBIN_TOTAL",
                        "CONDITION EXCLUDED acute promyelocytic leukemia", "INFECTION EXCLUDED active_infection",
                        "PREGNANCY EXCLUDED pregnancy", "BREASTFEEDING EXCLUDED breastfeeding");
    }

    @Test
    void itemIdsAreStableAcrossReparses() throws IOException {
        String doc = fixture("ctgov-v2-study.json");
        var first = parser.parse(doc).get(0).eligibility().inclusion();
        var again = parser.parse(doc.replace("\\n\\n", "\\n")).get(0).eligibility().inclusion();
        assertThat(again).isEqualTo(first);
    }

    @Test
    void readsArraysAndSearchPages() throws IOException {
        String study = fixture("ctgov-v2-study.json");
        assertThat(parser.parse("[" + study + "," + study.replace("NCT09990001", "NCT09990002") + "]"))
                .extracting(TrialRecord::trialKey).containsExactly("NCT09990001", "NCT09990002");
        assertThat(parser.parse("{\"studies\":[" + study + "],\"nextPageToken\":\"abc\"}")).hasSize(1);
    }

    @Test
    void rejectsWhatIsNotAStudyWithAReason() {
        assertThatThrownBy(() -> parser.parse("{\"protocolSection\": "))
                .isInstanceOfSatisfying(InvalidDocumentException.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessageContaining("not well-formed JSON");
        assertThatThrownBy(() -> parser.parse("{\"hello\": \"world\"}"))
                .isInstanceOfSatisfying(InvalidDocumentException.class, e -> assertThat(e.status()).isEqualTo(422))
                .hasMessageContaining("protocolSection");
        assertThatThrownBy(() -> parser.parse("{\"protocolSection\":{\"identificationModule\":{\"nctId\":\"NCT12\"}}}"))
                .isInstanceOfSatisfying(InvalidDocumentException.class, e -> assertThat(e.reasonCode()).isEqualTo("BAD_NCT_ID"));
        assertThatThrownBy(() -> parser.parse("[]"))
                .isInstanceOfSatisfying(InvalidDocumentException.class, e -> assertThat(e.status()).isEqualTo(422));
        assertThatThrownBy(() -> parser.parse("[".repeat(5000)))
                .isInstanceOfSatisfying(InvalidDocumentException.class, e -> assertThat(e.status()).isEqualTo(400));
    }

    @Test
    void parsesEveryRealV2SampleWithoutInventingIds() throws IOException {
        var shared = SharedData.resolve("ctgov-v2-json-samples");
        assumeTrue(shared.isPresent(), "shared data absent");
        List<Path> files;
        try (Stream<Path> s = Files.walk(shared.get())) {
            files = s.filter(p -> p.toString().endsWith(".json")).toList();
        }
        int studies = 0;
        for (Path f : files) {
            String json = Files.readString(f);
            if (!CtgovV2Parser.looksLikeV2(new com.fasterxml.jackson.databind.ObjectMapper().readTree(json))) {
                continue;
            }
            for (TrialRecord t : parser.parse(json)) {
                studies++;
                assertThat(t.trialKey()).as(f.toString()).isNotBlank();
                if (t.ids().nctId() != null) {
                    assertThat(t.trialKey()).isEqualTo(t.ids().nctId());
                    assertThat(json).contains(t.ids().nctId());
                }
            }
        }
        assertThat(studies).as("real studies parsed").isGreaterThan(100);
    }
}
