package io.trialstream.registry.service;

import io.trialstream.contracts.Eligibility;
import io.trialstream.contracts.Provenance;
import io.trialstream.contracts.TrialRecord;
import io.trialstream.registry.mapping.Json;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SourceMergerTest {
    static final Provenance.SourceFormat V2 = Provenance.SourceFormat.CTGOV_V2_JSON;
    static final Provenance.SourceFormat XML = Provenance.SourceFormat.CTGOV_LEGACY_XML;
    static final Provenance.SourceFormat PAGE = Provenance.SourceFormat.SCRAPED_PAGE;

    static TrialRecord record(String key, String title, String acronym, String status, String lastUpdate,
                              List<String> keywords, Eligibility eligibility, TrialRecord.Ids ids) {
        return new TrialRecord(key, ids, title, null, acronym, null, status, null, null, null, null, null,
                lastUpdate == null ? null : new TrialRecord.PartialDate(lastUpdate, TrialRecord.PartialDate.Precision.DAY),
                null, keywords, null, null, null, null, eligibility, null, null, null, null, null);
    }

    static SourceSlot slot(String id, Provenance.SourceFormat f, TrialRecord r, Instant parsedAt) {
        String json = Json.write(r);
        return new SourceSlot(id, f, Json.write(new Provenance(f, id, "sha-" + id, "t", parsedAt)), Json.sha256(json),
                r.lastUpdateDate() == null ? null : r.lastUpdateDate().value(), parsedAt, json, r);
    }

    static List<SourceSlot> ordered(SourceSlot... slots) {
        List<SourceSlot> l = new ArrayList<>(List.of(slots));
        l.sort(SourceSlot.MERGE_ORDER);
        return l;
    }

    @Test
    void registryBeatsPageFieldByFieldAndThePageFillsGaps() {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        SourceSlot page = slot("page", PAGE, record("TS-1", "Page title", null, "RECRUITING", "2026-05-01",
                List.of("from page"), null, null), t.plusSeconds(60));
        SourceSlot registry = slot("reg", V2, record("NCT00000001", "Registry title", "REG", "COMPLETED", "2025-01-01",
                null, null, new TrialRecord.Ids("NCT00000001", null, null)), t);

        SourceMerger.Merged m = SourceMerger.merge(ordered(page, registry), "NCT00000001");

        // the page is newer and says RECRUITING, but registry data wins over scraped data
        assertThat(m.record().overallStatus()).isEqualTo("COMPLETED");
        assertThat(m.record().briefTitle()).isEqualTo("Registry title");
        assertThat(m.record().keywords()).containsExactly("from page");
        assertThat(m.record().trialKey()).isEqualTo("NCT00000001");
        assertThat(m.sources()).extracting(Provenance::sourceFormat).containsExactly(V2, PAGE);
        assertThat(m.fieldSources()).containsEntry("briefTitle", 0).containsEntry("keywords", 1)
                .containsEntry("overallStatus", 0);
    }

    @Test
    void aNewerButPoorerRegistryRecordDoesNotEraseWhatTheRicherOneSaid() {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        Eligibility rich = new Eligibility("ALL", "18 Years", "75 Years", new Eligibility.AgeBound(18, true),
                new Eligibility.AgeBound(75, true), false, List.of(new Eligibility.CriterionItem("inc-1", "Adults")),
                null, null);
        SourceSlot v2 = slot("v2", V2, record("NCT00000002", "Title", "ACR", "RECRUITING", "2025-01-01", null, rich, null), t);
        Eligibility poor = new Eligibility("FEMALE", null, null, null, null, null, null, null, null);
        SourceSlot xml = slot("xml", XML, record("NCT00000002", "Title", null, "COMPLETED", "2025-06-01", null, poor, null), t);

        SourceMerger.Merged m = SourceMerger.merge(ordered(v2, xml), "NCT00000002");

        assertThat(m.record().overallStatus()).as("the newer registry record leads").isEqualTo("COMPLETED");
        assertThat(m.record().acronym()).as("absent in the newer record, kept from the older").isEqualTo("ACR");
        assertThat(m.record().eligibility().sex()).isEqualTo("FEMALE");
        assertThat(m.record().eligibility().minimumAge()).isEqualTo("18 Years");
        assertThat(m.record().eligibility().minimumAgeBound().years()).isEqualTo(18);
        assertThat(m.record().eligibility().inclusion()).hasSize(1);
        assertThat(m.fieldSources()).containsEntry("eligibility.sex", 0).containsEntry("eligibility.minimumAge", 1)
                .containsEntry("acronym", 1);
    }

    @Test
    void anAgeTextAndItsBoundComeFromTheSameSource() {
        Instant t = Instant.now();
        Eligibility textOnly = new Eligibility(null, "18 Years", null, null, null, null, null, null, null);
        Eligibility both = new Eligibility(null, "21 Years", null, new Eligibility.AgeBound(21, true), null, null, null, null, null);
        SourceSlot reg = slot("reg", V2, record("NCT00000003", "T", null, null, null, null, textOnly, null), t);
        SourceSlot page = slot("page", PAGE, record("TS-3", "T", null, null, null, null, both, null), t);

        Eligibility e = SourceMerger.merge(ordered(page, reg), "NCT00000003").record().eligibility();

        assertThat(e.minimumAge()).isEqualTo("18 Years");
        assertThat(e.minimumAgeBound()).as("never the page's 21 beside the registry's 18").isNull();
    }

    @Test
    void secondaryIdsOfAllSourcesAccumulate() {
        Instant t = Instant.now();
        SourceSlot reg = slot("reg", V2, record("NCT00000004", "T", null, null, null, null, null,
                new TrialRecord.Ids("NCT00000004", List.of(new TrialRecord.SecondaryId("OTHER", "ABC-1")), null)), t);
        SourceSlot page = slot("page", PAGE, record("EUDRACT:2019-001929-27", "T", null, null, null, null, null,
                new TrialRecord.Ids(null, List.of(new TrialRecord.SecondaryId("EUDRACT_NUMBER", "2019-001929-27"),
                        new TrialRecord.SecondaryId("OTHER", "abc-1")), null)), t);

        TrialRecord.Ids ids = SourceMerger.merge(ordered(page, reg), "NCT00000004").record().ids();

        assertThat(ids.nctId()).isEqualTo("NCT00000004");
        assertThat(ids.secondaryIds()).extracting(TrialRecord.SecondaryId::id).containsExactly("ABC-1", "2019-001929-27");
    }

    @Test
    void sameSourceNewerDateWinsElseLaterParseElseGreaterHash() {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        SourceSlot june = slot("s", V2, record("NCT1", "a", null, null, "2025-06-01", null, null, null), t);
        SourceSlot may = slot("s", V2, record("NCT1", "b", null, null, "2025-05", null, null, null), t.plusSeconds(9));
        assertThat(june.isSupersededBy(may)).as("May is older than June-01 at month precision").isFalse();
        SourceSlot reparse = slot("s", V2, record("NCT1", "c", null, null, "2025-06-01", null, null, null), t.plusSeconds(1));
        assertThat(june.isSupersededBy(reparse)).isTrue();
        assertThat(reparse.isSupersededBy(june)).isFalse();
    }
}
