package io.trialstream.ingest.criteria;

import io.trialstream.contracts.Criterion.Kind;

import java.util.List;

/**
 * Pregnancy, breastfeeding and contraception. "Pregnant or breastfeeding" → PREGNANCY and BREASTFEEDING; "negative
 * pregnancy test" is the absence of pregnancy; "agree to use effective contraception" → CONTRACEPTION, which an
 * exclusion list negates the other way ("not using contraception" under exclusion: contraception is required).
 * Plans and partners are not the patient's state: "planning to become pregnant", "partner is pregnant", "nursing
 * home" are left alone.
 */
final class ReproductiveRule implements CriterionRule {

    private enum Topic { PREGNANCY, PREGNANCY_TEST, BREASTFEEDING, NURSING, CONTRACEPTION }

    private static final PhraseLexicon<Topic> LEXICON = new PhraseLexicon<>();

    static {
        for (String s : new String[]{"pregnant", "pregnancy", "currently pregnant", "pregnant women", "pregnant woman",
                "pregnant female", "pregnant females", "pregnant patients", "gravid", "pregnant or lactating",
                "known pregnancy", "confirmed pregnancy", "ongoing pregnancy", "current pregnancy"}) {
            LEXICON.add(s, Topic.PREGNANCY, false);
        }
        for (String s : new String[]{"pregnancy test", "serum pregnancy test", "urine pregnancy test",
                "serum or urine pregnancy test", "urine or serum pregnancy test", "beta hcg", "beta-hcg", "b-hcg",
                "hcg pregnancy test", "serum beta-hcg", "serum hcg", "pregnancy tests", "pregnancy testing",
                "serum beta hcg pregnancy test", "serum β-hcg", "β-hcg"}) {
            LEXICON.add(s, Topic.PREGNANCY_TEST, false);
        }
        for (String s : new String[]{"breastfeeding", "breast-feeding", "breast feeding", "lactating", "lactation",
                "breastfeed", "breast feed", "breastfeeds", "currently breastfeeding", "lactating women",
                "lactating females", "breast-feed"}) {
            LEXICON.add(s, Topic.BREASTFEEDING, false);
        }
        LEXICON.add("nursing", Topic.NURSING, false);
        for (String s : new String[]{"contraception", "contraceptive", "contraceptives", "birth control",
                "contraceptive method", "contraceptive methods", "method of contraception", "methods of contraception",
                "barrier method", "barrier methods", "barrier contraception", "effective contraception",
                "adequate contraception", "highly effective contraception", "acceptable contraception",
                "reliable contraception", "double barrier", "birth control methods", "effective birth control",
                "medically acceptable birth control", "contraceptive measures", "contraceptive precautions",
                "intrauterine device", "oral contraceptives", "hormonal contraception", "hormonal contraceptives",
                "oral contraceptive", "oral contraception", "birth control pills"}) {
            LEXICON.add(s, Topic.CONTRACEPTION, false);
        }
    }

