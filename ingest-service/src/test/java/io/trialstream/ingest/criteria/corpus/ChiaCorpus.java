package io.trialstream.ingest.criteria.corpus;

import io.trialstream.contracts.Criterion.Kind;
import io.trialstream.contracts.Criterion.Polarity;
import io.trialstream.ingest.criteria.corpus.GoldCriterion.Direction;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads the Chia corpus (brat standoff: {@code NCT…_inc.txt}/{@code _exc.txt} with {@code .ann}), one item per line
 * of a {@code .txt}, read at test time from the shared data (never copied into the project).
 * <p>
 * Gold derivation: an entity linked by {@code Has_value} to a Value gives a numeric criterion when the harness maps
 * the entity's text to one of our measured kinds (Person "age" → AGE, Measurement "ANC" → LAB ANC, …); the value's
 * numbers are normalised by the harness's own table. Other entities give presence criteria by their type and text
 * (Condition → CONDITION unless it names an infection, pregnancy, GVHD…; Drug → THERAPY; Procedure → THERAPY or
 * PROCEDURE; Informed_consent → CONSENT). Polarity: the list's, turned by a {@code Has_negation} on the entity or on a
 * Scope containing it.
 */
public final class ChiaCorpus {

    private record Entity(String id, String type, List<int[]> spans, String text) {
        int start() {
            return spans.get(0)[0];
        }
    }

    public static List<CorpusItem> load(Path folder) throws IOException {
        List<CorpusItem> items = new ArrayList<>();
        List<Path> texts;
        try (Stream<Path> s = Files.list(folder)) {
            texts = s.filter(p -> p.getFileName().toString().endsWith(".txt")).sorted().toList();
        }
        for (Path txt : texts) {
            String name = txt.getFileName().toString();
            Path ann = folder.resolve(name.replace(".txt", ".ann"));
            if (!Files.exists(ann)) {
                continue;
            }
            Polarity list = name.contains("_exc") ? Polarity.EXCLUDED : Polarity.REQUIRED;
            items.addAll(file(name.replace(".txt", ""), Files.readString(txt, StandardCharsets.UTF_8),
                    Files.readAllLines(ann, StandardCharsets.UTF_8), list));
        }
        return items;
    }

