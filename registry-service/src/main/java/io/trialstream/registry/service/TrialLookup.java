package io.trialstream.registry.service;

import io.trialstream.registry.domain.TrialEntity;
import io.trialstream.registry.domain.TrialIdentity;
import io.trialstream.registry.mapping.SearchColumns;
import io.trialstream.registry.repository.TrialAliasRepository;
import io.trialstream.registry.repository.TrialRepository;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds a canonical trial by any name a user may have for it: its trial key, a key that became an alias (a scraped
 * page's {@code TS-…}, an absorbed {@code EUDRACT:…}), its NCT id in any case, or a secondary id it states.
 */
@ApplicationScoped
public class TrialLookup {

    /** More than one trial states this secondary id (grant numbers often are shared). */
    public static class AmbiguousKeyException extends RuntimeException {
        private final List<String> trialKeys;

        public AmbiguousKeyException(String key, List<String> trialKeys) {
            super("'" + key + "' is a secondary id of " + trialKeys.size() + " trials; use one of their trial keys");
            this.trialKeys = trialKeys;
        }

        public List<String> trialKeys() {
            return trialKeys;
        }
    }

    private final TrialRepository trials;
    private final TrialAliasRepository aliases;

    public TrialLookup(TrialRepository trials, TrialAliasRepository aliases) {
        this.trials = trials;
        this.aliases = aliases;
    }

    public Optional<TrialEntity> find(String key) {
        String k = key.trim();
        Optional<TrialEntity> t = byKey(k);
        if (t.isPresent()) {
            return t;
        }
        String upper = k.toUpperCase(Locale.ROOT);
        if (!upper.equals(k) && (t = byKey(upper)).isPresent()) {
            return t;
        }
        // a bare EudraCT/CTIS number is also the key a page without NCT id got from ingest
        if ((t = byKey(TrialIdentity.EUDRACT + k)).isPresent() || (t = byKey(TrialIdentity.CTIS + k)).isPresent()) {
            return t;
        }
        String secondary = SearchColumns.secondaryId(stripPrefix(k));
        List<String> keys = trials.keysBySecondaryId(secondary);
        if (keys.size() > 1) {
            throw new AmbiguousKeyException(k, keys);
        }
        return keys.isEmpty() ? Optional.empty() : trials.findByIdOptional(keys.get(0));
    }

    /** The canonical key for any name of a trial, if it exists. */
    public Optional<String> canonicalKey(String key) {
        return find(key).map(t -> t.trialKey);
    }

    private Optional<TrialEntity> byKey(String k) {
        return trials.findByKeyOrNctId(k).or(() -> aliases.canonicalKey(k).flatMap(trials::findByIdOptional));
    }

    private static String stripPrefix(String k) {
        for (String prefix : new String[]{TrialIdentity.EUDRACT, TrialIdentity.CTIS}) {
            if (k.toUpperCase(Locale.ROOT).startsWith(prefix)) {
                return k.substring(prefix.length());
            }
        }
        return k;
    }
}
