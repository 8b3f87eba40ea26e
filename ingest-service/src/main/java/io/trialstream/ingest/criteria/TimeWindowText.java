package io.trialstream.ingest.criteria;

import io.trialstream.contracts.Criterion.TimeWindow;

import java.util.Set;

/**
 * Time windows around a therapy, procedure or condition: "within 6 months", "in the past 2 years", "≤ 28 days prior
 * to the first dose" (the fact happened within that time: relation WITHIN), and "at least 4 weeks since", "≥ 2
 * weeks from the last dose" (it must be at least that long ago, which is the same as: it must not have happened
 * within that time, so the criterion's polarity turns and the window is written WITHIN). "2 weeks or 5 half-lives,
 * whichever is shorter" keeps the fixed part; the half-life part stays in the text. Durations that are not windows
 * ("for 2 weeks after the last dose", "a stable dose for 4 weeks", "every 2 weeks") are not read as windows.
 */
final class TimeWindowText {

    /** A window at [start, end) of the item; {@code inverts}: "at least … since" turns the polarity. */
    record Found(TimeWindow window, boolean inverts, int start, int end, double confidence) {
    }

    /** Present use: "concurrent", "currently receiving", "patients on …". */
    static final TimeWindow CURRENT = new TimeWindow(0.0, "d", "WITHIN");

    private static final Set<String> EVENT_WORDS = Set.of("first", "start", "starting", "initiation", "beginning",
            "study", "enrollment", "enrolment", "enrolling", "registration", "randomization", "randomisation",
            "randomized", "day", "screening", "baseline", "inclusion", "entry", "treatment", "cycle", "dosing", "dose",
            "signing", "consent", "visit", "trial", "protocol", "planned", "c1d1", "administration", "participation",
            "the", "this", "receiving", "receipt", "initiating", "commencing", "commencement", "d1", "informed",
            "registering", "allocation", "surgery", "transplant", "transplantation", "infusion", "apheresis",
            "leukapheresis", "lymphodepletion", "lymphodepleting", "conditioning", "admission", "initial", "date",
            "investigational", "evaluation", "intervention", "selection", "recruitment",
            "signature");

    /** The window nearest to the phrase at [anchorStart, anchorEnd) in the same clause, or null. */
    static Found near(ItemText t, int anchorStart, int anchorEnd) {
        int clauseStart = t.clauseStart(anchorStart);
        int clauseEnd = t.clauseEnd(anchorStart);
        Found after = scan(t, anchorEnd, Math.min(clauseEnd, anchorEnd + 120));
        if (after != null) {
            return after;
        }
        return scan(t, Math.max(clauseStart, anchorStart - 80), anchorStart);
    }

    private static Found scan(ItemText t, int from, int to) {
        String f = t.folded;
        for (int k = t.firstTokenAtOrAfter(from); k < t.tokenCount() && t.tokenStart(k) < to; k++) {
            int s = t.tokenStart(k);
            ComparisonText.Num n = ComparisonText.number(f, s, Math.min(f.length(), s + 30));
            if (n == null) {
                continue;
            }
            UnitText.Match unit = UnitText.at(f, n.end(), Math.min(f.length(), n.end() + 20));
            if (unit == null || unit.type() != UnitText.Type.TIME || unit.first().equals("a") && n.value() > 30) {
                continue;
            }
            Found w = classify(t, k, n, unit);
            if (w != null) {
                return w;
            }
        }
        return null;
    }

