package io.trialstream.matching.facts;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.LenientErrorHandler;
import io.trialstream.contracts.Concept;
import io.trialstream.contracts.PatientEvent;
import io.trialstream.contracts.vocab.Analyte;
import io.trialstream.matching.evaluation.ClinicalCodes;
import io.trialstream.matching.evaluation.PatientFacts;
import io.trialstream.matching.evaluation.PatientFacts.Condition;
import io.trialstream.matching.evaluation.PatientFacts.Medication;
import io.trialstream.matching.evaluation.PatientFacts.Observation;
import io.trialstream.matching.evaluation.PatientFacts.Procedure;
import io.trialstream.matching.vocabulary.UnitConversion;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads FHIR R4 JSON (a Bundle, or a single Patient, Condition, Observation, MedicationStatement / MedicationRequest /
 * MedicationAdministration or Procedure) into patient facts with HAPI FHIR.
 * <p>
 * The patient is the Kafka record key (pseudonymous): resource ids, identifiers, names and addresses are never kept,
 * logged or echoed. A resource's identity survives only as a one-way hash, so a later version of the same
 * Condition replaces the earlier one. The parser runs with a non-logging lenient error handler because HAPI's
 * default handler would log offending values; a malformed element is dropped, a document that is not FHIR at all is
 * rejected with a reason code.
 * <p>
 * Every coded observation is kept; {@link FactMerger} keeps only the latest one per code for those the evaluator
 * cannot use yet (vital signs, questionnaires), so they cannot grow the stored facts without bound.
 */
public final class FhirPatientReader {
    private static final Set<String> SUPPORTED = Set.of("Bundle", "Patient", "Condition", "Observation",
            "MedicationStatement", "MedicationRequest", "MedicationAdministration", "Procedure");
    private static final String UCUM = "http://unitsofmeasure.org";
    private static final Pattern GRADE = Pattern.compile("(?i)(?:grade|stage)\\s*([0-4]|i{1,3}v?|iv)\\b");

    private final FhirContext context;
    private final UnitConversion units = new UnitConversion();

    /** @param context shared: creating a FhirContext scans the whole R4 model and costs about a second */
    public FhirPatientReader(FhirContext context) {
        this.context = context;
    }

    /** The one FhirContext of the process, configured so that parse problems are never logged with their values. */
    public static FhirContext newContext() {
        FhirContext ctx = FhirContext.forR4();
        ctx.setParserErrorHandler(new LenientErrorHandler(false).setErrorOnInvalidValue(false));
        return ctx;
    }

    /** @throws UnreadableEventException with a reason code; its message never carries document content */
    public PatientUpdate read(String patientId, String json) {
        IBaseResource parsed;
        try {
            IParser parser = context.newJsonParser();
            parser.setParserErrorHandler(new LenientErrorHandler(false).setErrorOnInvalidValue(false));
            parsed = parser.parseResource(json);
        } catch (DataFormatException | IllegalArgumentException | ClassCastException e) {
            throw new UnreadableEventException("INVALID_FHIR", "value is not a readable FHIR R4 resource");
        }
        String type = parsed.fhirType();
        if (!SUPPORTED.contains(type)) {
            throw new UnreadableEventException("UNSUPPORTED_RESOURCE_TYPE", "FHIR resource type is not read by the matcher");
        }
        Collected out = new Collected();
        if (parsed instanceof Bundle bundle) {
            Map<String, Resource> byReference = new HashMap<>();
            for (Bundle.BundleEntryComponent e : bundle.getEntry()) {
                Resource r = e.getResource();
                if (r != null) {
                    if (e.hasFullUrl()) {
                        byReference.put(e.getFullUrl(), r);
                    }
                    if (r.hasIdElement() && r.getIdElement().hasIdPart()) {
                        byReference.put(r.fhirType() + "/" + r.getIdElement().getIdPart(), r);
                    }
                }
            }
            for (Bundle.BundleEntryComponent e : bundle.getEntry()) {
                if (e.getResource() != null && !(e.hasRequest() && e.getRequest().getMethod() == Bundle.HTTPVerb.DELETE)) {
                    add(e.getResource(), out, byReference);
                }
            }
        } else {
            add((Resource) parsed, out, Map.of());
        }
        if (out.patientResources == 0) {
            throw new UnreadableEventException("NO_PATIENT_FACTS", "FHIR input holds no patient resource the matcher reads");
        }
        PatientFacts facts = new PatientFacts(patientId, out.birthDate, out.sex, out.conditions, out.observations,
                out.medications, out.procedures);
        return new PatientUpdate(patientId, PatientUpdate.Mode.MERGE, facts, null, PatientUpdate.FHIR);
    }

