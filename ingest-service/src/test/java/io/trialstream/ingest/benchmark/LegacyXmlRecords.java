package io.trialstream.ingest.benchmark;

import io.trialstream.testsupport.SharedData;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The 2,826 legacy XML records of {@code ../shared/data}, in file-name order; the calling test skips without them. */
final class LegacyXmlRecords {
    private LegacyXmlRecords() {
    }

    static List<byte[]> loadOrSkip() throws IOException {
        var dir = SharedData.resolve("ctgov-legacy-xml-2023-subset/xml");
        assumeTrue(dir.isPresent(), "shared data absent");
        List<byte[]> docs = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir.get())) {
            for (Path p : s.filter(f -> f.toString().endsWith(".xml")).sorted().toList()) {
                docs.add(Files.readAllBytes(p));
            }
        }
        return docs;
    }
}
