package io.trialstream.ingest.criteria;

import io.trialstream.contracts.Criterion.Kind;

import java.util.List;
import java.util.Set;

/**
 * Prior or current therapies (kind THERAPY, table {@code criteria/therapies.tsv}) and procedures (kind PROCEDURE,
 * table {@code criteria/procedures.tsv}), with their time windows. A therapy is a criterion only when the text
 * speaks of the patient having had or having it ("prior chemotherapy", "received … within 4 weeks", "patients on
 * immunosuppressive drugs"); a therapy the trial plans or the patient may need ("candidates for intensive
 * chemotherapy", "eligible for transplant", "allergy to penicillin") is not one. Current use ("concurrent",
 * "currently receiving", "on …") is the window WITHIN 0 d.
 */
final class TherapyRule implements CriterionRule {

    static final PhraseLexicon<ConceptTable.Entry> THERAPIES = ConceptTable.load("/criteria/therapies.tsv");
    static final PhraseLexicon<ConceptTable.Entry> PROCEDURES = ConceptTable.load("/criteria/procedures.tsv");

    private static final Set<String> HISTORY = Set.of("prior", "previous", "previously", "received",
            "receiving", "receipt", "treated", "exposure", "exposed", "use", "used", "using", "taking", "took", "taken",
            "undergone", "underwent", "had", "history", "since", "last", "recent", "recently", "failed", "failure",
            "progressed", "progression", "relapsed", "relapse", "refractory", "resistant", "after", "following", "post",
            "completed", "completion", "pretreated", "pre", "administration", "administered", "experienced", "naive",
            "naïve");
    private static final Set<String> CURRENT = Set.of("concurrent", "concomitant", "current", "currently", "ongoing",
            "simultaneous", "on", "chronic", "continuous", "regular", "daily", "active", "maintenance", "still");
    private static final Set<String> NOT_HISTORY = Set.of("may", "might", "could", "candidate", "candidates", "eligible", "ineligible",
            "planned", "plan", "planning", "scheduled", "will", "indicated", "indication", "requiring", "require",
            "requires", "required", "need", "needs", "needing", "suitable", "unsuitable", "fit", "unfit", "appropriate",
            "considered", "consider", "awaiting", "waiting", "referred", "intended", "intend", "willing", "able",
            "undergoing", "undergo", "contraindication", "contraindications", "contraindicated", "hypersensitivity",
            "allergy", "allergies", "allergic", "intolerance", "intolerant", "reaction", "reactions", "sensitivity",
            "tolerate", "tolerance", "toxicity", "toxicities", "adverse", "effects", "complications", "complication",
            "related", "resulting", "caused", "induced", "due", "secondary", "study", "protocol", "trial", "agree",
            "agrees", "expected", "anticipated", "anticipate", "expect", "future", "upcoming", "subsequent", "amenable", "benefit", "candidacy", "proposed", "elective", "start", "starting", "initiate",
            "initiating", "initiation", "begin", "beginning", "duration", "stable", "during", "throughout");

    @Override
    public void find(ItemText t, List<Finding> out) {
        find(t, out, THERAPIES, Kind.THERAPY);
        find(t, out, PROCEDURES, Kind.PROCEDURE);
    }

    private static void find(ItemText t, List<Finding> out, PhraseLexicon<ConceptTable.Entry> lexicon, Kind kind) {
        for (PhraseLexicon.Hit<ConceptTable.Entry> hit : lexicon.find(t)) {
            if (t.inHedge(hit.start())) {
                continue;
            }
            if (referencePoint(t, hit.start()) || !ConditionRule.patientsOwnTherapy(t, hit.start(), hit.end())) {
                continue; // "within 7 days prior to surgery", "secondary to prior chemotherapy", "heparin-induced …"
            }
            TimeWindowText.Found window = TimeWindowText.near(t, hit.start(), hit.end());
            Context context = context(t, hit.start());
            if (context == Context.NOT_HISTORY) {
                continue;
            }
            if (context == Context.NONE && window == null && !listedAfterTherapy(out, t, hit.start())) {
                continue;
            }
            ConceptTable.Entry entry = hit.value();
            Finding f = new Finding(kind, Finding.Reading.PRESENCE, entry.parameter(), hit.start(), hit.end(),
                    context == Context.NONE ? 0.8 : 0.9).present().concepts(entry.concepts());
            if (Qualifiers.narrowedTherapy(t, hit.start())) {
                f.narrowed = true; // "breast surgery", "topical corticosteroids": a kind of it, not all of it
                f.start = t.tokenStart(t.lastTokenEndingBefore(hit.start()));
            }
            if (window != null) {
                f.window = window.window();
                f.windowInvertsPolarity = window.inverts();
                f.start = Math.min(f.start, window.start());
                f.end = Math.max(f.end, window.end());
                f.confidence = Math.min(f.confidence, window.confidence());
            } else if (context == Context.CURRENT) {
                f.window = TimeWindowText.CURRENT;
            }
            f.anchor(hit.start(), hit.end());
            out.add(f);
            coordinatedTransplant(t, out, lexicon, f);
        }
    }

