package io.trialstream.ingest.parsing.page;

import io.trialstream.ingest.parsing.TextCase;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A page cut at its layout's headings: each heading is a whole line (case and a trailing ':' ignored), and its
 * section runs to the next heading. Lines before the first heading are the preamble (title, ids). A section whose
 * heading is present but whose value the scraper lost is present with no lines: that is "stated as missing", and
 * the field stays null.
 */
final class PageSections {
    record Section(String key, List<String> lines) {
    }

    private final List<String> preamble = new ArrayList<>();
    private final List<Section> sections = new ArrayList<>();

    static PageSections of(List<String> lines, Map<String, String> headings) {
        PageSections page = new PageSections();
        List<String> current = page.preamble;
        for (String line : lines) {
            String key = headings.get(headingKey(line));
            if (key != null) {
                Section s = new Section(key, new ArrayList<>());
                page.sections.add(s);
                current = s.lines;
            } else {
                current.add(line);
            }
        }
        return page;
    }

    static String headingKey(String line) {
        String t = line.strip();
        if (t.endsWith(":")) {
            t = t.substring(0, t.length() - 1).strip();
        }
        return t.transform(TextCase::lower);
    }

    List<String> preamble() {
        return preamble;
    }

    /** The lines of the first section with this key; empty when the heading is there without a value; null when absent. */
    List<String> body(String key) {
        for (Section s : sections) {
            if (s.key.equals(key)) {
                return s.lines;
            }
        }
        return null;
    }

    List<Section> sections() {
        return sections;
    }
}
