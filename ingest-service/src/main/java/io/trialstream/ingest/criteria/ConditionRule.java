package io.trialstream.ingest.criteria;

import io.trialstream.contracts.Criterion.Kind;

import java.util.List;
import java.util.Set;

/**
 * Conditions from the curated table ({@code criteria/conditions.tsv}): "diagnosis of AML" → CONDITION acute myeloid
 * leukemia (SNOMED 91861009, ICD-10-CM C92.0); "history of myocardial infarction within 6 months" → with a window.
 * A condition named only as the target of something else is not a criterion of the patient: "chemotherapy for AML",
 * "family history of breast cancer", "at risk of stroke". "Another malignancy" is written as {@code other malignancy}
 * without a code, because the trial's own cancer must not match it.
 */
final class ConditionRule implements CriterionRule {

    static final PhraseLexicon<ConceptTable.Entry> LEXICON = ConceptTable.load("/criteria/conditions.tsv");

    /** Words before a condition that make it something other than the patient's own condition. */
    private static final Set<String> NOT_THE_PATIENTS = Set.of("for", "against", "treat", "treating", "treated",
            "treatment", "therapy", "family", "familial", "relatives", "relative", "mother", "father", "parent",
            "parents", "sibling", "siblings", "risk", "prevention", "prevent", "prophylaxis", "prophylactic",
            "vaccine", "vaccination", "vaccinated", "screening", "test", "testing", "excluding", "except", "donor",
            "partner", "partners", "spouse", "contact", "contacts", "exposure", "exposed", "suspicion", "simulating",
            "mimicking", "mimic", "versus", "vs", "rule", "model", "models", "drugs", "drug", "medication",
            "medications", "agents", "agent", "scale", "score", "questionnaire", "index", "criteria", "classification",
            "control", "controlled", "induced", "caused", "related", "associated", "secondary", "due", "because");
    /** Nouns after a condition that make the condition a modifier of something else. */
    static final Set<String> MODIFIED_NOUNS = Set.of("scale", "score", "scores", "rating", "questionnaire", "inventory",
            "index", "medication", "medications", "medicine", "medicines", "drug", "drugs", "therapy", "therapies",
            "treatment", "treatments", "test", "tests", "testing", "screening", "clinic", "program", "programme",
            "education", "specialist", "registry", "unit", "vaccine", "vaccines", "vaccination", "prevention", "risk",
            "prophylaxis", "agents", "agent", "management", "care", "trial", "trials", "study", "studies", "center",
            "centre", "service", "services", "team", "society", "association", "criteria", "guidelines", "antigen",
            "antibody", "antibodies", "serology", "status", "regimen", "regimens", "protocol", "assessment", "survey");
    private static final Set<String> OTHER = Set.of("other", "another", "second", "additional", "concurrent",
            "concomitant", "secondary", "synchronous", "second primary", "coexisting", "active");

    @Override
    public void find(ItemText t, List<Finding> out) {
        for (PhraseLexicon.Hit<ConceptTable.Entry> hit : LEXICON.find(t)) {
            if (t.inHedge(hit.start()) || !patientsOwn(t, hit.start(), hit.end())) {
                continue;
            }
            ConceptTable.Entry entry = hit.value();
            Finding f = new Finding(Kind.CONDITION, Finding.Reading.PRESENCE, entry.parameter(), hit.start(), hit.end(), 0.9)
                    .present().concepts(entry.concepts());
            if (entry.parameter().equals("malignant neoplasm")) {
                String before = previousWord(t, hit.start());
                if (OTHER.contains(before) || before.equals("primary") && previousWord(t, t.tokenStart(
                        t.lastTokenEndingBefore(hit.start()))).equals("second")) {
                    if (before.equals("active")) {
                        f.narrowed = true;
                    } else {
                        // not the trial's own cancer: no code that the trial's disease would match
                        f.parameter = "other malignancy";
                        f.concepts = null;
                        f.confidence = 0.8;
                        f.start = t.tokenStart(t.lastTokenEndingBefore(hit.start()));
                    }
                } else {
                    f.confidence = 0.75;
                }
            }
            if (!f.parameter.equals("other malignancy") && Qualifiers.narrowedBefore(t, hit.start())) {
                f.narrowed = true;
                f.start = t.tokenStart(t.lastTokenEndingBefore(hit.start()));
            }
            if (Qualifiers.narrowedAfter(t, hit.end())) {
                f.narrowed = true;
            }
            TimeWindowText.Found w = TimeWindowText.near(t, hit.start(), hit.end());
            if (w != null && w.start() >= hit.end() && w.start() - hit.end() < 60) {
                f.window = w.window();
                f.windowInvertsPolarity = w.inverts();
                f.end = Math.max(f.end, w.end());
            }
            f.anchor(hit.start(), hit.end());
            out.add(f);
        }
    }

