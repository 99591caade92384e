package dev.microlab.gateway;

import static dev.microlab.gateway.GatewayTestSupport.LOOPBACK;
import static dev.microlab.gateway.GatewayTestSupport.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.microlab.core.secrets.Secrets;
import dev.microlab.core.time.ManualTimeSource;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("jwt plugin (Kong's, via nimbus-jose-jwt)")
class JwtPluginTest {

    static final String ALICE_SECRET = "alice-secret-of-at-least-32-bytes!";
    final ManualTimeSource time = new ManualTimeSource();
    TestUpstream upstream;
    ApiGateway gateway;
    KeyPair rsa;
    KeyPair otherRsa;

    @BeforeEach
    void start() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        rsa = generator.generateKeyPair();
        otherRsa = generator.generateKeyPair();
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(rsa.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----";
        upstream = new TestUpstream("u");
        String yaml = """
                _format_version: "2.1"
                consumers:
                  - username: alice
                    jwt_secrets:
                      - key: alice-key
                        secret: "{vault://env/alice-jwt-secret}"
                  - username: bob
                    jwt_secrets:
                      - key: bob-key
                        algorithm: RS256
                        rsa_public_key: |
                %s
                services:
                  - name: svc
                    url: http://svc:8000
                    routes: [{paths: [/]}]
                    plugins:
                      - name: jwt
                        config:
                          claims_to_verify: [exp, nbf]
                          clock_skew_seconds: 30
                """.formatted(pem.lines().map(l -> "              " + l).reduce((a, b) -> a + "\n" + b).orElseThrow());
        gateway = ApiGateway.builder(KongConfig.parse(yaml, "t.yml", Secrets.from(Map.of("ALICE_JWT_SECRET", ALICE_SECRET))))
                .timeSource(time).upstreamHost("svc", upstream.uri()).start(LOOPBACK);
    }

    @AfterEach
    void stop() {
        gateway.close();
        upstream.close();
    }

    JWTClaimsSet.Builder claims(String iss) {
        long now = time.instant().getEpochSecond();
        // claims_to_verify [exp, nbf]: Kong refuses a token without either ("must be a number")
        return new JWTClaimsSet.Builder().issuer(iss).expirationTime(new Date((now + 60) * 1000))
                .notBeforeTime(new Date(now * 1000));
    }

