package io.trialstream.k8s;

import static io.trialstream.local.ServiceProperties.activeInProd;
import static io.trialstream.local.ServiceProperties.referencesWithoutDefault;
import io.trialstream.contracts.Topics;
import io.trialstream.local.LocalInfrastructure;

import java.io.IOException;
import java.io.Reader;
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
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one service needs from its deployment, read from its own {@code src/main/resources/application.properties}
 * with the prod profile applied (the profile its container runs): the environment variables without which it cannot
 * start, and the Kafka topics and consumer groups of its channels.
 * <p>
 * The environment rules are the ones {@code deploy/local}'s DockerComposeFileTest applies to docker-compose.yml (a
 * Kafka channel needs KAFKA_BOOTSTRAP_SERVERS, a datasource its JDBC URL and credentials, a {@code ${VAR}} without a
 * default its variable); they live in that module's tests, so they are restated here rather than shared.
 */
record ServiceConfiguration(String service, Path propertiesFile, Map<String, String> active) {

    private static final Pattern DB_KIND = Pattern.compile("^quarkus\\.datasource\\.(?:(\"[^\"]+\"|[^.\"]+)\\.)?db-kind$");
    private static final Pattern CHANNEL = Pattern.compile("^mp\\.messaging\\.(incoming|outgoing)\\.([^.]+)\\.(.+)$");

    /**
     * Topics a service publishes outside mp.messaging: its transactional outbox relay, a plain KafkaProducer (see the
     * services' OutboxRelay). A service whose code builds a KafkaProducer must be listed here.
     */
    static final Map<String, String> OUTBOX_TOPICS = Map.of(
            "registry-service", Topics.TRIALS,
            "matching-service", Topics.MATCHES);

    /** The application services: the modules LocalInfrastructure runs. */
    static List<String> services() {
        return LocalInfrastructure.SERVICES;
    }

    static ServiceConfiguration of(String service) {
        Path file = Overlays.root().resolve(service).resolve("src/main/resources/application.properties");
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(service + " has no " + file + ": nothing to derive its deployment from");
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
        return new ServiceConfiguration(service, file, activeInProd(properties));
    }

    /** Environment variables the service cannot start without, each with the reason. */
    Map<String, String> requiredEnvironment() {
        Map<String, String> required = new LinkedHashMap<>();
        active.keySet().stream().filter(key -> key.startsWith("mp.messaging.")).findFirst()
                .ifPresent(key -> required.put("KAFKA_BOOTSTRAP_SERVERS", "it uses Kafka (" + key + ")"));
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

    boolean hasDatasource() {
        return active.keySet().stream().anyMatch(key -> DB_KIND.matcher(key).matches());
    }

    /** A Kafka channel: its topic, consumer group (incoming) and dead-letter topic (failure-strategy=dead-letter-queue). */
    record Channel(String name, boolean incoming, String topic, String group, String deadLetterTopic) {
    }

    List<Channel> channels() {
        Map<String, Map<String, String>> byChannel = new TreeMap<>();
        Map<String, Boolean> incoming = new TreeMap<>();
        active.forEach((key, value) -> {
            Matcher matcher = CHANNEL.matcher(key);
            if (matcher.matches()) {
                byChannel.computeIfAbsent(matcher.group(2), c -> new LinkedHashMap<>()).put(matcher.group(3), value);
                incoming.put(matcher.group(2), "incoming".equals(matcher.group(1)));
            }
        });
        List<Channel> channels = new ArrayList<>();
        byChannel.forEach((name, attributes) -> {
            String connector = attributes.getOrDefault("connector", "smallrye-kafka");
            if (!"smallrye-kafka".equals(connector)) {
                return;
            }
            if (attributes.containsKey("topics") || Boolean.parseBoolean(attributes.getOrDefault("pattern", "false"))) {
                throw new IllegalStateException(service + ": channel " + name + " uses topics/pattern; derive its ACLs by hand");
            }
            // SmallRye's defaults: the topic is the channel name; Quarkus' default group.id is the application name.
            String topic = attributes.getOrDefault("topic", name);
            boolean in = incoming.get(name);
            String group = in ? attributes.getOrDefault("group.id",
                    active.getOrDefault("kafka.group.id", active.getOrDefault("quarkus.application.name", service))) : null;
            String deadLetter = in && "dead-letter-queue".equals(attributes.get("failure-strategy"))
                    ? attributes.getOrDefault("dead-letter-queue.topic", "dead-letter-topic-" + name) : null;
            channels.add(new Channel(name, in, topic, group, deadLetter));
        });
        return channels;
    }

    /**
     * Whether the service's own code builds a plain {@code KafkaProducer} (its outbox relay): the topics such a
     * producer writes are invisible in mp.messaging, so {@link #OUTBOX_TOPICS} must name them.
     */
    boolean hasPlainProducer() {
        Path sources = propertiesFile.getParent().getParent().resolve("java");
        try (var files = Files.walk(sources)) {
            return files.filter(file -> file.toString().endsWith(".java")).anyMatch(file -> {
                try {
                    return Files.readString(file).contains("new KafkaProducer<");
                } catch (IOException e) {
                    throw new IllegalStateException("cannot read " + file, e);
                }
            });
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + sources, e);
        }
    }

