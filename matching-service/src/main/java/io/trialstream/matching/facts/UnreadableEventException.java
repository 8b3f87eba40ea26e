package io.trialstream.matching.facts;

/**
 * A patient event that can never be applied. The message is a stable reason code plus fixed text: it becomes a
 * dead-letter header or a problem+json detail, so it never carries record content (patient values).
 */
public class UnreadableEventException extends RuntimeException {
    private final String reasonCode;

    public UnreadableEventException(String reasonCode, String detail) {
        super(reasonCode + ": " + detail, null, false, false);
        this.reasonCode = reasonCode;
    }

    public String reasonCode() {
        return reasonCode;
    }
}
