package io.trialstream.ingest.criteria;

import io.trialstream.contracts.Criterion.Kind;
import io.trialstream.contracts.Criterion.Operator;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Biomarkers (kind BIOMARKER, table {@code criteria/biomarkers.tsv}): "EGFR-mutant", "ALK rearrangement",
 * "HER2-negative" (the negative status), "FLT3-ITD", "PD-L1 TPS ≥ 50%" (an expression level, value in %). A marker
 * named without a status is a test, not a criterion ("EGFR and ALK testing", "known EGFR status"); a marker that
 * names a drug target is a therapy ("EGFR inhibitors", "anti-HER2 therapy").
 */
final class BiomarkerRule implements CriterionRule {

    static final PhraseLexicon<ConceptTable.Entry> LEXICON = ConceptTable.load("/criteria/biomarkers.tsv");

    private static final Pattern STATUS = Pattern.compile(
            "\\b(?:mutation|mutations|mutated|mutant|positive|positivity|negative|rearranged|rearrangement|"
                    + "rearrangements|fusion|fusions|amplified|amplification|overexpression|overexpressing|expression|"
                    + "expressing|wild|wildtype|alteration|alterations|altered|variant|variants|deletion|insertion|itd|"
                    + "tkd|v600e?|g12c|t790m|l858r|exon|translocation|driver|activating|sensitizing|harbou?ring|"
                    + "unmutated|aberration|aberrations|loss|3\\+|high|tps|cps|ihc|fish)\\b");
    private static final Pattern NEGATIVE = Pattern.compile(
            "\\b(?:negative|wild[- ]?type|wt|unmutated|non-mutated|not mutated|not amplified|non-amplified|"
                    + "not detected|absent|no evidence of)\\b");
    private static final Pattern TARGET = Pattern.compile(
            "^[\\s-]{0,2}(?:inhibitors?|tkis?|therapy|therapies|treatment|antibody|antibodies|targeted|directed|"
                    + "agents?|blockers?|blockade|antagonists?|car|vaccines?|testing|test|tests|assay|status)\\b");

    @Override
    public void find(ItemText t, List<Finding> out) {
        String f = t.folded;
        for (PhraseLexicon.Hit<ConceptTable.Entry> hit : LEXICON.find(t)) {
            if (t.inHedge(hit.start())) {
                continue;
            }
            int clauseStart = t.clauseStart(hit.start());
            int clauseEnd = t.clauseEnd(hit.start());
            String phrase = f.substring(hit.start(), hit.end());
            String after = f.substring(hit.end(), Math.min(clauseEnd, hit.end() + 35));
            String before = f.substring(Math.max(clauseStart, hit.start() - 35), hit.start());
            if (TARGET.matcher(after).find() && !STATUS.matcher(phrase).find() || before.endsWith("anti-")
                    || before.endsWith("anti ") || before.matches(".*\\b(?:targeting|against|inhibitors? of)\\s{0,2}$")) {
                continue;
            }
            if (after.matches("^[\\s-]{0,2}(?:status|result|results|testing|test|assessment|analysis)\\b.*")
                    || before.matches("(?s).*\\b(?:genotyping|testing|tested|test|screening|screened|analysis|assessment|"
                    + "sequencing|evaluation)\\s{1,2}(?:for|of)\\s{1,2}$")) {
                continue; // "ALK rearrangement status", "genotyping for TP53 mutation": a test, not a result
            }
            boolean status = STATUS.matcher(phrase).find() || STATUS.matcher(after.length() > 25 ? after.substring(0, 25) : after).find()
                    || STATUS.matcher(before.length() > 25 ? before.substring(before.length() - 25) : before).find();
            if (!status) {
                continue;
            }
            ConceptTable.Entry entry = hit.value();
            Finding finding = new Finding(Kind.BIOMARKER, Finding.Reading.PRESENCE, entry.parameter(), hit.start(),
                    hit.end(), 0.85).present().concepts(entry.concepts());
            // the status words of this marker only: stop at the next list member ("HR positive and HER2 negative")
            String ownAfter = after.split("\\b(?:and|or)\\b|[,;/]", 2)[0];
            String ownBefore = before.substring(Math.max(0, Math.max(before.lastIndexOf(','), Math.max(before.lastIndexOf(" and "),
                    before.lastIndexOf(" or ")))));
            String near = (ownBefore.length() > 15 ? ownBefore.substring(ownBefore.length() - 15) : ownBefore) + " " + phrase
                    + " " + (ownAfter.length() > 20 ? ownAfter.substring(0, 20) : ownAfter);
            if (NEGATIVE.matcher(near).find()) {
                finding.statusNegative = true;
            } else if (near.matches("(?s).*\\b(?:positive|mutated|mutant|mutation|rearranged|amplified|overexpress\\w{0,5})\\b.*")) {
                finding.statusPositive = true;
            }
            // an expression level: "PD-L1 TPS ≥ 50%", "PD-L1 expression of at least 1%"
            int p = Filler.skip(t, hit.end(), clauseEnd);
            String skipped = f.substring(hit.end(), p);
            if (skipped.contains("tps") || skipped.contains("cps") || skipped.contains("expression")
                    || phrase.contains("tps") || phrase.contains("cps") || phrase.contains("expression")
                    || entry.parameter().equals("PD-L1")) {
                ComparisonText.Comparison c = ComparisonText.at(f, skipWords(f, p, clauseEnd), clauseEnd);
                if (c != null && c.op() != null && c.op() != Operator.EQ && c.op() != Operator.BETWEEN
                        && (c.unit() == null || c.unit().type() == UnitText.Type.PERCENT) && c.value() >= 0 && c.value() <= 100) {
                    finding.operator = c.op();
                    finding.value = c.value();
                    finding.unit = c.unit() == null ? null : "%";
                    finding.end = c.end();
                }
            }
            finding.anchor(hit.start(), hit.end());
            out.add(finding);
        }
    }

    private static int skipWords(String f, int p, int limit) {
        // "PD-L1 TPS ≥ 50%": TPS/CPS and "expression" between the marker and the comparator
        int q = p;
        for (String w : new String[]{"tumor proportion score", "tumour proportion score", "combined positive score",
                "expression", "tps", "cps", "score", "of", "(tps)", "(cps)", "level", "by ihc", "ihc"}) {
            int len = ComparisonText.matchLength(f, ComparisonText.skipSpaces(f, q, limit), limit, w);
            if (len > 0) {
                q = ComparisonText.skipSpaces(f, q, limit) + len;
            }
        }
        return q;
    }
}
