package io.trialstream.ingest.criteria.corpus;

import io.trialstream.contracts.Criterion.Kind;
import io.trialstream.ingest.criteria.corpus.GoldCriterion.Direction;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The harness's own reading of corpus labels: which of our kinds and parameters an annotated phrase corresponds to,
 * and what number (in our units) an annotated value states. Written independently of the extractor (its own,
 * broader patterns and its own unit table), so that a gap in the extractor's lexicon shows as missed recall instead
 * of silently shrinking the gold standard.
 */
public final class GoldMapping {

    public record Mapped(Kind kind, String parameter) {
    }

    private record Rule(Pattern pattern, Pattern unless, Kind kind, String parameter) {
    }

    private static final List<Rule> MEASURED = new ArrayList<>();

    static {
        // performance status before labs: "performance status" is no analyte
        measured("\\b(?:ecog|zubrod|eastern cooperative)", null, Kind.PERFORMANCE_STATUS, "ECOG");
        measured("\\bwho\\b.{0,20}performance|world health organi[sz]ation performance", null, Kind.PERFORMANCE_STATUS, "WHO");
        measured("karnofsky|\\bkps\\b", null, Kind.PERFORMANCE_STATUS, "KARNOFSKY");
        measured("lansky", null, Kind.PERFORMANCE_STATUS, "LANSKY");
        measured("performance (?:status|score|scale)|\\bps\\b", null, Kind.PERFORMANCE_STATUS, "?");
        measured("life.?expectancy|\\bife expectancy|expected (?:to )?surviv|survival expectancy|\\bsurvival\\b|\\bsurvive\\b",
                null, Kind.LIFE_EXPECTANCY, "life_expectancy");
        measured("transaminases|aminotransferases|\\b(?:ast|sgot)\\b.{0,10}\\b(?:alt|sgpt)\\b|\\b(?:alt|sgpt)\\b.{0,10}\\b(?:ast|sgot)\\b|aspartate.{0,40}alanine|alanine.{0,40}aspartate",
                null, Kind.LAB, "AST+ALT");
        measured("\\b(?:alt|sgpt|alat|gpt)\\b|alanine (?:amino)?\\s?transferase|alanine transaminase|glutamic.?pyruvic",
                "\\b(?:ast|sgot)\\b.{0,8}(?:and|/|,|or)|aspartate", Kind.LAB, "ALT");
        measured("\\b(?:ast|sgot|asat|got)\\b|aspartate (?:amino)?\\s?transferase|aspartate transaminase|glutamic.?oxalo",
                "\\b(?:alt|sgpt)\\b|alanine", Kind.LAB, "AST");
        measured("alkaline phosphatase|\\balp\\b", null, Kind.LAB, "ALKALINE_PHOSPHATASE");
        measured("(?:direct|conjugated) bilirubin|bilirubin.{0,5}direct", null, Kind.LAB, "BILIRUBIN_DIRECT");
        measured("bilirubin|\\bt\\.?bili", null, Kind.LAB, "BILIRUBIN_TOTAL");
        measured("creatinine clearance|\\bcrcl\\b|\\bccr\\b|\\bclcr\\b|creatinine.{0,3}cl\\b", null, Kind.LAB, "CREATININE_CLEARANCE");
        measured("glomerular filtration|\\be?gfr\\b", "mutation|mutant|receptor", Kind.LAB, "EGFR");
        measured("creatinine", "clearance|kinase", Kind.LAB, "CREATININE");
        measured("neutrophil|\\banc\\b|granulocyte|\\bagc\\b", null, Kind.LAB, "ANC");
        measured("platelet|\\bplts?\\b|thrombocyte", "aggregation|function|inhibitor|antiplatelet|transfusion", Kind.LAB, "PLATELETS");
        measured("a1c|glycated|glycosylated|glycohemoglobin", null, Kind.LAB, "HBA1C");
        measured("h(?:a)?emoglobin|\\bhgb\\b|\\bhb\\b", "a1c|glycat|glycosyl|urine", Kind.LAB, "HEMOGLOBIN");
        measured("white (?:blood )?cell|\\bwbcs?\\b|leu[ck]ocyte", "urine", Kind.LAB, "WBC");
        measured("lymphocyte", "cd4|cd8|cd3", Kind.LAB, "LYMPHOCYTES");
        measured("\\binr\\b|international normali[sz]ed ratio", null, Kind.LAB, "INR");
        measured("albumin", "micro|uria|urine|creatinine ratio", Kind.LAB, "ALBUMIN");
        measured("potassium|\\bk\\+", null, Kind.LAB, "POTASSIUM");
        measured("sodium", null, Kind.LAB, "SODIUM");
        measured("calcium", "channel|score", Kind.LAB, "CALCIUM");
        measured("magnesium", null, Kind.LAB, "MAGNESIUM");
        measured("glucose|blood sugar|\\bfpg\\b|\\bfbg\\b", "tolerance|urine|6-phosphate|dehydrogenase", Kind.LAB, "GLUCOSE");
        measured("\\bldh\\b|lactate dehydrogenase|lactic dehydrogenase", null, Kind.LAB, "LDH");
        measured("lipase", null, Kind.LAB, "LIPASE");
        measured("amylase", null, Kind.LAB, "AMYLASE");
        measured("testosterone", null, Kind.LAB, "TESTOSTERONE");
        measured("\\bpsa\\b|prostate.specific antigen", null, Kind.LAB, "PSA");
        measured("\\baptt\\b|\\bptt\\b|partial thromboplastin", null, Kind.LAB, "APTT");
        measured("prothrombin time", null, Kind.LAB, "PT");
        measured("ejection fraction|\\blvef\\b|\\bef\\b", null, Kind.ORGAN_FUNCTION, "LVEF");
        measured("spo2|sao2|oxygen saturation|o2 sat|pulse ox", null, Kind.ORGAN_FUNCTION, "SPO2");
        measured("\\bqtc|corrected qt|\\bqt\\b|qt interval", null, Kind.ORGAN_FUNCTION, "QTC");
        measured("dlco|diffusing capacity|diffusion capacity", null, Kind.ORGAN_FUNCTION, "DLCO");
        measured("fev1|fev 1|forced expiratory volume", "fvc|/|ratio", Kind.ORGAN_FUNCTION, "FEV1");
    }

