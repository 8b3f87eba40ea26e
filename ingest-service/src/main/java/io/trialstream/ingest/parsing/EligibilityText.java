package io.trialstream.ingest.parsing;

import io.trialstream.contracts.Eligibility.CriterionItem;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Splits a free-text eligibility section into inclusion and exclusion items, one per criterion. Item ids hash the
 * normalised text, so they stay the same when the same text is parsed again (or re-wrapped, or re-ordered).
 */
public final class EligibilityText {
    public record Split(List<CriterionItem> inclusion, List<CriterionItem> exclusion) {
    }

    private static final Pattern INCLUSION_HEADING = Pattern.compile("^\\s*(key\\s+)?inclusion\\s+criteria\\s*:?\\s*$", Pattern.CASE_INSENSITIVE);
    private static final Pattern EXCLUSION_HEADING = Pattern.compile("^\\s*(key\\s+)?exclusion\\s+criteria\\s*:?\\s*$", Pattern.CASE_INSENSITIVE);
    // Bullets and enumerations: "* ", "- ", "• ", "1. ", "1) ", "a. ", "(a) ", "i. ". Possessive, bounded: no backtracking blow-up.
    private static final Pattern BULLET = Pattern.compile("^\\s*+(?:[*\\-•·▪◦]|\\(?\\d{1,3}[.)]|\\(?[a-z][.)]|\\(?[ivx]{1,5}[.)])\\s++");

    public static Split split(String text) {
        List<CriterionItem> inclusion = new ArrayList<>();
        List<CriterionItem> exclusion = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return new Split(inclusion, exclusion);
        }
        List<CriterionItem> current = inclusion;
        String prefix = "inc";
        StringBuilder item = new StringBuilder();
        Set<String> ids = new HashSet<>();
        for (String rawLine : text.replace("\r", "").split("\n")) {
            if (INCLUSION_HEADING.matcher(rawLine).matches() || EXCLUSION_HEADING.matcher(rawLine).matches()) {
                flush(item, current, prefix, ids);
                boolean exclusionHeading = EXCLUSION_HEADING.matcher(rawLine).matches();
                current = exclusionHeading ? exclusion : inclusion;
                prefix = exclusionHeading ? "exc" : "inc";
                continue;
            }
            if (rawLine.isBlank()) {
                flush(item, current, prefix, ids);
                continue;
            }
            var bullet = BULLET.matcher(rawLine);
            if (bullet.lookingAt()) {
                flush(item, current, prefix, ids);
                item.append(rawLine.substring(bullet.end()).trim());
            } else {
                // a hard-wrapped continuation of the current item
                if (!item.isEmpty()) {
                    item.append(' ');
                }
                item.append(rawLine.trim());
            }
        }
        flush(item, current, prefix, ids);
        return new Split(inclusion, exclusion);
    }

    private static void flush(StringBuilder item, List<CriterionItem> target, String prefix, Set<String> ids) {
        String text = item.toString().replaceAll("\\s+", " ").trim();
        item.setLength(0);
        if (text.isEmpty()) {
            return;
        }
        String id = prefix + "-" + shortHash(text.toLowerCase(Locale.ROOT));
        for (int n = 2; !ids.add(id); n++) {
            id = prefix + "-" + shortHash(text.toLowerCase(Locale.ROOT)) + "-" + n;
        }
        target.add(new CriterionItem(id, text));
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
