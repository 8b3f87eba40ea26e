package io.trialstream.ingest.bulk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * One bulk import and its journal. The journal lives in its own directory: {@code job.json} (source, state) and
 * {@code progress.jsonl}, one line per finished document, written only after the broker acknowledged the document's
 * trials (or after it was refused). A resumed import skips the documents in the journal, so nothing acknowledged is
 * sent again except the few whose lines had not reached the disk when the process died; those are re-sent, which the
 * registry absorbs (an unchanged source record makes no new version).
 */
final class BulkImportJob {
    enum State { RUNNING, COMPLETED, INTERRUPTED, FAILED }

    static final int FAILURE_SAMPLES = 200;
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();
    private static final String JOB_FILE = "job.json";
    private static final String PROGRESS_FILE = "progress.jsonl";

    final String id;
    final Path dir;
    final Path source;
    final Instant createdAt;

    private final Set<String> done = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> failuresByReason = new TreeMap<>();
    private final List<BulkImportStatus.Failure> failures = new ArrayList<>();
    private int parsed;
    private int failed;
    private long trials;
    private int total = -1;
    private int runs;
    private State state = State.RUNNING;
    private String stateReason;
    private Instant startedAt;
    private Instant finishedAt;
    private long runStartNanos;
    private long runEndNanos;
    private int processedThisRun;
    private BufferedWriter journal;
    private long lastFlushNanos;
    volatile boolean stopRequested;
    volatile boolean persistStopAsRunning;

    private BulkImportJob(String id, Path dir, Path source, Instant createdAt) {
        this.id = id;
        this.dir = dir;
        this.source = source;
        this.createdAt = createdAt;
    }

