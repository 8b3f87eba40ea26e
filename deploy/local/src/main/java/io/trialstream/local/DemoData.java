package io.trialstream.local;

import io.trialstream.contracts.PatientEvent;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** The demo's fictional trials (API v2 JSON resources) and patients (ages relative to today). */
public final class DemoData {
    public static final List<String> TRIALS = List.of("NCT09990011", "NCT09990012", "NCT09990013", "NCT09990014");

    public static String trialJson(String nctId) throws IOException {
        try (InputStream in = DemoData.class.getResourceAsStream("/demo/trials/" + nctId + ".json")) {
            if (in == null) {
                throw new IOException("demo trial " + nctId + " missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Pseudonymous ids only; no names. */
    public static List<PatientEvent> patients(LocalDate today) {
        List<PatientEvent> out = new ArrayList<>();
        out.add(patient("demo-p-001", today.minusYears(67).minusDays(40), PatientEvent.Sex.MALE));
        out.add(patient("demo-p-002", today.minusYears(9).minusDays(100), PatientEvent.Sex.FEMALE));
        out.add(patient("demo-p-003", today.minusYears(44).minusDays(10), PatientEvent.Sex.FEMALE));
        out.add(patient("demo-p-004", today.minusYears(72).minusDays(200), PatientEvent.Sex.MALE));
        out.add(patient("demo-p-005", null, PatientEvent.Sex.UNKNOWN));
        return out;
    }

    private static PatientEvent patient(String id, LocalDate birthDate, PatientEvent.Sex sex) {
        return new PatientEvent(PatientEvent.SCHEMA_VERSION, id + "-e1", PatientEvent.Type.SNAPSHOT, id, Instant.now(),
                birthDate, sex, null, null, null, null);
    }

    private DemoData() {
    }
}
