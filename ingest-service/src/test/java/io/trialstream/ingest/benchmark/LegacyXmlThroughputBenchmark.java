package io.trialstream.ingest.benchmark;

import io.trialstream.contracts.ContractJson;
import io.trialstream.contracts.ParsedTrial;
import io.trialstream.contracts.Provenance;
import io.trialstream.contracts.TrialRecord;
import io.trialstream.contracts.Eligibility;
import io.trialstream.ingest.parsing.LegacyXmlParser;
import io.trialstream.ingest.parsing.StructuredCriteria;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamReader;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;


/**
 * Single-thread parse throughput on the 2,826 legacy XML records, against a baseline measured in the same run: a
 * plain StAX pass over the same bytes (every event read, nothing mapped). Runs only on request:
 * {@code ./mvnw -B -o -pl ingest-service -am test -Dsurefire.failIfNoSpecifiedTests=false -Dtest=LegacyXmlThroughputBenchmark -Dbenchmark=true}. It prints
 * figures and asserts nothing about time.
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class LegacyXmlThroughputBenchmark {
    private static final int WARMUP_ROUNDS = 5;
    private static final int ROUNDS = 7;

    @Test
    void parseThroughputAgainstAPlainStaxPass() throws Exception {
        List<byte[]> docs = LegacyXmlRecords.loadOrSkip();
        long bytes = docs.stream().mapToLong(d -> d.length).sum();
        LegacyXmlParser parser = new LegacyXmlParser();
        XMLInputFactory plain = XMLInputFactory.newDefaultFactory();
        plain.setProperty(XMLInputFactory.SUPPORT_DTD, false);

        List<Eligibility> eligibility = new ArrayList<>();
        for (byte[] d : docs) {
            parser.parse(d).forEach(r -> eligibility.add(r.eligibility()));
        }
        for (int i = 0; i < WARMUP_ROUNDS; i++) {
            staxPass(plain, docs);
            parse(parser, docs);
            parseAndSerialise(parser, docs);
            extractCriteria(eligibility);
        }
        double[] baseline = new double[ROUNDS];
        double[] parsing = new double[ROUNDS];
        double[] serialising = new double[ROUNDS];
        double[] criteria = new double[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            // interleaved, so that machine noise hits all of them alike
            baseline[i] = rate(docs.size(), () -> staxPass(plain, docs));
            parsing[i] = rate(docs.size(), () -> parse(parser, docs));
            serialising[i] = rate(docs.size(), () -> parseAndSerialise(parser, docs));
            criteria[i] = rate(docs.size(), () -> extractCriteria(eligibility));
        }
        double b = median(baseline);
        double p = median(parsing);
        double s = median(serialising);
        double c = median(criteria);
        System.out.printf("%n[benchmark] %d legacy XML records, %.1f MB, single thread, median of %d rounds after %d warm-up%n",
                docs.size(), bytes / 1e6, ROUNDS, WARMUP_ROUNDS);
        System.out.printf("[benchmark] baseline StAX pass (no mapping)            %8.0f trials/s%n", b);
        System.out.printf("[benchmark] LegacyXmlParser.parse (record + criteria)   %8.0f trials/s  ratio %.2f%n", p, p / b);
        System.out.printf("[benchmark] parse + ParsedTrial JSON (topic value)       %8.0f trials/s  ratio %.2f%n", s, s / b);
        System.out.printf("[benchmark] of which criteria extraction alone           %8.0f trials/s  (%.0f %% of parse time)%n",
                c, 100.0 * p / c);
        System.out.printf("[benchmark] parse without criteria extraction (derived)   %8.0f trials/s  ratio %.2f%n",
                1 / (1 / p - 1 / c), 1 / (1 / p - 1 / c) / b);
    }

    private static long staxPass(XMLInputFactory f, List<byte[]> docs) {
        long events = 0;
        try {
            for (byte[] d : docs) {
                XMLStreamReader r = f.createXMLStreamReader(new ByteArrayInputStream(d));
                while (r.hasNext()) {
                    r.next();
                    events++;
                }
                r.close();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return events;
    }

    private static long parse(LegacyXmlParser parser, List<byte[]> docs) {
        long n = 0;
        for (byte[] d : docs) {
            n += parser.parse(d).size();
        }
        return n;
    }

    private static long parseAndSerialise(LegacyXmlParser parser, List<byte[]> docs) {
        long n = 0;
        try {
            for (byte[] d : docs) {
                for (TrialRecord r : parser.parse(d)) {
                    ParsedTrial value = new ParsedTrial(ParsedTrial.SCHEMA_VERSION, r, new Provenance(
                            Provenance.SourceFormat.CTGOV_LEGACY_XML, null, null, LegacyXmlParser.PARSER_VERSION, Instant.EPOCH));
                    n += ContractJson.mapper().writeValueAsBytes(value).length;
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return n;
    }

    /** StructuredCriteria.of on items already split, as the parsers call it: the criteria extraction's own share. */
    private static long extractCriteria(List<Eligibility> eligibility) {
        long n = 0;
        for (Eligibility e : eligibility) {
            if (e != null) {
                n += StructuredCriteria.of(e.sex(), e.minimumAgeBound(), e.maximumAgeBound(), e.inclusion(), e.exclusion()).size();
            }
        }
        return n;
    }

    private interface Work {
        long run();
    }

    private static long sink;

    private static double rate(int trials, Work work) {
        long start = System.nanoTime();
        sink += work.run();
        long elapsed = System.nanoTime() - start;
        return trials / (elapsed / 1e9);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
