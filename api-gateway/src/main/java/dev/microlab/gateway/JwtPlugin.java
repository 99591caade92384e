package dev.microlab.gateway;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import dev.microlab.core.time.TimeSource;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kong's {@code jwt}: the token comes from the {@code jwt} query parameter, the configured cookies
 * or {@code Authorization: Bearer}; its {@code iss} claim ({@code key_claim_name}) picks the
 * consumer's credential; the signature is verified by nimbus-jose-jwt with the credential's
 * algorithm only (HS256/384/512 with its secret, RS256/384/512 with its public key); then
 * {@code exp} and {@code nbf} are checked on the injected {@link TimeSource}, with
 * {@code clock_skew_seconds} of leeway. Every failure is a 401 with Kong's message — a token that
 * cannot be parsed, {@code alg: none}, a wrong algorithm or key — never a 500.
 *
 * <p>On success the upstream gets {@code X-Consumer-ID}, {@code X-Consumer-Username} and
 * {@code X-Credential-Identifier}, as from Kong.
 *
 * <p>A token whose signature verified is remembered (up to {@value #VERIFIED_CACHE_SIZE} tokens,
 * forgotten all at once when full, and with the plugin on a reload): a client sends the same token
 * on every request, and parsing and verifying it again was most of this plugin's cost. Only the
 * exact string that verified is remembered, so a changed byte is a miss and is verified; the
 * registered claims ({@code exp}, {@code nbf}) are checked on every request, on the injected
 * clock. Envoy's {@code jwt_authn} filter keeps such a cache too ({@code jwt_cache_config}).
 *
 * <p>This class is threadsafe (immutable after construction).
 */
final class JwtPlugin implements GatewayPlugin {

    private static final Pattern BEARER = Pattern.compile("\\s*[Bb]earer\\s+(.+)");

    /** How many verified tokens are remembered before the cache is emptied. */
    static final int VERIFIED_CACHE_SIZE = 4096;

    private record Credential(KongConfig.Consumer consumer, KongConfig.JwtSecret secret, JWSVerifier verifier) {
    }

    /** A token whose signature verified against {@code credential}: only its claims are left to check. */
    private record Verified(Credential credential, String key, JWTClaimsSet claims) {
    }

    private final PluginConfig.Jwt config;
    private final TimeSource time;
    private final Map<String, Credential> byKey = new HashMap<>();
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    /**
     * @throws IllegalArgumentException if a credential's key cannot be used (an HMAC secret shorter
     *     than its hash, RFC 7518 3.2; a public key that is not PEM RSA); the message names the key
     */
    JwtPlugin(PluginConfig.Jwt config, List<KongConfig.Consumer> consumers, TimeSource time) {
        this.config = config;
        this.time = time;
        for (KongConfig.Consumer consumer : consumers) {
            for (KongConfig.JwtSecret secret : consumer.jwtSecrets()) {
                byKey.put(secret.key(), new Credential(consumer, secret, verifier(secret)));
            }
        }
    }

    private JWSVerifier verifier(KongConfig.JwtSecret secret) {
        try {
            if (secret.algorithm().startsWith("HS")) {
                byte[] key = config.secretIsBase64() ? Base64.getDecoder().decode(secret.secret())
                        : secret.secret().getBytes(StandardCharsets.UTF_8);
                int minBytes = Integer.parseInt(secret.algorithm().substring(2)) / 8;
                if (key.length < minBytes) {
                    throw new IllegalArgumentException("consumer credential '" + secret.key() + "': a " + secret.algorithm()
                            + " secret must be at least " + minBytes + " bytes (RFC 7518 3.2), but was " + key.length);
                }
                return new MACVerifier(key);
            }
            String pem = secret.rsaPublicKey().replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
            RSAPublicKey key = (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(pem)));
            return new RSASSAVerifier(key);
        } catch (JOSEException | java.security.GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            if (e instanceof IllegalArgumentException iae && iae.getMessage() != null
                    && iae.getMessage().startsWith("consumer credential")) {
                throw iae;
            }
            throw new IllegalArgumentException("consumer credential '" + secret.key() + "': unusable "
                    + secret.algorithm() + " key (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    @Override
    public int priority() {
        return 1450;
    }

    @Override
    public GatewayResponse access(GatewayExchange ex) {
        if (!config.runOnPreflight() && "OPTIONS".equals(ex.method)) {
            return null;
        }
        Set<String> tokens = tokens(ex);
        if (tokens.isEmpty()) {
            return GatewayResponse.message(401, "Unauthorized");
        }
        if (tokens.size() > 1) {
            return GatewayResponse.message(401, "Multiple tokens provided");
        }
        String token = tokens.iterator().next();
        Verified known = verified.get(token);
        if (known == null) {
            Object outcome = verify(token);
            if (outcome instanceof GatewayResponse refused) {
                return refused;
            }
            known = (Verified) outcome;
            if (verified.size() >= VERIFIED_CACHE_SIZE) {
                verified.clear();
            }
            verified.put(token, known);
        }
        Map<String, String> errors = verifyClaims(known.claims());
        if (!errors.isEmpty()) {
            StringBuilder json = new StringBuilder("{");
            errors.forEach((k, v) -> json.append(json.length() > 1 ? "," : "")
                    .append(GatewayResponse.quote(k)).append(':').append(GatewayResponse.quote(v)));
            return GatewayResponse.json(401, json.append('}').toString());
        }
        Credential credential = known.credential();
        ex.consumer = credential.consumer();
        ex.credential = known.key();
        ex.upstreamHeaders.put("X-Consumer-ID", credential.consumer().id());
        ex.upstreamHeaders.put("X-Consumer-Username", credential.consumer().username());
        ex.upstreamHeaders.put("X-Credential-Identifier", known.key());
        return null;
    }

    /** Parses {@code token} and verifies its signature: a {@link Verified}, or the 401 to answer. */
    private Object verify(String token) {
        JWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = JWTParser.parse(token);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException | RuntimeException e) {
            return GatewayResponse.message(401, "Bad token; " + e.getMessage());
        }
        Object keyValue = claims.getClaim(config.keyClaimName());
        if (keyValue == null) {
            Object fromHeader = jwt.getHeader().getCustomParam(config.keyClaimName());
            keyValue = fromHeader != null ? fromHeader
                    : "kid".equals(config.keyClaimName()) ? jwt.getHeader().toJSONObject().get("kid") : null;
        }
        if (keyValue == null) {
            return GatewayResponse.message(401, "No mandatory '" + config.keyClaimName() + "' in claims");
        }
        if (!(keyValue instanceof String key) || key.isEmpty()) {
            return GatewayResponse.message(401, "Invalid '" + config.keyClaimName() + "' in claims");
        }
        Credential credential = byKey.get(key);
        if (credential == null) {
            return GatewayResponse.message(401, "No credentials found for given '" + config.keyClaimName() + "'");
        }
        if (!(jwt instanceof SignedJWT signed)
                || !signed.getHeader().getAlgorithm().getName().equals(credential.secret().algorithm())) {
            return GatewayResponse.message(401, "Invalid algorithm");   // alg none lands here too
        }
        try {
            if (!signed.verify(credential.verifier())) {
                return GatewayResponse.message(401, "Invalid signature");
            }
        } catch (JOSEException | RuntimeException e) {
            return GatewayResponse.message(401, "Invalid signature");
        }
        return new Verified(credential, key, claims);
    }

    /** How many verified tokens are remembered now (for tests). */
    int verifiedTokens() {
        return verified.size();
    }

    /** Kong's registered-claims check; the body of the 401 is this map, e.g. {@code {"exp":"token expired"}}. */
    private Map<String, String> verifyClaims(JWTClaimsSet claims) {
        Map<String, String> errors = new LinkedHashMap<>();
        long now = time.instant().getEpochSecond();
        long skew = config.clockSkewSeconds();
        for (String claim : config.claimsToVerify()) {
            Object value = claims.getClaim(claim);
            if (value == null) {
                errors.put(claim, "must be a number");
                continue;
            }
            long seconds;
            if (value instanceof java.util.Date d) {
                seconds = d.getTime() / 1000;
            } else if (value instanceof Number number) {
                seconds = number.longValue();
            } else {
                errors.put(claim, "must be a number");
                continue;
            }
            if (claim.equals("exp") && seconds + skew <= now) {
                errors.put("exp", "token expired");
            } else if (claim.equals("exp") && config.maximumExpiration() > 0
                    && seconds - now > config.maximumExpiration()) {
                errors.put("exp", "exceeds maximum allowed expiration");
            } else if (claim.equals("nbf") && seconds - skew > now) {
                errors.put("nbf", "token not valid yet");
            }
        }
        return errors;
    }

    private Set<String> tokens(GatewayExchange ex) {
        Set<String> tokens = new LinkedHashSet<>();
        for (String name : config.uriParamNames()) {
            String value = ex.queryParam(name);
            if (value != null && !value.isEmpty()) {
                tokens.add(value);
            }
        }
        for (String name : config.cookieNames()) {
            String value = ex.cookie(name);
            if (value != null && !value.isEmpty()) {
                tokens.add(value);
            }
        }
        for (String name : config.headerNames()) {
            String value = ex.header(name);
            if (value != null) {
                Matcher m = BEARER.matcher(value);
                if (m.matches()) {
                    tokens.add(m.group(1).trim());
                }
            }
        }
        return tokens;
    }
}
