package io.trialstream.ingest.criteria;

import io.trialstream.contracts.Concept;
import io.trialstream.contracts.Criterion;
import io.trialstream.contracts.Criterion.Kind;
import io.trialstream.contracts.Criterion.Operator;
import io.trialstream.contracts.Criterion.Polarity;
import io.trialstream.contracts.Criterion.TimeWindow;

import java.util.List;

/**
 * A criterion a rule has found, before its polarity is settled and its id given. Mutable on purpose: the extractor
 * adjusts span, confidence and polarity in later passes (exceptions, negation, disjunctions).
 */
final class Finding {

    /** How the criterion's polarity follows from the item. */
    enum Reading {
        /** A limit ("ANC ≥ 1.5"): the list's polarity, whatever negation words surround it. */
        LIMIT,
        /** A fact that is present or absent ("HIV infection"): negation words around it decide. */
        PRESENCE,
        /** Something a patient needs ("informed consent", "contraception"): "No consent" under exclusion means required. */
        NEED
    }

    final Kind kind;
    final Reading reading;
    String parameter;
    Operator operator;
    Double value;
    Double valueHigh;
    String unit;
    Double ulnMultiple;
    TimeWindow window;
    List<Concept> concepts;
    int start;
    int end;
    double confidence;
    Polarity polarity;
    /** "at least 4 weeks since prior chemotherapy": the window turns the item's requirement into an exclusion. */
    boolean windowInvertsPolarity;
    /** Qualifiers narrow the phrase ("uncontrolled hypertension"): typed only while the criterion is REQUIRED. */
    boolean narrowed;
    /** The rule read a negative result itself ("negative pregnancy test", "HIV-negative", "EGFR wild-type"). */
    boolean statusNegative;
    /** The rule read an explicit positive result next to the phrase ("HR-positive"): a negation after it is another's. */
    boolean statusPositive;
    /** A bare value only an inclusion list gives a direction to ("life expectancy of 3 months"). */
    boolean inclusionOnly;
    /**
     * Required alternatives this finding is one of ("A or B"), shared by all members in text order; null when it
     * stands alone. The group becomes one UNPARSED criterion whose {@code anyOf} lists the members.
     */
    List<Finding> alternatives;
    /** Where the anchor phrase (the lab name, the condition) is: used for negation scope. */
    int anchorStart;
    int anchorEnd;

    Finding(Kind kind, Reading reading, String parameter, int start, int end, double confidence) {
        this.kind = kind;
        this.reading = reading;
        this.parameter = parameter;
        this.start = start;
        this.end = end;
        this.anchorStart = start;
        this.anchorEnd = end;
        this.confidence = confidence;
    }

    Finding anchor(int anchorStart, int anchorEnd) {
        this.anchorStart = anchorStart;
        this.anchorEnd = anchorEnd;
        return this;
    }

    Finding compare(Operator op, Double value, Double high, String unit) {
        this.operator = op;
        this.value = value;
        this.valueHigh = high;
        this.unit = unit;
        return this;
    }

    Finding present() {
        this.operator = Operator.PRESENT;
        return this;
    }

    Finding concepts(List<Concept> concepts) {
        this.concepts = concepts == null || concepts.isEmpty() ? null : concepts;
        return this;
    }

    boolean overlaps(int s, int e) {
        return start < e && s < end;
    }

    Criterion toCriterion(String id, String itemId, ItemText text) {
        return new Criterion(id, kind, polarity, parameter, operator, value, valueHigh, unit, ulnMultiple, window,
                concepts, itemId, new Criterion.Span(start, end), text.rawSlice(start, end),
                Math.round(confidence * 100) / 100.0);
    }

    /** Same meaning (not the same span): used to drop repeats such as "ECOG 0-1 (ECOG 0 or 1)". */
    boolean sameMeaning(Finding o) {
        return kind == o.kind && polarity == o.polarity && java.util.Objects.equals(parameter, o.parameter)
                && operator == o.operator && java.util.Objects.equals(value, o.value)
                && java.util.Objects.equals(valueHigh, o.valueHigh) && java.util.Objects.equals(unit, o.unit)
                && java.util.Objects.equals(ulnMultiple, o.ulnMultiple) && java.util.Objects.equals(window, o.window);
    }
}
