package io.trialstream.ingest.criteria;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One eligibility item prepared for the rules. {@link #folded} is a copy of the text with exactly the same length
 * (lower case, one kind of dash, space and micro sign), so every offset a rule finds there is an offset in the
 * original and spans need no mapping back. The item is cut into clauses (at ";" and sentence ends) and the
 * hedged parts ("unless …", "except …", "(… if liver metastases)") are marked, because a criterion found inside a
 * hedge is an exception to another one, not a criterion of its own.
 */
final class ItemText {

    /** Longer items are not typed at all: nobody writes a 20,000-character criterion, and it bounds the work. */
    static final int MAX_TYPED_LENGTH = 20_000;

    final String raw;
    final String folded;
    private final int[] tokenStart;
    private final int[] tokenEnd;
    private final int tokenCount;
    private final List<int[]> clauses = new ArrayList<>();
    private final List<int[]> hedges = new ArrayList<>();
    private final boolean[] hedgeMask;
    /** Hedges that restrict to a subgroup (a subset of {@link #hedges}): a limit they follow holds only there. */
    private final List<int[]> conditions = new ArrayList<>();
    /** Clauses opened by a reproductive condition ("If female of childbearing potential, …"): typed, but hedged. */
    private final List<int[]> reproductiveConditions = new ArrayList<>();

    // Cues that open an exception or a subgroup condition. Bounded whitespace, no nested quantifiers.
    // Exceptions qualify a criterion ("unless due to Gilbert's syndrome"); conditions restrict it to a subgroup
    // ("for men", "if liver metastases", "(patients with Gilbert's …)").
    private static final Pattern EXCEPTION_CUE = Pattern.compile(
            "\\b(?:except(?:ion)?(?: for| in| if| when)?|excepting|excluding|unless|other than|with the exception of|"
                    + "apart from|aside from|but not)\\b");
    private static final Pattern CONDITION_CUE = Pattern.compile(
            "\\b(?:if|when|whereas|provided(?: that)?|as long as|in (?:the )?(?:case|presence|setting|absence) of|"
                    + "(?:in|for) (?:[a-z-]{3,20} ){0,2}(?:patients|patient|subjects|subject|participants|those|cases|children|adults|women|men|"
                    + "males|females|male|female|man|woman|individuals|people|persons|pts|boys|girls)\\b"
                    + "|(?:in|for) (?:the )?(?:[a-z0-9/-]{1,20} ){0,2}(?:cohorts?|arms?|groups?|stratum|strata)\\b)\\b"
                    + "|(?<=\\()\\s{0,2}(?:patients|subjects|participants|those|men|women|males|females) (?:with|who)\\b");
    private static final Pattern LEADING_BULLET = Pattern.compile("\\(?(?:[0-9]{1,3}|[a-z]|[ivx]{1,4})[.)]|[-*\u2022]");
    private static final Pattern REPRODUCTIVE_SUBGROUP = Pattern.compile(
            "\\b(?:female|females|women|woman|childbearing|child-bearing|reproductive|fertile|men|male|males|"
                    + "sexually active|partners?|wocbp|fcbp)\\b");

    ItemText(String raw) {
        this.raw = raw;
        this.folded = fold(raw);
        int n = folded.length();
        int[] starts = new int[Math.max(8, n / 3 + 1)];
        int[] ends = new int[starts.length];
        int count = 0;
        int i = 0;
        while (i < n) {
            char c = folded.charAt(i);
            if (isWordChar(c)) {
                int s = i;
                while (i < n && isWordChar(folded.charAt(i))) {
                    i++;
                }
                if (count == starts.length) {
                    starts = java.util.Arrays.copyOf(starts, count * 2);
                    ends = java.util.Arrays.copyOf(ends, count * 2);
                }
                starts[count] = s;
                ends[count] = i;
                count++;
            } else {
                i++;
            }
        }
        this.tokenStart = starts;
        this.tokenEnd = ends;
        this.tokenCount = count;
        this.hedgeMask = new boolean[n];
        splitClauses();
        markHedges();
    }

    static boolean isWordChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c > 0x7f && Character.isLetterOrDigit(c));
    }

    /** Same-length normalisation: every output char stands for the input char at the same index. */
    static String fold(String s) {
        char[] out = new char[s.length()];
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            out[i] = switch (c) {
                case '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212', '\uFE63', '\uFF0D', '\u2043' -> '-';
                case '\u00A0', '\u2007', '\u2009', '\u200A', '\u202F', '\u2002', '\u2003', '\t', '\n', '\r', '\f', '\u000B' -> ' ';
                case '\u00B5', '\u03BC' -> 'u';
                case '\u00D7', '\u2715', '\u2716' -> 'x';
                case '\u2019', '\u2018', '\u0060', '\u00B4', '\u2032' -> '\'';
                case '\u201C', '\u201D', '\u2033' -> '"';
                case '\u2266', '\u2A7D', '\u2264' -> '\u2264';
                case '\u2267', '\u2A7E', '\u2265' -> '\u2265';
                case '\uFF1C', '\u2039' -> '<';
                case '\uFF1E', '\u203A' -> '>';
                case '\u00B2', '\u2082' -> '2';
                // '³' and '£' also stand for '≥' and '≤' in text that went through the Symbol font
                case '\u00B3' -> i > 0 && Character.isLetter(s.charAt(i - 1)) ? '3' : '\u2265';
                case '\u00A3' -> i + 1 < s.length() && (s.charAt(i + 1) == ' ' || Character.isDigit(s.charAt(i + 1))) ? '\u2264' : c;
                case '\u2044', '\u2215' -> '/';
                case '\u2083' -> '3';
                case '\u00B9', '\u2081' -> '1';
                case '\u2070', '\u2080' -> '0';
                case '\u2074' -> '4';
                case '\u2075' -> '5';
                case '\u2076' -> '6';
                case '\u2077' -> '7';
                case '\u2078' -> '8';
                case '\u2079' -> '9';
                case '\u207B' -> '-';
                case '\u00A1' -> '!';
                default -> Character.toLowerCase(c);
            };
        }
        return new String(out);
    }

    int length() {
        return folded.length();
    }

    int tokenCount() {
        return tokenCount;
    }

    int tokenStart(int i) {
        return tokenStart[i];
    }

    int tokenEnd(int i) {
        return tokenEnd[i];
    }

    String token(int i) {
        return folded.substring(tokenStart[i], tokenEnd[i]);
    }

    /** Index of the first token that starts at or after {@code pos} (tokenCount when none). */
    int firstTokenAtOrAfter(int pos) {
        int lo = 0;
        int hi = tokenCount;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (tokenStart[mid] < pos) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Index of the last token that ends at or before {@code pos} (-1 when none). */
    int lastTokenEndingBefore(int pos) {
        int i = firstTokenAtOrAfter(pos) - 1;
        while (i >= 0 && tokenEnd[i] > pos) {
            i--;
        }
        return i;
    }

    List<int[]> clauses() {
        return clauses;
    }

    /** The clause containing pos (binary search: rules ask this for every candidate, items can have many clauses). */
    private int[] clauseAt(int pos) {
        int lo = 0;
        int hi = clauses.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int[] c = clauses.get(mid);
            if (pos < c[0]) {
                hi = mid - 1;
            } else if (pos >= c[1]) {
                lo = mid + 1;
            } else {
                return c;
            }
        }
        return null;
    }

    int clauseStart(int pos) {
        int[] c = clauseAt(pos);
        return c == null ? 0 : c[0];
    }

    int clauseEnd(int pos) {
        int[] c = clauseAt(pos);
        return c == null ? folded.length() : c[1];
    }

    boolean inHedge(int pos) {
        return pos >= 0 && pos < hedgeMask.length && hedgeMask[pos];
    }

    /** The first hedge starting in [from, to), or null. */
    int[] hedgeStartingIn(int from, int to) {
        return firstStartingIn(hedges, from, to);
    }

    private static int[] firstStartingIn(List<int[]> sortedByStart, int from, int to) {
        int lo = 0;
        int hi = sortedByStart.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sortedByStart.get(mid)[0] < from) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo < sortedByStart.size() && sortedByStart.get(lo)[0] < to ? sortedByStart.get(lo) : null;
    }

    boolean inReproductiveCondition(int pos) {
        for (int[] r : reproductiveConditions) {
            if (pos >= r[0] && pos < r[1]) {
                return true;
            }
        }
        return false;
    }

    String rawSlice(int start, int end) {
        return raw.substring(start, end);
    }

    /** Text between two offsets of the folded copy. */
    String slice(int start, int end) {
        int s = Math.max(0, start);
        int e = Math.min(folded.length(), end);
        return e <= s ? "" : folded.substring(s, e);
    }

    private void splitClauses() {
        int n = folded.length();
        int start = 0;
        int depth = 0;
        for (int i = 0; i < n; i++) {
            char c = folded.charAt(i);
            if (c == '(' || c == '[') {
                depth++;
            } else if ((c == ')' || c == ']') && depth > 0) {
                depth--;
            }
            boolean cut = false;
            if (c == ';' && depth == 0) {
                cut = true;
            } else if (c == '.' && depth == 0 && isSentenceEnd(i)) {
                cut = true;
            }
            if (cut) {
                addClause(start, i + 1);
                start = i + 1;
            }
        }
        addClause(start, n);
        if (clauses.isEmpty()) {
            clauses.add(new int[]{0, n});
        }
    }

    private void addClause(int start, int end) {
        if (end > start && !folded.substring(start, end).isBlank()) {
            clauses.add(new int[]{start, end});
        } else if (!clauses.isEmpty()) {
            clauses.get(clauses.size() - 1)[1] = end;
        }
    }

    private boolean isSentenceEnd(int i) {
        int n = folded.length();
        if (i + 1 < n && !Character.isWhitespace(folded.charAt(i + 1))) {
            return false; // "1.5", "e.g.x"
        }
        // abbreviations that end in a period but not a sentence
        int w = i;
        while (w > 0 && isWordChar(folded.charAt(w - 1))) {
            w--;
        }
        String word = folded.substring(w, i);
        if (word.length() <= 1) {
            return false; // "e.g", "i.e", "no." initials
        }
        return switch (word) {
            case "g", "e", "eg", "ie", "vs", "approx", "etc", "dr", "no", "min", "max", "incl", "al", "fig", "resp",
                 "mg", "dl", "ca", "st", "mr", "ms", "inc" -> false;
            default -> true;
        };
    }

    private void markHedges() {
        markHedges(EXCEPTION_CUE, false);
        markHedges(CONDITION_CUE, true);
        hedges.sort((a, b) -> Integer.compare(a[0], b[0]));
        conditions.sort((a, b) -> Integer.compare(a[0], b[0]));
        for (int[] h : hedges) {
            java.util.Arrays.fill(hedgeMask, Math.max(0, h[0]), Math.min(hedgeMask.length, h[1]), true);
        }
    }

    private void markHedges(Pattern cuePattern, boolean condition) {
        Matcher m = cuePattern.matcher(folded);
        while (m.find()) {
            int cue = m.start();
            while (cue < folded.length() && folded.charAt(cue) == ' ') {
                cue++;
            }
            int clauseStart = clauseStart(cue);
            int clauseEnd = clauseEnd(cue);
            int open = unclosedParenBefore(clauseStart, cue);
            int end;
            if (open >= 0) {
                end = closingParen(open, clauseEnd);
            } else if (isLeading(clauseStart, cue)) {
                int stop = leadingConditionEnd(cue, clauseEnd);
                String leading = folded.substring(cue, stop);
                if (REPRODUCTIVE_SUBGROUP.matcher(leading).find() && stop < clauseEnd) {
                    // "If female of childbearing potential, must …": the rest is typed, under a hedge.
                    hedges.add(new int[]{cue, stop});
                    reproductiveConditions.add(new int[]{stop, clauseEnd});
                    continue;
                }
                end = clauseEnd; // a clinical subgroup governs the whole clause: type nothing in it
            } else {
                end = clauseEnd;
            }
            hedges.add(new int[]{cue, end});
            if (condition) {
                conditions.add(new int[]{cue, end});
            }
        }
    }

    /** The first subgroup condition starting in [from, to), or null. */
    int[] conditionStartingIn(int from, int to) {
        return firstStartingIn(conditions, from, to);
    }

    private boolean isLeading(int clauseStart, int cue) {
        String before = folded.substring(clauseStart, cue).strip();
        return before.isEmpty() || LEADING_BULLET.matcher(before).matches();
    }

    private int leadingConditionEnd(int cue, int clauseEnd) {
        for (int i = cue; i < clauseEnd; i++) {
            char c = folded.charAt(i);
            if (c == ',' || c == ':') {
                return i + 1;
            }
        }
        return clauseEnd;
    }

    private int unclosedParenBefore(int from, int pos) {
        int depth = 0;
        int lastOpen = -1;
        java.util.ArrayDeque<Integer> stack = new java.util.ArrayDeque<>();
        for (int i = from; i < pos; i++) {
            char c = folded.charAt(i);
            if (c == '(' || c == '[') {
                stack.push(i);
                depth++;
            } else if ((c == ')' || c == ']') && depth > 0) {
                stack.pop();
                depth--;
            }
        }
        if (!stack.isEmpty()) {
            lastOpen = stack.peek();
        }
        return lastOpen;
    }

    private int closingParen(int open, int limit) {
        int depth = 0;
        for (int i = open; i < limit; i++) {
            char c = folded.charAt(i);
            if (c == '(' || c == '[') {
                depth++;
            } else if (c == ')' || c == ']') {
                depth--;
                if (depth == 0) {
                    return i + 1;
                }
            }
        }
        return limit;
    }
}
