package io.trialstream.contracts;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The JSON settings every producer and consumer of the contracts uses: ISO-8601 dates, unknown fields ignored
 * (additive evolution inside v1). Callers that want other settings take {@code mapper().copy()}.
 */
public final class ContractJson {
    private static final ObjectMapper MAPPER = configure(JsonMapper.builder().build());

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static ObjectMapper configure(ObjectMapper mapper) {
        return mapper.registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                // new enum values inside v1 read as the documented fallback (UNPARSED, UNKNOWN, POSSIBLY_ELIGIBLE)
                .enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_USING_DEFAULT_VALUE);
    }

    private ContractJson() {
    }
}
