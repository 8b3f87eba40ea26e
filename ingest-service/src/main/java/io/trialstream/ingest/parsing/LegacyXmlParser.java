package io.trialstream.ingest.parsing;

import io.trialstream.contracts.Eligibility;
import io.trialstream.contracts.Eligibility.AgeBound;
import io.trialstream.contracts.TrialRecord;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.Set;

/**
 * ClinicalTrials.gov legacy XML ({@code <clinical_study>}, the AllPublicXML download and the classic API): one
 * record, or several {@code <clinical_study>} elements under any root (a bulk file). Display values are mapped to
 * the API v2 enums ({@link CtgovVocabulary}), dates keep their stated precision, and the hard-wrapped, indented
 * text blocks are unwrapped; the criteria text goes through {@link EligibilityText}.
 */
public final class LegacyXmlParser {
    public static final String PARSER_VERSION = "ctgov-legacy-xml/1";
    private static final int MAX_DEPTH = 32;
    private static final String EXPECTED = "expected a ClinicalTrials.gov legacy <clinical_study> record";
    /** Results and browse sections are large and nothing in the trial record comes from them. */
    private static final Set<String> SKIPPED = Set.of("clinical_results", "condition_browse", "intervention_browse",
            "required_header", "removed_countries", "pending_results", "patient_data", "provided_document_section");

    private final XMLInputFactory factory = hardenedFactory();

    /**
     * The JDK's own StAX implementation, with DTDs off: a trial record never needs one, and a DTD is the only way to
     * declare entities, so without it neither external entities (XXE, reading local files or URLs) nor nested
     * entity expansion ("billion laughs") can happen. The JAXP limits are set as well in case a future default
     * changes, and a document that still carries a DOCTYPE is rejected outright rather than silently ignored.
     */
    static XMLInputFactory hardenedFactory() {
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        setIfSupported(f, "http://www.oracle.com/xml/jaxp/properties/entityExpansionLimit", "0");
        setIfSupported(f, "http://www.oracle.com/xml/jaxp/properties/maxGeneralEntitySizeLimit", "0");
        setIfSupported(f, "http://www.oracle.com/xml/jaxp/properties/totalEntitySizeLimit", "0");
        setIfSupported(f, "http://www.oracle.com/xml/jaxp/properties/maxElementDepth", Integer.toString(MAX_DEPTH * 2));
        setIfSupported(f, "http://javax.xml.XMLConstants/property/accessExternalDTD", "");
        return f;
    }

    private static void setIfSupported(XMLInputFactory f, String name, String value) {
        try {
            f.setProperty(name, value);
        } catch (IllegalArgumentException e) {
            // not every JDK knows every limit; DTDs being off is what protects us
        }
    }

    public List<TrialRecord> parse(byte[] xml) {
        Element root = read(xml);
        List<Element> studies = new ArrayList<>();
        if (root.name.equals("clinical_study")) {
            studies.add(root);
        } else {
            studies.addAll(root.all("clinical_study"));
        }
        if (studies.isEmpty()) {
            throw new InvalidDocumentException(422, "NOT_A_CLINICAL_STUDY",
                    "the XML root element is <" + printable(root.name) + ">; " + EXPECTED);
        }
        List<TrialRecord> records = new ArrayList<>(studies.size());
        for (int i = 0; i < studies.size(); i++) {
            records.add(study(studies.get(i), studies.size() > 1 ? "clinical_study[" + i + "]" : "clinical_study"));
        }
        return records;
    }

    // ---- reading ----

    /** A small element tree: name, the attributes we use, text and children. Skipped sections are not kept. */
    static final class Element {
        final String name;
        final Map<String, String> attributes;
        final StringBuilder text = new StringBuilder();
        final List<Element> children = new ArrayList<>();

        Element(String name, Map<String, String> attributes) {
            this.name = name;
            this.attributes = attributes;
        }

        Element child(String n) {
            for (Element c : children) {
                if (c.name.equals(n)) {
                    return c;
                }
            }
            return null;
        }

