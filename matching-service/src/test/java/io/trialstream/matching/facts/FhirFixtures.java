package io.trialstream.matching.facts;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The project's own FHIR fixtures ({@code src/test/resources/fhir}). Dates are written relative to "now"
 * ({@code {{DATE-3d}}}, {@code {{INSTANT-3d}}}) so freshness rules see the same ages whenever the tests run.
 */
public final class FhirFixtures {
    private static final Pattern TOKEN = Pattern.compile("\\{\\{(DATE|INSTANT)-(\\d+)d}}");

    private FhirFixtures() {
    }

    public static String load(String name, Instant now) {
        try (InputStream in = FhirFixtures.class.getResourceAsStream("/fhir/" + name)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Matcher m = TOKEN.matcher(text);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                Instant at = now.minus(Duration.ofDays(Long.parseLong(m.group(2)))).truncatedTo(ChronoUnit.SECONDS);
                m.appendReplacement(out, m.group(1).equals("DATE") ? LocalDate.ofInstant(at, ZoneOffset.UTC).toString() : at.toString());
            }
            m.appendTail(out);
            return out.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
