package dev.microlab.gateway;

import static dev.microlab.gateway.GatewayTestSupport.LOOPBACK;
import static dev.microlab.gateway.TestCertificates.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.microlab.core.secrets.Secrets;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("TLS: HTTPS in front, verified (and mutual) TLS to the upstreams")
class GatewayTlsTest {

    @TempDir
    static Path dir;
    static Path gatewayKey;
    static Path upstreamKey;
    static Path rogueKey;
    static Path trustsUpstream;
    static Path trustsGateway;

    @BeforeAll
    static void certificates() throws Exception {
        TestCertificates certs = new TestCertificates(dir);
        gatewayKey = certs.keyPair("gateway");
        upstreamKey = certs.keyPair("upstream");
        rogueKey = certs.keyPair("rogue");
        trustsUpstream = certs.trustStore("trusts-upstream", "upstream");
        trustsGateway = certs.trustStore("trusts-gateway", "gateway");
    }

    static KongConfig config(String scheme) {
        return KongConfig.parse("""
                _format_version: "2.1"
                services:
                  - name: svc
                    url: %s://svc:8443
                    routes: [{paths: [/]}]
                """.formatted(scheme), "t.yml", Secrets.from(Map.of()));
    }

    static TestUpstream httpsUpstream(Path key, boolean needClientAuth, Path trust) throws Exception {
        HttpsServer server = HttpsServer.create(LOOPBACK, 0);
        SSLContext context = trust == null ? GatewayTls.serverContext(key, PASSWORD)
                : GatewayTls.mutualContext(key, PASSWORD, trust, PASSWORD);
        server.setHttpsConfigurator(new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters p = getSSLContext().getDefaultSSLParameters();
                p.setNeedClientAuth(needClientAuth);
                params.setSSLParameters(p);
            }
        });
        return new TestUpstream("tls", server);
    }

    static HttpResponse<String> get(HttpClient client, String url) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @DisplayName("serves HTTPS with its certificate and verifies the upstream's against the configured trust store")
    void httpsBothWays() throws Exception {
        try (TestUpstream upstream = httpsUpstream(upstreamKey, false, null);
             ApiGateway gateway = ApiGateway.builder(config("https")).upstreamHost("svc", upstream.uri())
                     .serverTls(GatewayTls.serverContext(gatewayKey, PASSWORD), false)
                     .upstreamTls(GatewayTls.trustingContext(trustsUpstream, PASSWORD)).start(LOOPBACK)) {
            HttpClient client = HttpClient.newBuilder().sslContext(GatewayTls.trustingContext(trustsGateway, PASSWORD)).build();

            HttpResponse<String> response = get(client, "https://127.0.0.1:" + gateway.port() + "/x");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(TestUpstream.headers(response.body())).containsEntry("x-forwarded-proto", "https");
        }
    }

    @Test
    @DisplayName("an upstream with a certificate the trust store does not hold is refused: 502, its handler never runs")
    void wrongUpstreamCertificate() throws Exception {
        try (TestUpstream rogue = httpsUpstream(rogueKey, false, null);
             ApiGateway gateway = ApiGateway.builder(config("https")).upstreamHost("svc", rogue.uri())
                     .upstreamTls(GatewayTls.trustingContext(trustsUpstream, PASSWORD)).start(LOOPBACK)) {
            HttpResponse<String> response = get(GatewayTestSupport.CLIENT, "http://127.0.0.1:" + gateway.port() + "/x");

            assertThat(response.statusCode()).isEqualTo(502);
            assertThat(response.body()).contains("\"message\"");
            assertThat(rogue.requests.get()).isZero();
        }
    }

    @Test
    @DisplayName("a client that does not trust the gateway's certificate cannot connect")
    void clientRefusesUnknownGateway() throws Exception {
        try (ApiGateway gateway = ApiGateway.builder(config("http"))
                .serverTls(GatewayTls.serverContext(rogueKey, PASSWORD), false).start(LOOPBACK)) {
            HttpClient client = HttpClient.newBuilder().sslContext(GatewayTls.trustingContext(trustsGateway, PASSWORD)).build();
            assertThatThrownBy(() -> get(client, "https://127.0.0.1:" + gateway.port() + "/x"))
                    .isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
        }
    }

    @Test
    @DisplayName("plain HTTP to the HTTPS port fails cleanly, and the gateway keeps serving HTTPS")
    void plainHttpToHttpsPort() throws Exception {
        try (TestUpstream upstream = new TestUpstream("plain");
             ApiGateway gateway = ApiGateway.builder(config("http")).upstreamHost("svc", upstream.uri())
                     .serverTls(GatewayTls.serverContext(gatewayKey, PASSWORD), false).start(LOOPBACK)) {
            String answer;
            try {
                answer = RawHttp.get(gateway.port(), "/x");
            } catch (IOException e) {
                answer = "";   // the connection was closed or reset: also a clean failure
            }
            assertThat(answer).as("no HTTP response to a plain-text request").doesNotStartWith("HTTP/1.1 200");
            assertThat(upstream.requests.get()).isZero();

            HttpClient client = HttpClient.newBuilder().sslContext(GatewayTls.trustingContext(trustsGateway, PASSWORD)).build();
            assertThat(get(client, "https://127.0.0.1:" + gateway.port() + "/x").statusCode()).isEqualTo(200);
        }
    }

    @Test
    @DisplayName("mutual TLS: an upstream that requires a client certificate accepts the gateway's and refuses none")
    void mutualTls() throws Exception {
        try (TestUpstream upstream = httpsUpstream(upstreamKey, true, trustsGateway);
             ApiGateway withKey = ApiGateway.builder(config("https")).upstreamHost("svc", upstream.uri())
                     .upstreamTls(GatewayTls.mutualContext(gatewayKey, PASSWORD, trustsUpstream, PASSWORD)).start(LOOPBACK);
             ApiGateway withoutKey = ApiGateway.builder(config("https")).upstreamHost("svc", upstream.uri())
                     .upstreamTls(GatewayTls.trustingContext(trustsUpstream, PASSWORD)).start(LOOPBACK)) {
            assertThat(get(GatewayTestSupport.CLIENT, "http://127.0.0.1:" + withKey.port() + "/x").statusCode()).isEqualTo(200);
            assertThat(get(GatewayTestSupport.CLIENT, "http://127.0.0.1:" + withoutKey.port() + "/x").statusCode()).isEqualTo(502);
            assertThat(upstream.requests.get()).as("only the gateway with a client certificate got through").isEqualTo(1);
        }
    }

    @Test
    @DisplayName("the gateway can require client certificates itself")
    void gatewayRequiresClientCertificate() throws Exception {
        try (TestUpstream upstream = new TestUpstream("plain");
             ApiGateway gateway = ApiGateway.builder(config("http")).upstreamHost("svc", upstream.uri())
                     .serverTls(GatewayTls.mutualContext(gatewayKey, PASSWORD, trustsUpstream, PASSWORD), true)
                     .start(LOOPBACK)) {
            HttpClient anonymous = HttpClient.newBuilder().sslContext(GatewayTls.trustingContext(trustsGateway, PASSWORD)).build();
            assertThatThrownBy(() -> get(anonymous, "https://127.0.0.1:" + gateway.port() + "/x")).isInstanceOf(IOException.class);

            HttpClient withCertificate = HttpClient.newBuilder()
                    .sslContext(GatewayTls.mutualContext(upstreamKey, PASSWORD, trustsGateway, PASSWORD)).build();
            assertThat(get(withCertificate, "https://127.0.0.1:" + gateway.port() + "/x").statusCode()).isEqualTo(200);
            assertThat(upstream.requests.get()).isEqualTo(1);
        }
    }
}
