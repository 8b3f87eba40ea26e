package io.trialstream.ingest.service;

import io.trialstream.contracts.ParsedTrial;
import io.trialstream.contracts.Provenance;
import io.trialstream.contracts.TrialRecord;
import io.trialstream.ingest.parsing.CtgovV2Parser;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/** Turns one submitted document into the ParsedTrial records it holds. */
@ApplicationScoped
public class TrialIngestService {
    public static final String PARSER_VERSION = "ctgov-v2/1";

    private final CtgovV2Parser v2Parser = new CtgovV2Parser();

    public List<ParsedTrial> parse(String body, String sourceUri) {
        List<TrialRecord> records = v2Parser.parse(body);
        String sha = sha256(body);
        Instant now = Instant.now();
        return records.stream()
                .map(r -> new ParsedTrial(ParsedTrial.SCHEMA_VERSION, r, new Provenance(
                        Provenance.SourceFormat.CTGOV_V2_JSON, sourceUri, sha, PARSER_VERSION, now)))
                .toList();
    }

    static String sha256(String body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
