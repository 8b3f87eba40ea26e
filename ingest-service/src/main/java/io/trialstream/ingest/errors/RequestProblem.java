package io.trialstream.ingest.errors;

/**
 * A request that cannot be served as asked: answered as problem+json with {@code status} and a reason {@code code}
 * (ProblemMappers). Documents that cannot be read are the {@link io.trialstream.ingest.parsing.InvalidDocumentException} kind.
 */
public class RequestProblem extends RuntimeException {
    private final int status;
    private final String code;

    public RequestProblem(int status, String code, String detail) {
        super(detail);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
