package io.trialstream.matching.config;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The HTTP server span records the request path ({@code url.path}) and query ({@code url.query}), and
 * {@code GET /api/v1/patients/{patientId}/matches} carries the patient id in its path. This processor replaces the id
 * with the template, and every query value with nothing (our parameters are filters, and a caller may put anything
 * there), before any exporter sees the span (Quarkus registers SpanProcessor beans with the tracer provider). The
 * route ({@code http.route}) is a template already. Written here because the HTTP instrumentation has no option to
 * leave the path or query out.
 */
@Singleton
public class PatientIdRedactor implements SpanProcessor {
    private static final Pattern PATIENT_PATH = Pattern.compile("(/api/v1/patients/)[^/?#]+");
    private static final String TEMPLATE = "$1{patientId}";
    private static final Pattern QUERY_VALUE = Pattern.compile("=[^&#]*");
    private static final List<AttributeKey<String>> PATH_ATTRIBUTES = List.of(AttributeKey.stringKey("url.path"),
            AttributeKey.stringKey("url.full"), AttributeKey.stringKey("url.query"), AttributeKey.stringKey("http.target"),
            AttributeKey.stringKey("http.url"));

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {
        for (AttributeKey<String> key : PATH_ATTRIBUTES) {
            String value = span.getAttribute(key);
            if (value != null) {
                String redacted = key.getKey().equals("url.query") ? QUERY_VALUE.matcher(value).replaceAll("=") : redact(value);
                if (!redacted.equals(value)) {
                    span.setAttribute(key, redacted);
                }
            }
        }
        if (span.getName().contains("/api/v1/patients/")) {
            span.updateName(redact(span.getName()));
        }
    }

    /** The patient id of a path, and the values of a query, replaced. */
    static String redact(String pathOrUrl) {
        String path = PATIENT_PATH.matcher(pathOrUrl).replaceAll(TEMPLATE);
        int query = path.indexOf('?');
        return query < 0 ? path : path.substring(0, query) + QUERY_VALUE.matcher(path.substring(query)).replaceAll("=");
    }

    @Override
    public boolean isStartRequired() {
        return true;
    }

    @Override
    public void onEnd(ReadableSpan span) {
        // nothing: attributes cannot change once a span ended
    }

    @Override
    public boolean isEndRequired() {
        return false;
    }
}
