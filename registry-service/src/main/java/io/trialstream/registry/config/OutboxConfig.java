package io.trialstream.registry.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * The outbox relay ({@code trialstream.outbox.*}; environment {@code TRIALSTREAM_OUTBOX_…}). Mapped per feature,
 * not under one {@code trialstream} root, because a root mapping rejects every other {@code trialstream.*}
 * property (e.g. the tests' {@code trialstream.shared.data}).
 */
@ConfigMapping(prefix = "trialstream.outbox")
public interface OutboxConfig {

    /** Entries sent per relay transaction. */
    @WithDefault("500")
    int batchSize();

    /** How long the relay waits for a wake-up before it looks at the outbox anyway. */
    @WithDefault("1s")
    Duration pollInterval();

    /**
     * false: changes are committed to the outbox but nothing is sent (maintenance, broker migration, crash tests);
     * the entries wait and are sent, in order, once a relay runs again.
     */
    @WithDefault("true")
    boolean relayEnabled();
}
