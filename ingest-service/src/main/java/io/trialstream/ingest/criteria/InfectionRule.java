package io.trialstream.ingest.criteria;

import io.trialstream.contracts.Concept;
import io.trialstream.contracts.Criterion.Kind;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Infections (kind INFECTION): HIV, hepatitis B, hepatitis C, tuberculosis, and active or uncontrolled infection.
 * "Known HIV infection" → INFECTION HIV; "hepatitis B or C" → HBV and HCV; "HIV-negative" and "negative HIV test"
 * are the negative status. A test mentioned without a result ("HIV testing is not required") is not a criterion;
 * nor is a serology value ("HBV DNA < 100 IU/mL"), nor a vaccination.
 */
final class InfectionRule implements CriterionRule {

    private record Infection(String parameter, List<Concept> concepts) {
    }

    private static final Infection HIV = new Infection("HIV", List.of(
            new Concept(Concept.SNOMED, "86406008", "Human immunodeficiency virus infection"),
            new Concept(Concept.ICD10CM, "B20", "Human immunodeficiency virus [HIV] disease")));
    private static final Infection HBV = new Infection("HBV", List.of(
            new Concept(Concept.SNOMED, "66071002", "Viral hepatitis type B"),
            new Concept(Concept.SNOMED, "61977001", "Chronic type B viral hepatitis"),
            new Concept(Concept.ICD10CM, "B18.1", "Chronic viral hepatitis B without delta-agent"),
            new Concept(Concept.ICD10CM, "B19.1", "Unspecified viral hepatitis B")));
    private static final Infection HCV = new Infection("HCV", List.of(
            new Concept(Concept.SNOMED, "128302006", "Chronic hepatitis C"),
            new Concept(Concept.ICD10CM, "B18.2", "Chronic viral hepatitis C"),
            new Concept(Concept.ICD10CM, "B19.2", "Unspecified viral hepatitis C")));
    private static final Infection TB = new Infection("TB", List.of(
            new Concept(Concept.SNOMED, "56717001", "Tuberculosis")));
    private static final Infection ACTIVE = new Infection("active_infection", null);

    private static final PhraseLexicon<Infection[]> LEXICON = new PhraseLexicon<>();

    static {
        add(new Infection[]{HIV}, "hiv", "human immunodeficiency virus", "hiv infection", "hiv positive", "hiv-positive",
                "hiv seropositive", "hiv seropositivity", "hiv aids", "AIDS", "hiv 1", "hiv-1", "hiv 1 2", "hiv-1/2",
                "acquired immunodeficiency syndrome", "acquired immune deficiency syndrome", "hiv disease",
                "human immunodeficiency virus infection", "hiv infected", "hiv-infected", "human immunodeficiency virus hiv");
        add(new Infection[]{HBV}, "hepatitis b", "hbv", "hepatitis b virus", "chronic hepatitis b", "hbsag",
                "hepatitis b surface antigen", "hbv infection", "hep b", "hepatitis b infection", "hepatitis b virus hbv",
                "hepatitis b virus infection", "hbs antigen", "hbsag positive", "hbsag-positive");
        add(new Infection[]{HCV}, "hepatitis c", "hcv", "hepatitis c virus", "chronic hepatitis c", "hcv infection",
                "hep c", "hepatitis c infection", "hepatitis c virus hcv", "hepatitis c virus infection", "anti hcv",
                "hcv antibody", "hcv rna");
        add(new Infection[]{HBV, HCV}, "hepatitis b or c", "hepatitis b and c", "hepatitis b and or c", "hepatitis b c",
                "hepatitis b or hepatitis c", "hepatitis b and hepatitis c", "hepatitis b and or hepatitis c",
                "hepatitis b or c virus", "hepatitis b or c infection", "hbv or hcv", "hbv and hcv", "hbv hcv");
        add(new Infection[]{TB}, "tuberculosis", "active tuberculosis", "TB", "active TB", "pulmonary tuberculosis",
                "mycobacterium tuberculosis");
        add(new Infection[]{ACTIVE}, "active infection", "active infections", "uncontrolled infection",
                "uncontrolled infections", "serious infection", "serious infections", "severe infection",
                "severe infections", "systemic infection", "systemic infections", "ongoing infection", "current infection",
                "acute infection", "clinically significant infection", "significant infection", "active systemic infection",
                "uncontrolled active infection", "active uncontrolled infection", "active bacterial infection",
                "active viral infection", "active fungal infection", "uncontrolled bacterial infection",
                "uncontrolled viral infection", "uncontrolled fungal infection", "serious active infection",
                "active infectious disease", "uncontrolled intercurrent infection", "intercurrent infection",
                "obvious active infection", "severe active infection", "active or uncontrolled infection",
                "active and uncontrolled infection", "systemic fungal infection", "invasive fungal infection",
                "uncontrolled systemic infection", "active serious infection", "untreated infection");
    }

