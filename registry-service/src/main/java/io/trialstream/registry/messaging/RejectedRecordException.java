package io.trialstream.registry.messaging;

/** A record that can never be processed; its message is a reason code plus a fixed text, never record content. */
public class RejectedRecordException extends RuntimeException {
    private final String reasonCode;

    public RejectedRecordException(String reasonCode, String detail) {
        super(reasonCode + ": " + detail, null, false, false);
        this.reasonCode = reasonCode;
    }

    /** Stable UPPER_SNAKE_CASE code for the {@code dead-letter-reason-code} header. */
    public String reasonCode() {
        return reasonCode;
    }
}
