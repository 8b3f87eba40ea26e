package io.trialstream.ingest.parsing.page;

import io.trialstream.ingest.parsing.TextCase;
import io.trialstream.contracts.TrialRecord;
import io.trialstream.ingest.parsing.CtgovVocabulary;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A patient-facing trial site (seed 000): a header (intervention class, title, phase, enrolment status, "Led By",
 * "Research Sponsored by"), then "Eligibility Criteria Checklist" (Must have / Must not have), "Study Summary",
 * "Eligible Conditions", "Study Objectives", "Trial Design" (treatment groups and a treatment table) and "Who is
 * running the clinical trial?". Its FAQ answers are machine-written and unverified (the page says so), so nothing
 * is read from them; its side-effect data names the trial it comes from, which the page does not say is this one.
 */
final class PatientSiteLayout extends PageLayout {
    /** Enrolment labels the site shows that have no API v2 status: stated, but not mappable, so the status stays null. */
    private static final List<String> SITE_ONLY_STATUSES = List.of("waitlist available", "waitlist", "closed", "open");
    private static final List<String> ARM_TYPES = List.of("Experimental Treatment", "Active Control", "Placebo Group",
            "Sham Comparator", "No Treatment Group", "No Intervention", "Other");
    private static final List<String> OWNER_SUFFIXES = List.of("Lead Sponsor", "Industry Sponsor", "Collaborator",
            "Sponsor", "NIH", "Other", "Industry", "Network", "FED", "OTHER_GOV");

    PatientSiteLayout() {
        heading("checklist", true, "Eligibility Criteria Checklist");
        heading("summary", true, "Study Summary");
        heading("design", true, "Trial Design");
        heading("awards", false, "Awards & highlights");
        heading("timeline", false, "Timeline");
        heading("conditions", false, "Eligible Conditions");
        heading("treatment", false, "Treatment Details");
        heading("objectives", false, "Study Objectives");
        heading("primary", false, "Primary outcome measures");
        heading("secondary", false, "Secondary outcome measures");
        heading("side-effects", false, "Side effects data");
        heading("location", false, "Find a Location");
        heading("owners", false, "Who is running the clinical trial?");
        heading("faq", false, "Frequently Asked Questions");
    }

    @Override
    String name() {
        return "patient-site";
    }

    @Override
    String describe() {
        return "patient site (Eligibility Criteria Checklist / Study Summary / Trial Design)";
    }

    @Override
    void read(PageSections page, List<String> lines, TrialDraft d) {
        header(page.preamble(), d);
        if (d.nctId == null) {
            List<String> trusted = new ArrayList<>(page.preamble());
            for (PageSections.Section s : page.sections()) {
                if (!s.key().equals("faq") && !s.key().equals("side-effects")) {
                    trusted.addAll(s.lines());
                }
            }
            d.nctId = NctIds.ownIn(trusted);
        }
        checklist(page.body("checklist"), d);
        List<String> summary = page.body("summary");
        if (summary != null && !summary.isEmpty()) {
            d.briefSummary = String.join("\n", summary);
        }
        List<String> conditions = page.body("conditions");
        if (conditions != null) {
            conditions.forEach(c -> d.conditions.add(PageValues.stripBullet(c)));
        }
        outcomes(page.body("primary"), d.primaryOutcomes);
        outcomes(page.body("secondary"), d.secondaryOutcomes);
        design(page.body("design"), d);
        owners(page.body("owners"), d);
    }

