package io.trialstream.matching.vocabulary;

import io.trialstream.contracts.vocab.Analyte;
import org.fhir.ucum.Decimal;
import org.fhir.ucum.UcumEssenceService;
import org.fhir.ucum.UcumException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Converts lab values between units with the UCUM essence (org.fhir:ucum). Units in the wild are not always UCUM
 * ({@code 10^9/L}, {@code K/uL}, {@code IU/L}, {@code mg/dl}); the common spellings are normalised first.
 * <p>
 * UCUM cannot turn amount of substance into mass: that needs the molar mass of the analyte. The matcher knows it for
 * the analytes whose limits are stated both ways in trials: bilirubin 584.66 g/mol (µmol/L ↔ mg/dL: 1 mg/dL =
 * 17.1 µmol/L), creatinine 113.12 g/mol (1 mg/dL = 88.4 µmol/L), glucose 180.16, calcium 40.078, magnesium 24.305,
 * sodium 22.99, potassium 39.098, testosterone 288.42 and haemoglobin 16 114 g/mol (monomer; 1 g/dL = 0.6206 mmol/L).
 * {@code IU/L} is read as {@code U/L}: for enzymes the clinical labs use them interchangeably.
 * <p>
 * Every conversion used is linear (no temperature scales), so each unit pair is converted once and its factor cached.
 */
public final class UnitConversion {
    private static final UcumEssenceService UCUM = load();
    private static final Map<Analyte, Double> MOLAR_MASS = Map.of(
            Analyte.BILIRUBIN_TOTAL, 584.66, Analyte.BILIRUBIN_DIRECT, 584.66, Analyte.CREATININE, 113.12,
            Analyte.GLUCOSE, 180.16, Analyte.CALCIUM, 40.078, Analyte.MAGNESIUM, 24.305, Analyte.SODIUM, 22.99,
            Analyte.POTASSIUM, 39.098, Analyte.TESTOSTERONE, 288.42, Analyte.HEMOGLOBIN, 16114.0);
    private static final Map<String, String> SPELLINGS = Map.ofEntries(
            Map.entry("10^9/l", "10*9/L"), Map.entry("x10^9/l", "10*9/L"), Map.entry("x10e9/l", "10*9/L"),
            Map.entry("10e9/l", "10*9/L"), Map.entry("giga/l", "10*9/L"), Map.entry("g/l (cells)", "10*9/L"),
            Map.entry("10^3/ul", "10*3/uL"), Map.entry("x10^3/ul", "10*3/uL"), Map.entry("k/ul", "10*3/uL"),
            Map.entry("thou/ul", "10*3/uL"), Map.entry("10^3/mm3", "10*3/uL"), Map.entry("x10e3/ul", "10*3/uL"),
            Map.entry("10^12/l", "10*12/L"), Map.entry("10^6/ul", "10*6/uL"), Map.entry("m/ul", "10*6/uL"),
            Map.entry("cells/ul", "/uL"), Map.entry("/mm3", "/uL"), Map.entry("cells/mm3", "/uL"),
            Map.entry("iu/l", "U/L"), Map.entry("[iu]/l", "U/L"), Map.entry("u/l", "U/L"),
            Map.entry("mg/dl", "mg/dL"), Map.entry("g/dl", "g/dL"), Map.entry("ng/dl", "ng/dL"),
            Map.entry("ng/ml", "ng/mL"), Map.entry("mmol/l", "mmol/L"), Map.entry("umol/l", "umol/L"),
            Map.entry("mcmol/l", "umol/L"), Map.entry("nmol/l", "nmol/L"), Map.entry("g/l", "g/L"),
            Map.entry("meq/l", "meq/L"), Map.entry("ml/min", "mL/min"),
            Map.entry("ml/min/1.73m2", "mL/min/{1.73_m2}"), Map.entry("ml/min/1.73 m2", "mL/min/{1.73_m2}"),
            Map.entry("ml/min/1.73m^2", "mL/min/{1.73_m2}"), Map.entry("ml/min/{1.73_m2}", "mL/min/{1.73_m2}"),
            Map.entry("ml/min/1.73_m2", "mL/min/{1.73_m2}"),
            Map.entry("sec", "s"), Map.entry("seconds", "s"), Map.entry("msec", "ms"), Map.entry("percent", "%"),
            Map.entry("ratio", "{INR}"), Map.entry("{ratio}", "{INR}"), Map.entry("inr", "{INR}"),
            Map.entry("weeks", "wk"), Map.entry("months", "mo"), Map.entry("years", "a"));

    private final Map<String, Optional<Double>> factors = new ConcurrentHashMap<>();

    private static UcumEssenceService load() {
        try (InputStream in = UcumEssenceService.class.getResourceAsStream("/ucum-essence.xml")) {
            if (in == null) {
                throw new IllegalStateException("ucum-essence.xml missing from the ucum jar");
            }
            return new UcumEssenceService(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (UcumException e) {
            throw new IllegalStateException("UCUM essence unreadable", e);
        }
    }

    /** A UCUM spelling of a unit as labs write it, or the input when it is already UCUM (or unknown). */
    public static String normalise(String unit) {
        if (unit == null) {
            return null;
        }
        String u = unit.trim().replace('µ', 'u').replace('μ', 'u');
        String mapped = SPELLINGS.get(u.toLowerCase(Locale.ROOT));
        return mapped != null ? mapped : u;
    }

    /**
     * {@code value} in {@code from} expressed in {@code to}; empty when the units are not comparable (and no molar
     * mass bridges them) or not units at all.
     */
    public OptionalDouble convert(double value, String from, String to, Analyte analyte) {
        String f = normalise(from);
        String t = normalise(to);
        if (f == null || t == null) {
            return OptionalDouble.empty();
        }
        if (f.equals(t)) {
            return OptionalDouble.of(value);
        }
        Optional<Double> factor = factors.computeIfAbsent(f + "\u0000" + t + "\u0000" + (analyte == null ? "" : analyte.name()),
                k -> factor(f, t, analyte));
        return factor.map(x -> OptionalDouble.of(value * x)).orElse(OptionalDouble.empty());
    }

    private static Optional<Double> factor(String from, String to, Analyte analyte) {
        Double direct = ucumFactor(from, to);
        if (direct != null) {
            return Optional.of(direct);
        }
        Double molarMass = analyte == null ? null : MOLAR_MASS.get(analyte);
        if (molarMass == null) {
            return Optional.empty();
        }
        // amount → mass: from → mol/L, × g/mol → g/L → to; and the reverse
        Double toMol = ucumFactor(from, "mol/L");
        Double fromGrams = ucumFactor("g/L", to);
        if (toMol != null && fromGrams != null) {
            return Optional.of(toMol * molarMass * fromGrams);
        }
        Double toGrams = ucumFactor(from, "g/L");
        Double fromMol = ucumFactor("mol/L", to);
        if (toGrams != null && fromMol != null) {
            return Optional.of(toGrams / molarMass * fromMol);
        }
        return Optional.empty();
    }

    // synchronized: the UCUM service is not documented as thread-safe, and each pair is converted once (cached)
    private static synchronized Double ucumFactor(String from, String to) {
        try {
            if (UCUM.validate(from) != null || UCUM.validate(to) != null || !UCUM.isComparable(from, to)) {
                return null;
            }
            Decimal one = new Decimal(1);
            return Double.parseDouble(UCUM.convert(one, from, to).asDecimal());
        } catch (UcumException | RuntimeException e) {
            return null;
        }
    }
}
