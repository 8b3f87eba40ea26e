package io.trialstream.matching.config;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import io.trialstream.contracts.ContractJson;
import jakarta.inject.Singleton;

/**
 * Bounds on the JSON this service parses from outside (REST bodies, patient events): nesting depth and the size of one
 * string or number. A FHIR Bundle nests about ten levels deep; 64 leaves room for extensions and contained resources
 * and stops a document that would exhaust the stack or the CPU of the tree builders. The contracts' shared mapper is
 * left untouched: this service reads input through {@link #mapper()}, a copy with these constraints.
 */
@Singleton
public class JsonLimits implements ObjectMapperCustomizer {
    public static final int MAX_NESTING_DEPTH = 64;
    /** A clinical note is a few kB; the HTTP body and Kafka record limits bound the whole document anyway. */
    public static final int MAX_STRING_LENGTH = 1_000_000;
    public static final int MAX_NUMBER_LENGTH = 100;

    private static final StreamReadConstraints CONSTRAINTS = StreamReadConstraints.builder()
            .maxNestingDepth(MAX_NESTING_DEPTH).maxStringLength(MAX_STRING_LENGTH).maxNumberLength(MAX_NUMBER_LENGTH).build();
    private static final ObjectMapper MAPPER = limit(ContractJson.mapper().copy());

    /** The contracts' mapper with the input constraints, for reading untrusted JSON. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** REST request bodies (Quarkus' mapper). */
    @Override
    public void customize(ObjectMapper objectMapper) {
        limit(objectMapper);
    }

    private static ObjectMapper limit(ObjectMapper mapper) {
        mapper.getFactory().setStreamReadConstraints(CONSTRAINTS);
        return mapper;
    }
}
