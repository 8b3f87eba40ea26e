package io.trialstream.ingest.fuzz;

import io.trialstream.contracts.ContractJson;
import io.trialstream.contracts.Criterion;
import io.trialstream.contracts.Eligibility.CriterionItem;
import io.trialstream.contracts.TrialRecord;
import io.trialstream.ingest.parsing.InvalidDocumentException;
import io.trialstream.ingest.parsing.TrialDocumentReader.ReadDocument;
import io.trialstream.ingest.parsing.page.ScrapedPageParser.ParsedPage;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * Runs one input through one entry point and checks the invariants every entry point keeps, whatever the input:
 * <ol>
 *   <li>it returns, or refuses with {@link InvalidDocumentException} and a status the REST layer maps (400, 415,
 *       422) — never another exception type, never an Error (stack overflow, out of memory);</li>
 *   <li>it answers within a budget (2 s by default, {@code -Dfuzz.budgetMillis}); this is a hang detector, not a
 *       speed test, so an overrun is retried once with a much larger budget before it counts;</li>
 *   <li>the same input gives the same answer twice (equal records, or the same status, reason and message);</li>
 *   <li>every trial it returns has a key, survives the contract JSON round trip unchanged, and every criterion's
 *       span points into its source item;</li>
 *   <li>a scraped page keeps its trial key when only its whitespace changes.</li>
 * </ol>
 * The parser runs on a worker thread with the platform's default stack size, as on a request thread; a worker that
 * overruns is abandoned (regex backtracking ignores interrupts) and a new one takes over.
 */
final class FuzzHarness implements AutoCloseable {

    static final long BUDGET_MILLIS = Long.getLong("fuzz.budgetMillis", 2_000);
    /** A suspected hang is confirmed with this budget, so a loaded CI machine or a GC pause is not a finding. */
    static final long CONFIRM_MILLIS = Math.max(BUDGET_MILLIS * 10, 20_000);
    private static final Set<Integer> MAPPED_STATUSES = Set.of(400, 415, 422);

    /** What one run of an entry point did. */
    sealed interface Outcome permits Parsed, Rejected, Crashed, TimedOut {
    }

    record Parsed(Object value) implements Outcome {
    }

    record Rejected(int status, String reason, String message) implements Outcome {
    }

    record Crashed(Throwable error) implements Outcome {
    }

    record TimedOut(long millis) implements Outcome {
    }

    /** A broken invariant: which one, and what was seen. */
    record Failure(String invariant, String detail) {
        @Override
        public String toString() {
            return invariant + ": " + detail;
        }
    }

    /**
     * The answer to one input: the first run's outcome, the first broken invariant, if any, and whether a run overran
     * the budget and only answered on the second try (slow, not hung: worth a look, not a failure).
     */
    record Verdict(Outcome outcome, Optional<Failure> failure, boolean overran) {
    }

