package io.trialstream.matching.messaging;

/**
 * A record that can never be processed. Its message becomes the {@code dead-letter-reason} header, so it is a
 * reason code plus fixed text and never carries record content (patient values).
 */
public class RejectedRecordException extends RuntimeException {
    private final String reasonCode;

    public RejectedRecordException(String reasonCode, String detail) {
        super(reasonCode + ": " + detail, null, false, false);
        this.reasonCode = reasonCode;
    }

    public String reasonCode() {
        return reasonCode;
    }
}
