package io.trialstream.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Every kustomization renders, with the Java renderer always and with {@code kubectl kustomize} when a kubectl with
 * kustomize v5 is on the PATH, and both render the same objects. Without such a kubectl the comparison is reported as
 * skipped (with the reason) and ManifestTest validates the Java renderer's output; {@code -Dk8s.kubectl=required} turns
 * that skip into a failure.
 */
class OverlayRenderingTest {

    static List<String> kustomizations() {
        List<String> all = new ArrayList<>(List.of("base", "monitoring"));
        Overlays.names().forEach(overlay -> all.add("overlays/" + overlay));
        return all;
    }

    @Test
    void thereIsADevAndAProdOverlay() {
        assertThat(Overlays.names()).contains("dev", "prod");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizations")
    void theJavaRendererRendersIt(String kustomization) {
        List<ObjectNode> objects = Kustomize.build(Overlays.k8s().resolve(kustomization));
        assertThat(objects).as("%s renders objects", kustomization).isNotEmpty()
                .allSatisfy(object -> assertThat(object.path("metadata").path("name").asText()).as("%s: every object has a name", kustomization).isNotBlank());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizations")
    void kubectlKustomizeRendersTheSameObjects(String kustomization) {
        Optional<Kubectl> kubectl = Kubectl.find();
        if (kubectl.isEmpty()) {
            if ("required".equals(Kubectl.mode())) {
                fail("-D" + Kubectl.MODE_PROPERTY + "=required but " + Kubectl.absentBecause());
            }
            Assumptions.abort("not compared with kubectl kustomize: " + Kubectl.absentBecause()
                    + "; the Java renderer's output was validated instead");
        }
        Path dir = Overlays.k8s().resolve(kustomization);
        assertSameObjects(kustomization, kubectl.get().kustomize(dir), Kustomize.build(dir));
    }

    /** Same objects by apiVersion/kind/namespace/name, and each object equal field by field (map order aside). */
    static void assertSameObjects(String what, List<ObjectNode> kubectl, List<ObjectNode> java) {
        Map<String, ObjectNode> expected = byId(kubectl);
        Map<String, ObjectNode> actual = byId(java);
        assertThat(actual.keySet()).as("%s: objects rendered by the Java renderer vs kubectl kustomize", what)
                .containsExactlyInAnyOrderElementsOf(expected.keySet());
        List<String> differences = new ArrayList<>();
        expected.forEach((id, object) -> difference(id, object, actual.get(id), differences));
        assertThat(differences).as("%s: where the Java renderer differs from kubectl kustomize", what).isEmpty();
    }

    private static Map<String, ObjectNode> byId(List<ObjectNode> objects) {
        Map<String, ObjectNode> map = new TreeMap<>();
        for (ObjectNode object : objects) {
            assertThat(map.put(Kustomize.id(object), object)).as("duplicate %s", Kustomize.id(object)).isNull();
        }
        return map;
    }

    private static void difference(String path, JsonNode expected, JsonNode actual, List<String> differences) {
        if (expected.equals(actual)) {
            return;
        }
        if (expected.isObject() && actual != null && actual.isObject()) {
            TreeSet<String> fields = new TreeSet<>();
            expected.fieldNames().forEachRemaining(fields::add);
            actual.fieldNames().forEachRemaining(fields::add);
            for (String field : fields) {
                JsonNode e = expected.get(field);
                JsonNode a = actual.get(field);
                if (e == null || a == null) {
                    differences.add(path + "." + field + ": kubectl " + e + ", Java " + a);
                } else {
                    difference(path + "." + field, e, a, differences);
                }
            }
            return;
        }
        if (expected.isArray() && actual != null && actual.isArray() && expected.size() == actual.size()) {
            Iterator<JsonNode> e = expected.elements();
            Iterator<JsonNode> a = actual.elements();
            for (int i = 0; e.hasNext(); i++) {
                difference(path + "[" + i + "]", e.next(), a.next(), differences);
            }
            return;
        }
        differences.add(path + ": kubectl " + expected + ", Java " + actual);
    }
}
