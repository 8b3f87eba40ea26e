package io.trialstream.registry;

import io.trialstream.contracts.Eligibility;
import io.trialstream.contracts.ParsedTrial;
import io.trialstream.contracts.Provenance;
import io.trialstream.contracts.TrialRecord;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Builds the ParsedTrial records a source would publish (ingest's parsers are not a dependency of the registry). */
final class TrialBuilder {
    String key;
    String nctId;
    List<TrialRecord.SecondaryId> secondaryIds;
    String briefTitle;
    String officialTitle;
    String acronym;
    String briefSummary;
    String status;
    List<String> phases;
    String studyType;
    String lastUpdate;
    List<String> conditions;
    List<String> keywords;
    Eligibility eligibility;
    String leadSponsor;
    List<String> collaborators;
    List<TrialRecord.Location> locations;
    Provenance.SourceFormat format = Provenance.SourceFormat.CTGOV_V2_JSON;
    String sourceUri;
    Instant parsedAt = Instant.now();

    static TrialBuilder registry(String nct) {
        TrialBuilder b = new TrialBuilder();
        b.key = nct;
        b.nctId = nct;
        return b;
    }

    static TrialBuilder page(String key, String uri) {
        TrialBuilder b = new TrialBuilder();
        b.key = key;
        b.format = Provenance.SourceFormat.SCRAPED_PAGE;
        b.sourceUri = uri;
        return b;
    }

    TrialBuilder title(String t) {
        briefTitle = t;
        return this;
    }

    TrialBuilder officialTitle(String t) {
        officialTitle = t;
        return this;
    }

    TrialBuilder acronym(String a) {
        acronym = a;
        return this;
    }

    TrialBuilder summary(String s) {
        briefSummary = s;
        return this;
    }

    TrialBuilder status(String s) {
        status = s;
        return this;
    }

    TrialBuilder phases(String... p) {
        phases = List.of(p);
        return this;
    }

    TrialBuilder studyType(String t) {
        studyType = t;
        return this;
    }

    TrialBuilder lastUpdate(String d) {
        lastUpdate = d;
        return this;
    }

    TrialBuilder conditions(String... c) {
        conditions = List.of(c);
        return this;
    }

    TrialBuilder keywords(String... k) {
        keywords = List.of(k);
        return this;
    }

    TrialBuilder sponsor(String lead, String... collaborators) {
        leadSponsor = lead;
        this.collaborators = collaborators.length == 0 ? null : List.of(collaborators);
        return this;
    }

    TrialBuilder eudract(String id) {
        secondaryIds = new ArrayList<>(secondaryIds == null ? List.of() : secondaryIds);
        secondaryIds.add(new TrialRecord.SecondaryId("EUDRACT_NUMBER", id));
        return this;
    }

    TrialBuilder secondaryId(String type, String id) {
        secondaryIds = new ArrayList<>(secondaryIds == null ? List.of() : secondaryIds);
        secondaryIds.add(new TrialRecord.SecondaryId(type, id));
        return this;
    }

    TrialBuilder eligibility(Eligibility e) {
        eligibility = e;
        return this;
    }

    /** Sex and an age range in years; null bound = not stated. */
    TrialBuilder ages(String sex, Double minYears, Double maxYears) {
        eligibility = new Eligibility(sex, minYears == null ? null : fmt(minYears) + " Years",
                maxYears == null ? null : fmt(maxYears) + " Years",
                minYears == null ? null : new Eligibility.AgeBound(minYears, true),
                maxYears == null ? null : new Eligibility.AgeBound(maxYears, true), null, null, null, null);
        return this;
    }

    TrialBuilder site(String facility, String city, String country) {
        locations = new ArrayList<>(locations == null ? List.of() : locations);
        locations.add(new TrialRecord.Location(facility, city, null, country, null));
        return this;
    }

    TrialBuilder format(Provenance.SourceFormat f) {
        format = f;
        return this;
    }

    TrialBuilder parsedAt(Instant i) {
        parsedAt = i;
        return this;
    }

    TrialRecord record() {
        TrialRecord.Ids ids = nctId == null && secondaryIds == null ? null : new TrialRecord.Ids(nctId, secondaryIds, null);
        return new TrialRecord(key, ids, briefTitle, officialTitle, acronym, briefSummary, status, phases, studyType,
                null, null, null,
                lastUpdate == null ? null : new TrialRecord.PartialDate(lastUpdate,
                        lastUpdate.length() == 10 ? TrialRecord.PartialDate.Precision.DAY
                                : lastUpdate.length() == 7 ? TrialRecord.PartialDate.Precision.MONTH
                                : TrialRecord.PartialDate.Precision.YEAR),
                conditions, keywords, null, null, null, null, eligibility,
                leadSponsor == null ? null : new TrialRecord.Sponsors(leadSponsor, collaborators), null, locations, null, null);
    }

    ParsedTrial build() {
        return wrap(record());
    }

    ParsedTrial wrap(TrialRecord r) {
        return new ParsedTrial(ParsedTrial.SCHEMA_VERSION, r, new Provenance(format, sourceUri,
                UUID.randomUUID().toString().replace("-", "") + UUID.randomUUID().toString().replace("-", ""),
                "test", parsedAt));
    }

    private static String fmt(double years) {
        return years == Math.floor(years) ? Long.toString((long) years) : Double.toString(years);
    }
}
