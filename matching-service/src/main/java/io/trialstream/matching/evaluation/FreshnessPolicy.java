package io.trialstream.matching.evaluation;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * How old a fact of each kind may be and still count. A year-old lab is not a current lab: a stale fact evaluates to
 * UNKNOWN and shows up in "needed info". Diagnoses, medications and procedures are not in here: they are dated
 * history, and criteria about them carry their own windows.
 */
public record FreshnessPolicy(Map<FactKind, Duration> windows) {

    /** Defaults, also the defaults of {@code trialstream.matching.freshness.*}. */
    public static FreshnessPolicy defaults() {
        Map<FactKind, Duration> m = new EnumMap<>(FactKind.class);
        m.put(FactKind.LAB, Duration.ofDays(30));
        m.put(FactKind.ORGAN_FUNCTION, Duration.ofDays(90));
        m.put(FactKind.PERFORMANCE_STATUS, Duration.ofDays(60));
        m.put(FactKind.PREGNANCY, Duration.ofDays(14));
        m.put(FactKind.BREASTFEEDING, Duration.ofDays(30));
        m.put(FactKind.INFECTION_TEST, Duration.ofDays(90));
        m.put(FactKind.DISEASE_STATUS, Duration.ofDays(90));
        m.put(FactKind.BIOMARKER, Duration.ofDays(365));
        m.put(FactKind.LIFE_EXPECTANCY, Duration.ofDays(60));
        m.put(FactKind.CONTRACEPTION, Duration.ofDays(90));
        return new FreshnessPolicy(m);
    }

    public FreshnessPolicy {
        windows = Map.copyOf(windows);
    }

    public Duration window(FactKind kind) {
        return windows.getOrDefault(kind, Duration.ofDays(30));
    }

    /** A fact without a time cannot be shown to be current. */
    public boolean isFresh(FactKind kind, Instant observedAt, Instant now) {
        return observedAt != null && !observedAt.isBefore(now.minus(window(kind)));
    }

    public FreshnessPolicy with(FactKind kind, Duration window) {
        Map<FactKind, Duration> m = new EnumMap<>(windows);
        m.put(kind, window);
        return new FreshnessPolicy(m);
    }
}
