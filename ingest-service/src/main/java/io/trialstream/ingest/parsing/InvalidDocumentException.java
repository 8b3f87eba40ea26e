package io.trialstream.ingest.parsing;

/**
 * A document that cannot become a trial record. {@code status} is the HTTP status the REST layer answers with
 * (400 unreadable, 415 unknown format, 422 readable but not a trial); the message names what was expected.
 */
public class InvalidDocumentException extends RuntimeException {
    private final int status;
    private final String reasonCode;

    public InvalidDocumentException(int status, String reasonCode, String message) {
        super(message);
        this.status = status;
        this.reasonCode = reasonCode;
    }

    public int status() {
        return status;
    }

    public String reasonCode() {
        return reasonCode;
    }
}
