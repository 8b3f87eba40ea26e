package io.trialstream.contracts.fuzz;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trialstream.contracts.ContractJson;
import io.trialstream.contracts.MatchEvent;
import io.trialstream.contracts.ParsedTrial;
import io.trialstream.contracts.PatientEvent;
import io.trialstream.contracts.Trial;
import io.trialstream.contracts.TrialRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzing of how consumers read the contracts (issue 7): registry-service reads {@code trials.parsed.v1} values as
 * {@link ParsedTrial}, matching-service reads {@link Trial}, {@link PatientEvent} (through a tree, as
 * {@code PatientEventReader} does) and {@link MatchEvent}, both read stored {@link TrialRecord}s. Whatever the bytes
 * on the topic, reading with {@link ContractJson#mapper()} must return a record (or null for a JSON null) or throw
 * {@link JsonProcessingException}, which the consumers turn into a dead letter; the tree path may also throw
 * {@link IllegalArgumentException}, which {@code PatientEventReader} catches. Any other exception or Error would stop
 * a consumer on a poison record. It must also answer within a budget (a hang detector: 2 s, retried once with 20 s),
 * give equal records for equal input, and a record it returns must write and read back equal.
 * <p>
 * Pure Java rather than Jazzer: see {@code ParserFuzzTest} in ingest-service (no native agent needed for a JVM
 * target whose failures are exceptions, overruns and unequal results). The committed corpus
 * ({@code src/test/resources/fuzz-corpus/<type>/}) is replayed in every build together with a short fixed-seed run;
 * {@code -Dfuzz.iterations=200000 -Dfuzz.seed=N} runs longer, and a failing input is written to
 * {@code target/fuzz-findings/contracts/<type>/} (move it into the corpus once fixed).
 */
class ContractJsonFuzzTest {

    private static final int ITERATIONS = Integer.getInteger("fuzz.iterations", 3_000);
    private static final long SEED = Long.getLong("fuzz.seed", 20261121L);
    private static final long BUDGET_MILLIS = Long.getLong("fuzz.budgetMillis", 2_000);
    private static final Path FINDINGS = Path.of(System.getProperty("fuzz.findings", "target/fuzz-findings"), "contracts");
    private static final ObjectMapper MAPPER = ContractJson.mapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String RAW = "\u0001raw\u0001";

    /** A contract type as its consumer reads it, with its golden sample(s). */
    enum Contract {
        PARSED_TRIAL("parsed-trial", ParsedTrial.class, false, "parsed-trial.json"),
        TRIAL("trial", Trial.class, false, "trial.json"),
        TRIAL_RECORD("trial-record", TrialRecord.class, false),
        PATIENT_EVENT("patient-event", PatientEvent.class, true, "patient-event.json"),
        MATCH_EVENT("match-event", MatchEvent.class, false, "match-event-created.json", "match-event-retracted.json");

        final String folder;
        final Class<?> type;
        final boolean viaTree;
        final String[] samples;

        Contract(String folder, Class<?> type, boolean viaTree, String... samples) {
            this.folder = folder;
            this.type = type;
            this.viaTree = viaTree;
            this.samples = samples;
        }

        Object read(String json) throws JsonProcessingException {
            if (viaTree) {
                JsonNode tree = MAPPER.readTree(json);
                return tree == null ? null : MAPPER.treeToValue(tree, type);
            }
            return MAPPER.readValue(json, type);
        }

        boolean documented(Throwable t) {
            return t instanceof JsonProcessingException || viaTree && t instanceof IllegalArgumentException;
        }
    }

    private record Outcome(Object value, Throwable error, boolean timedOut) {
    }

    private static ExecutorService worker = newWorker();

    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "contract-fuzz-worker");
            t.setDaemon(true);
            return t;
        });
    }

    @AfterAll
    static void stop() {
        worker.shutdownNow();
    }

    @TestFactory
    Stream<DynamicTest> everyCorpusInputIsReadOrRefused() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Contract c : Contract.values()) {
            for (Map.Entry<String, String> in : corpus(c).entrySet()) {
                tests.add(DynamicTest.dynamicTest(c.folder + "/" + in.getKey(),
                        () -> assertThat(check(c, in.getValue()).failure()).as(c + " " + in.getKey()).isEmpty()));
            }
        }
        assertThat(tests).as("committed contract corpus").hasSizeGreaterThanOrEqualTo(10);
        return tests.stream();
    }

    @Test
    void mutatedRecordsAreReadOrRefused() {
        Random random = new Random(SEED);
        Map<Contract, List<String>> seeds = new LinkedHashMap<>();
        List<String> all = new ArrayList<>();
        for (Contract c : Contract.values()) {
            List<String> s = new ArrayList<>(corpus(c).values());
            for (String sample : c.samples) {
                s.add(resource("samples/" + sample));
            }
            if (c == Contract.TRIAL_RECORD) {
                s.add(MAPPER.valueToTree(readOrFail(resource("samples/parsed-trial.json"), ParsedTrial.class).trial()).toString());
            }
            seeds.put(c, s);
            all.addAll(s);
        }
        Contract[] contracts = Contract.values();
        Map<String, Integer> findings = new LinkedHashMap<>();
        int read = 0;
        int refused = 0;
        long started = System.nanoTime();
        for (int i = 0; i < ITERATIONS; i++) {
            Contract c = contracts[random.nextInt(contracts.length)];
            List<String> pool = seeds.get(c);
            String input = pool.get(random.nextInt(pool.size()));
            int rounds = 1 + random.nextInt(2);
            for (int r = 0; r < rounds; r++) {
                input = mutate(input, random, all);
            }
            Checked checked = check(c, input);
            Optional<String> failure = checked.failure();
            if (failure.isPresent()) {
                String kind = c.folder + " " + failure.get().lines().findFirst().orElse("");
                if (findings.merge(kind, 1, Integer::sum) == 1) {
                    write(c, input, failure.get());
                }
            } else if (checked.outcome().error() == null) {
                read++;
            } else {
                refused++;
            }
        }
        System.out.printf("contract fuzz: %d inputs (seed %d) in %.1f s: %d read, %d refused with the documented "
                        + "exception, %d distinct findings%n", ITERATIONS, SEED, (System.nanoTime() - started) / 1e9, read,
                refused, findings.size());
        findings.forEach((k, n) -> System.out.printf("  FINDING x%d  %s%n", n, k));
        assertThat(findings).as("inputs that broke an invariant (written to %s)", FINDINGS.toAbsolutePath()).isEmpty();
    }

    /** What the first read did, and what broke (empty when every invariant holds). */
    private record Checked(Outcome outcome, Optional<String> failure) {
    }

    private static Checked check(Contract c, String json) {
        Outcome first = timed(c, json);
        return new Checked(first, broken(c, json, first));
    }

    private static Optional<String> broken(Contract c, String json, Outcome first) {
        if (first.timedOut()) {
            return Optional.of("HANG: no answer within " + BUDGET_MILLIS + " ms, nor within 20 s");
        }
        if (first.error() != null && !c.documented(first.error())) {
            return Optional.of("UNEXPECTED_EXCEPTION " + first.error() + "\n" + stackTrace(first.error()));
        }
        Outcome second = timed(c, json);
        boolean same = first.error() != null
                ? second.error() != null && second.error().getClass() == first.error().getClass()
                : second.error() == null && Objects.equals(first.value(), second.value());
        if (!same) {
            return Optional.of("DETERMINISM: " + first + " then " + second);
        }
        if (first.value() != null) {
            try {
                String written = MAPPER.writeValueAsString(first.value());
                Object back = c.read(written);
                if (!first.value().equals(back)) {
                    return Optional.of("ROUND_TRIP: the record reads back different after writing");
                }
            } catch (Exception | StackOverflowError e) {
                return Optional.of("ROUND_TRIP " + e + "\n" + stackTrace(e));
            }
        }
        return Optional.empty();
    }

    private static Outcome timed(Contract c, String json) {
        Outcome o = attempt(c, json, BUDGET_MILLIS);
        return o.timedOut() ? attempt(c, json, Math.max(20_000, BUDGET_MILLIS * 10)) : o;
    }

    private static Outcome attempt(Contract c, String json, long millis) {
        Future<Outcome> f = worker.submit(() -> {
            try {
                return new Outcome(c.read(json), null, false);
            } catch (Throwable t) {
                return new Outcome(null, t, false);
            }
        });
        try {
            return f.get(millis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            worker.shutdownNow();
            worker = newWorker();
            return new Outcome(null, null, true);
        } catch (ExecutionException e) {
            return new Outcome(null, e.getCause(), false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ---- mutations: JSON nodes first (they reach the record binding), then text and bytes ----

    private static final String[] ODD_VALUES = {"99999999999999999999999999", "-9223372036854775809", "1e999999",
            "-1E-999999", "1.7976931348623157E309", "NaN", "\"NaN\"", "\"Infinity\"", "-0", "0.1e-400", "true", "null",
            "\"\"", "\" \"", "[]", "{}", "\"\\ud800\"", "\"\\u0000\"", "\"+1000000000-12-31T23:59:59Z\"",
            "\"-999999999-01-01\"", "\"2026-02-30\"", "\"2026-11-03T25:00:00Z\"", "\"2026-11-03\"", "1762071331",
            "\"1762071331\"", "1.5", "\"ELIGIBLE\"", "\"eligible\"", "\"UNKNOWN_NEW_VALUE\"", "\"SNAPSHOT\"",
            "\"FACTS\"", "\"DELETED\"", "\"" + "x".repeat(100_000) + "\"", "[" + "1,".repeat(20_000) + "1]",
            "{\"a\":1,\"a\":2}", "\"\\uDFFF\\uD800\"", "\"Ω≥µ\\u202E\""};

    private static String mutate(String json, Random random, List<String> pool) {
        if (random.nextInt(6) > 0) {
            try {
                JsonNode root = MAPPER.readTree(json);
                if (root != null && root.isContainerNode()) {
                    return mutateTree(root, random);
                }
            } catch (IOException | RuntimeException e) {
                // not JSON any more: text mutations below
            }
        }
        if (json.isEmpty()) {
            return "{";
        }
        int at = random.nextInt(json.length());
        return switch (random.nextInt(6)) {
            case 0 -> json.substring(0, at);
            case 1 -> json.substring(0, at) + json.substring(Math.min(json.length(), at + 1 + random.nextInt(64)));
            case 2 -> json.substring(0, at) + pick(random, new String[]{"{", "}", "[", "]", ",", ":", "\"", "\\",
                    "\\u", "/*", "//", "\u0000", "\uFEFF", "'", "NaN", "-"}) + json.substring(at);
            case 3 -> json.substring(0, at) + pick(random, ODD_VALUES) + json.substring(at);
            case 4 -> {
                String other = pool.get(random.nextInt(pool.size()));
                yield json.substring(0, at) + other.substring(random.nextInt(Math.max(1, other.length())));
            }
            default -> {
                byte[] b = json.getBytes(StandardCharsets.UTF_8);
                b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
                yield new String(b, StandardCharsets.UTF_8);
            }
        };
    }

    private static String mutateTree(JsonNode root, Random random) {
        List<JsonNode> containers = new ArrayList<>();
        collect(root, containers);
        JsonNode target = containers.get(random.nextInt(containers.size()));
        List<String> raws = new ArrayList<>();
        if (target instanceof ObjectNode object && object.size() > 0) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            String name = names.get(random.nextInt(names.size()));
            switch (random.nextInt(6)) {
                case 0 -> object.remove(name);
                case 1 -> {
                    raws.add(pick(random, ODD_VALUES));
                    object.put(name, RAW);
                }
                case 2 -> object.set(name, nest(object.get(name), random));
                case 3 -> object.set(name, containers.get(random.nextInt(containers.size())).deepCopy());
                case 4 -> object.set(name, NODES.arrayNode().add(object.get(name)));
                default -> {
                    JsonNode moved = object.remove(name);
                    object.set(random.nextBoolean() ? name.toUpperCase(Locale.ROOT) : name, moved);
                }
            }
        } else if (target instanceof ArrayNode array && array.size() > 0) {
            int i = random.nextInt(array.size());
            switch (random.nextInt(4)) {
                case 0 -> array.remove(i);
                case 1 -> {
                    int copies = random.nextInt(4) == 0 ? 1 + random.nextInt(2_000) : 1;
                    for (int k = 0; k < copies; k++) {
                        array.add(array.get(i).deepCopy());
                    }
                }
                case 2 -> {
                    raws.add(pick(random, ODD_VALUES));
                    array.set(i, NODES.textNode(RAW));
                }
                default -> array.set(i, nest(array.get(i), random));
            }
        } else {
            return random.nextBoolean() ? "[" + root + "]" : "null";
        }
        String out = root.toString();
        for (String raw : raws) {
            int at = out.indexOf("\"" + RAW + "\"");
            if (at >= 0) {
                out = out.substring(0, at) + raw + out.substring(at + RAW.length() + 2);
            }
        }
        return out;
    }

    /** Around Jackson's default nesting limit (1000) and below it. */
    private static JsonNode nest(JsonNode node, Random random) {
        int[] depths = {10, 100, 500, 998, 999, 1000, 1001, 3000};
        JsonNode n = node == null ? NODES.nullNode() : node;
        for (int d = depths[random.nextInt(depths.length)]; d > 0; d--) {
            n = random.nextBoolean() ? NODES.arrayNode().add(n) : NODES.objectNode().set("codes", n);
        }
        return n;
    }

    private static void collect(JsonNode node, List<JsonNode> out) {
        if (node.isContainerNode()) {
            out.add(node);
            for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
                collect(it.next(), out);
            }
        }
    }

    private static String pick(Random random, String[] values) {
        return values[random.nextInt(values.length)];
    }

    // ---- corpus and findings ----

    private static Map<String, String> corpus(Contract c) {
        Map<String, String> out = new LinkedHashMap<>();
        URL url = ContractJsonFuzzTest.class.getResource("/fuzz-corpus/" + c.folder);
        if (url == null || !"file".equals(url.getProtocol())) {
            return out;
        }
        try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                out.put(f.getFileName().toString(), Files.readString(f, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    private static void write(Contract c, String input, String failure) {
        try {
            Path dir = FINDINGS.resolve(c.folder);
            Files.createDirectories(dir);
            byte[] bytes = input.getBytes(StandardCharsets.UTF_8);
            String name = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 8) + ".json";
            Files.write(dir.resolve(name), bytes);
            Files.writeString(dir.resolve(name + ".finding"), c + "\n" + failure + "\n\nAfter the fix, move " + name
                    + " to event-contracts/src/test/resources/fuzz-corpus/" + c.folder + "/ (not this report).\n");
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = ContractJsonFuzzTest.class.getClassLoader().getResourceAsStream(name)) {
            return new String(Objects.requireNonNull(in, name).readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> T readOrFail(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        String s = w.toString();
        return s.length() > 4_000 ? s.substring(0, 4_000) + "\n\t…" : s;
    }
}
