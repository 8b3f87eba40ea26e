package io.trialstream.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.trialstream.contracts.ContractJson;
import io.trialstream.testsupport.SharedData;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A real ClinicalTrials.gov API v2 study from the shared data, reduced to the fields the merge test needs (the
 * registry has no parser; ingest's is a separate service). Empty when the shared data is absent.
 */
final class RealStudy {
    static final String FILE = "ctgov-v2-json-samples/biomcp/testdata/sources/ctgov/get_nct02576665_20260811.json";

    static Optional<TrialBuilder> registryRecord() {
        Optional<Path> file = SharedData.resolve(FILE);
        if (file.isEmpty()) {
            return Optional.empty();
        }
        try {
            JsonNode ps = ContractJson.mapper().readTree(file.get().toFile()).path("protocolSection");
            String nct = ps.path("identificationModule").path("nctId").asText();
            TrialBuilder b = TrialBuilder.registry(nct)
                    .title(ps.path("identificationModule").path("briefTitle").asText())
                    .status(ps.path("statusModule").path("overallStatus").asText())
                    .sponsor(ps.path("sponsorCollaboratorsModule").path("leadSponsor").path("name").asText())
                    .lastUpdate("2019-12-20");
            List<String> conditions = new ArrayList<>();
            ps.path("conditionsModule").path("conditions").forEach(c -> conditions.add(c.asText()));
            b.conditions(conditions.toArray(String[]::new));
            for (JsonNode l : ps.path("contactsLocationsModule").path("locations")) {
                b.site(l.path("facility").asText(null), l.path("city").asText(null), l.path("country").asText(null));
            }
            return Optional.of(b);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + FILE, e);
        }
    }
}
