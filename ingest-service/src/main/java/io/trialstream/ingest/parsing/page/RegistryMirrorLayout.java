package io.trialstream.ingest.parsing.page;

import io.trialstream.ingest.parsing.TextCase;
import io.trialstream.contracts.TrialRecord;
import io.trialstream.ingest.parsing.AgeText;
import io.trialstream.ingest.parsing.CtgovVocabulary;
import io.trialstream.ingest.parsing.StatedDate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A site that mirrors ClinicalTrials.gov records (seeds 002, 003): "Basic Information / Brief Summary / Study Design /
 * Study Groups / Eligibility Criteria / Sponsors / Locations", each heading followed by the site's one-sentence
 * explanation, then the values, which are mostly API v2 enum names on lines of their own ("RECRUITING", "PHASE1/PHASE2",
 * "NON_RANDOMIZED"). Values are recognised by their shape, not their position, so a missing value shifts nothing.
 */
final class RegistryMirrorLayout extends PageLayout {
    /** The site's explanation sentence under each heading, by its first words: it is template, not trial data. */
    private static final Map<String, String> EXPLANATIONS = new HashMap<>();

    RegistryMirrorLayout() {
        heading("basic", true, "Basic Information");
        heading("summary", true, "Brief Summary");
        heading("design", true, "Study Design");
        heading("groups", true, "Study Groups");
        heading("eligibility", true, "Eligibility Criteria");
        heading("sponsors", true, "Sponsors");
        heading("locations", true, "Locations");
        heading("results", false, "Study Results");
        heading("related", false, "Related Clinical Trials", "More Related Trials");
        heading("description", false, "Detailed Description");
        heading("conditions", false, "Conditions");
        heading("keywords", false, "Keywords");
        heading("interventions", false, "Interventions");
        heading("other-names", false, "Other Intervention Names");
        heading("responsible", false, "Responsible Party");
        heading("investigators", false, "Principal Investigators");
        heading("countries", false, "Countries");
        heading("central-contacts", false, "Central Contacts");
        heading("facility-contacts", false, "Facility Contacts");
        heading("references", false, "References");
        heading("identifiers", false, "Other Identifiers");
        explain("results", "The study team has not published");
        explain("basic", "Get a concise snapshot");
        explain("summary", "Review the sponsor-provided synopsis");
        explain("related", "Explore similar clinical trials");
        explain("related", "Additional clinical trials that may");
        explain("description", "Dive into the extended narrative");
        explain("conditions", "See the medical conditions");
        explain("keywords", "Explore the keywords");
        explain("design", "Understand how the trial is structured");
        explain("groups", "Review each arm or cohort");
        explain("interventions", "Learn about the drugs, procedures");
        explain("other-names", "Discover alternative or legacy names");
        explain("eligibility", "Check the participation requirements");
        explain("sponsors", "Meet the organizations funding");
        explain("responsible", "Identify the individual or organization");
        explain("investigators", "Learn about the lead researchers");
        explain("locations", "Explore where the study is taking place");
        explain("countries", "Review the countries where");
        explain("central-contacts", "Reach out to these primary contacts");
        explain("facility-contacts", "Find local site contact details");
        explain("references", "Explore related publications");
        explain("identifiers", "Review additional registry numbers");
    }

    private static void explain(String key, String start) {
        EXPLANATIONS.put(key + "|" + start.transform(TextCase::lower), key);
    }

    @Override
    String name() {
        return "registry-mirror";
    }

    @Override
    String describe() {
        return "registry mirror (Basic Information / Brief Summary / Study Design / Study Groups / Eligibility Criteria"
                + " / Sponsors / Locations)";
    }

    @Override
    void read(PageSections page, List<String> lines, TrialDraft d) {
        preamble(page.preamble(), d);
        if (d.nctId == null) {
            d.nctId = ownId(page);
        }
        basic(values(page, "basic"), d);
        d.briefSummary = paragraph(values(page, "summary"));
        for (String c : values(page, "conditions")) {
            d.conditions.add(PageValues.stripBullet(c));
        }
        for (String k : values(page, "keywords")) {
            d.keywords.add(PageValues.stripBullet(k));
        }
        design(values(page, "design"), d);
        List<TrialRecord.Intervention> interventions = namedPairs(values(page, "interventions"));
        d.interventions.addAll(interventions);
        groups(values(page, "groups"), interventions, d);
        eligibility(values(page, "eligibility"), d);
        sponsors(values(page, "sponsors"), d);
        responsible(values(page, "responsible"), d);
        investigators(values(page, "investigators"), d);
        locations(values(page, "locations"), d);
        for (String r : values(page, "references")) {
            d.references.add(r);
        }
        identifiers(values(page, "identifiers"), d);
    }

