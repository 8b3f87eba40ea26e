package io.trialstream.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Java renderer on small kustomizations: what it renders (and, when a kubectl with kustomize v5 is on the PATH,
 * that kubectl renders the same), and that it refuses what it does not implement instead of guessing.
 */
class KustomizeTest {
    @TempDir
    Path dir;

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: app
            spec:
              replicas: 1
              selector:
                matchLabels: {app: app}
              template:
                metadata:
                  labels: {app: app}
                spec:
                  initContainers:
                    - name: init
                      image: registry.example:5000/tools/init:0.9
                  containers:
                    - name: app
                      image: app
                      args: ["--a", "--b"]
                      env:
                        - {name: X, value: "1"}
                        - {name: Y, value: "2"}
                      resources:
                        limits: {memory: 1Gi}
                    - name: sidecar
                      image: sidecar:1.0
            """;

    private void write(String path, String text) throws IOException {
        Path file = dir.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private List<ObjectNode> render(String path) {
        List<ObjectNode> java = Kustomize.build(dir.resolve(path));
        Kubectl.find().ifPresent(kubectl -> OverlayRenderingTest.assertSameObjects(path, kubectl.kustomize(dir.resolve(path)), java));
        return java;
    }

    private static JsonNode only(List<ObjectNode> objects, String kind, String name) {
        return objects.stream().filter(o -> o.path("kind").asText().equals(kind) && o.path("metadata").path("name").asText().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in " + objects));
    }

    @Test
    void rendersResourcesFromFilesAndDirectoriesWithNamespaceLabelsAndImages() throws IOException {
        write("base/deployment.yaml", DEPLOYMENT);
        write("base/config.yaml", """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: config
                data:
                  A: "1"
                ---
                """);
        write("base/kustomization.yaml", """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                labels:
                  - pairs: {team: matching}
                resources: [deployment.yaml, config.yaml]
                """);
        write("overlay/namespace.yaml", """
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: other
                """);
        write("overlay/kustomization.yaml", """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                namespace: trialstream
                labels:
                  - pairs: {app.kubernetes.io/part-of: trialstream}
                resources: [../base, namespace.yaml]
                images:
                  - name: app
                    newName: registry.example/trialstream/app
                    newTag: "1.2"
                  - name: registry.example:5000/tools/init
                    digest: sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
                  - name: sidecar
                    newTag: "2.0"
                """);
        List<ObjectNode> objects = render("overlay");

        JsonNode deployment = only(objects, "Deployment", "app");
        assertThat(deployment.path("metadata").path("namespace").asText()).isEqualTo("trialstream");
        assertThat(deployment.path("metadata").path("labels").path("team").asText()).isEqualTo("matching");
        assertThat(deployment.path("metadata").path("labels").path("app.kubernetes.io/part-of").asText()).isEqualTo("trialstream");
        assertThat(deployment.path("spec").path("selector").path("matchLabels").has("team")).as("labels stay out of selectors").isFalse();
        assertThat(deployment.path("spec").path("template").path("metadata").path("labels").has("team")).as("and out of templates").isFalse();
        JsonNode pod = deployment.path("spec").path("template").path("spec");
        assertThat(pod.path("containers").get(0).path("image").asText()).isEqualTo("registry.example/trialstream/app:1.2");
        assertThat(pod.path("containers").get(1).path("image").asText()).isEqualTo("sidecar:2.0");
        assertThat(pod.path("initContainers").get(0).path("image").asText())
                .isEqualTo("registry.example:5000/tools/init@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
        // kustomize's namespace transformer renames Namespace objects to the namespace, and leaves them unnamespaced
        assertThat(only(objects, "Namespace", "trialstream").path("metadata").has("namespace")).as("cluster-scoped").isFalse();
        assertThat(only(objects, "ConfigMap", "config").path("metadata").path("namespace").asText()).isEqualTo("trialstream");
    }

    @Test
    void strategicMergeMergesContainersAndEnvByNameReplacesScalarListsAndDeletesNulls() throws IOException {
        write("base/deployment.yaml", DEPLOYMENT);
        write("base/kustomization.yaml", """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources: [deployment.yaml]
                """);
        write("overlay/patch.yaml", """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: app
                spec:
                  replicas: 3
                  template:
                    spec:
                      containers:
                        - name: app
                          args: ["--c"]
                          env:
                            - {name: Y, value: "3"}
                            - {name: Z, value: "4"}
                          resources: null
                """);
        write("overlay/kustomization.yaml", """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources: [../base]
                patches:
                  - path: patch.yaml
                """);
        JsonNode deployment = only(render("overlay"), "Deployment", "app");
        assertThat(deployment.path("spec").path("replicas").asInt()).isEqualTo(3);
        JsonNode containers = deployment.path("spec").path("template").path("spec").path("containers");
        assertThat(containers).hasSize(2);
        JsonNode app = containers.get(0);
        assertThat(app.path("args").toString()).isEqualTo("[\"--c\"]");
        // kustomize's order: the patch's elements first, then the original ones it does not name
        assertThat(app.path("env").toString()).isEqualTo("[{\"name\":\"Y\",\"value\":\"3\"},{\"name\":\"Z\",\"value\":\"4\"},{\"name\":\"X\",\"value\":\"1\"}]");
        assertThat(app.has("resources")).isFalse();
        assertThat(containers.get(1).path("name").asText()).isEqualTo("sidecar");
    }

    @Test
    void aPatchWithATargetAppliesToEveryMatchingObject() throws IOException {
        write("base/resources.yaml", """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: one
                data: {A: "1"}
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: two
                ---
                apiVersion: example.com/v1
                kind: Widget
                metadata:
                  name: one
                spec:
                  size: 1
                  settings: {a: 1, b: 2}
                """);
        write("base/kustomization.yaml", """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources: [resources.yaml]
                patches:
                  - target: {kind: ConfigMap}
                    patch: |-
                      apiVersion: v1
                      kind: ConfigMap
                      metadata:
                        name: any
                        labels: {patched: "yes"}
                      data: {B: "2"}
                  - target: {group: example.com, kind: Widget, name: "on."}
                    patch: |-
                      apiVersion: example.com/v1
                      kind: Widget
                      metadata:
                        name: any
                      spec:
                        size: 2
                        settings: {b: null, c: 3}
                """);
        List<ObjectNode> objects = render("base");
        assertThat(only(objects, "ConfigMap", "one").path("data").toString()).isEqualTo("{\"A\":\"1\",\"B\":\"2\"}");
        assertThat(only(objects, "ConfigMap", "two").path("data").toString()).isEqualTo("{\"B\":\"2\"}");
        assertThat(only(objects, "ConfigMap", "two").path("metadata").path("labels").path("patched").asText()).isEqualTo("yes");
        assertThat(only(objects, "Widget", "one").path("spec").toString()).isEqualTo("{\"size\":2,\"settings\":{\"a\":1,\"c\":3}}");
    }

    // ---- refused ----

    private void kustomization(String body) throws IOException {
        write("k/resources.yaml", DEPLOYMENT);
        write("k/kustomization.yaml", "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [resources.yaml]\n" + body);
    }

    @Test
    void refusesGeneratorsAndDeprecatedFields() throws IOException {
        kustomization("configMapGenerator:\n  - name: generated\n    literals: [A=1]\n");
        assertThatThrownBy(() -> Kustomize.build(dir.resolve("k"))).isInstanceOf(Kustomize.Unsupported.class).hasMessageContaining("configMapGenerator");
        kustomization("patchesStrategicMerge: [patch.yaml]\n");
        assertThatThrownBy(() -> Kustomize.build(dir.resolve("k"))).isInstanceOf(Kustomize.Unsupported.class).hasMessageContaining("patchesStrategicMerge");
        kustomization("commonLabels: {a: b}\n");
        assertThatThrownBy(() -> Kustomize.build(dir.resolve("k"))).isInstanceOf(Kustomize.Unsupported.class).hasMessageContaining("commonLabels");
    }

    @Test
    void refusesJsonPatchesDirectivesAndListsWithoutAKnownMergeKey() throws IOException {
        kustomization("patches:\n  - target: {kind: Deployment}\n    patch: |-\n      - op: replace\n        path: /spec/replicas\n        value: 2\n");
        assertThatThrownBy(() -> Kustomize.build(dir.resolve("k"))).isInstanceOf(Kustomize.Unsupported.class).hasMessageContaining("strategic-merge");
        kustomization("patches:\n  - patch: |-\n      apiVersion: apps/v1\n      kind: Deployment\n      metadata: {name: app}\n      $patch: delete\n");
        assertThatThrownBy(() -> Kustomize.build(dir.resolve("k"))).isInstanceOf(Kustomize.Unsupported.class).hasMessageContaining("$patch");
        kustomization("patches:\n  - patch: |-\n      apiVersion: apps/v1\n      kind: Deployment\n      metadata: {name: app}\n"
                + "      spec: {template: {spec: {tolerations: [{key: a, operator: Exists}]}}}\n");
        Kustomize.build(dir.resolve("k")); // absent in the target: set, nothing to merge
        write("k/resources.yaml", DEPLOYMENT.replace("      initContainers:", "      tolerations: [{key: b, operator: Exists}]\n      initContainers:"));
        assertThatThrownBy(() -> Kustomize.build(dir.resolve("k"))).isInstanceOf(Kustomize.Unsupported.class).hasMessageContaining("merge key");
    }

    @Test
    void refusesSelectorLabelsRemoteResourcesAndPatchesThatMatchNothing() throws IOException {
        kustomization("labels:\n  - pairs: {a: b}\n    includeSelectors: true\n");
        assertThatThrownBy(() -> Kustomize.build(dir.resolve("k"))).isInstanceOf(Kustomize.Unsupported.class).hasMessageContaining("includeSelectors");
        write("r/kustomization.yaml", "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - https://github.com/example/repo//deploy\n");
        assertThatThrownBy(() -> Kustomize.build(dir.resolve("r"))).isInstanceOf(Kustomize.Unsupported.class).hasMessageContaining("remote");
        kustomization("patches:\n  - patch: |-\n      apiVersion: apps/v1\n      kind: Deployment\n      metadata: {name: missing}\n      spec: {replicas: 2}\n");
        assertThatThrownBy(() -> Kustomize.build(dir.resolve("k"))).hasMessageContaining("matches no resource");
        write("d/kustomization.yaml", "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [a.yaml, b.yaml]\n");
        write("d/a.yaml", DEPLOYMENT);
        write("d/b.yaml", DEPLOYMENT);
        assertThatThrownBy(() -> Kustomize.build(dir.resolve("d"))).hasMessageContaining("a second time");
    }

    @Test
    void rewritesOnlyTheImageItNames() {
        ObjectNode entry = Kustomize.Yaml.documents("name: trialstream/app\nnewTag: 0.1.0\n").get(0).deepCopy();
        assertThat(Kustomize.rewrite("trialstream/app", entry)).isEqualTo("trialstream/app:0.1.0");
        assertThat(Kustomize.rewrite("trialstream/app:old", entry)).isEqualTo("trialstream/app:0.1.0");
        assertThat(Kustomize.rewrite("trialstream/application:old", entry)).isEqualTo("trialstream/application:old");
        assertThat(Kustomize.rewrite("other/trialstream/app", entry)).isEqualTo("other/trialstream/app");
    }
}
