package io.trialstream.matching.bench;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.trialstream.contracts.Concept;
import io.trialstream.contracts.ContractJson;
import io.trialstream.contracts.Criterion;
import io.trialstream.contracts.Eligibility;
import io.trialstream.contracts.PatientEvent;
import io.trialstream.contracts.Topics;
import io.trialstream.contracts.Trial;
import io.trialstream.contracts.TrialRecord;
import io.trialstream.matching.evaluation.CandidateIndex;
import io.trialstream.matching.evaluation.EligibilityEvaluator;
import io.trialstream.matching.evaluation.PatientFacts;
import io.trialstream.matching.evaluation.PatientFacts.Condition;
import io.trialstream.matching.evaluation.PatientFacts.Observation;
import io.trialstream.matching.repository.IndexedTrialRepository;
import io.trialstream.matching.service.MatchService;
import io.trialstream.testsupport.TrialstreamTestResource;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Exit;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;

/**
 * Issue 5's measurements, each beside a baseline from the same run on the same broker and database. Not a test:
 * it runs only with {@code -Dbenchmark=true} and asserts nothing about time.
 * <pre>
 * ./mvnw -B -o -pl matching-service -am test -Dsurefire.failIfNoSpecifiedTests=false -Dtest=MatchingBenchmark -Dbenchmark=true
 * </pre>
 * Results go to stdout and {@code target/matching-benchmark.txt}.
 */
