package io.trialstream.reliability;

import io.trialstream.local.Ports;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * One packaged service (target/quarkus-app/quarkus-run.jar) as a child process, configured by environment variables
 * only, as deploy/local and Kubernetes run it, so a test can kill it with SIGKILL mid-batch.
 */
final class ServiceProcess implements AutoCloseable {
    static final Path ROOT = Path.of(System.getProperty("reliability.appsRoot", System.getProperty("trialstream.root", "..")))
            .toAbsolutePath().normalize();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final String name;
    final int port;
    private final Cluster cluster;
    private final Map<String, String> extraEnv;
    private final Path log;
    private Process process;
    private int starts;

    private ServiceProcess(String name, Cluster cluster, Map<String, String> extraEnv) throws IOException {
        this.name = name;
        this.cluster = cluster;
        this.extraEnv = extraEnv;
        this.port = Ports.freeForLater();
        this.log = cluster.workDir.resolve(name + ".log");
    }

    static ServiceProcess start(String name, Cluster cluster, Map<String, String> extraEnv) throws Exception {
        ServiceProcess s = new ServiceProcess(name, cluster, extraEnv);
        s.start();
        return s;
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    void start() throws Exception {
        Path jar = ROOT.resolve(name).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " missing: the reactor packages the services before this module");
        }
        Files.writeString(log, "---- start " + (++starts) + "\n", java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
        ProcessBuilder pb = new ProcessBuilder(List.of(java(), "-Xmx384m", "-jar", jar.toString()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = pb.environment();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("KAFKA_BOOTSTRAP_SERVERS", cluster.bootstrapServers());
        env.put("KAFKA_SECURITY_PROTOCOL", "PLAINTEXT");
        env.put("QUARKUS_DATASOURCE_JDBC_URL", cluster.jdbcUrl());
        env.put("QUARKUS_DATASOURCE_USERNAME", cluster.dbUser());
        env.put("QUARKUS_DATASOURCE_PASSWORD", cluster.dbPassword());
        // the pre-shutdown delay only lets a load balancer stop routing; nothing routes here, and every graceful
        // stop would wait it out
        env.put("QUARKUS_SHUTDOWN_DELAY", "0s");
        env.putAll(extraEnv);
        process = pb.start();
        Process p = process;
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() -> {
            if (!p.isAlive()) {
                throw new IllegalStateException(name + " exited with " + p.exitValue() + ", see " + log);
            }
            return readiness() == 200;
        });
    }

    /** HTTP status of /q/health/ready, or -1 when nothing answers. */
    int readiness() {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    long pid() {
        return process.pid();
    }

    /** SIGKILL: no shutdown hook, no offset commit, no producer flush, no transaction rollback by the client. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException(name + " survived SIGKILL");
        }
    }

    /** SIGTERM and wait: the graceful path (consumers leave their groups, the relay finishes its batch). */
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    /** SIGTERM to all at once, then wait for each: graceful stops that overlap instead of queueing. */
    static void stopAll(ServiceProcess... services) throws InterruptedException {
        for (ServiceProcess s : services) {
            if (s.process != null && s.process.isAlive()) {
                s.process.destroy();
            }
        }
        for (ServiceProcess s : services) {
            s.stop();
        }
    }

    boolean logContains(String text) throws IOException {
        return Files.readString(log).contains(text);
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