    private static void measured(String regex, String unless, Kind kind, String parameter) {
        MEASURED.add(new Rule(Pattern.compile(regex), unless == null ? null : Pattern.compile(unless), kind, parameter));
    }

    private static final Pattern AGE = Pattern.compile(
            "^(?:age|ages|aged|old|older|younger|years|year|years old|years of age|of age|adults?|patients? aged|aged?\\b.*|.*\\bage)$");
    private static final Pattern NOT_AGE = Pattern.compile("gestation|bone|mental|menarche|onset|diagnosis|smoking|pregnan|"
            + "marriage|menopaus|disease|duration|weeks|corrected|biological");

    /** The measured kind of an annotated phrase that carries a value, or null when none of ours corresponds. */
    public static Mapped measured(String entityText, String entityType) {
        String t = entityText.toLowerCase(Locale.ROOT).strip();
        if (entityType.equals("Person") || entityType.equals("age")) {
            return AGE.matcher(t).matches() && !NOT_AGE.matcher(t).find() ? new Mapped(Kind.AGE, "age") : null;
        }
        for (Rule r : MEASURED) {
            if (r.pattern.matcher(t).find() && (r.unless == null || !r.unless.matcher(t).find())) {
                return new Mapped(r.kind, r.parameter);
            }
        }
        return null;
    }

