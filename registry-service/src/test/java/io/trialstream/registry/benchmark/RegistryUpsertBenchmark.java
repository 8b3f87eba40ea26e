package io.trialstream.registry.benchmark;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.trialstream.contracts.ContractJson;
import io.trialstream.contracts.ParsedTrial;
import io.trialstream.contracts.Provenance;
import io.trialstream.contracts.Topics;
import io.trialstream.contracts.TrialRecord;
import io.trialstream.registry.domain.TrialIdentity;
import io.trialstream.registry.mapping.Json;
import io.trialstream.registry.mapping.SearchColumns;
import io.trialstream.registry.messaging.OutboxRelay;
import io.trialstream.registry.service.TrialStore;
import io.trialstream.testsupport.SharedData;
import io.trialstream.testsupport.TrialstreamTestResource;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Upserts per second for the 2,826 real legacy-XML trials and for ten times as many synthetic variants of them,
 * beside a raw JDBC batch insert of the same rows into a copy of the trial table (same indexes and generated
 * search columns), in the same run. Not part of the build: run with
 * {@code ./mvnw -B -o -pl registry-service test -Dtest=RegistryUpsertBenchmark -Dtrialstream.benchmark=true}.
 * The relay is off while the store is measured (its rate is measured separately), so both sides do database
 * work only.
 */
