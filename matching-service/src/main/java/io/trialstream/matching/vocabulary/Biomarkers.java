package io.trialstream.matching.vocabulary;

import io.trialstream.contracts.Concept;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Gene/marker names as trials write them ("HER2", "PD-L1", "ER") to HGNC symbols, and the HGNC ids of the genes
 * oncology and haematology trials ask about, so a criterion on "FLT3" finds an observation coded HGNC:3765.
 */
public final class Biomarkers {
    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("HER2", "ERBB2"), Map.entry("HER-2", "ERBB2"), Map.entry("HER2/NEU", "ERBB2"),
            Map.entry("PD-L1", "CD274"), Map.entry("PDL1", "CD274"), Map.entry("PD L1", "CD274"),
            Map.entry("ER", "ESR1"), Map.entry("ESTROGEN RECEPTOR", "ESR1"), Map.entry("PR", "PGR"),
            Map.entry("PGR", "PGR"), Map.entry("PROGESTERONE RECEPTOR", "PGR"), Map.entry("MSI-H", "MSI"),
            Map.entry("BCR-ABL", "BCR"), Map.entry("BCR-ABL1", "BCR"));
    private static final Map<String, String> HGNC_IDS = Map.ofEntries(
            Map.entry("EGFR", "HGNC:3236"), Map.entry("ERBB2", "HGNC:3430"), Map.entry("FLT3", "HGNC:3765"),
            Map.entry("NPM1", "HGNC:7910"), Map.entry("KRAS", "HGNC:6407"), Map.entry("NRAS", "HGNC:7989"),
            Map.entry("BRAF", "HGNC:1097"), Map.entry("ALK", "HGNC:427"), Map.entry("ROS1", "HGNC:10261"),
            Map.entry("TP53", "HGNC:11998"), Map.entry("IDH1", "HGNC:5382"), Map.entry("IDH2", "HGNC:5383"),
            Map.entry("BRCA1", "HGNC:1100"), Map.entry("BRCA2", "HGNC:1101"), Map.entry("CD274", "HGNC:17635"),
            Map.entry("ESR1", "HGNC:3467"), Map.entry("PGR", "HGNC:8910"), Map.entry("KIT", "HGNC:6342"),
            Map.entry("RUNX1", "HGNC:10471"), Map.entry("CEBPA", "HGNC:1833"), Map.entry("PIK3CA", "HGNC:8975"),
            Map.entry("MET", "HGNC:7029"), Map.entry("RET", "HGNC:9967"), Map.entry("CCND1", "HGNC:1582"),
            Map.entry("FGFR1", "HGNC:3688"), Map.entry("MDM2", "HGNC:6973"), Map.entry("STK11", "HGNC:11389"),
            Map.entry("JAK2", "HGNC:6192"), Map.entry("BCR", "HGNC:1014"), Map.entry("ABL1", "HGNC:76"),
            Map.entry("PTEN", "HGNC:9588"));
    private static final Map<String, String> SYMBOL_BY_ID = new HashMap<>();

    static {
        HGNC_IDS.forEach((symbol, id) -> SYMBOL_BY_ID.put(id, symbol));
    }

    private Biomarkers() {
    }

    /** The HGNC symbol (or marker name such as MSI, TMB) a trial's marker name stands for. */
    public static String symbol(String name) {
        if (name == null) {
            return null;
        }
        String n = name.trim().toUpperCase(Locale.ROOT);
        return ALIASES.getOrDefault(n, n);
    }

    /** The symbol of an HGNC-coded concept ({@code HGNC:3765} → FLT3), else its display, upper case. */
    public static String symbolOf(Concept c) {
        if (c.code() != null) {
            String code = c.code().startsWith("HGNC:") ? c.code() : "HGNC:" + c.code();
            String s = SYMBOL_BY_ID.get(code);
            if (s != null) {
                return s;
            }
            if (!c.code().startsWith("HGNC:") && !c.code().chars().allMatch(Character::isDigit)) {
                return symbol(c.code());
            }
        }
        return c.display() == null ? null : symbol(c.display());
    }
}
