package io.trialstream.ingest.criteria.corpus;

import io.trialstream.contracts.Criterion;
import io.trialstream.contracts.Criterion.Kind;
import io.trialstream.contracts.Criterion.Polarity;
import io.trialstream.contracts.Eligibility.CriterionItem;
import io.trialstream.ingest.criteria.CriteriaExtractor;
import io.trialstream.testsupport.SharedData;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Measures criteria extraction against the annotated corpora in the shared data (Chia; the Facebook parser's NER
 * test split) and extraction throughput, and writes the results to {@code target/criteria-accuracy/} (report and
 * error samples). Skips when the shared data is absent. Asserts only what keeps the measurement honest (the corpora
 * were read, gold criteria exist) and the bar where the measurement has enough support: precision ≥ 0.90 on
 * the numeric kinds typed in Chia.
 */
@Tag("corpus")
class CriteriaAccuracyTest {

    static final List<Kind> NUMERIC = List.of(Kind.AGE, Kind.LAB, Kind.PERFORMANCE_STATUS, Kind.ORGAN_FUNCTION,
            Kind.LIFE_EXPECTANCY);
    static final List<Kind> PRESENCE = List.of(Kind.SEX, Kind.PREGNANCY, Kind.BREASTFEEDING, Kind.CONTRACEPTION,
            Kind.CONSENT, Kind.INFECTION, Kind.GVHD, Kind.CONDITION, Kind.THERAPY, Kind.PROCEDURE,
            Kind.DISEASE_STATUS, Kind.BIOMARKER);
    private static final Path OUT = Path.of("target", "criteria-accuracy");

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void chia() throws IOException {
        var folder = SharedData.resolve("chia-corpus/chia_with_scope");
        assumeTrue(folder.isPresent(), "shared data (chia-corpus) absent");
        List<CorpusItem> items = ChiaCorpus.load(folder.get());
        AccuracyScorer scorer = run(items, CriteriaExtractor.standard(), true, true);
        long inc = items.stream().filter(i -> i.listPolarity() == Polarity.REQUIRED).count();
        write("chia", items, scorer, String.format(Locale.ROOT,
                "Chia (chia_with_scope): %d items (%d inclusion, %d exclusion lines) of 1,000 trials%n", items.size(),
                inc, items.size() - inc));
        assertThat(items).hasSizeGreaterThan(10_000);
        assertThat(scorer.tallies().get(Kind.LAB).gold).isGreaterThan(500);
        for (Kind k : NUMERIC) {
            AccuracyScorer.Tally t = scorer.tallies().get(k);
            if (t != null && t.predicted >= 30) {
                assertThat(t.precision()).as("precision of %s on Chia", k).isGreaterThanOrEqualTo(0.90);
            }
        }
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void facebookNer() throws IOException {
        var tsv = SharedData.resolve("fb-clinical-trial-parser-ner/data/ner/test_processed_medical_ner.tsv");
        assumeTrue(tsv.isPresent(), "shared data (fb-clinical-trial-parser-ner) absent");
        List<CorpusItem> items = FacebookNerCorpus.load(tsv.get());
        // numbers are masked in this corpus: the plausibility check of values cannot apply
        AccuracyScorer scorer = run(items, new CriteriaExtractor(new CriteriaExtractor.Options(false)), false, false);
        write("facebook", items, scorer, String.format(Locale.ROOT,
                "Facebook Clinical-Trial-Parser NER, test split: %d items (numbers masked)%n", items.size()));
        assertThat(items).hasSizeGreaterThan(4_000);
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void throughput() throws IOException {
        var chia = SharedData.resolve("chia-corpus/chia_with_scope");
        assumeTrue(chia.isPresent(), "shared data (chia-corpus) absent");
        List<CriterionItem> items = new ArrayList<>();
        for (CorpusItem i : ChiaCorpus.load(chia.get())) {
            items.add(new CriterionItem(i.id(), i.text()));
        }
        CriteriaExtractor extractor = CriteriaExtractor.standard();
        long sink = 0;
        // warm-up, then alternate measured rounds so that JIT and GC affect both sides alike
        for (int r = 0; r < 3; r++) {
            sink += extract(extractor, items) + tokenise(items);
        }
        long extractNanos = 0;
        long tokeniseNanos = 0;
        int rounds = 5;
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            sink += extract(extractor, items);
            long t1 = System.nanoTime();
            sink += tokenise(items);
            long t2 = System.nanoTime();
            extractNanos += t1 - t0;
            tokeniseNanos += t2 - t1;
        }
        double extractRate = items.size() * (double) rounds / (extractNanos / 1e9);
        double tokeniseRate = items.size() * (double) rounds / (tokeniseNanos / 1e9);
        String report = String.format(Locale.ROOT, "items per round: %d, rounds: %d%n"
                        + "extraction: %.0f items/s%nbaseline (lower-case + regex word split + sentence split): %.0f items/s%n"
                        + "ratio extraction/baseline: %.3f%n(sink %d)%n",
                items.size(), rounds, extractRate, tokeniseRate, extractRate / tokeniseRate, sink);
        Files.createDirectories(OUT);
        Files.writeString(OUT.resolve("throughput.txt"), report);
        System.out.println(report);
        assertThat(sink).isPositive();
    }

    private static long extract(CriteriaExtractor extractor, List<CriterionItem> items) {
        long n = 0;
        for (CriterionItem item : items) {
            n += extractor.extract(item, Polarity.REQUIRED).size();
        }
        return n;
    }

    private static final java.util.regex.Pattern WORDS = java.util.regex.Pattern.compile("[\\p{L}\\p{N}]+");
    private static final java.util.regex.Pattern SENTENCES = java.util.regex.Pattern.compile("[.;]\\s+");

    /** The baseline: what any criteria parser does first — lower-case, split into words and sentences. */
    private static long tokenise(List<CriterionItem> items) {
        long n = 0;
        for (CriterionItem item : items) {
            String lower = item.text().toLowerCase(Locale.ROOT);
            var m = WORDS.matcher(lower);
            while (m.find()) {
                n++;
            }
            n += SENTENCES.split(lower).length;
        }
        return n;
    }

    private static AccuracyScorer run(List<CorpusItem> items, CriteriaExtractor extractor, boolean valuesKnown,
                                      boolean polarityKnown) {
        AccuracyScorer scorer = new AccuracyScorer(valuesKnown, polarityKnown);
        for (CorpusItem item : items) {
            Polarity list = item.listPolarity() == null ? Polarity.REQUIRED : item.listPolarity();
            List<Criterion> criteria = extractor.extract(new CriterionItem(item.id(), item.text()), list);
            scorer.score(item, criteria);
        }
        return scorer;
    }

    private static void write(String name, List<CorpusItem> items, AccuracyScorer scorer, String header) throws IOException {
        Files.createDirectories(OUT);
        double[] numeric = scorer.micro(NUMERIC);
        StringBuilder b = new StringBuilder(header);
        b.append(String.format(Locale.ROOT, "%nNumeric kinds, micro-averaged: precision %.2f, recall %.2f (%d typed, %d gold)%n%n",
                numeric[0], numeric[1], (long) numeric[2], (long) numeric[3]));
        b.append(scorer.table(NUMERIC)).append('\n').append(scorer.table(PRESENCE));
        Files.writeString(OUT.resolve(name + ".md"), b.toString());
        System.out.println(b);
        StringBuilder errors = new StringBuilder();
        for (Map.Entry<Kind, AccuracyScorer.Tally> e : scorer.tallies().entrySet()) {
            errors.append("\n## ").append(e.getKey()).append(" false positives\n");
            e.getValue().falsePositives.forEach(s -> errors.append(s).append('\n'));
            errors.append("\n## ").append(e.getKey()).append(" polarity errors\n");
            e.getValue().polarityErrors.forEach(s -> errors.append(s).append('\n'));
            errors.append("\n## ").append(e.getKey()).append(" false negatives\n");
            e.getValue().falseNegatives.forEach(s -> errors.append(s).append('\n'));
        }
        Files.writeString(OUT.resolve(name + "-errors.txt"), errors.toString());
    }
}
