package io.trialstream.matching.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Set;

@ConfigMapping(prefix = "trialstream.matching")
public interface MatchingConfig {
    /** API v2 overallStatus values whose trials are matched; others retract their matches. */
    @WithDefault("RECRUITING,NOT_YET_RECRUITING,ENROLLING_BY_INVITATION")
    Set<String> openStatuses();
}
