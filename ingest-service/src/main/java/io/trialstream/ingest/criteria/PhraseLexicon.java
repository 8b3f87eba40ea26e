package io.trialstream.ingest.criteria;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the longest known phrases in an item, token by token, with a trie over word tokens. Linear in the item's
 * length whatever the lexicon's size, and no regular expression is involved, so hostile text cannot make it slow.
 * A phrase written in upper case in the lexicon ("ALL", "MM") must appear in upper case in the raw item too: such
 * abbreviations are ordinary words in lower case.
 */
final class PhraseLexicon<T> {

    /** One phrase found in an item: token range, character span, and what the lexicon knows about it. */
    record Hit<T>(int firstToken, int lastToken, int start, int end, T value) {
    }

    private static final class Node<T> {
        final Map<String, Node<T>> next = new HashMap<>(4);
        T value;
        String exactCase;
    }

    private final Node<T> root = new Node<>();

    /**
     * @param phrase words as written; upper-case phrases of letters (abbreviations) must match case exactly
     * @param pluralise also accept the last word with a trailing "s"
     */
    PhraseLexicon<T> add(String phrase, T value, boolean pluralise) {
        List<String> tokens = tokens(ItemText.fold(phrase));
        if (tokens.isEmpty()) {
            return this;
        }
        boolean caseSensitive = phrase.equals(phrase.toUpperCase(java.util.Locale.ROOT))
                && phrase.chars().anyMatch(Character::isLetter) && phrase.replaceAll("[^A-Za-z]", "").length() <= 6;
        insert(tokens, value, caseSensitive ? phrase : null);
        if (pluralise && !caseSensitive) {
            List<String> plural = new ArrayList<>(tokens);
            String last = plural.get(plural.size() - 1);
            // no plural for short abbreviations: "TBS" is a target bleeding site, not tuberculosis
            if (!last.endsWith("s") && last.length() > 3 && Character.isLetter(last.charAt(last.length() - 1))) {
                plural.set(plural.size() - 1, last + "s");
                insert(plural, value, null);
            }
        }
        return this;
    }

    PhraseLexicon<T> add(String phrase, T value) {
        return add(phrase, value, true);
    }

    private void insert(List<String> tokens, T value, String exactCase) {
        Node<T> n = root;
        for (String t : tokens) {
            n = n.next.computeIfAbsent(t, k -> new Node<>());
        }
        if (n.value == null || (n.exactCase != null && exactCase == null)) {
            n.value = value;
            n.exactCase = exactCase;
        }
    }

    /** Longest, leftmost, non-overlapping phrases of the item. */
    List<Hit<T>> find(ItemText text) {
        List<Hit<T>> hits = new ArrayList<>();
        int n = text.tokenCount();
        int i = 0;
        while (i < n) {
            Node<T> node = root;
            int bestEnd = -1;
            T bestValue = null;
            for (int j = i; j < n && j - i < 12; j++) {
                if (j > i && !lightSeparator(text, text.tokenEnd(j - 1), text.tokenStart(j))) {
                    break;
                }
                node = node.next.get(text.token(j));
                if (node == null) {
                    break;
                }
                if (node.value != null && (node.exactCase == null || caseMatches(text, i, j, node.exactCase))) {
                    bestEnd = j;
                    bestValue = node.value;
                }
            }
            if (bestEnd >= 0) {
                hits.add(new Hit<>(i, bestEnd, text.tokenStart(i), text.tokenEnd(bestEnd), bestValue));
                i = bestEnd + 1;
            } else {
                i++;
            }
        }
        return hits;
    }

    private static boolean caseMatches(ItemText text, int first, int last, String exactCase) {
        // in text written all in capitals, "ALL" is just "all"
        String around = text.rawSlice(Math.max(0, text.tokenStart(first) - 30), Math.min(text.raw.length(), text.tokenEnd(last) + 30));
        if (around.chars().noneMatch(Character::isLowerCase)) {
            return false;
        }
        String raw = text.rawSlice(text.tokenStart(first), text.tokenEnd(last));
        return raw.replaceAll("[^A-Za-z0-9]", "").equals(exactCase.replaceAll("[^A-Za-z0-9]", ""));
    }

    private static boolean lightSeparator(ItemText text, int from, int to) {
        if (to - from > 3) {
            return false;
        }
        for (int k = from; k < to; k++) {
            char c = text.folded.charAt(k);
            if (c != ' ' && c != '-' && c != '\'' && c != '/') {
                return false;
            }
        }
        return true;
    }

    static List<String> tokens(String folded) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < folded.length()) {
            if (ItemText.isWordChar(folded.charAt(i))) {
                int s = i;
                while (i < folded.length() && ItemText.isWordChar(folded.charAt(i))) {
                    i++;
                }
                out.add(folded.substring(s, i));
            } else {
                i++;
            }
        }
        return out;
    }
}
