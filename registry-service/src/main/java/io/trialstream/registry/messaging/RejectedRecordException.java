package io.trialstream.registry.messaging;

/** A record that can never be processed; its message is a reason code plus a fixed text, never record content. */
public class RejectedRecordException extends RuntimeException {
    public RejectedRecordException(String reasonCode, String detail) {
        super(reasonCode + ": " + detail, null, false, false);
    }
}
