package io.trialstream.ingest.criteria.corpus;

import io.trialstream.contracts.Criterion;
import io.trialstream.contracts.Criterion.Kind;
import io.trialstream.contracts.Criterion.Operator;
import io.trialstream.ingest.criteria.corpus.GoldCriterion.Direction;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Precision and recall per kind of extracted criteria against a corpus's gold criteria.
 * <p>
 * A match is: the same item, the same kind (THERAPY and PROCEDURE count for each other: corpora label chemotherapy
 * as a drug or as a procedure), and
 * <ul>
 * <li>for numeric kinds: the same parameter (analyte; ECOG and WHO are one scale), a compatible bound direction
 * (≥/> with a lower bound, ≤/< with an upper bound, BETWEEN with a range; a direction the corpus lost matches any),
 * and, where the corpus states numbers, the same value(s) within 2% after unit normalisation (or the same multiple
 * of ULN);</li>
 * <li>for presence kinds: overlapping character spans, and the same parameter for INFECTION (HIV, HBV, HCV, TB,
 * active infection) and SEX.</li>
 * </ul>
 * Precision = predictions that match some gold criterion / predictions; recall = gold criteria matched by some
 * prediction / gold criteria. Polarity is scored separately (Chia only): the share of matched predictions whose
 * polarity equals the gold's.
 */
public final class AccuracyScorer {

    public static final class Tally {
        public int predicted;
        public int matched;
        public int polarityAgrees;
        public int gold;
        public int found;
        public final List<String> falsePositives = new ArrayList<>();
        public final List<String> falseNegatives = new ArrayList<>();
        public final List<String> polarityErrors = new ArrayList<>();

        public double precision() {
            return predicted == 0 ? Double.NaN : matched / (double) predicted;
        }

        public double recall() {
            return gold == 0 ? Double.NaN : found / (double) gold;
        }
    }

    private final Map<Kind, Tally> tallies = new EnumMap<>(Kind.class);
    private final boolean valuesKnown;
    private final boolean polarityKnown;

    public AccuracyScorer(boolean valuesKnown, boolean polarityKnown) {
        this.valuesKnown = valuesKnown;
        this.polarityKnown = polarityKnown;
    }

    public Map<Kind, Tally> tallies() {
        return tallies;
    }

    public void score(CorpusItem item, List<Criterion> extracted) {
        // required alternatives count as the typed criteria they are (the group itself is UNPARSED)
        List<Criterion> predicted = extracted.stream()
                .flatMap(c -> c.anyOf() == null ? java.util.stream.Stream.of(c) : c.anyOf().stream()).toList();
        for (Criterion c : predicted) {
            if (c.kind() == Kind.UNPARSED) {
                continue;
            }
            Tally t = tallies.computeIfAbsent(c.kind(), k -> new Tally());
            t.predicted++;
            GoldCriterion hit = null;
            boolean polarityOk = false;
            for (GoldCriterion g : item.gold()) {
                if (matches(c, g)) {
                    hit = g;
                    if (g.polarity() == null || g.polarity() == c.polarity()) {
                        polarityOk = true;
                    }
                }
            }
            if (hit != null) {
                t.matched++;
                if (polarityOk) {
                    t.polarityAgrees++;
                } else if (t.polarityErrors.size() < 400) {
                    t.polarityErrors.add(item.id() + " | " + describe(c) + " | gold " + hit.polarity() + " | " + item.text());
                }
            } else if (t.falsePositives.size() < 400) {
                t.falsePositives.add(item.id() + " | " + describe(c) + " | " + item.text());
            }
        }
        for (GoldCriterion g : item.gold()) {
            Tally t = tallies.computeIfAbsent(g.kind(), k -> new Tally());
            t.gold++;
            boolean found = false;
            for (Criterion c : predicted) {
                if (c.kind() != Kind.UNPARSED && matches(c, g)) {
                    found = true;
                    break;
                }
            }
            if (found) {
                t.found++;
            } else if (t.falseNegatives.size() < 400) {
                t.falseNegatives.add(item.id() + " | " + g.kind() + " " + g.parameter() + " " + g.direction() + " "
                        + g.values() + (g.uln() ? " xULN" : "") + " «" + g.text() + "» | " + item.text());
            }
        }
    }

    boolean matches(Criterion c, GoldCriterion g) {
        boolean kindOk = c.kind() == g.kind() || (c.kind() == Kind.THERAPY || c.kind() == Kind.PROCEDURE)
                && (g.kind() == Kind.THERAPY || g.kind() == Kind.PROCEDURE);
        if (!kindOk) {
            return false;
        }
        if (g.numeric()) {
            return numericMatch(c, g);
        }
        if (g.parameter() != null && (g.kind() == Kind.INFECTION || g.kind() == Kind.SEX)) {
            String ours = c.kind() == Kind.SEX ? c.concepts().get(0).code() : c.parameter();
            if (!g.parameter().equals(ours)) {
                return false;
            }
        }
        for (int[] s : g.spans()) {
            if (c.span().start() < s[1] && s[0] < c.span().end()) {
                return true;
            }
        }
        return false;
    }

