package io.trialstream.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Renders a kustomization the way {@code kubectl kustomize} (kustomize v5) does, for exactly the features this
 * repository's kustomizations use: {@code resources} (files and directories), {@code patches} (strategic merge, from a
 * file or inline, with an optional {@code target} by group/version/kind/name), {@code namespace}, {@code labels}
 * (metadata only) and {@code images}.
 * <p>
 * Why it exists: kubectl is not installable from Debian 12 at a usable version (its kubernetes-client package is 1.20
 * with kustomize v2.0.3), so a fresh build machine may have none. The build must still render and validate every
 * overlay, so this renderer always runs, and {@link OverlayRenderingTest} compares it with kubectl whenever one is there.
 * Anything outside the supported subset (a generator, a JSON 6902 patch, a {@code $patch} directive, a list whose merge
 * key this class does not know, ...) throws {@link Unsupported} rather than rendering something kubectl would not.
 */
final class Kustomize {

    /** A kustomize feature this renderer does not implement: add it here (and a test) or avoid it. */
    static final class Unsupported extends RuntimeException {
        Unsupported(String message) {
            super(message + " (the Java renderer in deploy/k8s/src/test/java/io/trialstream/k8s/Kustomize.java implements "
                    + "resources, patches (strategic merge), namespace, labels (metadata only) and images)");
        }
    }

    private static final Set<String> KUSTOMIZATION_FIELDS =
            Set.of("apiVersion", "kind", "resources", "patches", "namespace", "labels", "images");
    private static final Set<String> PATCH_FIELDS = Set.of("path", "patch", "target");
    private static final Set<String> TARGET_FIELDS = Set.of("group", "version", "kind", "name", "namespace");
    private static final Set<String> LABEL_FIELDS = Set.of("pairs", "includeSelectors", "includeTemplates");
    private static final Set<String> IMAGE_FIELDS = Set.of("name", "newName", "newTag", "digest");

