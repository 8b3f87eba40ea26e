package io.trialstream.matching.vocabulary;

import io.trialstream.contracts.Concept;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A curated is-a graph: {@code vocabulary/conditions.txt} (diagnoses, infections, transplant procedures) and
 * {@code vocabulary/therapies.txt} (drug classes and their ingredients). Resolves codes (SNOMED CT, NCIt, RxNorm
 * exact; ICD-10-CM by prefix) and free text (synonyms) to concept keys, and answers "is this patient's concept the
 * asked concept or one of its descendants". Immutable after loading, so one instance serves every thread.
 */
public final class ConceptHierarchy {
    private static final Pattern NON_WORD = Pattern.compile("[^a-z0-9'+()]+");
    /** Text around a condition name that means the patient does not (known to) have it. */
    private static final Pattern NOT_A_DIAGNOSIS = Pattern.compile(
            "(?i)\\b(suspected|suspicion|history of|family history|screening|at risk|risk of|fear of|rule out|"
                    + "ruled out|no evidence of|negative for|carrier)\\b");

    private final Map<String, Set<String>> parents = new HashMap<>();
    private final Map<String, Set<String>> ancestorsAndSelf = new HashMap<>();
    private final Map<String, List<String>> snomed = new HashMap<>();
    private final Map<String, List<String>> ncit = new HashMap<>();
    /** ICD-10-CM prefix (dots removed, upper case) → keys. */
    private final Map<String, List<String>> icdPrefixes = new HashMap<>();
    /** synonym (normalised, with spaces) → keys; acronyms are matched on upper-case tokens of the original text. */
    private final Map<String, List<String>> synonyms = new LinkedHashMap<>();
    private final Map<String, List<String>> acronyms = new HashMap<>();

    private final Map<String, List<String>> rxnorm = new HashMap<>();
    /** Resolved texts and code lists: evaluation resolves the same few thousand names and codings over and over. */
    private final Map<String, Set<String>> textCache = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<List<Concept>, Set<String>> codeCache = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int CACHE_LIMIT = 200_000;
    private final String name;

    private static final ConceptHierarchy CONDITIONS = load("/vocabulary/conditions.txt");
    private static final ConceptHierarchy THERAPIES = load("/vocabulary/therapies.txt");

    /** Diagnoses, infections and transplant procedures. */
    public static ConceptHierarchy conditions() {
        return CONDITIONS;
    }

    /** Drug classes (chemotherapy, immunosuppressants, …) down to ingredients. */
    public static ConceptHierarchy therapies() {
        return THERAPIES;
    }

