package io.trialstream.local;

import io.trialstream.contracts.ContractJson;
import io.trialstream.contracts.MatchEvent;
import io.trialstream.contracts.PatientEvent;
import io.trialstream.contracts.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code ./trialstream demo|up}: starts Kafka, PostgreSQL and the three services, prints where they are, and (demo)
 * feeds sample trials and patients and prints match events as they arrive. Runs until Ctrl-C, which stops
 * everything.
 */
public final class Launcher {

    public static void main(String[] args) throws Exception {
        String mode = args.length == 0 ? "demo" : args[0].toLowerCase(Locale.ROOT);
        Path root = Path.of(System.getProperty("trialstream.root", ".")).toAbsolutePath().normalize();
        if (mode.equals("token") && args.length == 2 && DevTokenIssuer.ROLES.contains(args[1])) {
            // a bearer token of the development issuer, for curl against a local or compose run
            System.out.println(DevTokenIssuer.open(root.resolve(".trialstream").resolve("dev-jwt")).token(args[1], Duration.ofHours(12)));
            return;
        }
        if (mode.equals("import") && args.length == 2) {
            System.exit(new IngestCommands(root).importPath(args[1]));
        }
        if (mode.equals("sync") && args.length <= 2) {
            System.exit(new IngestCommands(root).sync(args.length == 2 ? args[1] : null));
        }
        if (!mode.equals("demo") && !mode.equals("up")) {
            System.err.println("usage: trialstream demo | up | token <trial-writer|reader|clinician|admin> | import PATH | sync [SINCE]");
            System.exit(2);
        }
        LocalStack.Options options = new LocalStack.Options(root, root.resolve(".trialstream"),
                env("TRIALSTREAM_KAFKA_PORT", 19092), env("TRIALSTREAM_POSTGRES_PORT", 15432),
                Map.of("ingest-service", env("TRIALSTREAM_INGEST_PORT", 8081),
                        "registry-service", env("TRIALSTREAM_REGISTRY_PORT", 8082),
                        "matching-service", env("TRIALSTREAM_MATCHING_PORT", 8083)),
                // the demo starts from empty state every time, so it always shows matches being created
                mode.equals("demo"), System.getenv().getOrDefault("TRIALSTREAM_SERVICE_JAVA_OPTS", "-Xmx384m"));

        long t0 = System.nanoTime();
        // The stop hook is in place before anything starts: a Ctrl-C or SIGTERM while the services are still
        // starting must not leave them (or PostgreSQL) running after the launcher is gone.
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicReference<LocalStack> running = new AtomicReference<>();
        AtomicReference<KafkaConsumer<String, String>> consumerRef = new AtomicReference<>();
        AtomicReference<Thread> printerRef = new AtomicReference<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\ntrialstream: stopping services, Kafka and PostgreSQL...");
            try {
                Thread printer = printerRef.get();
                if (printer != null) {
                    consumerRef.get().wakeup(); // the printer closes its consumer before the broker goes away
                    printer.join(5_000);
                }
                LocalStack stack = running.get();
                if (stack != null) {
                    stack.close();
                } else {
                    LocalStack.stopStarting(); // interrupted during start-up
                }
                System.out.println("trialstream: stopped.");
            } catch (Exception e) {
                System.err.println("trialstream: stop failed: " + e);
            }
            stopped.countDown();
        }, "trialstream-stop"));
        System.out.println("trialstream: starting Kafka (KRaft) and PostgreSQL 17 (embedded, no Docker) and three services...");
        LocalStack stack = LocalStack.start(options);
        running.set(stack);
        KafkaConsumer<String, String> consumer = mode.equals("demo") ? matchConsumer(stack.infrastructure().bootstrapServers()) : null;
        consumerRef.set(consumer);
        Thread printer = consumer == null ? null : new Thread(() -> printMatches(consumer), "match-printer");

        writeDevTokens(stack, root.resolve(".trialstream").resolve("dev-tokens.env"));
        printBanner(stack, (System.nanoTime() - t0) / 1_000_000);
        if (printer != null) {
            printer.setDaemon(true);
            printer.start();
            printerRef.set(printer);
            feed(stack);
        }
        System.out.println("\nRunning. Press Ctrl-C to stop.");
        stopped.await();
    }

    private static int env(String name, int fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : Integer.parseInt(v.trim());
    }

    private static void printBanner(LocalStack stack, long millis) {
        var infra = stack.infrastructure();
        System.out.printf("%nUp in %.1f s.%n", millis / 1000.0);
        System.out.printf("  Kafka bootstrap   %s   (Kafka + PostgreSQL up in %.1f s)%n", infra.bootstrapServers(), stack.infraStartMillis() / 1000.0);
        System.out.println("  PostgreSQL        " + infra.jdbcUrl() + "  (user postgres / postgres)");
        for (LocalStack.Service s : stack.services().values()) {
            System.out.printf("  %-17s %s   (OpenAPI %s/q/swagger-ui, health %s/q/health, metrics %s/q/metrics)  ready in %.1f s, RSS %d MiB%n",
                    s.name(), s.url(), s.url(), s.url(), s.url(), s.startupMillis() / 1000.0, s.rssMiB());
        }
        System.out.println("  Topics            " + String.join(", ", Topics.TRIALS_PARSED, Topics.TRIALS,
                Topics.PATIENT_EVENTS, Topics.MATCHES, Topics.deadLetter("<service>")));
        System.out.println("  Logs              .trialstream/logs/");
        System.out.println("  Dev tokens        .trialstream/dev-tokens.env (roles trial-writer, reader, clinician, admin; 12 h;"
                + " use as: curl -H \"Authorization: Bearer $TRIALSTREAM_TOKEN_CLINICIAN\" …)");
        System.out.println("  Memory            " + stack.stackPssMiB() + " MiB (PSS) for the whole stack: Kafka + PostgreSQL + 3 services");
    }

    /** Shell-sourceable tokens of the development issuer, one per role. */
    private static void writeDevTokens(LocalStack stack, Path file) throws java.io.IOException {
        StringBuilder sb = new StringBuilder("# development bearer tokens (source this file); not for production\n");
        for (String role : new java.util.TreeSet<>(DevTokenIssuer.ROLES)) {
            sb.append("export TRIALSTREAM_TOKEN_").append(role.toUpperCase(Locale.ROOT).replace('-', '_')).append('=')
                    .append(stack.tokens().token(role, Duration.ofHours(12))).append('\n');
        }
        java.nio.file.Files.writeString(file, sb.toString());
    }

    private static void feed(LocalStack stack) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String ingest = stack.services().get("ingest-service").url();
        System.out.println("\nFeeding " + DemoData.TRIALS.size() + " demo trials to POST " + ingest + "/api/v1/trials");
        for (String nct : DemoData.TRIALS) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(ingest + "/api/v1/trials"))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + stack.tokens().token("trial-writer", Duration.ofMinutes(10)))
                    .POST(HttpRequest.BodyPublishers.ofString(DemoData.trialJson(nct))).build(), HttpResponse.BodyHandlers.ofString());
            System.out.println("  " + nct + " -> HTTP " + r.statusCode());
        }
        awaitRegistry(http, stack.services().get("registry-service").url(), stack.tokens().token("reader", Duration.ofMinutes(10)));
        List<PatientEvent> patients = DemoData.patients(LocalDate.now());
        System.out.println("Publishing " + patients.size() + " patient events to " + Topics.PATIENT_EVENTS + "\n");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.infrastructure().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            for (PatientEvent p : patients) {
                producer.send(new ProducerRecord<>(Topics.PATIENT_EVENTS, p.patientId(), ContractJson.mapper().writeValueAsString(p))).get();
            }
        }
    }

    private static void awaitRegistry(HttpClient http, String registry, String token) throws Exception {
        for (String nct : DemoData.TRIALS) {
            for (int i = 0; i < 120; i++) {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(registry + "/api/v1/trials/" + nct))
                                .header("Authorization", "Bearer " + token).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    break;
                }
                Thread.sleep(250);
            }
        }
    }

    private static KafkaConsumer<String, String> matchConsumer(String bootstrap) {
        KafkaConsumer<String, String> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "trialstream-demo-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer());
        c.subscribe(List.of(Topics.MATCHES));
        return c;
    }

    private static void printMatches(KafkaConsumer<String, String> consumer) {
        try (consumer) {
            while (true) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    System.out.println(describe(r.value()));
                }
            }
        } catch (WakeupException | org.apache.kafka.common.errors.InterruptException e) {
            // shutting down
        } catch (RuntimeException e) {
            System.err.println("match printer stopped: " + e.getClass().getSimpleName());
        }
    }

    static String describe(String json) {
        try {
            MatchEvent m = ContractJson.mapper().readValue(json, MatchEvent.class);
            String detail = m.type() == MatchEvent.Type.MATCH_RETRACTED ? "reason " + m.retractionReason()
                    : String.format(Locale.ROOT, "%-17s score %.2f  %d criteria, %d need review", m.verdict(), m.score(),
                    m.criteria() == null ? 0 : m.criteria().size(), m.neededInfo() == null ? 0 : m.neededInfo().size());
            return String.format(Locale.ROOT, "  [matches.v1] %-15s patient %-11s trial %s v%d  %s", m.type(), m.patientId(),
                    m.trialKey(), m.trialVersion(), detail);
        } catch (Exception e) {
            return "  [matches.v1] (unreadable event)";
        }
    }

    private Launcher() {
    }
}
