package io.trialstream.ingest.parsing;

import io.trialstream.ingest.errors.RequestProblem;

/**
 * A document that cannot become a trial record. {@code status} is the HTTP status the REST layer answers with
 * (400 unreadable, 415 unknown format, 422 readable but not a trial); the message names what was expected.
 */
public class InvalidDocumentException extends RequestProblem {

    public InvalidDocumentException(int status, String reasonCode, String message) {
        super(status, reasonCode, message);
    }

    public String reasonCode() {
        return code();
    }
}
