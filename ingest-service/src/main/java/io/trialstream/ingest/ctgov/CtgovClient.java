package io.trialstream.ingest.ctgov;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Pages through ClinicalTrials.gov API v2 {@code GET /studies}: studies last updated on or after a day, a page at a
 * time ({@code pageToken}), no faster than the configured request rate, retrying 429, 5xx, timeouts and connection
 * failures with exponential back-off (a server's {@code Retry-After} is honoured, up to the longest back-off).
 * The JDK's HTTP client is enough for one GET with a query string; the retry policy is the API's own contract.
 */
final class CtgovClient {

    /** A response that is not worth retrying (4xx other than 429), or retries exhausted. */
    static final class SyncFailure extends Exception {
        final String code;

        SyncFailure(String code, String message) {
            super(message);
            this.code = code;
        }
    }

    interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final HttpClient http;
    private final URI base;
    private final int pageSize;
    private final Duration minInterval;
    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration requestTimeout;
    private final Optional<String> queryTerm;
    private final Sleeper sleeper;
    private final AtomicInteger retries = new AtomicInteger();
    private long lastRequestNanos;

    CtgovClient(HttpClient http, URI base, int pageSize, int requestsPerMinute, int maxAttempts, Duration initialBackoff,
                Duration maxBackoff, Duration requestTimeout, Optional<String> queryTerm, Sleeper sleeper) {
        this.http = http;
        String b = base.toString();
        this.base = URI.create(b.endsWith("/") ? b.substring(0, b.length() - 1) : b);
        this.pageSize = Math.max(1, Math.min(pageSize, 1000));
        this.minInterval = Duration.ofNanos(60_000_000_000L / Math.max(1, requestsPerMinute));
        this.maxAttempts = Math.max(1, maxAttempts);
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.requestTimeout = requestTimeout;
        this.queryTerm = queryTerm.filter(s -> !s.isBlank());
        this.sleeper = sleeper;
    }

    int retries() {
        return retries.get();
    }

    URI pageUri(LocalDate since, String pageToken) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("format", "json");
        q.put("pageSize", Integer.toString(pageSize));
        q.put("countTotal", "true");
        if (since != null) {
            q.put("filter.advanced", "AREA[LastUpdatePostDate]RANGE[" + since + ",MAX]");
        }
        queryTerm.ifPresent(t -> q.put("query.term", t));
        if (pageToken != null) {
            q.put("pageToken", pageToken);
        }
        String query = q.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return URI.create(base + "/studies?" + query);
    }

    /** One page's body (JSON); throws when the server refuses for good or the attempts run out. */
    byte[] page(LocalDate since, String pageToken) throws SyncFailure, InterruptedException {
        URI uri = pageUri(since, pageToken);
        String last = null;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            pace();
            Duration wait;
            try {
                HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(uri).timeout(requestTimeout)
                        .header("Accept", "application/json").header("User-Agent", "trialstream-ingest/1 (sync)")
                        .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
                int code = r.statusCode();
                if (code == 200) {
                    return r.body();
                }
                if (code != 429 && code < 500) {
                    throw new SyncFailure("HTTP_" + code, "ClinicalTrials.gov answered " + code + " to " + base
                            + "/studies (not retried)");
                }
                last = "HTTP " + code;
                wait = retryAfter(r).orElse(backoff(attempt));
            } catch (HttpTimeoutException e) {
                last = "timeout";
                wait = backoff(attempt);
            } catch (IOException e) {
                last = e.getClass().getSimpleName();
                wait = backoff(attempt);
            }
            if (attempt < maxAttempts) {
                retries.incrementAndGet();
                sleeper.sleep(wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait);
            }
        }
        throw new SyncFailure("RETRIES_EXHAUSTED", "no answer from " + base + "/studies after " + maxAttempts
                + " attempts (last: " + last + ")");
    }

    private Duration backoff(int attempt) {
        long millis = initialBackoff.toMillis() << Math.min(attempt - 1, 20);
        long jitter = (long) (Math.random() * initialBackoff.toMillis() / 2);
        return Duration.ofMillis(Math.min(millis + jitter, maxBackoff.toMillis()));
    }

    private static Optional<Duration> retryAfter(HttpResponse<?> r) {
        OptionalLong seconds;
        try {
            seconds = r.headers().firstValueAsLong("Retry-After");
        } catch (NumberFormatException e) {
            return Optional.empty(); // an HTTP date: fall back to our own back-off
        }
        return seconds.isPresent() && seconds.getAsLong() >= 0 ? Optional.of(Duration.ofSeconds(seconds.getAsLong()))
                : Optional.empty();
    }

    /** Keeps request starts at least 60 s / requests-per-minute apart. */
    private void pace() throws InterruptedException {
        long now = System.nanoTime();
        if (lastRequestNanos != 0) {
            long due = lastRequestNanos + minInterval.toNanos();
            if (due > now) {
                sleeper.sleep(Duration.ofNanos(due - now));
                now = System.nanoTime();
            }
        }
        lastRequestNanos = now;
    }
}