    /** False when the words just before the phrase make it a treatment target, a relative's disease, a risk. */
    static boolean patientsOwn(ItemText t, int start, int end) {
        int clauseStart0 = t.clauseStart(start);
        for (int k = t.lastTokenEndingBefore(start), seen = 0; k >= 0 && t.tokenStart(k) >= clauseStart0 && seen < 4; k--, seen++) {
            String w = t.token(k);
            if (w.equals("family") || w.equals("familial") || w.equals("relatives") || w.equals("relative")
                    || w.equals("mother") || w.equals("father") || w.equals("sibling") || w.equals("siblings")) {
                return false; // "family history of breast cancer"
            }
        }
        int next = t.firstTokenAtOrAfter(end);
        if (next < t.tokenCount() && t.tokenStart(next) - end <= 2 && MODIFIED_NOUNS.contains(t.token(next))) {
            return false; // "Hamilton Depression Rating Scale", "diabetes medication", "HIV test"
        }
        int clauseStart = t.clauseStart(start);
        int k = t.lastTokenEndingBefore(start);
        for (int seen = 0; k >= 0 && t.tokenStart(k) >= clauseStart && seen < 3; k--, seen++) {
            String w = t.token(k);
            if (NOT_THE_PATIENTS.contains(w)) {
                // "history of" / "diagnosis of" keep it the patient's; "treatment of" does not
                return false;
            }
            if (w.equals("with") || w.equals("of") && seen > 0 || w.equals("history") || w.equals("diagnosis")
                    || w.equals("diagnosed") || w.equals("known")) {
                return true;
            }
        }
        return true;
    }

    /** Nouns after a therapy name that make it something else: "heparin-induced", "steroid psychosis", "transplant list". */
    private static final Set<String> THERAPY_MODIFIED = Set.of("induced", "related", "associated", "allergy",
            "allergies", "intolerance", "hypersensitivity", "toxicity", "toxicities", "test", "testing", "level", "levels",
            "concentration", "concentrations", "screen", "screening", "program", "programme", "clinic", "trial", "trials",
            "study", "studies", "list", "waiting", "candidate", "candidates", "psychosis", "myopathy", "dependence",
            "dependent", "refractory", "resistance", "resistant", "naive", "naïve", "center", "centre", "unit",
            "service", "services", "team", "protocol", "reaction", "reactions", "exposure");

    /** False when the therapy is a cause ("secondary to prior chemotherapy"), a measurement, or a modifier. */
    static boolean patientsOwnTherapy(ItemText t, int start, int end) {
        int next = t.firstTokenAtOrAfter(end);
        if (next < t.tokenCount() && t.tokenStart(next) - end <= 2 && THERAPY_MODIFIED.contains(t.token(next))) {
            return false;
        }
        for (int k = next, seen = 0; k < t.tokenCount() && seen < 3 && t.tokenStart(k) < t.clauseEnd(start); k++, seen++) {
            String w = t.token(k);
            if (w.equals("abuse") || w.equals("misuse") || w.equals("addiction") || w.equals("overdose")
                    || w.equals("withdrawal") || w.equals("dependence")) {
                return false; // "opioid or alcohol abuse" is a condition
            }
        }
        String prev = previousWord(t, start);
        if (prev.equals("serum") || prev.equals("plasma") || prev.equals("blood") || prev.equals("urine")
                || prev.equals("urinary")) {
            return false; // "serum erythropoietin < 500 mU/mL" is a level
        }
        String before = t.slice(Math.max(t.clauseStart(start), start - 30), start);
        return !before.matches("(?s).*\\b(?:secondary to|due to|caused by|induced by|related to|attributable to|"
                + "following|after|the investigational|this investigational)\\s{1,3}(?:\\w{1,12}\\s{1,3}){0,1}$");
    }

    static String previousWord(ItemText t, int start) {
        int k = t.lastTokenEndingBefore(start);
        return k >= 0 && t.tokenStart(k) >= t.clauseStart(start) ? t.token(k) : "";
    }
}
