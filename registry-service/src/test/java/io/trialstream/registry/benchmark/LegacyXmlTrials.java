package io.trialstream.registry.benchmark;

import io.trialstream.contracts.Eligibility;
import io.trialstream.contracts.ParsedTrial;
import io.trialstream.contracts.Provenance;
import io.trialstream.contracts.TrialRecord;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A minimal reading of ClinicalTrials.gov legacy {@code clinical_study} XML into ParsedTrial, for the benchmark only:
 * the registry must not depend on ingest-service, and the benchmark needs records of realistic size and shape
 * (titles, summary, eligibility text items, sites, sponsors, dates) rather than a faithful parse.
 */
final class LegacyXmlTrials {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MMMM d, yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MMMM yyyy", Locale.ENGLISH);
    private static final Pattern AGE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s+(Year|Month|Week|Day)s?", Pattern.CASE_INSENSITIVE);
    private static final Pattern ITEM = Pattern.compile("^\\s*(?:-|\\*|\\d+[.)])\\s+(.*)$");

    private LegacyXmlTrials() {
    }

    static List<ParsedTrial> read(Path folder) throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.walk(folder)) {
            files = s.filter(p -> p.getFileName().toString().matches("NCT\\d{8}\\.xml")).sorted().toList();
        }
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        DocumentBuilder builder = f.newDocumentBuilder();
        List<ParsedTrial> out = new ArrayList<>(files.size());
        Instant parsedAt = Instant.parse("2026-11-21T00:00:00Z");
        for (Path file : files) {
            byte[] bytes = Files.readAllBytes(file);
            Document d = builder.parse(file.toFile());
            out.add(new ParsedTrial(ParsedTrial.SCHEMA_VERSION, record(d.getDocumentElement()),
                    new Provenance(Provenance.SourceFormat.CTGOV_LEGACY_XML, file.toUri().toString(),
                            HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)), "benchmark", parsedAt)));
        }
        return out;
    }

    static TrialRecord record(Element s) {
        String nct = text(s, "id_info/nct_id");
        List<TrialRecord.SecondaryId> secondary = texts(s, "id_info/secondary_id").stream()
                .map(id -> new TrialRecord.SecondaryId("OTHER", id)).toList();
        List<String> phases = new ArrayList<>();
        String phase = text(s, "phase");
        if (phase != null) {
            for (String p : phase.split("/")) {
                phases.add(p.trim().equalsIgnoreCase("N/A") ? "NA" : vocabulary(p));
            }
        }
        String studyType = text(s, "study_type");
        List<TrialRecord.Intervention> interventions = new ArrayList<>();
        for (Element i : children(s, "intervention")) {
            interventions.add(new TrialRecord.Intervention(vocabulary(text(i, "intervention_type")), text(i, "intervention_name"),
                    text(i, "description")));
        }
        List<TrialRecord.Arm> arms = new ArrayList<>();
        for (Element a : children(s, "arm_group")) {
            arms.add(new TrialRecord.Arm(text(a, "arm_group_label"), vocabulary(text(a, "arm_group_type")), text(a, "description"), null));
        }
        List<TrialRecord.Location> locations = new ArrayList<>();
        for (Element l : children(s, "location")) {
            locations.add(new TrialRecord.Location(text(l, "facility/name"), text(l, "facility/address/city"),
                    text(l, "facility/address/state"), text(l, "facility/address/country"), vocabulary(text(l, "status"))));
        }
        List<String> primary = new ArrayList<>();
        children(s, "primary_outcome").forEach(o -> primary.add(text(o, "measure")));
        List<String> secondaryOutcomes = new ArrayList<>();
        children(s, "secondary_outcome").forEach(o -> secondaryOutcomes.add(text(o, "measure")));
        List<String> references = new ArrayList<>();
        children(s, "reference").forEach(r -> references.add(text(r, "citation")));
        String enrollment = text(s, "enrollment");
        String statusText = text(s, "overall_status");
        return new TrialRecord(nct, new TrialRecord.Ids(nct, secondary.isEmpty() ? null : secondary, text(s, "id_info/org_study_id")),
                text(s, "brief_title"), text(s, "official_title"), text(s, "acronym"), text(s, "brief_summary/textblock"),
                statusText == null ? null : statusText.equals("Unknown status") ? "UNKNOWN" : vocabulary(statusText),
                phases.isEmpty() ? null : phases, studyType == null ? null : vocabulary(studyType.replaceAll("\\[.*]", "")),
                enrollment == null ? null : new TrialRecord.Enrollment(intOrNull(enrollment),
                        attribute(s, "enrollment", "type") == null ? null : vocabulary(attribute(s, "enrollment", "type"))),
                date(text(s, "start_date")), date(text(s, "completion_date")), date(text(s, "last_update_posted")),
                nullIfEmpty(texts(s, "condition")), nullIfEmpty(texts(s, "keyword")), nullIfEmpty(interventions), nullIfEmpty(arms),
                new TrialRecord.Design(vocabulary(text(s, "study_design_info/allocation")),
                        vocabulary(text(s, "study_design_info/intervention_model")), vocabulary(text(s, "study_design_info/masking")),
                        vocabulary(text(s, "study_design_info/primary_purpose"))),
                new TrialRecord.Outcomes(nullIfEmpty(primary), nullIfEmpty(secondaryOutcomes)),
                eligibility(first(s, "eligibility")),
                new TrialRecord.Sponsors(text(s, "sponsors/lead_sponsor/agency"), nullIfEmpty(texts(s, "sponsors/collaborator/agency"))),
                nullIfEmpty(texts(s, "overall_official/last_name")), nullIfEmpty(locations), nullIfEmpty(references), null);
    }

    static Eligibility eligibility(Element e) {
        if (e == null) {
            return null;
        }
        List<Eligibility.CriterionItem> inclusion = new ArrayList<>();
        List<Eligibility.CriterionItem> exclusion = new ArrayList<>();
        String criteria = text(e, "criteria/textblock");
        if (criteria != null) {
            List<Eligibility.CriterionItem> into = inclusion;
            for (String line : criteria.split("\\r?\\n")) {
                String l = line.trim();
                if (l.toLowerCase(Locale.ROOT).startsWith("exclusion criteria")) {
                    into = exclusion;
                    continue;
                }
                Matcher m = ITEM.matcher(line);
                if (m.matches()) {
                    String id = (into == inclusion ? "inc-" : "exc-") + (into.size() + 1);
                    into.add(new Eligibility.CriterionItem(id, m.group(1).trim()));
                } else if (!l.isEmpty() && !into.isEmpty() && !l.toLowerCase(Locale.ROOT).startsWith("inclusion criteria")) {
                    Eligibility.CriterionItem last = into.remove(into.size() - 1);
                    into.add(new Eligibility.CriterionItem(last.id(), last.text() + " " + l));
                }
            }
        }
        String min = text(e, "minimum_age");
        String max = text(e, "maximum_age");
        String gender = text(e, "gender");
        String healthy = text(e, "healthy_volunteers");
        return new Eligibility(gender == null ? null : vocabulary(gender), min, max, bound(min), bound(max),
                healthy == null ? null : healthy.startsWith("Accepts"), nullIfEmpty(inclusion), nullIfEmpty(exclusion), null);
    }

    static Eligibility.AgeBound bound(String age) {
        if (age == null) {
            return null;
        }
        Matcher m = AGE.matcher(age);
        if (!m.find()) {
            return null;
        }
        double n = Double.parseDouble(m.group(1));
        double years = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "month" -> n / 12;
            case "week" -> n / 52.1775;
            case "day" -> n / 365.25;
            default -> n;
        };
        return new Eligibility.AgeBound(years, true);
    }

    static TrialRecord.PartialDate date(String text) {
        if (text == null) {
            return null;
        }
        try {
            return new TrialRecord.PartialDate(LocalDate.parse(text, DAY).toString(), TrialRecord.PartialDate.Precision.DAY);
        } catch (Exception notDay) {
            try {
                return new TrialRecord.PartialDate(java.time.YearMonth.parse(text, MONTH).toString(), TrialRecord.PartialDate.Precision.MONTH);
            } catch (Exception notMonth) {
                return null;
            }
        }
    }

    static String vocabulary(String v) {
        if (v == null) {
            return null;
        }
        String t = v.trim().toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]+", "_").replaceAll("^_|_$", "");
        return t.isEmpty() ? null : t;
    }

    static <T> List<T> nullIfEmpty(List<T> l) {
        return l == null || l.isEmpty() ? null : l;
    }

    static Integer intOrNull(String s) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static Element first(Element parent, String path) {
        Element cur = parent;
        for (String name : path.split("/")) {
            Element next = null;
            for (Node n = cur.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element el && el.getTagName().equals(name)) {
                    next = el;
                    break;
                }
            }
            if (next == null) {
                return null;
            }
            cur = next;
        }
        return cur;
    }

    static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element el && el.getTagName().equals(name)) {
                out.add(el);
            }
        }
        return out;
    }

    static String text(Element parent, String path) {
        Element e = first(parent, path);
        if (e == null) {
            return null;
        }
        String t = e.getTextContent().replace("\r", "").strip();
        return t.isEmpty() ? null : t.replaceAll("[ \\t]+", " ");
    }

    static List<String> texts(Element parent, String path) {
        int slash = path.lastIndexOf('/');
        Element base = slash < 0 ? parent : first(parent, path.substring(0, slash));
        String name = slash < 0 ? path : path.substring(slash + 1);
        List<String> out = new ArrayList<>();
        if (base == null) {
            return out;
        }
        if (slash >= 0) {
            // e.g. sponsors/collaborator/agency: every collaborator's agency
            String[] parts = path.split("/");
            if (parts.length == 3) {
                Element sponsors = first(parent, parts[0]);
                if (sponsors != null) {
                    for (Element c : children(sponsors, parts[1])) {
                        String t = text(c, parts[2]);
                        if (t != null) {
                            out.add(t);
                        }
                    }
                }
                return out;
            }
        }
        for (Element c : children(base, name)) {
            String t = c.getTextContent().strip();
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }

    static String attribute(Element parent, String path, String attribute) {
        Element e = first(parent, path);
        return e == null || !e.hasAttribute(attribute) ? null : e.getAttribute(attribute);
    }
}
