package io.trialstream.registry.rest;

/** A request parameter that is missing, malformed or out of range: 400 naming it (problem+json invalidParams). */
public class BadParameterException extends RuntimeException {
    private final String parameter;
    private final String reason;

    public BadParameterException(String parameter, String reason) {
        super("parameter '" + parameter + "' " + reason, null, false, false);
        this.parameter = parameter;
        this.reason = reason;
    }

    public String parameter() {
        return parameter;
    }

    public String reason() {
        return reason;
    }
}
