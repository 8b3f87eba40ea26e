package io.trialstream.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ./trialstream import PATH} and {@code ./trialstream sync [SINCE]} against a running local system (or any
 * ingest-service, with TRIALSTREAM_INGEST_URL and TRIALSTREAM_TOKEN): starts a bulk import of a directory or zip
 * archive, or a ClinicalTrials.gov sync, and prints its progress until it ends.
 */
final class IngestCommands {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String ingest;
    private final String token;

    IngestCommands(Path root) throws java.io.IOException {
        String url = System.getenv("TRIALSTREAM_INGEST_URL");
        String port = System.getenv().getOrDefault("TRIALSTREAM_INGEST_PORT", "8081");
        this.ingest = url != null && !url.isBlank() ? url.replaceAll("/+$", "") : "http://127.0.0.1:" + port;
        String t = System.getenv("TRIALSTREAM_TOKEN");
        this.token = t != null && !t.isBlank() ? t
                : DevTokenIssuer.open(root.resolve(".trialstream").resolve("dev-jwt")).token("trial-writer", Duration.ofHours(12));
    }

    int importPath(String pathArg) throws Exception {
        Path path = Path.of(pathArg).toAbsolutePath().normalize();
        if (!Files.exists(path)) {
            System.err.println("trialstream import: no such file or directory: " + path);
            return 2;
        }
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(ingest + "/api/v1/bulk-imports"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("path", path.toString())))));
        if (r.statusCode() != 202) {
            return refused(r);
        }
        String id = JSON.readTree(r.body()).path("id").asText();
        System.out.println("Importing " + path + " (import " + id + "; resumable: POST " + ingest
                + "/api/v1/bulk-imports/" + id + "/resume)");
        JsonNode s = follow(ingest + "/api/v1/bulk-imports/" + id, n -> String.format(Locale.ROOT,
                "  %,d / %,d documents (%.1f %%)  %,.0f documents/s  parsed %,d  failed %,d", n.path("processed").asInt(),
                n.path("total").asInt(), n.path("percent").asDouble(), n.path("documentsPerSecond").asDouble(),
                n.path("parsed").asInt(), n.path("failed").asInt()));
        System.out.printf(Locale.ROOT, "%s: %,d documents, %,d parsed (%,d trials published), %,d failed%s%n",
                s.path("state").asText(), s.path("total").asInt(), s.path("parsed").asInt(), s.path("trialsPublished").asLong(),
                s.path("failed").asInt(), s.path("stateReason").isTextual() ? " — " + s.path("stateReason").asText() : "");
        printFailures(s, "document");
        return s.path("state").asText().equals("COMPLETED") ? 0 : 1;
    }

    int sync(String since) throws Exception {
        String uri = ingest + "/api/v1/ctgov-sync" + (since == null ? "" : "?since=" + since);
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(uri)).POST(HttpRequest.BodyPublishers.noBody()));
        if (r.statusCode() != 202) {
            return refused(r);
        }
        JsonNode started = JSON.readTree(r.body());
        System.out.println("Syncing from " + started.path("baseUrl").asText() + ", studies updated since "
                + (started.path("since").isTextual() ? started.path("since").asText() : "the beginning"));
        JsonNode s = follow(ingest + "/api/v1/ctgov-sync", n -> String.format(Locale.ROOT,
                "  page %d: %,d studies%s, published %,d, failed %,d, retries %d", n.path("pages").asInt(),
                n.path("studies").asInt(), n.path("totalCount").isInt() ? " of " + n.path("totalCount").asInt() : "",
                n.path("published").asInt(), n.path("failed").asInt(), n.path("retries").asInt()));
        System.out.printf(Locale.ROOT, "%s: %,d studies, %,d published, %,d failed; next sync from %s%s%n",
                s.path("state").asText(), s.path("studies").asInt(), s.path("published").asInt(), s.path("failed").asInt(),
                s.path("nextSince").asText("-"), s.path("error").isTextual() ? " — " + s.path("error").asText() : "");
        printFailures(s, "study");
        return s.path("state").asText().equals("COMPLETED") ? 0 : 1;
    }

    private JsonNode follow(String statusUri, java.util.function.Function<JsonNode, String> line) throws Exception {
        String last = "";
        boolean away = false;
        while (true) {
            HttpResponse<String> r;
            try {
                r = send(HttpRequest.newBuilder(URI.create(statusUri)).GET());
            } catch (java.io.IOException e) {
                // the service restarts (an import resumes by itself from its journal): keep following
                if (!away) {
                    System.out.println("  ingest-service is not answering (" + e.getClass().getSimpleName()
                            + "); waiting for it: an interrupted import resumes when the service starts again");
                    away = true;
                }
                Thread.sleep(2_000);
                continue;
            }
            away = false;
            if (r.statusCode() != 200) {
                System.err.println("trialstream: ingest-service answered " + r.statusCode() + ": " + r.body());
                return JSON.readTree("{\"state\":\"UNKNOWN\"}");
            }
            JsonNode n = JSON.readTree(r.body());
            if (!n.path("state").asText().equals("RUNNING")) {
                return n;
            }
            String now = line.apply(n);
            if (!now.equals(last)) {
                System.out.println(now);
                last = now;
            }
            Thread.sleep(2_000);
        }
    }

    private static void printFailures(JsonNode s, String what) {
        Iterator<Map.Entry<String, JsonNode>> reasons = s.path("failuresByReason").fields();
        while (reasons.hasNext()) {
            Map.Entry<String, JsonNode> e = reasons.next();
            System.out.printf(Locale.ROOT, "  %-28s %,d%n", e.getKey(), e.getValue().asInt());
        }
        int shown = 0;
        for (JsonNode f : s.path("failures")) {
            if (shown++ == 10) {
                System.out.println("  … (GET the status for the first 200)");
                break;
            }
            System.out.println("  " + what + " " + f.path("document").asText() + ": " + f.path("reasonCode").asText()
                    + " — " + f.path("reason").asText());
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.header("Authorization", "Bearer " + token).header("Accept", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int refused(HttpResponse<String> r) {
        System.err.println("trialstream: ingest-service answered " + r.statusCode() + ": " + r.body());
        return 1;
    }
}
