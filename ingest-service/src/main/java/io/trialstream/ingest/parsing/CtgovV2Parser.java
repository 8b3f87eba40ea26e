package io.trialstream.ingest.parsing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trialstream.contracts.ContractJson;
import io.trialstream.contracts.Eligibility;
import io.trialstream.contracts.Eligibility.AgeBound;
import io.trialstream.contracts.TrialRecord;
import io.trialstream.contracts.TrialRecord.PartialDate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * ClinicalTrials.gov API v2 JSON: one study, an array of studies, or a search-result page ({@code studies} plus
 * {@code nextPageToken}). Maps the v2 fields that have a one-to-one place in {@link TrialRecord}; values are kept
 * as the registry states them (v2 already uses our enums).
 */
public final class CtgovV2Parser {
    public static final String PARSER_VERSION = "ctgov-v2/1";
    private static final int MAX_NESTING = 64;
    private final ObjectMapper mapper;

    public CtgovV2Parser() {
        ObjectMapper m = ContractJson.mapper().copy();
        m.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build());
        this.mapper = m;
    }

    public List<TrialRecord> parse(String json) {
        JsonNode root;
        try {
            root = mapper.readTree(json);
        } catch (StreamConstraintsException e) {
            boolean depth = e.getMessage() != null && e.getMessage().transform(TextCase::lower).contains("depth");
            throw depth
                    ? new InvalidDocumentException(400, "JSON_TOO_DEEP",
                    "JSON nesting deeper than " + MAX_NESTING + " levels; expected a ClinicalTrials.gov API v2 study")
                    : new InvalidDocumentException(400, "JSON_TOO_LARGE",
                    "a JSON value exceeds the parser's size limits; expected a ClinicalTrials.gov API v2 study");
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            throw new InvalidDocumentException(400, "MALFORMED_JSON",
                    "body is not well-formed JSON" + where + "; expected a ClinicalTrials.gov API v2 study");
        }
        if (root == null || root.isMissingNode()) {
            throw new InvalidDocumentException(400, "EMPTY_BODY", "body is empty; expected a ClinicalTrials.gov API v2 study");
        }
        List<JsonNode> studies = new ArrayList<>();
        if (root.isArray()) {
            root.forEach(studies::add);
        } else if (root.has("studies") && root.get("studies").isArray()) {
            root.get("studies").forEach(studies::add);
        } else {
            studies.add(root);
        }
        List<TrialRecord> records = new ArrayList<>();
        for (int i = 0; i < studies.size(); i++) {
            records.add(parseStudy(studies.get(i), studies.size() > 1 ? "studies[" + i + "]" : "study"));
        }
        if (records.isEmpty()) {
            throw new InvalidDocumentException(422, "NO_STUDIES", "the document holds no studies; expected at least one "
                    + "ClinicalTrials.gov API v2 study with a protocolSection");
        }
        return records;
    }

    public static boolean looksLikeV2(JsonNode root) {
        JsonNode first = root.isArray() && !root.isEmpty() ? root.get(0)
                : root.has("studies") && root.get("studies").isArray() && !root.get("studies").isEmpty() ? root.get("studies").get(0)
                : root;
        return first != null && first.has("protocolSection");
    }

    private TrialRecord parseStudy(JsonNode study, String where) {
        JsonNode p = study.path("protocolSection");
        if (!p.isObject()) {
            throw new InvalidDocumentException(422, "NOT_A_V2_STUDY", where + " has no protocolSection object; expected a "
                    + "ClinicalTrials.gov API v2 study (https://clinicaltrials.gov/data-api/api)");
        }
        JsonNode id = p.path("identificationModule");
        JsonNode status = p.path("statusModule");
        JsonNode designModule = p.path("designModule");
        JsonNode elig = p.path("eligibilityModule");
        JsonNode arms = p.path("armsInterventionsModule");

        String nctId = text(id, "nctId");
        if (nctId != null && !nctId.matches("NCT\\d{8}")) {
            throw new InvalidDocumentException(422, "BAD_NCT_ID", where + ".protocolSection.identificationModule.nctId '"
                    + abbreviate(nctId) + "' is not an NCT id (NCT followed by 8 digits)");
        }
        List<TrialRecord.SecondaryId> secondary = list(id.path("secondaryIdInfos"),
                n -> new TrialRecord.SecondaryId(text(n, "type"), text(n, "id")));
        TrialRecord.Ids ids = new TrialRecord.Ids(nctId, secondary, text(id.path("orgStudyIdInfo"), "id"));

        JsonNode enrollmentInfo = designModule.path("enrollmentInfo");
        TrialRecord.Enrollment enrollment = enrollmentInfo.isObject()
                ? new TrialRecord.Enrollment(enrollmentInfo.has("count") ? enrollmentInfo.get("count").asInt() : null,
                text(enrollmentInfo, "type"))
                : null;
        JsonNode designInfo = designModule.path("designInfo");
        TrialRecord.Design design = designInfo.isObject()
                ? new TrialRecord.Design(text(designInfo, "allocation"), text(designInfo, "interventionModel"),
                text(designInfo.path("maskingInfo"), "masking"), text(designInfo, "primaryPurpose"))
                : null;
        JsonNode outcomes = p.path("outcomesModule");
        TrialRecord.Outcomes outcomeRecord = outcomes.isObject()
                ? new TrialRecord.Outcomes(list(outcomes.path("primaryOutcomes"), n -> text(n, "measure")),
                list(outcomes.path("secondaryOutcomes"), n -> text(n, "measure")))
                : null;
        JsonNode sponsorsModule = p.path("sponsorCollaboratorsModule");
        TrialRecord.Sponsors sponsors = sponsorsModule.isObject()
                ? new TrialRecord.Sponsors(text(sponsorsModule.path("leadSponsor"), "name"),
                list(sponsorsModule.path("collaborators"), n -> text(n, "name")))
                : null;

        String minimumAge = text(elig, "minimumAge");
        String maximumAge = text(elig, "maximumAge");
        AgeBound min = AgeText.toBound(minimumAge);
        AgeBound max = AgeText.toBound(maximumAge);
        String sex = text(elig, "sex");
        EligibilityText.Split split = EligibilityText.split(text(elig, "eligibilityCriteria"));
        Eligibility eligibility = elig.isObject()
                ? new Eligibility(sex, minimumAge, maximumAge, min, max,
                elig.has("healthyVolunteers") ? elig.get("healthyVolunteers").asBoolean() : null,
                split.inclusion(), split.exclusion(),
                StructuredCriteria.of(sex, min, max, split.inclusion(), split.exclusion()))
                : null;

        JsonNode contacts = p.path("contactsLocationsModule");
        String trialKey = TrialKeys.of(ids, study.toString());
        return new TrialRecord(
                trialKey,
                ids,
                text(id, "briefTitle"),
                text(id, "officialTitle"),
                text(id, "acronym"),
                text(p.path("descriptionModule"), "briefSummary"),
                text(status, "overallStatus"),
                nullIfEmpty(list(designModule.path("phases"), JsonNode::asText)),
                text(designModule, "studyType"),
                enrollment,
                date(status.path("startDateStruct")),
                date(status.path("completionDateStruct")),
                date(status.path("lastUpdatePostDateStruct")),
                nullIfEmpty(list(p.path("conditionsModule").path("conditions"), JsonNode::asText)),
                nullIfEmpty(list(p.path("conditionsModule").path("keywords"), JsonNode::asText)),
                nullIfEmpty(list(arms.path("interventions"),
                        n -> new TrialRecord.Intervention(text(n, "type"), text(n, "name"), text(n, "description")))),
                nullIfEmpty(list(arms.path("armGroups"),
                        n -> new TrialRecord.Arm(text(n, "label"), text(n, "type"), text(n, "description"),
                                nullIfEmpty(list(n.path("interventionNames"), JsonNode::asText))))),
                design,
                outcomeRecord,
                eligibility,
                sponsors,
                nullIfEmpty(list(contacts.path("overallOfficials"), n -> text(n, "name"))),
                nullIfEmpty(list(contacts.path("locations"),
                        n -> new TrialRecord.Location(text(n, "facility"), text(n, "city"), text(n, "state"),
                                text(n, "country"), text(n, "status")))),
                nullIfEmpty(list(p.path("referencesModule").path("references"),
                        n -> n.has("pmid") ? "PMID:" + n.get("pmid").asText() : text(n, "citation"))),
                null);
    }

    /** v2 dates are "2021", "2021-03" or "2021-03-15"; the precision is what was stated. */
    static PartialDate date(JsonNode struct) {
        String value = text(struct, "date");
        if (value == null) {
            return null;
        }
        PartialDate.Precision precision = switch (value.length()) {
            case 4 -> PartialDate.Precision.YEAR;
            case 7 -> PartialDate.Precision.MONTH;
            default -> PartialDate.Precision.DAY;
        };
        return new PartialDate(value, precision);
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        if (v == null || v.isNull() || v.isContainerNode()) {
            return null;
        }
        String s = v.asText().trim();
        return s.isEmpty() ? null : s;
    }

    private static <T> List<T> list(JsonNode array, Function<JsonNode, T> f) {
        List<T> out = new ArrayList<>();
        if (array != null && array.isArray()) {
            for (JsonNode n : array) {
                T v = f.apply(n);
                if (v != null) {
                    out.add(v);
                }
            }
        }
        return out;
    }

    private static <T> List<T> nullIfEmpty(List<T> list) {
        return list == null || list.isEmpty() ? null : list;
    }

    private static String abbreviate(String s) {
        String clean = s.replaceAll("[^A-Za-z0-9_-]", "?");
        return clean.length() > 20 ? clean.substring(0, 20) + "…" : clean.toUpperCase(Locale.ROOT);
    }
}
