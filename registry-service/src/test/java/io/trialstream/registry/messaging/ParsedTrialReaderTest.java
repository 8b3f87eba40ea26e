package io.trialstream.registry.messaging;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What becomes of a trials.parsed.v1 value before it reaches the store: read, or refused with a reason code. */
class ParsedTrialReaderTest {
    static final String GOOD = "{\"schemaVersion\":\"1\",\"trial\":{\"trialKey\":\"NCT09990111\",\"briefTitle\":\"%s\"}}";

    final ParsedTrialReader reader = new ParsedTrialReader(64 * 1024, 16);

    static String reason(ParsedTrialReader reader, String value) {
        try {
            reader.read(value);
        } catch (RejectedRecordException e) {
            return e.reasonCode();
        }
        return null;
    }

    /** {@code depth} levels of arrays inside an unknown field, which the contract mapper would otherwise skip. */
    static String nested(int depth) {
        return "{\"schemaVersion\":\"1\",\"extra\":" + "[".repeat(depth - 1) + "]".repeat(depth - 1)
                + ",\"trial\":{\"trialKey\":\"NCT09990111\"}}";
    }

    @Test
    void aParsedTrialWithinTheLimitsIsRead() {
        assertThat(reader.read(GOOD.formatted("Within limits")).trial().trialKey()).isEqualTo("NCT09990111");
        assertThat(reader.read(nested(16)).trial().trialKey()).isEqualTo("NCT09990111");
    }

    @Test
    void aValueLargerThanTheLimitIsRefusedUnparsed() {
        String large = GOOD.formatted("x".repeat(64 * 1024));
        assertThat(reason(reader, large)).isEqualTo("RECORD_TOO_LARGE");
        // the limit is in UTF-8 bytes: 30 000 three-byte characters are 90 000 bytes
        assertThat(reason(reader, GOOD.formatted("€".repeat(30_000)))).isEqualTo("RECORD_TOO_LARGE");
        assertThat(reason(reader, GOOD.formatted("€".repeat(20_000)))).isNull();
    }

    @Test
    void jsonNestedDeeperThanTheLimitIsRefused() {
        assertThat(reason(reader, nested(17))).isEqualTo("JSON_TOO_DEEP");
        assertThat(reason(reader, nested(5_000))).as("no StackOverflowError, no UNREADABLE_JSON").isEqualTo("JSON_TOO_DEEP");
    }

    @Test
    void theDefaultsLetARealSizedRecordThroughAndStopAHostileOne() {
        ParsedTrialReader defaults = new ParsedTrialReader(5L * 1024 * 1024, 64);
        assertThat(reason(defaults, GOOD.formatted("x".repeat(1024 * 1024)))).isNull();
        assertThat(reason(defaults, GOOD.formatted("x".repeat(6 * 1024 * 1024)))).isEqualTo("RECORD_TOO_LARGE");
        assertThat(reason(defaults, nested(65))).isEqualTo("JSON_TOO_DEEP");
    }

    @Test
    void otherRefusalsKeepTheirCodes() {
        assertThat(reason(reader, " ")).isEqualTo("EMPTY_VALUE");
        assertThat(reason(reader, "{not json")).isEqualTo("UNREADABLE_JSON");
        assertThat(reason(reader, "{\"schemaVersion\":\"1\",\"trial\":{}}")).isEqualTo("MISSING_TRIAL_KEY");
        assertThatThrownBy(() -> reader.read(null)).isInstanceOf(RejectedRecordException.class);
    }
}
