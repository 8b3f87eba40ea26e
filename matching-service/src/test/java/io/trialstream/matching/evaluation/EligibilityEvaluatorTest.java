package io.trialstream.matching.evaluation;

import io.trialstream.contracts.Concept;
import io.trialstream.contracts.Criterion;
import io.trialstream.contracts.Criterion.Kind;
import io.trialstream.contracts.Criterion.Operator;
import io.trialstream.contracts.Criterion.Polarity;
import io.trialstream.contracts.Eligibility;
import io.trialstream.contracts.MatchEvent.Outcome;
import io.trialstream.contracts.MatchEvent.Verdict;
import io.trialstream.contracts.PatientEvent.Sex;
import io.trialstream.contracts.TrialRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EligibilityEvaluatorTest {
    static final LocalDate TODAY = LocalDate.of(2026, 6, 15);
    final EligibilityEvaluator evaluator = new EligibilityEvaluator();

    static Criterion age(Polarity polarity, Operator op, Double value, Double high) {
        return new Criterion("age", Kind.AGE, polarity, "age", op, value, high, "a", null, null, null, null, null, null, 1.0);
    }

    static Criterion sex(String sex) {
        return new Criterion("sex", Kind.SEX, Polarity.REQUIRED, "sex", Operator.EQ, null, null, null, null, null,
                List.of(new Concept(Concept.ADMINISTRATIVE_GENDER, sex.toLowerCase(), null)), null, null, null, 1.0);
    }

    static Criterion unparsed(Polarity polarity) {
        return new Criterion("inc-1", Kind.UNPARSED, polarity, null, null, null, null, null, null, null, null, "inc-1", null,
                "Adequate organ function", 0.0);
    }

    static TrialRecord trial(Criterion... criteria) {
        Eligibility e = new Eligibility("ALL", null, null, null, null, null, null, null, new ArrayList<>(List.of(criteria)));
        return new TrialRecord("NCT09990201", null, null, null, null, null, "RECRUITING", null, null, null, null, null,
                null, null, null, null, null, null, null, e, null, null, null, null, null);
    }

    static PatientFacts patient(LocalDate birth, Sex sex) {
        return new PatientFacts("p", birth, sex);
    }

    @ParameterizedTest(name = "born {0}: age 18-65 is {1}")
    @CsvSource({
            "2008-06-15, MET",      // 18th birthday today: inclusive lower bound
            "2008-06-16, NOT_MET",  // one day short of 18
            "1960-06-16, MET",      // 65 years and 364 days: still 65 in completed years
            "1960-06-15, NOT_MET",  // 66th birthday today
    })
    void ageBoundsAreInclusiveInCompletedYears(LocalDate birth, Outcome expected) {
        var ev = evaluator.evaluate(trial(age(Polarity.REQUIRED, Operator.BETWEEN, 18.0, 65.0)), patient(birth, Sex.FEMALE), TODAY);
        assertThat(ev.criteria().get(0).outcome()).isEqualTo(expected);
        assertThat(ev.verdict()).isEqualTo(expected == Outcome.MET ? Verdict.ELIGIBLE : Verdict.INELIGIBLE);
    }

    @Test
    void exclusionPolarityInvertsTheOutcome() {
        // "children under 12 are excluded": EXCLUDED age <= 11
        Criterion childrenExcluded = age(Polarity.EXCLUDED, Operator.LE, 11.0, null);
        assertThat(evaluator.evaluate(trial(childrenExcluded), patient(LocalDate.of(2020, 1, 1), Sex.MALE), TODAY).verdict())
                .isEqualTo(Verdict.INELIGIBLE);
        assertThat(evaluator.evaluate(trial(childrenExcluded), patient(LocalDate.of(1990, 1, 1), Sex.MALE), TODAY).verdict())
                .isEqualTo(Verdict.ELIGIBLE);
    }

    @Test
    void sexMustMatchAndUnknownSexIsUnknown() {
        assertThat(evaluator.evaluate(trial(sex("FEMALE")), patient(null, Sex.FEMALE), TODAY).verdict()).isEqualTo(Verdict.ELIGIBLE);
        assertThat(evaluator.evaluate(trial(sex("FEMALE")), patient(null, Sex.MALE), TODAY).verdict()).isEqualTo(Verdict.INELIGIBLE);
        var unknown = evaluator.evaluate(trial(sex("FEMALE")), patient(null, Sex.UNKNOWN), TODAY);
        assertThat(unknown.verdict()).isEqualTo(Verdict.POSSIBLY_ELIGIBLE);
        assertThat(unknown.neededInfo()).containsExactly("sex");
    }

    @Test
    void missingBirthDateAndUntypedTextArePossiblyEligibleWithNeededInfo() {
        var ev = evaluator.evaluate(trial(age(Polarity.REQUIRED, Operator.GE, 18.0, null), unparsed(Polarity.REQUIRED)),
                patient(null, Sex.FEMALE), TODAY);
        assertThat(ev.verdict()).isEqualTo(Verdict.POSSIBLY_ELIGIBLE);
        assertThat(ev.neededInfo()).containsExactly("birthDate", "review: Adequate organ function");
        assertThat(ev.score()).isEqualTo(0.0);
    }

    @Test
    void scoreIsTheShareOfCriteriaMetAndZeroWhenIneligible() {
        var ev = evaluator.evaluate(trial(age(Polarity.REQUIRED, Operator.GE, 18.0, null), unparsed(Polarity.EXCLUDED)),
                patient(LocalDate.of(1980, 1, 1), Sex.MALE), TODAY);
        assertThat(ev.score()).isEqualTo(0.5);
        assertThat(ev.criteria().get(0).evidence()).singleElement().satisfies(e -> assertThat(e.value()).isEqualTo("46"));
    }
}
