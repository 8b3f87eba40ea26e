package io.trialstream.contracts.vocab;

/**
 * Performance-status scales a PERFORMANCE_STATUS criterion names in {@code parameter}, with their LOINC codes and
 * the standard ECOG–Karnofsky correspondence (Oken et al. 1982 / Buccheri 1996): KPS 100–90 ↔ ECOG 0, 80–70 ↔ 1,
 * 60–50 ↔ 2, 40–30 ↔ 3, 20–10 ↔ 4, 0 ↔ 5. WHO/Zubrod uses the ECOG scale; Lansky (children) is read like Karnofsky.
 */
public enum PerformanceScale {
    ECOG("89247-1"), WHO("89247-1"), KARNOFSKY("89243-0"), LANSKY("89245-5");

    private final String loinc;

    PerformanceScale(String loinc) {
        this.loinc = loinc;
    }

    public String loinc() {
        return loinc;
    }

    public boolean isEcogLike() {
        return this == ECOG || this == WHO;
    }

    /** ECOG grade for a Karnofsky/Lansky score. */
    public static int karnofskyToEcog(double kps) {
        if (kps >= 90) {
            return 0;
        }
        if (kps >= 70) {
            return 1;
        }
        if (kps >= 50) {
            return 2;
        }
        if (kps >= 30) {
            return 3;
        }
        return kps >= 10 ? 4 : 5;
    }

    /** The Karnofsky range [low, high] that corresponds to an ECOG grade. */
    public static double[] ecogToKarnofskyRange(int ecog) {
        return switch (ecog) {
            case 0 -> new double[]{90, 100};
            case 1 -> new double[]{70, 80};
            case 2 -> new double[]{50, 60};
            case 3 -> new double[]{30, 40};
            case 4 -> new double[]{10, 20};
            default -> new double[]{0, 0};
        };
    }
}