    private static Found classify(ItemText t, int numberToken, ComparisonText.Num n, UnitText.Match unit) {
        String f = t.folded;
        String before = t.slice(Math.max(t.clauseStart(n.start()), n.start() - 40), n.start());
        String after = t.slice(unit.end(), Math.min(t.clauseEnd(n.start()), unit.end() + 60)).stripLeading();
        String beforeTrim = before.stripTrailing();
        int start = n.start();
        int end = unit.end();
        // durations, not windows: "for 2 weeks", "for at least 30 days after the last dose", "stable … for 4 weeks"
        String beforeNoComparator = beforeTrim.replaceAll(
                "(?:at least|a minimum of|minimum of|up to|more than|less than|no more than|no less than|over|[<>\u2264\u2265]=?)$", "")
                .stripTrailing();
        if (endsWithWord(beforeNoComparator, "for") || endsWithWord(beforeNoComparator, "lasting")
                || endsWithWord(beforeTrim, "for") || endsWithWord(beforeTrim, "every") || endsWithWord(beforeTrim, "each")
                || before.contains("stable") || endsWithWord(beforeTrim, "duration of") || endsWithWord(beforeTrim, "lasting")
                || endsWithWord(beforeTrim, "of at least") && before.contains("duration")) {
            return null;
        }
        boolean within = false;
        boolean inverts = false;
        int cueStart = start;
        String[][] withinCues = {{"within the last"}, {"within the past"}, {"within the previous"}, {"within the preceding"},
                {"within the prior"}, {"within the"}, {"within last"}, {"within past"}, {"within previous"}, {"within"},
                {"in the last"}, {"in the past"}, {"in the previous"}, {"in the preceding"}, {"in the prior"},
                {"during the last"}, {"during the past"}, {"during the previous"}, {"during the preceding"},
                {"over the last"}, {"over the past"}, {"over the previous"}, {"in last"}, {"in past"}, {"last"}, {"past"},
                {"< "}, {"<"}, {"\u2264"}, {"<="}, {"less than"}, {"fewer than"}, {"no more than"}, {"up to"}, {"not more than"}};
        boolean comparatorCue = false;
        for (String[] cue : withinCues) {
            if (endsWithWord(beforeTrim, cue[0].strip())) {
                within = true;
                comparatorCue = !Character.isLetter(cue[0].charAt(0)) || cue[0].startsWith("less") || cue[0].startsWith("fewer")
                        || cue[0].startsWith("no more") || cue[0].startsWith("up to") || cue[0].startsWith("not more");
                cueStart = before.lastIndexOf(cue[0].strip()) + n.start() - before.length();
                break;
            }
        }
        String[] atLeastCues = {"at least", "\u2265", ">=", ">", "more than", "greater than", "a minimum of", "minimum of",
                "minimum", "longer than", "over", "no less than", "not less than", "of at least"};
        if (!within) {
            for (String cue : atLeastCues) {
                if (endsWithWord(beforeTrim, cue)) {
                    inverts = true;
                    cueStart = before.lastIndexOf(cue) + n.start() - before.length();
                    break;
                }
            }
        }
        // half-lives: "2 weeks or 5 half-lives (whichever is shorter)"
        int halfLifeEnd = halfLives(f, end, t.clauseEnd(n.start()));
        if (halfLifeEnd > end) {
            after = t.slice(halfLifeEnd, Math.min(t.clauseEnd(n.start()), halfLifeEnd + 60)).stripLeading();
            end = halfLifeEnd;
        }
        boolean eventFollows = followedByEvent(after);
        boolean sinceFollows = startsWithAny(after, "since", "from", "after", "elapsed", "have elapsed", "has elapsed",
                "must have elapsed", "ago", "washout", "wash-out", "between", "must have passed", "have passed",
                "has passed", "must elapse", "should have elapsed", "prior", "before", "preceding") || eventFollows;
        double confidence = 0.9;
        if (within) {
            if (comparatorCue && !sinceFollows) {
                return null; // "surgery less than 3 hours" is a duration, "< 3 months since" a window
            }
            if (cueStart < 0) {
                cueStart = start;
            }
        } else if (inverts) {
            if (!sinceFollows) {
                return null;
            }
            if (cueStart < 0) {
                cueStart = start;
            }
        } else if (eventFollows) {
            // "chemotherapy 4 weeks prior to study entry": within, as stated
            confidence = 0.8;
        } else if (startsWithAny(after, "ago")) {
            return null;
        } else {
            return null;
        }
        end = extendOverEvent(t, end);
        return new Found(new TimeWindow(n.value(), unit.first(), "WITHIN"), inverts, Math.min(cueStart, start), end, confidence);
    }

