package io.trialstream.ingest.criteria;

import io.trialstream.contracts.Concept;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The curated tables under resources/criteria are well formed: codes look like codes, names find their rows. */
class CuratedTablesTest {

    @ParameterizedTest
    @ValueSource(strings = {"/criteria/conditions.tsv", "/criteria/therapies.tsv", "/criteria/procedures.tsv",
            "/criteria/biomarkers.tsv"})
    void everyRowHasANameWellFormedCodesAndUnambiguousSynonyms(String resource) throws IOException {
        Map<String, String> synonymOwner = new HashMap<>();
        List<String> rows = rows(resource);
        assertThat(rows).isNotEmpty();
        for (String row : rows) {
            String[] cols = row.split("\t");
            assertThat(cols).as(row).hasSize(3);
            assertThat(cols[0]).isNotBlank();
            if (!cols[1].equals("-")) {
                for (String code : cols[1].split("\\|")) {
                    String value = code.substring(code.indexOf(':') + 1);
                    switch (code.substring(0, code.indexOf(':'))) {
                        case "SCT" -> assertThat(value).as(row).matches("[1-9][0-9]{5,17}");
                        case "ICD" -> assertThat(value).as(row).matches("[A-Z][0-9]{2}(?:\\.[0-9A-Z]{1,4})?");
                        case "RX" -> assertThat(value).as(row).matches("[1-9][0-9]{2,7}");
                        case "HGNC" -> assertThat(value).as(row).matches("[A-Z0-9-]{2,10}");
                        default -> throw new AssertionError("unknown code system in " + row);
                    }
                }
            }
            for (String synonym : cols[2].split("\\|")) {
                String key = String.join(" ", PhraseLexicon.tokens(ItemText.fold(synonym)))
                        + (synonym.equals(synonym.toUpperCase()) ? "#cs" : "");
                String previous = synonymOwner.put(key, cols[0]);
                assertThat(previous == null || previous.equals(cols[0]))
                        .as("synonym '%s' names both '%s' and '%s'", synonym, previous, cols[0]).isTrue();
            }
        }
    }

    @Test
    void conditionNamesFindTheirOwnRow() throws IOException {
        for (String row : rows("/criteria/conditions.tsv")) {
            String name = row.split("\t")[0];
            var hits = ConditionRule.LEXICON.find(new ItemText(name));
            assertThat(hits).as(name).isNotEmpty();
            assertThat(hits.get(0).value().parameter()).as(name).isEqualTo(name);
        }
    }

    @Test
    void codesUseTheContractsSystems() {
        var hit = ConditionRule.LEXICON.find(new ItemText("multiple myeloma")).get(0).value();
        assertThat(hit.concepts()).extracting(Concept::system).containsExactly(Concept.SNOMED, Concept.ICD10CM);
        var egfr = BiomarkerRule.LEXICON.find(new ItemText("EGFR mutation")).get(0).value();
        assertThat(egfr.concepts()).extracting(Concept::system).containsExactly(Concept.HGNC);
    }

    private static List<String> rows(String resource) throws IOException {
        List<String> rows = new ArrayList<>();
        try (var in = CuratedTablesTest.class.getResourceAsStream(resource)) {
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    rows.add(line);
                }
            }
        }
        return rows;
    }
}