    @Override
    public void find(ItemText t, List<Finding> out) {
        List<PhraseLexicon.Hit<Topic>> hits = LEXICON.find(t);
        for (int i = 0; i < hits.size(); i++) {
            PhraseLexicon.Hit<Topic> hit = hits.get(i);
            if (t.inHedge(hit.start())) {
                continue;
            }
            String before = t.slice(Math.max(t.clauseStart(hit.start()), hit.start() - 40), hit.start());
            String after = t.slice(hit.end(), Math.min(t.clauseEnd(hit.start()), hit.end() + 40));
            switch (hit.value()) {
                case PREGNANCY -> {
                    // plans, partners, outcomes and tests are not the patient being pregnant
                    if (before.matches(".*\\b(?:become|becoming|planning|plan|plans|planned|intend|intending|intends|"
                            + "wish|wishing|wishes|desire|desiring|trying|attempting|avoid|prevent|preventing|"
                            + "prevention of|father|fathering|partner|partners|partner's|impregnate|during|after|"
                            + "prior|previous|history of|last|first|until|achieve|achieving|potential for|risk of)\\s{0,3}(?:a\\s)?$")
                            || after.matches("^\\s{0,2}(?:test|tests|testing|prevention|outcome|outcomes|loss|losses|"
                            + "rate|complications?|related|induced|category|registry|during|while|within the next|"
                            + "in the next|in the following|over the course).*")
                            || before.matches(".*\\b(?:partners?|spouses?)\\b.*")) {
                        continue;
                    }
                    out.add(presence(Kind.PREGNANCY, "pregnancy", hit.start(), hit.end(), 0.9));
                }
                case PREGNANCY_TEST -> {
                    String around = before + " " + after;
                    boolean negative = around.matches(".*\\b(?:negative|non-pregnant|not pregnant)\\b.*");
                    boolean positive = around.matches(".*\\bpositive\\b.*");
                    if (negative == positive) {
                        continue; // "pregnancy test at screening": a procedure, not a state
                    }
                    Finding f = presence(Kind.PREGNANCY, "pregnancy", hit.start(), hit.end(), 0.85);
                    f.statusNegative = negative;
                    // span over the result word too
                    int neg = before.lastIndexOf(negative ? "negative" : "positive");
                    if (neg >= 0) {
                        f.start = hit.start() - before.length() + neg;
                    } else {
                        int a = after.indexOf(negative ? "negative" : "positive");
                        if (a >= 0) {
                            f.end = hit.end() + a + (negative ? 8 : 8);
                        }
                    }
                    out.add(f);
                }
                case BREASTFEEDING -> {
                    if (before.matches(".*\\b(?:plan|planning|intend|intending|become|after)\\s{0,3}(?:to\\s{1,2})?$")) {
                        continue;
                    }
                    out.add(presence(Kind.BREASTFEEDING, "breastfeeding", hit.start(), hit.end(), 0.9));
                }
                case NURSING -> {
                    // "nursing mothers", "pregnant or nursing" — not "nursing home", "nursing staff"
                    boolean mothers = after.matches("^\\s{0,2}(?:mothers?|women|woman|females?|patients|infants?|a child|an infant|subjects)\\b.*");
                    boolean withPregnancy = before.matches(".*\\b(?:pregnant|pregnancy|lactating|breastfeeding)\\b[\\s,/]{0,3}(?:or|and|and/or|/)?\\s{0,2}(?:currently\\s)?$")
                            || after.matches("^\\s{0,2}(?:or|and|/)\\s{0,2}(?:pregnant|lactating|breastfeeding).*");
                    if (!(mothers || withPregnancy) || after.matches("^\\s{0,2}(?:home|homes|facility|facilities|staff|care|school|student|students).*")) {
                        continue;
                    }
                    out.add(presence(Kind.BREASTFEEDING, "breastfeeding", hit.start(), hit.end(), 0.85));
                }
                case CONTRACEPTION -> {
                    if (before.matches(".*\\b(?:contraindicat\\w{0,6}|allerg\\w{0,3}|hypersensitiv\\w{0,3}|intoleran\\w{0,3})\\b.*")) {
                        continue; // "no contraindication to oral contraceptives": not the use of contraception
                    }
                    Finding f = new Finding(Kind.CONTRACEPTION, Finding.Reading.NEED, "contraception", hit.start(),
                            hit.end(), 0.85).present();
                    f.anchor(hit.start(), hit.end());
                    // "contraception for 3 months after the last dose" is the same requirement with a duration
                    out.add(f);
                    while (i + 1 < hits.size() && hits.get(i + 1).value() == Topic.CONTRACEPTION
                            && hits.get(i + 1).start() - f.end < 60) {
                        i++; // "effective contraception (e.g. barrier method or intrauterine device)": one criterion
                        f.end = Math.max(f.end, hits.get(i).end());
                    }
                }
                default -> {
                }
            }
        }
    }

    private static Finding presence(Kind kind, String parameter, int start, int end, double confidence) {
        Finding f = new Finding(kind, Finding.Reading.PRESENCE, parameter, start, end, confidence).present();
        f.anchor(start, end);
        return f;
    }
}