@QuarkusTest
@QuarkusTestResource(TrialstreamTestResource.class)
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class MatchingBenchmark {
    static final int TRIALS = Integer.getInteger("bench.trials", 10_000);
    static final int CONDITIONS = 500;
    static final int THROUGHPUT_EVENTS = Integer.getInteger("bench.events", 20_000);
    static final int WARMUP_EVENTS = Integer.getInteger("bench.warmup", 20_000);
    static final int LATENCY_RATE = 1_000;
    static final int LATENCY_SECONDS = 10;
    static final int REMATCH_PATIENTS = Integer.getInteger("bench.patients", 100_000);
    /** Which measurements to run: comma-separated names (evaluation, candidates, throughput, latency, rematch), default all. */
    static final Set<String> PARTS = Set.of(System.getProperty("bench.parts", "all").split(","));

    static boolean part(String name) {
        return PARTS.contains("all") || PARTS.contains(name);
    }

    @Inject
    MatchService service;
    @Inject
    AgroalDataSource dataSource;

    final StringBuilder report = new StringBuilder();
    final Random random = new Random(42);
    String bootstrap;

    void line(String format, Object... args) {
        String s = String.format(java.util.Locale.ROOT, format, args);
        System.out.println("[bench] " + s);
        report.append(s).append('\n');
    }

    static String code(int i) {
        return "BENCH-" + i;
    }

    static Criterion criterion(String id, Criterion.Kind kind, Criterion.Polarity p, String param, Criterion.Operator op,
                               Double v, Double vh, String unit, Double uln, List<Concept> concepts, String text) {
        return new Criterion(id, kind, p, param, op, v, vh, unit, uln, null, concepts, null, null, text, 0.9);
    }

    /** A trial in the shape the extractor produces: age, sex, one diagnosis, labs, ECOG, pregnancy, free text. */
    Trial trial(String key, int condition, long version) {
        int min = 18 + random.nextInt(10);
        List<Criterion> cs = new ArrayList<>(List.of(
                criterion("age", Criterion.Kind.AGE, Criterion.Polarity.REQUIRED, "age", Criterion.Operator.BETWEEN, (double) min,
                        (double) (min + 40 + random.nextInt(30)), "a", null, null, "age"),
                criterion("inc-1#1", Criterion.Kind.CONDITION, Criterion.Polarity.REQUIRED, null, Criterion.Operator.PRESENT, null, null,
                        null, null, List.of(new Concept(Concept.SNOMED, code(condition), null)), "diagnosis"),
                criterion("inc-2#1", Criterion.Kind.LAB, Criterion.Polarity.REQUIRED, "ANC", Criterion.Operator.GE, 1.5, null, "10*9/L", null, null, "ANC"),
                criterion("inc-2#2", Criterion.Kind.LAB, Criterion.Polarity.REQUIRED, "ALT", Criterion.Operator.LE, null, null, null, 2.5, null, "ALT"),
                criterion("inc-3#1", Criterion.Kind.PERFORMANCE_STATUS, Criterion.Polarity.REQUIRED, "ECOG", Criterion.Operator.BETWEEN, 0.0, 2.0, null, null, null, "ECOG"),
                criterion("exc-1#1", Criterion.Kind.PREGNANCY, Criterion.Polarity.EXCLUDED, "pregnancy", Criterion.Operator.PRESENT, null, null, null, null, null, "pregnancy"),
                criterion("exc-2", Criterion.Kind.UNPARSED, Criterion.Polarity.EXCLUDED, null, null, null, null, null, null, null, "Severe organ dysfunction")));
        if (random.nextInt(4) == 0) {
            cs.add(criterion("sex", Criterion.Kind.SEX, Criterion.Polarity.REQUIRED, "sex", Criterion.Operator.EQ, null, null, null, null,
                    List.of(new Concept(Concept.ADMINISTRATIVE_GENDER, random.nextBoolean() ? "female" : "male", null)), "sex"));
        }
        Eligibility e = new Eligibility("ALL", null, null, null, null, null, null, null, cs);
        TrialRecord r = new TrialRecord(key, null, "bench", null, null, null, "RECRUITING", null, null, null, null, null, null, null,
                null, null, null, null, null, e, null, null, null, null, null);
        return new Trial(Trial.SCHEMA_VERSION, key, version, Instant.now(), "h" + version, r, null);
    }

    PatientFacts facts(String id, int condition, Instant now) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        return new PatientFacts(id, today.minusDays(20 * 366 + random.nextInt(50 * 366)),
                random.nextBoolean() ? PatientEvent.Sex.FEMALE : PatientEvent.Sex.MALE,
                List.of(new Condition(List.of(new Concept(Concept.SNOMED, code(condition), null)), "active", null, today.minusMonths(2), null, null, null, null, null)),
                List.of(new Observation(List.of(new Concept(Concept.LOINC, "751-8", null)), 0.5 + random.nextInt(40) / 10.0, "10*9/L", null, null, null,
                                now.minus(Duration.ofDays(3)), null, null),
                        new Observation(List.of(new Concept(Concept.LOINC, "1742-6", null)), 20.0 + random.nextInt(100), "U/L", null, null, 40.0,
                                now.minus(Duration.ofDays(3)), null, null),
                        new Observation(List.of(new Concept(Concept.LOINC, "89247-1", null)), (double) random.nextInt(4), null, null, null, null,
                                now.minus(Duration.ofDays(10)), null, null)),
                List.of(), List.of());
    }

    PatientEvent event(String id, int condition) {
        PatientFacts f = facts(id, condition, Instant.now());
        return new PatientEvent(PatientEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), PatientEvent.Type.SNAPSHOT, id, Instant.now(),
                f.birthDate(), f.sex(),
                List.of(new PatientEvent.ConditionFact(f.conditions().get(0).codes(), "active", f.conditions().get(0).onset(), null)),
                f.observations().stream().map(o -> new PatientEvent.ObservationFact(o.codes(), o.value(), o.unit(), null, null,
                        o.referenceHigh(), o.effectiveAt())).toList(), null, null);
    }

    @Test
    void measure() throws Exception {
        bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        line("machine: %d CPUs, max heap %d MiB, java %s", Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, System.getProperty("java.version"));
        String run = Long.toString(System.currentTimeMillis() % 100000);

        // 1. load the trial index through the normal trial path
        long t0 = System.nanoTime();
        List<Trial> loaded = new ArrayList<>();
        for (int i = 0; i < TRIALS; i++) {
            Trial t = trial("BENCH-" + run + "-" + i, i % CONDITIONS, 1);
            loaded.add(t);
            service.onTrial(t.trialKey(), t);
        }
        double loadS = (System.nanoTime() - t0) / 1e9;
        line("trial index: %d trials loaded through MatchService.onTrial in %.1f s (%.0f trials/s)", TRIALS, loadS, TRIALS / loadS);

        if (part("evaluation")) {
            evaluationLatency(loaded);
        }
        if (part("candidates")) {
            candidateSelection(loaded);
        }
        if (part("throughput")) {
            throughput(run);
        }
        if (part("latency")) {
            latency(run, LATENCY_RATE, true);
            latency(run + "m", 500, false); // half the rate: below the knee of this machine
            latency(run + "s", 100, false); // a low rate: latency without queueing
        }
        if (part("rematch")) {
            rematch(run);
        }
        Files.writeString(Path.of("target", "matching-benchmark.txt"), report.toString());
    }

    /** Evaluation of one patient–trial pair, in memory (criteria parsed once, as the service caches them). */
    void evaluationLatency(List<Trial> loaded) {
        EligibilityEvaluator evaluator = new EligibilityEvaluator();
        List<List<Criterion>> criteria = loaded.stream().map(t -> EligibilityEvaluator.criteriaOf(t.trial())).toList();
        Instant now = Instant.now();
        List<PatientFacts> patients = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            patients.add(facts("eval-" + i, random.nextInt(CONDITIONS), now));
        }
        long sink = 0;
        for (int w = 0; w < 200_000; w++) {
            sink += evaluator.evaluate(criteria.get(w % criteria.size()), patients.get(w % patients.size()), now).criteria().size();
        }
        int pairs = 500_000;
        long t0 = System.nanoTime();
        for (int w = 0; w < pairs; w++) {
            sink += evaluator.evaluate(criteria.get(w % criteria.size()), patients.get((w * 7) % patients.size()), now).criteria().size();
        }
        double nsPerPair = (System.nanoTime() - t0) / (double) pairs;
        line("evaluation: %.1f µs per patient–trial pair (%d pairs, 7–8 criteria each; in memory, one thread) [sink %d]",
                nsPerPair / 1000, pairs, sink % 10);
    }

    /** Candidate trials of one patient: the index query plus evaluating its candidates, vs evaluating every open trial. */
    void candidateSelection(List<Trial> loaded) {
        EligibilityEvaluator evaluator = new EligibilityEvaluator();
        List<List<Criterion>> criteria = loaded.stream().map(t -> EligibilityEvaluator.criteriaOf(t.trial())).toList();
        Map<String, List<Criterion>> byKey = new ConcurrentHashMap<>();
        for (int i = 0; i < loaded.size(); i++) {
            byKey.put(loaded.get(i).trialKey(), criteria.get(i));
        }
        Instant now = Instant.now();
        int n = 200;
        long naiveNs = 0;
        long indexedNs = 0;
        long candidates = 0;
        long matchesNaive = 0;
        long matchesIndexed = 0;
        for (int i = 0; i < n + 20; i++) {
            PatientFacts p = facts("sel-" + i, random.nextInt(CONDITIONS), now);
            long a = System.nanoTime();
            int mn = 0;
            for (List<Criterion> c : criteria) {
                if (evaluator.evaluate(c, p, now).verdict() != io.trialstream.contracts.MatchEvent.Verdict.INELIGIBLE) {
                    mn++;
                }
            }
            long b = System.nanoTime();
            List<String> keys = service.candidateTrialKeys(p);
            int mi = 0;
            for (String k : keys) {
                List<Criterion> c = byKey.get(k);
                if (c != null && evaluator.evaluate(c, p, now).verdict() != io.trialstream.contracts.MatchEvent.Verdict.INELIGIBLE) {
                    mi++;
                }
            }
            long c2 = System.nanoTime();
            if (i >= 20) { // warm-up excluded
                naiveNs += b - a;
                indexedNs += c2 - b;
                candidates += keys.stream().filter(byKey::containsKey).count();
                matchesNaive += mn;
                matchesIndexed += mi;
            }
        }
        line("candidate selection per patient (%d open trials of this run): naive scan (evaluate all) %.2f ms, "
                        + "index (replica's in-memory index under the index lock + evaluate %.1f candidates) %.2f ms = %.0f× faster; matches found: naive %d, index %d",
                loaded.size(), naiveNs / 1e6 / n, candidates / (double) n, indexedNs / 1e6 / n,
                (double) naiveNs / indexedNs, matchesNaive, matchesIndexed);
    }

    KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());
    }

    long lag(Admin admin, String group, String topic) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions();
        Map<TopicPartition, OffsetSpec> latest = partitions.stream().collect(Collectors.toMap(
                p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
        var ends = admin.listOffsets(latest).all().get();
        long lag = 0;
        for (var e : ends.entrySet()) {
            OffsetAndMetadata c = committed.get(e.getKey());
            lag += e.getValue().offset() - (c == null ? 0 : c.offset());
        }
        return lag;
    }

    /** Patient events/s with the trial index loaded, vs Kafka's consumer perf tool on the same topic and broker. */
    void throughput(String run) throws Exception {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < THROUGHPUT_EVENTS; i++) {
            values.add(ContractJson.mapper().writeValueAsString(event("tp-" + run + "-" + i, random.nextInt(CONDITIONS))));
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
             KafkaProducer<String, String> producer = producer()) {
            await().atMost(Duration.ofMinutes(2)).until(() -> lag(admin, "matching-service", Topics.PATIENT_EVENTS) == 0);
            // warm-up: the JIT compiles the hot path first (in a 20 s run it otherwise takes ~half the CPU)
            for (int i = 0; i < WARMUP_EVENTS; i++) {
                producer.send(new ProducerRecord<>(Topics.PATIENT_EVENTS, "warm-" + run + "-" + i,
                        ContractJson.mapper().writeValueAsString(event("warm-" + run + "-" + i, random.nextInt(CONDITIONS)))));
            }
            producer.flush();
            await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(200))
                    .until(() -> lag(admin, "matching-service", Topics.PATIENT_EVENTS) == 0);
            long t0 = System.nanoTime();
            for (int i = 0; i < values.size(); i++) {
                producer.send(new ProducerRecord<>(Topics.PATIENT_EVENTS, "tp-" + run + "-" + i, values.get(i)));
            }
            producer.flush();
            double produceS = (System.nanoTime() - t0) / 1e9;
            await().atMost(Duration.ofMinutes(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> lag(admin, "matching-service", Topics.PATIENT_EVENTS) == 0);
            double s = (System.nanoTime() - t0) / 1e9;
            line("throughput: %d native patient events (1 diagnosis, 3 labs each) against %d trials: %.1f s = %.0f events/s "
                    + "(producing them took %.1f s)", values.size(), TRIALS, s, values.size() / s, produceS);
        }
        String out = capture(() -> org.apache.kafka.tools.ConsumerPerformance.main(new String[]{
                "--bootstrap-server", bootstrap, "--topic", Topics.PATIENT_EVENTS, "--messages", Integer.toString(THROUGHPUT_EVENTS),
                "--group", "bench-perf-" + run, "--timeout", "60000"}));
        line("baseline kafka-consumer-perf-test, same topic and broker, %d records:%n%s", THROUGHPUT_EVENTS, out.trim());
    }

    /** Produce → match-event latency at a steady 1,000 events/s, vs Kafka's end-to-end latency tool. */
    void latency(String run, int rate, boolean baseline) throws Exception {
        int count = rate * LATENCY_SECONDS;
        Map<String, Long> sent = new ConcurrentHashMap<>();
        Map<String, Long> received = new ConcurrentHashMap<>();
        List<String> values = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            PatientEvent e = event("lat-" + run + "-" + i, random.nextInt(CONDITIONS));
            // every event must produce a match event: normal labs and ECOG, an age every bench trial admits
            PatientEvent ok = new PatientEvent(e.schemaVersion(), e.eventId(), e.type(), e.patientId(), e.occurredAt(),
                    LocalDate.now().minusYears(40), e.sex(), e.conditions(),
                    List.of(new PatientEvent.ObservationFact(List.of(new Concept(Concept.LOINC, "751-8", null)), 3.0, "10*9/L", null, null, null, Instant.now()),
                            new PatientEvent.ObservationFact(List.of(new Concept(Concept.LOINC, "1742-6", null)), 30.0, "U/L", null, null, 40.0, Instant.now()),
                            new PatientEvent.ObservationFact(List.of(new Concept(Concept.LOINC, "89247-1", null)), 1.0, null, null, null, null, Instant.now())),
                    null, null);
            values.add(ContractJson.mapper().writeValueAsString(ok));
        }
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "bench-lat-" + run, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5), new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(Topics.MATCHES));
        await().until(() -> {
            consumer.poll(Duration.ofMillis(100));
            return !consumer.assignment().isEmpty();
        });
        Thread reader = new Thread(() -> {
            while (received.size() < count && !Thread.currentThread().isInterrupted()) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(50))) {
                    received.putIfAbsent(r.key(), System.nanoTime());
                }
            }
        }, "bench-latency-reader");
        reader.start();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.LINGER_MS_CONFIG, 0, ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            long start = System.nanoTime();
            long interval = TimeUnit.SECONDS.toNanos(1) / rate;
            for (int i = 0; i < count; i++) {
                long due = start + i * interval;
                while (System.nanoTime() < due) {
                    LockSupport.parkNanos(due - System.nanoTime());
                }
                String key = "lat-" + run + "-" + i;
                sent.put(key, System.nanoTime());
                producer.send(new ProducerRecord<>(Topics.PATIENT_EVENTS, key, values.get(i)));
            }
            producer.flush();
        }
        await().atMost(Duration.ofMinutes(5)).until(() -> received.size() >= count);
        reader.interrupt();
        reader.join();
        consumer.close();
        long[] ms = sent.keySet().stream().filter(received::containsKey)
                .mapToLong(k -> TimeUnit.NANOSECONDS.toMicros(received.get(k) - sent.get(k))).sorted().toArray();
        line("latency produce → first match event at %d events/s for %d s (%d events): p50 %.1f ms, p99 %.1f ms, max %.1f ms",
                rate, LATENCY_SECONDS, ms.length, pct(ms, 50) / 1000.0, pct(ms, 99) / 1000.0, ms[ms.length - 1] / 1000.0);
        if (!baseline) {
            return;
        }

        String topic = "bench.e2e-latency-" + run;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        String out = capture(() -> org.apache.kafka.tools.EndToEndLatency.main(new String[]{bootstrap, topic, "10000", "all", "500"}));
        line("baseline kafka-e2e-latency (EndToEndLatency, same broker, 10000 × 500 B, acks=all, one at a time):%n%s", out.trim());
    }

    static double pct(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    /** One trial update re-matching 100k stored patients (first time: every match new; second: nothing changed). */
    void rematch(String run) throws Exception {
        String condition = "REMATCH-" + run;
        CandidateIndex index = new CandidateIndex();
        Instant now = Instant.now();
        long t0 = System.nanoTime();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO matching.patient (patient_id, birth_date, sex, facts, updated_at, "
                     + "condition_keys, has_conditions) VALUES (?, ?, ?, CAST(? AS jsonb), now(), CAST(? AS text[]), true)")) {
            c.setAutoCommit(false);
            for (int i = 0; i < REMATCH_PATIENTS; i++) {
                PatientFacts f = facts("rm-" + run + "-" + i, 0, now);
                f = new PatientFacts(f.patientId(), f.birthDate(), f.sex(),
                        List.of(new Condition(List.of(new Concept(Concept.SNOMED, condition, null)), "active", null, LocalDate.now().minusMonths(1), null, null, null, null, null)),
                        f.observations(), List.of(), List.of());
                ps.setString(1, f.patientId());
                ps.setObject(2, f.birthDate());
                ps.setString(3, f.sex().name());
                ps.setString(4, ContractJson.mapper().writeValueAsString(f));
                ps.setString(5, IndexedTrialRepository.arrayLiteral(index.patientKeys(f).conditionKeys()));
                ps.addBatch();
                if (i % 1000 == 999) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
            c.commit();
        }
        line("re-match setup: %d patients stored (bulk insert) in %.1f s", REMATCH_PATIENTS, (System.nanoTime() - t0) / 1e9);
        String key = "REMATCH-" + run;
        Trial v1 = trialFor(key, condition, 1);
        long a = System.nanoTime();
        int created = service.onTrial(key, v1);
        double first = (System.nanoTime() - a) / 1e9;
        long b = System.nanoTime();
        int unchanged = service.onTrial(key, trialFor(key, condition, 2));
        double second = (System.nanoTime() - b) / 1e9;
        line("re-match: one trial update against %d stored candidate patients: first evaluation %.2f s (%d match events written "
                + "to the outbox), a new version with the same criteria %.2f s (%d events)", REMATCH_PATIENTS, first, created, second, unchanged);
    }

    Trial trialFor(String key, String condition, long version) {
        List<Criterion> cs = List.of(
                criterion("age", Criterion.Kind.AGE, Criterion.Polarity.REQUIRED, "age", Criterion.Operator.BETWEEN, 18.0, 99.0, "a", null, null, "age"),
                criterion("inc-1#1", Criterion.Kind.CONDITION, Criterion.Polarity.REQUIRED, null, Criterion.Operator.PRESENT, null, null, null, null,
                        List.of(new Concept(Concept.SNOMED, condition, null)), "diagnosis"),
                criterion("inc-2#1", Criterion.Kind.LAB, Criterion.Polarity.REQUIRED, "ANC", Criterion.Operator.GE, 1.5, null, "10*9/L", null, null, "ANC"),
                criterion("inc-3#1", Criterion.Kind.PERFORMANCE_STATUS, Criterion.Polarity.REQUIRED, "ECOG", Criterion.Operator.BETWEEN, 0.0, 2.0, null, null, null, "ECOG"));
        Eligibility e = new Eligibility("ALL", null, null, null, null, null, null, null, cs);
        TrialRecord r = new TrialRecord(key, null, "rematch", null, null, null, "RECRUITING", null, null, null, null, null, null, null,
                null, null, null, null, null, e, null, null, null, null, null);
        return new Trial(Trial.SCHEMA_VERSION, key, version, Instant.now(), "h" + version, r, null);
    }

    /** Runs a Kafka tool in-process and returns what it printed; the tools' exit calls are turned into exceptions. */
    static String capture(ThrowingRunnable tool) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        Exit.setExitProcedure((status, message) -> {
            if (status != 0) {
                throw new IllegalStateException("kafka tool exited with " + status + ": " + message);
            }
        });
        try (PrintStream capture = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            tool.run();
        } finally {
            System.setOut(original);
            Exit.resetExitProcedure();
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }
}