    private ExecutorService worker = newWorker();
    private int abandonedWorkers;

    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-worker");
            t.setDaemon(true);
            return t;
        });
    }

    int abandonedWorkers() {
        return abandonedWorkers;
    }

    Outcome attempt(FuzzTarget target, byte[] input, String contentType, long budgetMillis) {
        Future<Outcome> future = worker.submit(() -> {
            try {
                return new Parsed(target.run(input, contentType));
            } catch (InvalidDocumentException e) {
                return new Rejected(e.status(), e.reasonCode(), e.getMessage());
            } catch (Throwable t) {
                return new Crashed(t);
            }
        });
        long start = System.nanoTime();
        try {
            return future.get(budgetMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            worker.shutdownNow();
            worker = newWorker();
            abandonedWorkers++;
            return new TimedOut(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        } catch (ExecutionException e) {
            return new Crashed(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("fuzzing interrupted", e);
        }
    }

    /** One timed run; an overrun is run again with {@link #CONFIRM_MILLIS} before it is called a hang. */
    private Outcome timed(FuzzTarget target, byte[] input, String contentType) {
        Outcome first = attempt(target, input, contentType, BUDGET_MILLIS);
        if (!(first instanceof TimedOut)) {
            return first;
        }
        Outcome again = attempt(target, input, contentType, CONFIRM_MILLIS);
        return again instanceof TimedOut ? first : again;
    }

    Verdict check(FuzzTarget target, byte[] input, String contentType) {
        int abandonedBefore = abandonedWorkers;
        Outcome first = timed(target, input, contentType);
        Optional<Failure> failure = acceptable(first);
        if (failure.isEmpty()) {
            Outcome second = timed(target, input, contentType);
            if (!sameAnswer(first, second)) {
                failure = Optional.of(new Failure("DETERMINISM", "first " + describe(first) + ", then " + describe(second)));
            }
        }
        if (failure.isEmpty() && first instanceof Parsed p) {
            failure = wellFormed(p.value());
        }
        if (failure.isEmpty() && first instanceof Parsed p && isPage(target)
                && !(target == FuzzTarget.PAGE_HTML && WhitespaceVariants.hasUnclosedRawText(input))) {
            failure = whitespaceStable(target, input, contentType, p.value());
        }
        return new Verdict(first, failure, abandonedWorkers > abandonedBefore);
    }

    private static boolean isPage(FuzzTarget target) {
        return target == FuzzTarget.PAGE_TEXT || target == FuzzTarget.PAGE_HTML;
    }

    private static Optional<Failure> acceptable(Outcome o) {
        if (o instanceof Rejected r) {
            return MAPPED_STATUSES.contains(r.status()) && r.reason() != null && !r.reason().isBlank()
                    ? Optional.empty()
                    : Optional.of(new Failure("REJECTION_STATUS", "status " + r.status() + " reason " + r.reason()));
        }
        if (o instanceof Crashed c) {
            return Optional.of(new Failure(c.error() instanceof OutOfMemoryError ? "OUT_OF_MEMORY"
                    : "UNEXPECTED_EXCEPTION", stackTrace(c.error())));
        }
        if (o instanceof TimedOut) {
            return Optional.of(new Failure("HANG", "no answer within " + BUDGET_MILLIS + " ms, nor within "
                    + CONFIRM_MILLIS + " ms on a second try"));
        }
        return Optional.empty();
    }

    private static boolean sameAnswer(Outcome a, Outcome b) {
        if (a instanceof Parsed pa && b instanceof Parsed pb) {
            return Objects.equals(pa.value(), pb.value());
        }
        return a instanceof Rejected && a.equals(b);
    }

    /** Keys, the contract round trip (what registry-service reads back), and criterion spans. */
    private static Optional<Failure> wellFormed(Object value) {
        for (TrialRecord t : trials(value)) {
            if (t.trialKey() == null || t.trialKey().isBlank()) {
                return Optional.of(new Failure("TRIAL_KEY", "a parsed trial has no key"));
            }
            try {
                TrialRecord back = ContractJson.mapper().readValue(ContractJson.mapper().writeValueAsBytes(t), TrialRecord.class);
                if (!back.equals(t)) {
                    return Optional.of(new Failure("CONTRACT_ROUND_TRIP", "trial " + t.trialKey()
                            + " reads back different from the contract JSON"));
                }
            } catch (Exception e) {
                return Optional.of(new Failure("CONTRACT_ROUND_TRIP", stackTrace(e)));
            }
            if (t.eligibility() != null) {
                List<CriterionItem> items = new ArrayList<>();
                Optional.ofNullable(t.eligibility().inclusion()).ifPresent(items::addAll);
                Optional.ofNullable(t.eligibility().exclusion()).ifPresent(items::addAll);
                Optional<Failure> spans = spans(items, t.eligibility().criteria());
                if (spans.isPresent()) {
                    return spans;
                }
            }
        }
        if (value instanceof FuzzTarget.CriteriaResult c) {
            List<CriterionItem> items = new ArrayList<>(c.split().inclusion());
            items.addAll(c.split().exclusion());
            return spans(items, c.criteria());
        }
        return Optional.empty();
    }

    private static Optional<Failure> spans(List<CriterionItem> items, List<Criterion> criteria) {
        if (criteria == null) {
            return Optional.empty();
        }
        for (Criterion c : criteria) {
            if (c.kind() == null || c.polarity() == null) {
                return Optional.of(new Failure("CRITERION_SHAPE", "criterion " + c.id() + " has no kind or polarity"));
            }
            if (c.span() == null || c.sourceItemId() == null) {
                continue;
            }
            CriterionItem item = items.stream().filter(i -> c.sourceItemId().equals(i.id())).findFirst().orElse(null);
            if (item == null) {
                return Optional.of(new Failure("CRITERION_SHAPE", "criterion " + c.id() + " names unknown item " + c.sourceItemId()));
            }
            int start = c.span().start();
            int end = c.span().end();
            if (start < 0 || end < start || end > item.text().length()
                    || !Objects.equals(c.text(), item.text().substring(start, end))) {
                return Optional.of(new Failure("CRITERION_SHAPE", "criterion " + c.id() + " span [" + start + ", " + end
                        + ") does not hold its text in item " + item.id() + " of length " + item.text().length()));
            }
        }
        return Optional.empty();
    }

    static List<TrialRecord> trials(Object value) {
        if (value instanceof ReadDocument d) {
            return d.trials();
        }
        if (value instanceof ParsedPage p) {
            return List.of(p.trial());
        }
        if (value instanceof List<?> l) {
            return l.stream().filter(TrialRecord.class::isInstance).map(TrialRecord.class::cast).toList();
        }
        return List.of();
    }

    /** The same page with other whitespace: the trial key (and the page's acceptance) must not change. */
    private Optional<Failure> whitespaceStable(FuzzTarget target, byte[] input, String contentType, Object value) {
        Random random = new Random(Arrays.hashCode(input));
        for (int i = 0; i < 2; i++) {
            byte[] variant = target == FuzzTarget.PAGE_HTML
                    ? WhitespaceVariants.html(input, random) : WhitespaceVariants.text(input, random);
            Outcome o = timed(target, variant, contentType);
            List<String> before = trials(value).stream().map(TrialRecord::trialKey).toList();
            if (!(o instanceof Parsed p)) {
                return Optional.of(new Failure("WHITESPACE_KEY", "the page parses, the same page with other whitespace "
                        + "gives " + describe(o)));
            }
            List<String> after = trials(p.value()).stream().map(TrialRecord::trialKey).toList();
            if (!before.equals(after)) {
                return Optional.of(new Failure("WHITESPACE_KEY", "key " + before + " became " + after
                        + " when only whitespace changed"));
            }
        }
        return Optional.empty();
    }

    /** A short name of the outcome's shape, used to keep one input per new shape when collecting a corpus. */
    static String signature(FuzzTarget target, Outcome o) {
        String shape;
        if (o instanceof Rejected r) {
            shape = r.status() + ":" + r.reason();
        } else if (o instanceof Crashed c) {
            shape = "crash:" + c.error().getClass().getSimpleName();
        } else if (o instanceof Parsed p) {
            shape = "ok:" + shape(p.value());
        } else {
            shape = "hang";
        }
        return target.folder + ":" + shape;
    }

    private static String shape(Object value) {
        Set<String> kinds = new TreeSet<>();
        Stream<Criterion> criteria = value instanceof FuzzTarget.CriteriaResult c ? c.criteria().stream()
                : trials(value).stream().filter(t -> t.eligibility() != null && t.eligibility().criteria() != null)
                .flatMap(t -> t.eligibility().criteria().stream());
        criteria.forEach(c -> kinds.add(String.valueOf(c.kind())));
        String kind = value instanceof ReadDocument d ? d.parserVersion()
                : value instanceof ParsedPage p ? p.layout() : value.getClass().getSimpleName();
        return kind + ":" + Math.min(trials(value).size(), 3) + ":" + kinds;
    }

    static String describe(Outcome o) {
        if (o instanceof Rejected r) {
            return r.status() + " " + r.reason();
        }
        if (o instanceof Crashed c) {
            return c.error().toString();
        }
        if (o instanceof TimedOut t) {
            return "no answer after " + t.millis() + " ms";
        }
        return "a result";
    }

    private static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        String s = w.toString();
        // a stack overflow's trace is thousands of identical frames; the first screenful names the culprit
        return s.length() > 6_000 ? s.substring(0, 6_000) + "\n\t…" : s;
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
