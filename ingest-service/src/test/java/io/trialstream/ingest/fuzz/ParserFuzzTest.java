package io.trialstream.ingest.fuzz;

import io.trialstream.ingest.fuzz.FuzzCorpus.Input;
import io.trialstream.ingest.fuzz.FuzzHarness.Failure;
import io.trialstream.ingest.fuzz.FuzzHarness.Verdict;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzing of every parser entry point (issue 7): the committed corpus is replayed in every build, and a mutation run
 * starts from the seeds, mutates them ({@link DocumentMutator}) and checks the invariants of {@link FuzzHarness}.
 * <p>
 * A pure-Java loop rather than Jazzer or another coverage-guided engine: Jazzer needs its native agent and
 * libFuzzer in the test JVM (platform-specific native code, not in the offline Maven repository this build uses),
 * and its strength, coverage feedback through native code and JNI, buys little here: the targets are plain JVM
 * code whose failures are exceptions, overruns and unequal results, which this loop observes directly; the structure
 * of the inputs (JSON trees, XML elements, page headings, criteria vocabulary) is where the depth comes from.
 * <p>
 * The normal build runs a short, fixed-seed run (3,000 mutated inputs, well under 30 s). The long run:
 * <pre>
 * TEST_INFRA=embedded ./mvnw -o -B -pl ingest-service verify -Dtest=ParserFuzzTest \
 *     -Dfuzz.iterations=200000 -Dfuzz.seed=$RANDOM [-Dfuzz.seconds=600]
 * </pre>
 * Each input that breaks an invariant is written to {@code target/fuzz-findings/<entry point>/<sha>.<ext>} with a
 * {@code .finding} report beside it. After the fix, move the input file (and its {@code .content-type}, if any) into
 * {@code src/test/resources/fuzz-corpus/<entry point>/} so that every build replays it from then on.
 * {@code -Dfuzz.collect=true} also keeps one input per new outcome shape (reason code, layout, criterion kinds) in
 * {@code target/fuzz-findings/interesting/}, mutated from the project's own fixtures only, to grow the corpus from.
 */
class ParserFuzzTest {

    private static final int ITERATIONS = Integer.getInteger("fuzz.iterations", 3_000);
    private static final long SEED = Long.getLong("fuzz.seed", 20261121L);
    private static final long SECONDS = Long.getLong("fuzz.seconds", 0);
    private static final boolean COLLECT = Boolean.getBoolean("fuzz.collect");
    /** Lists every outcome shape (reason code, layout, criterion kinds) instead of a tally by entry point and outcome. */
    private static final boolean VERBOSE = Boolean.getBoolean("fuzz.verbose");
    private static final Path FINDINGS = Path.of(System.getProperty("fuzz.findings", "target/fuzz-findings"));

    /** Content types the reader is fuzzed with besides a document's own: generic, odd, and wrong ones. */
    private static final String[] CONTENT_TYPES = {null, "", "application/octet-stream", "text/plain", "*/*",
            "application/x-www-form-urlencoded", "application/json", "application/json; charset=utf-16",
            "application/xml", "text/xml; charset=ISO-8859-1", "text/html", "text/html; charset=\"windows-1252\"",
            "application/xhtml+xml", "application/fhir+json", "application/atom+xml", "text/plain; charset=",
            "text/plain; charset=utf-8; charset=latin1", "TEXT/PLAIN;CHARSET=UTF-8", "image/png", ";", "text/csv",
            "text/plain; charset=x-unknown-\u00e9", "application/json;charset=UTF-32"};

    private static FuzzHarness harness;

