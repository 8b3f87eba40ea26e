package io.trialstream.ingest.criteria;

import io.trialstream.contracts.Criterion.Kind;
import io.trialstream.contracts.Criterion.Operator;

import java.util.List;

/**
 * Disease status (kind DISEASE_STATUS): relapsed, refractory, relapsed or refractory, remission (with its number:
 * "CR1" → EQ 1, "≥ CR2" → GE 2, "CR1 or CR2" → BETWEEN 1 2), newly diagnosed, measurable disease, metastatic, locally
 * advanced, unresectable, progressive disease, MRD positive/negative. "Relapsed or refractory" is one parameter
 * ({@code relapsed_or_refractory}) because the contract has no disjunction of criteria.
 */
final class DiseaseStatusRule implements CriterionRule {

    private record Status(String parameter, int remission) {
    }

    private static final PhraseLexicon<Status> LEXICON = new PhraseLexicon<>();

    static {
        add("relapsed", 0, "relapsed", "relapse", "relapsing", "recurrent", "recurrence", "recurred", "first relapse",
                "second relapse", "relapsed disease", "recurrent disease", "disease relapse", "disease recurrence");
        add("refractory", 0, "refractory", "primary refractory", "refractory disease", "primary induction failure");
        add("relapsed_or_refractory", 0, "relapsed or refractory", "relapsed refractory", "relapsed and or refractory",
                "refractory or relapsed", "refractory relapsed", "r r", "relapsed and refractory",
                "recurrent or refractory", "refractory or recurrent", "relapsed or primary refractory",
                "relapsed or refractory disease", "relapsed refractory disease", "recurrent refractory");
        add("remission", 0, "complete remission", "in remission", "complete response", "morphologic complete remission",
                "morphological complete remission", "hematologic complete remission", "complete remission cr",
                "continuous complete remission", "remission", "complete hematologic response", "CR", "CRi", "CR CRi",
                "CR or CRi", "cr cri", "complete remission with incomplete hematologic recovery");
        add("remission", 1, "cr1", "first complete remission", "first remission", "first cr", "cr 1",
                "first complete remission cr1", "first morphologic complete remission");
        add("remission", 2, "cr2", "second complete remission", "second remission", "second cr", "cr 2",
                "second complete remission cr2");
        add("remission", 3, "cr3", "third complete remission", "third remission", "cr 3");
        add("newly_diagnosed", 0, "newly diagnosed", "newly-diagnosed", "new diagnosis", "de novo",
                "previously untreated", "treatment naive", "treatment-naive", "treatment naïve", "untreated newly diagnosed",
                "recently diagnosed");
        add("measurable_disease", 0, "measurable disease", "measurable lesion", "measurable lesions",
                "evaluable disease", "measurable or evaluable disease", "measurable tumor", "measurable tumour",
                "measurable target lesion", "measurable target lesions", "radiographically measurable disease",
                "measurable and or evaluable disease", "measurable disease per recist", "bidimensionally measurable disease",
                "unidimensionally measurable disease", "measurable site of disease");
        add("metastatic", 0, "metastatic", "metastatic disease", "stage iv", "distant metastases", "distant metastasis",
                "metastasized", "metastasised");
        add("locally_advanced", 0, "locally advanced");
        add("advanced_or_metastatic", 0, "locally advanced or metastatic", "advanced or metastatic",
                "advanced metastatic", "unresectable or metastatic", "locally advanced metastatic",
                "unresectable locally advanced or metastatic", "locally advanced and or metastatic",
                "advanced and or metastatic", "recurrent or metastatic", "recurrent metastatic");
        add("unresectable", 0, "unresectable", "inoperable", "non-resectable", "nonresectable", "not resectable",
                "surgically unresectable");
        add("progressive_disease", 0, "progressive disease", "disease progression", "documented progression",
                "radiographic progression", "radiological progression", "documented disease progression",
                "objective progression", "evidence of progression");
        add("mrd_positive", 0, "mrd positive", "mrd-positive", "minimal residual disease positive",
                "measurable residual disease positive", "positive mrd", "positive minimal residual disease",
                "detectable mrd", "mrd detectable", "mrd persistence", "persistent mrd");
        add("mrd_negative", 0, "mrd negative", "mrd-negative", "minimal residual disease negative",
                "measurable residual disease negative", "negative mrd", "undetectable mrd", "mrd negativity",
                "negative minimal residual disease");
    }

