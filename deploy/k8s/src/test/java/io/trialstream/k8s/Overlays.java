package io.trialstream.k8s;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/** Where the manifests are, and each overlay rendered once per test JVM. */
final class Overlays {
    private static final Map<String, Rendered> CACHE = new ConcurrentHashMap<>();

    private Overlays() {
    }

    /** The repository root: surefire runs in the module directory (deploy/k8s) and sets basedir to it. */
    static Path root() {
        Path module = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        return module.resolve("../..").normalize();
    }

    static Path k8s() {
        return root().resolve("deploy/k8s");
    }

    /** Every directory under deploy/k8s/overlays with a kustomization: a new overlay is validated without a test change. */
    static List<String> names() {
        try (Stream<Path> dirs = Files.list(k8s().resolve("overlays"))) {
            return dirs.filter(dir -> Files.isRegularFile(dir.resolve("kustomization.yaml")))
                    .map(dir -> dir.getFileName().toString())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + k8s().resolve("overlays"), e);
        }
    }

    static Path dir(String overlay) {
        return k8s().resolve("overlays").resolve(overlay);
    }

    static Rendered render(String overlay) {
        return CACHE.computeIfAbsent(overlay, name -> {
            Path dir = dir(name);
            List<ObjectNode> java = Kustomize.build(dir);
            Optional<List<ObjectNode>> kubectl = Kubectl.find().map(k -> k.kustomize(dir));
            return new Rendered(name, java, kubectl);
        });
    }

    /**
     * One overlay, rendered by the Java renderer and, when a suitable kubectl exists, by kubectl. The checks run on
     * kubectl's output when there is one (it is what {@code kubectl apply -k} applies) and on the Java renderer's
     * otherwise; {@link OverlayRenderingTest} asserts that the two agree.
     */
    record Rendered(String overlay, List<ObjectNode> java, Optional<List<ObjectNode>> kubectl) {
        Manifests manifests() {
            return new Manifests(overlay, kubectl.orElse(java), kubectl.isPresent()
                    ? "kubectl kustomize (" + Kubectl.find().orElseThrow().describe() + ")"
                    : "the Java renderer (" + Kubectl.absentBecause() + ")");
        }
    }
}
