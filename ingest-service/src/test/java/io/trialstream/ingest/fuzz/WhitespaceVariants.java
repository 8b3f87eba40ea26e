package io.trialstream.ingest.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The same scraped page with other whitespace, as a second scrape of it would give: other line ends, blank lines,
 * trailing blanks, wider gaps between words, indented prose. Only changes a reader of the page cannot see: a bullet
 * line keeps its indentation (it says how criteria nest), and HTML whitespace next to a tag is left alone (between
 * two inline elements it would add a visible space).
 */
final class WhitespaceVariants {

    static byte[] text(byte[] page, Random random) {
        String s = new String(page, StandardCharsets.UTF_8);
        String[] lines = s.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
        String eol = random.nextBoolean() ? "\r\n" : "\n";
        StringBuilder out = new StringBuilder(s.length() * 2);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String stripped = stripLeadingBlanks(line);
            boolean bullet = stripped.startsWith("*") || stripped.startsWith("•") || stripped.startsWith("-")
                    || stripped.startsWith("\\");
            if (!bullet && !stripped.isEmpty() && random.nextInt(4) == 0) {
                line = " ".repeat(1 + random.nextInt(6)) + (random.nextBoolean() ? "\t" : "") + stripped;
            }
            out.append(widenInnerGaps(line, random, false));
            if (random.nextInt(5) == 0) {
                out.append(random.nextBoolean() ? " \t " : "   ");
            }
            if (i < lines.length - 1) {
                out.append(eol);
                if (random.nextInt(6) == 0) {
                    out.append(random.nextBoolean() ? "" : "  \t").append(eol);
                }
            }
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Leading characters the page reader treats as blank (it also counts NBSP and zero-width space). */
    private static String stripLeadingBlanks(String line) {
        int i = 0;
        while (i < line.length() && (Character.isWhitespace(line.charAt(i)) || line.charAt(i) == '\u00A0'
                || line.charAt(i) == '\u200B')) {
            i++;
        }
        return line.substring(i);
    }

    static byte[] html(byte[] page, Random random) {
        String s = new String(page, StandardCharsets.UTF_8);
        return widenInnerGaps(s, random, true).getBytes(StandardCharsets.UTF_8);
    }

    /** Widens gaps between two visible characters; leading indentation stays as it is. */
    private static String widenInnerGaps(String s, Random random, boolean html) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        int i = 0;
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            b.append(s.charAt(i++));
        }
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == ' ' || c == '\t' || html && (c == '\n' || c == '\r')) {
                int end = i;
                while (end < s.length() && (s.charAt(end) == ' ' || s.charAt(end) == '\t'
                        || html && (s.charAt(end) == '\n' || s.charAt(end) == '\r'))) {
                    end++;
                }
                b.append(s, i, end);
                boolean inner = i > 0 && end < s.length() && !(html && (s.charAt(i - 1) == '>' || s.charAt(end) == '<'));
                if (inner && random.nextInt(3) == 0) {
                    b.append(html && random.nextBoolean() ? "\n   " : random.nextBoolean() ? " " : "\t ");
                }
                i = end;
            } else {
                b.append(c);
                i++;
            }
        }
        return b.toString();
    }

    private static final Pattern RAW_TEXT_TAG = Pattern.compile(
            "<(/?)(title|textarea|script|style|xmp|iframe|noembed|noframes|noscript|plaintext)(?=[\\s/>])",
            Pattern.CASE_INSENSITIVE);

    /**
     * An element whose content is raw text (title, textarea, script, …) opened and never closed. jsoup 1.21 decides
     * where such an element ends with a look-ahead bounded by its read buffer, so how much of the page becomes its
     * text depends on character offsets, and added whitespace moves them. That is jsoup's, on a broken page; the
     * whitespace invariant does not apply to such pages.
     */
    static boolean hasUnclosedRawText(byte[] html) {
        Map<String, Integer> open = new HashMap<>();
        Matcher m = RAW_TEXT_TAG.matcher(new String(html, StandardCharsets.UTF_8));
        while (m.find()) {
            // raw-text elements do not nest: an open tag opens it, a close tag (even a stray one) closes it; as in the
            // HTML tokenizer, a tag name ends only at whitespace, '/' or '>' ("</title</h2>" closes nothing)
            open.put(m.group(2).toLowerCase(Locale.ROOT), m.group(1).isEmpty() ? 1 : 0);
        }
        return open.values().stream().anyMatch(n -> n > 0);
    }

    private WhitespaceVariants() {
    }
}
