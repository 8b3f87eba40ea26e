package io.trialstream.ingest.parsing.page;

import io.trialstream.ingest.parsing.TextCase;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One trial-finder page layout: its headings, the ones that identify it (in page order), and how values are read
 * under each heading. Detection uses only the headings and their order, never a particular trial's wording, so other
 * trials' pages from the same site are recognised the same way.
 */
abstract class PageLayout {
    private final Map<String, String> headings = new LinkedHashMap<>();
    private final List<String> core = new ArrayList<>();

    /** Short name, used in the parser version and in error messages. */
    abstract String name();

    /** The headings that identify the layout, as a reader sees them, in page order. */
    abstract String describe();

    /** Reads the values of a page of this layout into the draft. */
    abstract void read(PageSections page, List<String> lines, TrialDraft draft);

    String parserVersion() {
        return "scraped-page/" + name() + "/1";
    }

    /** Declares a heading; core headings identify the layout and must appear in the declared order. */
    protected void heading(String key, boolean identifying, String... texts) {
        for (String t : texts) {
            headings.put(t.transform(TextCase::lower), key);
        }
        if (identifying) {
            core.add(key);
        }
    }

    Map<String, String> headings() {
        return headings;
    }

    private record Match(int inOrder, long others) {
    }

    private Match match(List<String> lines) {
        Map<String, Integer> firstAt = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String key = headings.get(PageSections.headingKey(lines.get(i)));
            if (key != null) {
                firstAt.putIfAbsent(key, i);
            }
        }
        List<Integer> corePositions = new ArrayList<>();
        for (String key : core) {
            if (firstAt.containsKey(key)) {
                corePositions.add(firstAt.get(key));
            }
        }
        long others = firstAt.keySet().stream().filter(k -> !core.contains(k)).count();
        return new Match(longestIncreasing(corePositions), others);
    }

    /**
     * How well the page's heading lines match: the number of identifying headings found in their order, plus half a
     * point for each other heading of the layout that is present (optional sections may come in any order).
     */
    double score(List<String> lines) {
        Match m = match(lines);
        return m.inOrder + 0.5 * m.others;
    }

    /** Enough structure to call the page this layout: most identifying headings, in order. */
    boolean recognises(List<String> lines) {
        Match m = match(lines);
        int needed = Math.min(3, core.size());
        return m.inOrder >= needed || (m.inOrder >= needed - 1 && m.others >= 2);
    }

    private static int longestIncreasing(List<Integer> values) {
        int[] best = new int[values.size()];
        int max = 0;
        for (int i = 0; i < values.size(); i++) {
            best[i] = 1;
            for (int j = 0; j < i; j++) {
                if (values.get(j) < values.get(i) && best[j] + 1 > best[i]) {
                    best[i] = best[j] + 1;
                }
            }
            max = Math.max(max, best[i]);
        }
        return max;
    }
}
