package io.trialstream.outbox;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PublishedOutboxIdsTest {
    @Test
    void theCeIdCarriesTheRowIdAndOnlyTheOwnServicesIdsAreRead() {
        String ceId = PublishedOutboxIds.ceId("matching-service", 4711);
        assertThat(ceId).isEqualTo("matching-service-outbox-4711");
        assertThat(PublishedOutboxIds.idIn(ceId, "matching-service")).contains(4711L);
        assertThat(PublishedOutboxIds.idIn(ceId, "registry-service")).isEmpty();
        assertThat(PublishedOutboxIds.idIn("matching-service-outbox-x", "matching-service")).isEmpty();
        assertThat(PublishedOutboxIds.idIn("5e7d0c1a-uuid", "matching-service")).isEmpty();
        assertThat(PublishedOutboxIds.idIn(null, "matching-service")).isEmpty();
    }
}
