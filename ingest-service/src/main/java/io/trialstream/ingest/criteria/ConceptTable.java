package io.trialstream.ingest.criteria;

import io.trialstream.contracts.Concept;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A curated table under {@code src/main/resources/criteria/} (conditions, therapies, procedures, biomarkers): one
 * row per concept with its codes and the phrases that name it. The tables say where their codes come from.
 */
final class ConceptTable {

    /** One row: the name written in {@code Criterion.parameter}, and its codes. */
    record Entry(String parameter, List<Concept> concepts) {
    }

    static PhraseLexicon<Entry> load(String resource) {
        PhraseLexicon<Entry> lexicon = new PhraseLexicon<>();
        try (InputStream in = ConceptTable.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing criteria table " + resource);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            int lineNo = 0;
            while ((line = reader.readLine()) != null) {
                lineNo++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] cols = line.split("\t");
                if (cols.length != 3) {
                    throw new IllegalStateException(resource + ":" + lineNo + ": expected 3 tab-separated columns");
                }
                Entry entry = new Entry(cols[0].strip(), concepts(cols[1].strip(), cols[0].strip()));
                lexicon.add(cols[0].strip(), entry, true); // the name itself always finds its row
                for (String synonym : cols[2].split("\\|")) {
                    if (!synonym.isBlank()) {
                        lexicon.add(synonym.strip(), entry, true);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lexicon;
    }

    private static List<Concept> concepts(String codes, String display) {
        List<Concept> out = new ArrayList<>();
        if (codes.equals("-")) {
            return out;
        }
        for (String code : codes.split("\\|")) {
            int colon = code.indexOf(':');
            String system = switch (code.substring(0, colon)) {
                case "SCT" -> Concept.SNOMED;
                case "ICD" -> Concept.ICD10CM;
                case "RX" -> Concept.RXNORM;
                case "NCIT" -> Concept.NCIT;
                case "HGNC" -> Concept.HGNC;
                default -> throw new IllegalStateException("unknown code system in " + code);
            };
            out.add(new Concept(system, code.substring(colon + 1), display));
        }
        return List.copyOf(out);
    }

    private ConceptTable() {
    }
}
