package io.trialstream.ingest.fuzz;

import io.trialstream.ingest.parsing.TrialDocumentReaderTest;
import io.trialstream.testsupport.SharedData;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Inputs the fuzzer starts from and replays.
 * <ul>
 *   <li>The committed corpus, {@code src/test/resources/fuzz-corpus/<entry point>/}: every input that ever broke an
 *       invariant (kept after the fix) and a few dozen diverse ones, all generated from the project's own fixtures.
 *       A file in {@code reader/} is posted with the Content-Type its extension names ({@code .bin}: none), or the
 *       one in a {@code <file>.content-type} beside it.</li>
 *   <li>The project's own fixtures ({@code src/test/resources/fixtures}) and, for the reader, the small ones of
 *       the hostile documents {@code TrialDocumentReaderTest} refuses one by one.</li>
 *   <li>When present beside the repository (see {@link SharedData}), real records from {@code shared/data} and the
 *       scraped pages in {@code shared/seeds}: read at run time as mutation seeds, never copied into the corpus.
 *       Absent folders are skipped.</li>
 * </ul>
 */
final class FuzzCorpus {

    /** One input: where it came from (for a finding's report) and whether it is the project's own text. */
    record Input(String name, byte[] bytes, String contentType, boolean own) {
    }

    private static final int MAX_SHARED_FILE = 200 * 1024;

    /** The committed corpus, by entry point. */
    static Map<FuzzTarget, List<Input>> committed() {
        Map<FuzzTarget, List<Input>> out = new EnumMap<>(FuzzTarget.class);
        for (FuzzTarget t : FuzzTarget.values()) {
            out.put(t, new ArrayList<>());
        }
        Path root = resourceDir("/fuzz-corpus").orElse(null);
        if (root == null) {
            return out;
        }
        for (FuzzTarget t : FuzzTarget.values()) {
            Path dir = root.resolve(t.folder);
            for (Path f : files(dir)) {
                String name = f.getFileName().toString();
                if (name.endsWith(".content-type") || name.endsWith(".md") || name.endsWith(".finding")) {
                    continue;
                }
                out.get(t).add(new Input(t.folder + "/" + name, read(f), contentTypeOf(t, f), true));
            }
        }
        return out;
    }

    /** Mutation seeds by entry point: fixtures, committed corpus and, unless {@code withShared} is off, shared data. */
    static Map<FuzzTarget, List<Input>> seeds(boolean withShared) {
        Map<FuzzTarget, List<Input>> out = committed();
        fixture("/fixtures/ctgov-v2-study.json").ifPresent(b -> out.get(FuzzTarget.CTGOV_V2).add(own("fixtures/ctgov-v2-study.json", b)));
        fixture("/fixtures/legacy-clinical-study.xml").ifPresent(b -> out.get(FuzzTarget.LEGACY_XML).add(own("fixtures/legacy-clinical-study.xml", b)));
        resourceDir("/fixtures/pages").ifPresent(dir -> {
            for (Path f : files(dir)) {
                String name = f.getFileName().toString();
                if (name.endsWith(".txt")) {
                    out.get(FuzzTarget.PAGE_TEXT).add(own("fixtures/pages/" + name, read(f)));
                } else if (name.endsWith(".html")) {
                    out.get(FuzzTarget.PAGE_HTML).add(own("fixtures/pages/" + name, read(f)));
                }
            }
        });
        if (withShared) {
            SharedData.resolve("ctgov-v2-json-samples").ifPresent(d -> sample(d, ".json", 16)
                    .forEach(f -> out.get(FuzzTarget.CTGOV_V2).add(shared(f))));
            SharedData.resolve("ctgov-legacy-xml-2023-subset/xml").ifPresent(d -> sample(d, ".xml", 24)
                    .forEach(f -> out.get(FuzzTarget.LEGACY_XML).add(shared(f))));
            SharedData.resolve("chia-corpus/chia_with_scope").ifPresent(d -> sample(d, ".txt", 40)
                    .forEach(f -> out.get(FuzzTarget.CRITERIA).add(shared(f))));
            SharedData.root().map(r -> r.getParent().resolve("seeds")).filter(Files::isDirectory)
                    .ifPresent(d -> sample(d, ".txt", 20).forEach(f -> out.get(FuzzTarget.PAGE_TEXT).add(shared(f))));
        }
        // the criteria entry point also starts from the criteria blocks inside the documents
        for (FuzzTarget t : List.of(FuzzTarget.CTGOV_V2, FuzzTarget.LEGACY_XML, FuzzTarget.PAGE_TEXT)) {
            for (Input in : List.copyOf(out.get(t))) {
                criteriaBlock(in).ifPresent(b -> out.get(FuzzTarget.CRITERIA).add(b));
            }
        }
        // the reader also starts from the hostile documents its own test refuses one by one (the small ones: the
        // fuzzer looks for blow-ups of small inputs, the multi-megabyte ones are that test's business)
        for (Object[] doc : hostileDocuments()) {
            byte[] bytes = (byte[]) doc[1];
            if (bytes.length <= 64 * 1024) {
                out.get(FuzzTarget.READER).add(new Input("hostile:" + doc[0], bytes, (String) doc[2], true));
            }
        }
        // the reader gets every document, posted with its own type or a generic one
        for (FuzzTarget t : FuzzTarget.values()) {
            if (t != FuzzTarget.READER) {
                for (Input in : out.get(t)) {
                    out.get(FuzzTarget.READER).add(new Input(in.name(), in.bytes(), t.contentType, in.own()));
                }
            }
        }
        return out;
    }

