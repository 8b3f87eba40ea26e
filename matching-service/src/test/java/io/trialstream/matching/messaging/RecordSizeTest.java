package io.trialstream.matching.messaging;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class RecordSizeTest {
    @Test
    void theSizeLimitCountsUtf8BytesLikeTheBrokerDoes() {
        for (String s : new String[] {"", "plain ascii", "Müller", "€ 42", "naïve 🧬 gene"}) {
            assertThat(PatientEventConsumer.utf8Length(s)).as(s).isEqualTo(s.getBytes(StandardCharsets.UTF_8).length);
        }
    }
}
