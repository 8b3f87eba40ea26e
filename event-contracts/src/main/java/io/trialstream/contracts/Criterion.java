package io.trialstream.contracts;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * One computable criterion extracted from an inclusion or exclusion item. {@code polarity} is the polarity of the
 * criterion itself (REQUIRED / EXCLUDED), independent of the list it came from. Text that cannot be typed stays as
 * kind {@code UNPARSED}, which always evaluates to UNKNOWN.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Criterion(
        String id,
        Kind kind,
        Polarity polarity,
        String parameter,
        Operator operator,
        Double value,
        Double valueHigh,
        String unit,
        Double ulnMultiple,
        TimeWindow window,
        List<Concept> concepts,
        String sourceItemId,
        Span span,
        String text,
        Double confidence,
        List<Criterion> anyOf) {

    /**
     * A criterion without alternatives. {@code anyOf} (v1 addition) is set only on an UNPARSED criterion that
     * stands for required alternatives ("creatinine ≤ 1.5 mg/dL or creatinine clearance ≥ 60 mL/min"): it holds when
     * any of its typed members holds. A consumer that does not read {@code anyOf} sees an UNPARSED criterion and
     * evaluates it to UNKNOWN, which is the safe fallback.
     */
    public Criterion(String id, Kind kind, Polarity polarity, String parameter, Operator operator, Double value,
                     Double valueHigh, String unit, Double ulnMultiple, TimeWindow window, List<Concept> concepts,
                     String sourceItemId, Span span, String text, Double confidence) {
        this(id, kind, polarity, parameter, operator, value, valueHigh, unit, ulnMultiple, window, concepts, sourceItemId,
                span, text, confidence, null);
    }

    public enum Kind {
        AGE, SEX, CONDITION, PERFORMANCE_STATUS, LAB, ORGAN_FUNCTION, PREGNANCY, BREASTFEEDING, CONTRACEPTION,
        INFECTION, GVHD, THERAPY, PROCEDURE, LIFE_EXPECTANCY, DISEASE_STATUS, BIOMARKER, CONSENT,
        /** Also what a reader sees for a kind added after it was built (additive evolution). */
        @JsonEnumDefaultValue UNPARSED
    }

    public enum Polarity { REQUIRED, EXCLUDED }

    public enum Operator { LT, LE, EQ, GE, GT, BETWEEN, PRESENT }

    /** A time window relative to evaluation time, e.g. "within 6 months" = {amount 6, unit MONTH, WITHIN}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TimeWindow(Double amount, String unit, String relation) {
    }

    /** Character offsets of the criterion's text inside its source item. */
    public record Span(int start, int end) {
    }
}
