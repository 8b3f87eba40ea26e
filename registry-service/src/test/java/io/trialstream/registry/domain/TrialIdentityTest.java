package io.trialstream.registry.domain;

import io.trialstream.contracts.TrialRecord;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TrialIdentityTest {

    static TrialRecord record(String key, String brief, String official, String sponsor, List<TrialRecord.SecondaryId> ids) {
        return new TrialRecord(key, ids == null ? null : new TrialRecord.Ids(null, ids, null), brief, official, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                sponsor == null ? null : new TrialRecord.Sponsors(sponsor, null), null, null, null, null);
    }

    @Test
    void onlyIdsARegistryIssuesOncePerTrialIdentifyIt() {
        TrialRecord r = record("TS-1", null, null, null, List.of(
                new TrialRecord.SecondaryId("EUDRACT_NUMBER", "2019-001929-27"),
                new TrialRecord.SecondaryId("CTIS", "2023-503456-12-00"),
                new TrialRecord.SecondaryId("NIH", "P30CA008748"),
                new TrialRecord.SecondaryId("OTHER", "EudraCT 2020-000123-45")));
        assertThat(TrialIdentity.registryIds(r)).containsExactlyInAnyOrder("EUDRACT:2019-001929-27",
                "CTIS:2023-503456-12-00", "EUDRACT:2020-000123-45");
    }

    @Test
    void titleAndSponsorMatchAcrossSpellings() {
        TrialRecord registry = record("NCT03941769", "Recombinant Interleukin-7 for Myelodysplastic Syndrome",
                "A Phase I Study of Interleukin-7", "M.D. Anderson Cancer Center", null);
        TrialRecord page = record("TS-abc", "Recombinant interleukin 7 for myelodysplastic syndrome", null,
                "M.D. Anderson Cancer Center, Inc.", null);
        assertThat(TrialIdentity.titleKeys(page)).isNotEmpty().isSubsetOf(TrialIdentity.titleKeys(registry));
    }

    @Test
    void aTitleWithoutSponsorOrAShortTitleIdentifiesNothing() {
        assertThat(TrialIdentity.titleKeys(record("TS-1", "Recombinant Interleukin-7 for Myelodysplastic Syndrome",
                null, null, null))).isEmpty();
        assertThat(TrialIdentity.titleKeys(record("TS-2", "Pilot study", null, "Mayo Clinic", null))).isEmpty();
    }

    @Test
    void namesCompareWithoutCaseAccentsAndPunctuation() {
        assertThat(TrialIdentity.text("  Zürich–Nord ")).isEqualTo("zurich nord");
    }
}
