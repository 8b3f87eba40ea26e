package io.trialstream.testsupport;

import io.smallrye.jwt.build.Jwt;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;

/**
 * Bearer tokens for tests, signed with the test key pair in {@code trialstream-test-jwt/} (services verify them in
 * the test profile with {@code mp.jwt.verify.publickey.location=trialstream-test-jwt/publicKey.pem}).
 */
public final class TestTokens {
    public static final String ISSUER = "https://trialstream.local/dev-issuer";

    /** A valid token carrying the given roles. */
    public static String withRoles(String... roles) {
        return sign(key("privateKey.pem"), Set.of(roles));
    }

    /** A well-formed token signed by a key the services do not trust: must give 401. */
    public static String signedByAStranger(String... roles) {
        return sign(key("otherPrivateKey.pem"), Set.of(roles));
    }

    /** An expired token from the trusted key: must give 401. */
    public static String expired(String... roles) {
        return Jwt.issuer(ISSUER).upn("test-user").groups(Set.of(roles))
                .issuedAt(System.currentTimeMillis() / 1000 - 7200).expiresAt(System.currentTimeMillis() / 1000 - 3600)
                .sign(key("privateKey.pem"));
    }

    private static String sign(PrivateKey key, Set<String> roles) {
        return Jwt.issuer(ISSUER).upn("test-user").subject("test-user").groups(roles)
                .expiresIn(Duration.ofHours(1)).sign(key);
    }

    private static PrivateKey key(String name) {
        try (InputStream in = TestTokens.class.getResourceAsStream("/trialstream-test-jwt/" + name)) {
            String pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII)
                    .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException("test signing key unreadable", e);
        }
    }

    private TestTokens() {
    }
}
