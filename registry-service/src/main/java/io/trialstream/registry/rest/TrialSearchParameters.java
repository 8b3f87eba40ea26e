package io.trialstream.registry.rest;

import io.trialstream.registry.domain.TrialIdentity;
import io.trialstream.registry.mapping.SearchColumns;
import io.trialstream.registry.repository.TrialQuery;
import jakarta.ws.rs.core.MultivaluedMap;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns the query string of {@code GET /api/v1/trials} into a {@link TrialQuery}, or a 400 that names the
 * parameter. Vocabulary values are those of ClinicalTrials.gov API v2, case-insensitive; a parameter may repeat, or
 * list values separated by commas, to mean any of them.
 */
final class TrialSearchParameters {
    static final Set<String> STATUSES = SearchColumns.OVERALL_STATUSES;
    static final Set<String> PHASES = Set.of("NA", "EARLY_PHASE1", "PHASE1", "PHASE2", "PHASE3", "PHASE4");
    static final Set<String> STUDY_TYPES = Set.of("INTERVENTIONAL", "OBSERVATIONAL", "EXPANDED_ACCESS");
    static final Set<String> SEXES = Set.of("ALL", "FEMALE", "MALE");
    static final Set<String> KNOWN = Set.of("condition", "conditionCode", "status", "phase", "studyType", "sex", "age",
            "country", "city", "sponsor", "q", "updatedSince", "page", "size", "sort");
    static final int MAX_SIZE = 100;
    /** Deeper pages cost a scan of everything before them; narrow the filters or use updatedSince instead. */
    static final int MAX_OFFSET = 10_000;
    /** Longest value of any parameter: free text, a place, a code. Longer input is an error, never a slow query. */
    static final int MAX_TEXT = 200;
    /** Most values of one parameter (repeated and comma-separated together). */
    static final int MAX_VALUES = 50;

    private TrialSearchParameters() {
    }

    static TrialQuery parse(MultivaluedMap<String, String> p) {
        for (String name : p.keySet()) {
            if (!KNOWN.contains(name)) {
                // the name is echoed in the answer: a long one is cut
                throw new BadParameterException(name.length() > 64 ? name.substring(0, 64) + "…" : name,
                        "is not a search parameter (known: " + String.join(", ", KNOWN.stream().sorted().toList()) + ")");
            }
        }
        String text = single(p, "q");
        int page = integer(p, "page", 0, 0, Integer.MAX_VALUE);
        int size = integer(p, "size", 20, 1, MAX_SIZE);
        if ((long) page * size > MAX_OFFSET) {
            throw new BadParameterException("page", "reaches past result " + MAX_OFFSET + "; narrow the search instead");
        }
        String sort = single(p, "sort");
        TrialQuery.Sort order = text != null ? TrialQuery.Sort.RELEVANCE : TrialQuery.Sort.UPDATED_AT;
        boolean descending = order == TrialQuery.Sort.UPDATED_AT;
        if (sort != null) {
            descending = sort.startsWith("-");
            String field = descending ? sort.substring(1) : sort;
            order = switch (field) {
                case "updatedAt" -> TrialQuery.Sort.UPDATED_AT;
                case "lastUpdateDate" -> TrialQuery.Sort.LAST_UPDATE_DATE;
                case "trialKey" -> TrialQuery.Sort.TRIAL_KEY;
                case "briefTitle" -> TrialQuery.Sort.BRIEF_TITLE;
                case "relevance" -> TrialQuery.Sort.RELEVANCE;
                default -> throw new BadParameterException("sort", "must be one of updatedAt, lastUpdateDate, trialKey, "
                        + "briefTitle, relevance, optionally prefixed with - for descending");
            };
            if (order == TrialQuery.Sort.RELEVANCE && text == null) {
                throw new BadParameterException("sort", "relevance needs a free-text search (q)");
            }
        }
        return new TrialQuery(single(p, "condition"), conditionCodes(p), vocabulary(p, "status", STATUSES),
                vocabulary(p, "phase", PHASES), vocabulary(p, "studyType", STUDY_TYPES), sex(p), age(p),
                place(p, "country"), place(p, "city"), single(p, "sponsor"), text, updatedSince(p), page, size, order,
                descending);
    }