    static BulkImportJob create(Path jobsDir, String id, Path source) {
        BulkImportJob job = new BulkImportJob(id, jobsDir.resolve(id), source, Instant.now());
        try {
            Files.createDirectories(job.dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        job.persist();
        return job;
    }

    /** A job from its directory, with the counts its journal holds; a torn last line is ignored. */
    static BulkImportJob load(Path dir) throws IOException {
        JsonNode meta = JSON.readTree(dir.resolve(JOB_FILE).toFile());
        BulkImportJob job = new BulkImportJob(meta.path("id").asText(), dir, Path.of(meta.path("source").asText()),
                Instant.parse(meta.path("createdAt").asText()));
        job.state = State.valueOf(meta.path("state").asText(State.INTERRUPTED.name()));
        job.stateReason = meta.path("stateReason").isTextual() ? meta.path("stateReason").asText() : null;
        job.total = meta.path("total").asInt(-1);
        job.runs = meta.path("runs").asInt(0);
        job.finishedAt = meta.path("finishedAt").isTextual() ? Instant.parse(meta.path("finishedAt").asText()) : null;
        Path progress = dir.resolve(PROGRESS_FILE);
        if (Files.exists(progress)) {
            try (Stream<String> lines = Files.lines(progress, StandardCharsets.UTF_8)) {
                lines.forEach(job::replay);
            }
        }
        return job;
    }

    private void replay(String line) {
        JsonNode n;
        try {
            n = JSON.readTree(line);
        } catch (IOException e) {
            return; // the line being written when the process died
        }
        if (n == null || !n.hasNonNull("doc") || !done.add(n.get("doc").asText())) {
            return;
        }
        if (n.path("ok").asBoolean()) {
            parsed++;
            trials += n.path("trials").asLong();
        } else {
            countFailure(n.get("doc").asText(), n.path("code").asText(), n.path("reason").asText());
        }
    }

    boolean isDone(String entry) {
        return done.contains(entry);
    }

    synchronized void started(int entries) {
        total = entries;
        runs++;
        state = State.RUNNING;
        stateReason = null;
        finishedAt = null;
        startedAt = Instant.now();
        runStartNanos = System.nanoTime();
        runEndNanos = 0;
        processedThisRun = 0;
        stopRequested = false;
        persistStopAsRunning = false;
        try {
            journal = Files.newBufferedWriter(dir.resolve(PROGRESS_FILE), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        persist();
    }

    synchronized void succeeded(String entry, int trialCount) {
        if (!done.add(entry)) {
            return;
        }
        parsed++;
        trials += trialCount;
        processedThisRun++;
        ObjectNode line = JSON.createObjectNode().put("doc", entry).put("ok", true).put("trials", trialCount);
        append(line);
    }

    synchronized void failed(String entry, String code, String reason) {
        if (!done.add(entry)) {
            return;
        }
        processedThisRun++;
        countFailure(entry, code, reason);
        append(JSON.createObjectNode().put("doc", entry).put("ok", false).put("code", code).put("reason", reason));
    }

    private void countFailure(String entry, String code, String reason) {
        failed++;
        failuresByReason.merge(code, 1, Integer::sum);
        if (failures.size() < FAILURE_SAMPLES) {
            failures.add(new BulkImportStatus.Failure(entry, code, reason));
        }
    }

    private void append(ObjectNode line) {
        if (journal == null) {
            return;
        }
        try {
            journal.write(JSON.writeValueAsString(line));
            journal.write('\n');
            long now = System.nanoTime();
            if (now - lastFlushNanos > 200_000_000L) { // at most 0.2 s of progress is redone after a crash
                journal.flush();
                lastFlushNanos = now;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ends the current run: COMPLETED, INTERRUPTED or FAILED with a reason; the journal is flushed and closed. */
    synchronized void finish(State end, String reason) {
        closeJournal();
        state = end;
        stateReason = reason;
        finishedAt = Instant.now();
        runEndNanos = System.nanoTime();
        persist();
    }

    private void closeJournal() {
        if (journal != null) {
            try {
                journal.close();
            } catch (IOException ignored) {
                // the lines not on disk are redone on resume
            }
            journal = null;
        }
    }

    synchronized State state() {
        return state;
    }

    /** When the last run ended; empty while a run is going on or if none ever ended. */
    synchronized java.util.Optional<Instant> finishedAt() {
        return state == State.RUNNING ? java.util.Optional.empty() : java.util.Optional.ofNullable(finishedAt);
    }

    synchronized String stateReason() {
        return stateReason;
    }

    private void persist() {
        ObjectNode meta = JSON.createObjectNode().put("id", id).put("source", source.toString())
                .put("createdAt", createdAt.toString()).put("total", total).put("runs", runs);
        // A process stopped mid-import (SIGTERM) keeps RUNNING on disk, so the next start resumes it.
        State stored = state == State.INTERRUPTED && persistStopAsRunning ? State.RUNNING : state;
        meta.put("state", stored.name());
        if (stateReason != null) {
            meta.put("stateReason", stateReason);
        }
        if (finishedAt != null) {
            meta.put("finishedAt", finishedAt.toString());
        }
        try {
            Path tmp = dir.resolve(JOB_FILE + ".tmp");
            JSON.writeValue(tmp.toFile(), meta);
            Files.move(tmp, dir.resolve(JOB_FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    synchronized BulkImportStatus status(String sourceLabel) {
        int processed = parsed + failed;
        double percent = total > 0 ? Math.round(1000.0 * processed / total) / 10.0 : (total == 0 ? 100.0 : 0.0);
        double rate = 0;
        if (runStartNanos > 0) {
            long end = runEndNanos > 0 ? runEndNanos : System.nanoTime();
            double seconds = (end - runStartNanos) / 1e9;
            rate = seconds > 0 ? Math.round(10.0 * processedThisRun / seconds) / 10.0 : 0;
        }
        return new BulkImportStatus(id, sourceLabel, state.name(), stateReason, Math.max(total, 0), processed, parsed,
                failed, trials, percent, rate, runs, createdAt, startedAt, finishedAt, java.util.Collections.unmodifiableMap(new TreeMap<>(failuresByReason)),
                List.copyOf(failures));
    }
}
