package io.trialstream.ingest.criteria;

import io.trialstream.contracts.Concept;
import io.trialstream.contracts.Criterion.Kind;
import io.trialstream.contracts.Criterion.Operator;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sex stated in an item (kind SEX, coded as FHIR administrative gender): "Female patients aged 18 or older",
 * "Postmenopausal women with …", "Men only", "Sex: female". Only when the item says who may enrol: a sex word that
 * opens a subgroup ("Women of childbearing potential must …", "Female patients who …", "Men and women") is not a
 * sex criterion.
 */
final class SexRule implements CriterionRule {

    private static final Pattern OPENING = Pattern.compile(
            "^\\s{0,3}(?:[0-9]{1,2}[.)]\\s{1,2})?(?:(?:sex|gender)\\s{0,2}:\\s{0,2})?"
                    + "(?:(?:healthy|adult|ambulatory|postmenopausal|post-menopausal|premenopausal|pre-menopausal|"
                    + "perimenopausal|non-pregnant|nonpregnant|elderly|older|young|caucasian|chinese|japanese|"
                    + "african american|hispanic|korean)\\s{1,2}){0,2}"
                    + "(female|females|women|woman|male|males|men|man|boys|girls)"
                    + "(?:\\s{1,2}(?:patients?|subjects?|participants?|volunteers?|individuals|persons|adults|"
                    + "sex|gender|only))?\\b");
    private static final Pattern SUBGROUP = Pattern.compile(
            "^\\s{0,2}(?:of\\b|who\\b|whose\\b|must\\b|should\\b|will\\b|need\\b|with\\s{1,2}(?:child|reproductive|"
                    + "fertile|a partner|partners)|able\\b|capable\\b|and\\b|or\\b|/|&|,\\s{0,2}(?:and|or)?\\s{0,2}"
                    + "(?:male|female|men|women)|partners?\\b|\\(|participants\\s{1,2}of|not\\b|if\\b|in\\b|"
                    + "are\\b|is\\b|may\\b|agree|willing|using|taking|receiving|on\\b|that\\b|which\\b|having\\b|"
                    + "did\\b|does\\b|do\\b|had\\b|have\\b|has\\b|refus|sign|steril|condom|pattern|partner|hormone)");

    private static final Pattern REPRODUCTIVE = Pattern.compile(
            "\\b(?:pregnan|lactat|breastfeed|nursing|childbearing|contracept|fertile)");

    @Override
    public void find(ItemText t, List<Finding> out) {
        for (int[] clause : t.clauses()) {
            String text = t.slice(clause[0], clause[1]);
            Matcher m = OPENING.matcher(text);
            if (!m.lookingAt()) {
                continue;
            }
            String rest = text.substring(m.end());
            if (SUBGROUP.matcher(rest).lookingAt() || REPRODUCTIVE.matcher(text).find()) {
                continue;
            }
            String word = m.group(1);
            String code = switch (word) {
                case "female", "females", "women", "woman", "girls" -> "female";
                default -> "male";
            };
            int start = clause[0] + m.start(1);
            int end = clause[0] + m.end();
            if (t.inHedge(start)) {
                continue;
            }
            Finding f = new Finding(Kind.SEX, Finding.Reading.LIMIT, "sex", start, end, 0.85);
            // under exclusion only a bare "Males" excludes a sex; "Women with …" describes whom else it excludes
            f.inclusionOnly = !rest.replaceAll("[^a-z]", "").isEmpty();
            f.operator = Operator.EQ;
            f.concepts = List.of(new Concept(Concept.ADMINISTRATIVE_GENDER, code, null));
            out.add(f);
        }
    }
}