    /** Topics the service writes: outgoing channels, dead-letter queues, its own DLQ topic and its outbox topic. */
    Set<String> writtenTopics() {
        Set<String> topics = new LinkedHashSet<>();
        for (Channel channel : channels()) {
            if (!channel.incoming()) {
                topics.add(channel.topic());
            } else if (channel.deadLetterTopic() != null) {
                topics.add(channel.deadLetterTopic());
            }
        }
        // LocalInfrastructure creates dlq.<service>.v1 for every service: its failure strategy may write there
        topics.add(Topics.deadLetter(service));
        if (OUTBOX_TOPICS.containsKey(service)) {
            topics.add(OUTBOX_TOPICS.get(service));
        }
        return topics;
    }

    /**
     * The ACLs the service's KafkaUser must have, as "type:name Operation" (literal names, any host): Describe + Read on
     * every topic it consumes and Read on each consumer group, Describe + Write on every topic it writes, and Read on
     * its outbox topic.
     */
    Set<String> expectedAcls() {
        Set<String> acls = new java.util.TreeSet<>();
        for (Channel channel : channels()) {
            if (channel.incoming()) {
                acls.add(acl("topic", channel.topic(), "Describe"));
                acls.add(acl("topic", channel.topic(), "Read"));
                acls.add(acl("group", channel.group(), "Read"));
            }
        }
        for (String topic : writtenTopics()) {
            acls.add(acl("topic", topic, "Describe"));
            acls.add(acl("topic", topic, "Write"));
        }
        if (OUTBOX_TOPICS.containsKey(service)) {
            // the relay reads the tail of its topic, without a consumer group, to find the rows a dead process already
            // published (outbox-support's PublishedOutboxIds)
            acls.add(acl("topic", OUTBOX_TOPICS.get(service), "Read"));
        }
        return acls;
    }

    static String acl(String type, String name, String operation) {
        return type + ":" + name + " " + operation;
    }


    /** MicroProfile Config's environment-variable name of a property: non-alphanumerics become '_', upper case. */
    static String envName(String property) {
        StringBuilder name = new StringBuilder(property.length());
        for (char c : property.toCharArray()) {
            name.append(c < 128 && Character.isLetterOrDigit(c) ? Character.toUpperCase(c) : '_');
        }
        return name.toString();
    }

    /** A duration in Quarkus' syntax (20s, 500ms, PT5S, a bare number of seconds), in seconds. */
    static double seconds(String duration) {
        String value = duration.trim();
        if (value.startsWith("PT") || value.startsWith("pt")) {
            return java.time.Duration.parse(value).toMillis() / 1000.0;
        }
        Matcher matcher = Pattern.compile("^(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)?$").matcher(value);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a duration: " + duration);
        }
        double amount = Double.parseDouble(matcher.group(1));
        String unit = matcher.group(2) == null ? "s" : matcher.group(2);
        return switch (unit) {
            case "ms" -> amount / 1000;
            case "m" -> amount * 60;
            case "h" -> amount * 3600;
            case "d" -> amount * 86400;
            default -> amount;
        };
    }
}
