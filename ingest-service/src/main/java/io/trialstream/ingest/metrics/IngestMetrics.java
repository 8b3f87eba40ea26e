package io.trialstream.ingest.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.trialstream.contracts.Provenance;
import io.trialstream.ingest.parsing.InvalidDocumentException;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Documents submitted to {@code POST /api/v1/trials}, on /q/metrics as
 * {@code trialstream_ingest_documents_total{format,outcome}}: format is the detected source format (a Provenance
 * SourceFormat, or {@code unknown} when the document was refused before a parser recognised it); outcome is
 * {@code published}, {@code publish-failed} or the class of the refusal: {@code rejected-malformed} (400),
 * {@code rejected-unsupported} (415), {@code rejected-not-a-trial} (422). Dry runs ({@code /parse}) are not counted.
 * Labels are closed vocabularies; the reason code itself is in the problem+json answer.
 */
@ApplicationScoped
public class IngestMetrics {
    static final String NAME = "trialstream.ingest.documents";
    static final String UNKNOWN_FORMAT = "unknown";

    private final MeterRegistry meters;

    public IngestMetrics(MeterRegistry meters) {
        this.meters = meters;
        // published and refused series exist from the start, so rate() and alerts see zeros rather than no data
        for (Provenance.SourceFormat f : Provenance.SourceFormat.values()) {
            counter(f.name(), "published");
        }
        for (String outcome : new String[]{"rejected-malformed", "rejected-unsupported", "rejected-not-a-trial"}) {
            counter(UNKNOWN_FORMAT, outcome);
        }
    }

    public void published(Provenance.SourceFormat format) {
        counter(format(format), "published").increment();
    }

    public void publishFailed(Provenance.SourceFormat format) {
        counter(format(format), "publish-failed").increment();
    }

    public void rejected(InvalidDocumentException e) {
        String outcome = switch (e.status()) {
            case 415 -> "rejected-unsupported";
            case 422 -> "rejected-not-a-trial";
            default -> "rejected-malformed";
        };
        counter(UNKNOWN_FORMAT, outcome).increment();
    }

    private static String format(Provenance.SourceFormat f) {
        return f == null ? UNKNOWN_FORMAT : f.name();
    }

    private Counter counter(String format, String outcome) {
        return Counter.builder(NAME).description("Trial documents submitted for ingest, by detected format and outcome")
                .tag("format", format).tag("outcome", outcome).register(meters);
    }
}
