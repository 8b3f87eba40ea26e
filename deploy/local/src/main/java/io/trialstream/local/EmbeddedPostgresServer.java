package io.trialstream.local;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;

/**
 * A real PostgreSQL 17 server from zonky's embedded binaries. The postmaster is a child process that outlives a
 * killed JVM, so every start first stops postmasters whose owning JVM is gone (recorded in {@code owner.pid}
 * next to the data directory).
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";

    private final EmbeddedPostgres postgres;
    private final Path baseDir;
    private final boolean deleteOnClose;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path baseDir, boolean deleteOnClose) {
        this.postgres = postgres;
        this.baseDir = baseDir;
        this.deleteOnClose = deleteOnClose;
    }

    /**
     * @param port    0 for a free port
     * @param baseDir holds {@code data/} and {@code owner.pid}; siblings of it are checked for stale postmasters
     */
    public static EmbeddedPostgresServer start(int port, Path baseDir, boolean deleteOnClose) throws IOException {
        stopStalePostmasters(baseDir.toAbsolutePath().getParent());
        int pgPort = port == 0 ? Ports.freeForLater() : Ports.requireFree(port, "PostgreSQL");
        Path dataDir = baseDir.resolve("data");
        Files.createDirectories(baseDir);
        Files.writeString(baseDir.resolve("owner.pid"), Long.toString(ProcessHandle.current().pid()));
        boolean fresh = !Files.exists(dataDir.resolve("PG_VERSION"));
        EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setPort(pgPort)
                .setDataDirectory(dataDir.toFile())
                .setCleanDataDirectory(false)
                .setOverrideWorkingDirectory(baseDir.resolve("binaries").toFile())
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("max_connections", "200")
                .setServerConfig("fsync", "off")
                .start();
        EmbeddedPostgresServer server = new EmbeddedPostgresServer(pg, baseDir, deleteOnClose);
        if (fresh) {
            server.execute("ALTER USER " + USER + " WITH PASSWORD '" + PASSWORD + "'");
        }
        return server;
    }

    /** Creates {@code name} if it does not exist yet. */
    public void createDatabase(String name) {
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("database name must be a plain identifier: " + name);
        }
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), USER, PASSWORD);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'")) {
            if (!rs.next()) {
                s.execute("CREATE DATABASE " + name);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name, e);
        }
    }

    private void execute(String sql) {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL set-up failed", e);
        }
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + database;
    }

    /** The running postmaster's pid, from its pid file. */
    public Optional<Long> postmasterPid() {
        return readPid(baseDir.resolve("data").resolve("postmaster.pid"));
    }

    public int port() {
        return postgres.getPort();
    }

    @Override
    public void close() throws IOException {
        postgres.close();
        Files.deleteIfExists(baseDir.resolve("owner.pid"));
        if (deleteOnClose) {
            Dirs.delete(baseDir);
        }
    }

    /** Stops postmasters left by JVMs that died without closing them (kill -9, a crashed test fork). */
    public static void stopStalePostmasters(Path parent) throws IOException {
        if (parent == null || !Files.isDirectory(parent)) {
            return;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(parent)) {
            for (Path dir : dirs) {
                Path owner = dir.resolve("owner.pid");
                Path pidFile = dir.resolve("data").resolve("postmaster.pid");
                if (!Files.exists(pidFile)) {
                    continue;
                }
                Optional<Long> ownerPid = readPid(owner);
                boolean ownerAlive = ownerPid.flatMap(ProcessHandle::of).map(ProcessHandle::isAlive).orElse(false);
                if (ownerAlive) {
                    continue;
                }
                readPid(pidFile).flatMap(ProcessHandle::of).ifPresent(stale -> {
                    stale.destroy();
                    stale.onExit().orTimeout(20, java.util.concurrent.TimeUnit.SECONDS).exceptionally(t -> {
                        stale.destroyForcibly();
                        return stale;
                    }).join();
                });
            }
        }
    }

    /** Whether the JVM that started the server in {@code baseDir} is still running. */
    public static boolean ownerAlive(Path baseDir) {
        return readPid(baseDir.resolve("owner.pid")).flatMap(ProcessHandle::of).map(ProcessHandle::isAlive).orElse(false);
    }

    private static Optional<Long> readPid(Path file) {
        try {
            String first = Files.readAllLines(file, StandardCharsets.UTF_8).stream().findFirst().orElse("").trim();
            return first.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(first));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
