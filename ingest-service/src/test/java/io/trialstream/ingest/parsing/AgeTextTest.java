package io.trialstream.ingest.parsing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class AgeTextTest {

    @ParameterizedTest(name = "registry age \"{0}\" is {1} years")
    @CsvSource({
            "18 Years, 18.0",
            "1 Year, 1.0",
            "6 Months, 0.5",
            "'  65 years ', 65.0",
    })
    void registryAgesBecomeYears(String text, double years) {
        assertThat(AgeText.toBound(text).years()).isCloseTo(years, within(1e-9));
        assertThat(AgeText.toBound(text).inclusive()).isTrue();
    }

    @Test
    void notApplicableStatesNoLimit() {
        assertThat(AgeText.toBound("N/A")).isNull();
        assertThat(AgeText.toBound(null)).isNull();
        assertThat(AgeText.toBound("")).isNull();
    }

    @ParameterizedTest(name = "\"{0}\" → min {1}, max {2}")
    @CsvSource(nullValues = "-", value = {
            // strictly older than N: every completed age of N or more, except the birthday itself → inclusive N
            "Be older than 18 years old, 18, -",
            "Over 14 years old, 14, -",
            "older than 18, 18, -",
            "Age > 18 years, 18, -",
            // inclusive lower bounds
            "Age ≥ 18 years, 18, -",
            "Age >= 18 years, 18, -",
            "18 years or older, 18, -",
            "Patients aged 18 years and over, 18, -",
            "at least 18 years of age, 18, -",
            "minimum age of 16 years, 16, -",
            "18+ years old, 18, -",
            "Adults 18+ years, 18, -",
            // strictly younger than N: completed ages up to N - 1
            "under 65 years old, -, 64",
            "younger than 75 years, -, 74",
            "< 70 years of age, -, 69",
            // inclusive upper bounds
            "Aged up to 17 years, -, 17",
            "65 years of age or younger, -, 65",
            "no older than 80 years, -, 80",
            "age ≤ 75 years, -, 75",
            // ranges are inclusive at both ends
            "Age 18 - 75 years, 18, 75",
            "aged between 18 and 65 years, 18, 65",
            "Adults aged 18 to 70, 18, 70",
    })
    void proseAgesGiveInclusiveCompletedYearBounds(String text, Double min, Double max) {
        AgeText.Statement s = AgeText.statement(text, false);
        assertThat(s).as(text).isNotNull();
        assertThat(s.minimum() == null ? null : s.minimum().years()).as("min of " + text).isEqualTo(min);
        assertThat(s.maximum() == null ? null : s.maximum().years()).as("max of " + text).isEqualTo(max);
    }

    @Test
    void bothBoundsInOneSentenceAreKeptAsStated() {
        AgeText.Statement s = AgeText.statement("Over 14 years old, under 65 years old.", false);
        assertThat(s.minimumText()).isEqualTo("Over 14 years old");
        assertThat(s.maximumText()).isEqualTo("under 65 years old");
        assertThat(s.minimum().years()).isEqualTo(14.0);
        assertThat(s.maximum().years()).isEqualTo(64.0);
        assertThat(s.onlyAge()).isTrue();
    }

    @Test
    void monthsAreConvertedAndStrictUpperBoundsDropOneUnit() {
        AgeText.Statement s = AgeText.statement("children younger than 18 months", false);
        assertThat(s.maximum().years()).isCloseTo(17 / 12.0, within(1e-9));
    }

    @Test
    void numbersThatAreNotAgesAreNotAges() {
        assertThat(AgeText.statement("at least 2 years after menopause", false)).isNull();
        assertThat(AgeText.statement("Life expectancy of more than 3 months", false)).isNull();
        assertThat(AgeText.statement("ECOG performance status 0-2", false)).isNull();
        assertThat(AgeText.statement("Creatinine clearance > 60 mL/min", false)).isNull();
    }

    @Test
    void anItemThatAlsoStatesOtherThingsIsNotAnAgeOnlyItem() {
        assertThat(AgeText.statement("Age ≥ 18 years and ECOG 0-1", false).onlyAge()).isFalse();
        assertThat(AgeText.statement("Children under 12 are excluded", false).onlyAge()).isFalse();
        AgeText.Statement withEcog = AgeText.statement("Age ≥ 18 years and ECOG ≤ 2 or 0-1", false);
        assertThat(withEcog.minimum().years()).isEqualTo(18.0);
        assertThat(withEcog.maximum()).as("ECOG is no age").isNull();
        assertThat(AgeText.statement("no older than 80 years", false).onlyAge()).isTrue();
    }

    @Test
    void underAnAgesHeadingTheWordAgeIsImplied() {
        AgeText.Statement s = AgeText.statement("18 - 80 years", true);
        assertThat(s.minimum().years()).isEqualTo(18.0);
        assertThat(s.maximum().years()).isEqualTo(80.0);
        assertThat(AgeText.statement("18 - 80 years", false)).isNull();
    }
}