    private static final class Collected {
        LocalDate birthDate;
        PatientEvent.Sex sex;
        boolean patientSeen;
        int patientResources;
        final List<Condition> conditions = new ArrayList<>();
        final List<Observation> observations = new ArrayList<>();
        final List<Medication> medications = new ArrayList<>();
        final List<Procedure> procedures = new ArrayList<>();
    }

    private void add(Resource r, Collected out, Map<String, Resource> bundle) {
        if (!r.fhirType().equals("Bundle") && SUPPORTED.contains(r.fhirType())) {
            out.patientResources++;
        }
        if (r instanceof Patient p) {
            patient(p, out);
        } else if (r instanceof org.hl7.fhir.r4.model.Condition c) {
            condition(c, out);
        } else if (r instanceof org.hl7.fhir.r4.model.Observation o) {
            observation(o, out);
        } else if (r instanceof MedicationStatement m) {
            String status = m.getStatus() == null ? null : m.getStatus().toCode();
            out.medications.add(new Medication(medication(m.getMedication(), bundle), status, start(m.getEffective()),
                    end(m.getEffective(), status), source(r), version(r)));
        } else if (r instanceof MedicationRequest m) {
            Period validity = m.getDispenseRequest().getValidityPeriod();
            LocalDate start = m.hasAuthoredOn() ? date(m.getAuthoredOnElement()) : validity.hasStart() ? date(validity.getStartElement()) : null;
            LocalDate end = validity.hasEnd() ? date(validity.getEndElement()) : null;
            out.medications.add(new Medication(medication(m.getMedication(), bundle),
                    m.getStatus() == null ? null : m.getStatus().toCode(), start, end, source(r), version(r)));
        } else if (r instanceof MedicationAdministration m) {
            out.medications.add(new Medication(medication(m.getMedication(), bundle),
                    m.getStatus() == null ? null : m.getStatus().toCode(), start(m.getEffective()),
                    end(m.getEffective(), "completed"), source(r), version(r)));
        } else if (r instanceof org.hl7.fhir.r4.model.Procedure p) {
            String status = p.getStatus() == null ? null : p.getStatus().toCode();
            if (!"not-done".equals(status) && !"entered-in-error".equals(status)) {
                out.procedures.add(new Procedure(concepts(p.getCode()), start(p.getPerformed()), source(r), version(r)));
            }
        }
        // Encounters, claims, care plans, …: not facts the criteria vocabulary can use
    }

    private static void patient(Patient p, Collected out) {
        if (out.patientSeen) {
            return; // a bundle about one patient; a second Patient resource (e.g. a related person) is not merged in
        }
        out.patientSeen = true;
        if (p.hasBirthDateElement()) {
            String v = p.getBirthDateElement().getValueAsString();
            try {
                out.birthDate = v == null ? null : switch (v.length()) {
                    case 10 -> LocalDate.parse(v);
                    case 7 -> LocalDate.parse(v + "-15"); // month precision: mid-month keeps the age error under 16 days
                    default -> null; // a year alone cannot place an age against a bound
                };
            } catch (RuntimeException e) {
                out.birthDate = null; // malformed: dropped like any malformed element
            }
        }
        if (p.getGender() != null) {
            out.sex = switch (p.getGender()) {
                case FEMALE -> PatientEvent.Sex.FEMALE;
                case MALE -> PatientEvent.Sex.MALE;
                case OTHER -> PatientEvent.Sex.OTHER;
                default -> PatientEvent.Sex.UNKNOWN;
            };
        }
    }

    private static void condition(org.hl7.fhir.r4.model.Condition c, Collected out) {
        List<Concept> codes = concepts(c.getCode());
        if (codes.isEmpty()) {
            return;
        }
        Integer grade = null;
        for (org.hl7.fhir.r4.model.Condition.ConditionStageComponent stage : c.getStage()) {
            grade = grade != null ? grade : grade(stage.getSummary());
        }
        if (grade == null && c.hasSeverity()) {
            grade = grade(c.getSeverity());
        }
        out.conditions.add(new Condition(codes, firstCode(c.getClinicalStatus()), firstCode(c.getVerificationStatus()),
                start(c.getOnset()), start(c.getAbatement()), c.hasRecordedDateElement() ? instant(c.getRecordedDateElement()) : null,
                grade, source(c), version(c)));
    }