@QuarkusTest
@QuarkusTestResource(TrialstreamTestResource.class)
@TestProfile(RegistryUpsertBenchmark.RelayOff.class)
@EnabledIfSystemProperty(named = "trialstream.benchmark", matches = "true")
class RegistryUpsertBenchmark {
    public static class RelayOff implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("trialstream.outbox.relay-enabled", "false", "quarkus.log.level", "WARN",
                    "quarkus.log.category.\"io.trialstream.registry.service.TrialStore\".level",
                    System.getProperty("trialstream.benchmark.store-log", "WARN"),
                    "quarkus.log.category.\"io.trialstream.registry.service.TrialStore\".min-level", "DEBUG",
                    "quarkus.log.category.\"io.trialstream.registry.messaging\".level",
                    System.getProperty("trialstream.benchmark.store-log", "WARN"),
                    "quarkus.log.category.\"io.trialstream.registry.messaging\".min-level", "DEBUG");
        }
    }

    static final int BATCH = 500;
    static final Path XML = Path.of("ctgov-legacy-xml-2023-subset", "xml");

    @Inject
    TrialStore store;
    @Inject
    AgroalDataSource db;
    @Inject
    OutboxRelay relay;

    record Rate(String what, int rows, double seconds) {
        double perSecond() {
            return rows / seconds;
        }

        @Override
        public String toString() {
            return String.format("%-58s %7d rows %8.2f s %9.0f /s", what, rows, seconds, perSecond());
        }
    }

    @Test
    void upsertsPerSecondBesideRawJdbc() throws Exception {
        Path folder = SharedData.resolve(XML.toString()).orElse(null);
        Assumptions.assumeTrue(folder != null, "shared data absent");
        long t0 = System.nanoTime();
        List<ParsedTrial> real = LegacyXmlTrials.read(folder);
        System.out.printf("read %d legacy XML trials in %.1f s%n", real.size(), (System.nanoTime() - t0) / 1e9);
        List<ParsedTrial> synthetic = variants(real, Integer.getInteger("trialstream.benchmark.variants", 10));
        List<ParsedTrial> warmup = variants(real.subList(0, 1000), 1).stream().map(p -> rekey(p, "NCT7")).toList();
        createRawTable();
        long avgJson = real.stream().mapToLong(p -> Json.write(p.trial()).length()).sum() / real.size();
        System.out.printf("average record JSON %d bytes%n", avgJson);

        // JIT and buffers warm: same code paths, other keys
        rawInsert("warm-up", warmup);
        store("warm-up", warmup);
        truncateRaw();

        // the real set is short (seconds), so it runs three times (other NCT prefixes for the repeats) and the
        // median counts; the synthetic set runs once
        List<Rate> rawReal = new ArrayList<>();
        List<Rate> storeReal = new ArrayList<>();
        for (String prefix : new String[]{"NCT0", "NCT3", "NCT4"}) {
            List<ParsedTrial> set = prefix.equals("NCT0") ? real : real.stream().map(p -> rekey(p, prefix)).toList();
            rawReal.add(rawInsert("raw JDBC batch insert, 2,826 real (" + prefix + "…)", set));
            storeReal.add(store("store, 2,826 real, new trials (" + prefix + "…)", set));
            truncateRaw();
        }
        List<Rate> rates = new ArrayList<>();
        rates.add(median("raw JDBC batch insert, 2,826 real, median of 3", rawReal));
        rates.add(median("store, 2,826 real (new trials), median of 3", storeReal));
        rates.add(rawInsert("raw JDBC batch insert, 28,260 synthetic", synthetic));
        rates.add(store("store, 28,260 synthetic (new trials)", synthetic));
        rates.add(rawPlain("raw JDBC batch insert, 28,260 synthetic, key + jsonb only", synthetic));
        List<ParsedTrial> all = new ArrayList<>(real);
        all.addAll(synthetic);
        rates.add(store("store, replay of all 31,086 (no change)", all));
        rates.add(store("store, 2,826 real with a newer record (update)", real.stream().map(RegistryUpsertBenchmark::newer).toList()));
        rates.add(perRecord("store, 2,826 real variants, one transaction per record",
                real.stream().map(p -> rekey(p, "NCT5")).toList()));
        rates.add(viaKafka("consumer → store, 2,826 real variants via trials.parsed.v1",
                real.stream().map(p -> rekey(p, "NCT6")).toList()));
        rates.add(relayDrain());

        System.out.println();
        System.out.println("=== Registry upserts (issue 4) ===");
        rates.forEach(System.out::println);
        System.out.printf("ratio store/raw, real:      %.2f%n", rates.get(1).perSecond() / rates.get(0).perSecond());
        System.out.printf("ratio store/raw, synthetic: %.2f%n", rates.get(3).perSecond() / rates.get(2).perSecond());
    }

    static Rate median(String what, List<Rate> runs) {
        List<Rate> sorted = runs.stream().sorted(java.util.Comparator.comparingDouble(Rate::perSecond)).toList();
        Rate m = sorted.get(sorted.size() / 2);
        System.out.printf("%s: %s%n", what, runs.stream().map(r -> String.format("%.0f/s", r.perSecond())).toList());
        return new Rate(what + " (range " + Math.round(sorted.get(0).perSecond()) + "–"
                + Math.round(sorted.get(sorted.size() - 1).perSecond()) + ")", m.rows(), m.seconds());
    }

    Rate store(String what, List<ParsedTrial> records) {
        Map<TrialStore.Outcome, Integer> outcomes = new EnumMap<>(TrialStore.Outcome.class);
        long t = System.nanoTime();
        for (int i = 0; i < records.size(); i += BATCH) {
            for (TrialStore.Outcome o : store.acceptBatch(records.subList(i, Math.min(records.size(), i + BATCH)))) {
                outcomes.merge(o, 1, Integer::sum);
            }
        }
        Rate r = new Rate(what, records.size(), (System.nanoTime() - t) / 1e9);
        System.out.println(r + "  " + outcomes);
        return r;
    }

    /** The skeleton's path: TrialStore.accept, one transaction per record. */
    Rate perRecord(String what, List<ParsedTrial> records) {
        long t = System.nanoTime();
        for (ParsedTrial p : records) {
            store.accept(p);
        }
        Rate r = new Rate(what, records.size(), (System.nanoTime() - t) / 1e9);
        System.out.println(r);
        return r;
    }

    /** The same rows the store writes to the trial table (computed before the clock starts), inserted plainly. */
    Rate rawInsert(String what, List<ParsedTrial> records) throws Exception {
        record Row(String key, String hash, String json, String sources, String facets, String[] matchKeys, SearchColumns s, String status, String title) {
        }
        List<Row> rows = new ArrayList<>(records.size());
        for (ParsedTrial p : records) {
            String json = Json.write(p.trial());
            SearchColumns s = SearchColumns.of(p.trial());
            rows.add(new Row(p.trial().trialKey(), Json.sha256(json), json, Json.write(List.of(p.provenance())), s.facetsJson(),
                    TrialIdentity.matchKeys(p.trial()).toArray(String[]::new), s, p.trial().overallStatus(), p.trial().briefTitle()));
        }
        Instant now = Instant.now();
        long t = System.nanoTime();
        for (int i = 0; i < rows.size(); i += BATCH) {
            try (Connection c = db.getConnection()) {
                c.setAutoCommit(false);
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO bench_raw_trial (trial_key, version, content_hash, "
                        + "nct_id, overall_status, brief_title, record, sources, field_sources, facets, match_keys, min_age_years, "
                        + "min_age_inclusive, max_age_years, max_age_inclusive, last_update_date, updated_at) "
                        + "VALUES (?, 1, ?, ?, ?, ?, ?::jsonb, ?::jsonb, '{}'::jsonb, ?::jsonb, ?, ?, ?, ?, ?, ?, ?)")) {
                    for (Row r : rows.subList(i, Math.min(rows.size(), i + BATCH))) {
                        ps.setString(1, r.key());
                        ps.setString(2, r.hash());
                        ps.setString(3, r.key());
                        ps.setString(4, r.status());
                        ps.setString(5, r.title());
                        ps.setString(6, r.json());
                        ps.setString(7, r.sources());
                        ps.setString(8, r.facets());
                        ps.setArray(9, c.createArrayOf("text", r.matchKeys()));
                        ps.setObject(10, r.s().minAgeYears());
                        ps.setObject(11, r.s().minAgeInclusive());
                        ps.setObject(12, r.s().maxAgeYears());
                        ps.setObject(13, r.s().maxAgeInclusive());
                        ps.setString(14, r.s().lastUpdateDate());
                        ps.setObject(15, now.atOffset(ZoneOffset.UTC));
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                c.commit();
            }
        }
        Rate r = new Rate(what, rows.size(), (System.nanoTime() - t) / 1e9);
        System.out.println(r);
        return r;
    }

    /** The ceiling without any search column or index: key and record only. */
    Rate rawPlain(String what, List<ParsedTrial> records) throws Exception {
        List<String[]> rows = records.stream().map(p -> new String[]{p.trial().trialKey(), Json.write(p.trial())}).toList();
        exec("DROP TABLE IF EXISTS bench_plain_trial");
        exec("CREATE TABLE bench_plain_trial (trial_key TEXT PRIMARY KEY, record JSONB NOT NULL)");
        long t = System.nanoTime();
        for (int i = 0; i < rows.size(); i += BATCH) {
            try (Connection c = db.getConnection()) {
                c.setAutoCommit(false);
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO bench_plain_trial VALUES (?, ?::jsonb)")) {
                    for (String[] r : rows.subList(i, Math.min(rows.size(), i + BATCH))) {
                        ps.setString(1, r[0]);
                        ps.setString(2, r[1]);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                c.commit();
            }
        }
        Rate r = new Rate(what, rows.size(), (System.nanoTime() - t) / 1e9);
        System.out.println(r);
        return r;
    }

    Rate viaKafka(String what, List<ParsedTrial> records) throws Exception {
        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        List<String> values = new ArrayList<>(records.size());
        for (ParsedTrial p : records) {
            values.add(ContractJson.mapper().writeValueAsString(p));
        }
        long before = count("SELECT count(*) FROM trial_version");
        long t;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.BATCH_SIZE_CONFIG, 1 << 20), new StringSerializer(), new StringSerializer())) {
            t = System.nanoTime();
            for (int i = 0; i < records.size(); i++) {
                producer.send(new ProducerRecord<>(Topics.TRIALS_PARSED, records.get(i).trial().trialKey(), values.get(i)));
            }
            producer.flush();
        }
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> count("SELECT count(*) FROM trial_version") - before >= records.size());
        Rate r = new Rate(what, records.size(), (System.nanoTime() - t) / 1e9);
        System.out.println(r);
        return r;
    }

    Rate relayDrain() throws Exception {
        long pending = count("SELECT count(*) FROM outbox");
        long t = System.nanoTime();
        int n;
        long sent = 0;
        while ((n = relay.drainBatch()) > 0) {
            sent += n;
        }
        assertThat(sent).isEqualTo(pending);
        Rate r = new Rate("outbox relay → trials.v1 (everything above)", (int) sent, (System.nanoTime() - t) / 1e9);
        System.out.println(r);
        return r;
    }

    /** Ten variants per real trial: other NCT id, status, dates, title and a rotated subset of its sites. */
    static List<ParsedTrial> variants(List<ParsedTrial> real, int n) {
        String[] statuses = {"RECRUITING", "NOT_YET_RECRUITING", "ACTIVE_NOT_RECRUITING", "COMPLETED", "TERMINATED"};
        Random random = new Random(42);
        List<ParsedTrial> out = new ArrayList<>(real.size() * n);
        for (int v = 0; v < n; v++) {
            for (int i = 0; i < real.size(); i++) {
                TrialRecord r = real.get(i).trial();
                String key = String.format("NCT9%d%06d", v, i);
                List<TrialRecord.Location> sites = r.locations() == null ? null : new ArrayList<>(r.locations());
                if (sites != null && sites.size() > 1) {
                    Collections.rotate(sites, v);
                    sites = sites.subList(0, Math.max(1, sites.size() - random.nextInt(sites.size())));
                }
                TrialRecord t = new TrialRecord(key, new TrialRecord.Ids(key, r.ids() == null ? null : r.ids().secondaryIds(),
                        r.ids() == null ? null : r.ids().orgStudyId()),
                        r.briefTitle() == null ? null : r.briefTitle() + " (variant " + v + ")", r.officialTitle(), r.acronym(),
                        r.briefSummary(), statuses[random.nextInt(statuses.length)], r.phases(), r.studyType(), r.enrollment(),
                        r.startDate(), r.completionDate(), new TrialRecord.PartialDate("2026-0" + (1 + v % 9) + "-15",
                        TrialRecord.PartialDate.Precision.DAY), r.conditions(), r.keywords(), r.interventions(), r.arms(),
                        r.design(), r.outcomes(), r.eligibility(), r.sponsors(), r.investigators(), sites, r.references(), null);
                out.add(new ParsedTrial(ParsedTrial.SCHEMA_VERSION, t, new Provenance(Provenance.SourceFormat.CTGOV_V2_JSON,
                        "https://clinicaltrials.gov/api/v2/studies/" + key, Json.sha256(key), "benchmark", Instant.parse("2026-11-21T00:00:00Z"))));
            }
        }
        return out;
    }

    static ParsedTrial rekey(ParsedTrial p, String prefix) {
        TrialRecord r = p.trial();
        String key = prefix + r.trialKey().substring(prefix.length());
        return new ParsedTrial(p.schemaVersion(), new TrialRecord(key, new TrialRecord.Ids(key,
                r.ids() == null ? null : r.ids().secondaryIds(), r.ids() == null ? null : r.ids().orgStudyId()), r.briefTitle(),
                r.officialTitle(), r.acronym(), r.briefSummary(), r.overallStatus(), r.phases(), r.studyType(), r.enrollment(),
                r.startDate(), r.completionDate(), r.lastUpdateDate(), r.conditions(), r.keywords(), r.interventions(), r.arms(),
                r.design(), r.outcomes(), r.eligibility(), r.sponsors(), r.investigators(), r.locations(), r.references(),
                r.relatedTrials()), p.provenance());
    }

    /** The same trial, a day later, with one more keyword. */
    static ParsedTrial newer(ParsedTrial p) {
        TrialRecord r = p.trial();
        List<String> keywords = new ArrayList<>(r.keywords() == null ? List.of() : r.keywords());
        keywords.add("benchmark update");
        return new ParsedTrial(p.schemaVersion(), new TrialRecord(r.trialKey(), r.ids(), r.briefTitle(), r.officialTitle(),
                r.acronym(), r.briefSummary(), r.overallStatus(), r.phases(), r.studyType(), r.enrollment(), r.startDate(),
                r.completionDate(), new TrialRecord.PartialDate("2026-11-20", TrialRecord.PartialDate.Precision.DAY),
                r.conditions(), keywords, r.interventions(), r.arms(), r.design(), r.outcomes(), r.eligibility(), r.sponsors(),
                r.investigators(), r.locations(), r.references(), r.relatedTrials()),
                new Provenance(p.provenance().sourceFormat(), p.provenance().sourceUri(), Json.sha256(r.trialKey() + "u"),
                        "benchmark", p.provenance().parsedAt().plusSeconds(86400)));
    }

    void createRawTable() throws Exception {
        exec("DROP TABLE IF EXISTS bench_raw_trial");
        exec("CREATE TABLE bench_raw_trial (LIKE trial INCLUDING ALL)");
    }

    void truncateRaw() throws Exception {
        exec("TRUNCATE bench_raw_trial");
    }

    void exec(String sql) throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    long count(String sql) throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