    /** Words that show the item is about a cancer or a haematological malignancy. */
    private static final java.util.regex.Pattern CANCER_CONTEXT = java.util.regex.Pattern.compile(
            "\\b(?:cancers?|carcinomas?|tumou?rs?|malignan\\w{0,4}|leuka?emias?|lymphomas?|myelomas?|sarcomas?|melanomas?|"
                    + "gliomas?|\\w{2,12}blastomas?|neoplasms?|aml|all|cll|cml|mds|nsclc|sclc|metasta\\w{0,5}|chemotherapy|"
                    + "oncolog\\w{0,3}|recist|hodgkin|myelodysplastic|leuk\\w{0,5}|solid)\\b");
    private static final java.util.regex.Pattern RISK_OF = java.util.regex.Pattern.compile(
            "\\b(?:risk|rate|probability|chance|likelihood|prevention|signs?|symptoms?)\\s{1,2}of\\s{0,2}$");
    private static final java.util.regex.Pattern ONLY_SITE = java.util.regex.Pattern.compile(
            "\\b(?:only|sole|solely|exclusively)\\b");

    private static boolean needsCancerContext(Status s, String phrase) {
        if (s.parameter().equals("newly_diagnosed")) {
            // "de novo lesion", "treatment-naive for behavioural illness": only about cancer do these mean a status
            return !(phrase.startsWith("newly") || phrase.startsWith("new ") || phrase.startsWith("recently"));
        }
        return switch (s.parameter()) {
            case "relapsed", "refractory", "relapsed_or_refractory", "progressive_disease", "metastatic",
                 "locally_advanced", "advanced_or_metastatic", "unresectable" -> true;
            case "remission" -> s.remission() == 0;
            default -> false;
        };
    }

    private static void add(String parameter, int remission, String... phrases) {
        Status s = new Status(parameter, remission);
        for (String p : phrases) {
            LEXICON.add(p, s, false);
        }
    }

