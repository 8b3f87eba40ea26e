package io.trialstream.ingest.parsing.page;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A scraped page as the lines a reader sees: one line per block (heading, paragraph, list item, table cell), inline
 * markup joined, whitespace collapsed, blank lines dropped. Text and HTML forms of the same page give the same lines,
 * which is what lets layout parsing and the content fingerprint ignore how the page was scraped. List items keep a
 * "* " bullet indented by nesting depth, so that criteria sub-lists stay recognisable as such.
 */
public final class PageText {
    private static final Set<String> BLOCKS = Set.of("address", "article", "aside", "blockquote", "dd", "details",
            "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4",
            "h5", "h6", "header", "hgroup", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table",
            "tbody", "thead", "tfoot", "tr", "td", "th", "ul", "caption", "button", "label", "option", "legend");
    // site navigation and footers never carry trial data, and a nav link above the title would read as the title
    private static final Set<String> DROPPED = Set.of("script", "style", "noscript", "template", "svg", "head", "iframe",
            "object", "canvas", "select", "input", "nav", "footer");

    public static List<String> fromText(String text) {
        List<String> lines = new ArrayList<>();
        for (String raw : text.replace("\r\n", "\n").replace('\r', '\n').split("\n")) {
            addLine(lines, raw);
        }
        return lines;
    }

    public static List<String> fromHtml(String html) {
        Document doc = Jsoup.parse(html);
        doc.select(String.join(",", DROPPED)).remove();
        List<String> lines = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        NodeTraversor.traverse(new NodeVisitor() {
            @Override
            public void head(Node node, int depth) {
                if (node instanceof TextNode t) {
                    current.append(t.getWholeText());
                } else if (node instanceof Element e) {
                    String tag = e.normalName();
                    if (tag.equals("br")) {
                        flush(lines, current);
                    } else if (BLOCKS.contains(tag)) {
                        flush(lines, current);
                        if (tag.equals("li")) {
                            current.append("  ".repeat(listDepth(e) - 1)).append("* ");
                        }
                    }
                }
            }

            @Override
            public void tail(Node node, int depth) {
                if (node instanceof Element e && BLOCKS.contains(e.normalName())) {
                    flush(lines, current);
                }
            }
        }, doc.body() == null ? doc : doc.body());
        flush(lines, current);
        return lines;
    }

    /**
     * Nesting depth of a list item, counted up to {@link #MAX_LIST_DEPTH}: {@link #addLine} keeps at most 16 columns
     * of indentation, so deeper levels read the same, and counting (and indenting) every level of a page nested
     * thousands deep took time and memory quadratic in its depth (found by ParserFuzzTest).
     */
    private static int listDepth(Element li) {
        int depth = 0;
        for (Element p = li.parent(); p != null && depth < MAX_LIST_DEPTH; p = p.parent()) {
            if (p.normalName().equals("ul") || p.normalName().equals("ol")) {
                depth++;
            }
        }
        return Math.max(1, depth);
    }

    private static final int MAX_LIST_DEPTH = 9;

    private static void flush(List<String> lines, StringBuilder current) {
        addLine(lines, current.toString());
        current.setLength(0);
    }

    /** Collapses whitespace (keeping list indentation) and drops lines with nothing to read. */
    private static void addLine(List<String> lines, String raw) {
        int indent = 0;
        while (indent < raw.length() && (raw.charAt(indent) == ' ' || raw.charAt(indent) == '\t')) {
            indent++;
        }
        String collapsed = collapse(unescapeMarkdown(raw));
        if (collapsed.isEmpty() || collapsed.equals("*")) {
            return;
        }
        // indentation matters only in front of a bullet (nested criteria); elsewhere it is layout noise
        boolean bullet = collapsed.startsWith("* ") || collapsed.startsWith("• ") || collapsed.startsWith("- ");
        lines.add(bullet && indent > 0 ? " ".repeat(Math.min(indent, 16)) + collapsed : collapsed);
    }

    /** Mirrors copy the registry's markdown: "\&gt; 3 log" and "10\^9" read "&gt; 3 log" and "10^9" on the rendered page. */
    static String unescapeMarkdown(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length() && "\\`*_{}[]()#+-.!<>^~|=".indexOf(s.charAt(i + 1)) >= 0) {
                b.append(s.charAt(++i));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    static String collapse(String s) {
        StringBuilder b = new StringBuilder(s.length());
        boolean space = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c) || c == '\u00A0' || c == '\u200B') {
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

    private PageText() {
    }
}