    /** The section's lines without the site's explanation sentence. */
    private static List<String> values(PageSections page, String key) {
        List<String> body = page.body(key);
        if (body == null || body.isEmpty()) {
            return List.of();
        }
        String first = body.get(0).transform(TextCase::lower);
        for (String k : EXPLANATIONS.keySet()) {
            int bar = k.indexOf('|');
            if (k.substring(0, bar).equals(key) && first.startsWith(k.substring(bar + 1))) {
                return body.subList(1, body.size());
            }
        }
        return body;
    }

    private static void preamble(List<String> lines, TrialDraft d) {
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String own = NctIds.own(line, i + 1 < lines.size() ? lines.get(i + 1) : null);
            if (own != null) {
                d.nctId = own;
                continue;
            }
            String updated = PageValues.labelled(line, "last updated", "last update posted", "last update");
            if (updated != null) {
                d.lastUpdateDate = StatedDate.parse(updated);
                continue;
            }
            if (PageValues.labelled(line, "nct id", "nct number") != null || NctIds.in(line).equals(List.of(line.strip()))) {
                continue;
            }
            // the page's title is its first free line above the sections; a word or two is navigation, not a title
            if (d.briefTitle == null && line.strip().split("\\s+").length >= 3) {
                d.briefTitle = line.strip();
            }
        }
    }

    private static String ownId(PageSections page) {
        List<String> lines = new ArrayList<>();
        for (PageSections.Section s : page.sections()) {
            if (!s.key().equals("related")) {
                lines.addAll(s.lines());
            }
        }
        return NctIds.ownIn(lines);
    }

    private static void basic(List<String> lines, TrialDraft d) {
        List<TrialRecord.PartialDate> dates = new ArrayList<>();
        for (String line : lines) {
            String status = CtgovVocabulary.overallStatus(line);
            List<String> phases = CtgovVocabulary.phases(line);
            Integer participants = PageValues.participants(line, false);
            String studyType = CtgovVocabulary.studyType(line);
            TrialRecord.PartialDate date = StatedDate.parse(line);
            if (status != null && d.overallStatus == null) {
                d.overallStatus = status;
            } else if (phases != null && d.phases == null) {
                d.phases = phases;
            } else if (participants != null && d.enrollmentCount == null) {
                d.enrollmentCount = participants;
                d.enrollmentType = PageValues.enrollmentType(line);
            } else if (studyType != null && d.studyType == null) {
                d.studyType = studyType;
            } else if (date != null) {
                dates.add(date);
            }
        }
        // the snapshot shows the start date, then the completion date
        if (!dates.isEmpty()) {
            d.startDate = dates.get(0);
        }
        if (dates.size() > 1) {
            d.completionDate = dates.get(dates.size() - 1);
        }
    }

    private static void design(List<String> lines, TrialDraft d) {
        for (String line : lines) {
            String allocation = CtgovVocabulary.allocation(line);
            String model = CtgovVocabulary.interventionModel(line);
            String purpose = CtgovVocabulary.primaryPurpose(line);
            String masking = line.length() <= 80 ? CtgovVocabulary.masking(line) : null;
            if (allocation != null && d.allocation == null) {
                d.allocation = allocation;
            } else if (model != null && d.interventionModel == null) {
                d.interventionModel = model;
            } else if (purpose != null && d.primaryPurpose == null) {
                d.primaryPurpose = purpose;
            } else if (masking != null && d.masking == null && isMaskingValue(line)) {
                d.masking = masking;
            }
            // other lines are the model's or masking's free-text description
        }
    }

    private static boolean isMaskingValue(String line) {
        String t = line.strip().toUpperCase(Locale.ROOT);
        return t.startsWith("NONE") || t.startsWith("SINGLE") || t.startsWith("DOUBLE") || t.startsWith("TRIPLE")
                || t.startsWith("QUADRUPLE") || t.startsWith("OPEN LABEL");
    }

    /**
     * Name / description pairs ("UCB-NK cells" / "Natural killer cells generated …"). The site prints a name, then its
     * description when there is one; a description is a sentence or a long line.
     */
    private static List<TrialRecord.Intervention> namedPairs(List<String> lines) {
        List<TrialRecord.Intervention> out = new ArrayList<>();
        boolean evenPairs = lines.size() % 2 == 0;
        for (int i = 0; i < lines.size(); i++) {
            String name = lines.get(i);
            String description = null;
            if (i + 1 < lines.size() && (evenPairs || looksLikeDescription(lines.get(i + 1)))) {
                description = lines.get(++i);
            }
            out.add(PageValues.intervention(name, description));
        }
        return out;
    }

    private static boolean looksLikeDescription(String line) {
        return line.endsWith(".") || line.length() > 60;
    }

    /**
     * Each group: its label, its description, then the interventions assigned to it (a name the Interventions section
     * lists, followed by that intervention's description), or "No interventions assigned to this group".
     */
    private static void groups(List<String> lines, List<TrialRecord.Intervention> interventions, TrialDraft d) {
        Map<String, String> known = new HashMap<>();
        for (TrialRecord.Intervention i : interventions) {
            known.put(i.name().transform(TextCase::lower), i.description());
        }
        String label = null;
        String type = null;
        String description = null;
        List<String> names = new ArrayList<>();
        boolean closed = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String lower = line.transform(TextCase::lower);
            if (known.containsKey(lower) && label != null) {
                names.add(line);
                String desc = known.get(lower);
                if (i + 1 < lines.size() && desc != null && lines.get(i + 1).equals(desc)) {
                    i++;
                }
                continue;
            }
            if (lower.startsWith("no interventions assigned")) {
                closed = true;
                continue;
            }
            String armType = CtgovVocabulary.armType(line);
            if (armType != null && label != null && type == null && line.equals(line.toUpperCase(Locale.ROOT))) {
                type = armType;
                continue;
            }
            if (label == null || closed || !names.isEmpty() || description != null) {
                if (label != null) {
                    d.arms.add(new TrialRecord.Arm(label, type, description, names.isEmpty() ? null : List.copyOf(names)));
                }
                label = line;
                type = null;
                description = null;
                names.clear();
                closed = false;
            } else {
                description = line;
            }
        }
        if (label != null) {
            d.arms.add(new TrialRecord.Arm(label, type, description, names.isEmpty() ? null : List.copyOf(names)));
        }
    }

    /**
     * Criteria text (with its own "Inclusion Criteria" / "Exclusion Criteria" lines), then the structured values the
     * site prints after it: ages ("18 Years"), sex (ALL / FEMALE / MALE) and healthy volunteers (Yes / No).
     */
    private static void eligibility(List<String> lines, TrialDraft d) {
        int end = lines.size();
        List<String> ages = new ArrayList<>();
        while (end > 0 && end > lines.size() - 5) {
            String line = lines.get(end - 1).strip();
            if (d.healthyVolunteers == null && d.sex == null && ages.isEmpty() && PageValues.healthyVolunteers(line) != null
                    && (line.equalsIgnoreCase("yes") || line.equalsIgnoreCase("no"))) {
                d.healthyVolunteers = PageValues.healthyVolunteers(line);
            } else if (d.sex == null && ages.isEmpty() && CtgovVocabulary.sex(line) != null && line.equals(line.toUpperCase(Locale.ROOT))) {
                d.sex = CtgovVocabulary.sex(line);
            } else if (AgeText.toBound(line) != null && ages.size() < 2) {
                ages.add(0, line);
            } else {
                break;
            }
            end--;
        }
        d.criteriaText.addAll(lines.subList(0, end));
        if (ages.size() == 2) {
            d.minimumAge = ages.get(0);
            d.minimumAgeBound = AgeText.toBound(ages.get(0));
            d.maximumAge = ages.get(1);
            d.maximumAgeBound = AgeText.toBound(ages.get(1));
        } else if (ages.size() == 1) {
            // one age printed alone is the minimum, unless the criteria state that very age as an upper limit
            String age = ages.get(0);
            if (statedAsUpperLimit(age, lines.subList(0, end))) {
                d.maximumAge = age;
                d.maximumAgeBound = AgeText.toBound(age);
            } else {
                d.minimumAge = age;
                d.minimumAgeBound = AgeText.toBound(age);
            }
        }
    }

    private static boolean statedAsUpperLimit(String age, List<String> criteria) {
        double years = AgeText.toBound(age).years();
        for (String line : criteria) {
            AgeText.Statement s = AgeText.statement(line, false);
            if (s != null && s.minimum() == null && s.maximum() != null
                    && (s.maximum().years() == years || s.maximum().years() + 1 == years)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Name / class pairs ("Peking University People's Hospital" / "OTHER"). One sponsor is the lead. When several are
     * listed the site does not say which one leads (its order is not the registry's), so none is called the lead:
     * they are all kept, as collaborators, and the lead stays null rather than guessed.
     */
    private static void sponsors(List<String> lines, TrialDraft d) {
        List<String> names = new ArrayList<>();
        for (String line : lines) {
            if (CtgovVocabulary.isSponsorClass(line) && line.equals(line.toUpperCase(Locale.ROOT))) {
                continue;
            }
            String lead = PageValues.labelled(line, "lead sponsor", "sponsor");
            String collaborator = PageValues.labelled(line, "collaborator", "collaborators");
            if (lead != null) {
                d.leadSponsor = lead;
            } else if (collaborator != null) {
                d.collaborators.add(collaborator);
            } else {
                names.add(PageValues.stripBullet(line));
            }
        }
        if (names.size() == 1 && d.leadSponsor == null) {
            d.leadSponsor = names.get(0);
        } else {
            d.collaborators.addAll(names);
        }
    }

    /** The responsible party is an investigator when the page says so ("Principal Investigator", "Sponsor-Investigator"). */
    private static void responsible(List<String> lines, TrialDraft d) {
        for (int i = 0; i + 1 < lines.size(); i++) {
            String role = lines.get(i + 1).transform(TextCase::lower);
            if (role.contains("principal investigator") || role.contains("sponsor-investigator")) {
                d.investigators.add(lines.get(i));
                i++;
            }
        }
    }

    /** Each investigator: name, "Role: …", then the affiliation. */
    private static void investigators(List<String> lines, TrialDraft d) {
        for (int i = 0; i + 1 < lines.size(); i++) {
            if (lines.get(i + 1).transform(TextCase::lower).startsWith("role:")) {
                d.investigators.add(lines.get(i));
            }
        }
    }

    /** Facility, then "City, State, Country" (empty parts allowed: "Nijmegen, , Netherlands"), then maybe a status. */
    private static void locations(List<String> lines, TrialDraft d) {
        String facility = null;
        for (String line : lines) {
            String status = CtgovVocabulary.overallStatus(line);
            if (status != null && line.equals(line.toUpperCase(Locale.ROOT)) && !d.locations.isEmpty()) {
                TrialRecord.Location last = d.locations.remove(d.locations.size() - 1);
                d.locations.add(new TrialRecord.Location(last.facility(), last.city(), last.state(), last.country(), status));
                continue;
            }
            if (line.contains(",") && facility != null) {
                String[] parts = line.split(",", -1);
                String city = emptyToNull(parts[0]);
                String country = emptyToNull(parts[parts.length - 1]);
                String state = parts.length >= 3 ? emptyToNull(parts[1]) : null;
                d.locations.add(new TrialRecord.Location(facility, city, state, country, null));
                facility = null;
            } else {
                if (facility != null) {
                    d.locations.add(new TrialRecord.Location(facility, null, null, null, null));
                }
                facility = line;
            }
        }
        if (facility != null) {
            d.locations.add(new TrialRecord.Location(facility, null, null, null, null));
        }
    }

    /** Each identifier: the id, "Identifier Type: …" ("-" when none), "Identifier Source: org_study_id | secondary_id | nct_alias". */
    private static void identifiers(List<String> lines, TrialDraft d) {
        String id = null;
        String type = null;
        for (String line : lines) {
            String statedType = PageValues.labelled(line, "identifier type");
            String source = PageValues.labelled(line, "identifier source");
            if (statedType != null) {
                type = statedType;
            } else if (source != null && id != null) {
                switch (source.transform(TextCase::lower)) {
                    case "org_study_id" -> d.orgStudyId = id;
                    case "nct_alias" -> {
                        d.aliases.add(id.toUpperCase(Locale.ROOT));
                        d.secondaryIds.add(new TrialRecord.SecondaryId("NCT_ALIAS", id));
                    }
                    default -> d.secondaryIds.add(PageValues.secondaryId(id, type));
                }
                id = null;
                type = null;
            } else if (line.transform(TextCase::lower).startsWith("identifier")) {
                continue;
            } else {
                if (id != null) {
                    d.secondaryIds.add(PageValues.secondaryId(id, type));
                }
                id = line.strip();
                type = null;
            }
        }
        if (id != null) {
            d.secondaryIds.add(PageValues.secondaryId(id, type));
        }
    }

    private static String paragraph(List<String> lines) {
        return lines.isEmpty() ? null : String.join("\n", lines);
    }

    private static String emptyToNull(String s) {
        String t = s.strip();
        return t.isEmpty() ? null : t;
    }
}
