package io.trialstream.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class DevTokenIssuerTest {

    @Test
    void issuesRs256TokensVerifiableWithThePublishedKeyAndKeepsItsKeys(@TempDir Path dir) throws Exception {
        DevTokenIssuer issuer = DevTokenIssuer.open(dir);
        String token = issuer.token("clinician", Duration.ofHours(1));
        String[] parts = token.split("\\.");
        assertThat(parts).hasSize(3);
        String header = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8);
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        assertThat(header).contains("RS256");
        assertThat(claims).contains("\"groups\":[\"clinician\"]").contains(DevTokenIssuer.ISSUER);

        String pem = java.nio.file.Files.readString(issuer.publicKeyPem()).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        Signature verify = Signature.getInstance("SHA256withRSA");
        verify.initVerify(KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(pem))));
        verify.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(verify.verify(Base64.getUrlDecoder().decode(parts[2]))).isTrue();

        // a second run (./trialstream up again) keeps the same key, so tokens it printed stay valid
        assertThat(java.nio.file.Files.readString(DevTokenIssuer.open(dir).publicKeyPem()))
                .isEqualTo(java.nio.file.Files.readString(issuer.publicKeyPem()));
    }
}
