package io.trialstream.local;

import static io.trialstream.local.ServiceProperties.activeInProd;
import static io.trialstream.local.ServiceProperties.referencesWithoutDefault;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Checks the repository's {@code docker-compose.yml} without a Docker daemon: what each service needs is derived from
 * its own {@code application.properties}, the topics from {@link LocalInfrastructure#topics()}.
 */
class DockerComposeFileTest {

    private static final List<String> INFRASTRUCTURE = List.of("kafka", "postgres", "kafka-init");
    private static final String KAFKA_BOOTSTRAP_SERVERS = "KAFKA_BOOTSTRAP_SERVERS";
    private static final Pattern DB_KIND = Pattern.compile("^quarkus\\.datasource\\.(?:(\"[^\"]+\"|[^.\"]+)\\.)?db-kind$");
    private static final Pattern JDBC_URL_ENV = Pattern.compile("^QUARKUS_DATASOURCE_(?:.*_)?JDBC_URL$");

    private static Path root;
    private static Path composeFile;
    private static JsonNode compose;
    private static JsonNode services;

    @BeforeAll
    static void readComposeFile() throws IOException {
        // Surefire runs in the module directory (deploy/local) and sets "basedir" to it.
        Path module = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        root = module.resolve("../..").normalize();
        composeFile = root.resolve("docker-compose.yml");
        assertThat(composeFile).as("docker-compose.yml at the repository root (%s)", root).isRegularFile();
        compose = new YAMLMapper().readTree(composeFile.toFile());
        services = compose.path("services");
        assertThat(services.isObject()).as("docker-compose.yml has a services: map").isTrue();
    }

    /** The application services: the ones the project ships (LocalInfrastructure.SERVICES runs them locally too). */
    private static List<String> applicationServices() {
        Set<String> names = new LinkedHashSet<>(List.of("ingest-service", "registry-service", "matching-service"));
        names.addAll(LocalInfrastructure.SERVICES);
        return List.copyOf(names);
    }

    // (a)
    @Test
    void definesTheInfrastructureAndEveryApplicationService() {
        List<String> expected = new ArrayList<>(INFRASTRUCTURE);
        expected.addAll(applicationServices());
        List<String> defined = new ArrayList<>();
        services.fieldNames().forEachRemaining(defined::add);
        assertThat(defined).as("services in %s", composeFile).containsAll(expected);
    }

    // (b)
    @Test
    void everyServiceGetsTheEnvironmentItsApplicationPropertiesRequire() throws IOException {
        SoftAssertions softly = new SoftAssertions();
        int checked = 0;
        for (String name : applicationServices()) {
            Path dir = root.resolve(name);
            if (!Files.isRegularFile(dir.resolve("pom.xml"))) {
                continue; // not a module (yet): nothing to derive from
            }
            Path propertiesFile = dir.resolve("src/main/resources/application.properties");
            if (!Files.isRegularFile(propertiesFile)) {
                softly.fail("%s is a Maven module (%s exists) but has no %s, so this test cannot derive what "
                                + "docker-compose.yml must give it: add the file (it is where the Kafka channels and the datasource are declared)",
                        name, root.relativize(dir.resolve("pom.xml")), root.relativize(propertiesFile));
                continue;
            }
            checked++;
            Properties properties = load(propertiesFile);
            JsonNode service = services.path(name);
            if (service.isMissingNode()) {
                softly.fail("%s has %s but no service in docker-compose.yml", name, root.relativize(propertiesFile));
                continue;
            }
            Map<String, String> env = environment(service);
            Map<String, String> required = requiredEnvironment(properties);
            required.forEach((variable, reason) -> softly.assertThat(env)
                    .as("%s: environment must set %s because %s (%s)", name, variable, reason, root.relativize(propertiesFile))
                    .containsKey(variable));
            env.forEach((variable, value) -> softly.assertThat(value)
                    .as("%s: environment variable %s has a value", name, variable)
                    .isNotBlank());
            hardCodedChannelBootstrapServers(properties).forEach(key -> softly.fail(
                    "%s: %s=%s in application.properties overrides KAFKA_BOOTSTRAP_SERVERS for that channel; use ${kafka.bootstrap.servers}",
                    name, key, properties.getProperty(key)));
        }
        softly.assertThat(checked).as("application services with an application.properties to check").isPositive();
        softly.assertAll();
    }

    // (b) HTTP: the published port and the health check reach the port the service listens on.
    @Test
    void everyServiceIsReachableAndHealthChecked() throws IOException {
        SoftAssertions softly = new SoftAssertions();
        Set<String> hostPorts = new LinkedHashSet<>();
        for (String name : applicationServices()) {
            JsonNode service = services.path(name);
            if (service.isMissingNode()) {
                continue; // reported by definesTheInfrastructureAndEveryApplicationService
            }
            Map<String, String> env = environment(service);
            String containerPort = env.getOrDefault("QUARKUS_HTTP_PORT", "8080");
            List<String[]> ports = ports(service);
            softly.assertThat(ports).as("%s publishes a port", name).isNotEmpty();
            for (String[] mapping : ports) {
                softly.assertThat(mapping[1]).as("%s: published container port = QUARKUS_HTTP_PORT", name).isEqualTo(containerPort);
                softly.assertThat(hostPorts.add(mapping[0])).as("%s: host port %s used once", name, mapping[0]).isTrue();
            }
            Path propertiesFile = root.resolve(name).resolve("src/main/resources/application.properties");
            if (Files.isRegularFile(propertiesFile)) {
                String devPort = load(propertiesFile).getProperty("quarkus.http.port");
                if (devPort != null && !devPort.contains("${")) {
                    softly.assertThat(ports).as("%s: host port = quarkus.http.port (%s) so URLs match quarkus:dev", name, devPort)
                            .anyMatch(mapping -> mapping[0].equals(devPort));
                }
            }
            String healthcheck = text(service.path("healthcheck").path("test"));
            softly.assertThat(healthcheck).as("%s healthcheck", name).contains("/q/health/ready").contains(containerPort);
            dependsOn(service).forEach((dependency, condition) -> softly.assertThat(condition)
                    .as("%s depends_on %s", name, dependency)
                    .isEqualTo("kafka-init".equals(dependency) ? "service_completed_successfully" : "service_healthy"));
        }
        softly.assertAll();
    }

    // (c)
    @Test
    void everyBuildPointsToADirectoryWithItsDockerfile() throws IOException {
        SoftAssertions softly = new SoftAssertions();
        for (String name : applicationServices()) {
            softly.assertThat(services.path(name).has("build")).as("%s is built from the repository (build:)", name).isTrue();
        }
        for (Map.Entry<String, JsonNode> entry : services.properties()) {
            JsonNode build = entry.getValue().path("build");
            if (build.isMissingNode()) {
                continue;
            }
            String name = entry.getKey();
            String context = build.isTextual() ? build.asText() : build.path("context").asText(".");
            Path contextDir = composeFile.getParent().resolve(context).normalize();
            if (!Files.isDirectory(contextDir)) {
                softly.fail("%s: build context %s is not a directory", name, contextDir);
                continue;
            }
            String named = build.isTextual() ? null : build.path("dockerfile").asText(null);
            Path dockerfile = contextDir.resolve(named == null ? "Dockerfile" : named).normalize();
            if (!Files.isRegularFile(dockerfile)) {
                softly.fail("%s: %s does not exist%s", name, dockerfile,
                        named == null && Files.isRegularFile(contextDir.resolve("src/main/docker/Dockerfile.jvm"))
                                ? " (name src/main/docker/Dockerfile.jvm with build.dockerfile)" : "");
                continue;
            }
            if (applicationServices().contains(name)) {
                softly.assertThat(contextDir).as("%s: build context is the service module", name).isEqualTo(root.resolve(name));
                softly.assertThat(dockerfile).as("%s: Dockerfile", name).isEqualTo(contextDir.resolve("src/main/docker/Dockerfile.jvm"));
                String text = Files.readString(dockerfile);
                softly.assertThat(text).as("%s: fast-jar layout in %s", name, dockerfile)
                        .contains("target/quarkus-app/lib/", "target/quarkus-app/app/", "target/quarkus-app/quarkus/",
                                "/deployments/quarkus-run.jar", "USER 185", "EXPOSE 8080");
                Path dockerignore = contextDir.resolve(".dockerignore");
                if (Files.isRegularFile(dockerignore)) {
                    softly.assertThat(Files.readAllLines(dockerignore)).as("%s: %s keeps target/quarkus-app", name, dockerignore)
                            .anyMatch(line -> line.trim().startsWith("!target/quarkus-app"));
                }
            }
        }
        softly.assertAll();
    }

    // (d)
    @Test
    void connectionStringsNameComposeServices() {
        SoftAssertions softly = new SoftAssertions();
        for (Map.Entry<String, JsonNode> entry : services.properties()) {
            String name = entry.getKey();
            JsonNode service = entry.getValue();
            Map<String, String> env = environment(service);
            Map<String, String> dependsOn = dependsOn(service);

            String bootstrap = env.get(KAFKA_BOOTSTRAP_SERVERS);
            if (bootstrap != null) {
                checkBootstrapServers(softly, name, bootstrap, dependsOn);
            }
            env.forEach((variable, url) -> {
                if (!JDBC_URL_ENV.matcher(variable).matches() || url == null) {
                    return;
                }
                softly.assertThat(url).as("%s: %s", name, variable).startsWith("jdbc:postgresql://");
                if (!url.startsWith("jdbc:")) {
                    return;
                }
                URI uri = URI.create(url.substring("jdbc:".length()));
                String host = uri.getHost();
                softly.assertThat(services.has(host)).as("%s: host %s of %s=%s is a compose service", name, host, variable, url).isTrue();
                softly.assertThat(dependsOn).as("%s depends on %s", name, host).containsEntry(host, "service_healthy");
                JsonNode db = services.path(host);
                if (db.isMissingNode()) {
                    return;
                }
                Map<String, String> dbEnv = environment(db);
                String user = dbEnv.getOrDefault("POSTGRES_USER", "postgres");
                softly.assertThat(uri.getPort()).as("%s: port in %s", name, url).isIn(-1, 5432);
                softly.assertThat(uri.getPath()).as("%s: database in %s = POSTGRES_DB of %s", name, url, host)
                        .isEqualTo("/" + dbEnv.getOrDefault("POSTGRES_DB", user));
                String prefix = variable.substring(0, variable.length() - "JDBC_URL".length());
                softly.assertThat(env.get(prefix + "USERNAME")).as("%s: %sUSERNAME = POSTGRES_USER of %s", name, prefix, host).isEqualTo(user);
                softly.assertThat(env.get(prefix + "PASSWORD")).as("%s: %sPASSWORD = POSTGRES_PASSWORD of %s", name, prefix, host)
                        .isEqualTo(dbEnv.get("POSTGRES_PASSWORD"));
            });
        }
        softly.assertAll();
    }

    // (e)
    @Test
    void kafkaInitCreatesEveryProjectTopic() {
        JsonNode init = services.path("kafka-init");
        assertThat(init.isMissingNode()).as("kafka-init service").isFalse();
        String script = (text(init.path("entrypoint")) + "\n" + text(init.path("command"))).replace("\\\n", " ");
        assertThat(script).as("kafka-init runs /opt/kafka/bin/kafka-topics.sh").contains("/opt/kafka/bin/kafka-topics.sh");

        Map<String, CreatedTopic> created = new LinkedHashMap<>();
        SoftAssertions softly = new SoftAssertions();
        for (String invocation : script.split("kafka-topics\\.sh")) {
            List<String> args = List.of(invocation.split("\\R")[0].trim().split("\\s+"));
            if (!args.contains("--create")) {
                continue;
            }
            CreatedTopic topic = CreatedTopic.parse(args);
            softly.assertThat(topic.name).as("--topic in: kafka-topics.sh %s", invocation.trim()).isNotNull();
            if (topic.bootstrap != null) {
                checkBootstrapServers(softly, "kafka-init", topic.bootstrap, dependsOn(init));
            }
            created.put(topic.name, topic);
        }

        for (NewTopic expected : LocalInfrastructure.topics()) {
            CreatedTopic topic = created.get(expected.name());
            if (topic == null) {
                softly.fail("kafka-init does not create %s (created: %s)", expected.name(), created.keySet());
                continue;
            }
            if (expected.numPartitions() > 0) {
                softly.assertThat(topic.partitions).as("%s --partitions", expected.name()).isEqualTo(expected.numPartitions());
            }
            if (expected.replicationFactor() > 0) {
                softly.assertThat(topic.replicationFactor).as("%s --replication-factor", expected.name())
                        .isEqualTo((int) expected.replicationFactor());
            }
            if (expected.configs() != null) {
                softly.assertThat(topic.configs).as("%s --config", expected.name()).containsAllEntriesOf(expected.configs());
            }
        }
        softly.assertThat(created.get("trials.v1")).as("trials.v1 is created").isNotNull();
        if (created.containsKey("trials.v1")) {
            softly.assertThat(created.get("trials.v1").configs).as("trials.v1 is compacted")
                    .containsEntry("cleanup.policy", "compact");
        }
        softly.assertThat(dependsOn(init)).as("kafka-init waits for a healthy broker").containsEntry("kafka", "service_healthy");
        softly.assertAll();
    }

    @Test
    void kafkaIsASingleKraftNodeAndPostgresIsHealthChecked() {
        SoftAssertions softly = new SoftAssertions();
        JsonNode kafka = services.path("kafka");
        Map<String, String> env = environment(kafka);
        softly.assertThat(kafka.path("image").asText()).as("kafka image").isEqualTo("apache/kafka:4.1.1");
        softly.assertThat(env.get("KAFKA_PROCESS_ROLES")).as("KRaft broker+controller").isEqualTo("broker,controller");
        softly.assertThat(env).as("no ZooKeeper").doesNotContainKey("KAFKA_ZOOKEEPER_CONNECT");
        String clusterId = env.get("CLUSTER_ID");
        if (clusterId != null) {
            softly.assertThatCode(() -> Uuid.fromString(clusterId)).as("CLUSTER_ID is a base64url UUID").doesNotThrowAnyException();
        }
        for (String internal : List.of("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR",
                "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR")) {
            softly.assertThat(env.get(internal)).as("kafka %s", internal).isEqualTo("1");
        }
        softly.assertThat(env.get("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS")).as("group.initial.rebalance.delay.ms").isEqualTo("0");
        softly.assertThat(text(kafka.path("healthcheck").path("test"))).as("kafka healthcheck").isNotBlank();

        JsonNode postgres = services.path("postgres");
        softly.assertThat(postgres.path("image").asText()).as("postgres image").isEqualTo("postgres:17-alpine");
        softly.assertThat(environment(postgres)).as("postgres environment")
                .containsEntry("POSTGRES_DB", LocalInfrastructure.DATABASE)
                .containsEntry("POSTGRES_USER", "postgres")
                .containsEntry("POSTGRES_PASSWORD", "postgres");
        softly.assertThat(text(postgres.path("healthcheck").path("test"))).as("postgres healthcheck").contains("pg_isready");
        for (JsonNode volume : postgres.path("volumes")) {
            String source = volume.isTextual() ? volume.asText().split(":")[0] : volume.path("source").asText();
            if (!source.startsWith(".") && !source.startsWith("/")) {
                softly.assertThat(volumesDeclared()).as("named volume %s declared under volumes:", source).contains(source);
            }
        }
        softly.assertThat(postgres.path("volumes").size()).as("postgres keeps its data in a volume").isPositive();
        softly.assertAll();
    }

    // ---- requirements derived from application.properties ----

    /** Environment variables docker-compose.yml must set for a service with these properties, with the reason. */
    static Map<String, String> requiredEnvironment(Properties properties) {
        Map<String, String> active = activeInProd(properties);
        Map<String, String> required = new LinkedHashMap<>();
        active.keySet().stream().filter(key -> key.startsWith("mp.messaging.")).findFirst()
                .ifPresent(key -> required.put(KAFKA_BOOTSTRAP_SERVERS, "it uses Kafka (" + key + ")"));
        for (String key : active.keySet()) {
            Matcher dbKind = DB_KIND.matcher(key);
            if (dbKind.matches()) {
                String prefix = key.substring(0, key.length() - "db-kind".length());
                for (String suffix : List.of("jdbc.url", "username", "password")) {
                    required.put(envName(prefix + suffix), "it declares a datasource (" + key + ")");
                }
            }
        }
        active.forEach((key, value) -> {
            for (String reference : referencesWithoutDefault(value)) {
                if (!active.containsKey(reference)) {
                    required.putIfAbsent(envName(reference), key + "=" + value + " has no default");
                }
            }
        });
        return required;
    }


    /** Channel- or connector-level bootstrap.servers set to a literal: those ignore KAFKA_BOOTSTRAP_SERVERS. */
    static List<String> hardCodedChannelBootstrapServers(Properties properties) {
        List<String> keys = new ArrayList<>();
        activeInProd(properties).forEach((key, value) -> {
            if (key.startsWith("mp.messaging.") && key.endsWith(".bootstrap.servers") && !value.contains("${")) {
                keys.add(key);
            }
        });
        return keys;
    }

    /** MicroProfile Config's environment-variable name of a property: non-alphanumerics become '_', upper case. */
    static String envName(String property) {
        StringBuilder name = new StringBuilder(property.length());
        for (char c : property.toCharArray()) {
            name.append(c < 128 && Character.isLetterOrDigit(c) ? Character.toUpperCase(c) : '_');
        }
        return name.toString();
    }

    @Test
    void derivesRequirementsTheWayQuarkusResolvesThem() {
        Properties properties = new Properties();
        properties.setProperty("mp.messaging.incoming.x.topic", "x");
        properties.setProperty("quarkus.datasource.db-kind", "postgresql");
        properties.setProperty("quarkus.datasource.\"users\".db-kind", "postgresql");
        properties.setProperty("%dev.quarkus.datasource.jdbc.url", "${DEV_ONLY}");
        properties.setProperty("app.token", "${APP_TOKEN}");
        properties.setProperty("app.region", "${APP_REGION:eu}");
        properties.setProperty("app.name", "${quarkus.application.name}");
        properties.setProperty("quarkus.application.name", "x");
        properties.setProperty("app.nested", "${OUTER:${INNER}}");
        properties.setProperty("%prod.app.key", "${PROD_KEY}");

        assertThat(requiredEnvironment(properties).keySet()).containsExactlyInAnyOrder(
                "KAFKA_BOOTSTRAP_SERVERS",
                "QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD",
                "QUARKUS_DATASOURCE__USERS__JDBC_URL", "QUARKUS_DATASOURCE__USERS__USERNAME", "QUARKUS_DATASOURCE__USERS__PASSWORD",
                "APP_TOKEN", "PROD_KEY");
    }

    // ---- compose helpers ----

    private void checkBootstrapServers(SoftAssertions softly, String name, String bootstrap, Map<String, String> dependsOn) {
        for (String server : bootstrap.split(",")) {
            String hostPort = server.trim();
            int colon = hostPort.lastIndexOf(':');
            String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
            softly.assertThat(services.has(host)).as("%s: Kafka host %s of %s is a compose service", name, host, bootstrap).isTrue();
            softly.assertThat(dependsOn).as("%s depends on %s", name, host).containsEntry(host, "service_healthy");
            String advertised = environment(services.path(host)).get("KAFKA_ADVERTISED_LISTENERS");
            if (advertised != null) {
                softly.assertThat(advertised).as("%s: %s is one of %s's advertised listeners", name, hostPort, host)
                        .contains("//" + hostPort);
            }
        }
    }

    private static Properties load(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        return properties;
    }

    /** The environment: map form or list form ({@code KEY=VALUE}); a key without a value maps to null. */
    private static Map<String, String> environment(JsonNode service) {
        JsonNode env = service.path("environment");
        Map<String, String> result = new LinkedHashMap<>();
        if (env.isObject()) {
            for (Map.Entry<String, JsonNode> entry : env.properties()) {
                result.put(entry.getKey(), entry.getValue().isNull() ? null : entry.getValue().asText());
            }
        } else if (env.isArray()) {
            for (JsonNode item : env) {
                String text = item.asText();
                int eq = text.indexOf('=');
                result.put(eq < 0 ? text : text.substring(0, eq), eq < 0 ? null : text.substring(eq + 1));
            }
        }
        return result;
    }

    /** depends_on as service → condition (short syntax means service_started). */
    private static Map<String, String> dependsOn(JsonNode service) {
        JsonNode dependsOn = service.path("depends_on");
        Map<String, String> result = new LinkedHashMap<>();
        if (dependsOn.isArray()) {
            dependsOn.forEach(item -> result.put(item.asText(), "service_started"));
        } else if (dependsOn.isObject()) {
            for (Map.Entry<String, JsonNode> entry : dependsOn.properties()) {
                result.put(entry.getKey(), entry.getValue().path("condition").asText("service_started"));
            }
        }
        return result;
    }

    /** Published ports as [host port, container port]. */
    private static List<String[]> ports(JsonNode service) {
        List<String[]> result = new ArrayList<>();
        for (JsonNode port : service.path("ports")) {
            if (port.isObject()) {
                result.add(new String[] {port.path("published").asText(), port.path("target").asText()});
                continue;
            }
            String[] parts = port.asText().split("/")[0].split(":");
            if (parts.length < 2) {
                fail("port %s has no host port", port.asText());
            }
            result.add(new String[] {parts[parts.length - 2], parts[parts.length - 1]});
        }
        return result;
    }

    private static Set<String> volumesDeclared() {
        Set<String> names = new LinkedHashSet<>();
        compose.path("volumes").fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** A string or a list of strings (command, entrypoint, healthcheck test) as one text. */
    private static String text(JsonNode node) {
        if (node.isArray()) {
            List<String> parts = new ArrayList<>();
            node.forEach(part -> parts.add(part.asText()));
            return String.join(" ", parts);
        }
        return node.isMissingNode() || node.isNull() ? "" : node.asText();
    }

    /** One {@code kafka-topics.sh --create} invocation. */
    private record CreatedTopic(String name, String bootstrap, Integer partitions, Integer replicationFactor, Map<String, String> configs) {
        static CreatedTopic parse(List<String> args) {
            String name = null;
            String bootstrap = null;
            Integer partitions = null;
            Integer replicationFactor = null;
            Map<String, String> configs = new LinkedHashMap<>();
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                String option = arg.contains("=") && arg.startsWith("--") ? arg.substring(0, arg.indexOf('=')) : arg;
                String value = arg.contains("=") && arg.startsWith("--") ? arg.substring(arg.indexOf('=') + 1)
                        : i + 1 < args.size() ? args.get(i + 1) : null;
                boolean inline = !option.equals(arg);
                switch (option) {
                    case "--topic" -> name = value;
                    case "--bootstrap-server" -> bootstrap = value;
                    case "--partitions" -> partitions = Integer.valueOf(value);
                    case "--replication-factor" -> replicationFactor = Integer.valueOf(value);
                    case "--config" -> {
                        int eq = value.indexOf('=');
                        configs.put(value.substring(0, eq), value.substring(eq + 1));
                    }
                    default -> {
                        continue;
                    }
                }
                if (!inline) {
                    i++;
                }
            }
            return new CreatedTopic(name, bootstrap, partitions, replicationFactor, configs);
        }
    }
}
