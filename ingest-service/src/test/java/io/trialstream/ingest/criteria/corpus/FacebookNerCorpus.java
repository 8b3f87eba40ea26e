package io.trialstream.ingest.criteria.corpus;

import io.trialstream.contracts.Criterion.Kind;
import io.trialstream.ingest.criteria.corpus.GoldCriterion.Direction;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the test split of the Facebook Clinical-Trial-Parser NER set ({@code start:end:label,…<TAB>text}, 1-based
 * start, exclusive end, lower-cased text with numbers masked as {@code @NUMBER}), read at test time from the shared
 * data. Each {@code @NUMBER} is replaced by a small increasing number (1, 2, 3, …) so the text reads as a criterion
 * again, and the spans are shifted accordingly; the numbers carry no information, so numeric criteria are scored on
 * kind, parameter and bound direction only.
 * <p>
 * Gold derivation: a {@code clinical_variable} (or {@code age}) with a {@code lower_bound} and/or {@code
 * upper_bound} after it gives a numeric criterion when the harness maps the variable to one of our kinds; {@code
 * pregnancy}, {@code contraception_consent}, {@code gender}, {@code chronic_disease}/{@code cancer} and {@code
 * treatment} give presence criteria. The set does not say which items are inclusion and which exclusion, so
 * polarity is not scored.
 */
public final class FacebookNerCorpus {

    private record Label(int start, int end, String label, String text) {
    }

    public static List<CorpusItem> load(Path tsv) throws IOException {
        List<CorpusItem> items = new ArrayList<>();
        int n = 0;
        for (String line : Files.readAllLines(tsv, StandardCharsets.UTF_8)) {
            n++;
            int tab = line.indexOf('\t');
            if (tab < 0) {
                continue;
            }
            String masked = line.substring(tab + 1);
            // unmask numbers, remembering how offsets move
            StringBuilder text = new StringBuilder();
            int[] map = new int[masked.length() + 1];
            int k = 1;
            for (int i = 0; i < masked.length(); ) {
                map[i] = text.length();
                if (masked.startsWith("@NUMBER", i)) {
                    String number = Integer.toString(k++);
                    text.append(number);
                    for (int j = 1; j < 7; j++) {
                        map[i + j] = text.length();
                    }
                    i += 7;
                } else {
                    text.append(masked.charAt(i));
                    i++;
                }
            }
            map[masked.length()] = text.length();
            List<Label> labels = new ArrayList<>();
            for (String l : line.substring(0, tab).split(",")) {
                String[] parts = l.split(":");
                if (parts.length != 3) {
                    continue;
                }
                int s = Integer.parseInt(parts[0]) - 1;
                int e = Integer.parseInt(parts[1]) - 1;
                if (s < 0 || e > masked.length() || s >= e) {
                    continue;
                }
                labels.add(new Label(map[s], map[e], parts[2], text.substring(map[s], map[e])));
            }
            items.add(new CorpusItem("fb:" + n, text.toString(), null, gold(labels, text.toString())));
        }
        return items;
    }

