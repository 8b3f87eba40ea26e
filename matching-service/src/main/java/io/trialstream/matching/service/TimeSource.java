package io.trialstream.matching.service;

import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;

/** The service's clock: evaluation time for freshness, windows and ages. A bean so tests can move time forward. */
@ApplicationScoped
public class TimeSource {
    public Instant now() {
        return Instant.now();
    }
}