    private static List<String> values(MultivaluedMap<String, String> p, String name) {
        List<String> raw = p.get(name);
        List<String> out = new ArrayList<>();
        if (raw == null) {
            return out;
        }
        for (String v : raw) {
            if (v.length() > MAX_TEXT * MAX_VALUES) {
                throw new BadParameterException(name, "is longer than " + MAX_TEXT * MAX_VALUES + " characters");
            }
            for (String part : v.split(",")) {
                if (part.isBlank()) {
                    throw new BadParameterException(name, "has an empty value");
                }
                if (part.trim().length() > MAX_TEXT) {
                    throw new BadParameterException(name, "has a value longer than " + MAX_TEXT + " characters");
                }
                out.add(part.trim());
            }
            if (out.size() > MAX_VALUES) {
                throw new BadParameterException(name, "has more than " + MAX_VALUES + " values");
            }
        }
        return out;
    }

    private static String single(MultivaluedMap<String, String> p, String name) {
        List<String> raw = p.get(name);
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        if (raw.size() > 1) {
            throw new BadParameterException(name, "may be given once");
        }
        String v = raw.get(0).trim();
        if (v.isEmpty()) {
            throw new BadParameterException(name, "is empty");
        }
        if (v.length() > MAX_TEXT) {
            throw new BadParameterException(name, "is longer than " + MAX_TEXT + " characters");
        }
        return v;
    }

    private static List<String> vocabulary(MultivaluedMap<String, String> p, String name, Set<String> allowed) {
        Set<String> out = new LinkedHashSet<>();
        for (String v : values(p, name)) {
            String normalised = SearchColumns.vocabulary(v);
            if (!allowed.contains(normalised)) {
                throw new BadParameterException(name, "has unknown value '" + v + "' (known: "
                        + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
            out.add(normalised);
        }
        return List.copyOf(out);
    }

    /** {@code code} or {@code system|code}, e.g. {@code C92.0} or {@code http://snomed.info/sct|91861009}. */
    private static List<String> conditionCodes(MultivaluedMap<String, String> p) {
        Set<String> out = new LinkedHashSet<>();
        for (String v : values(p, "conditionCode")) {
            int bar = v.lastIndexOf('|');
            String code = bar < 0 ? v : v.substring(bar + 1);
            if (code.isBlank() || bar == 0) {
                throw new BadParameterException("conditionCode", "must be a code or system|code");
            }
            out.add(bar < 0 ? SearchColumns.conditionCode(code) : v.substring(0, bar).trim() + "|" + SearchColumns.conditionCode(code));
        }
        return List.copyOf(out);
    }

    private static String sex(MultivaluedMap<String, String> p) {
        String v = single(p, "sex");
        if (v == null) {
            return null;
        }
        String s = v.toUpperCase(Locale.ROOT);
        if (!SEXES.contains(s)) {
            throw new BadParameterException("sex", "must be ALL, FEMALE or MALE");
        }
        return s;
    }

    private static Double age(MultivaluedMap<String, String> p) {
        String v = single(p, "age");
        if (v == null) {
            return null;
        }
        try {
            double years = Double.parseDouble(v);
            if (years >= 0 && years <= 150) {
                return years;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new BadParameterException("age", "must be a number of years between 0 and 150");
    }

    private static String place(MultivaluedMap<String, String> p, String name) {
        String v = single(p, name);
        if (v == null) {
            return null;
        }
        String normalised = TrialIdentity.text(v);
        if (normalised == null) {
            throw new BadParameterException(name, "has no letters or digits");
        }
        return normalised;
    }

    private static int integer(MultivaluedMap<String, String> p, String name, int dflt, int min, int max) {
        String v = single(p, name);
        if (v == null) {
            return dflt;
        }
        try {
            int i = Integer.parseInt(v);
            if (i >= min && i <= max) {
                return i;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new BadParameterException(name, "must be an integer from " + min + (max == Integer.MAX_VALUE ? "" : " to " + max));
    }

    /** An instant ({@code 2026-11-01T00:00:00Z}, any offset) or a date (midnight UTC). */
    private static Instant updatedSince(MultivaluedMap<String, String> p) {
        String v = single(p, "updatedSince");
        if (v == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException notDateTime) {
            try {
                return LocalDate.parse(v).atStartOfDay().toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException notDate) {
                throw new BadParameterException("updatedSince", "must be an ISO-8601 date-time with offset or a date, "
                        + "e.g. 2026-11-01T00:00:00Z or 2026-11-01");
            }
        }
    }
}