    /** Kinds that are not namespaced (kustomize leaves their namespace unset). */
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding",
            "CustomResourceDefinition", "PersistentVolume", "StorageClass", "PriorityClass", "IngressClass",
            "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration", "APIService", "RuntimeClass");

    /**
     * Strategic-merge keys of the Kubernetes lists this renderer merges element by element (from the Kubernetes
     * OpenAPI x-kubernetes-patch-merge-key). Other lists of objects are refused; lists of scalars are replaced.
     */
    private static final Map<String, String> MERGE_KEYS = Map.of(
            "containers", "name",
            "initContainers", "name",
            "ephemeralContainers", "name",
            "env", "name",
            "volumes", "name",
            "imagePullSecrets", "name",
            "volumeMounts", "mountPath");

    private Kustomize() {
    }

    /** The objects {@code kubectl kustomize dir} prints, in no particular order. */
    static List<ObjectNode> build(Path dir) {
        return build(dir.toAbsolutePath().normalize(), new LinkedHashSet<>());
    }

    private static List<ObjectNode> build(Path dir, Set<Path> visiting) {
        if (!visiting.add(dir)) {
            throw new IllegalStateException("kustomization cycle through " + dir);
        }
        try {
            Path file = kustomizationFile(dir);
            JsonNode kustomization = Yaml.single(file);
            kustomization.fieldNames().forEachRemaining(field -> {
                if (!KUSTOMIZATION_FIELDS.contains(field)) {
                    throw new Unsupported(file + ": field '" + field + "'");
                }
            });
            require(file, "apiVersion", kustomization.path("apiVersion").asText(), "kustomize.config.k8s.io/v1beta1");
            require(file, "kind", kustomization.path("kind").asText(), "Kustomization");

            List<ObjectNode> resources = new ArrayList<>();
            for (JsonNode entry : kustomization.path("resources")) {
                String reference = entry.asText();
                if (reference.contains("://") || reference.startsWith("github.com/")) {
                    throw new Unsupported(file + ": remote resource " + reference);
                }
                Path resource = dir.resolve(reference).normalize();
                List<ObjectNode> loaded = Files.isDirectory(resource) ? build(resource, visiting) : Yaml.objects(resource);
                for (ObjectNode object : loaded) {
                    String id = id(object);
                    if (resources.stream().anyMatch(existing -> id(existing).equals(id))) {
                        throw new IllegalStateException(file + ": " + reference + " adds " + id + " a second time");
                    }
                    resources.add(object);
                }
            }
            // kustomize v5's order: patches, then namespace, labels, images.
            for (JsonNode patch : kustomization.path("patches")) {
                applyPatch(dir, file, patch, resources);
            }
            String namespace = kustomization.path("namespace").asText(null);
            if (namespace != null) {
                for (ObjectNode object : resources) {
                    if ("Namespace".equals(object.path("kind").asText())) {
                        metadata(object).put("name", namespace); // as kustomize's namespace transformer does
                    } else if (!CLUSTER_SCOPED.contains(object.path("kind").asText())) {
                        metadata(object).put("namespace", namespace);
                    }
                }
            }
            for (JsonNode labels : kustomization.path("labels")) {
                applyLabels(file, labels, resources);
            }
            for (JsonNode image : kustomization.path("images")) {
                applyImage(file, image, resources);
            }
            return resources;
        } finally {
            visiting.remove(dir);
        }
    }

    private static Path kustomizationFile(Path dir) {
        List<Path> candidates = new ArrayList<>();
        for (String name : List.of("kustomization.yaml", "kustomization.yml", "Kustomization")) {
            if (Files.isRegularFile(dir.resolve(name))) {
                candidates.add(dir.resolve(name));
            }
        }
        if (candidates.size() != 1) {
            throw new IllegalStateException(dir + " must hold exactly one kustomization file, found " + candidates);
        }
        return candidates.get(0);
    }

    private static void require(Path file, String field, String actual, String expected) {
        if (!expected.equals(actual)) {
            throw new Unsupported(file + ": " + field + " '" + actual + "' (expected " + expected + ")");
        }
    }

    // ---- patches ----

    private static void applyPatch(Path dir, Path file, JsonNode entry, List<ObjectNode> resources) {
        entry.fieldNames().forEachRemaining(field -> {
            if (!PATCH_FIELDS.contains(field)) {
                throw new Unsupported(file + ": patches[]." + field);
            }
        });
        List<JsonNode> documents;
        String origin;
        if (entry.has("path") == entry.has("patch")) {
            throw new IllegalStateException(file + ": a patch needs exactly one of path and patch: " + entry);
        } else if (entry.has("path")) {
            Path patchFile = dir.resolve(entry.get("path").asText()).normalize();
            origin = patchFile.toString();
            documents = Yaml.documents(patchFile);
        } else {
            origin = file + " (inline patch)";
            documents = Yaml.documents(entry.get("patch").asText());
        }
        JsonNode target = entry.get("target");
        if (target != null) {
            target.fieldNames().forEachRemaining(field -> {
                if (!TARGET_FIELDS.contains(field)) {
                    throw new Unsupported(file + ": patches[].target." + field);
                }
            });
        }
        for (JsonNode document : documents) {
            if (!document.isObject() || !document.has("apiVersion") || !document.has("kind")) {
                throw new Unsupported(origin + ": only strategic-merge patches (with apiVersion, kind, metadata.name), not " + document);
            }
            ObjectNode patch = (ObjectNode) document;
            List<ObjectNode> matches = resources.stream()
                    .filter(object -> target != null ? matchesTarget(object, target) : matchesPatch(object, patch))
                    .toList();
            if (matches.isEmpty()) {
                throw new IllegalStateException(origin + ": the patch of " + (target != null ? target : id(patch)) + " matches no resource");
            }
            for (ObjectNode object : matches) {
                ObjectNode body = patch.deepCopy();
                if (target != null) {
                    // with a target, the patch's own kind and name only make it a well-formed object
                    body.remove("apiVersion");
                    body.remove("kind");
                    ObjectNode metadata = (ObjectNode) body.path("metadata");
                    if (metadata.isObject()) {
                        metadata.remove("name");
                        metadata.remove("namespace");
                    }
                } else {
                    body.remove("apiVersion");
                    body.remove("kind");
                }
                merge(object, body, id(object));
            }
        }
    }

    private static boolean matchesPatch(ObjectNode object, ObjectNode patch) {
        return object.path("apiVersion").asText().equals(patch.path("apiVersion").asText())
                && object.path("kind").asText().equals(patch.path("kind").asText())
                && name(object).equals(name(patch))
                && (!patch.path("metadata").has("namespace")
                || patch.path("metadata").path("namespace").asText().equals(object.path("metadata").path("namespace").asText()));
    }

    private static boolean matchesTarget(ObjectNode object, JsonNode target) {
        String apiVersion = object.path("apiVersion").asText();
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash);
        String version = slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
        // kustomize treats each selector as an anchored regular expression
        return matches(target, "group", group) && matches(target, "version", version)
                && matches(target, "kind", object.path("kind").asText())
                && matches(target, "name", name(object))
                && matches(target, "namespace", object.path("metadata").path("namespace").asText());
    }

    private static boolean matches(JsonNode target, String field, String value) {
        return !target.has(field) || Pattern.matches(target.get(field).asText(), value);
    }

    /** Strategic merge of {@code patch} into {@code target}; {@code null} deletes a field. */
    static void merge(ObjectNode target, JsonNode patch, String path) {
        if (!patch.isObject()) {
            throw new IllegalStateException(path + ": a strategic-merge patch must be a map, not " + patch);
        }
        for (Map.Entry<String, JsonNode> field : patch.properties()) {
            String name = field.getKey();
            JsonNode value = field.getValue();
            String here = path + "." + name;
            if (name.startsWith("$")) {
                throw new Unsupported(here + ": patch directive " + name);
            }
            JsonNode existing = target.get(name);
            if (value.isNull()) {
                target.remove(name);
            } else if (existing != null && existing.isObject() && value.isObject()) {
                merge((ObjectNode) existing, value, here);
            } else if (existing != null && existing.isArray() && value.isArray()) {
                target.set(name, mergeList(name, (ArrayNode) existing, (ArrayNode) value, here));
            } else {
                target.set(name, withoutNulls(value, here));
            }
        }
    }

    private static ArrayNode mergeList(String field, ArrayNode target, ArrayNode patch, String path) {
        boolean objects = false;
        for (JsonNode element : List.of(target, patch).stream().flatMap(list -> list.valueStream()).toList()) {
            objects |= element.isObject();
        }
        if (!objects) {
            return (ArrayNode) withoutNulls(patch, path); // lists of scalars: replaced
        }
        String key = MERGE_KEYS.get(field);
        if (key == null && "ports".equals(field)) {
            key = patch.valueStream().allMatch(port -> port.has("containerPort")) ? "containerPort" : "port";
        }
        if (key == null) {
            throw new Unsupported(path + ": merging a list of objects without a known merge key");
        }
        // kustomize (kyaml) orders the result: the patch's elements first, in patch order (merged into the matching
        // original element, if any), then the original elements the patch does not name, in their order.
        ArrayNode merged = JsonNodeFactory.instance.arrayNode();
        List<JsonNode> keys = new ArrayList<>();
        for (JsonNode element : patch) {
            if (element.has("$patch")) {
                throw new Unsupported(path + ": patch directive $patch");
            }
            JsonNode keyValue = element.get(key);
            if (keyValue == null) {
                throw new IllegalStateException(path + ": element without merge key " + key + ": " + element);
            }
            keys.add(keyValue);
            ObjectNode match = null;
            for (JsonNode candidate : target) {
                if (keyValue.equals(candidate.get(key))) {
                    match = (ObjectNode) candidate.deepCopy();
                }
            }
            if (match != null) {
                merge(match, element, path + "[" + key + "=" + keyValue.asText() + "]");
                merged.add(match);
            } else {
                merged.add(withoutNulls(element, path));
            }
        }
        for (JsonNode original : target) {
            if (!keys.contains(original.get(key))) {
                merged.add(original.deepCopy());
            }
        }
        return merged;
    }

    private static JsonNode withoutNulls(JsonNode value, String path) {
        JsonNode copy = value.deepCopy();
        if (copy.isObject()) {
            ObjectNode object = (ObjectNode) copy;
            List<String> nulls = new ArrayList<>();
            object.properties().forEach(field -> {
                if (field.getKey().startsWith("$")) {
                    throw new Unsupported(path + ": patch directive " + field.getKey());
                }
                if (field.getValue().isNull()) {
                    nulls.add(field.getKey());
                } else {
                    object.set(field.getKey(), withoutNulls(field.getValue(), path + "." + field.getKey()));
                }
            });
            nulls.forEach(object::remove);
        } else if (copy.isArray()) {
            ArrayNode array = (ArrayNode) copy;
            for (int i = 0; i < array.size(); i++) {
                array.set(i, withoutNulls(array.get(i), path + "[" + i + "]"));
            }
        }
        return copy;
    }

    // ---- labels ----

    private static void applyLabels(Path file, JsonNode entry, List<ObjectNode> resources) {
        entry.fieldNames().forEachRemaining(field -> {
            if (!LABEL_FIELDS.contains(field)) {
                throw new Unsupported(file + ": labels[]." + field);
            }
        });
        if (entry.path("includeSelectors").asBoolean(false) || entry.path("includeTemplates").asBoolean(false)) {
            throw new Unsupported(file + ": labels with includeSelectors or includeTemplates (write selector and template labels by hand)");
        }
        for (ObjectNode object : resources) {
            ObjectNode metadata = metadata(object);
            ObjectNode labels = metadata.has("labels") ? (ObjectNode) metadata.get("labels") : metadata.putObject("labels");
            entry.path("pairs").properties().forEach(pair -> labels.put(pair.getKey(), pair.getValue().asText()));
        }
    }

    // ---- images ----

    private static void applyImage(Path file, JsonNode entry, List<ObjectNode> resources) {
        entry.fieldNames().forEachRemaining(field -> {
            if (!IMAGE_FIELDS.contains(field)) {
                throw new Unsupported(file + ": images[]." + field);
            }
        });
        String name = entry.path("name").asText();
        if (name.isEmpty()) {
            throw new IllegalStateException(file + ": images[] without name");
        }
        for (ObjectNode object : resources) {
            rewriteImages(object, entry);
        }
    }

    /** Like kustomize's image transformer: every image of a list named containers or initContainers, at any depth. */
    private static void rewriteImages(JsonNode node, JsonNode entry) {
        if (node.isObject()) {
            node.properties().forEach(field -> {
                if (("containers".equals(field.getKey()) || "initContainers".equals(field.getKey())) && field.getValue().isArray()) {
                    for (JsonNode container : field.getValue()) {
                        if (container.isObject() && container.path("image").isTextual()) {
                            ((ObjectNode) container).put("image", rewrite(container.get("image").asText(), entry));
                        }
                    }
                }
                rewriteImages(field.getValue(), entry);
            });
        } else if (node.isArray()) {
            node.forEach(element -> rewriteImages(element, entry));
        }
    }

    static String rewrite(String image, JsonNode entry) {
        String name = image;
        String suffix = "";
        int at = name.indexOf('@');
        if (at >= 0) {
            suffix = name.substring(at);
            name = name.substring(0, at);
        }
        int colon = name.lastIndexOf(':');
        if (colon > name.lastIndexOf('/')) {
            suffix = name.substring(colon) + suffix;
            name = name.substring(0, colon);
        }
        if (!name.equals(entry.path("name").asText())) {
            return image;
        }
        String newName = entry.path("newName").asText(name);
        if (entry.hasNonNull("digest")) {
            suffix = "@" + entry.get("digest").asText();
        } else if (entry.hasNonNull("newTag")) {
            suffix = ":" + entry.get("newTag").asText();
        }
        return newName + suffix;
    }

    // ---- helpers ----

    static String id(JsonNode object) {
        return object.path("apiVersion").asText() + "/" + object.path("kind").asText() + " "
                + (object.path("metadata").has("namespace") ? object.path("metadata").path("namespace").asText() + "/" : "")
                + name(object);
    }

    private static String name(JsonNode object) {
        return object.path("metadata").path("name").asText();
    }

    private static ObjectNode metadata(ObjectNode object) {
        JsonNode metadata = object.get("metadata");
        if (metadata == null || !metadata.isObject()) {
            return object.putObject("metadata");
        }
        return (ObjectNode) metadata;
    }

    /** YAML files as Jackson trees; empty documents (a comment-only header, a trailing ---) are dropped. */
    static final class Yaml {
        private static final com.fasterxml.jackson.dataformat.yaml.YAMLMapper MAPPER = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper();

        private Yaml() {
        }

        static List<JsonNode> documents(Path file) {
            try {
                return documents(Files.readString(file));
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + file, e);
            }
        }

        static List<JsonNode> documents(String text) {
            List<JsonNode> documents = new ArrayList<>();
            try (var parser = MAPPER.createParser(text)) {
                var iterator = MAPPER.readValues(parser, JsonNode.class);
                while (iterator.hasNextValue()) {
                    JsonNode document = iterator.nextValue();
                    if (document != null && !document.isNull() && !document.isMissingNode()
                            && !(document.isObject() && document.isEmpty())) {
                        documents.add(document);
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException("invalid YAML: " + e.getMessage(), e);
            }
            return documents;
        }

        static List<ObjectNode> objects(Path file) {
            List<ObjectNode> objects = new ArrayList<>();
            for (JsonNode document : documents(file)) {
                if (!document.isObject()) {
                    throw new IllegalStateException(file + ": a resource file holds maps, not " + document.getNodeType());
                }
                objects.add((ObjectNode) document);
            }
            return objects;
        }

        static JsonNode single(Path file) {
            List<JsonNode> documents = documents(file);
            if (documents.size() != 1) {
                throw new IllegalStateException(file + " must hold one YAML document, found " + documents.size());
            }
            return documents.get(0);
        }
    }
}
