package io.trialstream.ingest.parsing;

import io.trialstream.contracts.Eligibility;
import io.trialstream.contracts.Eligibility.CriterionItem;
import io.trialstream.contracts.TrialRecord;
import io.trialstream.contracts.TrialRecord.PartialDate;
import io.trialstream.contracts.TrialRecord.PartialDate.Precision;
import io.trialstream.testsupport.SharedData;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

public class LegacyXmlParserTest {

    private final LegacyXmlParser parser = new LegacyXmlParser();

    static byte[] fixtureBytes(String name) throws IOException {
        try (InputStream in = LegacyXmlParserTest.class.getResourceAsStream("/fixtures/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void mapsEveryFieldOfALegacyRecordToTheV2Vocabulary() throws IOException {
        TrialRecord t = parser.parse(fixtureBytes("legacy-clinical-study.xml")).get(0);

        assertThat(t.trialKey()).isEqualTo("NCT09990101");
        assertThat(t.ids().orgStudyId()).isEqualTo("TS-LEG-2021-07");
        assertThat(t.ids().secondaryIds()).containsExactly(
                new TrialRecord.SecondaryId("EUDRACT_NUMBER", "2021-004512-33"),
                new TrialRecord.SecondaryId(null, "R01CA999999"));
        assertThat(t.briefTitle()).isEqualTo("Oral Decitabine With Venetoclax in Older Adults With Acute Myeloid Leukemia");
        assertThat(t.officialTitle()).startsWith("A Randomised Phase 1/2 Study").endsWith("Aged 60 or Older With Newly Diagnosed Acute Myeloid Leukemia");
        assertThat(t.acronym()).isEqualTo("ODEVA");
        assertThat(t.briefSummary()).isEqualTo("This study tests whether oral decitabine given with venetoclax is safe and "
                + "works in older adults with newly diagnosed acute myeloid leukemia.\n\nParticipants take both drugs at home.");
        assertThat(t.overallStatus()).isEqualTo("ACTIVE_NOT_RECRUITING");
        assertThat(t.phases()).containsExactly("PHASE1", "PHASE2");
        assertThat(t.studyType()).isEqualTo("INTERVENTIONAL");
        assertThat(t.enrollment()).isEqualTo(new TrialRecord.Enrollment(84, "ESTIMATED"));
        assertThat(t.startDate()).isEqualTo(new PartialDate("2021-03", Precision.MONTH));
        assertThat(t.completionDate()).isEqualTo(new PartialDate("2026-03-15", Precision.DAY));
        assertThat(t.lastUpdateDate()).isEqualTo(new PartialDate("2024-02-02", Precision.DAY));
        assertThat(t.conditions()).containsExactly("Acute Myeloid Leukemia");
        assertThat(t.keywords()).containsExactly("AML", "older adults");
        assertThat(t.design()).isEqualTo(new TrialRecord.Design("RANDOMIZED", "PARALLEL", "DOUBLE", "TREATMENT"));
        assertThat(t.interventions()).containsExactly(
                new TrialRecord.Intervention("DRUG", "Oral decitabine", "Tablet taken once daily on days 1-5."),
                new TrialRecord.Intervention("DRUG", "Venetoclax", null));
        assertThat(t.arms()).containsExactly(
                new TrialRecord.Arm("Arm A: decitabine and venetoclax", "EXPERIMENTAL",
                        "Oral decitabine on days 1-5 and venetoclax daily, in 28-day cycles.",
                        List.of("Drug: Oral decitabine", "Drug: Venetoclax")),
                new TrialRecord.Arm("Arm B: decitabine", "ACTIVE_COMPARATOR", "Oral decitabine on days 1-5, in 28-day cycles.",
                        List.of("Drug: Oral decitabine")));
        assertThat(t.outcomes().primary()).containsExactly("Dose-limiting toxicities");
        assertThat(t.outcomes().secondary()).containsExactly("Complete remission rate", "Overall survival");
        assertThat(t.sponsors()).isEqualTo(new TrialRecord.Sponsors("Trialstream Test Cancer Network", List.of("Fictional Pharma Inc.")));
        assertThat(t.investigators()).containsExactly("Jane Okafor, MD");
        assertThat(t.locations()).containsExactly(
                new TrialRecord.Location("Hopital Fictif", "Lyon", null, "France", "RECRUITING"),
                new TrialRecord.Location("Harbour Test Clinic", "Boston", "Massachusetts", "United States", null));
        assertThat(t.references()).containsExactly("PMID:99999999", "Roe B. Fictional interim results. Fict Haematol. 2023;2:3-4.");
        assertThat(t.relatedTrials()).as("a registry record mentions no other trial").isNull();

        Eligibility e = t.eligibility();
        assertThat(e.sex()).as("gender Both").isEqualTo("ALL");
        assertThat(e.minimumAge()).isEqualTo("60 Years");
        assertThat(e.minimumAgeBound().years()).isEqualTo(60.0);
        assertThat(e.maximumAge()).isEqualTo("N/A");
        assertThat(e.maximumAgeBound()).isNull();
        assertThat(e.healthyVolunteers()).isFalse();
        assertThat(e.inclusion()).extracting(CriterionItem::text).containsExactly(
                "Newly diagnosed acute myeloid leukemia according to the WHO 2016 classification, not eligible for intensive chemotherapy",
                "Adequate organ function: total bilirubin <= 1.5 x ULN; creatinine clearance >= 30 mL/min",
                "ECOG performance status 0-2");
        assertThat(e.exclusion()).extracting(CriterionItem::text).containsExactly(
                "Acute promyelocytic leukemia",
                "Known active hepatitis B or C infection, or HIV infection with a detectable viral load",
                "Pregnant or breastfeeding");
        assertThat(e.criteria()).as("criteria built through StructuredCriteria").isNotEmpty();
    }

    @Test
    void aRecordWithoutAnNctIdIsKeyedByItsEudraCtNumber() throws IOException {
        String xml = new String(fixtureBytes("legacy-clinical-study.xml"), StandardCharsets.UTF_8)
                .replace("<nct_id>NCT09990101</nct_id>", "");
        TrialRecord t = parser.parse(xml.getBytes(StandardCharsets.UTF_8)).get(0);
        assertThat(t.ids().nctId()).isNull();
        assertThat(t.trialKey()).isEqualTo("EUDRACT:2021-004512-33");
    }

    @Test
    void severalStudiesUnderOneRootAreAllRead() throws IOException {
        String one = new String(fixtureBytes("legacy-clinical-study.xml"), StandardCharsets.UTF_8)
                .replaceFirst("<\\?xml[^>]*>", "");
        String bulk = "<?xml version=\"1.0\"?><clinical_studies>" + one + one.replace("NCT09990101", "NCT09990102")
                + "</clinical_studies>";
        assertThat(parser.parse(bulk.getBytes(StandardCharsets.UTF_8)))
                .extracting(TrialRecord::trialKey).containsExactly("NCT09990101", "NCT09990102");
    }

    @Test
    void anOlderRecordStatesItsDesignInOneString() {
        String xml = """
                <clinical_study><id_info><nct_id>NCT09990103</nct_id></id_info>
                <study_design>Allocation: Randomized, Endpoint Classification: Safety/Efficacy Study, Intervention Model: Crossover Assignment, Masking: Double Blind (Subject, Investigator), Primary Purpose: Prevention</study_design>
                <lastchanged_date>June 3, 2016</lastchanged_date>
                </clinical_study>""";
        TrialRecord t = parser.parse(xml.getBytes(StandardCharsets.UTF_8)).get(0);
        assertThat(t.design()).isEqualTo(new TrialRecord.Design("RANDOMIZED", "CROSSOVER", "DOUBLE", "PREVENTION"));
        assertThat(t.lastUpdateDate()).isEqualTo(new PartialDate("2016-06-03", Precision.DAY));
        assertThat(t.eligibility()).isNull();
    }

    @Test
    void externalEntitiesAreNeverResolved() {
        String xxe = """
                <?xml version="1.0"?>
                <!DOCTYPE clinical_study [ <!ENTITY secret SYSTEM "file:///etc/hostname"> ]>
                <clinical_study><brief_title>&secret;</brief_title></clinical_study>""";
        assertThatThrownBy(() -> parser.parse(xxe.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(InvalidDocumentException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.reasonCode()).startsWith("XML_");
                });
    }

    @Test
    void entityExpansionIsRefused() {
        StringBuilder lol = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol0 \"lol\">");
        for (int i = 1; i < 10; i++) {
            lol.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i - 1) + ";").repeat(10)).append("\">");
        }
        lol.append("]><clinical_study><brief_title>&lol9;</brief_title></clinical_study>");
        assertThatThrownBy(() -> parser.parse(lol.toString().getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(InvalidDocumentException.class, e -> assertThat(e.status()).isEqualTo(400));
        // without a DTD an entity is undeclared: refused as well
        assertThatThrownBy(() -> parser.parse("<clinical_study><brief_title>&lol9;</brief_title></clinical_study>".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(InvalidDocumentException.class, e -> assertThat(e.status()).isEqualTo(400));
    }

    @Test
    void malformedDeepOrForeignXmlIsRefusedWithAReason() {
        assertThatThrownBy(() -> parser.parse("<clinical_study><brief_title>cut off".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(InvalidDocumentException.class, e -> {
                    assertThat(e.reasonCode()).isEqualTo("MALFORMED_XML");
                    assertThat(e.getMessage()).contains("clinical_study");
                });
        String deep = "<a>".repeat(5000) + "</a>".repeat(5000);
        assertThatThrownBy(() -> parser.parse(deep.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(InvalidDocumentException.class, e -> assertThat(e.status()).isEqualTo(400));
        assertThatThrownBy(() -> parser.parse("<rss version=\"2.0\"><channel/></rss>".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(InvalidDocumentException.class, e -> {
                    assertThat(e.status()).isEqualTo(422);
                    assertThat(e.reasonCode()).isEqualTo("NOT_A_CLINICAL_STUDY");
                    assertThat(e.getMessage()).contains("<rss>");
                });
        assertThatThrownBy(() -> parser.parse("<clinical_study><id_info><nct_id>NCT12</nct_id></id_info></clinical_study>".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(InvalidDocumentException.class, e -> assertThat(e.reasonCode()).isEqualTo("BAD_NCT_ID"));
    }

    // ---- the shared ClinicalTrials.gov records ----

    private static final Pattern NCT = Pattern.compile("<nct_id>(NCT\\d{8})</nct_id>");
    private static final Pattern STATUS = Pattern.compile("<overall_status>([^<]*)</overall_status>");
    private static final Pattern PHASE = Pattern.compile("<phase>([^<]*)</phase>");
    private static final Pattern GENDER = Pattern.compile("<gender>([^<]*)</gender>");
    private static final Pattern MIN_AGE = Pattern.compile("<minimum_age>([^<]*)</minimum_age>");
    private static final Pattern MAX_AGE = Pattern.compile("<maximum_age>([^<]*)</maximum_age>");
    private static final Pattern AGE = Pattern.compile("(\\d+) (Year|Month|Week|Day|Hour|Minute)s?");
    private static final Pattern CRITERIA = Pattern.compile("<criteria>\\s*<textblock>([^<]*)</textblock>");
    // written from the registry's data element definitions, independently of CtgovVocabulary
    private static final Map<String, String> STATUS_V2 = Map.ofEntries(
            Map.entry("Recruiting", "RECRUITING"), Map.entry("Completed", "COMPLETED"),
            Map.entry("Terminated", "TERMINATED"), Map.entry("Withdrawn", "WITHDRAWN"),
            Map.entry("Unknown status", "UNKNOWN"), Map.entry("Active, not recruiting", "ACTIVE_NOT_RECRUITING"),
            Map.entry("Not yet recruiting", "NOT_YET_RECRUITING"), Map.entry("Suspended", "SUSPENDED"),
            Map.entry("Available", "AVAILABLE"), Map.entry("Enrolling by invitation", "ENROLLING_BY_INVITATION"),
            Map.entry("Withheld", "WITHHELD"), Map.entry("No longer available", "NO_LONGER_AVAILABLE"),
            Map.entry("Approved for marketing", "APPROVED_FOR_MARKETING"),
            Map.entry("Temporarily not available", "TEMPORARILY_NOT_AVAILABLE"));
    private static final Map<String, Double> UNIT_YEARS = Map.of("Year", 1.0, "Month", 1 / 12.0, "Week", 7 / 365.25,
            "Day", 1 / 365.25, "Hour", 1 / (24 * 365.25), "Minute", 1 / (60 * 24 * 365.25));

    @Test
    void everySharedLegacyRecordParsesConsistentlyWithItsRawTags() throws IOException {
        var subset = SharedData.resolve("ctgov-legacy-xml-2023-subset/xml");
        assumeTrue(subset.isPresent(), "shared data absent");
        List<Path> files = new ArrayList<>(xmlFiles(subset.get()));
        assertThat(files).as("the 2023 subset").hasSize(2826);
        SharedData.resolve("ctgov-legacy-xml-trec-corpus-samples").ifPresent(p -> files.addAll(xmlFiles(p)));
        SharedData.resolve("ctgov-fixtures-aact/spec/support/xml_data").ifPresent(p -> files.addAll(xmlFiles(p)));

        int studies = 0;
        for (Path f : files) {
            String raw = Files.readString(f);
            if (!raw.contains("<clinical_study")) {
                continue; // RSS search results in the AACT fixtures: refused with 422 elsewhere
            }
            TrialRecord t = parser.parse(Files.readAllBytes(f)).get(0);
            String where = f.getFileName().toString();
            studies++;

            String nct = first(NCT, raw);
            assertThat(t.ids().nctId()).as(where).isEqualTo(nct);
            assertThat(t.trialKey()).as(where).isEqualTo(nct);
            assertThat(t.overallStatus()).as(where).isEqualTo(STATUS_V2.get(first(STATUS, raw)));
            assertThat(t.phases()).as(where).isEqualTo(expectedPhases(first(PHASE, raw)));
            String gender = first(GENDER, raw);
            if (gender != null) {
                assertThat(t.eligibility().sex()).as(where).isEqualTo(gender.equals("Both") ? "ALL" : gender.toUpperCase());
            }
            assertBound(where, t.eligibility() == null ? null : t.eligibility().minimumAgeBound(), first(MIN_AGE, raw));
            assertBound(where, t.eligibility() == null ? null : t.eligibility().maximumAgeBound(), first(MAX_AGE, raw));
            String criteria = first(CRITERIA, raw);
            if (criteria != null && criteria.chars().anyMatch(Character::isLetter)) {
                assertThat(t.eligibility().inclusion().size() + t.eligibility().exclusion().size())
                        .as(where + " has criteria text, so at least one item").isPositive();
            }
        }
        assertThat(studies).isGreaterThan(3000);
    }

    @Test
    void theSameStudyAsLegacyXmlAndAsV2JsonGivesTheSameRecord() throws IOException {
        var dir = SharedData.resolve("ctgov-v2-json-samples/mcode-clinical-trial-matching-service/spec/data");
        assumeTrue(dir.isPresent(), "shared data absent");
        TrialRecord xml = parser.parse(Files.readAllBytes(dir.get().resolve("NCT02513394.xml"))).get(0);
        TrialRecord json = new CtgovV2Parser().parse(Files.readString(dir.get().resolve("NCT02513394.json"))).get(0);

        // the two files are snapshots of different dates (2020 and 2023): dates, officials, sites, outcomes and
        // references changed in between; everything that did not change must read the same
        assertThat(xml.trialKey()).isEqualTo(json.trialKey());
        assertThat(xml.ids().orgStudyId()).isEqualTo(json.ids().orgStudyId());
        assertThat(xml.ids().secondaryIds()).extracting(TrialRecord.SecondaryId::id)
                .containsExactlyElementsOf(json.ids().secondaryIds().stream().map(TrialRecord.SecondaryId::id).toList());
        assertThat(xml.ids().secondaryIds()).filteredOn(s -> "EUDRACT_NUMBER".equals(s.type()))
                .isEqualTo(json.ids().secondaryIds().stream().filter(s -> "EUDRACT_NUMBER".equals(s.type())).toList());
        assertThat(xml.briefTitle()).isEqualTo(json.briefTitle());
        assertThat(xml.officialTitle()).isEqualTo(json.officialTitle());
        assertThat(xml.acronym()).isEqualTo(json.acronym());
        assertThat(xml.overallStatus()).isEqualTo(json.overallStatus());
        assertThat(xml.phases()).isEqualTo(json.phases());
        assertThat(xml.studyType()).isEqualTo(json.studyType());
        assertThat(xml.enrollment()).isEqualTo(json.enrollment());
        assertThat(xml.startDate()).isEqualTo(json.startDate());
        assertThat(xml.conditions()).isEqualTo(json.conditions());
        assertThat(xml.keywords()).isEqualTo(json.keywords());
        assertThat(xml.design()).isEqualTo(json.design());
        assertThat(xml.arms()).isEqualTo(json.arms());
        assertThat(xml.interventions()).extracting(TrialRecord.Intervention::type, TrialRecord.Intervention::name)
                .isEqualTo(json.interventions().stream().map(i -> org.assertj.core.groups.Tuple.tuple(i.type(), i.name())).toList());
        assertThat(xml.sponsors()).isEqualTo(json.sponsors());
        Eligibility xe = xml.eligibility();
        Eligibility je = json.eligibility();
        assertThat(xe.sex()).isEqualTo(je.sex());
        assertThat(xe.minimumAgeBound()).isEqualTo(je.minimumAgeBound());
        assertThat(xe.maximumAgeBound()).isEqualTo(je.maximumAgeBound());
        assertThat(xe.healthyVolunteers()).isEqualTo(je.healthyVolunteers());
        assertThat(xe.inclusion()).isEqualTo(je.inclusion());
        assertThat(xe.exclusion()).isEqualTo(je.exclusion());
        assertThat(xe.criteria()).isEqualTo(je.criteria());
    }

    private static void assertBound(String where, Eligibility.AgeBound actual, String rawAge) {
        Matcher m = rawAge == null ? null : AGE.matcher(rawAge);
        if (m == null || !m.matches()) {
            assertThat(actual).as(where + " states no age limit (" + rawAge + ")").isNull();
            return;
        }
        double years = Integer.parseInt(m.group(1)) * UNIT_YEARS.get(m.group(2));
        assertThat(actual.years()).as(where + " " + rawAge).isCloseTo(years, within(1e-9));
    }

    private static List<String> expectedPhases(String raw) {
        if (raw == null) {
            return null;
        }
        if (raw.equals("N/A")) {
            return List.of("NA");
        }
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("(Early )?Phase (\\d)").matcher(raw);
        while (m.find()) {
            out.add(m.group(1) != null ? "EARLY_PHASE1" : "PHASE" + m.group(2));
        }
        return out;
    }

    private static String first(Pattern p, String raw) {
        Matcher m = p.matcher(raw);
        return m.find() ? m.group(1).trim() : null;
    }

    private static List<Path> xmlFiles(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.toString().endsWith(".xml")).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
