package io.trialstream.registry.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** {@code POST /api/v1/admin/republish} jobs ({@code trialstream.republish.*}; {@code TRIALSTREAM_REPUBLISH_…}). */
@ConfigMapping(prefix = "trialstream.republish")
public interface RepublishConfig {

    /** Trials enqueued per republish transaction. */
    @WithDefault("500")
    int batchSize();

    /** A job waits while this many of its entries are still unsent, so a republish never floods the outbox. */
    @WithDefault("2000")
    int maxPending();

    /** How often running jobs are advanced. */
    @WithDefault("1s")
    Duration interval();
}
