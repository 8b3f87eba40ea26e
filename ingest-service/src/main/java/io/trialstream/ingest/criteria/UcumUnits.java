package io.trialstream.ingest.criteria;

import org.fhir.ucum.Decimal;
import org.fhir.ucum.UcumEssenceService;
import org.fhir.ucum.UcumException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Converts a limit to the UCUM unit its analyte is compared in, with the org.fhir:ucum library. The library needs the
 * UCUM definitions: its jar ships them as {@code /ucum-essence.xml} at the classpath root, which is what we load
 * (once: parsing takes a few hundred milliseconds). A conversion through the library costs about a millisecond, so
 * each factor is computed once per unit pair and cached; the units we meet are all proportional (no offsets).
 * <p>
 * Mass and substance concentrations are not commensurable in UCUM; for the analytes reported either way the molar
 * mass bridges them (values from PubChem, the ones laboratories use for conversion):
 * bilirubin 584.66 g/mol (17.1 µmol/L = 1 mg/dL), creatinine 113.12 g/mol (88.4 µmol/L = 1 mg/dL),
 * glucose 180.16 g/mol, calcium 40.08 g/mol, magnesium 24.305 g/mol, and haemoglobin per haem-bearing monomer
 * 16,114.5 g/mol (1 mmol/L = 1.611 g/dL, the convention of laboratories that report haemoglobin in mmol/L).
 */
final class UcumUnits {

    private static final UcumEssenceService SERVICE = load();
    private static final Map<String, Double> FACTORS = new ConcurrentHashMap<>();
    private static final double NOT_COMMENSURABLE = Double.NaN;

    private static UcumEssenceService load() {
        try (InputStream in = UcumEssenceService.class.getResourceAsStream("/ucum-essence.xml")) {
            if (in == null) {
                throw new IllegalStateException("ucum-essence.xml is not on the classpath (it ships inside org.fhir:ucum)");
            }
            return new UcumEssenceService(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (UcumException e) {
            throw new IllegalStateException("UCUM definitions unreadable", e);
        }
    }

    /** Molar mass in g/mol of analytes that laboratories report in mass and in substance concentration. */
    static Double molarMass(String analyte) {
        return switch (analyte) {
            case "BILIRUBIN_TOTAL", "BILIRUBIN_DIRECT" -> 584.66;
            case "CREATININE" -> 113.12;
            case "GLUCOSE" -> 180.16;
            case "CALCIUM" -> 40.08;
            case "MAGNESIUM" -> 24.305;
            case "HEMOGLOBIN" -> 16114.5;
            default -> null;
        };
    }

    /**
     * @return {@code value} expressed in {@code to}, or empty when the units measure different things (and no
     * molar mass bridges them)
     */
    static OptionalDouble convert(double value, String from, String to, Double molarMass) {
        if (from.equals(to)) {
            return OptionalDouble.of(value);
        }
        double factor = factor(from, to);
        if (!Double.isNaN(factor)) {
            return OptionalDouble.of(value * factor);
        }
        if (molarMass != null) {
            // substance → mass: from → mol/L, × g/mol → g/L → to; and the reverse
            double toMolar = factor(from, "mol/L");
            double massFactor = factor("g/L", to);
            if (!Double.isNaN(toMolar) && !Double.isNaN(massFactor)) {
                return OptionalDouble.of(value * toMolar * molarMass * massFactor);
            }
            double toMass = factor(from, "g/L");
            double molarFactor = factor("mol/L", to);
            if (!Double.isNaN(toMass) && !Double.isNaN(molarFactor)) {
                return OptionalDouble.of(value * toMass / molarMass * molarFactor);
            }
        }
        return OptionalDouble.empty();
    }

    static boolean commensurable(String from, String to) {
        return from.equals(to) || !Double.isNaN(factor(from, to));
    }

    private static double factor(String from, String to) {
        return FACTORS.computeIfAbsent(from + "\u0000" + to, k -> {
            try {
                return Double.parseDouble(SERVICE.convert(new Decimal(1), from, to).asDecimal());
            } catch (UcumException | RuntimeException e) {
                return NOT_COMMENSURABLE;
            }
        });
    }

    private UcumUnits() {
    }
}
