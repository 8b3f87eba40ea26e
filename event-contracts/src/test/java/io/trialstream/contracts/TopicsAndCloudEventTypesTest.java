package io.trialstream.contracts;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TopicsAndCloudEventTypesTest {

    @Test
    void topicNamesAreTheDocumentedOnes() {
        assertThat(Topics.TRIALS_PARSED).isEqualTo("trials.parsed.v1");
        assertThat(Topics.TRIALS).isEqualTo("trials.v1");
        assertThat(Topics.PATIENT_EVENTS).isEqualTo("patients.events.v1");
        assertThat(Topics.MATCHES).isEqualTo("matches.v1");
        assertThat(List.of(Topics.TRIALS_PARSED, Topics.TRIALS, Topics.PATIENT_EVENTS, Topics.MATCHES))
                .doesNotHaveDuplicates()
                .allSatisfy(topic -> assertThat(topic).matches("[a-z]+(\\.[a-z]+)*\\.v1"));
    }

    @ParameterizedTest
    @CsvSource({
            "ingest-service, dlq.ingest-service.v1",
            "registry-service, dlq.registry-service.v1",
            "matching-service, dlq.matching-service.v1"})
    void deadLetterTopicPerService(String service, String expected) {
        assertThat(Topics.deadLetter(service)).isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(MatchEvent.Type.class)
    void forMatchGivesOneTypePerMatchEventType(MatchEvent.Type type) {
        String ceType = CloudEventTypes.forMatch(type);

        String expected = switch (type) {
            case MATCH_CREATED -> "io.trialstream.match.created.v1";
            case MATCH_UPDATED -> "io.trialstream.match.updated.v1";
            case MATCH_RETRACTED -> "io.trialstream.match.retracted.v1";
        };
        assertThat(ceType).isEqualTo(expected);
    }

    @Test
    void forMatchIsInjective() {
        assertThat(Arrays.stream(MatchEvent.Type.values()).map(CloudEventTypes::forMatch).toList())
                .doesNotHaveDuplicates()
                .containsExactly(CloudEventTypes.MATCH_CREATED, CloudEventTypes.MATCH_UPDATED, CloudEventTypes.MATCH_RETRACTED);
    }

    @Test
    void forMatchRejectsNull() {
        assertThatThrownBy(() -> CloudEventTypes.forMatch(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void cloudEventTypesAndSourcesAreWellFormed() {
        List<String> types = List.of(CloudEventTypes.TRIAL_PARSED, CloudEventTypes.TRIAL, CloudEventTypes.PATIENT_EVENT,
                CloudEventTypes.MATCH_CREATED, CloudEventTypes.MATCH_UPDATED, CloudEventTypes.MATCH_RETRACTED);
        assertThat(types).doesNotHaveDuplicates()
                .allSatisfy(t -> assertThat(t).matches("io\\.trialstream(\\.[a-z]+)+\\.v1"));
        assertThat(CloudEventTypes.TRIAL_PARSED).isEqualTo("io.trialstream.trial.parsed.v1");
        assertThat(CloudEventTypes.TRIAL).isEqualTo("io.trialstream.trial.v1");
        assertThat(CloudEventTypes.PATIENT_EVENT).isEqualTo("io.trialstream.patient.event.v1");

        assertThat(List.of(CloudEventTypes.SOURCE_INGEST, CloudEventTypes.SOURCE_REGISTRY, CloudEventTypes.SOURCE_MATCHING))
                .containsExactly("urn:trialstream:ingest-service", "urn:trialstream:registry-service",
                        "urn:trialstream:matching-service");
    }
}