    /** "active bacterial, viral or fungal infection": a qualifier, a short list, then "infection". Bounded. */
    private static final Pattern QUALIFIED_LIST = Pattern.compile(
            "\\b(?:active|uncontrolled|serious|severe|systemic|ongoing|current|acute|significant)"
                    + "(?:[ ,/]{1,3}(?:or|and|and/or|bacterial|viral|fungal|parasitic|opportunistic|uncontrolled|active|severe|systemic|serious)){1,6}"
                    + "[ ,/]{1,3}infections?\\b");
    /** "infection requiring systemic antibiotics". */
    private static final Pattern REQUIRING_TREATMENT = Pattern.compile(
            "\\binfections?[ ,]{1,3}(?:that[ ]{1,2})?(?:requiring|requires|require|needing|which requires)[ ]{1,2}"
                    + "(?:(?:systemic|iv|intravenous|parenteral|oral|hospitali[sz]ation|treatment|therapy|antibiotic|"
                    + "antibiotics|antimicrobial|antimicrobials|antiviral|antifungal|or|and|/|with)[ ]{0,2}){1,5}");

    private static void add(Infection[] infections, String... phrases) {
        for (String p : phrases) {
            LEXICON.add(p, infections, true);
        }
    }

    @Override
    public void find(ItemText t, List<Finding> out) {
        String f = t.folded;
        int firstNew = out.size();
        for (PhraseLexicon.Hit<Infection[]> hit : LEXICON.find(t)) {
            if (t.inHedge(hit.start()) || !aboutInfection(t, hit.start(), hit.end())) {
                continue;
            }
            for (Infection inf : hit.value()) {
                Finding finding = finding(t, inf, hit.start(), hit.end());
                if (finding != null) {
                    out.add(finding);
                }
            }
        }
        for (Pattern p : new Pattern[]{QUALIFIED_LIST, REQUIRING_TREATMENT}) {
            Matcher m = p.matcher(f);
            while (m.find()) {
                if (t.inHedge(m.start()) || overlapsNew(out, firstNew, m.start(), m.end())) {
                    continue;
                }
                Finding finding = finding(t, ACTIVE, m.start(), m.end());
                if (finding != null) {
                    out.add(finding);
                }
            }
        }
    }

    private static boolean overlapsNew(List<Finding> out, int from, int s, int e) {
        for (int i = from; i < out.size(); i++) {
            if (out.get(i).overlaps(s, e)) {
                return true;
            }
        }
        return false;
    }

    private static Finding finding(ItemText t, Infection inf, int start, int end) {
        Finding finding = new Finding(Kind.INFECTION, Finding.Reading.PRESENCE, inf.parameter(), start, end, 0.9)
                .present().concepts(inf.concepts());
        String around = t.slice(Math.max(t.clauseStart(start), start - 30), Math.min(t.clauseEnd(start), end + 40));
        String after = t.slice(end, Math.min(t.clauseEnd(start), end + 40));
        boolean test = after.matches("^[\\s-]{0,2}(?:\\(?[a-z0-9/ -]{0,12}\\)?\\s{0,2})?(?:tests?|testing|screening|serology|status|antibod(?:y|ies)|viral load|dna|rna|titer|titre)\\b.*")
                || around.contains(" test") && !inf.parameter().equals("active_infection");
        boolean negative = around.matches(".*\\b(?:negative|non-reactive|nonreactive|undetectable|seronegative)\\b.*");
        boolean positive = around.matches(".*\\b(?:positive|reactive|detectable|seropositive|infected|infection|carrier)\\b.*")
                && !around.matches(".*\\b(?:non-reactive|nonreactive|undetectable)\\b.*");
        if (test || after.matches("^\\s{0,2}(?:dna|rna|viral load)\\b.*")) {
            if (negative && !positive) {
                finding.statusNegative = true;
            } else if (!positive) {
                return null; // a test, a level, or a status without a result
            }
        } else if (negative && !around.contains("positive")) {
            finding.statusNegative = true;
        }
        if (after.matches("^[\\s-]{0,2}(?:vaccin|immuni[sz]).*")) {
            return null;
        }
        finding.anchor(start, end);
        return finding;
    }

    /** "HIV protease inhibitors", "hepatitis B vaccine", "HIV-associated lymphoma" are not the infection itself. */
    private static boolean aboutInfection(ItemText t, int start, int end) {
        int next = t.firstTokenAtOrAfter(end);
        if (next < t.tokenCount() && t.tokenStart(next) - end <= 2) {
            String w = t.token(next);
            if (w.equals("protease") || w.equals("inhibitors") || w.equals("vaccine") || w.equals("vaccination")
                    || w.equals("vaccinated") || w.equals("associated") || w.equals("related") || w.equals("medication")
                    || w.equals("medications") || w.equals("drugs") || w.equals("prophylaxis") || w.equals("regimen")
                    || w.equals("regimens") || w.equals("therapy") || w.equals("treatment") || w.equals("treatments")
                    || w.equals("agents") || w.equals("clinic") || w.equals("program") || w.equals("care")
                    || w.equals("exposure") || w.equals("exposed") || w.equals("staging")) {
                return false;
            }
        }
        String before = ConditionRule.previousWord(t, start);
        return !before.equals("prevent") && !before.equals("against") && !before.equals("prophylaxis");
    }
}