        List<Element> all(String n) {
            List<Element> out = new ArrayList<>();
            for (Element c : children) {
                if (c.name.equals(n)) {
                    out.add(c);
                }
            }
            return out;
        }

        /** Trimmed, whitespace-collapsed text of a child path; null when absent or blank. */
        String value(String... path) {
            Element e = this;
            for (String p : path) {
                e = e == null ? null : e.child(p);
            }
            return e == null ? null : clean(e.text);
        }
    }

    private Element read(byte[] xml) {
        XMLStreamReader r = null;
        try {
            // the JDK factory is not specified as thread-safe; only creating the reader is locked, reading is not
            synchronized (factory) {
                r = factory.createXMLStreamReader(new ByteArrayInputStream(xml));
            }
            List<Element> stack = new ArrayList<>();
            Element root = null;
            int skipping = 0;
            while (r.hasNext()) {
                int event = r.next();
                switch (event) {
                    case XMLStreamConstants.DTD -> throw new InvalidDocumentException(400, "XML_DTD_FORBIDDEN",
                            "the XML document declares a DTD (<!DOCTYPE …>), which is not accepted; " + EXPECTED);
                    case XMLStreamConstants.ENTITY_REFERENCE -> throw new InvalidDocumentException(400, "XML_ENTITY_FORBIDDEN",
                            "the XML document references an undeclared entity &" + printable(r.getLocalName()) + ";; " + EXPECTED);
                    case XMLStreamConstants.START_ELEMENT -> {
                        if (skipping > 0 || SKIPPED.contains(r.getLocalName())) {
                            skipping++;
                            continue;
                        }
                        if (stack.size() >= MAX_DEPTH) {
                            throw new InvalidDocumentException(400, "XML_TOO_DEEP",
                                    "XML elements nested deeper than " + MAX_DEPTH + " levels; " + EXPECTED);
                        }
                        Map<String, String> attrs = Map.of();
                        if (r.getAttributeCount() > 0) {
                            attrs = new HashMap<>();
                            for (int i = 0; i < r.getAttributeCount() && i < 8; i++) {
                                attrs.put(r.getAttributeLocalName(i), r.getAttributeValue(i));
                            }
                        }
                        Element e = new Element(r.getLocalName(), attrs);
                        if (stack.isEmpty()) {
                            root = e;
                        } else {
                            stack.get(stack.size() - 1).children.add(e);
                        }
                        stack.add(e);
                    }
                    case XMLStreamConstants.END_ELEMENT -> {
                        if (skipping > 0) {
                            skipping--;
                        } else {
                            stack.remove(stack.size() - 1);
                        }
                    }
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                        if (skipping == 0 && !stack.isEmpty()) {
                            stack.get(stack.size() - 1).text.append(r.getTextCharacters(), r.getTextStart(), r.getTextLength());
                        }
                    }
                    default -> {
                    }
                }
            }
            if (root == null) {
                throw new InvalidDocumentException(400, "EMPTY_BODY", "the XML document has no root element; " + EXPECTED);
            }
            return root;
        } catch (XMLStreamException e) {
            String where = e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNumber() + ", column " + e.getLocation().getColumnNumber() + ")";
            String message = e.getMessage() == null ? "" : e.getMessage();
            // undeclared entities (there is no DTD to declare them) and JAXP limit hits are refusals, not typos
            boolean entity = message.contains("was referenced, but not declared") || message.contains("JAXP000")
                    || message.contains("DOCTYPE");
            String reason = entity ? "XML_ENTITY_FORBIDDEN" : "MALFORMED_XML";
            throw new InvalidDocumentException(400, reason, "body is not well-formed XML" + where
                    + ("XML_ENTITY_FORBIDDEN".equals(reason) ? " (entities are not accepted)" : "") + "; " + EXPECTED);
        } catch (MissingResourceException e) {
            // the JDK's StAX error reporter lacks some message keys (InvalidCharInDTD: a control character inside a
            // DOCTYPE) and throws this while reporting a fatal well-formedness error; found by ParserFuzzTest
            throw new InvalidDocumentException(400, "MALFORMED_XML", "body is not well-formed XML; " + EXPECTED);
        } finally {
            if (r != null) {
                try {
                    r.close();
                } catch (XMLStreamException ignored) {
                    // nothing to release beyond the byte array
                }
            }
        }
    }

    // ---- mapping ----

    private TrialRecord study(Element s, String where) {
        Element idInfo = s.child("id_info");
        String nctId = idInfo == null ? null : idInfo.value("nct_id");
        if (nctId != null && !TrialKeys.isNctId(nctId)) {
            throw new InvalidDocumentException(422, "BAD_NCT_ID", where + "/id_info/nct_id '" + printable(nctId)
                    + "' is not an NCT id (NCT followed by 8 digits)");
        }
        List<TrialRecord.SecondaryId> secondary = new ArrayList<>();
        if (idInfo != null) {
            for (Element sid : idInfo.all("secondary_id")) {
                String v = clean(sid.text);
                if (v != null) {
                    secondary.add(new TrialRecord.SecondaryId(TrialKeys.isEudraCt(v) ? "EUDRACT_NUMBER" : null, v));
                }
            }
        }
        TrialRecord.Ids ids = new TrialRecord.Ids(nctId, nullIfEmpty(secondary), idInfo == null ? null : idInfo.value("org_study_id"));

        Element enrollmentEl = s.child("enrollment");
        TrialRecord.Enrollment enrollment = null;
        if (enrollmentEl != null && clean(enrollmentEl.text) != null) {
            Integer count = integer(clean(enrollmentEl.text));
            String type = CtgovVocabulary.enrollmentType(enrollmentEl.attributes.get("type"));
            enrollment = count == null && type == null ? null : new TrialRecord.Enrollment(count, type);
        }

        Map<String, List<String>> armInterventions = new HashMap<>();
        List<TrialRecord.Intervention> interventions = new ArrayList<>();
        for (Element i : s.all("intervention")) {
            String typeLabel = i.value("intervention_type");
            String name = i.value("intervention_name");
            interventions.add(new TrialRecord.Intervention(CtgovVocabulary.interventionType(typeLabel), name,
                    textBlock(i.child("description"))));
            for (Element label : i.all("arm_group_label")) {
                // API v2 names an arm's interventions "Drug: Venetoclax"; the legacy labels are the same words
                String display = typeLabel == null ? name : typeLabel + ": " + name;
                armInterventions.computeIfAbsent(clean(label.text), k -> new ArrayList<>()).add(display);
            }
        }
        List<TrialRecord.Arm> arms = new ArrayList<>();
        for (Element a : s.all("arm_group")) {
            String label = a.value("arm_group_label");
            arms.add(new TrialRecord.Arm(label, CtgovVocabulary.armType(a.value("arm_group_type")),
                    textBlock(a.child("description")), armInterventions.get(label)));
        }

        TrialRecord.Design design = design(s);
        List<String> primary = measures(s.all("primary_outcome"));
        List<String> secondaryOutcomes = measures(s.all("secondary_outcome"));
        TrialRecord.Outcomes outcomes = primary == null && secondaryOutcomes == null ? null
                : new TrialRecord.Outcomes(primary, secondaryOutcomes);

        Eligibility eligibility = eligibility(s.child("eligibility"));

        Element sponsorsEl = s.child("sponsors");
        TrialRecord.Sponsors sponsors = null;
        if (sponsorsEl != null) {
            List<String> collaborators = new ArrayList<>();
            for (Element c : sponsorsEl.all("collaborator")) {
                addIfPresent(collaborators, c.value("agency"));
            }
            sponsors = new TrialRecord.Sponsors(sponsorsEl.value("lead_sponsor", "agency"), nullIfEmpty(collaborators));
        }
        List<String> investigators = new ArrayList<>();
        for (Element o : s.all("overall_official")) {
            addIfPresent(investigators, o.value("last_name"));
        }
        List<TrialRecord.Location> locations = new ArrayList<>();
        for (Element l : s.all("location")) {
            Element facility = l.child("facility");
            locations.add(new TrialRecord.Location(facility == null ? null : facility.value("name"),
                    facility == null ? null : facility.value("address", "city"),
                    facility == null ? null : facility.value("address", "state"),
                    facility == null ? null : facility.value("address", "country"),
                    CtgovVocabulary.overallStatus(l.value("status"))));
        }
        List<String> references = new ArrayList<>();
        for (Element ref : concat(s.all("reference"), s.all("results_reference"))) {
            String pmid = ref.value("PMID");
            addIfPresent(references, pmid != null ? "PMID:" + pmid : ref.value("citation"));
        }
        List<String> conditions = values(s.all("condition"));
        List<String> keywords = values(s.all("keyword"));
        String lastUpdate = s.value("last_update_posted") != null ? s.value("last_update_posted") : s.value("lastchanged_date");

        TrialRecord record = new TrialRecord(
                null,
                ids,
                s.value("brief_title"),
                s.value("official_title"),
                s.value("acronym"),
                textBlock(s.child("brief_summary")),
                CtgovVocabulary.overallStatus(s.value("overall_status")),
                CtgovVocabulary.phases(s.value("phase")),
                CtgovVocabulary.studyType(s.value("study_type")),
                enrollment,
                StatedDate.parse(s.value("start_date")),
                StatedDate.parse(s.value("completion_date")),
                StatedDate.parse(lastUpdate),
                conditions,
                keywords,
                nullIfEmpty(interventions),
                nullIfEmpty(arms),
                design,
                outcomes,
                eligibility,
                sponsors,
                nullIfEmpty(investigators),
                nullIfEmpty(locations),
                nullIfEmpty(references),
                null);
        return TrialKeys.withKey(record);
    }

    private static TrialRecord.Design design(Element s) {
        Element info = s.child("study_design_info");
        String allocation = null;
        String model = null;
        String masking = null;
        String purpose = null;
        if (info != null) {
            allocation = CtgovVocabulary.allocation(info.value("allocation"));
            model = CtgovVocabulary.interventionModel(info.value("intervention_model"));
            masking = CtgovVocabulary.masking(info.value("masking"));
            purpose = CtgovVocabulary.primaryPurpose(info.value("primary_purpose"));
        } else if (s.value("study_design") != null) {
            // records before 2017: "Allocation: Randomized, Endpoint Classification: …, Masking: Double Blind (Subject,
            // Investigator), Primary Purpose: Treatment" in one string
            Map<String, String> parts = designString(s.value("study_design"));
            allocation = CtgovVocabulary.allocation(parts.get("allocation"));
            model = CtgovVocabulary.interventionModel(parts.get("intervention model"));
            masking = CtgovVocabulary.masking(parts.get("masking"));
            purpose = CtgovVocabulary.primaryPurpose(parts.get("primary purpose"));
        }
        if (allocation == null && model == null && masking == null && purpose == null) {
            return null;
        }
        return new TrialRecord.Design(allocation, model, masking, purpose);
    }

    static Map<String, String> designString(String text) {
        Map<String, String> out = new HashMap<>();
        List<String> keys = List.of("allocation", "endpoint classification", "intervention model", "masking",
                "primary purpose", "observational model", "time perspective");
        String lower = text.transform(TextCase::lower);
        List<int[]> starts = new ArrayList<>();
        for (String k : keys) {
            int at = lower.indexOf(k + ":");
            if (at >= 0) {
                starts.add(new int[]{at, keys.indexOf(k)});
            }
        }
        starts.sort((a, b) -> Integer.compare(a[0], b[0]));
        for (int i = 0; i < starts.size(); i++) {
            String key = keys.get(starts.get(i)[1]);
            int from = starts.get(i)[0] + key.length() + 1;
            int to = i + 1 < starts.size() ? starts.get(i + 1)[0] : text.length();
            String v = text.substring(from, to).trim();
            if (v.endsWith(",")) {
                v = v.substring(0, v.length() - 1).trim();
            }
            out.put(key, v);
        }
        return out;
    }

    private static Eligibility eligibility(Element e) {
        if (e == null) {
            return null;
        }
        String sex = CtgovVocabulary.sex(e.value("gender"));
        String minimumAge = e.value("minimum_age");
        String maximumAge = e.value("maximum_age");
        AgeBound min = AgeText.toBound(minimumAge);
        AgeBound max = AgeText.toBound(maximumAge);
        String healthy = e.value("healthy_volunteers");
        Boolean healthyVolunteers = healthy == null ? null
                : healthy.transform(TextCase::lower).startsWith("accepts") || healthy.equalsIgnoreCase("yes") ? Boolean.TRUE
                : healthy.equalsIgnoreCase("no") ? Boolean.FALSE : null;
        Element criteria = e.child("criteria");
        Element block = criteria == null ? null : criteria.child("textblock");
        String criteriaText = block != null ? block.text.toString() : criteria != null ? criteria.text.toString() : null;
        EligibilityText.Split split = EligibilityText.split(criteriaText);
        return new Eligibility(sex, minimumAge, maximumAge, min, max, healthyVolunteers,
                split.inclusion(), split.exclusion(),
                StructuredCriteria.of(sex, min, max, split.inclusion(), split.exclusion()));
    }

    private static List<String> measures(List<Element> outcomes) {
        List<String> out = new ArrayList<>();
        for (Element o : outcomes) {
            addIfPresent(out, o.value("measure"));
        }
        return nullIfEmpty(out);
    }

    private static List<String> values(List<Element> elements) {
        Set<String> out = new LinkedHashSet<>();
        for (Element e : elements) {
            String v = clean(e.text);
            if (v != null) {
                out.add(v);
            }
        }
        return out.isEmpty() ? null : new ArrayList<>(out);
    }

    /**
     * A legacy text block is indented and hard-wrapped at about 100 columns, with {@code &#xD;} line ends: lines of
     * a paragraph are joined, paragraphs kept apart by a blank line, as API v2 writes the same text.
     */
    static String textBlock(Element holder) {
        if (holder == null) {
            return null;
        }
        Element block = holder.child("textblock");
        String raw = (block != null ? block.text : holder.text).toString();
        StringBuilder out = new StringBuilder();
        StringBuilder paragraph = new StringBuilder();
        for (String line : raw.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1)) {
            String t = line.strip();
            if (t.isEmpty()) {
                flushParagraph(out, paragraph);
            } else {
                if (!paragraph.isEmpty()) {
                    paragraph.append(' ');
                }
                paragraph.append(t);
            }
        }
        flushParagraph(out, paragraph);
        return out.isEmpty() ? null : out.toString();
    }

    private static void flushParagraph(StringBuilder out, StringBuilder paragraph) {
        if (paragraph.isEmpty()) {
            return;
        }
        if (!out.isEmpty()) {
            out.append("\n\n");
        }
        out.append(paragraph);
        paragraph.setLength(0);
    }

    static String clean(CharSequence text) {
        if (text == null) {
            return null;
        }
        StringBuilder b = new StringBuilder(text.length());
        boolean space = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c) || c == '\u00A0') {
                space = !b.isEmpty();
            } else {
                if (space) {
                    b.append(' ');
                    space = false;
                }
                b.append(c);
            }
        }
        return b.isEmpty() ? null : b.toString();
    }

    private static Integer integer(String s) {
        try {
            return Integer.valueOf(s.replace(",", "").trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static List<Element> concat(List<Element> a, List<Element> b) {
        List<Element> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private static void addIfPresent(List<String> list, String value) {
        if (value != null) {
            list.add(value);
        }
    }

    private static <T> List<T> nullIfEmpty(List<T> list) {
        return list == null || list.isEmpty() ? null : list;
    }

    private static String printable(String s) {
        String clean = s == null ? "" : s.replaceAll("[^A-Za-z0-9_:.-]", "?");
        return clean.length() > 30 ? clean.substring(0, 30) + "…" : clean;
    }
}