    @Override
    public void find(ItemText t, List<Finding> out) {
        List<PhraseLexicon.Hit<Status>> hits = LEXICON.find(t);
        for (int i = 0; i < hits.size(); i++) {
            PhraseLexicon.Hit<Status> hit = hits.get(i);
            if (t.inHedge(hit.start())) {
                continue;
            }
            Status s = hit.value();
            String after = t.slice(hit.end(), Math.min(t.clauseEnd(hit.start()), hit.end() + 30));
            String before = ConditionRule.previousWord(t, hit.start());
            // "relapse-free survival", "remission induction", "recurrent infections" are other things
            if (after.matches("^[\\s-]{0,2}(?:free|rate|rates|induction|duration|survival|infections?|episodes?|"
                    + "pregnancy|miscarriage|miscarriages|abortions?|stroke|thrombosis|vte|dvt|urinary|uti|utis|"
                    + "headache|headaches|migraine|depression|depressive|falls?|seizures?|pain|pancreatitis|"
                    + "hypoglycemia|bleeding|hemorrhage|angina|syncope|fever|wheezing|otitis|sinusitis|"
                    + "herpes|cystitis|pneumonia|vomiting|diarrhea|rash|ulcers?|wounds?|fractures?|"
                    + "tumor lysis)\\b.*")
                    && !s.parameter().equals("remission") && !s.parameter().equals("measurable_disease")
                    || s.parameter().equals("remission") && after.matches("^[\\s-]{0,2}(?:induction|rate|duration)\\b.*")
                    || before.equals("prevent") || before.equals("prevention")) {
                continue;
            }
            if (needsCancerContext(s, t.slice(hit.start(), hit.end())) && !CANCER_CONTEXT.matcher(t.folded).find()
                    || ONLY_SITE.matcher(t.slice(Math.max(t.clauseStart(hit.start()), hit.start() - 30), hit.start())).find()
                    || s.parameter().equals("measurable_disease")
                    && t.slice(t.clauseStart(hit.start()), t.clauseEnd(hit.start())).matches("(?s).*\\bnon-?\\s?measurable.*")
                    || before.equals("including") || before.equals("include") || before.equals("includes")
                    || s.parameter().equals("remission") && (before.equals("induce") || before.equals("inducing")
                    || before.equals("achieve") && s.remission() == 0)
                    || before.equals("of") && RISK_OF.matcher(t.slice(Math.max(0, hit.start() - 20), hit.start())).find()) {
                continue; // "recurrent respiratory infections", "CKD stage IV", "bone as the only site of measurable disease"
            }
            if (s.parameter().equals("remission") && s.remission() == 0 && hit.end() - hit.start() <= 3
                    && !t.rawSlice(hit.start(), hit.end()).startsWith("CR")) {
                continue;
            }
            Finding f = new Finding(Kind.DISEASE_STATUS, Finding.Reading.PRESENCE, s.parameter(), hit.start(), hit.end(),
                    0.85).present();
            if (s.parameter().equals("relapsed") || s.parameter().equals("refractory")
                    || s.parameter().equals("relapsed_or_refractory")) {
                // "relapsed AML", "refractory to rituximab": the status of the disease the trial treats
                f.confidence = 0.85;
            }
            if (s.remission() > 0) {
                remissionNumber(t, hits, i, f, s.remission());
                while (i + 1 < hits.size() && hits.get(i + 1).start() < f.end) {
                    i++;
                }
            }
            f.anchor(hit.start(), hit.end());
            out.add(f);
        }
    }

    private static void remissionNumber(ItemText t, List<PhraseLexicon.Hit<Status>> hits, int i, Finding f, int n) {
        String fo = t.folded;
        PhraseLexicon.Hit<Status> hit = hits.get(i);
        int clauseEnd = t.clauseEnd(hit.start());
        int from = Math.max(t.clauseStart(hit.start()), hit.start() - 12);
        String before = t.slice(from, hit.start()).stripTrailing();
        f.value = (double) n;
        f.operator = Operator.EQ;
        for (String[] cue : new String[][]{{"at least", "GE"}, {">=", "GE"}, {"\u2265", "GE"}, {">", "GT"}, {"beyond", "GT"}}) {
            if (before.endsWith(cue[0])) {
                f.operator = Operator.valueOf(cue[1]);
                f.start = from + before.length() - cue[0].length();
                break;
            }
        }
        String after = t.slice(hit.end(), Math.min(clauseEnd, hit.end() + 30));
        int suffix = suffixLength(after, "or later", "or beyond", "or greater", "or subsequent", "or higher", "or above",
                "+", "or more");
        if (suffix > 0) {
            f.operator = Operator.GE;
            f.end = hit.end() + suffix;
            return;
        }
        // "CR1 or CR2"
        if (i + 1 < hits.size() && hits.get(i + 1).value().remission() > n) {
            String between = fo.substring(hit.end(), hits.get(i + 1).start()).strip();
            if (between.equals("or") || between.equals("/") || between.equals(",") || between.equals("and/or")) {
                f.operator = Operator.BETWEEN;
                f.valueHigh = (double) hits.get(i + 1).value().remission();
                f.end = hits.get(i + 1).end();
            }
        }
    }

    private static int suffixLength(String after, String... suffixes) {
        String a = after.stripLeading();
        int lead = after.length() - a.length();
        for (String s : suffixes) {
            if (a.startsWith(s)) {
                return lead + s.length();
            }
        }
        return 0;
    }
}
