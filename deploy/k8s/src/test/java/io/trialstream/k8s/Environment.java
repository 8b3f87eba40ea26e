package io.trialstream.k8s;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserScramSha512ClientAuthentication;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The environment of one container as the kubelet builds it (envFrom in order, then env), with where each variable
 * comes from. A ConfigMap or Secret is found among the rendered objects, among the Secrets a rendered Strimzi resource
 * makes its operator write, or among {@link #EXTERNAL_SECRETS}, the ones an operator of the cluster provides.
 */
final class Environment {

    /**
     * Secrets an overlay may expect the cluster's operators to provide, with their keys. Only overlays that do not run
     * their own Kafka may use them (a dev overlay applies to an empty namespace), and deploy/README.md documents each.
     */
    static final Map<String, Set<String>> EXTERNAL_SECRETS = Map.of(
            "registry-service-db", Set.of("QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD"),
            "matching-service-db", Set.of("QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD"),
            "trialstream-cluster-ca-cert", Set.of("ca.crt"));

    /** Where a ConfigMap or Secret comes from. */
    enum Origin { RENDERED, OPERATOR, EXTERNAL }

    /** A ConfigMap or Secret the pod can use: its keys, and the values where the manifests hold them. */
    record Source(String kind, String name, Origin origin, Map<String, Optional<String>> values) {
    }

    /** One variable: its value when known, and where it comes from (for messages). */
    record Variable(String name, Optional<String> value, String from) {
    }

    private Environment() {
    }

    /** The ConfigMap or Secret of this name, or empty when nothing provides it in this overlay. */
    static Optional<Source> source(Manifests manifests, String kind, String name) {
        if ("ConfigMap".equals(kind)) {
            return manifests.find(ConfigMap.class, name).map(configMap -> {
                Map<String, Optional<String>> values = new LinkedHashMap<>();
                if (configMap.getData() != null) {
                    configMap.getData().forEach((key, value) -> values.put(key, Optional.ofNullable(value)));
                }
                if (configMap.getBinaryData() != null) {
                    configMap.getBinaryData().keySet().forEach(key -> values.put(key, Optional.empty()));
                }
                return new Source(kind, name, Origin.RENDERED, values);
            });
        }
        Optional<Secret> secret = manifests.find(Secret.class, name);
        if (secret.isPresent()) {
            Map<String, Optional<String>> values = new LinkedHashMap<>();
            if (secret.get().getData() != null) {
                secret.get().getData().forEach((key, value) -> values.put(key,
                        Optional.of(new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8))));
            }
            if (secret.get().getStringData() != null) {
                secret.get().getStringData().forEach((key, value) -> values.put(key, Optional.ofNullable(value)));
            }
            return Optional.of(new Source(kind, name, Origin.RENDERED, values));
        }
        for (KafkaUser user : manifests.all(KafkaUser.class)) {
            if (user.getMetadata().getName().equals(name) && user.getSpec() != null
                    && user.getSpec().getAuthentication() instanceof KafkaUserScramSha512ClientAuthentication) {
                return Optional.of(new Source(kind, name, Origin.OPERATOR, unknownValues(Set.of("password", "sasl.jaas.config"))));
            }
        }
        for (Kafka kafka : manifests.all(Kafka.class)) {
            if ((kafka.getMetadata().getName() + "-cluster-ca-cert").equals(name)) {
                return Optional.of(new Source(kind, name, Origin.OPERATOR, unknownValues(Set.of("ca.crt", "ca.p12", "ca.password"))));
            }
        }
        if (EXTERNAL_SECRETS.containsKey(name)) {
            return Optional.of(new Source(kind, name, Origin.EXTERNAL, unknownValues(EXTERNAL_SECRETS.get(name))));
        }
        return Optional.empty();
    }

    private static Map<String, Optional<String>> unknownValues(Set<String> keys) {
        Map<String, Optional<String>> values = new LinkedHashMap<>();
        keys.forEach(key -> values.put(key, Optional.empty()));
        return values;
    }

    /** The container's environment; references that resolve to nothing are reported in {@code problems}. */
    static Map<String, Variable> of(Manifests manifests, Container container, Set<String> problems) {
        Map<String, Variable> env = new LinkedHashMap<>();
        if (container.getEnvFrom() != null) {
            for (EnvFromSource from : container.getEnvFrom()) {
                String prefix = from.getPrefix() == null ? "" : from.getPrefix();
                String kind = from.getConfigMapRef() != null ? "ConfigMap" : "Secret";
                String name = from.getConfigMapRef() != null ? from.getConfigMapRef().getName() : from.getSecretRef().getName();
                boolean optional = Boolean.TRUE.equals(from.getConfigMapRef() != null
                        ? from.getConfigMapRef().getOptional() : from.getSecretRef().getOptional());
                Optional<Source> source = source(manifests, kind, name);
                if (source.isEmpty()) {
                    if (!optional) {
                        problems.add(container.getName() + ": envFrom " + kind + " " + name + " does not exist");
                    }
                    continue;
                }
                source.get().values().forEach((key, value) ->
                        env.put(prefix + key, new Variable(prefix + key, value, kind + " " + name)));
            }
        }
        if (container.getEnv() != null) {
            for (EnvVar variable : container.getEnv()) {
                if (variable.getValueFrom() == null) {
                    env.put(variable.getName(), new Variable(variable.getName(), Optional.ofNullable(variable.getValue()), "env"));
                    continue;
                }
                var valueFrom = variable.getValueFrom();
                String kind;
                String name;
                String key;
                boolean optional;
                if (valueFrom.getConfigMapKeyRef() != null) {
                    kind = "ConfigMap";
                    name = valueFrom.getConfigMapKeyRef().getName();
                    key = valueFrom.getConfigMapKeyRef().getKey();
                    optional = Boolean.TRUE.equals(valueFrom.getConfigMapKeyRef().getOptional());
                } else if (valueFrom.getSecretKeyRef() != null) {
                    kind = "Secret";
                    name = valueFrom.getSecretKeyRef().getName();
                    key = valueFrom.getSecretKeyRef().getKey();
                    optional = Boolean.TRUE.equals(valueFrom.getSecretKeyRef().getOptional());
                } else {
                    env.put(variable.getName(), new Variable(variable.getName(), Optional.empty(), "downward API"));
                    continue;
                }
                Optional<Source> source = source(manifests, kind, name);
                if (source.isEmpty() || !source.get().values().containsKey(key)) {
                    if (!optional) {
                        problems.add(container.getName() + ": " + variable.getName() + " refers to key " + key + " of " + kind + " " + name
                                + (source.isEmpty() ? ", which does not exist" : ", which has only " + source.get().values().keySet()));
                    }
                    continue;
                }
                env.put(variable.getName(), new Variable(variable.getName(), source.get().values().get(key), kind + " " + name + " key " + key));
            }
        }
        return env;
    }

    /** Every ConfigMap and Secret a pod template refers to (envFrom, env, volumes), as "Kind name". */
    static Set<String> references(io.fabric8.kubernetes.api.model.PodSpec pod) {
        Set<String> references = new LinkedHashSet<>();
        for (Container container : pod.getContainers()) {
            if (container.getEnvFrom() != null) {
                for (EnvFromSource from : container.getEnvFrom()) {
                    references.add(from.getConfigMapRef() != null ? "ConfigMap " + from.getConfigMapRef().getName()
                            : "Secret " + from.getSecretRef().getName());
                }
            }
            if (container.getEnv() != null) {
                for (EnvVar variable : container.getEnv()) {
                    if (variable.getValueFrom() != null && variable.getValueFrom().getConfigMapKeyRef() != null) {
                        references.add("ConfigMap " + variable.getValueFrom().getConfigMapKeyRef().getName());
                    } else if (variable.getValueFrom() != null && variable.getValueFrom().getSecretKeyRef() != null) {
                        references.add("Secret " + variable.getValueFrom().getSecretKeyRef().getName());
                    }
                }
            }
        }
        if (pod.getVolumes() != null) {
            pod.getVolumes().forEach(volume -> {
                if (volume.getConfigMap() != null) {
                    references.add("ConfigMap " + volume.getConfigMap().getName());
                }
                if (volume.getSecret() != null) {
                    references.add("Secret " + volume.getSecret().getSecretName());
                }
            });
        }
        return references;
    }
}
