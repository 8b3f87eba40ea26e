package io.trialstream.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/** Appends each check's measured outcome to target/reliability-results.md (the source of docs/reliability.md). */
final class Results {
    static void record(String test, String line) {
        String row = "| " + Instant.now() + " | " + test + " | " + line + " |\n";
        System.out.print("RESULT " + row);
        try {
            Files.writeString(Path.of("target", "reliability-results.md"), row, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Results() {
    }
}
