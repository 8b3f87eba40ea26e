package io.trialstream.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Set;

/** Loads the schemas and golden samples from the classpath, the way a consumer of the contracts jar would. */
final class ContractFixtures {

    static final String SCHEMAS = "schemas/";
    static final String SAMPLES = "samples/";
    static final String COMMON_SCHEMA = "common.v1.schema.json";

    /** Every golden sample, the schema it must satisfy and the record it maps to. */
    enum Sample {
        PARSED_TRIAL("parsed-trial.json", "parsed-trial.v1.schema.json", ParsedTrial.class),
        TRIAL("trial.json", "trial.v1.schema.json", Trial.class),
        PATIENT_EVENT("patient-event.json", "patient-event.v1.schema.json", PatientEvent.class),
        MATCH_CREATED("match-event-created.json", "match-event.v1.schema.json", MatchEvent.class),
        MATCH_RETRACTED("match-event-retracted.json", "match-event.v1.schema.json", MatchEvent.class);

        final String file;
        final String schemaFile;
        final Class<? extends Record> type;

        Sample(String file, String schemaFile, Class<? extends Record> type) {
            this.file = file;
            this.schemaFile = schemaFile;
            this.type = type;
        }

        JsonNode json() {
            return readTree(SAMPLES + file);
        }

        JsonSchema schema() {
            return ContractFixtures.schema(schemaFile);
        }
    }

    /** The payload schema files (one per payload). */
    static final String[] PAYLOAD_SCHEMAS = {
            "parsed-trial.v1.schema.json", "trial.v1.schema.json", "patient-event.v1.schema.json", "match-event.v1.schema.json"};

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    /** Format (date-time, date) is only an annotation in 2020-12 unless asserted; we assert it. */
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true)
            .build();

    static ObjectMapper mapper() {
        return ContractJson.mapper();
    }

    static JsonSchema schema(String file) {
        return FACTORY.getSchema(SchemaLocation.of("classpath:" + SCHEMAS + file), CONFIG);
    }

    static JsonSchema metaSchema() {
        return FACTORY.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"), CONFIG);
    }

    static Set<ValidationMessage> validate(JsonSchema schema, JsonNode json) {
        return schema.validate(json);
    }

    static JsonNode schemaJson(String file) {
        return readTree(SCHEMAS + file);
    }

    static JsonNode readTree(String resource) {
        try (InputStream in = ContractFixtures.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + resource);
            }
            return mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ContractFixtures() {
    }
}
