package io.trialstream.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kubectl on the PATH, if it embeds kustomize v5 or newer. Debian 12's own kubectl (kubernetes-client 1.20) embeds
 * kustomize v2.0.3, which predates the {@code labels} and {@code patches} fields the overlays use: it counts as absent,
 * and the reason says so.
 * <p>
 * Mode, from the system property {@code k8s.kubectl} (Maven property of the same name): {@code auto} (default) uses a
 * suitable kubectl when there is one; {@code required} fails the build when there is none; {@code off} never runs it.
 */
final class Kubectl {
    static final String MODE_PROPERTY = "k8s.kubectl";
    private static final int MINIMUM_KUSTOMIZE_MAJOR = 5;
    private static final Pattern VERSION = Pattern.compile("v?(\\d+)\\.(\\d+)(?:\\.(\\d+))?");

    private static volatile Optional<Kubectl> found;
    private static volatile String absentBecause;

    private final Path executable;
    private final String kustomizeVersion;

    private Kubectl(Path executable, String kustomizeVersion) {
        this.executable = executable;
        this.kustomizeVersion = kustomizeVersion;
    }

    static String mode() {
        String mode = System.getProperty(MODE_PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
        if (!List.of("auto", "required", "off").contains(mode)) {
            throw new IllegalArgumentException(MODE_PROPERTY + " must be auto, required or off, not " + mode);
        }
        return mode;
    }

    /** A usable kubectl, or empty with {@link #absentBecause()} saying why. */
    static synchronized Optional<Kubectl> find() {
        if (found == null) {
            found = locate();
        }
        return found;
    }

    static String absentBecause() {
        find();
        return absentBecause;
    }

    private static Optional<Kubectl> locate() {
        if ("off".equals(mode())) {
            absentBecause = MODE_PROPERTY + "=off";
            return Optional.empty();
        }
        Path executable = null;
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "kubectl");
            if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
                executable = candidate;
                break;
            }
        }
        if (executable == null) {
            absentBecause = "no kubectl on the PATH";
            return Optional.empty();
        }
        Result version;
        try {
            version = run(List.of(executable.toString(), "version", "--client", "-o", "json"), 30);
        } catch (IOException e) {
            absentBecause = executable + " did not run: " + e.getMessage();
            return Optional.empty();
        }
        String kustomize = null;
        if (version.exitCode() == 0) {
            try {
                JsonNode json = new ObjectMapper().readTree(version.stdout());
                kustomize = json.path("kustomizeVersion").asText(null);
            } catch (IOException e) {
                // an old kubectl prints no JSON here: treated as unknown below
            }
        }
        Matcher matcher = kustomize == null ? null : VERSION.matcher(kustomize);
        if (matcher == null || !matcher.find()) {
            absentBecause = executable + " does not report its kustomize version (kubectl older than 1.24, kustomize < v4.5)";
            return Optional.empty();
        }
        if (Integer.parseInt(matcher.group(1)) < MINIMUM_KUSTOMIZE_MAJOR) {
            absentBecause = executable + " embeds kustomize " + kustomize + "; the overlays need v" + MINIMUM_KUSTOMIZE_MAJOR + " or newer";
            return Optional.empty();
        }
        absentBecause = null;
        return Optional.of(new Kubectl(executable, kustomize));
    }

    String describe() {
        return executable + " (kustomize " + kustomizeVersion + ")";
    }

    /** {@code kubectl kustomize dir}: the rendered objects; a failing render fails the caller. */
    List<ObjectNode> kustomize(Path dir) {
        Result result;
        try {
            result = run(List.of(executable.toString(), "kustomize", dir.toString()), 120);
        } catch (IOException e) {
            throw new IllegalStateException("kubectl kustomize " + dir + " did not run", e);
        }
        if (result.exitCode() != 0) {
            throw new IllegalStateException("kubectl kustomize " + dir + " failed (exit " + result.exitCode() + "):\n" + result.stderr());
        }
        List<ObjectNode> objects = new ArrayList<>();
        for (JsonNode document : Kustomize.Yaml.documents(result.stdout())) {
            objects.add((ObjectNode) document);
        }
        return objects;
    }

    private record Result(int exitCode, String stdout, String stderr) {
    }

    private static Result run(List<String> command, int timeoutSeconds) throws IOException {
        Path out = Files.createTempFile("kubectl", ".out");
        Path err = Files.createTempFile("kubectl", ".err");
        try {
            Process process = new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            process.getOutputStream().close();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish within " + timeoutSeconds + " s");
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