    private static void header(List<String> lines, TrialDraft d) {
        List<String> free = new ArrayList<>();
        boolean classifiedSeen = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            String lower = line.transform(TextCase::lower);
            if (line.startsWith("←") || lower.startsWith("back to")) {
                continue;
            }
            String own = NctIds.own(line, i + 1 < lines.size() ? lines.get(i + 1) : null);
            List<String> phases = CtgovVocabulary.phases(line);
            String status = CtgovVocabulary.overallStatus(line);
            if (own != null) {
                d.nctId = own;
            } else if (phases != null) {
                d.phases = phases;
            } else if (status != null) {
                d.overallStatus = status;
            } else if (SITE_ONLY_STATUSES.contains(lower)) {
                // stated, but not an API v2 status: leave overallStatus null rather than guess one
            } else if (lower.startsWith("led by ")) {
                d.investigators.add(line.substring("led by ".length()).strip());
            } else if (lower.startsWith("research sponsored by ") || lower.startsWith("sponsored by ")) {
                d.leadSponsor = line.substring(line.transform(TextCase::lower).indexOf(" by ") + 4).strip();
            } else {
                if (!classifiedSeen) {
                    free.add(line);
                }
                continue;
            }
            classifiedSeen = true;
        }
        // the header is "<intervention class>", "<title>": with two free lines the title is the second; a lone short
        // line is the class label, and a page without a title keeps it null
        if (free.size() >= 2) {
            d.briefTitle = free.get(free.size() - 1);
        } else if (free.size() == 1 && free.get(0).split("\\s+").length >= 4) {
            d.briefTitle = free.get(0);
        }
    }

    /** "Must have" items are inclusion criteria, "Must not have" items exclusion criteria; one criterion per line. */
    private static void checklist(List<String> lines, TrialDraft d) {
        if (lines == null) {
            return;
        }
        List<String> target = null;
        for (String line : lines) {
            String lower = line.strip().transform(TextCase::lower);
            if (lower.equals("must have") || lower.equals("must have:")) {
                target = d.inclusionLines;
            } else if (lower.equals("must not have") || lower.equals("must not have:")) {
                target = d.exclusionLines;
            } else if (target != null) {
                target.add("* " + PageValues.stripBullet(line));
            }
        }
    }

    private static void outcomes(List<String> lines, List<String> target) {
        if (lines != null) {
            lines.forEach(l -> target.add(PageValues.stripBullet(l)));
        }
    }

    /**
     * "1Treatment groups", the group type summary, then per group "Group I: …" with its type and intervention count
     * (run together in text scrapes: "Group I: Supportive care (…)Experimental Treatment1 Intervention"; on lines of
     * their own in HTML) and its description; then the treatment table ("Treatment / First Studied / Drug Approval
     * Stage / How many patients have taken this drug") whose rows start with the intervention's name.
     */
    private static void design(List<String> lines, TrialDraft d) {
        if (lines == null) {
            return;
        }
        String label = null;
        String type = null;
        StringBuilder description = new StringBuilder();
        int table = -1;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            String lower = line.transform(TextCase::lower);
            if (lower.equals("treatment") && i + 1 < lines.size() && lines.get(i + 1).strip().equalsIgnoreCase("First Studied")) {
                table = i;
                break;
            }
            if (groupCount(line)) {
                continue;
            }
            String[] group = group(line);
            if (group != null) {
                addArm(d, label, type, description);
                label = group[0];
                type = group[1];
                description.setLength(0);
                continue;
            }
            String armType = armType(line);
            if (armType != null && label != null && type == null && description.isEmpty()) {
                type = armType;
                continue;
            }
            if (armType != null || interventionCount(line)) {
                continue;
            }
            if (label != null) {
                if (!description.isEmpty()) {
                    description.append('\n');
                }
                description.append(line);
            }
        }
        addArm(d, label, type, description);
        if (table >= 0) {
            treatments(lines.subList(table, lines.size()), d);
        }
    }

    private static void treatments(List<String> lines, TrialDraft d) {
        int header = 0;
        while (header < lines.size() && header < 4 && isTableHeader(lines.get(header))) {
            header++;
        }
        List<String> cells = lines.subList(header, lines.size());
        int width = Math.max(1, header);
        for (int i = 0; i < cells.size(); i += width) {
            String name = cells.get(i).strip();
            // a row is "name, first studied (a year), approval stage, patients"; anything else ends the table
            boolean row = i + 1 >= cells.size() || width == 1 || cells.get(i + 1).strip().matches("\\d{4}");
            if (!row || name.isEmpty()) {
                break;
            }
            d.interventions.add(new TrialRecord.Intervention(null, name, null));
        }
    }

    private static boolean isTableHeader(String line) {
        String t = line.strip().transform(TextCase::lower);
        return t.equals("treatment") || t.equals("first studied") || t.equals("drug approval stage")
                || t.startsWith("how many patients");
    }

    private static void addArm(TrialDraft d, String label, String type, StringBuilder description) {
        if (label != null) {
            d.arms.add(new TrialRecord.Arm(label, type, description.isEmpty() ? null : description.toString(), null));
        }
    }

    /** "1Treatment groups", "2 Treatment groups". */
    private static boolean groupCount(String line) {
        String t = line.transform(TextCase::lower);
        int i = 0;
        while (i < t.length() && Character.isDigit(t.charAt(i))) {
            i++;
        }
        return i > 0 && t.substring(i).strip().startsWith("treatment group");
    }

    /** "3 Interventions", "1 Intervention". */
    private static boolean interventionCount(String line) {
        String t = line.transform(TextCase::lower).strip();
        int i = 0;
        while (i < t.length() && Character.isDigit(t.charAt(i))) {
            i++;
        }
        return i > 0 && t.substring(i).strip().startsWith("intervention");
    }

    private static String armType(String line) {
        for (String t : ARM_TYPES) {
            if (line.strip().equalsIgnoreCase(t)) {
                return CtgovVocabulary.armType(t);
            }
        }
        return null;
    }

    /** {label, v2 arm type or null} of a group line, or null when the line does not open a group. */
    private static String[] group(String line) {
        // run-together form: "<label><arm type><n> Intervention(s)"
        for (String t : ARM_TYPES) {
            int at = line.lastIndexOf(t);
            if (at > 0) {
                String tail = line.substring(at + t.length());
                if (interventionCount(tail) || tail.isBlank()) {
                    String label = line.substring(0, at).strip();
                    if (!label.isEmpty() && (tail.isBlank() ? looksLikeGroupLabel(label) : true)) {
                        return new String[]{label, CtgovVocabulary.armType(t)};
                    }
                }
            }
        }
        return looksLikeGroupLabel(line) ? new String[]{line.strip(), null} : null;
    }

    private static boolean looksLikeGroupLabel(String line) {
        String t = line.strip().transform(TextCase::lower);
        int colon = t.indexOf(':');
        return colon > 0 && colon < 20 && (t.startsWith("group ") || t.startsWith("cohort ") || t.startsWith("arm ")
                || t.startsWith("part "));
    }

    /**
     * Organisation and person lines, each with its role run into it or on the next line ("M.D. Anderson Cancer
     * CenterLead Sponsor", "Gheath Al-AtrashPrincipal InvestigatorM.D. Anderson Cancer Center"), with activity
     * counts ("2,966 Previous Clinical Trials") in between.
     */
    private static void owners(List<String> lines, TrialDraft d) {
        if (lines == null) {
            return;
        }
        String pending = null;
        boolean affiliationNext = false;
        for (String raw : lines) {
            String line = raw.strip();
            if (isCount(line)) {
                continue;
            }
            String role = ownerSuffix(line);
            boolean roleOnly = role != null && line.length() == role.length() || line.equals("Principal Investigator");
            if (roleOnly) {
                // a role on its own line (HTML) belongs to the name above it
                if (pending != null) {
                    owner(pending, line, d);
                }
                affiliationNext = line.equals("Principal Investigator");
                pending = null;
                continue;
            }
            if (pending != null) {
                owner(pending, "Collaborator", d);
                pending = null;
            }
            int pi = line.indexOf("Principal Investigator");
            int lead = line.indexOf("Lead Sponsor");
            if (pi > 0) {
                // the affiliation run in after the role is not an organisation of the trial
                owner(line.substring(0, pi).strip(), "Principal Investigator", d);
            } else if (lead > 0) {
                owner(line.substring(0, lead).strip(), "Lead Sponsor", d);
            } else if (affiliationNext) {
                affiliationNext = false;
            } else {
                pending = role != null ? line.substring(0, line.length() - role.length()).strip() : line;
            }
        }
        if (pending != null) {
            owner(pending, "Collaborator", d);
        }
    }

    private static void owner(String name, String role, TrialDraft d) {
        if (name.isEmpty()) {
            return;
        }
        if (role.equals("Principal Investigator")) {
            if (!d.investigators.contains(name)) {
                d.investigators.add(name);
            }
        } else if (role.equals("Lead Sponsor")) {
            if (d.leadSponsor == null) {
                d.leadSponsor = name;
            }
        } else if (!name.equals(d.leadSponsor)) {
            d.collaborators.add(name);
        }
    }

    private static boolean isCount(String line) {
        String t = line.transform(TextCase::lower);
        return (t.endsWith("previous clinical trials") || t.endsWith("total patients enrolled")
                || t.endsWith("previous clinical trial")) && Character.isDigit(t.charAt(0));
    }

    private static String ownerSuffix(String line) {
        for (String s : OWNER_SUFFIXES) {
            if (line.endsWith(s)) {
                return s;
            }
        }
        return null;
    }
}
