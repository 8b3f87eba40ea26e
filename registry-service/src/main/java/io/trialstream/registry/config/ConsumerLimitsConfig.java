package io.trialstream.registry.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Limits on a trials.parsed.v1 record ({@code trialstream.consumer.*}; {@code TRIALSTREAM_CONSUMER_…}). A record
 * beyond them is dead-lettered with a reason code instead of being parsed: one hostile or broken record must not
 * cost the consumer its heap or its stack.
 */
@ConfigMapping(prefix = "trialstream.consumer")
public interface ConsumerLimitsConfig {

    /** Largest record value (UTF-8 bytes); ingest's records are tens of kilobytes. */
    @WithDefault("5M")
    MemorySize maxRecordSize();

    /** Deepest JSON nesting (objects and arrays); a ParsedTrial is fewer than ten levels deep. */
    @WithDefault("64")
    int maxNestingDepth();
}