    private static List<Object[]> hostileDocuments() {
        try {
            return TrialDocumentReaderTest.hostileDocuments();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text from the first "inclusion" on, as a criteria seed (kept whole: the split is what is being tested). */
    private static Optional<Input> criteriaBlock(Input in) {
        String s = new String(in.bytes(), StandardCharsets.UTF_8);
        int at = s.toLowerCase(Locale.ROOT).indexOf("inclusion");
        if (at < 0) {
            return Optional.empty();
        }
        String block = s.substring(at, Math.min(s.length(), at + 8_000)).replace("\\n", "\n");
        return Optional.of(new Input(in.name() + "#criteria", block.getBytes(StandardCharsets.UTF_8), null, in.own()));
    }

    /** The Content-Type a corpus file is posted with: its target's, or for the reader its extension's or sidecar's. */
    static String contentTypeOf(FuzzTarget t, Path f) {
        if (t != FuzzTarget.READER) {
            return t.contentType;
        }
        Path sidecar = f.resolveSibling(f.getFileName() + ".content-type");
        if (Files.exists(sidecar)) {
            String declared = new String(read(sidecar), StandardCharsets.UTF_8).strip();
            return declared.equals("(none)") ? null : declared;
        }
        String name = f.getFileName().toString();
        return name.endsWith(".json") ? "application/json"
                : name.endsWith(".xml") ? "application/xml"
                : name.endsWith(".html") ? "text/html"
                : name.endsWith(".txt") ? "text/plain"
                : null;
    }

    private static Input own(String name, byte[] bytes) {
        return new Input(name, bytes, null, true);
    }

    private static Input shared(Path f) {
        return new Input("shared:" + f.getFileName(), read(f), null, false);
    }

    /** Up to {@code n} files, spread evenly over the sorted listing so that runs are repeatable. */
    private static List<Path> sample(Path dir, String extension, int n) {
        List<Path> all;
        try (Stream<Path> s = Files.walk(dir)) {
            all = s.filter(Files::isRegularFile).filter(f -> f.toString().endsWith(extension))
                    .filter(f -> size(f) <= MAX_SHARED_FILE).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
        List<Path> out = new ArrayList<>();
        for (int i = 0; i < Math.min(n, all.size()); i++) {
            out.add(all.get((int) ((long) i * all.size() / Math.min(n, all.size()))));
        }
        return out;
    }

    private static long size(Path f) {
        try {
            return Files.size(f);
        } catch (IOException e) {
            return Long.MAX_VALUE;
        }
    }

    private static List<Path> files(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).sorted(Comparator.comparing(Path::toString)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<Path> resourceDir(String name) {
        URL url = FuzzCorpus.class.getResource(name);
        if (url == null || !"file".equals(url.getProtocol())) {
            return Optional.empty();
        }
        try {
            return Optional.of(Path.of(url.toURI()));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    private static Optional<byte[]> fixture(String name) {
        try (InputStream in = FuzzCorpus.class.getResourceAsStream(name)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] read(Path f) {
        try {
            return Files.readAllBytes(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private FuzzCorpus() {
    }
}
