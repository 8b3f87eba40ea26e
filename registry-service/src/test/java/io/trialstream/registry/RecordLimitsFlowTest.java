package io.trialstream.registry;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.trialstream.contracts.ContractJson;
import io.trialstream.contracts.Topics;
import io.trialstream.testsupport.TrialstreamTestResource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A trials.parsed.v1 record beyond the consumer's limits goes to the DLQ with a reason code, unparsed and
 * unchanged, and the partition moves on. The limits are lowered here so the records stay under the broker's 1 MB.
 */
@QuarkusTest
@QuarkusTestResource(TrialstreamTestResource.class)
@TestProfile(RecordLimitsFlowTest.SmallLimits.class)
class RecordLimitsFlowTest {
    public static class SmallLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("trialstream.consumer.max-record-size", "16K", "trialstream.consumer.max-nesting-depth", "16");
        }
    }

    TopicProbe kafka;

    @BeforeEach
    void probe() {
        kafka = new TopicProbe(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class),
                Topics.TRIALS, Topics.deadLetter("registry-service"));
    }

    @AfterEach
    void close() {
        kafka.close();
    }

    @Test
    void aRecordTooLargeOrTooDeepIsDeadLetteredWithItsReasonAndTheNextRecordIsStored() throws Exception {
        String key = "NCT09990911";
        String tooLarge = ContractJson.mapper().writeValueAsString(
                TrialBuilder.registry(key).title("x".repeat(20 * 1024)).status("RECRUITING").build());
        String tooDeep = "{\"schemaVersion\":\"1\",\"extra\":" + "[".repeat(40) + "]".repeat(40)
                + ",\"trial\":{\"trialKey\":\"" + key + "\"}}";
        kafka.send(key, tooLarge);
        kafka.send(key, tooDeep);
        kafka.send(TrialBuilder.registry(key).title("Within the limits").status("RECRUITING").build());

        kafka.awaitSeen(all -> kafka.of(key).size() >= 3);
        List<ConsumerRecord<String, String>> seen = kafka.of(key);
        List<ConsumerRecord<String, String>> dead = seen.stream().filter(r -> r.topic().startsWith("dlq.")).toList();
        assertThat(dead).extracting(r -> TopicProbe.header(r, "dead-letter-reason-code"))
                .containsExactly("RECORD_TOO_LARGE", "JSON_TOO_DEEP");
        assertThat(dead).extracting(ConsumerRecord::value).as("original values, unchanged").containsExactly(tooLarge, tooDeep);
        assertThat(seen).filteredOn(r -> r.topic().equals(Topics.TRIALS)).singleElement()
                .satisfies(r -> assertThat(TopicProbe.trial(r).trial().briefTitle()).isEqualTo("Within the limits"));

        RegistryApi.asReader().get("/api/v1/trials/" + key).then().statusCode(200);
        assertThat(TrialStoreFlowTest.metric("trialstream_dlq_records_total", "reason=\"RECORD_TOO_LARGE\"")).isPositive();
        assertThat(TrialStoreFlowTest.metric("trialstream_dlq_records_total", "reason=\"JSON_TOO_DEEP\"")).isPositive();
    }
}
