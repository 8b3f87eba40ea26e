package io.trialstream.ingest.parsing;

import io.trialstream.contracts.Eligibility.CriterionItem;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Splits a free-text eligibility section into inclusion and exclusion items, one per criterion: bullets, numbering
 * ("1.", "1)", "(a)", "i."), hard-wrapped lines, one criterion per line without any marker (as trial-finder pages
 * print them) and "1) … 2) …" run-ins on one line.
 *
 * <p><b>Sub-lists belong to their parent item.</b> A list the text marks as nested (indented deeper than its
 * parent's marker, or written with another marker style right after a parent that ends with ':', or run into the
 * parent's line after a ':') is merged into the parent's item: "Adequate organ function: ANC ≥ 1.5; platelets ≥
 * 100". Sub-lists are often alternatives ("any of the following"); split into separate items they would each become
 * a requirement of their own, which is wrong, while one item can still yield several typed criteria. A line ending
 * with ':' that only introduces a list is a label, not a criterion, unless it announces alternatives ("one of", "any
 * of", "either"), in which case it is the parent. Where the text gives no structural cue (same marker, same
 * indentation) items stay siblings: nesting is never guessed from wording alone.
 *
 * <p>Item ids hash the normalised text, so they stay the same when the same text is parsed again, re-wrapped or
 * re-ordered. Everything here is a linear scan: the text is untrusted and no regular expression can backtrack.
 */
public final class EligibilityText {
    public record Split(List<CriterionItem> inclusion, List<CriterionItem> exclusion) {
    }

    private static final String SYMBOL_BULLETS = "*-•·▪◦●○■□–—‣⁃";
    private static final Set<String> HEADING_PREFIXES = Set.of("key", "main", "general", "major", "additional",
            "specific", "study", "patient", "patients", "subject", "participant", "other");
    private static final int MAX_DEPTH = 8;
    private static final int MIN_WRAP_WIDTH = 60;
    private static final int MAX_WRAP_WIDTH = 110;

    private record Marker(String style, int ordinal, boolean numeric) {
    }

    private record Line(int indent, Marker marker, String text) {
        boolean endsWithColon() {
            return text.endsWith(":");
        }
    }

    private record Heading(boolean exclusion, String rest) {
    }

    private static final class Node {
        final int indent;
        final Marker marker;
        final boolean alternatives;
        final StringBuilder text = new StringBuilder();
        final List<Node> children = new ArrayList<>();
        String childStyle;
        String lastLine;
        int lastWidth;

        Node(Line line, boolean alternatives) {
            this.indent = line.indent;
            this.marker = line.marker;
            this.alternatives = alternatives;
            append(line);
        }

        void append(Line line) {
            if (!text.isEmpty()) {
                text.append(' ');
            }
            text.append(line.text);
            lastLine = line.text;
            lastWidth = line.indent + line.text.length();
        }

        boolean ownTextEndsWithColon() {
            return lastLine != null && lastLine.endsWith(":");
        }
    }

    public static Split split(String text) {
        List<CriterionItem> inclusion = new ArrayList<>();
        List<CriterionItem> exclusion = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return new Split(inclusion, exclusion);
        }
        List<String> raw = normalise(text).lines().toList();
        int wrapWidth = 0;
        for (String l : raw) {
            wrapWidth = Math.max(wrapWidth, l.stripTrailing().length());
        }
        // a text whose longest line is 60 to 110 columns was hard-wrapped at about that width (the legacy XML)
        wrapWidth = wrapWidth >= MIN_WRAP_WIDTH && wrapWidth <= MAX_WRAP_WIDTH ? wrapWidth : 0;

        List<Line> lines = new ArrayList<>(raw.size());
        for (String l : raw) {
            lines.add(l.isBlank() || isBulletOnly(l) ? null : line(l));
        }

        List<Node> inclusionRoots = new ArrayList<>();
        List<Node> exclusionRoots = new ArrayList<>();
        List<Node> roots = inclusionRoots;
        Deque<Node> open = new ArrayDeque<>();
        boolean blankBefore = false;
        Marker[] lastAtIndent = new Marker[256];

        for (int li = 0; li < lines.size(); li++) {
            Line line = lines.get(li);
            if (line == null) {
                blankBefore = true;
                continue;
            }
            Heading heading = heading(line);
            if (heading != null) {
                open.clear();
                roots = heading.exclusion ? exclusionRoots : inclusionRoots;
                blankBefore = false;
                if (heading.rest.isEmpty()) {
                    continue;
                }
                // "Inclusion Criteria: 1) age ≥ 18 2) …": the rest of the line is read as a line of its own
                line = line(" ".repeat(line.indent) + heading.rest);
            }
            line = resolveRoman(line, lastAtIndent);
            if (line.marker != null) {
                while (!open.isEmpty() && !acceptsChild(open.peek(), line, blankBefore)) {
                    open.pop();
                }
                if (open.size() >= MAX_DEPTH) {
                    // deeper levels join the deepest kept one: bounded work and recursion on hostile indentation
                    open.pop();
                }
                Node node = new Node(line, false);
                attach(open, roots, node);
                open.push(node);
            } else {
                Node target = blankBefore ? null : continuationTarget(open, line, wrapWidth);
                if (target != null) {
                    target.append(line);
                } else if (line.endsWithColon() && isLabel(line, next(lines, li))) {
                    open.clear();
                    Line following = next(lines, li);
                    if (following != null && following.marker != null && announcesAlternatives(line.text)) {
                        Node parent = new Node(line, true);
                        roots.add(parent);
                        open.push(parent);
                    }
                } else if (!blankBefore && !open.isEmpty() && open.peek().ownTextEndsWithColon()
                        && open.peek().children.isEmpty()) {
                    // the line after "…, defined as:" is what the colon announced
                    Node node = new Node(line, false);
                    open.peek().children.add(node);
                } else {
                    open.clear();
                    Node node = new Node(line, false);
                    roots.add(node);
                    open.push(node);
                }
            }
            blankBefore = false;
        }
        Set<String> ids = new HashSet<>();
        for (Node root : splitRunIns(inclusionRoots)) {
            add(flatten(root), inclusion, "inc", ids);
        }
        for (Node root : splitRunIns(exclusionRoots)) {
            add(flatten(root), exclusion, "exc", ids);
        }
        return new Split(inclusion, exclusion);
    }

    // ---- structure ----

    private static void attach(Deque<Node> open, List<Node> roots, Node node) {
        if (open.isEmpty()) {
            roots.add(node);
            return;
        }
        Node parent = open.peek();
        parent.children.add(node);
        if (parent.childStyle == null) {
            parent.childStyle = node.marker.style;
        }
    }

    private static boolean acceptsChild(Node parent, Line line, boolean blankBefore) {
        if (parent.alternatives) {
            // "one of the following:" owns the list indented under it, or, in flat text, the tight list after it
            return line.indent >= parent.indent + 2
                    || Math.abs(line.indent - parent.indent) <= 1 && !blankBefore && parent.childStyle == null
                    || Math.abs(line.indent - parent.indent) <= 1 && !blankBefore && line.marker.style.equals(parent.childStyle);
        }
        if (parent.marker == null) {
            return false;
        }
        if (line.indent >= parent.indent + 2) {
            return true;
        }
        boolean sameColumn = Math.abs(line.indent - parent.indent) <= 1;
        boolean otherStyle = !line.marker.style.equals(parent.marker.style);
        boolean styleOfChildren = parent.childStyle == null || parent.childStyle.equals(line.marker.style);
        return sameColumn && otherStyle && styleOfChildren && parent.ownTextEndsWithColon();
    }

    private static Node continuationTarget(Deque<Node> open, Line line, int wrapWidth) {
        for (Node node : open) {
            // a line indented past an item's marker continues that item (how the legacy XML wraps)
            if (node.marker != null && line.indent > node.indent) {
                return node;
            }
        }
        Node top = open.peek();
        if (top == null || top.lastLine == null) {
            return null;
        }
        String prev = top.lastLine;
        char last = prev.charAt(prev.length() - 1);
        if (".;:!?".indexOf(last) >= 0) {
            return null;
        }
        if (startsWithLowercaseWord(line.text)) {
            return top;
        }
        // the width rule needs the legacy layout (indented text): flat page lines of similar length are separate items
        return wrapWidth > 0 && line.indent > 0 && top.lastWidth >= wrapWidth - 20 ? top : null;
    }

    /** "prior to randomization" continues a wrapped line; "eGFR ≥ 60" starts a criterion of its own. */
    private static boolean startsWithLowercaseWord(String text) {
        int i = 0;
        while (i < text.length() && Character.isLetter(text.charAt(i))) {
            if (!Character.isLowerCase(text.charAt(i))) {
                return false;
            }
            i++;
        }
        return i > 0;
    }

    private static boolean isBulletOnly(String l) {
        String t = l.strip();
        return t.length() == 1 && SYMBOL_BULLETS.indexOf(t.charAt(0)) >= 0;
    }

    private static boolean isLabel(Line line, Line following) {
        String t = line.text;
        boolean hasLower = false;
        for (int i = 0; i < t.length() && !hasLower; i++) {
            hasLower = Character.isLowerCase(t.charAt(i));
        }
        return !hasLower || words(t) <= 4 || (following != null && following.marker != null);
    }

    private static boolean announcesAlternatives(String text) {
        String t = " " + text.transform(TextCase::lower) + " ";
        return t.contains(" one of ") || t.contains(" any of ") || t.contains(" either ") || t.contains(" at least one ")
                || t.contains(" one or more of ");
    }

    private static Line next(List<Line> lines, int index) {
        for (int i = index + 1; i < lines.size(); i++) {
            if (lines.get(i) != null) {
                return lines.get(i);
            }
        }
        return null;
    }

    /** "i." after "h." is a letter; otherwise i, v and x start a roman list. */
    private static Line resolveRoman(Line line, Marker[] lastAtIndent) {
        int slot = Math.min(line.indent, lastAtIndent.length - 1);
        Marker m = line.marker;
        if (m == null) {
            return line;
        }
        Marker prev = lastAtIndent[slot];
        boolean lowerRoman = m.style.contains("i");
        if ((lowerRoman || m.style.contains("I")) && !m.numeric) {
            // scanned as roman; keep it a letter when it continues a letter list
            String letterStyle = lowerRoman ? m.style.replace('i', 'a') : m.style.replace('I', 'A');
            int letterOrdinal = romanLetterOrdinal(m);
            if (prev != null && prev.style.equals(letterStyle) && prev.ordinal == letterOrdinal - 1) {
                m = new Marker(letterStyle, letterOrdinal, false);
                line = new Line(line.indent, m, line.text);
            }
        }
        lastAtIndent[slot] = m;
        return line;
    }

    private static int romanLetterOrdinal(Marker m) {
        // single-letter romans that are also letters: i (9th), v (22nd), x (24th)
        return switch (m.ordinal) {
            case 1 -> 9;
            case 5 -> 22;
            case 10 -> 24;
            default -> -1;
        };
    }

    private static List<Node> splitRunIns(List<Node> roots) {
        List<Node> out = new ArrayList<>();
        for (Node node : roots) {
            if (node.marker == null || node.marker.ordinal <= 0 || !node.children.isEmpty()) {
                out.add(node);
                continue;
            }
            List<String> parts = runIn(node.text.toString(), node.marker);
            if (parts.size() == 1) {
                out.add(node);
                continue;
            }
            for (String part : parts) {
                out.add(new Node(new Line(node.indent, node.marker, part), false));
            }
        }
        return out;
    }

    /** "Age ≥ 18; 2) ECOG 0-1; 3) …" of an item numbered 1): the inline numbers that continue its sequence. */
    private static List<String> runIn(String text, Marker marker) {
        List<String> parts = new ArrayList<>();
        int from = 0;
        int expected = marker.ordinal + 1;
        int searchFrom = 0;
        while (true) {
            String token = markerText(marker, expected);
            int at = findInline(text, token, searchFrom);
            if (at < 0) {
                break;
            }
            String part = stripJoiner(text.substring(from, at));
            if (part.isEmpty()) {
                break;
            }
            parts.add(part);
            from = at + token.length();
            searchFrom = from;
            expected++;
        }
        parts.add(stripJoiner(text.substring(from)));
        parts.removeIf(String::isEmpty);
        return parts.isEmpty() ? List.of(text) : parts;
    }

    /** "age ≥ 18; " before "2)" ends in the separator of the run-in, not in the criterion. */
    private static String stripJoiner(String part) {
        String t = part.strip();
        while (!t.isEmpty() && (t.endsWith(";") || t.endsWith(","))) {
            t = t.substring(0, t.length() - 1).strip();
        }
        return t;
    }

    private static String markerText(Marker marker, int ordinal) {
        String value = marker.numeric ? Integer.toString(ordinal)
                : marker.style.contains("a") ? String.valueOf((char) ('a' + ordinal - 1))
                : marker.style.contains("A") ? String.valueOf((char) ('A' + ordinal - 1)) : null;
        if (value == null) {
            return "\u0000";
        }
        if (marker.style.startsWith("(")) {
            return "(" + value + ")";
        }
        return value + marker.style.charAt(marker.style.length() - 1);
    }

    private static int findInline(String text, String token, int from) {
        int at = text.indexOf(token, from);
        while (at >= 0) {
            boolean before = at == 0 || Character.isWhitespace(text.charAt(at - 1));
            int end = at + token.length();
            boolean after = end < text.length() && Character.isWhitespace(text.charAt(end));
            if (before && after) {
                return at;
            }
            at = text.indexOf(token, at + 1);
        }
        return -1;
    }

    private static String flatten(Node node) {
        StringBuilder b = new StringBuilder(node.text);
        for (Node child : node.children) {
            String childText = flatten(child);
            if (childText.isEmpty()) {
                continue;
            }
            char last = b.isEmpty() ? ' ' : b.charAt(b.length() - 1);
            b.append(":;,.".indexOf(last) >= 0 ? " " : "; ").append(childText);
        }
        return b.toString();
    }

    private static void add(String raw, List<CriterionItem> target, String prefix, Set<String> ids) {
        String text = collapse(raw);
        if (text.isEmpty()) {
            return;
        }
        String hash = shortHash(text.transform(TextCase::lower));
        String id = prefix + "-" + hash;
        for (int n = 2; !ids.add(id); n++) {
            id = prefix + "-" + hash + "-" + n;
        }
        target.add(new CriterionItem(id, text));
    }

    // ---- lines ----

    private static Line line(String raw) {
        int indent = 0;
        while (indent < raw.length() && raw.charAt(indent) == ' ') {
            indent++;
        }
        String content = raw.substring(indent).strip();
        int[] end = new int[1];
        Marker marker = marker(content, end);
        if (marker != null) {
            String rest = content.substring(end[0]).strip();
            if (!rest.isEmpty()) {
                return new Line(indent, marker, rest);
            }
            // a marker alone on its line ("1." then the text on the next line) marks nothing to split on
        }
        return new Line(indent, null, content);
    }

    /** Bullets and enumerations followed by whitespace; {@code end[0]} receives where the text starts. */
    private static Marker marker(String s, int[] end) {
        if (s.length() < 2) {
            return null;
        }
        char c = s.charAt(0);
        if (SYMBOL_BULLETS.indexOf(c) >= 0) {
            if (Character.isWhitespace(s.charAt(1))) {
                end[0] = 1;
                return new Marker(String.valueOf(c), 0, false);
            }
            return null;
        }
        int i = 0;
        boolean paren = c == '(';
        if (paren) {
            i++;
        }
        int startToken = i;
        while (i < s.length() && i - startToken < 4 && Character.isLetterOrDigit(s.charAt(i))) {
            i++;
        }
        if (i == startToken || i >= s.length()) {
            return null;
        }
        String token = s.substring(startToken, i);
        char delim = s.charAt(i);
        if (paren ? delim != ')' : delim != '.' && delim != ')') {
            return null;
        }
        if (i + 1 < s.length() && !Character.isWhitespace(s.charAt(i + 1))) {
            return null;
        }
        end[0] = i + 1;
        String shape = paren ? "(%s)" : "%s" + delim;
        if (allDigits(token)) {
            return token.length() <= 3 ? new Marker(shape.formatted("1"), Integer.parseInt(token), true) : null;
        }
        int roman = roman(token.transform(TextCase::lower));
        if (roman > 0) {
            return new Marker(shape.formatted(Character.isUpperCase(token.charAt(0)) ? "I" : "i"), roman, false);
        }
        if (token.length() == 1 && Character.isLetter(token.charAt(0))) {
            char l = token.charAt(0);
            boolean upper = Character.isUpperCase(l);
            return new Marker(shape.formatted(upper ? "A" : "a"), Character.toLowerCase(l) - 'a' + 1, false);
        }
        return null;
    }

    private static boolean allDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static int roman(String s) {
        return switch (s) {
            case "i" -> 1;
            case "ii" -> 2;
            case "iii" -> 3;
            case "iv" -> 4;
            case "v" -> 5;
            case "vi" -> 6;
            case "vii" -> 7;
            case "viii" -> 8;
            case "ix" -> 9;
            case "x" -> 10;
            default -> 0;
        };
    }

    /**
     * "Inclusion Criteria:", "KEY EXCLUSION CRITERIA", "Exclusion criteria (all cohorts)", "Inclusion:", and the
     * inline form "Inclusion Criteria: age ≥ 18", whose rest is returned.
     */
    private static Heading heading(Line line) {
        if (line.marker != null && !line.endsWithColon()) {
            return null;
        }
        String t = line.text;
        String lower = t.transform(TextCase::lower);
        int inc = lower.indexOf("inclusion");
        int exc = lower.indexOf("exclusion");
        int at = inc < 0 ? exc : exc < 0 ? inc : Math.min(inc, exc);
        if (at < 0 || at > 30) {
            return null;
        }
        for (String w : lower.substring(0, at).trim().split("\\s+")) {
            if (!w.isEmpty() && !HEADING_PREFIXES.contains(w)) {
                return null;
            }
        }
        boolean exclusion = at == exc;
        int i = at + "inclusion".length();
        String after = lower.substring(i);
        for (String word : List.of(" criteria", " criterion", " requirements")) {
            if (after.startsWith(word)) {
                i += word.length();
                break;
            }
        }
        int colon = t.indexOf(':', i);
        String qualifier = (colon < 0 ? t.substring(i) : t.substring(i, colon)).trim();
        if (qualifier.length() > 40 || qualifier.contains(".")) {
            return null;
        }
        if (colon < 0) {
            // a bare heading may carry a qualifier: "(all patients)", "for phase 2", "- part A"
            boolean qualified = qualifier.isEmpty() || qualifier.startsWith("(") || qualifier.startsWith("-")
                    || qualifier.startsWith("–") || qualifier.transform(TextCase::lower).startsWith("for ");
            return qualified && line.marker == null ? new Heading(exclusion, "") : null;
        }
        if (!qualifier.isEmpty() && !(qualifier.startsWith("(") || qualifier.startsWith("-") || qualifier.startsWith("–")
                || qualifier.transform(TextCase::lower).startsWith("for "))) {
            return null;
        }
        String rest = t.substring(colon + 1).trim();
        return line.marker != null && !rest.isEmpty() ? null : new Heading(exclusion, rest);
    }

    /** CRLF and CR, tabs, non-breaking spaces, and markdown escapes ("\&gt; 3 log", "10\^9") as the reader sees them. */
    static String normalise(String text) {
        StringBuilder b = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r') {
                b.append('\n');
                if (i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
            } else if (c == '\t') {
                b.append("    ");
            } else if (c == '\u00A0' || c == '\u2007' || c == '\u202F') {
                b.append(' ');
            } else if (c == '\\' && i + 1 < text.length() && "\\`*_{}[]()#+-.!<>^~|=".indexOf(text.charAt(i + 1)) >= 0) {
                b.append(text.charAt(++i));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static String collapse(String s) {
        StringBuilder b = new StringBuilder(s.length());
        boolean space = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                space = !b.isEmpty();
            } else {
                if (space) {
                    b.append(' ');
                    space = false;
                }
                b.append(c);
            }
        }
        return b.toString();
    }

    private static int words(String s) {
        int n = 0;
        boolean in = false;
        for (int i = 0; i < s.length(); i++) {
            boolean w = !Character.isWhitespace(s.charAt(i));
            if (w && !in) {
                n++;
            }
            in = w;
        }
        return n;
    }

    static String shortHash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 5);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private EligibilityText() {
    }
}
