package dev.microlab.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS contexts for the gateway, from PKCS#12 key stores (what {@code keytool} writes):
 * {@link #serverContext} for {@link ApiGateway.Builder#serverTls} (HTTPS in front),
 * {@link #trustingContext} for {@link ApiGateway.Builder#upstreamTls} (verify an upstream's
 * certificate against this trust store only, not the JDK's public CAs), and {@link #mutualContext}
 * for both directions at once — mutual TLS between gateway and services, what a service mesh gives.
 *
 * <pre>{@code
 * SSLContext front = GatewayTls.serverContext(Path.of("gateway.p12"), secrets.require("gateway.keystore.password").toCharArray());
 * SSLContext back = GatewayTls.mutualContext(Path.of("gateway.p12"), password, Path.of("services-trust.p12"), trustPassword);
 * ApiGateway.builder(config).serverTls(front, false).upstreamTls(back).start(address);
 * }</pre>
 *
 * <p>Errors name the file and what was wrong, never a password. This class is threadsafe (no state).
 */
public final class GatewayTls {

    private GatewayTls() {
    }

    /** A context that presents the key in {@code keyStore} and trusts the JDK's default CAs. */
    public static SSLContext serverContext(Path keyStore, char[] password) throws IOException {
        return context(keyStore, password, null, null);
    }

    /** A context that trusts exactly the certificates in {@code trustStore} and presents no key. */
    public static SSLContext trustingContext(Path trustStore, char[] password) throws IOException {
        return context(null, null, trustStore, password);
    }

    /** A context that presents the key in {@code keyStore} and trusts exactly {@code trustStore}. */
    public static SSLContext mutualContext(Path keyStore, char[] keyPassword, Path trustStore, char[] trustPassword)
            throws IOException {
        Objects.requireNonNull(keyStore, "keyStore must not be null");
        Objects.requireNonNull(trustStore, "trustStore must not be null");
        return context(keyStore, keyPassword, trustStore, trustPassword);
    }

    private static SSLContext context(Path keyStore, char[] keyPassword, Path trustStore, char[] trustPassword)
            throws IOException {
        try {
            KeyManagerFactory kmf = null;
            if (keyStore != null) {
                Objects.requireNonNull(keyPassword, "keyPassword must not be null");
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(load(keyStore, keyPassword), keyPassword);
            }
            TrustManagerFactory tmf = null;
            if (trustStore != null) {
                Objects.requireNonNull(trustPassword, "trustPassword must not be null");
                tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(load(trustStore, trustPassword));
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf == null ? null : kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot build a TLS context from " + (keyStore != null ? keyStore : trustStore)
                    + ": " + e.getMessage(), e);
        }
    }

    private static KeyStore load(Path path, char[] password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(path)) {
            store.load(in, password);
        } catch (IOException e) {
            throw new IOException("cannot read the PKCS#12 store " + path + " (wrong password or not PKCS#12): "
                    + e.getClass().getSimpleName(), e);
        }
        return store;
    }
}