    public static ConceptHierarchy load(String resource) {
        try (InputStream in = ConceptHierarchy.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing vocabulary resource " + resource);
            }
            return new ConceptHierarchy(resource, new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ConceptHierarchy(String name, BufferedReader reader) throws IOException {
        this.name = name;
        String line;
        int n = 0;
        while ((line = reader.readLine()) != null) {
            n++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\\|", -1);
            if (f.length != 4) {
                throw new IllegalStateException(name + " line " + n + ": expected 4 fields");
            }
            String key = f[0].trim();
            Set<String> ps = new LinkedHashSet<>();
            for (String p : f[1].split(",")) {
                if (!p.isBlank()) {
                    ps.add(p.trim());
                }
            }
            parents.put(key, ps);
            for (String code : f[2].trim().split("\\s+")) {
                if (code.isBlank()) {
                    continue;
                }
                int colon = code.indexOf(':');
                String system = code.substring(0, colon);
                String value = code.substring(colon + 1);
                switch (system) {
                    case "sct" -> snomed.computeIfAbsent(value, k -> new ArrayList<>()).add(key);
                    case "ncit" -> ncit.computeIfAbsent(value, k -> new ArrayList<>()).add(key);
                    case "rx" -> rxnorm.computeIfAbsent(value, k -> new ArrayList<>()).add(key);
                    case "icd" -> icdPrefixes.computeIfAbsent(normaliseIcd(value), k -> new ArrayList<>()).add(key);
                    default -> throw new IllegalStateException(name + " line " + n + ": unknown code system " + system);
                }
            }
            for (String s : f[3].split(";")) {
                String syn = s.trim();
                if (syn.isEmpty()) {
                    continue;
                }
                if (syn.equals(syn.toUpperCase(Locale.ROOT)) && !syn.contains(" ")) {
                    acronyms.computeIfAbsent(syn, k -> new ArrayList<>()).add(key);
                } else {
                    synonyms.computeIfAbsent(normaliseText(syn), k -> new ArrayList<>()).add(key);
                }
            }
        }
        for (String key : parents.keySet()) {
            for (String p : parents.get(key)) {
                if (!parents.containsKey(p)) {
                    throw new IllegalStateException(name + ": " + key + " names unknown parent " + p);
                }
            }
            ancestorsAndSelf.put(key, closure(key, new HashSet<>()));
        }
    }

    private Set<String> closure(String key, Set<String> visiting) {
        if (!visiting.add(key)) {
            throw new IllegalStateException("conditions.txt: cycle through " + key);
        }
        Set<String> out = new LinkedHashSet<>();
        out.add(key);
        for (String p : parents.getOrDefault(key, Set.of())) {
            out.addAll(closure(p, visiting));
        }
        visiting.remove(key);
        return out;
    }

    public Set<String> keys() {
        return parents.keySet();
    }

    public boolean contains(String key) {
        return parents.containsKey(key);
    }

    /** The key and all its ancestors. */
    public Set<String> ancestorsAndSelf(String key) {
        return ancestorsAndSelf.getOrDefault(key, Set.of(key));
    }

    /** Is {@code key} the concept {@code asked} or one of its descendants? */
    public boolean isA(String key, String asked) {
        return ancestorsAndSelf(key).contains(asked);
    }

    /** The most specific concepts the codes stand for (no text). */
    public Set<String> resolveCodes(Collection<Concept> codes) {
        if (codes.isEmpty()) {
            return Set.of();
        }
        List<Concept> key = List.copyOf(codes);
        Set<String> cached = codeCache.get(key);
        if (cached == null) {
            cached = Set.copyOf(new LinkedHashSet<>(resolveCodesUncached(codes)));
            if (codeCache.size() > CACHE_LIMIT) {
                codeCache.clear();
            }
            codeCache.put(key, cached);
        }
        return cached;
    }

    private Set<String> resolveCodesUncached(Collection<Concept> codes) {
        Set<String> found = new LinkedHashSet<>();
        for (Concept c : codes) {
            if (c.code() == null || c.system() == null) {
                continue;
            }
            switch (c.system()) {
                case Concept.SNOMED -> found.addAll(snomed.getOrDefault(c.code(), List.of()));
                case Concept.NCIT -> found.addAll(ncit.getOrDefault(c.code(), List.of()));
                case Concept.RXNORM -> found.addAll(rxnorm.getOrDefault(c.code(), List.of()));
                case Concept.ICD10CM, "http://hl7.org/fhir/sid/icd-10" -> found.addAll(icd(c.code()));
                default -> {
                }
            }
        }
        return mostSpecific(found);
    }

    /** ICD-10-CM: the concepts of the longest matching prefix. */
    private Set<String> icd(String code) {
        String norm = normaliseIcd(code);
        for (int len = norm.length(); len > 0; len--) {
            List<String> keys = icdPrefixes.get(norm.substring(0, len));
            if (keys != null) {
                return new LinkedHashSet<>(keys);
            }
        }
        return Set.of();
    }

    /**
     * The most specific concepts a name or description mentions ("acute leukemia" → ACUTE_LEUKEMIA, not LEUKEMIA).
     * A text that only reports a suspicion, screening or family history resolves to nothing when
     * {@code asDiagnosis} is set (patient data); criterion names are resolved without that guard.
     */
    public Set<String> resolveText(String text, boolean asDiagnosis) {
        if (text == null || text.isBlank()) {
            return Set.of();
        }
        String key = (asDiagnosis ? "D" : "N") + text;
        Set<String> cached = textCache.get(key);
        if (cached == null) {
            cached = Set.copyOf(resolveTextUncached(text, asDiagnosis));
            if (textCache.size() > CACHE_LIMIT) {
                textCache.clear();
            }
            textCache.put(key, cached);
        }
        return cached;
    }

    private Set<String> resolveTextUncached(String text, boolean asDiagnosis) {
        if (asDiagnosis && NOT_A_DIAGNOSIS.matcher(text).find()) {
            return Set.of();
        }
        String norm = " " + normaliseText(text) + " ";
        // every occurrence of every synonym; one inside a longer match does not count ("carcinoma" in
        // "carcinoma in situ" is not a malignancy)
        List<int[]> spans = new ArrayList<>();
        List<List<String>> spanKeys = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : synonyms.entrySet()) {
            String needle = " " + e.getKey() + " ";
            for (int at = norm.indexOf(needle); at >= 0; at = norm.indexOf(needle, at + 1)) {
                spans.add(new int[]{at, at + needle.length()});
                spanKeys.add(e.getValue());
            }
        }
        Set<String> found = new LinkedHashSet<>();
        for (int i = 0; i < spans.size(); i++) {
            boolean inner = false;
            for (int j = 0; j < spans.size() && !inner; j++) {
                inner = j != i && spans.get(j)[0] <= spans.get(i)[0] && spans.get(j)[1] >= spans.get(i)[1]
                        && spans.get(j)[1] - spans.get(j)[0] > spans.get(i)[1] - spans.get(i)[0];
            }
            if (!inner) {
                found.addAll(spanKeys.get(i));
            }
        }
        for (String token : text.split("[^A-Za-z0-9-]+")) {
            if (token.length() >= 2 && token.equals(token.toUpperCase(Locale.ROOT))) {
                found.addAll(acronyms.getOrDefault(token, List.of()));
            }
        }
        return mostSpecific(found);
    }

    /**
     * Codes and text together (display or CodeableConcept.text), most specific wins: a procedure coded as a generic
     * "stem cell transplant" whose text says "cord blood transplant" is the more specific one.
     */
    public Set<String> resolve(Collection<Concept> codes, String text, boolean asDiagnosis) {
        Set<String> all = new LinkedHashSet<>(resolveCodes(codes));
        all.addAll(resolveText(text, asDiagnosis));
        for (Concept c : codes) {
            all.addAll(resolveText(c.display(), asDiagnosis));
        }
        return mostSpecific(all);
    }

    /** Drops every concept that is an ancestor of another one in the set. */
    public Set<String> mostSpecific(Set<String> keys) {
        if (keys.size() < 2) {
            return keys;
        }
        Set<String> out = new LinkedHashSet<>(keys);
        for (String k : keys) {
            for (String a : ancestorsAndSelf(k)) {
                if (!a.equals(k)) {
                    out.remove(a);
                }
            }
        }
        return out;
    }

    /** Every concept the keys stand for, with all ancestors: what a patient "is" for candidate selection. */
    public Set<String> closure(Collection<String> keys) {
        Set<String> out = new LinkedHashSet<>();
        for (String k : keys) {
            out.addAll(ancestorsAndSelf(k));
        }
        return out;
    }

    static String normaliseIcd(String code) {
        return code.replace(".", "").trim().toUpperCase(Locale.ROOT);
    }

    static String normaliseText(String text) {
        return NON_WORD.matcher(text.toLowerCase(Locale.ROOT).replace('’', '\'')
                .replace("leukaemia", "leukemia").replace("tumour", "tumor")).replaceAll(" ").trim();
    }
}
