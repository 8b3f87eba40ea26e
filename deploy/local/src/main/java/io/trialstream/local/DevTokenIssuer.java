package io.trialstream.local;

import io.smallrye.jwt.build.Jwt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;

/**
 * The development token issuer of the local run: an RSA key pair kept in {@code .trialstream/dev-jwt/}, whose
 * public key the services verify bearer tokens with (MP_JWT_VERIFY_PUBLICKEY_LOCATION), and tokens for the roles
 * trial-writer, reader, clinician and admin. For development only; production points the services at the
 * hospital's identity provider (its JWKS URL and issuer).
 */
public final class DevTokenIssuer {
    public static final String ISSUER = "https://trialstream.local/dev-issuer";
    public static final Set<String> ROLES = Set.of("trial-writer", "reader", "clinician", "admin");

    private final PrivateKey privateKey;
    private final Path publicKeyPem;

    private DevTokenIssuer(PrivateKey privateKey, Path publicKeyPem) {
        this.privateKey = privateKey;
        this.publicKeyPem = publicKeyPem;
    }

    /** Loads the key pair from {@code dir}, creating it on first use. */
    public static DevTokenIssuer open(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path priv = dir.resolve("privateKey.pem");
        Path pub = dir.resolve("publicKey.pem");
        try {
            if (!Files.exists(priv) || !Files.exists(pub)) {
                KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
                gen.initialize(2048);
                KeyPair pair = gen.generateKeyPair();
                Files.writeString(priv, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
                Files.writeString(pub, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
            }
            String body = Files.readString(priv).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
            return new DevTokenIssuer(key, pub);
        } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
            throw new IOException("dev token keys unusable in " + dir, e);
        }
    }

    /** The file services verify tokens against. */
    public Path publicKeyPem() {
        return publicKeyPem;
    }

    /** A token for a development user with the given role, valid for {@code ttl}. */
    public String token(String role, Duration ttl) {
        return Jwt.issuer(ISSUER)
                .upn("dev-" + role)
                .subject("dev-" + role)
                .groups(Set.of(role))
                .expiresIn(ttl)
                .sign(privateKey);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