    private static Integer grade(CodeableConcept cc) {
        for (Coding coding : cc.getCoding()) {
            if (coding.hasCode() && coding.getCode().matches("[0-4]")) {
                return Integer.parseInt(coding.getCode());
            }
        }
        String text = cc.getText() != null ? cc.getText() : cc.getCodingFirstRep().getDisplay();
        if (text != null) {
            Matcher m = GRADE.matcher(text);
            if (m.find()) {
                return switch (m.group(1).toLowerCase(Locale.ROOT)) {
                    case "i" -> 1;
                    case "ii" -> 2;
                    case "iii" -> 3;
                    case "iv" -> 4;
                    default -> m.group(1).matches("\\d") ? Integer.parseInt(m.group(1)) : null;
                };
            }
        }
        return null;
    }

    private void observation(org.hl7.fhir.r4.model.Observation o, Collected out) {
        if (o.getStatus() == org.hl7.fhir.r4.model.Observation.ObservationStatus.ENTEREDINERROR
                || o.getStatus() == org.hl7.fhir.r4.model.Observation.ObservationStatus.CANCELLED) {
            return;
        }
        List<Concept> codes = new ArrayList<>(concepts(o.getCode()));
        // the gene a variant report is about lives in a component (LOINC 48018-6 "gene studied")
        for (org.hl7.fhir.r4.model.Observation.ObservationComponentComponent comp : o.getComponent()) {
            if (comp.getValue() instanceof CodeableConcept cc) {
                for (Coding coding : cc.getCoding()) {
                    if (coding.hasSystem() && coding.getSystem().startsWith("http://www.genenames.org")) {
                        codes.add(new Concept(coding.getSystem(), coding.getCode(), coding.getDisplay()));
                    }
                }
            }
        }
        if (codes.isEmpty()) {
            return;
        }
        Double value = null;
        String unit = null;
        Concept valueCode = null;
        Type v = o.getValue();
        if (v instanceof Quantity q && q.hasValue()) {
            value = q.getValue().doubleValue();
            unit = unit(q);
        } else if (v instanceof IntegerType i && i.getValue() != null) {
            value = i.getValue().doubleValue();
        } else if (v instanceof CodeableConcept cc) {
            List<Concept> answers = concepts(cc);
            valueCode = answers.isEmpty() ? null : answers.get(0);
        } else if (v instanceof BooleanType b && b.getValue() != null) {
            valueCode = new Concept(null, b.getValue().toString(), null);
        } else if (v instanceof StringType s && s.getValue() != null && s.getValue().length() <= 40) {
            valueCode = new Concept(null, null, s.getValue());
        }
        if (valueCode == null) {
            // a marker reported as a number with a POS/NEG interpretation still says positive or negative
            for (CodeableConcept interpretation : o.getInterpretation()) {
                for (Coding coding : interpretation.getCoding()) {
                    if (ClinicalCodes.polarityOf(new Concept(coding.getSystem(), coding.getCode(), null)) != null) {
                        valueCode = new Concept(coding.getSystem(), coding.getCode(), coding.getDisplay());
                    }
                }
            }
        }
        if (value == null && valueCode == null) {
            return;
        }
        Double low = null;
        Double high = null;
        if (o.hasReferenceRange()) {
            org.hl7.fhir.r4.model.Observation.ObservationReferenceRangeComponent range = o.getReferenceRangeFirstRep();
            Analyte analyte = analyte(codes);
            low = range.hasLow() ? inUnit(range.getLow(), unit, analyte) : null;
            high = range.hasHigh() ? inUnit(range.getHigh(), unit, analyte) : null;
        }
        Instant at = start(o.getEffective()) != null ? instantOf(o.getEffective()) : o.getIssued() == null ? null : o.getIssued().toInstant();
        out.observations.add(new Observation(codes, value, unit, valueCode, low, high, at, source(o), version(o)));
    }

    /** A reference limit in the value's unit (labs sometimes state the range in another unit). */
    private Double inUnit(Quantity limit, String valueUnit, Analyte analyte) {
        if (!limit.hasValue()) {
            return null;
        }
        double v = limit.getValue().doubleValue();
        String limitUnit = unit(limit);
        if (limitUnit == null || valueUnit == null || limitUnit.equals(valueUnit)) {
            return v;
        }
        OptionalDouble converted = units.convert(v, limitUnit, valueUnit, analyte);
        return converted.isPresent() ? converted.getAsDouble() : null;
    }