    @BeforeAll
    static void start() {
        harness = new FuzzHarness();
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @TestFactory
    Stream<DynamicTest> everyCorpusInputKeepsTheInvariants() {
        Map<FuzzTarget, List<Input>> corpus = FuzzCorpus.committed();
        assertThat(corpus.values().stream().mapToInt(List::size).sum()).as("committed corpus size").isGreaterThanOrEqualTo(30);
        List<DynamicTest> tests = new ArrayList<>();
        corpus.forEach((target, inputs) -> {
            for (Input in : inputs) {
                tests.add(DynamicTest.dynamicTest(in.name(), () -> assertKept(target, in.bytes(), in.contentType())));
                if (target != FuzzTarget.READER) {
                    // the same document as POST /api/v1/trials gets it, typed and untyped
                    tests.add(DynamicTest.dynamicTest(in.name() + " via reader as " + target.contentType,
                            () -> assertKept(FuzzTarget.READER, in.bytes(), target.contentType)));
                    tests.add(DynamicTest.dynamicTest(in.name() + " via reader, no type",
                            () -> assertKept(FuzzTarget.READER, in.bytes(), null)));
                }
            }
        });
        return tests.stream();
    }

    private static void assertKept(FuzzTarget target, byte[] input, String contentType) {
        Verdict v = harness.check(target, input, contentType);
        assertThat(v.failure()).as("%s on %d bytes as %s", target, input.length, contentType).isEmpty();
    }

    @Test
    void mutatedDocumentsKeepTheInvariants() {
        Map<FuzzTarget, List<Input>> seeds = FuzzCorpus.seeds(!COLLECT);
        Map<FuzzTarget, List<byte[]>> pools = new EnumMap<>(FuzzTarget.class);
        seeds.forEach((t, inputs) -> pools.put(t, inputs.stream().map(Input::bytes).toList()));
        for (FuzzTarget t : FuzzTarget.values()) {
            assertThat(seeds.get(t)).as("seeds for %s", t).isNotEmpty();
        }
        Random random = new Random(SEED);
        DocumentMutator mutator = new DocumentMutator(random);
        FuzzTarget[] targets = FuzzTarget.values();
        Map<String, Integer> shapes = new TreeMap<>();
        Map<String, Integer> findingsByKind = new LinkedHashMap<>();
        Set<String> savedShapes = new HashSet<>();
        List<String> findings = new ArrayList<>();
        long started = System.nanoTime();
        long deadline = SECONDS > 0 ? started + SECONDS * 1_000_000_000L : Long.MAX_VALUE;
        int done = 0;
        int slow = 0;
        long bytes = 0;
        for (; done < ITERATIONS && System.nanoTime() < deadline; done++) {
            FuzzTarget target = targets[random.nextInt(targets.length)];
            Input seed = seeds.get(target).get(random.nextInt(seeds.get(target).size()));
            FuzzTarget.Format format = formatOf(target, seed);
            byte[] input = random.nextInt(20) == 0 ? seed.bytes() : mutator.mutate(seed.bytes(), format, pools.get(target));
            String contentType = target != FuzzTarget.READER ? target.contentType
                    : random.nextBoolean() ? seed.contentType() : CONTENT_TYPES[random.nextInt(CONTENT_TYPES.length)];
            bytes += input.length;
            Verdict v = harness.check(target, input, contentType);
            String shape = FuzzHarness.signature(target, v.outcome());
            shapes.merge(shape, 1, Integer::sum);
            if (v.failure().isPresent()) {
                Failure f = v.failure().get();
                String kind = target.folder + " " + f.invariant() + " " + firstLine(f.detail());
                if (findingsByKind.merge(kind, 1, Integer::sum) == 1) {
                    findings.add(write(FINDINGS, target, input, contentType, seed.name(), f) + "  " + kind);
                }
            } else if (v.overran()) {
                if (slow++ < 20) {
                    write(FINDINGS.resolve("slow"), target, input, contentType, seed.name(), null);
                }
            } else if (COLLECT && seed.own() && input.length <= 16 * 1024 && savedShapes.add(shape)) {
                write(FINDINGS.resolve("interesting"), target, input, contentType, shape, null);
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        StringBuilder report = new StringBuilder();
        report.append(String.format("fuzz: %d inputs (seed %d) in %.1f s, %.0f inputs/s, %.1f MB mutated, %d outcome shapes, "
                        + "%d distinct findings, %d inputs over the %d ms budget that answered on a second try%n", done, SEED,
                seconds, done / seconds, bytes / 1e6, shapes.size(), findingsByKind.size(), slow, FuzzHarness.BUDGET_MILLIS));
        Map<String, Integer> tally = new TreeMap<>();
        shapes.forEach((k, n) -> tally.merge(k.substring(0, k.indexOf(':', k.indexOf(':') + 1)), n, Integer::sum));
        (VERBOSE ? shapes : tally).forEach((k, n) -> report.append(String.format("  %7d  %s%n", n, k)));
        findingsByKind.forEach((k, n) -> report.append(String.format("  FINDING x%d  %s%n", n, k)));
        System.out.print(report);
        assertThat(findings).as("inputs that broke an invariant (written to %s)", FINDINGS.toAbsolutePath()).isEmpty();
    }

    /** The reader's seeds come from every format; their structure decides the mutations, not the reader. */
    private static FuzzTarget.Format formatOf(FuzzTarget target, Input seed) {
        if (target != FuzzTarget.READER || seed.contentType() == null) {
            return target.format;
        }
        return seed.contentType().contains("json") ? FuzzTarget.Format.JSON
                : seed.contentType().contains("xml") ? FuzzTarget.Format.XML
                : seed.contentType().contains("html") ? FuzzTarget.Format.HTML
                : FuzzTarget.Format.TEXT;
    }

    private static String firstLine(String s) {
        String line = s.lines().findFirst().orElse("");
        // the first frame of ours names where it broke
        String frame = s.lines().filter(l -> l.contains("io.trialstream")).findFirst().orElse("").strip();
        return (line.length() > 160 ? line.substring(0, 160) : line) + (frame.isEmpty() ? "" : " " + frame);
    }

    /** Writes the input (and a report, unless it is a corpus candidate) and returns its path. */
    static Path write(Path dir, FuzzTarget target, byte[] input, String contentType, String seed, Failure failure) {
        try {
            Path folder = dir.resolve(target.folder);
            Files.createDirectories(folder);
            String prefix = failure == null && seed.contains(":") ? slug(seed) + "-" : "";
            String name = prefix + sha(input) + "." + (target == FuzzTarget.READER && contentType == null ? "bin" : target.extension);
            Path file = folder.resolve(name);
            Files.write(file, input);
            if (target == FuzzTarget.READER) {
                Files.writeString(folder.resolve(name + ".content-type"), contentType == null ? "(none)" : contentType);
            }
            if (failure != null) {
                Files.writeString(folder.resolve(name + ".finding"), "entry point: " + target + "\ncontent type: "
                        + contentType + "\nmutated from: " + seed + "\ninvariant: " + failure.invariant() + "\n\n"
                        + failure.detail() + "\n\nAfter the fix, move " + name
                        + (target == FuzzTarget.READER ? " and " + name + ".content-type" : "")
                        + " to ingest-service/src/test/resources/fuzz-corpus/" + target.folder + "/ (not this report).\n",
                        StandardCharsets.UTF_8);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A corpus candidate's file name starts with its outcome shape, so that a few of each kind are easy to pick. */
    private static String slug(String shape) {
        String s = shape.substring(shape.indexOf(':') + 1).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        return s.length() > 60 ? s.substring(0, 60) : s;
    }

    private static String sha(byte[] input) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(input), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
