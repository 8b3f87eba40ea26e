package io.trialstream.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A coded concept: {@code system} is a URI such as {@code http://snomed.info/sct} or {@code http://loinc.org}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Concept(String system, String code, String display) {
    public static final String SNOMED = "http://snomed.info/sct";
    public static final String LOINC = "http://loinc.org";
    public static final String ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm";
    public static final String RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";
    /** FHIR administrative gender: the coded value of SEX criteria ({@code female}, {@code male}). */
    public static final String ADMINISTRATIVE_GENDER = "http://hl7.org/fhir/administrative-gender";
    /** NCI Thesaurus, for conditions and drugs without a SNOMED code. */
    public static final String NCIT = "http://ncicb.nci.nih.gov/xml/owl/EVS/Thesaurus.owl";
    /** HGNC gene symbols, for biomarkers. */
    public static final String HGNC = "http://www.genenames.org";
}
