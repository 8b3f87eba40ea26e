package io.trialstream.matching.leak;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Every finished span, for {@link PatientDataLeakTest}. Quarkus exports to every SpanExporter bean when
 * {@code quarkus.otel.traces.exporter=cdi} (the default) and the SDK is on ({@code quarkus.otel.sdk.disabled=false}); the
 * other test profiles keep the application's default of a disabled SDK.
 */
@ApplicationScoped
public class InMemorySpans {
    @Produces
    @Singleton
    InMemorySpanExporter inMemorySpanExporter() {
        return InMemorySpanExporter.create();
    }
}