    /** "allogeneic or cord blood transplant", "autologous or allogeneic SCT": the first adjective is a transplant too. */
    private static void coordinatedTransplant(ItemText t, List<Finding> out, PhraseLexicon<ConceptTable.Entry> lexicon,
                                              Finding f) {
        if (f.kind != Kind.PROCEDURE || !f.parameter.contains("transplant")) {
            return;
        }
        String before = t.slice(Math.max(t.clauseStart(f.anchorStart), f.anchorStart - 30), f.anchorStart);
        java.util.regex.Matcher m = COORDINATED_TYPE.matcher(before);
        if (!m.find()) {
            return;
        }
        String type = m.group(1).startsWith("auto") ? "autologous transplant" : "allogeneic transplant";
        List<PhraseLexicon.Hit<ConceptTable.Entry>> hits = lexicon.find(new ItemText(type));
        if (hits.isEmpty() || hits.get(0).value().parameter().equals(f.parameter)) {
            return;
        }
        int s = f.anchorStart - before.length() + m.start(1);
        Finding g = new Finding(Kind.PROCEDURE, Finding.Reading.PRESENCE, hits.get(0).value().parameter(), s,
                s + m.group(1).length(), f.confidence).present().concepts(hits.get(0).value().concepts());
        g.window = f.window;
        g.windowInvertsPolarity = f.windowInvertsPolarity;
        g.anchor(s, s + m.group(1).length());
        out.add(g);
    }

    private static final java.util.regex.Pattern COORDINATED_TYPE = java.util.regex.Pattern.compile(
            "\\b(allogeneic|allogenic|autologous|allo|auto)\\s{0,2}(?:or|and|and/or|/|,)\\s{0,2}$");

    private enum Context { HISTORY, CURRENT, NOT_HISTORY, NONE }

    /**
     * The therapy names a point in time rather than a treatment the patient had: "prior to surgery", "after the
     * transplant", "day of surgery", "within 6 months of surgery", "the study drug".
     */
    private static boolean referencePoint(ItemText t, int start) {
        int clauseStart = t.clauseStart(start);
        int k = t.lastTokenEndingBefore(start);
        while (k >= 0 && t.tokenStart(k) >= clauseStart && SKIPPED_BEFORE_REFERENCE.contains(t.token(k))) {
            k--;
        }
        if (k < 0 || t.tokenStart(k) < clauseStart) {
            return false;
        }
        String w = t.token(k);
        String prev = k > 0 && t.tokenStart(k - 1) >= clauseStart ? t.token(k - 1) : "";
        return switch (w) {
            case "before", "after", "following", "preceding", "until", "post", "during", "throughout", "pre", "at" -> true;
            case "to" -> prev.equals("prior") || prev.equals("previous") || prev.equals("subsequent") || prev.equals("due")
                    || prev.equals("secondary") || prev.equals("related") || prev.equals("up");
            case "of" -> prev.equals("day") || prev.equals("time") || prev.equals("date") || prev.equals("days")
                    || prev.equals("weeks") || prev.equals("months") || prev.equals("hours") || prev.equals("years")
                    || prev.equals("start") || prev.equals("end") || prev.equals("completion") || prev.equals("initiation")
                    || prev.equals("week") || prev.equals("month") || prev.equals("h") || prev.equals("hr")
                    || prev.equals("hrs") || prev.equals("d") || prev.equals("wk") || prev.equals("wks") || prev.equals("mo")
                    || prev.equals("mos") || prev.equals("yr") || prev.equals("yrs") || prev.equals("hour");
            case "by" -> prev.equals("caused") || prev.equals("induced");
            default -> false;
        };
    }

    private static final Set<String> SKIPPED_BEFORE_REFERENCE = Set.of("the", "a", "an", "first", "planned",
            "scheduled", "index", "their", "his", "her", "any", "second");

    /** The nearest telling word before the phrase, within its clause. */
    private static Context context(ItemText t, int start) {
        int clauseStart = t.clauseStart(start);
        int k = t.lastTokenEndingBefore(start);
        for (int seen = 0; k >= 0 && t.tokenStart(k) >= clauseStart && seen < 8; k--, seen++) {
            String w = t.token(k);
            if (NOT_HISTORY.contains(w)) {
                // "able to receive", "required to receive", "willing to undergo" — but "required prior" is history
                return Context.NOT_HISTORY;
            }
            if (w.equals("to") && k + 1 < t.tokenCount() && (t.token(k + 1).equals("receive")
                    || t.token(k + 1).equals("undergo") || t.token(k + 1).equals("start"))) {
                return Context.NOT_HISTORY;
            }
            if (CURRENT.contains(w)) {
                return Context.CURRENT;
            }
            if (HISTORY.contains(w)) {
                String prev = k > 0 ? t.token(k - 1) : "";
                if (prev.equals("to") || prev.equals("will") || prev.equals("may") || prev.equals("be")) {
                    return Context.NOT_HISTORY; // "to use", "will be receiving", "may be taking"
                }
                // "concurrent use of", "current treatment with": the adjective before says it is ongoing
                for (int j = k - 1, more = 0; j >= 0 && t.tokenStart(j) >= clauseStart && more < 2; j--, more++) {
                    if (CURRENT.contains(t.token(j)) && !t.token(j).equals("on")) {
                        return Context.CURRENT;
                    }
                }
                return Context.HISTORY;
            }
        }
        return Context.NONE;
    }

    /** "prior chemotherapy, radiotherapy or immunotherapy": later list members share the first one's context. */
    private static boolean listedAfterTherapy(List<Finding> out, ItemText t, int start) {
        for (int i = out.size() - 1; i >= 0; i--) {
            Finding prev = out.get(i);
            if ((prev.kind == Kind.THERAPY || prev.kind == Kind.PROCEDURE) && prev.anchorEnd <= start
                    && start - prev.anchorEnd < 40 && t.clauseStart(prev.anchorStart) == t.clauseStart(start)) {
                String between = t.slice(prev.anchorEnd, start).strip();
                return between.matches("(?:,|/|or|and|and/or|, or|, and|\\(|\\)|\\s)*");
            }
        }
        return false;
    }
}
