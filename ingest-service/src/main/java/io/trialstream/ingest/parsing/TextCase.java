package io.trialstream.ingest.parsing;

import java.util.Locale;

/**
 * Lower-casing of untrusted text. {@code String.toLowerCase} lower-cases a capital sigma by its context (final
 * "ς" or "σ"), and the JDK finds that context with a word-boundary scan that is quadratic in the length of the word
 * around the sigma: one "Σ" next to a long run of digits made a 10 kB page take seconds and a large one hang (found
 * by ParserFuzzTest). Every sigma is lower-cased to "σ" instead; nothing the parsers match depends on "ς".
 */
public final class TextCase {

    public static String lower(String s) {
        return s.indexOf('\u03A3') < 0 ? s.toLowerCase(Locale.ROOT) : s.replace('\u03A3', '\u03C3').toLowerCase(Locale.ROOT);
    }

    private TextCase() {
    }
}