    private static List<GoldCriterion> gold(List<Label> labels, String text) {
        // (text is the unmasked item: used to look around a label)
        List<GoldCriterion> out = new ArrayList<>();
        labels.sort((a, b) -> Integer.compare(a.start, b.start));
        // each bound belongs to the nearest variable (before or after it: "@NUMBER years to ≤ @NUMBER years of age")
        List<Label> variables = new ArrayList<>();
        for (Label l : labels) {
            if (l.label.equals("clinical_variable") || l.label.equals("age")) {
                variables.add(l);
            }
        }
        java.util.Map<Label, boolean[]> bounds = new java.util.LinkedHashMap<>();
        boolean[] ageWithoutVariable = new boolean[2];
        for (Label b : labels) {
            if (!b.label.equals("lower_bound") && !b.label.equals("upper_bound")) {
                continue;
            }
            Label nearest = null;
            int best = Integer.MAX_VALUE;
            for (Label v : variables) {
                int gap = v.end <= b.start ? b.start - v.end : v.start >= b.end ? v.start - b.end : 0;
                if (gap < best) {
                    best = gap;
                    nearest = v;
                }
            }
            boolean lower = b.label.equals("lower_bound");
            if (nearest == null || best > 40) {
                // "between 18 - 65 years old": an age written without the word "age"
                String around = text.substring(b.start, Math.min(text.length(), b.end + 15)).toLowerCase(Locale.ROOT);
                if (around.matches("(?s).*\\b(?:years?|months?)\\b.{0,4}(?:old|of age|and older|or older).*")
                        || b.text.matches("(?s).*\\b(?:years?|months?)\\s*(?:old|of age).*")) {
                    ageWithoutVariable[lower ? 0 : 1] = true;
                }
                continue;
            }
            boolean[] lu = bounds.computeIfAbsent(nearest, k -> new boolean[2]);
            lu[lower ? 0 : 1] = true;
        }
        // "ast and alt ≤ 2.5 x uln": coordinated variables share the bounds of the last one
        for (int i = variables.size() - 2; i >= 0; i--) {
            Label v = variables.get(i);
            Label next = variables.get(i + 1);
            boolean[] nextBounds = bounds.get(next);
            if (bounds.containsKey(v) || nextBounds == null || next.start < v.end) {
                continue;
            }
            String gap = text.substring(v.end, next.start).replaceAll("\\([^()]{0,30}\\)", " ").strip();
            if (gap.matches("(?:,|and|or|/|and / or|,\\s*and|,\\s*or|\\(|&)?")) {
                bounds.put(v, nextBounds.clone());
            }
        }
        if (ageWithoutVariable[0] || ageWithoutVariable[1]) {
            Direction d = ageWithoutVariable[0] && ageWithoutVariable[1] ? Direction.RANGE
                    : ageWithoutVariable[0] ? Direction.LOWER : Direction.UPPER;
            out.add(new GoldCriterion(Kind.AGE, "age", d, List.of(), false, List.of(new int[]{0, text.length()}), null, text));
        }
        for (var e : bounds.entrySet()) {
            Label l = e.getKey();
            GoldMapping.Mapped m = GoldMapping.measured(l.text, l.label.equals("age") ? "age" : "Measurement");
            if (m == null) {
                continue;
            }
            boolean lower = e.getValue()[0];
            boolean upper = e.getValue()[1];
            Direction d = lower && upper ? Direction.RANGE : lower ? Direction.LOWER : Direction.UPPER;
            List<String> params = m.parameter().equals("AST+ALT") ? List.of("AST", "ALT") : List.of(m.parameter());
            for (String p : params) {
                out.add(new GoldCriterion(m.kind(), p, d, List.of(), false, List.of(new int[]{l.start, l.end}), null, l.text));
            }
        }
        for (int i = 0; i < labels.size(); i++) {
            Label l = labels.get(i);
            List<int[]> spans = List.of(new int[]{l.start, l.end});
            switch (l.label) {
                case "pregnancy" -> {
                    GoldMapping.Mapped m = GoldMapping.presence(l.text, "Condition");
                    if (m != null && (m.kind() == Kind.PREGNANCY || m.kind() == Kind.BREASTFEEDING)) {
                        out.add(new GoldCriterion(m.kind(), null, null, List.of(), false, spans, null, l.text));
                        if ("+BREASTFEEDING".equals(m.parameter())) {
                            out.add(new GoldCriterion(Kind.BREASTFEEDING, null, null, List.of(), false, spans, null, l.text));
                        }
                    }
                }
                case "contraception_consent" -> {
                    String t = l.text.toLowerCase(Locale.ROOT);
                    Kind kind = t.matches(".*(?:contracep|birth control|barrier|abstinen|intrauterine|condom|steril|"
                            + "diaphragm|spermicid|vasectom|iud).*") ? Kind.CONTRACEPTION
                            : t.contains("consent") ? Kind.CONSENT : null;
                    if (kind != null) {
                        out.add(new GoldCriterion(kind, null, null, List.of(), false, spans, null, l.text));
                    }
                }
                case "gender" -> {
                    GoldMapping.Mapped m = GoldMapping.presence(l.text, "Person");
                    if (m != null) {
                        out.add(new GoldCriterion(Kind.SEX, m.parameter(), null, List.of(), false, spans, null, l.text));
                    }
                }
                case "chronic_disease", "cancer" -> {
                    GoldMapping.Mapped m = GoldMapping.presence(l.text, "Condition");
                    if (m != null) {
                        String parameter = m.parameter();
                        if (m.kind() == Kind.INFECTION && "infection".equals(parameter)) {
                            // the label's span often leaves out "active"/"uncontrolled": look just before it too
                            String before = text.substring(Math.max(0, l.start - 40), l.start);
                            if (!(before + " " + l.text).matches("(?s).*\\b(?:active|uncontrolled|serious|severe|systemic|"
                                    + "acute|ongoing|current|significant)\\b.*")) {
                                continue;
                            }
                            parameter = "active_infection";
                        }
                        if ("HBV+HCV".equals(parameter)) {
                            out.add(new GoldCriterion(Kind.INFECTION, "HBV", null, List.of(), false, spans, null, l.text));
                            parameter = "HCV";
                        }
                        out.add(new GoldCriterion(m.kind(), parameter, null, List.of(), false, spans, null, l.text));
                    }
                }
                case "treatment" -> {
                    boolean procedure = l.text.matches(".*(?:transplant|surgery|surgical|resection|dialysis|operation|"
                            + "procedure|biopsy|ectomy|otomy|stent|bypass|implant|ventilation|intubation).*");
                    out.add(new GoldCriterion(procedure ? Kind.PROCEDURE : Kind.THERAPY, null, null, List.of(), false,
                            spans, null, l.text));
                }
                default -> {
                }
            }
        }
        return out;
    }

    private FacebookNerCorpus() {
    }
}
