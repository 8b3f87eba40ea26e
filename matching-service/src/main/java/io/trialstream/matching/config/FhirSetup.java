package io.trialstream.matching.config;

import ca.uhn.fhir.context.FhirContext;
import io.quarkus.runtime.StartupEvent;
import io.trialstream.matching.facts.FhirPatientReader;
import io.trialstream.matching.facts.PatientEventReader;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The process's single FhirContext (building one scans the whole R4 model, about a second) and the readers that
 * share it. Parsers are created per call from it: they are cheap and not thread-safe, the context is.
 */
@ApplicationScoped
public class FhirSetup {
    private final FhirContext context = FhirPatientReader.newContext();

    @Produces
    @Singleton
    FhirPatientReader fhirPatientReader() {
        return new FhirPatientReader(context);
    }

    @Produces
    @Singleton
    PatientEventReader patientEventReader(FhirPatientReader fhir) {
        return new PatientEventReader(fhir);
    }

    /** Parse once at start, so the first patient event does not pay for HAPI's lazy model scanning. */
    void warmUp(@Observes StartupEvent event, FhirPatientReader reader) {
        reader.read("warm-up", "{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[{\"resource\":"
                + "{\"resourceType\":\"Patient\",\"gender\":\"unknown\"}},{\"resource\":{\"resourceType\":\"Observation\","
                + "\"status\":\"final\",\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"89247-1\"}]},"
                + "\"valueInteger\":1}}]}");
    }
}