    private static List<CorpusItem> file(String fileId, String text, List<String> ann, Polarity list) {
        Map<String, Entity> entities = new HashMap<>();
        List<String[]> relations = new ArrayList<>();
        for (String line : ann) {
            String[] cols = line.split("\t");
            if (cols.length < 2) {
                continue;
            }
            if (cols[0].startsWith("T") && cols.length >= 3) {
                String[] head = cols[1].split(" ", 2);
                List<int[]> spans = new ArrayList<>();
                try {
                    for (String range : head[1].split(";")) {
                        String[] se = range.trim().split(" ");
                        spans.add(new int[]{Integer.parseInt(se[0]), Integer.parseInt(se[1])});
                    }
                } catch (RuntimeException e) {
                    continue; // a malformed span: skip the entity, not the file
                }
                entities.put(cols[0], new Entity(cols[0], head[0], spans, cols[2]));
            } else if (cols[0].startsWith("R")) {
                String[] parts = cols[1].trim().split(" ");
                if (parts.length == 3) {
                    relations.add(new String[]{parts[0], parts[1].substring(5), parts[2].substring(5)});
                }
            }
        }
        Set<String> negated = new HashSet<>();
        List<Entity> negatedScopes = new ArrayList<>();
        Map<String, List<Entity>> values = new HashMap<>();
        Map<String, List<Entity>> qualifiers = new HashMap<>();
        for (String[] r : relations) {
            Entity a = entities.get(r[1]);
            Entity b = entities.get(r[2]);
            if (a == null || b == null) {
                continue;
            }
            switch (r[0]) {
                case "Has_negation" -> {
                    negated.add(a.id);
                    if (a.type.equals("Scope")) {
                        negatedScopes.add(a);
                    }
                }
                case "Has_value" -> {
                    if (b.type.equals("Value")) {
                        values.computeIfAbsent(a.id, k -> new ArrayList<>()).add(b);
                    }
                }
                case "Has_qualifier" -> qualifiers.computeIfAbsent(a.id, k -> new ArrayList<>()).add(b);
                default -> {
                }
            }
        }
        // Chia often leaves a Value unlinked ("Age between 18 and 70 years": Person and Value, no Has_value): pair it
        // with the nearest measured entity before it on the same stretch of text, at most 25 characters away
        Set<String> linked = new HashSet<>();
        values.values().forEach(vs -> vs.forEach(v -> linked.add(v.id)));
        for (Entity v : entities.values()) {
            if (!v.type.equals("Value") || linked.contains(v.id)) {
                continue;
            }
            Entity best = null;
            int bestGap = Integer.MAX_VALUE;
            for (Entity e : entities.values()) {
                if (!(e.type.equals("Person") || e.type.equals("Measurement") || e.type.equals("Observation")
                        || e.type.equals("Condition"))) {
                    continue;
                }
                int eEnd = e.spans.get(e.spans.size() - 1)[1];
                int gap = v.start() - eEnd;
                if (gap < 0) {
                    gap = e.start() - v.spans.get(v.spans.size() - 1)[1]; // "18 years or older … age"
                    if (gap < 0 || gap > 3 || !e.type.equals("Person")) {
                        continue;
                    }
                }
                if (gap <= 25 && gap < bestGap && !text.substring(Math.min(eEnd, v.start()), Math.max(eEnd, v.start())).contains("\n")) {
                    best = e;
                    bestGap = gap;
                }
            }
            if (best != null) {
                values.computeIfAbsent(best.id, k -> new ArrayList<>()).add(v);
            }
        }
        // lines = items
        List<int[]> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == '\n') {
                lines.add(new int[]{start, i});
                start = i + 1;
            }
        }
        List<List<GoldCriterion>> gold = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            gold.add(new ArrayList<>());
        }
        for (Entity e : entities.values()) {
            int line = lineOf(lines, e.start());
            if (line < 0) {
                continue;
            }
            int offset = lines.get(line)[0];
            boolean neg = negated.contains(e.id);
            for (Entity scope : negatedScopes) {
                if (e.start() >= scope.start() && e.start() < scope.spans.get(scope.spans.size() - 1)[1]) {
                    neg = true;
                }
            }
            Polarity polarity = neg ? flip(list) : list;
            List<int[]> local = new ArrayList<>();
            for (int[] s : e.spans) {
                local.add(new int[]{s[0] - offset, s[1] - offset});
            }
            List<Entity> vals = values.get(e.id);
            GoldMapping.Mapped measured = vals == null ? null : GoldMapping.measured(e.text, e.type);
            if (measured != null) {
                for (Entity v : vals) {
                    gold.get(line).addAll(numeric(measured, v.text, local, polarity));
                }
                continue;
            }
            GoldMapping.Mapped presence = GoldMapping.presence(e.text, e.type);
            if (presence == null) {
                continue;
            }
            String parameter = presence.parameter();
            Polarity p = polarity;
            if (presence.kind() == Kind.INFECTION && "infection".equals(parameter)) {
                // generic infection is our active_infection only when qualified as active/uncontrolled/serious…
                StringBuilder q = new StringBuilder(e.text.toLowerCase());
                for (Entity qual : qualifiers.getOrDefault(e.id, List.of())) {
                    q.append(' ').append(qual.text.toLowerCase());
                }
                if (!q.toString().matches(".*\\b(?:active|uncontrolled|serious|severe|systemic|acute|ongoing|current|"
                        + "significant|untreated|intercurrent)\\b.*")) {
                    continue;
                }
                parameter = "active_infection";
            }
            if (vals != null) {
                for (Entity v : vals) {
                    String vt = v.text.toLowerCase();
                    if (vt.matches(".*\\b(?:negative|non-reactive|undetectable|absent|no)\\b.*")) {
                        p = flip(p);
                    }
                }
            }
            if ("HBV+HCV".equals(parameter)) {
                gold.get(line).add(new GoldCriterion(Kind.INFECTION, "HBV", null, List.of(), false, local, p, e.text));
                parameter = "HCV";
            }
            if ("+BREASTFEEDING".equals(parameter)) {
                gold.get(line).add(new GoldCriterion(Kind.BREASTFEEDING, null, null, List.of(), false, local, p, e.text));
                parameter = null;
            }
            gold.get(line).add(new GoldCriterion(presence.kind(), parameter, null, List.of(), false, local, p, e.text));
        }
        List<CorpusItem> items = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String itemText = text.substring(lines.get(i)[0], lines.get(i)[1]);
            if (itemText.isBlank()) {
                continue;
            }
            items.add(new CorpusItem(fileId + ":" + (i + 1), itemText, list, gold.get(i)));
        }
        return items;
    }

    private static List<GoldCriterion> numeric(GoldMapping.Mapped m, String valueText, List<int[]> spans, Polarity p) {
        List<Double> raw = GoldMapping.numbers(valueText);
        if (raw.isEmpty()) {
            return List.of();
        }
        boolean uln = GoldMapping.isUln(valueText);
        Direction d = GoldMapping.direction(valueText);
        List<String> parameters = m.parameter().equals("AST+ALT") ? List.of("AST", "ALT") : List.of(m.parameter());
        List<GoldCriterion> out = new ArrayList<>();
        for (String parameter : parameters) {
            String param = parameter;
            if (param.equals("?")) {
                param = raw.stream().mapToDouble(Double::doubleValue).max().orElse(0) <= 5 ? "ECOG" : "KARNOFSKY";
            }
            List<Double> values = new ArrayList<>();
            for (double v : raw) {
                values.add(uln ? v : m.kind() == Kind.LIFE_EXPECTANCY ? weeks(v, valueText)
                        : GoldMapping.normalise(param, v, valueText));
            }
            out.add(new GoldCriterion(m.kind(), param, d, values, uln, spans, p, valueText));
        }
        return out;
    }

    static double weeks(double v, String text) {
        String t = text.toLowerCase();
        if (t.contains("year") || t.matches("(?s).*\\d\\s*(?:yrs?|y)\\b.*")) {
            return v * 52.18;
        }
        if (t.contains("month") || t.matches("(?s).*\\d\\s*(?:mos?|mths?)\\b.*")) {
            return v * 4.345;
        }
        if (t.contains("day") || t.matches("(?s).*\\d\\s*d\\b.*")) {
            return v / 7;
        }
        if (t.contains("hour")) {
            return v / 168;
        }
        return v;
    }

    private static Polarity flip(Polarity p) {
        return p == Polarity.REQUIRED ? Polarity.EXCLUDED : Polarity.REQUIRED;
    }

    private static int lineOf(List<int[]> lines, int pos) {
        for (int i = 0; i < lines.size(); i++) {
            if (pos >= lines.get(i)[0] && pos <= lines.get(i)[1]) {
                return i;
            }
        }
        return -1;
    }

    private ChiaCorpus() {
    }
}
