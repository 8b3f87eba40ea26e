package io.trialstream.registry.domain;

import io.trialstream.contracts.ParsedTrial;
import io.trialstream.contracts.Provenance;
import io.trialstream.contracts.TrialRecord;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which trial a document is about, beyond its trial key: the registry ids that identify exactly one trial, and
 * the title + sponsor fingerprints of the similarity rule (docs/registry.md, "Same trial?").
 * <p>
 * Only ids that a registry issues once per trial count (EudraCT, CTIS). Grant numbers, org study ids and "OTHER"
 * ids are shared by many trials of one institution, so matching on them would merge different trials.
 */
public final class TrialIdentity {
    public static final String EUDRACT = "EUDRACT:";
    public static final String CTIS = "CTIS:";
    public static final String TITLE = "TITLE:";

    private static final Pattern CTIS_ID = Pattern.compile("\\b(\\d{4}-\\d{6}-\\d{2}-\\d{2})\\b");
    private static final Pattern EUDRACT_ID = Pattern.compile("\\b(\\d{4}-\\d{6}-\\d{2})\\b");
    private static final Pattern NCT_ID = Pattern.compile("NCT\\d{8}");
    private static final Pattern NOT_ALNUM = Pattern.compile("[^a-z0-9]+");
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    /** Legal-form words that differ between a registry's sponsor name and a web page's. */
    private static final Pattern LEGAL_FORM = Pattern.compile(
            "\\b(inc|incorporated|ltd|limited|llc|plc|gmbh|ag|sa|s a|spa|s p a|bv|nv|co|corp|corporation|company|the)\\b");
    /** Fewer words than this and a title is too generic to identify a trial, even with its sponsor. */
    static final int MIN_TITLE_WORDS = 4;

    private TrialIdentity() {
    }

    /** The NCT id a record states for itself, upper-cased; null when none or malformed. */
    public static String nctId(TrialRecord r) {
        String id = r.ids() == null ? null : r.ids().nctId();
        if (id == null) {
            return null;
        }
        String upper = id.trim().toUpperCase(Locale.ROOT);
        return NCT_ID.matcher(upper).matches() ? upper : null;
    }

    public static boolean isNctId(String key) {
        return key != null && NCT_ID.matcher(key).matches();
    }

    /** Registry ids and title fingerprints of a record; any shared key makes two records candidates for one trial. */
    public static Set<String> matchKeys(TrialRecord r) {
        Set<String> keys = new LinkedHashSet<>(registryIds(r));
        keys.addAll(titleKeys(r));
        return keys;
    }

    public static Set<String> registryIds(TrialRecord r) {
        Set<String> keys = new LinkedHashSet<>();
        if (r.trialKey() != null && (r.trialKey().startsWith(EUDRACT) || r.trialKey().startsWith(CTIS))) {
            keys.add(r.trialKey());
        }
        if (r.ids() != null && r.ids().secondaryIds() != null) {
            for (TrialRecord.SecondaryId sid : r.ids().secondaryIds()) {
                if (sid == null || sid.id() == null) {
                    continue;
                }
                Matcher ctis = CTIS_ID.matcher(sid.id());
                if (ctis.find()) {
                    keys.add(CTIS + ctis.group(1));
                    continue;
                }
                Matcher eudract = EUDRACT_ID.matcher(sid.id());
                if (eudract.find()) {
                    keys.add(EUDRACT + eudract.group(1));
                }
            }
        }
        return keys;
    }

    /** One fingerprint per stated title (brief and official), each paired with the lead sponsor. */
    public static Set<String> titleKeys(TrialRecord r) {
        Set<String> keys = new LinkedHashSet<>();
        String sponsor = r.sponsors() == null ? null : sponsor(r.sponsors().lead());
        if (sponsor == null || sponsor.isEmpty()) {
            return keys;
        }
        for (String title : new String[]{r.briefTitle(), r.officialTitle()}) {
            String t = text(title);
            if (t != null && t.split(" ").length >= MIN_TITLE_WORDS) {
                keys.add(TITLE + sha256(t + "|" + sponsor).substring(0, 32));
            }
        }
        return keys;
    }

    public static boolean isRegistryId(String matchKey) {
        return matchKey.startsWith(EUDRACT) || matchKey.startsWith(CTIS);
    }

    /**
     * The slot a document fills in its trial: one per registry format (a registry keeps one record per trial), one
     * per page address for scraped pages (a re-scrape of the same page replaces it; another site is another source).
     */
    public static String sourceId(ParsedTrial p) {
        Provenance prov = p.provenance();
        Provenance.SourceFormat format = prov == null ? null : prov.sourceFormat();
        String name = format == null ? "UNKNOWN" : format.name();
        String nct = nctId(p.trial());
        if (format == Provenance.SourceFormat.CTGOV_V2_JSON || format == Provenance.SourceFormat.CTGOV_LEGACY_XML) {
            return name + "|" + (nct != null ? nct : p.trial().trialKey());
        }
        String uri = prov == null ? null : prov.sourceUri();
        return name + "|" + (uri != null && !uri.isBlank() ? uri.trim() : p.trial().trialKey());
    }

    /** Lower case, accents and punctuation removed, single spaces: how two spellings of one name compare. */
    public static String text(String s) {
        if (s == null) {
            return null;
        }
        String folded = MARKS.matcher(Normalizer.normalize(s, Normalizer.Form.NFD)).replaceAll("");
        String t = NOT_ALNUM.matcher(folded.toLowerCase(Locale.ROOT)).replaceAll(" ").trim();
        return t.isEmpty() ? null : t;
    }

    static String sponsor(String s) {
        String t = text(s);
        if (t == null) {
            return null;
        }
        String stripped = LEGAL_FORM.matcher(t).replaceAll(" ").replaceAll(" +", " ").trim();
        return stripped.isEmpty() ? t : stripped;
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
