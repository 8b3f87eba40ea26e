package io.trialstream.k8s;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;

import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The typed model each rendered object must fit: fabric8's Kubernetes and Prometheus Operator models and Strimzi's own
 * {@code kafka.strimzi.io/v1} model (io.strimzi:api, the classes the Strimzi operators deserialise into).
 * <p>
 * Those classes keep fields they do not know in an {@code additionalProperties} map instead of failing (Kubernetes
 * would prune or reject them), so "strict" here means: deserialise with no scalar coercion ({@code replicas: "2"} is an
 * error), then walk the whole object and report every non-empty {@code additionalProperties} (a misspelt or misplaced
 * field), every missing {@code required} property and every quantity ({@code 512Mi}) that does not parse.
 */
final class TypedModel {
    static final Map<String, Class<? extends HasMetadata>> KINDS = Map.ofEntries(
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("apps/v1/StatefulSet", StatefulSet.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("monitoring.coreos.com/v1/ServiceMonitor", ServiceMonitor.class),
            Map.entry("kafka.strimzi.io/v1/Kafka", Kafka.class),
            Map.entry("kafka.strimzi.io/v1/KafkaNodePool", KafkaNodePool.class),
            Map.entry("kafka.strimzi.io/v1/KafkaTopic", KafkaTopic.class),
            Map.entry("kafka.strimzi.io/v1/KafkaUser", KafkaUser.class));

    /**
     * Fields the kafka.strimzi.io/v1 API dropped that the Java 11 model (io.strimzi:api 0.51, which also serves v1beta2)
     * still accepts: a Strimzi 1.x operator would reject them.
     */
    static final Map<String, List<String>> REMOVED_IN_STRIMZI_V1 = Map.of(
            "KafkaUser", List.of("spec.authorization.acls[].operation"),
            "Kafka", List.of("spec.zookeeper", "spec.kafka.replicas", "spec.kafka.storage"));

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();

    private TypedModel() {
    }

    /** The typed object, or an exception whose message names the object and the problem. */
    static HasMetadata read(ObjectNode node) {
        String key = node.path("apiVersion").asText() + "/" + node.path("kind").asText();
        Class<? extends HasMetadata> type = KINDS.get(key);
        if (type == null) {
            throw new IllegalArgumentException(Kustomize.id(node) + ": no typed model for " + key
                    + " (add it to TypedModel.KINDS, or fix apiVersion/kind; known: " + KINDS.keySet() + ")");
        }
        HasMetadata typed;
        try {
            typed = MAPPER.treeToValue(node, type);
        } catch (Exception e) {
            throw new IllegalArgumentException(Kustomize.id(node) + ": does not fit " + type.getName() + ": " + e.getMessage(), e);
        }
        List<String> problems = new ArrayList<>();
        if ("kafka.strimzi.io/v1".equals(node.path("apiVersion").asText())) {
            for (String path : REMOVED_IN_STRIMZI_V1.getOrDefault(node.path("kind").asText(), List.of())) {
                if (present(node, path.split("\\."), 0)) {
                    problems.add(path + " is not part of kafka.strimzi.io/v1");
                }
            }
        }
        walk(typed, node, node.path("kind").asText(), problems, new IdentityHashMap<>());
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(Kustomize.id(node) + ": " + String.join("; ", problems));
        }
        return typed;
    }

    private static boolean present(com.fasterxml.jackson.databind.JsonNode node, String[] path, int index) {
        if (index == path.length) {
            return !node.isMissingNode() && !node.isNull();
        }
        String field = path[index];
        if (field.endsWith("[]")) {
            com.fasterxml.jackson.databind.JsonNode list = node.path(field.substring(0, field.length() - 2));
            for (com.fasterxml.jackson.databind.JsonNode element : list) {
                if (present(element, path, index + 1)) {
                    return true;
                }
            }
            return false;
        }
        return present(node.path(field), path, index + 1);
    }

    /**
     * Walks the typed object and its input side by side. Reports unknown fields (a non-empty additionalProperties),
     * missing required properties, malformed quantities, and input values the model turned into null: some model enums
     * map a value they do not know to null instead of failing (Strimzi's {@code operations: [Reed]}).
     */
    private static void walk(Object value, com.fasterxml.jackson.databind.JsonNode input, String path, List<String> problems,
                             Map<Object, Boolean> seen) {
        boolean given = input != null && !input.isMissingNode() && !input.isNull();
        if (value == null) {
            if (given) {
                problems.add(path + ": " + input + " was not understood");
            }
            return;
        }
        if (value instanceof String || value instanceof Number || value instanceof Boolean || value instanceof Enum<?>
                || seen.put(value, Boolean.TRUE) != null) {
            return;
        }
        if (value instanceof Collection<?> collection) {
            int i = 0;
            for (Object element : collection) {
                walk(element, given && input.isArray() ? input.get(i) : null, path + "[" + i + "]", problems, seen);
                i++;
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> walk(v, given ? input.get(String.valueOf(k)) : null, path + "." + k, problems, seen));
            return;
        }
        String pkg = value.getClass().getPackageName();
        if (!pkg.startsWith("io.fabric8.") && !pkg.startsWith("io.strimzi.")) {
            return;
        }
        if (value instanceof Quantity quantity) {
            try {
                quantity.getNumericalAmount();
            } catch (RuntimeException e) {
                problems.add(path + ": '" + quantity + "' is not a Kubernetes quantity");
            }
            return;
        }
        JavaType type = MAPPER.constructType(value.getClass());
        BeanDescription description = MAPPER.getSerializationConfig().introspect(type);
        AnnotatedMember anyGetter = description.findAnyGetter();
        if (anyGetter != null && anyGetter.getValue(value) instanceof Map<?, ?> unknown && !unknown.isEmpty()) {
            problems.add(path + ": unknown field(s) " + unknown.keySet());
        }
        for (BeanPropertyDefinition property : description.findProperties()) {
            AnnotatedMember accessor = property.getAccessor();
            if (accessor == null) {
                continue;
            }
            Object child;
            try {
                child = accessor.getValue(value);
            } catch (RuntimeException e) {
                problems.add(path + "." + property.getName() + ": " + e.getMessage());
                continue;
            }
            if (child == null && property.isRequired()) {
                problems.add(path + "." + property.getName() + " is required");
            }
            walk(child, given ? input.get(property.getName()) : null, path + "." + property.getName(), problems, seen);
        }
    }
}