    private static Analyte analyte(List<Concept> codes) {
        for (Concept c : codes) {
            if (c.code() != null) {
                var a = Analyte.byLoinc(c.code());
                if (a.isPresent()) {
                    return a.get();
                }
            }
        }
        return null;
    }

    private static List<Concept> medication(Type medication, Map<String, Resource> bundle) {
        if (medication instanceof CodeableConcept cc) {
            return concepts(cc);
        }
        if (medication instanceof Reference ref && ref.hasReference()
                && bundle.get(ref.getReference()) instanceof org.hl7.fhir.r4.model.Medication m) {
            return concepts(m.getCode());
        }
        return List.of();
    }

    /** Codings, plus the CodeableConcept's text as a display-only concept when no coding displays it. */
    static List<Concept> concepts(CodeableConcept cc) {
        if (cc == null) {
            return List.of();
        }
        List<Concept> out = new ArrayList<>();
        boolean textShown = false;
        for (Coding coding : cc.getCoding()) {
            if (coding.hasCode() || coding.hasDisplay()) {
                out.add(new Concept(coding.getSystem(), coding.getCode(), coding.getDisplay()));
                textShown |= coding.hasDisplay() && coding.getDisplay().equalsIgnoreCase(cc.getText());
            }
        }
        if (cc.hasText() && !textShown) {
            out.add(new Concept(null, null, cc.getText()));
        }
        return out;
    }

    private static String firstCode(CodeableConcept cc) {
        return cc == null || cc.getCoding().isEmpty() ? null : cc.getCodingFirstRep().getCode();
    }

    private static String unit(Quantity q) {
        if (q.hasCode() && (UCUM.equals(q.getSystem()) || !q.hasUnit())) {
            return q.getCode();
        }
        return q.hasUnit() ? q.getUnit() : q.hasCode() ? q.getCode() : null;
    }

    private static LocalDate start(Type t) {
        if (t instanceof BaseDateTimeType d) {
            return date(d);
        }
        if (t instanceof Period p) {
            return p.hasStart() ? date(p.getStartElement()) : p.hasEnd() ? date(p.getEndElement()) : null;
        }
        return null;
    }

    private static LocalDate end(Type t, String status) {
        if (t instanceof Period p) {
            return p.hasEnd() ? date(p.getEndElement()) : null;
        }
        if (t instanceof BaseDateTimeType d && ("completed".equals(status) || "stopped".equals(status))) {
            return date(d);
        }
        return null;
    }

    private static Instant instantOf(Type t) {
        if (t instanceof BaseDateTimeType d) {
            return instant(d);
        }
        if (t instanceof Period p) {
            return p.hasStart() ? instant(p.getStartElement()) : p.hasEnd() ? instant(p.getEndElement()) : null;
        }
        return null;
    }

    /** Dates from their text, not from HAPI's Date (which applies the JVM's time zone to date-only values). */
    static LocalDate date(BaseDateTimeType d) {
        String v = d == null ? null : d.getValueAsString();
        if (v == null || v.length() < 4) {
            return null;
        }
        try {
            return switch (v.length()) {
                case 4 -> LocalDate.parse(v + "-01-01");
                case 7 -> LocalDate.parse(v + "-01");
                case 10 -> LocalDate.parse(v);
                default -> OffsetDateTime.parse(v).toLocalDate();
            };
        } catch (RuntimeException e) {
            return null;
        }
    }

    static Instant instant(BaseDateTimeType d) {
        String v = d == null ? null : d.getValueAsString();
        if (v == null) {
            return null;
        }
        if (v.length() > 10) {
            try {
                return OffsetDateTime.parse(v).toInstant();
            } catch (RuntimeException e) {
                return d.getValue() == null ? null : d.getValue().toInstant();
            }
        }
        LocalDate day = date(d);
        return day == null ? null : day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** One-way hash of the resource identity: lets a new version replace the old without keeping the id. */
    private static String source(Resource r) {
        if (!r.hasIdElement() || !r.getIdElement().hasIdPart()) {
            return null;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((r.fhirType() + "/" + r.getIdElement().getIdPart()).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Instant version(Resource r) {
        return r.hasMeta() && r.getMeta().hasLastUpdated() ? r.getMeta().getLastUpdated().toInstant() : null;
    }
}
