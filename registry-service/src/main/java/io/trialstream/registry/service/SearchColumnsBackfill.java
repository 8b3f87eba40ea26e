package io.trialstream.registry.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.trialstream.contracts.TrialRecord;
import io.trialstream.registry.domain.TrialIdentity;
import io.trialstream.registry.mapping.Json;
import io.trialstream.registry.mapping.SearchColumns;
import io.trialstream.registry.repository.TrialBatchRepository;
import io.trialstream.registry.repository.TrialBatchRepository.TrialWrite;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fills the V2 search columns of trials stored before V2 (once; a no-op afterwards). Done in Java rather than in the
 * migration so the columns are computed by the same code as for every new version (SearchColumns, TrialIdentity).
 */
@ApplicationScoped
public class SearchColumnsBackfill {
    private static final Logger LOG = Logger.getLogger(SearchColumnsBackfill.class);
    private static final int BATCH = 200;

    private final TrialBatchRepository repository;

    public SearchColumnsBackfill(TrialBatchRepository repository) {
        this.repository = repository;
    }

    void onStart(@Observes StartupEvent event) {
        int total = 0;
        int n;
        while ((n = QuarkusTransaction.requiringNew().call(this::fillBatch)) > 0) {
            total += n;
        }
        if (total > 0) {
            LOG.infof("search columns filled for %d trials stored before V2", total);
        }
    }

    private int fillBatch() throws Exception {
        try (Connection c = repository.connection()) {
            Map<String, String> rows = repository.withoutSearchColumns(c, BATCH);
            List<TrialWrite> writes = new ArrayList<>();
            for (Map.Entry<String, String> e : rows.entrySet()) {
                TrialRecord r = Json.read(e.getValue(), TrialRecord.class);
                SearchColumns s = SearchColumns.of(r);
                Map<String, Integer> fields = new LinkedHashMap<>();
                SourceMerger.merge(List.of(new SourceSlot("backfill", null, null, "", null, null, e.getValue(), r)), e.getKey())
                        .fieldSources().forEach(fields::put);
                writes.add(new TrialWrite(e.getKey(), 0, null, null, null, null, null, null, Json.write(fields),
                        s.facetsJson(), List.copyOf(TrialIdentity.matchKeys(r)), s.minAgeYears(), s.minAgeInclusive(),
                        s.maxAgeYears(), s.maxAgeInclusive(), s.lastUpdateDate(), null));
            }
            if (!writes.isEmpty()) {
                repository.updateSearchColumns(c, writes);
            }
            return writes.size();
        }
    }
}
