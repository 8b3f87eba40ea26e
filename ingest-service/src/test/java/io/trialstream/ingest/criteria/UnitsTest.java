package io.trialstream.ingest.criteria;

import io.trialstream.contracts.Criterion.Operator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The pieces under the lab rule: numbers and comparators in words and symbols, units in UCUM, conversions. */
class UnitsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "≥ 1,500/µL            | GE      | 1500  |      | /uL",
            "at least 70%          | GE      | 70    |      | %",
            "less than or equal to 2.5 x ULN | LE | 2.5 |   | ULN",
            "> or = to 11.5g/dL    | GE      | 11.5  |      | g/dL",
            "between 18 and 75 years | BETWEEN | 18  | 75   | a",
            "0-2                   | BETWEEN | 0     | 2    |",
            "18 years or older     | GE      | 18    |      | a",
            "no more than 3 × ULN  | LE      | 3     |      | ULN",
            "greater than three (3) months | GT | 3  |      | mo",
            "≥ 1.5 x 10^9/L        | GE      | 1.5   |      | 10*9/L",
            "≤ 1,5 mg/dl           | LE      | 1.5   |      | mg/dL",
            "< 100.000/µl          | LT      | 100   |      | /uL",
            ">_3500/mm3            | GE      | 3500  |      | /uL",
            "≤ ULN                 | LE      | 1     |      | ULN",
            "≥ 60 mL/min/1.73 m²   | GE      | 60    |      | mL/min/{1.73_m2}",
            "up to 4 weeks         | LE      | 4     |      | wk"})
    void readsComparisonsInWordsAndSymbols(String text, String op, double value, Double high, String unit) {
        ItemText t = new ItemText(text.strip());
        ComparisonText.Comparison c = ComparisonText.at(t.folded, 0, t.length());
        assertThat(c).isNotNull();
        assertThat(c.op()).isEqualTo(Operator.valueOf(op));
        assertThat(c.value()).isCloseTo(value, within(1e-9));
        assertThat(c.high()).isEqualTo(high);
        UnitText.Match u = c.effectiveUnit();
        if (unit == null) {
            assertThat(u).isNull();
        } else if (unit.equals("ULN")) {
            assertThat(u.type()).isEqualTo(UnitText.Type.ULN);
        } else {
            assertThat(u.ucum()).contains(unit);
        }
    }

    @Test
    void listsOfScoresAreReadAsTheirValues() {
        ItemText t = new ItemText("0, 1 or 2");
        assertThat(ComparisonText.at(t.folded, 0, t.length()).values()).containsExactly(0.0, 1.0, 2.0);
    }

    @Test
    void tokensThatOnlyLookNumericAreNoNumbers() {
        for (String s : new String[]{"1st", "5q", "t790m", "cd34", "3rd"}) {
            ItemText t = new ItemText(s);
            assertThat(ComparisonText.number(t.folded, 0, t.length())).as(s).isNull();
        }
    }

    @ParameterizedTest(name = "{0} {1} -> {3} {2}")
    @CsvSource({
            "1500, /uL, 10*9/L, 1.5",
            "100, 10*3/uL, 10*9/L, 100",
            "90, g/L, g/dL, 9",
            "1, mL/s, mL/min, 60",
            "25, umol/L, mg/dL, 1.4617",
            "133, umol/L, mg/dL, 1.5045"})
    void convertsWithUcumAndMolarMasses(double value, String from, String to, double expected) {
        Double molar = from.equals("umol/L") ? (expected < 1.48 ? UcumUnits.molarMass("BILIRUBIN_TOTAL")
                : UcumUnits.molarMass("CREATININE")) : null;
        assertThat(UcumUnits.convert(value, from, to, molar).orElseThrow()).isCloseTo(expected, within(0.001));
    }

    @Test
    void refusesToConvertWhatMeasuresSomethingElse() {
        assertThat(UcumUnits.convert(5, "mg/dL", "10*9/L", null)).isEmpty();
        assertThat(UcumUnits.convert(5, "umol/L", "mg/dL", null)).isEmpty();
        assertThat(UcumUnits.commensurable("%", "ms")).isFalse();
    }

    @Test
    void unitsWrittenOneWayForManyMeaningsKeepEveryReading() {
        ItemText t = new ItemText("g/l");
        assertThat(UnitText.at(t.folded, 0, t.length()).ucum()).isEqualTo(List.of("g/L", "10*9/L"));
    }
}
