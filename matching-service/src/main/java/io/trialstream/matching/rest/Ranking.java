package io.trialstream.matching.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.trialstream.contracts.ContractJson;
import io.trialstream.contracts.MatchEvent;
import io.trialstream.matching.domain.MatchEntity;
import io.trialstream.matching.rest.ProblemMappers.BadRequestProblem;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Query-parameter checks and the ranking shared by the match listings. */
final class Ranking {
    private static final Comparator<MatchEvent> BEST_FIRST = Comparator
            .comparing((MatchEvent m) -> m.verdict() == MatchEvent.Verdict.ELIGIBLE ? 0 : 1)
            .thenComparing(MatchEvent::score, Comparator.reverseOrder())
            .thenComparing(MatchEvent::trialKey)
            .thenComparing(MatchEvent::patientId);

    private Ranking() {
    }

    static List<MatchEvent> ranked(List<MatchEntity> rows, MatchEvent.Verdict verdict, int limit) {
        return rows.stream().map(Ranking::read).filter(m -> verdict == null || m.verdict() == verdict)
                .sorted(BEST_FIRST).limit(limit).toList();
    }

    static void checkId(String id, String name) {
        if (id == null || id.isBlank() || id.length() > 200) {
            throw new BadRequestProblem("INVALID_PARAMETER", name + " must be 1–200 characters", name);
        }
    }

    static MatchEvent.Verdict verdict(String verdict) {
        if (verdict == null || verdict.isBlank()) {
            return null;
        }
        try {
            MatchEvent.Verdict v = MatchEvent.Verdict.valueOf(verdict.trim().toUpperCase(Locale.ROOT));
            if (v == MatchEvent.Verdict.INELIGIBLE) {
                throw new IllegalArgumentException();
            }
            return v;
        } catch (IllegalArgumentException e) {
            throw new BadRequestProblem("INVALID_PARAMETER", "verdict must be ELIGIBLE or POSSIBLY_ELIGIBLE", "verdict");
        }
    }

    static int limit(String limit) {
        try {
            int n = Integer.parseInt(limit.trim());
            if (n >= 1 && n <= 1000) {
                return n;
            }
        } catch (NumberFormatException e) {
            // falls through to the problem below
        }
        throw new BadRequestProblem("INVALID_PARAMETER", "limit must be an integer from 1 to 1000", "limit");
    }

    static MatchEvent read(MatchEntity m) {
        try {
            return ContractJson.mapper().readValue(m.payload, MatchEvent.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored match unreadable", e);
        }
    }
}
