package io.trialstream.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The whole system on one machine: embedded Kafka and PostgreSQL plus the three packaged services as child
 * processes ({@code java -jar <service>/target/quarkus-app/quarkus-run.jar}), configured only through environment
 * variables as in docker-compose and Kubernetes. Used by {@code ./trialstream} and by the end-to-end test.
 */
public final class LocalStack implements AutoCloseable {
    /** One running service process. */
    public static final class Service {
        private final String name;
        private final int port;
        private final Process process;
        private final long startMillis;
        private final Path log;
        private volatile long startupMillis = -1;

        Service(String name, int port, Process process, long startMillis, Path log) {
            this.name = name;
            this.port = port;
            this.process = process;
            this.startMillis = startMillis;
            this.log = log;
        }

        public String name() {
            return name;
        }

        public Process process() {
            return process;
        }

        public Path log() {
            return log;
        }

        public String url() {
            return "http://127.0.0.1:" + port;
        }

        /** Process start to the first 200 from /q/health/ready, in ms. */
        public long startupMillis() {
            return startupMillis;
        }

        /** Resident set size from /proc, in MiB; -1 where /proc is not available. */
        public long rssMiB() {
            return LocalStack.rssMiB(process.pid());
        }
    }

    public record Options(Path repoRoot, Path workDir, int kafkaPort, int postgresPort, Map<String, Integer> httpPorts,
                          boolean ephemeral, String javaOptions) {
    }

    private final LocalInfrastructure infra;
    private final DevTokenIssuer tokens;
    private final Map<String, Service> services;
    private final Path runDir;
    private final long infraMillis;

    private LocalStack(LocalInfrastructure infra, DevTokenIssuer tokens, Map<String, Service> services, Path runDir,
                       long infraMillis) {
        this.infra = infra;
        this.tokens = tokens;
        this.services = services;
        this.runDir = runDir;
        this.infraMillis = infraMillis;
    }