    private static int halfLives(String f, int pos, int limit) {
        String rest = f.substring(pos, Math.min(limit, pos + 90));
        int idx = rest.indexOf("half-li");
        if (idx < 0) {
            idx = rest.indexOf("half li");
        }
        if (idx < 0 || idx > 30) {
            return pos;
        }
        String lead = rest.substring(0, idx);
        if (!(lead.contains(" or ") || lead.contains("/"))) {
            return pos;
        }
        int end = pos + idx;
        while (end < limit && ItemText.isWordChar(f.charAt(end)) || end < limit && f.charAt(end) == '-' || end < limit && f.charAt(end) == ' ' && end < pos + idx + 12) {
            end++;
        }
        String tail = f.substring(end, Math.min(limit, end + 45));
        int which = tail.indexOf("whichever is ");
        if (which >= 0 && which < 6) {
            int w = end + which + "whichever is ".length();
            while (w < limit && ItemText.isWordChar(f.charAt(w))) {
                w++;
            }
            if (w < limit && f.charAt(w) == ')') {
                w++;
            }
            end = w;
        }
        return end;
    }

    private static int extendOverEvent(ItemText t, int end) {
        String f = t.folded;
        int limit = t.clauseEnd(Math.max(0, end - 1));
        int p = ComparisonText.skipSpaces(f, end, limit);
        for (String lead : new String[]{"prior to", "before", "preceding", "of", "from", "since", "after"}) {
            int len = ComparisonText.matchLength(f, p, limit, lead);
            if (len > 0) {
                int q = p + len;
                int words = 0;
                int last = q;
                while (q < limit && words < 5) {
                    q = ComparisonText.skipSpaces(f, q, limit);
                    int e = q;
                    while (e < limit && (ItemText.isWordChar(f.charAt(e)) || f.charAt(e) == '-')) {
                        e++;
                    }
                    if (e == q) {
                        break;
                    }
                    String w = f.substring(q, e);
                    if (!EVENT_WORDS.contains(w) && !w.equals("of") && !w.equals("to") && !w.equals("1")
                            && !w.equals("drug") && !w.equals("dose") && !w.equals("therapy") && !w.equals("date")) {
                        break;
                    }
                    last = e;
                    q = e;
                    words++;
                }
                return Math.max(end, last);
            }
        }
        return end;
    }

    private static boolean followedByEvent(String after) {
        for (String lead : new String[]{"prior to ", "before ", "preceding ", "of "}) {
            if (after.startsWith(lead)) {
                String rest = after.substring(lead.length()).stripLeading();
                int sp = 0;
                while (sp < rest.length() && (ItemText.isWordChar(rest.charAt(sp)) || rest.charAt(sp) == '-')) {
                    sp++;
                }
                String w = rest.substring(0, sp);
                return EVENT_WORDS.contains(w) || w.startsWith("enrol") || w.startsWith("randomi") || w.startsWith("regist");
            }
        }
        return false;
    }

    private static boolean startsWithAny(String s, String... leads) {
        for (String l : leads) {
            if (s.startsWith(l) && (s.length() == l.length() || !ItemText.isWordChar(s.charAt(l.length())))) {
                return true;
            }
        }
        return false;
    }

    static boolean endsWithWord(String s, String word) {
        if (!s.endsWith(word)) {
            return false;
        }
        int i = s.length() - word.length();
        return i == 0 || !ItemText.isWordChar(s.charAt(i - 1)) || !ItemText.isWordChar(word.charAt(0));
    }

    private TimeWindowText() {
    }
}
