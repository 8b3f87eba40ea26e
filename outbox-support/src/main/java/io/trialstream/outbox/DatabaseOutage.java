package io.trialstream.outbox;

import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What the consumers that write a batch and its outbox rows share: telling a database outage (or a transient
 * conflict) from a record that cannot be stored, and waiting out the outage instead of dead-lettering records
 * that did nothing wrong. While the database is away nothing is acknowledged, so nothing is lost; readiness turns
 * DOWN through the datasource health check.
 */
public final class DatabaseOutage {
    static final long MAX_BACKOFF_MILLIS = 10_000;

    /** SQLState classes 08 (connection), 40 (serialization failure, deadlock), 53 (resources), 57P (shutdown). */
    public static boolean isTransient(Throwable e) {
        String state = sqlState(e);
        return state != null && (state.startsWith("08") || state.startsWith("40") || state.startsWith("53")
                || state.startsWith("57P"));
    }

    /** The first SQLState in the cause chain, or null. */
    public static String sqlState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getSQLState() != null) {
                return s.getSQLState();
            }
        }
        return null;
    }

    /**
     * Runs {@code work}, retrying with exponential back-off (200 ms to 10 s) for as long as it fails transiently.
     * A failure that is not transient is thrown at once.
     *
     * @param onRetry told the SQLState and the back-off before each wait (for a log line; it never sees values)
     */
    public static <T> T retryWhileAway(Supplier<T> work, Consumer<String> onRetry) {
        long backoffMillis = 200;
        while (true) {
            try {
                return work.get();
            } catch (RuntimeException e) {
                if (!isTransient(e)) {
                    throw e;
                }
                onRetry.accept("database unavailable or in conflict (SQLState " + sqlState(e) + "), retrying in " + backoffMillis + " ms");
                try {
                    TimeUnit.MILLISECONDS.sleep(backoffMillis);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                backoffMillis = Math.min(backoffMillis * 2, MAX_BACKOFF_MILLIS);
            }
        }
    }

    private DatabaseOutage() {
    }
}