    /** Services launched by this JVM and not yet stopped, so that a stop during start-up can find them. */
    private static final java.util.Set<Process> LAUNCHED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public static LocalStack start(Options o) throws Exception {
        Path runDir = o.workDir().resolve("run");
        Path logDir = o.workDir().resolve("logs");
        Files.createDirectories(runDir);
        Files.createDirectories(logDir);
        stopStaleServices(runDir);
        for (String name : LocalInfrastructure.SERVICES) {
            Path jar = jar(o.repoRoot(), name);
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(jar + " is missing: build first with ./mvnw -DskipTests package");
            }
        }
        DevTokenIssuer tokens = DevTokenIssuer.open(o.workDir().resolve("dev-jwt"));
        long t0 = System.nanoTime();
        LocalInfrastructure infra = LocalInfrastructure.start(o.workDir().resolve("infra"), o.kafkaPort(), o.postgresPort(), o.ephemeral());
        long infraMillis = (System.nanoTime() - t0) / 1_000_000;
        Map<String, Service> services = new LinkedHashMap<>();
        LocalStack stack = new LocalStack(infra, tokens, services, runDir, infraMillis);
        try {
            for (String name : LocalInfrastructure.SERVICES) {
                int port = o.httpPorts().getOrDefault(name, 0);
                port = port == 0 ? Ports.freeForLater() : Ports.requireFree(port, name);
                services.put(name, launch(o, infra, tokens, name, port, logDir.resolve(name + ".log"), runDir));
            }
            for (Service s : services.values()) {
                awaitReady(s, Duration.ofSeconds(120));
            }
        } catch (Exception e) {
            stack.close();
            throw e;
        }
        return stack;
    }

    static Path jar(Path repoRoot, String service) {
        return repoRoot.resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
    }

    private static Service launch(Options o, LocalInfrastructure infra, DevTokenIssuer tokens, String name, int port,
                                  Path log, Path runDir)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (o.javaOptions() != null && !o.javaOptions().isBlank()) {
            cmd.addAll(List.of(o.javaOptions().trim().split("\\s+")));
        }
        cmd.add("-jar");
        cmd.add(jar(o.repoRoot(), name).toString());
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(o.repoRoot().resolve(name).toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("KAFKA_BOOTSTRAP_SERVERS", infra.bootstrapServers());
        env.put("QUARKUS_DATASOURCE_JDBC_URL", infra.jdbcUrl());
        env.put("QUARKUS_DATASOURCE_USERNAME", infra.username());
        env.put("QUARKUS_DATASOURCE_PASSWORD", infra.password());
        // bearer tokens are verified against the local development issuer (DevTokenIssuer)
        env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", tokens.publicKeyPem().toUri().toString());
        env.put("MP_JWT_VERIFY_ISSUER", DevTokenIssuer.ISSUER);
        // the local run is plaintext; the prod profile otherwise expects SASL_SSL
        env.put("KAFKA_SECURITY_PROTOCOL", "PLAINTEXT");
        // no load balancer routes to a local service, so the 5 s pre-shutdown delay (for Kubernetes endpoints) only
        // makes Ctrl-C slower
        env.putIfAbsent("QUARKUS_SHUTDOWN_DELAY", "0s");
        if (name.equals("ingest-service")) {
            // bulk-import journals and the sync watermark next to the rest of the local state; on a developer's own
            // machine `./trialstream import PATH` may name any directory or archive
            env.put("TRIALSTREAM_INGEST_STATE_DIR", o.workDir().resolve("ingest").toAbsolutePath().toString());
            env.putIfAbsent("TRIALSTREAM_BULK_ALLOWED_ROOTS", "/");
        }
        long start = System.currentTimeMillis();
        Process p = pb.start();
        LAUNCHED.add(p);
        Files.writeString(runDir.resolve(name + ".pid"), Long.toString(p.pid()));
        return new Service(name, port, p, start, log);
    }

    private static void awaitReady(Service s, Duration timeout) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!s.process().isAlive()) {
                throw new IllegalStateException(s.name() + " exited with " + s.process().exitValue() + "; last log lines:\n" + tail(s.log()));
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(s.url() + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    s.startupMillis = System.currentTimeMillis() - s.startMillis;
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
        throw new IllegalStateException(s.name() + " not ready after " + timeout.toSeconds() + " s; last log lines:\n" + tail(s.log()));
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    /** Kills services a previous run left behind (its launcher was killed with SIGKILL). */
    static void stopStaleServices(Path runDir) throws IOException {
        try (DirectoryStream<Path> pids = Files.newDirectoryStream(runDir, "*.pid")) {
            for (Path pidFile : pids) {
                try {
                    long pid = Long.parseLong(Files.readString(pidFile).trim());
                    ProcessHandle.of(pid).filter(h -> h.info().commandLine().map(c -> c.contains("quarkus-run.jar")).orElse(false))
                            .ifPresent(h -> {
                                h.destroy();
                                h.onExit().orTimeout(30, TimeUnit.SECONDS).exceptionally(t -> {
                                    h.destroyForcibly();
                                    return h;
                                }).join();
                            });
                } catch (NumberFormatException ignored) {
                    // unreadable pid file: nothing to stop
                }
                Files.deleteIfExists(pidFile);
            }
        }
    }

    static long rssMiB(long pid) {
        long kib = rssKiB(pid);
        return kib < 0 ? -1 : kib / 1024;
    }

    private static long rssKiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /**
     * Memory of the whole stack as proportional set size (PSS: shared pages split between the processes sharing
     * them, so PostgreSQL's shared buffers count once): this JVM (which hosts Kafka), its descendants (the
     * services) and the postmaster with its backends (pg_ctl daemonises it, so it is not our descendant).
     */
    public long stackPssMiB() {
        java.util.Set<Long> pids = new java.util.LinkedHashSet<>();
        pids.add(ProcessHandle.current().pid());
        ProcessHandle.current().descendants().forEach(h -> pids.add(h.pid()));
        infra.postgres().postmasterPid().flatMap(ProcessHandle::of).ifPresent(pm -> {
            pids.add(pm.pid());
            pm.descendants().forEach(h -> pids.add(h.pid()));
        });
        long kib = 0;
        for (long pid : pids) {
            kib += Math.max(0, pssKiB(pid));
        }
        return kib / 1024;
    }

    private static long pssKiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "smaps_rollup"))) {
                if (line.startsWith("Pss:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return rssKiB(pid);
        }
        return rssKiB(pid);
    }

    public Map<String, Service> services() {
        return services;
    }

    public LocalInfrastructure infrastructure() {
        return infra;
    }

    /** Tokens of the development issuer the services trust. */
    public DevTokenIssuer tokens() {
        return tokens;
    }

    public long infraStartMillis() {
        return infraMillis;
    }

    /** Stops services (SIGTERM, then SIGKILL after 30 s), then Kafka and PostgreSQL. */
    @Override
    public void close() throws Exception {
        stop(services.values().stream().map(Service::process).toList());
        for (Service s : services.values()) {
            Files.deleteIfExists(runDir.resolve(s.name() + ".pid"));
        }
        infra.close();
    }

    /**
     * Stops every service this JVM launched whose stack never finished starting (the launcher was interrupted
     * during start-up). PostgreSQL stops through its own shutdown hook and Kafka runs inside this JVM.
     */
    public static void stopStarting() throws InterruptedException {
        stop(List.copyOf(LAUNCHED));
    }

    private static void stop(List<Process> processes) throws InterruptedException {
        for (Process p : processes) {
            p.destroy();
        }
        for (Process p : processes) {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            LAUNCHED.remove(p);
        }
    }
}
