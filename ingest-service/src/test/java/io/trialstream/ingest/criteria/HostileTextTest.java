package io.trialstream.ingest.criteria;

import io.trialstream.contracts.Criterion;
import io.trialstream.contracts.Criterion.Kind;
import io.trialstream.contracts.Criterion.Polarity;
import io.trialstream.contracts.Eligibility.CriterionItem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Item text is untrusted: long, repetitive, half-numeric strings built to make pattern matching backtrack must
 * still be extracted, correctly shaped, without hanging. No timing assertion: a generous timeout only catches a
 * catastrophic blow-up.
 */
class HostileTextTest {

    static Stream<String> hostile() {
        int n = 19_000; // just under the length above which an item is not typed at all
        return Stream.of(
                "≥ ".repeat(n / 2),
                "1,".repeat(n / 2),
                "(".repeat(n),
                "1.1.".repeat(n / 4),
                "x 10^9/".repeat(n / 7),
                "less than or equal to ".repeat(n / 22),
                "a".repeat(n),
                "AST/ALT/".repeat(n / 8),
                "- ".repeat(n / 2),
                "9".repeat(n),
                "within the last ".repeat(n / 16),
                "hepatitis b or c ".repeat(n / 17),
                "age ≥ 18 years or ".repeat(n / 18),
                "ECOG 0, 1, 2, ".repeat(n / 14),
                "active bacterial, viral, or ".repeat(n / 28),
                "unless if except when ".repeat(n / 22),
                "((((AST (SGOT) and ".repeat(n / 19),
                "ULN x ULN times ".repeat(n / 16),
                "\u2265\u2264<>=/".repeat(n / 6),
                "no not without never ".repeat(n / 21),
                "1 to 2 to 3 to ".repeat(n / 15),
                "platelets ≥ 100,000,000,000,".repeat(n / 29));
    }

    @ParameterizedTest
    @MethodSource("hostile")
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void extractsHostileItemsWithoutHanging(String text) {
        for (Polarity list : Polarity.values()) {
            List<Criterion> criteria = CriteriaExtractor.standard().extract(new CriterionItem("x", text), list);
            assertWellFormed(text, criteria);
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void extractsRandomCriteriaLikeNoise() {
        Random random = new Random(20261121);
        String[] pieces = {"≥", "≤", "<", ">", "=", " ", ",", ";", ".", "(", ")", "/", "-", "x", "10^9", "ULN", "1", "5",
                "0.5", "1,500", "mg/dL", "µmol/L", "%", "years", "weeks", "ECOG", "KPS", "ANC", "AST", "ALT", "bilirubin",
                "no", "not", "without", "unless", "except", "if", "or", "and", "prior", "within", "since", "at least",
                "HIV", "hepatitis B", "pregnant", "GVHD", "grade", "II-IV", "CR1", "AML", "chemotherapy", "transplant",
                "EGFR", "PD-L1", "consent", "contraception", "life expectancy", "age", "female", "months", "half-lives"};
        for (int round = 0; round < 400; round++) {
            StringBuilder b = new StringBuilder();
            int len = 1 + random.nextInt(round < 380 ? 60 : 3000);
            for (int i = 0; i < len; i++) {
                b.append(pieces[random.nextInt(pieces.length)]);
                if (random.nextBoolean()) {
                    b.append(' ');
                }
            }
            String text = b.toString();
            Polarity list = random.nextBoolean() ? Polarity.REQUIRED : Polarity.EXCLUDED;
            assertWellFormed(text, CriteriaExtractor.standard().extract(new CriterionItem("r" + round, text), list));
        }
    }

    @Test
    void anItemTooLongToTypeStaysOneUnparsedCriterion() {
        String text = "ANC ≥ 1500/µL. ".repeat(2_000);
        List<Criterion> criteria = CriteriaExtractor.standard().extract(new CriterionItem("long", text), Polarity.REQUIRED);
        assertThat(criteria).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEqualTo(Kind.UNPARSED);
            assertThat(c.text()).isEqualTo(text);
        });
    }

    private static void assertWellFormed(String text, List<Criterion> criteria) {
        Set<String> ids = new HashSet<>();
        for (Criterion c : criteria) {
            assertThat(ids.add(c.id())).as("unique id %s", c.id()).isTrue();
            assertThat(c.span().start()).isBetween(0, text.length());
            assertThat(c.span().end()).isBetween(c.span().start(), text.length());
            assertThat(c.text()).isEqualTo(text.substring(c.span().start(), c.span().end()));
            assertThat(c.confidence()).isBetween(0.0, 1.0);
            assertThat(c.polarity()).isNotNull();
        }
    }
}
