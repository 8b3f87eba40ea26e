package io.trialstream.matching.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.trialstream.matching.evaluation.FactKind;
import io.trialstream.matching.evaluation.FreshnessPolicy;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

@ConfigMapping(prefix = "trialstream.matching")
public interface MatchingConfig {
    /** API v2 overallStatus values whose trials are matched; others retract their matches. */
    @WithDefault("RECRUITING,NOT_YET_RECRUITING,ENROLLING_BY_INVITATION")
    Set<String> openStatuses();

    /**
     * Largest patients.events.v1 value (UTF-8 bytes) that is parsed; a larger one is dead-lettered as
     * {@code RECORD_TOO_LARGE} without its value (which the dead-letter topic might refuse, stalling the partition).
     */
    @WithDefault("1M")
    MemorySize maxEventSize();

    /** The daily pass that re-evaluates patients whose age crossed a trial bound or whose facts went stale. */
    Ageing ageing();

    interface Ageing {
        /** Quartz cron (read by {@code AgeingPass}'s {@code @Scheduled}); {@code off} disables the pass. */
        @WithDefault("0 15 2 * * ?")
        String cron();
    }

    /** How old a fact of each kind may be and still decide a criterion; older facts evaluate to UNKNOWN. */
    Freshness freshness();

    interface Freshness {
        @WithDefault("30d")
        Duration lab();

        @WithDefault("90d")
        Duration organFunction();

        @WithDefault("60d")
        Duration performanceStatus();

        @WithDefault("14d")
        Duration pregnancy();

        @WithDefault("30d")
        Duration breastfeeding();

        @WithDefault("90d")
        Duration infectionTest();

        @WithDefault("90d")
        Duration diseaseStatus();

        @WithDefault("365d")
        Duration biomarker();

        @WithDefault("60d")
        Duration lifeExpectancy();

        @WithDefault("90d")
        Duration contraception();

        default FreshnessPolicy policy() {
            Map<FactKind, Duration> m = new EnumMap<>(FactKind.class);
            m.put(FactKind.LAB, lab());
            m.put(FactKind.ORGAN_FUNCTION, organFunction());
            m.put(FactKind.PERFORMANCE_STATUS, performanceStatus());
            m.put(FactKind.PREGNANCY, pregnancy());
            m.put(FactKind.BREASTFEEDING, breastfeeding());
            m.put(FactKind.INFECTION_TEST, infectionTest());
            m.put(FactKind.DISEASE_STATUS, diseaseStatus());
            m.put(FactKind.BIOMARKER, biomarker());
            m.put(FactKind.LIFE_EXPECTANCY, lifeExpectancy());
            m.put(FactKind.CONTRACEPTION, contraception());
            return new FreshnessPolicy(m);
        }
    }
}
