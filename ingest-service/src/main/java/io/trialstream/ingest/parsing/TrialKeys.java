package io.trialstream.ingest.parsing;

import io.trialstream.contracts.TrialRecord;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The trial key: the NCT id when the document states it is this trial's, else a registry id (EudraCT), else a
 * fingerprint of the whitespace-normalised content ({@code TS-…}), so a re-scrape with other spacing keeps its key.
 */
public final class TrialKeys {
    public static String of(TrialRecord.Ids ids, String content) {
        if (ids != null && ids.nctId() != null) {
            return ids.nctId();
        }
        if (ids != null && ids.secondaryIds() != null) {
            for (TrialRecord.SecondaryId sid : ids.secondaryIds()) {
                if (sid.id() != null && sid.id().matches("\\d{4}-\\d{6}-\\d{2}")) {
                    return "EUDRACT:" + sid.id();
                }
            }
        }
        return "TS-" + fingerprint(content);
    }

    static String fingerprint(String content) {
        String normalised = content == null ? "" : content.replaceAll("\\s+", " ").trim().toLowerCase(Locale.ROOT);
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(normalised.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private TrialKeys() {
    }
}
