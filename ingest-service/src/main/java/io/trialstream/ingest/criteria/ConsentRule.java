package io.trialstream.ingest.criteria;

import io.trialstream.contracts.Criterion.Kind;

import java.util.List;
import java.util.Set;

/**
 * Informed consent (kind CONSENT): "written informed consent", "able to provide consent", "signed ICF". Consent as
 * a point in time ("within 28 days prior to consent", "at the time of signing consent") is not a criterion. An
 * exclusion that says consent cannot be given ("unable to consent", "a condition that would preclude informed
 * consent") requires consent.
 */
final class ConsentRule implements CriterionRule {

    private static final PhraseLexicon<Boolean> LEXICON = new PhraseLexicon<>();
    private static final Set<String> TIME_WORDS = Set.of("prior", "before", "after", "time", "date", "day", "days",
            "since", "from", "until", "following", "weeks", "months", "within", "age");
    /** Words that, before "consent", say the patient could not give it. */
    static final Set<String> PREVENTING = Set.of("preclude", "precludes", "precluding", "prevent", "prevents",
            "preventing", "interfere", "interferes", "interfering", "compromise", "compromises", "impair", "impairs",
            "impede", "impedes", "limit", "limits", "hinder", "hinders", "inability", "incapable", "unable",
            "unwilling", "unwillingness", "refuse", "refuses", "refusal", "lack", "lacking", "without", "incapacity",
            "incompetent", "cannot", "not", "no", "affect", "affects");

    static {
        for (String s : new String[]{"informed consent", "written informed consent", "signed informed consent",
                "consent form", "informed consent form", "icf", "signed icf", "written consent", "signed consent",
                "consent", "assent", "informed assent", "written informed consent form", "signed and dated informed consent",
                "informed consent document", "give consent", "provide consent", "sign consent"}) {
            LEXICON.add(s, Boolean.TRUE, false);
        }
    }

    @Override
    public void find(ItemText t, List<Finding> out) {
        for (PhraseLexicon.Hit<Boolean> hit : LEXICON.find(t)) {
            if (t.inHedge(hit.start())) {
                continue;
            }
            int clauseStart = t.clauseStart(hit.start());
            int k = t.lastTokenEndingBefore(hit.start());
            boolean timePoint = false;
            boolean prevented = false;
            for (int seen = 0; k >= 0 && t.tokenStart(k) >= clauseStart && seen < 6; k--, seen++) {
                String w = t.token(k);
                if (TIME_WORDS.contains(w) || w.equals("of") && seen == 0 && k > 0 && TIME_WORDS.contains(t.token(k - 1))) {
                    timePoint = seen <= 3 || w.equals("prior") || w.equals("before");
                    if (timePoint) {
                        break;
                    }
                }
                if (PREVENTING.contains(w)) {
                    prevented = true;
                    break;
                }
            }
            if (timePoint) {
                continue;
            }
            Finding f = new Finding(Kind.CONSENT, Finding.Reading.NEED, "consent", hit.start(), hit.end(), 0.9).present();
            f.statusNegative = prevented;
            f.anchor(hit.start(), hit.end());
            out.add(f);
        }
    }
}