    /** Presence kinds of an annotated phrase (Chia entity or Facebook label), or null. */
    public static Mapped presence(String entityText, String entityType) {
        String t = entityText.toLowerCase(Locale.ROOT).strip();
        switch (entityType) {
            case "Informed_consent":
                return new Mapped(Kind.CONSENT, null);
            case "Competing_trial":
                // "participation in another trial / an investigational drug within 30 days": our investigational agent
                return new Mapped(Kind.THERAPY, null);
            case "Person": {
                boolean female = t.matches(".*\\b(?:female|females|women|woman|girls?|mothers?)\\b.*");
                boolean male = t.matches(".*\\b(?:male|males|men|man|boys?)\\b.*");
                return female != male ? new Mapped(Kind.SEX, female ? "female" : "male") : null;
            }
            case "Drug":
            case "Procedure":
            case "Device":
            case "Condition":
            case "Observation":
            case "Measurement":
            case "Qualifier":
            case "Pregnancy_considerations":
                break;
            default:
                return null;
        }
        if (t.matches(".*(?:contracep|birth control|barrier method|intrauterine|abstinen).*")) {
            return new Mapped(Kind.CONTRACEPTION, null);
        }
        if (t.contains("consent")) {
            return new Mapped(Kind.CONSENT, null);
        }
        if (t.matches(".*(?:lactat|breast.?feed|\\bnursing\\b).*") && !t.contains("pregnan")) {
            return new Mapped(Kind.BREASTFEEDING, null);
        }
        if (t.matches(".*(?:lactat|breast.?feed|\\bnursing\\b).*")) {
            return new Mapped(Kind.PREGNANCY, "+BREASTFEEDING"); // "pregnant or breastfeeding": both
        }
        if (t.contains("pregnan") && !t.matches(".*(?:become|becoming|planning|\\bplan\\b|capable|possible|intend|"
                + "disorders of|complication|induced|prevention).*")) {
            return new Mapped(Kind.PREGNANCY, null);
        }
        if (entityType.equals("Qualifier")) {
            return t.matches(".*(?:relaps|refractor|recurren|remission|metasta|newly diagnosed|measurable|untreated|"
                    + "progressi|advanced|unresectable|inoperable|\\bmrd\\b|minimal residual|de novo).*")
                    ? new Mapped(Kind.DISEASE_STATUS, null) : null;
        }
        if (t.matches(".*(?:graft.{0,10}host|gvhd).*")) {
            return new Mapped(Kind.GVHD, null);
        }
        if (!entityType.equals("Drug") && !entityType.equals("Procedure") && !entityType.equals("Device")) {
            if (t.matches(".*(?:\\bhiv\\b|human immunodeficiency|\\baids\\b).*")) {
                return new Mapped(Kind.INFECTION, "HIV");
            }
            if (t.matches(".*(?:hepatitis b|\\bhbv\\b).{0,12}(?:\\bc\\b|hcv|hepatitis c).*")) {
                return new Mapped(Kind.INFECTION, "HBV+HCV");
            }
            if (t.matches(".*(?:hepatitis b|\\bhbv\\b|hbsag|hbs antigen|hepatitis b surface).*")) {
                return new Mapped(Kind.INFECTION, "HBV");
            }
            if (t.matches(".*(?:hepatitis c|\\bhcv\\b).*")) {
                return new Mapped(Kind.INFECTION, "HCV");
            }
            if (t.matches(".*(?:tuberculosis|\\btb\\b).*")) {
                return new Mapped(Kind.INFECTION, "TB");
            }
            if (t.matches(".*(?:infection|infectious|sepsis).*")) {
                return new Mapped(Kind.INFECTION, "infection");
            }
            if (t.matches(".*(?:\\begfr\\b.{0,20}(?:mutat|mutant|positive|negative|wild|t790|exon|l858)|\\balk\\b|ros1|braf|\\bkras|"
                    + "\\bnras|her2|her-2|erbb2|estrogen receptor|progesterone receptor|hormone receptor|\\ber\\b|"
                    + "\\bpr\\b|pd-?l1|flt3|npm1|idh[12]|tp53|\\bp53|brca|\\bmsi|mismatch repair|ntrk|\\bc-?met\\b|"
                    + "\\bret\\b|c-kit|pik3ca|jak2|bcr.?abl|philadelphia|cd20|cd19|cd33).*")) {
                return new Mapped(Kind.BIOMARKER, null);
            }
            if (t.matches(".*(?:relapsed|refractory|recurrent|remission|metastatic|newly diagnosed|measurable disease|"
                    + "measurable lesion|unresectable|inoperable|progressive disease|disease progression|\\bmrd\\b).*")) {
                return new Mapped(Kind.DISEASE_STATUS, null);
            }
        }
        return switch (entityType) {
            case "Condition" -> new Mapped(Kind.CONDITION, null);
            case "Drug" -> new Mapped(Kind.THERAPY, null);
            case "Procedure" -> t.matches(".*(?:therap|chemo|radiat|radiother|transfus|vaccin|infusion|treatment|"
                    + "irradiat|immunotherap).*") ? new Mapped(Kind.THERAPY, null) : new Mapped(Kind.PROCEDURE, null);
            default -> null;
        };
    }

    // ------------------------------------------------------------------------------------------ values

