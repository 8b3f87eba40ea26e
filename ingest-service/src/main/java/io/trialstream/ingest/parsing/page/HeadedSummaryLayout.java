package io.trialstream.ingest.parsing.page;

import io.trialstream.ingest.parsing.CtgovVocabulary;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * A trial page with labelled headings (seeds 001, 004): "Status and phase / Conditions / Treatments / About / Full
 * description / Enrollment / Sex / Ages / Volunteers / Inclusion criteria / Exclusion criteria / Primary purpose /
 * Allocation / Interventional model / Masking". Scrapes of this site often keep the headings and lose the values,
 * so each heading's value is taken only when it has the shape that heading expects; a line that fits none (the
 * "16 participants in 3 patient groups" design summary the site prints after the headings) is read page-wide.
 */
final class HeadedSummaryLayout extends PageLayout {
    private static final List<String> NOISE = List.of("loading", "data sourced from", "clinical trials", "research sites",
            "resources", "legal", "back to", "share", "print");

    HeadedSummaryLayout() {
        heading("status", true, "Status and phase", "Status & phase");
        heading("about", true, "About");
        heading("description", true, "Full description");
        heading("enrollment", true, "Enrollment", "Enrolment");
        heading("inclusion", true, "Inclusion criteria");
        heading("conditions", false, "Conditions");
        heading("treatments", false, "Treatments");
        heading("sex", false, "Sex");
        heading("ages", false, "Ages");
        heading("volunteers", false, "Volunteers", "Healthy volunteers");
        heading("exclusion", false, "Exclusion criteria");
        heading("purpose", false, "Primary purpose");
        heading("allocation", false, "Allocation");
        heading("model", false, "Interventional model", "Intervention model");
        heading("masking", false, "Masking");
        heading("design", false, "Trial design");
        heading("contact", false, "Central trial contact", "Trial contacts");
        heading("sites", false, "Sites", "Trial sites", "Locations");
        heading("footer", false, "Data sourced from clinicaltrials.gov");
    }

    @Override
    String name() {
        return "headed-summary";
    }

    @Override
    String describe() {
        return "headed summary (Status and phase / About / Full description / Enrollment / Inclusion criteria)";
    }

    @Override
    void read(PageSections page, List<String> lines, TrialDraft d) {
        List<String> stray = new ArrayList<>();
        preamble(page.preamble(), d);
        if (d.nctId == null) {
            d.nctId = NctIds.ownIn(lines);
        }
        for (PageSections.Section s : page.sections()) {
            List<String> body = s.lines();
            switch (s.key()) {
                case "status" -> body.forEach(line -> statusAndPhase(line, d, stray));
                case "conditions" -> body.forEach(line -> d.conditions.add(PageValues.stripBullet(line)));
                case "treatments" -> body.forEach(line -> d.interventions.add(PageValues.intervention(line, null)));
                case "about" -> d.briefSummary = body.isEmpty() ? d.briefSummary : String.join("\n", body);
                case "enrollment" -> body.forEach(line -> {
                    if (!enrollment(line, d, true)) {
                        stray.add(line);
                    }
                });
                case "sex" -> body.forEach(line -> {
                    String sex = CtgovVocabulary.sex(line);
                    if (sex != null && d.sex == null) {
                        d.sex = sex;
                    } else {
                        stray.add(line);
                    }
                });
                case "ages" -> {
                    if (!body.isEmpty()) {
                        PageValues.ages(body.get(0), d);
                        stray.addAll(body.subList(1, body.size()));
                    }
                }
                case "volunteers" -> body.forEach(line -> {
                    Boolean healthy = PageValues.healthyVolunteers(line);
                    if (healthy != null && d.healthyVolunteers == null) {
                        d.healthyVolunteers = healthy;
                    } else {
                        stray.add(line);
                    }
                });
                case "inclusion" -> d.inclusionLines.addAll(body);
                case "exclusion" -> d.exclusionLines.addAll(body);
                case "purpose" -> body.forEach(line -> value(CtgovVocabulary.primaryPurpose(line), v -> d.primaryPurpose = v, d.primaryPurpose, line, stray));
                case "allocation" -> body.forEach(line -> value(CtgovVocabulary.allocation(line), v -> d.allocation = v, d.allocation, line, stray));
                case "model" -> body.forEach(line -> value(CtgovVocabulary.interventionModel(line), v -> d.interventionModel = v, d.interventionModel, line, stray));
                case "masking" -> body.forEach(line -> value(line.length() <= 80 ? CtgovVocabulary.masking(line) : null, v -> d.masking = v, d.masking, line, stray));
                case "design" -> stray.addAll(body);
                default -> {
                    // description (no field in the record), contacts, sites, footer
                }
            }
        }
        for (String line : stray) {
            // "16 participants in 3 patient groups, including a placebo group": the design summary under the headings
            if (d.enrollmentCount == null) {
                enrollment(line, d, false);
            }
        }
    }

    private static void preamble(List<String> lines, TrialDraft d) {
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (NctIds.own(line, i + 1 < lines.size() ? lines.get(i + 1) : null) != null
                    || PageValues.startsWithAny(line, NOISE) || NctIds.in(line).equals(List.of(line.strip().toUpperCase(Locale.ROOT)))) {
                continue;
            }
            // a free line above the first heading is the page's title; a lone word is navigation, not a title
            if (d.briefTitle == null && line.strip().split("\\s+").length >= 3) {
                d.briefTitle = line.strip();
            }
        }
    }

    /** "Recruiting", "Phase 2", "Recruiting · Phase 1 & 2", "Completed | Phase 3". */
    private static void statusAndPhase(String line, TrialDraft d, List<String> stray) {
        boolean used = false;
        String[] parts = line.split("[·•|]");
        for (String part : parts) {
            String status = CtgovVocabulary.overallStatus(part);
            List<String> phases = CtgovVocabulary.phases(part);
            if (status != null && d.overallStatus == null) {
                d.overallStatus = status;
                used = true;
            } else if (phases != null && d.phases == null) {
                d.phases = phases;
                used = true;
            }
        }
        if (!used) {
            stray.add(line);
        }
    }

    private static boolean enrollment(String line, TrialDraft d, boolean bareNumber) {
        Integer count = PageValues.participants(line, bareNumber);
        if (count == null) {
            return false;
        }
        if (d.enrollmentCount == null) {
            d.enrollmentCount = count;
            d.enrollmentType = PageValues.enrollmentType(line);
        }
        return true;
    }

    private static void value(String mapped, Consumer<String> set, String current, String line, List<String> stray) {
        if (mapped != null && current == null) {
            set.accept(mapped);
        } else {
            stray.add(line);
        }
    }
}
