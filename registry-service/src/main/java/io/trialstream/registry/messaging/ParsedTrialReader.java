package io.trialstream.registry.messaging;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.trialstream.contracts.ContractJson;
import io.trialstream.contracts.ParsedTrial;

import java.nio.charset.StandardCharsets;

/**
 * Reads a trials.parsed.v1 record value as a ParsedTrial, within size and nesting limits, or rejects it with a
 * reason code for the dead-letter topic. The contract mapper's settings, with its own read constraints: the shared
 * {@link ContractJson#mapper()} is not changed.
 */
final class ParsedTrialReader {
    private final long maxBytes;
    private final ObjectMapper mapper;

    ParsedTrialReader(long maxBytes, int maxNestingDepth) {
        this.maxBytes = maxBytes;
        this.mapper = ContractJson.configure(JsonMapper.builder(JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(maxNestingDepth).build())
                .build()).build());
    }

    ParsedTrial read(String value) {
        if (value == null || value.isBlank()) {
            throw new RejectedRecordException("EMPTY_VALUE", "record value is empty");
        }
        if (tooLarge(value)) {
            throw new RejectedRecordException("RECORD_TOO_LARGE", "record value is larger than " + maxBytes + " bytes");
        }
        ParsedTrial parsed;
        try {
            parsed = mapper.readValue(value, ParsedTrial.class);
        } catch (JsonProcessingException e) {
            StreamConstraintsException limit = constraint(e);
            if (limit == null) {
                throw new RejectedRecordException("UNREADABLE_JSON", "value is not a ParsedTrial JSON document");
            }
            // Jackson reports every read limit with one exception type; its message names the limit
            if (String.valueOf(limit.getOriginalMessage()).contains("nesting depth")) {
                throw new RejectedRecordException("JSON_TOO_DEEP", "value nests objects or arrays deeper than "
                        + mapper.getFactory().streamReadConstraints().getMaxNestingDepth() + " levels");
            }
            throw new RejectedRecordException("JSON_TOO_LARGE", "a JSON value exceeds the parser's size limits (number, string or name length)");
        }
        if (parsed == null || parsed.trial() == null || parsed.trial().trialKey() == null
                || parsed.trial().trialKey().isBlank()) {
            throw new RejectedRecordException("MISSING_TRIAL_KEY", "ParsedTrial has no trial.trialKey");
        }
        return parsed;
    }

    /** UTF-8 size without encoding the whole value when its length alone decides (1 to 3 bytes per char). */
    private boolean tooLarge(String value) {
        if (value.length() > maxBytes) {
            return true;
        }
        if ((long) value.length() * 3 <= maxBytes) {
            return false;
        }
        return value.getBytes(StandardCharsets.UTF_8).length > maxBytes;
    }

    private static StreamConstraintsException constraint(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StreamConstraintsException s) {
                return s;
            }
        }
        return null;
    }
}
