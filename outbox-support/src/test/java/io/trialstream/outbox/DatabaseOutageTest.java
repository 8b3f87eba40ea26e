package io.trialstream.outbox;

import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatabaseOutageTest {
    static RuntimeException failure(String sqlState) {
        return new IllegalStateException("wrapped", new SQLException("reason", sqlState));
    }

    @Test
    void connectionConflictResourceAndShutdownStatesAreTransientConstraintViolationsAreNot() {
        assertThat(DatabaseOutage.isTransient(failure("08006"))).isTrue();
        assertThat(DatabaseOutage.isTransient(failure("40001"))).isTrue();
        assertThat(DatabaseOutage.isTransient(failure("40P01"))).isTrue();
        assertThat(DatabaseOutage.isTransient(failure("53300"))).isTrue();
        assertThat(DatabaseOutage.isTransient(failure("57P01"))).isTrue();
        assertThat(DatabaseOutage.isTransient(failure("23505"))).isFalse();
        assertThat(DatabaseOutage.isTransient(failure("22P02"))).isFalse();
        assertThat(DatabaseOutage.isTransient(new IllegalArgumentException("no SQL cause"))).isFalse();
    }

    @Test
    void anOutageIsWaitedOutAndTheWorkRunsAgain() {
        AtomicInteger calls = new AtomicInteger();
        List<String> retries = new ArrayList<>();
        String result = DatabaseOutage.retryWhileAway(() -> {
            if (calls.incrementAndGet() < 3) {
                throw failure("08001");
            }
            return "stored";
        }, retries::add);
        assertThat(result).isEqualTo("stored");
        assertThat(retries).hasSize(2).allSatisfy(r -> assertThat(r).contains("08001"));
    }

    @Test
    void aRecordThatCannotBeStoredFailsAtOnce() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> DatabaseOutage.retryWhileAway(() -> {
            calls.incrementAndGet();
            throw failure("23505");
        }, r -> { })).hasRootCauseInstanceOf(SQLException.class);
        assertThat(calls).hasValue(1);
    }
}
