package io.trialstream.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.Endpoint;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.kafka.KafkaAuthorizationSimple;
import io.strimzi.api.kafka.model.kafka.listener.GenericKafkaListener;
import io.strimzi.api.kafka.model.kafka.listener.KafkaListenerAuthenticationScramSha512;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.nodepool.ProcessRoles;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple;
import io.strimzi.api.kafka.model.user.KafkaUserScramSha512ClientAuthentication;
import io.strimzi.api.kafka.model.user.acl.AclRule;
import io.trialstream.contracts.Topics;
import io.trialstream.local.LocalInfrastructure;
import org.apache.kafka.clients.admin.NewTopic;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every rendered overlay against the typed model and against what the services and topics need. What a service needs
 * comes from its own application.properties ({@link ServiceConfiguration}); the topics from
 * {@link LocalInfrastructure#topics()}; so a new channel, datasource or topic fails this test until the manifests
 * follow.
 */
class ManifestTest {
    private static final String PART_OF = "app.kubernetes.io/part-of";
    private static final String NAME = "app.kubernetes.io/name";
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern LABEL_VALUE = Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");
    private static final Map<String, String> PROBES = Map.of(
            "startup", "/q/health/started", "readiness", "/q/health/ready", "liveness", "/q/health/live");
    private static final int POSTGRES_PORT = 5432;

    static List<String> overlays() {
        return Overlays.names();
    }

    private static Manifests manifests(String overlay) {
        return Overlays.render(overlay).manifests();
    }

    private static String at(Manifests manifests) {
        return manifests.overlay() + " [" + manifests.renderer() + "]";
    }

    // ---- shape ----

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void everyObjectFitsItsTypedModel(String overlay) {
        Manifests manifests = manifests(overlay);
        assertThat(manifests.invalid()).as("%s: objects that do not fit their typed model", at(manifests)).isEmpty();
        assertThat(manifests.all()).as("%s renders objects", at(manifests)).isNotEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void everyObjectIsNamedLabelledAndInTheOverlaysNamespace(String overlay) {
        Manifests manifests = manifests(overlay);
        String namespace = Kustomize.Yaml.single(Overlays.dir(overlay).resolve("kustomization.yaml")).path("namespace").asText(null);
        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(namespace).as("%s/kustomization.yaml sets a namespace", overlay).isNotBlank();
        Set<String> ids = new LinkedHashSet<>();
        for (HasMetadata object : manifests.all()) {
            String id = object.getKind() + " " + object.getMetadata().getName();
            softly.assertThat(ids.add(id)).as("%s: %s defined once", at(manifests), id).isTrue();
            softly.assertThat(object.getMetadata().getName()).as("%s: %s name is a DNS subdomain", at(manifests), id)
                    .matches(DNS_SUBDOMAIN).hasSizeLessThanOrEqualTo(253);
            softly.assertThat(object.getMetadata().getNamespace()).as("%s: %s namespace", at(manifests), id).isEqualTo(namespace);
            Map<String, String> labels = Optional.ofNullable(object.getMetadata().getLabels()).orElse(Map.of());
            softly.assertThat(labels).as("%s: %s labels", at(manifests), id).containsEntry(PART_OF, "trialstream");
            labels.forEach((key, value) -> softly.assertThat(value).as("%s: %s label %s", at(manifests), id, key)
                    .matches(LABEL_VALUE).hasSizeLessThanOrEqualTo(63));
        }
        softly.assertAll();
    }

    // ---- the services' Deployments ----

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void everyServiceRunsAsAHardenedDeploymentWithProbesAndResources(String overlay) {
        Manifests manifests = manifests(overlay);
        SoftAssertions softly = new SoftAssertions();
        for (String service : ServiceConfiguration.services()) {
            Optional<Deployment> found = manifests.find(Deployment.class, service);
            softly.assertThat(found).as("%s: Deployment %s", at(manifests), service).isPresent();
            if (found.isEmpty()) {
                continue;
            }
            String where = at(manifests) + ": Deployment " + service;
            Deployment deployment = found.get();
            PodTemplateSpec template = deployment.getSpec().getTemplate();
            Map<String, String> podLabels = template.getMetadata().getLabels();
            softly.assertThat(podLabels).as("%s pod labels", where).containsEntry(NAME, service).containsEntry(PART_OF, "trialstream");
            softly.assertThat(Manifests.selects(deployment.getSpec().getSelector(), podLabels))
                    .as("%s: spec.selector %s selects the pod labels %s", where, deployment.getSpec().getSelector(), podLabels).isTrue();
            softly.assertThat(deployment.getMetadata().getLabels()).as("%s labels", where).containsEntry(NAME, service);

            PodSpec pod = template.getSpec();
            softly.assertThat(pod.getAutomountServiceAccountToken()).as("%s: automountServiceAccountToken", where).isFalse();
            softly.assertThat(pod.getSecurityContext()).as("%s: pod securityContext", where).isNotNull();
            if (pod.getSecurityContext() != null) {
                softly.assertThat(pod.getSecurityContext().getRunAsNonRoot()).as("%s: runAsNonRoot", where).isTrue();
                softly.assertThat(pod.getSecurityContext().getRunAsUser()).as("%s: runAsUser (USER 185 in Dockerfile.jvm)", where).isEqualTo(185L);
                softly.assertThat(pod.getSecurityContext().getSeccompProfile()).as("%s: seccompProfile", where).isNotNull();
                if (pod.getSecurityContext().getSeccompProfile() != null) {
                    softly.assertThat(pod.getSecurityContext().getSeccompProfile().getType()).as("%s: seccompProfile", where).isEqualTo("RuntimeDefault");
                }
            }
            softly.assertThat(pod.getContainers()).as("%s containers", where).hasSize(1);
            Container container = pod.getContainers().get(0);
            softly.assertThat(container.getImage()).as("%s image: trialstream/%s, pinned by tag or digest", where, service)
                    .matches("([^/]+/)*trialstream/" + Pattern.quote(service) + "(:[\\w][\\w.-]*|@sha256:[0-9a-f]{64})")
                    .doesNotEndWith(":latest");

            Set<String> problems = new TreeSet<>();
            Map<String, Environment.Variable> env = Environment.of(manifests, container, problems);
            String httpPort = env.containsKey("QUARKUS_HTTP_PORT") ? env.get("QUARKUS_HTTP_PORT").value().orElse(null) : null;
            softly.assertThat(httpPort).as("%s: QUARKUS_HTTP_PORT (the images listen on 8080)", where).isEqualTo("8080");
            Optional<ContainerPort> http = ports(container).stream().filter(port -> "http".equals(port.getName())).findFirst();
            softly.assertThat(http).as("%s: a container port named http", where).isPresent();
            http.ifPresent(port -> softly.assertThat(String.valueOf(port.getContainerPort()))
                    .as("%s: port http = QUARKUS_HTTP_PORT", where).isEqualTo(httpPort));

            Map<String, Probe> probes = new LinkedHashMap<>();
            probes.put("startup", container.getStartupProbe());
            probes.put("readiness", container.getReadinessProbe());
            probes.put("liveness", container.getLivenessProbe());
            probes.forEach((kind, probe) -> {
                HTTPGetAction get = probe == null ? null : probe.getHttpGet();
                softly.assertThat(get).as("%s: %s probe is an HTTP GET", where, kind).isNotNull();
                if (get != null) {
                    softly.assertThat(get.getPath()).as("%s: %s probe path", where, kind).isEqualTo(PROBES.get(kind));
                    softly.assertThat(containerPort(container, get.getPort()))
                            .as("%s: %s probe port %s is the HTTP port", where, kind, get.getPort()).isEqualTo(http.map(ContainerPort::getContainerPort));
                }
            });

            var resources = container.getResources();
            for (String resource : List.of("cpu", "memory")) {
                Quantity request = resources == null || resources.getRequests() == null ? null : resources.getRequests().get(resource);
                Quantity limit = resources == null || resources.getLimits() == null ? null : resources.getLimits().get(resource);
                softly.assertThat(request).as("%s: %s request", where, resource).isNotNull();
                softly.assertThat(limit).as("%s: %s limit", where, resource).isNotNull();
                if (request != null && limit != null) {
                    softly.assertThat(limit.getNumericalAmount()).as("%s: %s limit >= request", where, resource)
                            .isGreaterThanOrEqualTo(request.getNumericalAmount());
                }
            }

            var security = container.getSecurityContext();
            softly.assertThat(security).as("%s: container securityContext", where).isNotNull();
            if (security != null) {
                softly.assertThat(security.getAllowPrivilegeEscalation()).as("%s: allowPrivilegeEscalation", where).isFalse();
                softly.assertThat(security.getReadOnlyRootFilesystem()).as("%s: readOnlyRootFilesystem", where).isTrue();
                softly.assertThat(security.getCapabilities() == null ? List.<String>of() : security.getCapabilities().getDrop())
                        .as("%s: capabilities.drop", where).contains("ALL");
                softly.assertThat(security.getCapabilities() == null || security.getCapabilities().getAdd() == null
                        || security.getCapabilities().getAdd().isEmpty()).as("%s: no capabilities added", where).isTrue();
            }
            Optional<VolumeMount> tmp = Optional.ofNullable(container.getVolumeMounts()).orElse(List.of()).stream()
                    .filter(mount -> "/tmp".equals(mount.getMountPath())).findFirst();
            softly.assertThat(tmp).as("%s: a writable /tmp (the root file system is read-only)", where).isPresent();
            tmp.ifPresent(mount -> softly.assertThat(Optional.ofNullable(pod.getVolumes()).orElse(List.of()).stream()
                            .anyMatch(volume -> volume.getName().equals(mount.getName()) && volume.getEmptyDir() != null))
                    .as("%s: /tmp is an emptyDir", where).isTrue());
        }
        softly.assertAll();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void gracefulShutdownFitsInTheTerminationGracePeriod(String overlay) {
        Manifests manifests = manifests(overlay);
        SoftAssertions softly = new SoftAssertions();
        for (String service : ServiceConfiguration.services()) {
            Optional<Deployment> deployment = manifests.find(Deployment.class, service);
            if (deployment.isEmpty()) {
                continue; // reported by everyServiceRunsAsAHardenedDeploymentWithProbesAndResources
            }
            String where = at(manifests) + ": Deployment " + service;
            PodSpec pod = deployment.get().getSpec().getTemplate().getSpec();
            Container container = pod.getContainers().get(0);
            Map<String, Environment.Variable> env = Environment.of(manifests, container, new TreeSet<>());
            ServiceConfiguration configuration = ServiceConfiguration.of(service);

            softly.assertThat(env).as("%s: quarkus.shutdown.delay-enabled is a build-time property: set it in "
                    + "application.properties, an environment variable is ignored", where).doesNotContainKey("QUARKUS_SHUTDOWN_DELAY_ENABLED");
            var preStop = container.getLifecycle() == null ? null : container.getLifecycle().getPreStop();
            double preStopSeconds = 0;
            if (preStop != null && preStop.getSleep() != null) {
                preStopSeconds = preStop.getSleep().getSeconds();
            } else if (preStop != null && preStop.getExec() != null && preStop.getExec().getCommand().size() == 2
                    && "sleep".equals(preStop.getExec().getCommand().get(0))) {
                preStopSeconds = Double.parseDouble(preStop.getExec().getCommand().get(1));
            }
            softly.assertThat(preStopSeconds).as("%s: a preStop sleep lets endpoints drop the pod before SIGTERM", where).isPositive();
            String timeout = env.containsKey("QUARKUS_SHUTDOWN_TIMEOUT") ? env.get("QUARKUS_SHUTDOWN_TIMEOUT").value().orElse(null)
                    : configuration.active().get("quarkus.shutdown.timeout");
            softly.assertThat(timeout).as("%s: a shutdown timeout (QUARKUS_SHUTDOWN_TIMEOUT or quarkus.shutdown.timeout) bounds the drain", where).isNotNull();
            String delay = env.containsKey("QUARKUS_SHUTDOWN_DELAY") ? env.get("QUARKUS_SHUTDOWN_DELAY").value().orElse(null)
                    : configuration.active().get("quarkus.shutdown.delay");
            double needed = preStopSeconds + (delay == null ? 0 : ServiceConfiguration.seconds(delay))
                    + (timeout == null ? 0 : ServiceConfiguration.seconds(timeout));
            softly.assertThat(pod.getTerminationGracePeriodSeconds()).as("%s: terminationGracePeriodSeconds", where).isNotNull();
            if (pod.getTerminationGracePeriodSeconds() != null) {
                softly.assertThat((double) pod.getTerminationGracePeriodSeconds())
                        .as("%s: terminationGracePeriodSeconds > preStop %s s + delay %s + timeout %s, or the kubelet kills the drain",
                                where, preStopSeconds, delay, timeout)
                        .isGreaterThan(needed);
            }
        }
        softly.assertAll();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void everyServiceGetsTheEnvironmentItsApplicationPropertiesRequire(String overlay) {
        Manifests manifests = manifests(overlay);
        SoftAssertions softly = new SoftAssertions();
        for (String service : ServiceConfiguration.services()) {
            Optional<Deployment> deployment = manifests.find(Deployment.class, service);
            if (deployment.isEmpty()) {
                continue;
            }
            ServiceConfiguration configuration = ServiceConfiguration.of(service);
            Set<String> problems = new TreeSet<>();
            Map<String, Environment.Variable> env = Environment.of(manifests, deployment.get().getSpec().getTemplate().getSpec().getContainers().get(0), problems);
            configuration.requiredEnvironment().forEach((variable, reason) -> softly.assertThat(env)
                    .as("%s: Deployment %s must set %s because %s (%s)", at(manifests), service, variable, reason,
                            Overlays.root().relativize(configuration.propertiesFile()))
                    .containsKey(variable));
            env.values().forEach(variable -> variable.value().ifPresent(value -> softly.assertThat(value)
                    .as("%s: %s %s (from %s) has a value", at(manifests), service, variable.name(), variable.from()).isNotBlank()));
        }
        softly.assertAll();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void everyReferencedConfigMapAndSecretExists(String overlay) {
        Manifests manifests = manifests(overlay);
        boolean selfContained = !manifests.all(Kafka.class).isEmpty();
        SoftAssertions softly = new SoftAssertions();
        for (HasMetadata workload : workloads(manifests)) {
            PodSpec pod = podTemplate(workload).getSpec();
            String where = at(manifests) + ": " + workload.getKind() + " " + workload.getMetadata().getName();
            Set<String> problems = new TreeSet<>();
            for (Container container : pod.getContainers()) {
                Environment.of(manifests, container, problems);
            }
            softly.assertThat(problems).as("%s: references that resolve to nothing", where).isEmpty();
            for (String reference : Environment.references(pod)) {
                String[] kindAndName = reference.split(" ", 2);
                Optional<Environment.Source> source = Environment.source(manifests, kindAndName[0], kindAndName[1]);
                softly.assertThat(source).as("%s refers to %s", where, reference).isPresent();
                if (selfContained) {
                    softly.assertThat(source.map(Environment.Source::origin))
                            .as("%s refers to %s: an overlay that runs its own Kafka applies to an empty namespace, so nothing may be external",
                                    where, reference)
                            .isNotEqualTo(Optional.of(Environment.Origin.EXTERNAL));
                }
            }
        }
        softly.assertAll();
    }

    @Test
    void theSecretsProdExpectsFromTheClusterAreDocumented() throws IOException {
        Manifests manifests = manifests("prod");
        String readme = Files.readString(Overlays.root().resolve("deploy/README.md"));
        Set<String> external = new TreeSet<>();
        for (HasMetadata workload : workloads(manifests)) {
            for (String reference : Environment.references(podTemplate(workload).getSpec())) {
                String[] kindAndName = reference.split(" ", 2);
                Environment.source(manifests, kindAndName[0], kindAndName[1])
                        .filter(source -> source.origin() == Environment.Origin.EXTERNAL)
                        .ifPresent(source -> external.add(source.name()));
            }
        }
        assertThat(external).as("prod expects these Secrets from the cluster").isNotEmpty();
        SoftAssertions softly = new SoftAssertions();
        for (String secret : external) {
            softly.assertThat(readme).as("deploy/README.md documents the Secret %s prod expects", secret).contains(secret);
            for (String key : Environment.EXTERNAL_SECRETS.get(secret)) {
                softly.assertThat(readme).as("deploy/README.md documents key %s of Secret %s", key, secret).contains(key);
            }
        }
        softly.assertAll();
    }

    // ---- Services, disruption budgets, monitors ----

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void servicesBudgetsAndMonitorsSelectTheirPods(String overlay) {
        Manifests manifests = manifests(overlay);
        boolean monitored = !manifests.all(ServiceMonitor.class).isEmpty();
        SoftAssertions softly = new SoftAssertions();
        for (String name : ServiceConfiguration.services()) {
            Optional<Deployment> deployment = manifests.find(Deployment.class, name);
            if (deployment.isEmpty()) {
                continue;
            }
            Map<String, String> podLabels = deployment.get().getSpec().getTemplate().getMetadata().getLabels();
            Container container = deployment.get().getSpec().getTemplate().getSpec().getContainers().get(0);

            Optional<Service> service = manifests.find(Service.class, name);
            softly.assertThat(service).as("%s: Service %s", at(manifests), name).isPresent();
            service.ifPresent(s -> {
                softly.assertThat(Manifests.selects(new io.fabric8.kubernetes.api.model.LabelSelector(null, s.getSpec().getSelector()), podLabels))
                        .as("%s: Service %s selector %s selects its pods", at(manifests), name, s.getSpec().getSelector()).isTrue();
                for (ServicePort port : s.getSpec().getPorts()) {
                    softly.assertThat(containerPort(container, port.getTargetPort()))
                            .as("%s: Service %s port %s targets a container port", at(manifests), name, port.getName()).isPresent();
                }
            });

            Optional<PodDisruptionBudget> budget = manifests.all(PodDisruptionBudget.class).stream()
                    .filter(pdb -> Manifests.selects(pdb.getSpec().getSelector(), podLabels)).findFirst();
            softly.assertThat(budget).as("%s: a PodDisruptionBudget selects the pods of %s", at(manifests), name).isPresent();
            budget.ifPresent(pdb -> softly.assertThat(pdb.getSpec().getMaxUnavailable())
                    .as("%s: PodDisruptionBudget %s uses maxUnavailable (minAvailable = replicas would block every drain)",
                            at(manifests), pdb.getMetadata().getName()).isNotNull());

            if (monitored && service.isPresent()) {
                Optional<ServiceMonitor> monitor = manifests.all(ServiceMonitor.class).stream()
                        .filter(m -> Manifests.selects(m.getSpec().getSelector(), service.get().getMetadata().getLabels())).findFirst();
                softly.assertThat(monitor).as("%s: a ServiceMonitor selects Service %s", at(manifests), name).isPresent();
                Set<String> portNames = service.get().getSpec().getPorts().stream().map(ServicePort::getName).collect(Collectors.toSet());
                monitor.ifPresent(m -> {
                    softly.assertThat(m.getSpec().getEndpoints()).as("%s: ServiceMonitor %s endpoints", at(manifests), m.getMetadata().getName()).isNotEmpty();
                    for (Endpoint endpoint : m.getSpec().getEndpoints()) {
                        softly.assertThat(portNames).as("%s: ServiceMonitor %s scrapes a named port of Service %s", at(manifests), m.getMetadata().getName(), name)
                                .contains(endpoint.getPort());
                        softly.assertThat(endpoint.getPath()).as("%s: ServiceMonitor %s path", at(manifests), m.getMetadata().getName()).isEqualTo("/q/metrics");
                    }
                });
            }
        }
        softly.assertAll();
    }

    @Test
    void prodIsScrapedByPrometheus() {
        Manifests manifests = manifests("prod");
        assertThat(manifests.all(ServiceMonitor.class)).extracting(m -> m.getMetadata().getName())
                .as("prod includes deploy/k8s/monitoring").containsExactlyInAnyOrderElementsOf(ServiceConfiguration.services());
    }

    // ---- network ----

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void networkPoliciesDenyByDefaultAndAllowEachServiceWhatItNeeds(String overlay) {
        Manifests manifests = manifests(overlay);
        List<NetworkPolicy> policies = manifests.all(NetworkPolicy.class);
        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(policies).as("%s: a default-deny NetworkPolicy (every pod, Ingress and Egress, no rule)", at(manifests))
                .anyMatch(policy -> Manifests.selectsEverything(policy.getSpec().getPodSelector())
                        && policy.getSpec().getPolicyTypes().containsAll(List.of("Ingress", "Egress"))
                        && (policy.getSpec().getIngress() == null || policy.getSpec().getIngress().isEmpty())
                        && (policy.getSpec().getEgress() == null || policy.getSpec().getEgress().isEmpty()));

        Map<String, Map<String, String>> podLabelsByService = new LinkedHashMap<>();
        for (String service : ServiceConfiguration.services()) {
            Optional<Deployment> deployment = manifests.find(Deployment.class, service);
            if (deployment.isEmpty()) {
                continue;
            }
            String where = at(manifests) + ": pods of " + service;
            Map<String, String> labels = deployment.get().getSpec().getTemplate().getMetadata().getLabels();
            podLabelsByService.put(service, labels);
            Container container = deployment.get().getSpec().getTemplate().getSpec().getContainers().get(0);
            Map<String, Environment.Variable> env = Environment.of(manifests, container, new TreeSet<>());
            List<NetworkPolicy> selecting = policies.stream().filter(p -> Manifests.selects(p.getSpec().getPodSelector(), labels)).toList();

            for (ContainerPort port : ports(container)) {
                softly.assertThat(selecting.stream().anyMatch(p -> allowsIngress(p, port.getContainerPort(), "TCP")))
                        .as("%s: ingress to port %s allowed", where, port.getContainerPort()).isTrue();
            }
            softly.assertThat(selecting.stream().anyMatch(p -> allowsEgress(p, 53, "UDP")) && selecting.stream().anyMatch(p -> allowsEgress(p, 53, "TCP")))
                    .as("%s: DNS (53 UDP and TCP) allowed out", where).isTrue();
            String bootstrap = env.containsKey("KAFKA_BOOTSTRAP_SERVERS") ? env.get("KAFKA_BOOTSTRAP_SERVERS").value().orElse("") : "";
            for (String server : bootstrap.split(",")) {
                if (server.isBlank()) {
                    continue;
                }
                int kafkaPort = Integer.parseInt(server.substring(server.lastIndexOf(':') + 1).trim());
                softly.assertThat(selecting.stream().anyMatch(p -> allowsEgress(p, kafkaPort, "TCP")))
                        .as("%s: Kafka (%s) allowed out", where, server).isTrue();
            }
            if (ServiceConfiguration.of(service).hasDatasource()) {
                int databasePort = env.containsKey("QUARKUS_DATASOURCE_JDBC_URL")
                        ? env.get("QUARKUS_DATASOURCE_JDBC_URL").value().map(ManifestTest::jdbcPort).orElse(POSTGRES_PORT) : POSTGRES_PORT;
                softly.assertThat(selecting.stream().anyMatch(p -> allowsEgress(p, databasePort, "TCP")))
                        .as("%s: PostgreSQL (port %s) allowed out", where, databasePort).isTrue();
            }
        }

        for (Kafka kafka : manifests.all(Kafka.class)) {
            Map<String, String> brokerLabels = Map.of("strimzi.io/cluster", kafka.getMetadata().getName(), "strimzi.io/kind", "Kafka");
            for (var entry : podLabelsByService.entrySet()) {
                List<NetworkPolicy> selecting = policies.stream().filter(p -> Manifests.selects(p.getSpec().getPodSelector(), entry.getValue())).toList();
                for (GenericKafkaListener listener : kafka.getSpec().getKafka().getListeners()) {
                    softly.assertThat(selecting.stream().anyMatch(p -> allowsEgressTo(p, listener.getPort(), brokerLabels)))
                            .as("%s: pods of %s may reach the brokers of Kafka %s on listener %s (%s)", at(manifests), entry.getKey(),
                                    kafka.getMetadata().getName(), listener.getName(), listener.getPort()).isTrue();
                }
            }
            softly.assertThat(policies).as("%s: Strimzi's pods (brokers, entity operator) may connect out past the default deny", at(manifests))
                    .anyMatch(p -> Manifests.selects(p.getSpec().getPodSelector(), brokerLabels) && allowsEgress(p, 9091, "TCP") && allowsEgress(p, 443, "TCP"));
        }
        for (StatefulSet database : manifests.all(StatefulSet.class)) {
            Map<String, String> labels = database.getSpec().getTemplate().getMetadata().getLabels();
            for (var entry : podLabelsByService.entrySet()) {
                if (!ServiceConfiguration.of(entry.getKey()).hasDatasource()) {
                    continue;
                }
                softly.assertThat(policies.stream().filter(p -> Manifests.selects(p.getSpec().getPodSelector(), labels))
                                .anyMatch(p -> allowsIngressFrom(p, POSTGRES_PORT, entry.getValue())))
                        .as("%s: StatefulSet %s accepts PostgreSQL connections from the pods of %s", at(manifests),
                                database.getMetadata().getName(), entry.getKey()).isTrue();
            }
        }
        softly.assertAll();
    }

    // ---- Kafka: topics, users, autoscaling ----

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void everyTopicHasAKafkaTopicWithItsCleanupPolicy(String overlay) {
        Manifests manifests = manifests(overlay);
        String cluster = kafkaCluster(manifests);
        Map<String, KafkaTopic> topics = topics(manifests);
        SoftAssertions softly = new SoftAssertions();
        Set<String> expected = LocalInfrastructure.topics().stream().map(NewTopic::name).collect(Collectors.toCollection(TreeSet::new));
        softly.assertThat(topics.keySet()).as("%s: KafkaTopics = LocalInfrastructure.topics()", at(manifests)).containsExactlyInAnyOrderElementsOf(expected);
        int brokers = manifests.all(KafkaNodePool.class).stream().filter(pool -> pool.getSpec().getRoles().contains(ProcessRoles.BROKER))
                .mapToInt(pool -> pool.getSpec().getReplicas()).sum();
        for (NewTopic local : LocalInfrastructure.topics()) {
            KafkaTopic topic = topics.get(local.name());
            if (topic == null) {
                continue;
            }
            String where = at(manifests) + ": KafkaTopic " + local.name();
            Map<String, Object> config = Optional.ofNullable(topic.getSpec().getConfig()).orElse(Map.of());
            Map<String, String> localConfig = Optional.ofNullable(local.configs()).orElse(Map.of());
            softly.assertThat(topic.getMetadata().getLabels()).as("%s: managed by the Topic Operator of Kafka %s", where, cluster)
                    .containsEntry("strimzi.io/cluster", cluster);
            String cleanup = localConfig.getOrDefault("cleanup.policy", "delete");
            softly.assertThat(String.valueOf(config.getOrDefault("cleanup.policy", "delete"))).as("%s cleanup.policy", where).isEqualTo(cleanup);
            if (cleanup.contains("compact")) {
                softly.assertThat(string(config.get("delete.retention.ms"))).as("%s delete.retention.ms (tombstone lifetime)", where)
                        .isEqualTo(localConfig.get("delete.retention.ms"));
            } else {
                softly.assertThat(config).as("%s: an explicit retention.ms", where).containsKey("retention.ms");
            }
            softly.assertThat(topic.getSpec().getPartitions()).as("%s partitions", where).isNotNull().isPositive();
            Integer replicas = topic.getSpec().getReplicas();
            softly.assertThat(replicas).as("%s replicas", where).isNotNull();
            softly.assertThat(config).as("%s min.insync.replicas", where).containsKey("min.insync.replicas");
            if (replicas != null && config.containsKey("min.insync.replicas")) {
                softly.assertThat(Integer.parseInt(string(config.get("min.insync.replicas")))).as("%s: min.insync.replicas <= replicas", where)
                        .isLessThanOrEqualTo(replicas);
                if (brokers > 0) {
                    softly.assertThat(replicas).as("%s: replicas <= the %s broker(s) of this overlay's Kafka", where, brokers).isLessThanOrEqualTo(brokers);
                }
            }
        }
        softly.assertAll();
    }

    @Test
    void prodTopicsAreReplicatedThreeTimesAndNeedTwoInSyncReplicas() {
        Manifests manifests = manifests("prod");
        SoftAssertions softly = new SoftAssertions();
        topics(manifests).forEach((name, topic) -> {
            softly.assertThat(topic.getSpec().getReplicas()).as("prod KafkaTopic %s replicas", name).isEqualTo(3);
            softly.assertThat(string(topic.getSpec().getConfig().get("min.insync.replicas"))).as("prod KafkaTopic %s min.insync.replicas", name).isEqualTo("2");
        });
        softly.assertAll();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void everyServiceHasAKafkaUserWithExactlyTheAclsOfItsChannels(String overlay) {
        Manifests manifests = manifests(overlay);
        String cluster = kafkaCluster(manifests);
        Set<String> topicNames = topics(manifests).keySet();
        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(manifests.all(KafkaUser.class)).extracting(user -> user.getMetadata().getName())
                .as("%s: one KafkaUser per service", at(manifests)).containsExactlyInAnyOrderElementsOf(ServiceConfiguration.services());
        for (String service : ServiceConfiguration.services()) {
            ServiceConfiguration configuration = ServiceConfiguration.of(service);
            softly.assertThat(ServiceConfiguration.OUTBOX_TOPICS.containsKey(service))
                    .as("%s's code builds a KafkaProducer (an outbox relay) iff ServiceConfiguration.OUTBOX_TOPICS names the topic it writes",
                            service)
                    .isEqualTo(configuration.hasPlainProducer());
            Set<String> expected = configuration.expectedAcls();
            for (String acl : expected) {
                if (acl.startsWith("topic:")) {
                    String topic = acl.substring("topic:".length(), acl.lastIndexOf(' '));
                    softly.assertThat(topicNames).as("%s: %s uses topic %s, which needs a KafkaTopic", at(manifests), service, topic).contains(topic);
                }
            }
            Optional<KafkaUser> user = manifests.find(KafkaUser.class, service);
            if (user.isEmpty()) {
                continue;
            }
            String where = at(manifests) + ": KafkaUser " + service;
            softly.assertThat(user.get().getMetadata().getLabels()).as("%s cluster label", where).containsEntry("strimzi.io/cluster", cluster);
            softly.assertThat(user.get().getSpec().getAuthentication()).as("%s authentication", where).isInstanceOf(KafkaUserScramSha512ClientAuthentication.class);
            softly.assertThat(user.get().getSpec().getAuthorization()).as("%s authorization", where).isInstanceOf(KafkaUserAuthorizationSimple.class);
            Set<String> actual = new TreeSet<>();
            if (user.get().getSpec().getAuthorization() instanceof KafkaUserAuthorizationSimple simple) {
                for (AclRule rule : simple.getAcls()) {
                    JsonNode resource = TypedModel.MAPPER.valueToTree(rule.getResource());
                    softly.assertThat(resource.path("patternType").asText("literal")).as("%s: %s is a literal name, not a prefix", where, resource).isEqualTo("literal");
                    softly.assertThat(rule.getHost() == null ? "*" : rule.getHost()).as("%s: host", where).isEqualTo("*");
                    softly.assertThat(rule.getType() == null ? "allow" : TypedModel.MAPPER.convertValue(rule.getType(), String.class))
                            .as("%s: rule type", where).isEqualTo("allow");
                    for (var operation : rule.getOperations()) {
                        actual.add(ServiceConfiguration.acl(resource.path("type").asText(), resource.path("name").asText(""),
                                TypedModel.MAPPER.convertValue(operation, String.class)));
                    }
                }
            }
            softly.assertThat(actual).as("%s: ACLs derived from %s's channels, DLQ and outbox (missing ones break the service, extra "
                    + "ones break least privilege)", where, service).containsExactlyInAnyOrderElementsOf(expected);

            Optional<Deployment> deployment = manifests.find(Deployment.class, service);
            if (deployment.isPresent()) {
                var env = Environment.of(manifests, deployment.get().getSpec().getTemplate().getSpec().getContainers().get(0), new TreeSet<>());
                softly.assertThat(env.get("KAFKA_SASL_JAAS_CONFIG")).as("%s: Deployment %s KAFKA_SASL_JAAS_CONFIG", at(manifests), service).isNotNull();
                if (env.get("KAFKA_SASL_JAAS_CONFIG") != null) {
                    softly.assertThat(env.get("KAFKA_SASL_JAAS_CONFIG").from()).as("%s: %s authenticates as its own KafkaUser", at(manifests), service)
                            .isEqualTo("Secret " + service + " key sasl.jaas.config");
                }
                softly.assertThat(value(env, "KAFKA_SASL_MECHANISM")).as("%s: %s SASL mechanism", at(manifests), service).isEqualTo("SCRAM-SHA-512");
                softly.assertThat(value(env, "KAFKA_SECURITY_PROTOCOL")).as("%s: %s security protocol", at(manifests), service).isIn("SASL_PLAINTEXT", "SASL_SSL");
            }
        }
        softly.assertAll();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void matchingServiceScalesOnCpuUpToThePartitionCountOfPatientEvents(String overlay) {
        Manifests manifests = manifests(overlay);
        Map<String, KafkaTopic> topics = topics(manifests);
        SoftAssertions softly = new SoftAssertions();
        List<HorizontalPodAutoscaler> autoscalers = manifests.all(HorizontalPodAutoscaler.class);
        softly.assertThat(autoscalers).extracting(hpa -> hpa.getSpec().getScaleTargetRef().getKind() + " " + hpa.getSpec().getScaleTargetRef().getName())
                .as("%s: HorizontalPodAutoscalers", at(manifests)).containsExactly("Deployment matching-service");
        for (HorizontalPodAutoscaler hpa : autoscalers) {
            String where = at(manifests) + ": HorizontalPodAutoscaler " + hpa.getMetadata().getName();
            softly.assertThat(hpa.getSpec().getScaleTargetRef().getApiVersion()).as("%s target apiVersion", where).isEqualTo("apps/v1");
            softly.assertThat(hpa.getSpec().getMetrics()).as("%s: scales on CPU utilisation", where)
                    .anyMatch(metric -> "Resource".equals(metric.getType()) && "cpu".equals(metric.getResource().getName())
                            && "Utilization".equals(metric.getResource().getTarget().getType()));
            softly.assertThat(hpa.getSpec().getMinReplicas()).as("%s minReplicas", where).isNotNull().isPositive();
            softly.assertThat(hpa.getSpec().getMaxReplicas()).as("%s maxReplicas >= minReplicas", where)
                    .isGreaterThanOrEqualTo(Objects.requireNonNullElse(hpa.getSpec().getMinReplicas(), 1));
            manifests.find(Deployment.class, hpa.getSpec().getScaleTargetRef().getName()).ifPresent(target -> {
                softly.assertThat(target.getSpec().getReplicas()).as("%s: its Deployment sets no replicas (the autoscaler owns them)", where).isNull();
                softly.assertThat(target.getSpec().getTemplate().getSpec().getContainers().get(0).getResources().getRequests())
                        .as("%s: CPU utilisation needs a CPU request", where).containsKey("cpu");
                for (ServiceConfiguration.Channel channel : ServiceConfiguration.of(target.getMetadata().getName()).channels()) {
                    if (channel.incoming() && topics.containsKey(channel.topic()) && Topics.PATIENT_EVENTS.equals(channel.topic())) {
                        softly.assertThat(hpa.getSpec().getMaxReplicas())
                                .as("%s: maxReplicas <= partitions of %s (more consumers than partitions idle)", where, channel.topic())
                                .isLessThanOrEqualTo(topics.get(channel.topic()).getSpec().getPartitions());
                    }
                }
            });
        }
        // fixed replica counts: more consumers in a group than partitions would idle too
        for (Deployment deployment : manifests.all(Deployment.class)) {
            Integer replicas = deployment.getSpec().getReplicas();
            String service = deployment.getMetadata().getName();
            if (replicas == null || !ServiceConfiguration.services().contains(service)) {
                continue;
            }
            for (ServiceConfiguration.Channel channel : ServiceConfiguration.of(service).channels()) {
                if (channel.incoming() && topics.containsKey(channel.topic())) {
                    softly.assertThat(replicas).as("%s: Deployment %s replicas <= partitions of %s", at(manifests), service, channel.topic())
                            .isLessThanOrEqualTo(topics.get(channel.topic()).getSpec().getPartitions());
                }
            }
        }
        softly.assertAll();
    }

    // ---- infrastructure per overlay ----

    @Test
    void devRunsASingleNodeKRaftKafkaAndPostgres() {
        Manifests manifests = manifests("dev");
        SoftAssertions softly = new SoftAssertions();
        List<Kafka> clusters = manifests.all(Kafka.class);
        assertThat(clusters).as("dev: one Strimzi Kafka").hasSize(1);
        Kafka kafka = clusters.get(0);
        String cluster = kafka.getMetadata().getName();
        List<KafkaNodePool> pools = manifests.all(KafkaNodePool.class);
        softly.assertThat(pools).as("dev: KafkaNodePools of Kafka %s", cluster).isNotEmpty()
                .allMatch(pool -> cluster.equals(pool.getMetadata().getLabels().get("strimzi.io/cluster")));
        softly.assertThat(pools.stream().mapToInt(pool -> pool.getSpec().getReplicas()).sum()).as("dev: one Kafka node").isEqualTo(1);
        softly.assertThat(pools.stream().flatMap(pool -> pool.getSpec().getRoles().stream()).collect(Collectors.toSet()))
                .as("dev: KRaft node that is controller and broker").containsExactlyInAnyOrder(ProcessRoles.CONTROLLER, ProcessRoles.BROKER);
        Map<String, Object> config = kafka.getSpec().getKafka().getConfig();
        for (String key : List.of("offsets.topic.replication.factor", "transaction.state.log.replication.factor",
                "transaction.state.log.min.isr", "default.replication.factor", "min.insync.replicas")) {
            softly.assertThat(string(config.get(key))).as("dev Kafka config %s on one node", key).isEqualTo("1");
        }
        softly.assertThat(kafka.getSpec().getEntityOperator()).as("dev: entity operator").isNotNull();
        if (kafka.getSpec().getEntityOperator() != null) {
            softly.assertThat(kafka.getSpec().getEntityOperator().getTopicOperator()).as("dev: Topic Operator (KafkaTopic)").isNotNull();
            softly.assertThat(kafka.getSpec().getEntityOperator().getUserOperator()).as("dev: User Operator (KafkaUser)").isNotNull();
        }
        softly.assertThat(kafka.getSpec().getKafka().getAuthorization()).as("dev: ACLs are enforced, as in prod").isInstanceOf(KafkaAuthorizationSimple.class);

        Map<String, String> clientConfig = manifests.get(io.fabric8.kubernetes.api.model.ConfigMap.class, "trialstream-kafka").getData();
        String bootstrap = clientConfig.get("KAFKA_BOOTSTRAP_SERVERS");
        softly.assertThat(bootstrap).as("dev: bootstrap servers name Kafka %s's bootstrap Service", cluster).startsWith(cluster + "-kafka-bootstrap:");
        int port = Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
        Optional<GenericKafkaListener> listener = kafka.getSpec().getKafka().getListeners().stream().filter(l -> l.getPort() == port).findFirst();
        softly.assertThat(listener).as("dev: a listener on the bootstrap port %s", port).isPresent();
        listener.ifPresent(l -> {
            softly.assertThat(l.getAuth()).as("dev: listener %s authenticates with SCRAM-SHA-512", l.getName()).isInstanceOf(KafkaListenerAuthenticationScramSha512.class);
            softly.assertThat(clientConfig.get("KAFKA_SECURITY_PROTOCOL")).as("dev: protocol of listener %s (tls: %s)", l.getName(), l.isTls())
                    .isEqualTo(l.isTls() ? "SASL_SSL" : "SASL_PLAINTEXT");
        });

        List<StatefulSet> databases = manifests.all(StatefulSet.class);
        softly.assertThat(databases).as("dev: one PostgreSQL StatefulSet").hasSize(1);
        for (StatefulSet database : databases) {
            Container container = database.getSpec().getTemplate().getSpec().getContainers().get(0);
            softly.assertThat(container.getImage()).as("dev: PostgreSQL image").isEqualTo("postgres:17-alpine");
            softly.assertThat(database.getSpec().getVolumeClaimTemplates()).as("dev: PostgreSQL keeps its data on a PersistentVolumeClaim").isNotEmpty();
            Set<String> claims = database.getSpec().getVolumeClaimTemplates().stream().map(c -> c.getMetadata().getName()).collect(Collectors.toSet());
            softly.assertThat(container.getVolumeMounts()).as("dev: the claim is mounted").anyMatch(mount -> claims.contains(mount.getName()));
            Optional<Service> service = manifests.all(Service.class).stream()
                    .filter(s -> Manifests.selects(new io.fabric8.kubernetes.api.model.LabelSelector(null, s.getSpec().getSelector()),
                            database.getSpec().getTemplate().getMetadata().getLabels())).findFirst();
            softly.assertThat(service).as("dev: a Service in front of PostgreSQL").isPresent();
            Map<String, Environment.Variable> databaseEnv = Environment.of(manifests, container, new TreeSet<>());
            for (String name : ServiceConfiguration.services()) {
                if (!ServiceConfiguration.of(name).hasDatasource() || manifests.find(Deployment.class, name).isEmpty() || service.isEmpty()) {
                    continue;
                }
                var env = Environment.of(manifests, manifests.get(Deployment.class, name).getSpec().getTemplate().getSpec().getContainers().get(0), new TreeSet<>());
                String url = value(env, "QUARKUS_DATASOURCE_JDBC_URL");
                softly.assertThat(url).as("dev: %s JDBC URL", name).isNotNull();
                if (url != null) {
                    URI uri = URI.create(url.substring("jdbc:".length()));
                    softly.assertThat(uri.getHost()).as("dev: %s connects to the PostgreSQL Service", name).isEqualTo(service.get().getMetadata().getName());
                    softly.assertThat(service.get().getSpec().getPorts()).as("dev: %s connects to its port", name).anyMatch(p -> p.getPort() == uri.getPort());
                    softly.assertThat(uri.getPath()).as("dev: %s database", name).isEqualTo("/" + value(databaseEnv, "POSTGRES_DB"));
                    softly.assertThat(value(env, "QUARKUS_DATASOURCE_USERNAME")).as("dev: %s user", name).isEqualTo(value(databaseEnv, "POSTGRES_USER"));
                    softly.assertThat(value(env, "QUARKUS_DATASOURCE_PASSWORD")).as("dev: %s password", name).isEqualTo(value(databaseEnv, "POSTGRES_PASSWORD"));
                }
            }
        }
        softly.assertAll();
    }

    @Test
    void prodUsesAnOperatedKafkaOverTlsAndAnExternalDatabase() {
        Manifests manifests = manifests("prod");
        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(manifests.all(Kafka.class)).as("prod runs no Kafka of its own").isEmpty();
        softly.assertThat(manifests.all(KafkaNodePool.class)).as("prod runs no KafkaNodePool of its own").isEmpty();
        softly.assertThat(manifests.all(StatefulSet.class)).as("prod runs no database of its own").isEmpty();
        Map<String, String> clientConfig = manifests.get(io.fabric8.kubernetes.api.model.ConfigMap.class, "trialstream-kafka").getData();
        softly.assertThat(clientConfig).as("prod Kafka client settings")
                .containsEntry("KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
                .containsEntry("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512")
                .containsEntry("KAFKA_SSL_TRUSTSTORE_TYPE", "PEM");
        for (String service : ServiceConfiguration.services()) {
            manifests.find(Deployment.class, service).ifPresent(deployment -> {
                var env = Environment.of(manifests, deployment.getSpec().getTemplate().getSpec().getContainers().get(0), new TreeSet<>());
                softly.assertThat(env.get("KAFKA_SSL_TRUSTSTORE_CERTIFICATES")).as("prod: %s trusts the Kafka cluster CA", service).isNotNull();
                if (env.get("KAFKA_SSL_TRUSTSTORE_CERTIFICATES") != null) {
                    softly.assertThat(env.get("KAFKA_SSL_TRUSTSTORE_CERTIFICATES").from()).as("prod: %s CA certificate", service)
                            .isEqualTo("Secret " + kafkaCluster(manifests) + "-cluster-ca-cert key ca.crt");
                }
            });
        }
        softly.assertAll();
    }

    // ---- helpers ----

    /** The Strimzi cluster the services connect to: the name in KAFKA_BOOTSTRAP_SERVERS' <name>-kafka-bootstrap host. */
    private static String kafkaCluster(Manifests manifests) {
        String bootstrap = manifests.get(io.fabric8.kubernetes.api.model.ConfigMap.class, "trialstream-kafka").getData().get("KAFKA_BOOTSTRAP_SERVERS");
        String host = bootstrap.split(",")[0].trim();
        host = host.substring(0, host.lastIndexOf(':'));
        host = host.split("\\.")[0];
        assertThat(host).as("%s: KAFKA_BOOTSTRAP_SERVERS names a Strimzi bootstrap Service", at(manifests)).endsWith("-kafka-bootstrap");
        return host.substring(0, host.length() - "-kafka-bootstrap".length());
    }

    private static Map<String, KafkaTopic> topics(Manifests manifests) {
        Map<String, KafkaTopic> topics = new LinkedHashMap<>();
        for (KafkaTopic topic : manifests.all(KafkaTopic.class)) {
            String name = topic.getSpec().getTopicName() != null ? topic.getSpec().getTopicName() : topic.getMetadata().getName();
            assertThat(topics.put(name, topic)).as("%s: one KafkaTopic for %s", at(manifests), name).isNull();
        }
        return topics;
    }

    private static List<HasMetadata> workloads(Manifests manifests) {
        List<HasMetadata> workloads = new ArrayList<>(manifests.all(Deployment.class));
        workloads.addAll(manifests.all(StatefulSet.class));
        return workloads;
    }

    private static PodTemplateSpec podTemplate(HasMetadata workload) {
        return workload instanceof Deployment deployment ? deployment.getSpec().getTemplate() : ((StatefulSet) workload).getSpec().getTemplate();
    }

    private static List<ContainerPort> ports(Container container) {
        return container.getPorts() == null ? List.of() : container.getPorts();
    }

    /** The container port a probe or Service names, by name or by number. */
    private static Optional<Integer> containerPort(Container container, IntOrString port) {
        if (port == null) {
            return Optional.empty();
        }
        if (port.getIntVal() != null) {
            return ports(container).stream().map(ContainerPort::getContainerPort).filter(p -> p.equals(port.getIntVal())).findFirst();
        }
        return ports(container).stream().filter(p -> port.getStrVal().equals(p.getName())).map(ContainerPort::getContainerPort).findFirst();
    }

    private static String value(Map<String, Environment.Variable> env, String name) {
        return env.containsKey(name) ? env.get(name).value().orElse(null) : null;
    }

    private static String string(Object value) {
        return value == null ? null : String.valueOf(value);
    }

    private static int jdbcPort(String url) {
        URI uri = URI.create(url.substring("jdbc:".length()));
        return uri.getPort() > 0 ? uri.getPort() : POSTGRES_PORT;
    }

    private static boolean allowsPort(List<NetworkPolicyPort> ports, int port, String protocol) {
        if (ports == null || ports.isEmpty()) {
            return true;
        }
        for (NetworkPolicyPort rule : ports) {
            String ruleProtocol = rule.getProtocol() == null ? "TCP" : rule.getProtocol();
            if (!ruleProtocol.equals(protocol)) {
                continue;
            }
            if (rule.getPort() == null) {
                return true;
            }
            Integer number = rule.getPort().getIntVal();
            if (number != null && (number == port || (rule.getEndPort() != null && number <= port && port <= rule.getEndPort()))) {
                return true;
            }
        }
        return false;
    }

    private static boolean allowsIngress(NetworkPolicy policy, int port, String protocol) {
        return policy.getSpec().getPolicyTypes().contains("Ingress") && policy.getSpec().getIngress() != null
                && policy.getSpec().getIngress().stream().anyMatch(rule -> allowsPort(rule.getPorts(), port, protocol));
    }

    private static boolean allowsEgress(NetworkPolicy policy, int port, String protocol) {
        return policy.getSpec().getPolicyTypes().contains("Egress") && policy.getSpec().getEgress() != null
                && policy.getSpec().getEgress().stream().anyMatch(rule -> allowsPort(rule.getPorts(), port, protocol));
    }

    private static boolean allowsEgressTo(NetworkPolicy policy, int port, Map<String, String> podLabels) {
        return policy.getSpec().getPolicyTypes().contains("Egress") && policy.getSpec().getEgress() != null
                && policy.getSpec().getEgress().stream().anyMatch(rule -> allowsPort(rule.getPorts(), port, "TCP")
                && (rule.getTo() == null || rule.getTo().isEmpty() || rule.getTo().stream().anyMatch(peer -> peerSelects(peer, podLabels))));
    }

    private static boolean allowsIngressFrom(NetworkPolicy policy, int port, Map<String, String> podLabels) {
        return policy.getSpec().getPolicyTypes().contains("Ingress") && policy.getSpec().getIngress() != null
                && policy.getSpec().getIngress().stream().anyMatch(rule -> allowsPort(rule.getPorts(), port, "TCP")
                && (rule.getFrom() == null || rule.getFrom().isEmpty() || rule.getFrom().stream().anyMatch(peer -> peerSelects(peer, podLabels))));
    }

    /** A peer selecting pods with these labels in the policy's namespace or any namespace (ipBlocks do not count). */
    private static boolean peerSelects(NetworkPolicyPeer peer, Map<String, String> podLabels) {
        if (peer.getIpBlock() != null) {
            return false;
        }
        boolean namespaceOk = peer.getNamespaceSelector() == null || Manifests.selectsEverything(peer.getNamespaceSelector());
        boolean podOk = peer.getPodSelector() == null || Manifests.selects(peer.getPodSelector(), podLabels)
                || Manifests.selectsEverything(peer.getPodSelector());
        return namespaceOk && podOk;
    }
}
