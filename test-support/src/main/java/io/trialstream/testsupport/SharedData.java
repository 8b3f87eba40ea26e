package io.trialstream.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the shared test data folder ({@code shared/data}: real ClinicalTrials.gov records, FHIR patients, …) that
 * lives beside the repository. Tests that need it skip when it is absent. Looked up from
 * {@code TRIALSTREAM_SHARED_DATA} (env or system property), else {@code ../shared/data} next to any parent of the
 * working directory, so module directories and clones in other places find it too.
 */
public final class SharedData {

    public static Optional<Path> root() {
        String explicit = System.getProperty("trialstream.shared.data", System.getenv("TRIALSTREAM_SHARED_DATA"));
        if (explicit != null && !explicit.isBlank()) {
            Path p = Path.of(explicit);
            return Files.isDirectory(p) ? Optional.of(p) : Optional.empty();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("data");
            if (Files.isDirectory(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** A file or folder inside the shared data, if present. */
    public static Optional<Path> resolve(String relative) {
        return root().map(r -> r.resolve(relative)).filter(Files::exists);
    }

    private SharedData() {
    }
}