    private boolean numericMatch(Criterion c, GoldCriterion g) {
        String ours = c.parameter();
        String theirs = g.parameter();
        boolean ecogFamily = ("ECOG".equals(ours) || "WHO".equals(ours)) && ("ECOG".equals(theirs) || "WHO".equals(theirs));
        boolean kpsFamily = ("KARNOFSKY".equals(ours) || "LANSKY".equals(ours))
                && ("KARNOFSKY".equals(theirs) || "LANSKY".equals(theirs));
        if (!theirs.equals(ours) && !ecogFamily && !kpsFamily) {
            return false;
        }
        Direction d = direction(c);
        if (g.direction() != null && d != g.direction()) {
            boolean partialRange = g.direction() == Direction.RANGE && (d == Direction.LOWER || d == Direction.UPPER);
            boolean singleValueRange = d == Direction.RANGE && g.values().size() == 1 && ecogFamily;
            if (!partialRange && !singleValueRange) {
                return false;
            }
        }
        if (!valuesKnown || g.values().isEmpty()) {
            return true;
        }
        if (g.uln() != (c.ulnMultiple() != null)) {
            return false;
        }
        List<Double> gv = g.values();
        double min = gv.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        double max = gv.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        if (c.operator() == Operator.BETWEEN) {
            return close(c.value(), min) && close(c.valueHigh(), max)
                    || gv.size() == 1 && (close(c.valueHigh(), max) && c.value() == 0);
        }
        double v = c.ulnMultiple() != null ? c.ulnMultiple() : ours(c);
        for (double x : gv) {
            if (close(v, x)) {
                return true;
            }
        }
        return false;
    }

    private static double ours(Criterion c) {
        if (c.kind() == Kind.LIFE_EXPECTANCY) {
            return switch (c.unit()) {
                case "a" -> c.value() * 52.18;
                case "mo" -> c.value() * 4.345;
                case "d" -> c.value() / 7;
                default -> c.value();
            };
        }
        return c.value();
    }

    private static boolean close(Double a, double b) {
        return a != null && Math.abs(a - b) <= Math.max(0.02 * Math.abs(b), 0.011);
    }

    private static Direction direction(Criterion c) {
        return switch (c.operator()) {
            case GE, GT -> Direction.LOWER;
            case LE, LT -> Direction.UPPER;
            case BETWEEN -> Direction.RANGE;
            default -> null;
        };
    }

    static String describe(Criterion c) {
        StringBuilder b = new StringBuilder();
        b.append(c.kind()).append(' ').append(c.polarity()).append(' ').append(c.parameter());
        if (c.operator() != null && c.operator() != Operator.PRESENT) {
            b.append(' ').append(c.operator()).append(' ');
            if (c.ulnMultiple() != null) {
                b.append(c.ulnMultiple()).append("xULN");
            } else {
                b.append(c.value()).append(c.valueHigh() != null ? "-" + c.valueHigh() : "").append(' ').append(c.unit());
            }
        }
        if (c.window() != null) {
            b.append(" window ").append(c.window().amount()).append(c.window().unit());
        }
        b.append(" «").append(c.text()).append('»');
        return b.toString();
    }

    /** Markdown rows: kind | predicted | precision | gold | recall | polarity. */
    public String table(List<Kind> kinds) {
        StringBuilder b = new StringBuilder();
        b.append("| kind | typed | precision | gold | recall |").append(polarityKnown ? " polarity agrees |" : "").append('\n');
        b.append("|---|---:|---:|---:|---:|").append(polarityKnown ? "---:|" : "").append('\n');
        for (Kind k : kinds) {
            Tally t = tallies.getOrDefault(k, new Tally());
            // with fewer than 10 gold criteria the corpus does not label the kind: precision would measure the labels
            double precision = t.gold < 10 ? Double.NaN : t.precision();
            b.append("| ").append(k).append(" | ").append(t.predicted).append(" | ").append(fmt(precision))
                    .append(" | ").append(t.gold).append(" | ").append(fmt(t.recall())).append(" |");
            if (polarityKnown) {
                b.append(' ').append(t.matched == 0 ? "–" : fmt(t.polarityAgrees / (double) t.matched)).append(" |");
            }
            b.append('\n');
        }
        return b.toString();
    }

    /** Micro-averaged precision and recall over the given kinds. */
    public double[] micro(List<Kind> kinds) {
        int p = 0;
        int m = 0;
        int g = 0;
        int f = 0;
        for (Kind k : kinds) {
            Tally t = tallies.getOrDefault(k, new Tally());
            p += t.predicted;
            m += t.matched;
            g += t.gold;
            f += t.found;
        }
        return new double[]{p == 0 ? Double.NaN : m / (double) p, g == 0 ? Double.NaN : f / (double) g, p, g};
    }

    static String fmt(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.2f", v);
    }
}
