package io.trialstream.ingest.service;

import io.trialstream.contracts.ParsedTrial;
import io.trialstream.contracts.Provenance;
import io.trialstream.ingest.parsing.InvalidDocumentException;
import io.trialstream.ingest.parsing.TrialDocumentReader;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/** Turns one submitted document, in any accepted format, into the ParsedTrial records it holds. */
@ApplicationScoped
public class TrialIngestService {
    private static final Logger LOG = Logger.getLogger(TrialIngestService.class);

    private final TrialDocumentReader reader = new TrialDocumentReader();

    public List<ParsedTrial> parse(byte[] body, String contentType, String sourceUri) {
        TrialDocumentReader.ReadDocument doc;
        try {
            doc = reader.read(body, contentType);
        } catch (InvalidDocumentException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            // A parser defect must not turn a client's document into a 500 or take the service down; the document
            // itself is not logged (it may be large, and ops logs are no place for trial or patient text).
            LOG.warnf("unexpected %s while reading a %d-byte %s document", e.getClass().getSimpleName(),
                    body == null ? 0 : body.length, contentType);
            throw new InvalidDocumentException(422, "UNREADABLE_DOCUMENT", "the document could not be read as a trial; "
                    + "expected " + TrialDocumentReader.ACCEPTED);
        }
        String sha = sha256(body);
        Instant now = Instant.now();
        return doc.trials().stream()
                .map(r -> new ParsedTrial(ParsedTrial.SCHEMA_VERSION, r, new Provenance(
                        doc.sourceFormat(), sourceUri, sha, doc.parserVersion(), now)))
                .toList();
    }

    /** Hash of the bytes as received, so the same upload is recognisable whatever its encoding or format. */
    static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body == null ? new byte[0] : body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