    private static final Pattern NUMBER = Pattern.compile("(?<![\\d.])(\\d{1,3}(?:,\\d{3})+|\\d+(?:[.,]\\d+)?|\\.\\d+)(?![\\d])");
    private static final Pattern WORD_NUMBER = Pattern.compile(
            "\\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|eighteen|twenty)\\b");
    private static final String[] WORDS = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
            "ten", "eleven", "twelve"};

    /** The numbers a value phrase states, in order, before unit normalisation ("10^9" and "1.73 m2" left out). */
    public static List<Double> numbers(String valueText) {
        String t = valueText.toLowerCase(Locale.ROOT)
                .replaceAll("10\\s*(?:\\^|e|\\*\\*?)?\\s*\\(?\\s*[369]\\s*\\)?\\s*/", " /")
                .replaceAll("x\\s*10[369]\\s*/", " /")
                .replace("10⁹", " ").replace("10³", " ")
                .replaceAll("1[.,]73\\s*m", " m")
                .replaceAll("\\b(?:cd4|a1c|hba1c|fev1|spo2|sao2|qtc?f?|b12|d3)\\b", " ");
        List<Double> out = new ArrayList<>();
        Matcher m = NUMBER.matcher(t);
        while (m.find()) {
            String n = m.group(1);
            if (n.matches("\\d{1,3}(?:,\\d{3})+")) {
                n = n.replace(",", "");
            } else {
                n = n.replace(',', '.');
            }
            out.add(Double.parseDouble(n));
        }
        if (out.isEmpty()) {
            Matcher w = WORD_NUMBER.matcher(t);
            while (w.find()) {
                String word = w.group(1);
                for (int i = 0; i < WORDS.length; i++) {
                    if (WORDS[i].equals(word)) {
                        out.add((double) i);
                    }
                }
                if (word.equals("eighteen")) {
                    out.add(18.0);
                }
                if (word.equals("twenty")) {
                    out.add(20.0);
                }
            }
        }
        return out;
    }

    public static boolean isUln(String valueText) {
        String t = valueText.toLowerCase(Locale.ROOT);
        return t.matches(".*(?:\\buln\\b|\\bunl\\b|upper limit|upper normal|times normal|x normal|\\bnormal\\b).*");
    }

    public static Direction direction(String valueText) {
        String t = valueText.toLowerCase(Locale.ROOT);
        boolean lower = t.matches(".*(?:≥|>|at least|more than|greater|\\bover\\b|above|minimum|higher|exceed|or more|"
                + "or older|and older|and above|and over|\\+\\s*$|or better|not less|no less|superior).*");
        boolean upper = t.matches(".*(?:≤|<|less than|fewer|under|below|up to|maximum|no more|not more|not exceed|or less|"
                + "or younger|younger|lower than|inferior|\\bmax\\b|at most).*");
        boolean range = t.matches(".*(?:between|\\d\\s*(?:-|–|to|through)\\s*\\d|from \\d).*");
        if (range && !(lower ^ upper)) {
            return Direction.RANGE;
        }
        if (lower && !upper) {
            return Direction.LOWER;
        }
        if (upper && !lower) {
            return Direction.UPPER;
        }
        return range ? Direction.RANGE : null;
    }

    /** A stated value converted to the unit our criteria use for the parameter (the harness's own table). */
    public static double normalise(String parameter, double v, String valueText) {
        String u = valueText.toLowerCase(Locale.ROOT).replace('µ', 'u').replace('μ', 'u');
        boolean per109 = u.matches(".*(?:10\\s*(?:\\^|e|\\*\\*?)?\\s*\\(?\\s*9|x\\s*109|10⁹|\\bg\\s*/\\s*l|giga).*");
        boolean per103 = u.matches(".*(?:10\\s*(?:\\^|e|\\*\\*?)?\\s*\\(?\\s*3|x\\s*103|10³|\\bk\\s*/|thousand).*");
        boolean perUl = u.matches(".*(?:/\\s*mm|/\\s*ul|/\\s*mcl|cells|per\\s*mm|per\\s*ul|mm3|mm\\^3|/\\s*cu).*");
        switch (parameter) {
            case "ANC", "WBC", "LYMPHOCYTES", "PLATELETS" -> {
                if (per109 || per103) {
                    return v;
                }
                if (perUl) {
                    return v / 1000;
                }
                double threshold = parameter.equals("PLATELETS") ? 1000 : 100;
                return v >= threshold ? v / 1000 : v;
            }
            case "HEMOGLOBIN" -> {
                if (u.matches(".*mmol.*")) {
                    return v * 1.6114;
                }
                if (u.matches(".*\\bg\\s*/\\s*l\\b.*") || !u.contains("dl") && v > 30) {
                    return v / 10;
                }
                return v;
            }
            case "BILIRUBIN_TOTAL", "BILIRUBIN_DIRECT" -> {
                return u.matches(".*(?:umol|micromol|mcmol|\\bum\\b).*") || !u.contains("mg") && v > 12 ? v / 17.104 : v;
            }
            case "CREATININE" -> {
                return u.matches(".*(?:umol|micromol|mcmol|\\bum\\b).*") || !u.contains("mg") && v > 20 ? v / 88.4 : v;
            }
            case "ALBUMIN" -> {
                return u.matches(".*\\bg\\s*/\\s*l\\b.*") || !u.contains("dl") && v > 10 ? v / 10 : v;
            }
            case "GLUCOSE" -> {
                return u.contains("mmol") || u.matches(".*\\bmm\\b.*") || !u.contains("mg") && v <= 30 ? v * 18.016 : v;
            }
            case "CALCIUM" -> {
                return u.contains("mmol") ? v * 4.008 : v;
            }
            case "CREATININE_CLEARANCE", "EGFR" -> {
                return u.matches(".*ml\\s*/\\s*s(?:ec)?\\b.*") ? v * 60 : v;
            }
            case "age" -> {
                return u.contains("month") ? v / 12 : u.contains("week") ? v * 7 / 365.25 : v;
            }
            default -> {
                return v;
            }
        }
    }

    private GoldMapping() {
    }
}
