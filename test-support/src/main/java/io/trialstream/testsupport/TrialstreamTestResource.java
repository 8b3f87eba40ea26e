package io.trialstream.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * The one Quarkus test resource of the project: points a service at real Kafka and real PostgreSQL
 * (see {@link TestInfrastructure}). Use with {@code @QuarkusTestResource(TrialstreamTestResource.class)}.
 */
public class TrialstreamTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        TestInfrastructure.Endpoints infra = TestInfrastructure.get();
        return Map.of(
                "kafka.bootstrap.servers", infra.bootstrapServers(),
                "quarkus.datasource.jdbc.url", infra.jdbcUrl(),
                "quarkus.datasource.username", infra.username(),
                "quarkus.datasource.password", infra.password());
    }

    @Override
    public void stop() {
        // Shared by every test class of the JVM; stopped by a shutdown hook.
    }
}
