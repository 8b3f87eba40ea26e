package io.trialstream.ingest.ctgov;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A local stand-in for ClinicalTrials.gov API v2 {@code GET /api/v2/studies}: serves a set of studies filtered by
 * {@code filter.advanced=AREA[LastUpdatePostDate]RANGE[day,MAX]}, in pages of {@code pageSize} with
 * {@code nextPageToken} and {@code totalCount}, and answers with scripted failures (429 with Retry-After, 503) before
 * serving. {@code since=1999-01-01} is answered 400, as the real API answers a query it cannot read. It is driven over
 * HTTP ({@code /control/…}) so a test reaches it whichever class loader started it.
 */
final class CtgovStub {
    static final LocalDate REFUSED_SINCE = LocalDate.of(1999, 1, 1);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern RANGE = Pattern.compile("RANGE\\[(\\d{4}-\\d{2}-\\d{2}),MAX]");

    private final HttpServer server;
    private volatile List<JsonNode> studies = List.of();
    private final Deque<Integer> failures = new ArrayDeque<>();
    private final List<String> requests = new ArrayList<>();

    private CtgovStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v2/studies", this::studies);
        server.createContext("/control/studies", this::setStudies);
        server.createContext("/control/fail", this::scriptFailures);
        server.createContext("/control/requests", this::listRequests);
        server.start();
    }

    static String start() throws IOException {
        CtgovStub stub = new CtgovStub();
        return "http://127.0.0.1:" + stub.server.getAddress().getPort();
    }

    private void studies(HttpExchange ex) throws IOException {
        Map<String, String> q = query(ex.getRequestURI().getRawQuery());
        Integer fail;
        synchronized (this) {
            requests.add(System.nanoTime() / 1_000_000 + " " + ex.getRequestURI().getRawQuery());
            fail = failures.pollFirst();
        }
        if (fail != null) {
            if (fail == 429) {
                ex.getResponseHeaders().add("Retry-After", "1");
            }
            send(ex, fail, "{\"error\":\"scripted\"}");
            return;
        }
        LocalDate since = null;
        Matcher m = RANGE.matcher(q.getOrDefault("filter.advanced", ""));
        if (m.find()) {
            since = LocalDate.parse(m.group(1));
        }
        if (REFUSED_SINCE.equals(since)) {
            send(ex, 400, "{\"error\":\"bad filter\"}");
            return;
        }
        List<JsonNode> selected = new ArrayList<>();
        for (JsonNode s : studies) {
            String updated = s.path("protocolSection").path("statusModule").path("lastUpdatePostDateStruct").path("date").asText("");
            if (since == null || updated.isEmpty() || !LocalDate.parse(updated.substring(0, 10)).isBefore(since)) {
                selected.add(s);
            }
        }
        int size = Integer.parseInt(q.getOrDefault("pageSize", "10"));
        int from = Integer.parseInt(q.getOrDefault("pageToken", "0"));
        ObjectNode page = JSON.createObjectNode();
        ArrayNode out = page.putArray("studies");
        selected.subList(Math.min(from, selected.size()), Math.min(from + size, selected.size())).forEach(out::add);
        if ("true".equals(q.get("countTotal")) && from == 0) {
            page.put("totalCount", selected.size());
        }
        if (from + size < selected.size()) {
            page.put("nextPageToken", Integer.toString(from + size));
        }
        send(ex, 200, JSON.writeValueAsString(page));
    }

    private void setStudies(HttpExchange ex) throws IOException {
        JsonNode body = JSON.readTree(ex.getRequestBody());
        List<JsonNode> list = new ArrayList<>();
        body.forEach(list::add);
        studies = list;
        synchronized (this) {
            requests.clear();
            failures.clear();
        }
        send(ex, 204, null);
    }

    private void scriptFailures(HttpExchange ex) throws IOException {
        for (String code : query(ex.getRequestURI().getRawQuery()).getOrDefault("codes", "").split(",")) {
            if (!code.isBlank()) {
                synchronized (this) {
                    failures.add(Integer.parseInt(code.trim()));
                }
            }
        }
        send(ex, 204, null);
    }

    private synchronized void listRequests(HttpExchange ex) throws IOException {
        send(ex, 200, String.join("\n", requests));
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, body == null ? -1 : bytes.length);
        if (body != null) {
            ex.getResponseBody().write(bytes);
        }
        ex.close();
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new LinkedHashMap<>();
        if (raw != null) {
            for (String part : raw.split("&")) {
                int eq = part.indexOf('=');
                if (eq > 0) {
                    q.put(URLDecoder.decode(part.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return q;
    }

    /** Every distinct study (by NCT id) in the API v2 files under a folder: single studies, arrays, search pages. */
    static List<JsonNode> studiesUnder(Path folder) throws IOException {
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                JsonNode root = JSON.readTree(f.toFile());
                List<JsonNode> found = new ArrayList<>();
                if (root.isArray()) {
                    root.forEach(found::add);
                } else if (root.path("studies").isArray()) {
                    root.get("studies").forEach(found::add);
                } else if (root.has("protocolSection")) {
                    found.add(root);
                }
                for (JsonNode s : found) {
                    String id = s.path("protocolSection").path("identificationModule").path("nctId").asText("");
                    if (!id.isEmpty()) {
                        byId.putIfAbsent(id, s);
                    }
                }
            }
        }
        return new ArrayList<>(byId.values());
    }
}