    String hs256(JWTClaimsSet claims, String secret) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        jwt.sign(new MACSigner(secret.getBytes()));
        return jwt.serialize();
    }

    String rs256(JWTClaimsSet claims, KeyPair keys) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
        jwt.sign(new RSASSASigner((RSAPrivateKey) keys.getPrivate()));
        return jwt.serialize();
    }

    HttpResponse<String> bearer(String token) throws Exception {
        return send(gateway, "GET", "/x", "Authorization", "Bearer " + token);
    }

    @Test
    @DisplayName("a valid HS256 or RS256 token passes, and the upstream learns the consumer")
    void validTokens() throws Exception {
        HttpResponse<String> alice = bearer(hs256(claims("alice-key").build(), ALICE_SECRET));
        assertThat(alice.statusCode()).isEqualTo(200);
        assertThat(TestUpstream.headers(alice.body())).containsEntry("x-consumer-username", "alice")
                .containsEntry("x-credential-identifier", "alice-key");

        HttpResponse<String> bob = bearer(rs256(claims("bob-key").build(), rsa));
        assertThat(bob.statusCode()).isEqualTo(200);
        assertThat(TestUpstream.headers(bob.body())).containsEntry("x-consumer-username", "bob");

        String token = hs256(claims("alice-key").build(), ALICE_SECRET);
        assertThat(send(gateway, "GET", "/x?jwt=" + token).statusCode()).as("Kong's jwt query parameter").isEqualTo(200);
    }

    @Test
    @DisplayName("missing, malformed, alg none, wrong algorithm, wrong key, unknown issuer: 401 with Kong's messages")
    void refusals() throws Exception {
        assertThat(send(gateway, "GET", "/x").body()).isEqualTo("{\"message\":\"Unauthorized\"}");

        HttpResponse<String> malformed = bearer("not.a.jwt");
        assertThat(malformed.statusCode()).isEqualTo(401);
        assertThat(malformed.body()).startsWith("{\"message\":\"Bad token; ");

        String none = new PlainJWT(claims("alice-key").build()).serialize();
        assertThat(bearer(none).body()).as("alg none").isEqualTo("{\"message\":\"Invalid algorithm\"}");

        // the classic key-confusion attack: an HS256 token "signed" with bob's public key
        String confused = hs256(claims("bob-key").build(),
                new String(Base64.getEncoder().encode(rsa.getPublic().getEncoded())));
        assertThat(bearer(confused).body()).isEqualTo("{\"message\":\"Invalid algorithm\"}");

        assertThat(bearer(hs256(claims("alice-key").build(), "another-secret-of-at-least-32-bytes")).body())
                .isEqualTo("{\"message\":\"Invalid signature\"}");
        assertThat(bearer(rs256(claims("bob-key").build(), otherRsa)).body()).isEqualTo("{\"message\":\"Invalid signature\"}");

        assertThat(bearer(hs256(claims("mallory").build(), ALICE_SECRET)).body())
                .isEqualTo("{\"message\":\"No credentials found for given 'iss'\"}");
        assertThat(bearer(hs256(new JWTClaimsSet.Builder().subject("x").build(), ALICE_SECRET)).body())
                .isEqualTo("{\"message\":\"No mandatory 'iss' in claims\"}");

        String token = hs256(claims("alice-key").build(), ALICE_SECRET);
        assertThat(send(gateway, "GET", "/x?jwt=" + hs256(claims("alice-key").subject("2").build(), ALICE_SECRET),
                "Authorization", "Bearer " + token).body()).isEqualTo("{\"message\":\"Multiple tokens provided\"}");
        assertThat(upstream.requests.get()).isZero();
    }

    @Test
    @DisplayName("exp and nbf are checked on the time source, with the configured clock skew")
    void expiry() throws Exception {
        long now = time.instant().getEpochSecond();
        String expiresSoon = hs256(claims("alice-key").expirationTime(new Date((now + 10) * 1000)).build(), ALICE_SECRET);
        assertThat(bearer(expiresSoon).statusCode()).isEqualTo(200);

        time.advance(Duration.ofSeconds(35));   // 25 s past exp, inside the 30 s skew
        assertThat(bearer(expiresSoon).statusCode()).isEqualTo(200);

        time.advance(Duration.ofSeconds(10));   // 35 s past exp
        HttpResponse<String> expired = bearer(expiresSoon);
        assertThat(expired.statusCode()).isEqualTo(401);
        assertThat(expired.body()).isEqualTo("{\"exp\":\"token expired\"}");

        long later = time.instant().getEpochSecond();
        String notYet = hs256(claims("alice-key").notBeforeTime(new Date((later + 60) * 1000)).build(), ALICE_SECRET);
        assertThat(bearer(notYet).body()).isEqualTo("{\"nbf\":\"token not valid yet\"}");

        String noExp = hs256(new JWTClaimsSet.Builder().issuer("alice-key").build(), ALICE_SECRET);
        assertThat(bearer(noExp).body()).isEqualTo("{\"exp\":\"must be a number\",\"nbf\":\"must be a number\"}");
    }

    @Test
    @DisplayName("a token that verified is remembered; a token changed by one byte is verified again and refused")
    void verifiedTokensAreRemembered() throws Exception {
        // Given: the plugin as the gateway built it from the config
        KongConfig config = gateway.config();
        PluginConfig.Jwt jwtConfig = (PluginConfig.Jwt) config.services().get(0).plugins().get(0).config();
        JwtPlugin plugin = new JwtPlugin(jwtConfig, config.consumers(), time);
        String token = hs256(claims("alice-key").build(), ALICE_SECRET);
        String tampered = token.substring(0, token.length() - 2) + (token.endsWith("AA") ? "BB" : "AA");

        // When
        GatewayResponse first = plugin.access(exchange(token));
        GatewayResponse again = plugin.access(exchange(token));
        GatewayResponse changed = plugin.access(exchange(tampered));

        // Then
        assertThat(first).as("a valid token passes").isNull();
        assertThat(again).as("the same token passes again").isNull();
        assertThat(changed).as("a changed signature must be verified, not found in the cache").isNotNull();
        assertThat(new String(changed.body(), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("{\"message\":\"Invalid signature\"}");
        assertThat(plugin.verifiedTokens()).as("only the token that verified is remembered").isEqualTo(1);
    }

    @Test
    @DisplayName("the cache of verified tokens is bounded: it is emptied when full")
    void verifiedTokenCacheIsBounded() throws Exception {
        // Given
        KongConfig config = gateway.config();
        PluginConfig.Jwt jwtConfig = (PluginConfig.Jwt) config.services().get(0).plugins().get(0).config();
        JwtPlugin plugin = new JwtPlugin(jwtConfig, config.consumers(), time);

        // When: one more distinct valid token than the cache holds
        for (int i = 0; i <= JwtPlugin.VERIFIED_CACHE_SIZE; i++) {
            assertThat(plugin.access(exchange(hs256(claims("alice-key").subject("user-" + i).build(), ALICE_SECRET))))
                    .as("token %d passes", i).isNull();
        }

        // Then
        assertThat(plugin.verifiedTokens()).as("never more than the bound").isBetween(1, JwtPlugin.VERIFIED_CACHE_SIZE);
    }

    private static GatewayExchange exchange(String token) {
        Map<String, java.util.List<String>> headers = new java.util.LinkedHashMap<>();
        headers.put("authorization", new java.util.ArrayList<>(java.util.List.of("Bearer " + token)));
        return new GatewayExchange("GET", "/x", null, headers, "127.0.0.1", "http", 8000);
    }
}
