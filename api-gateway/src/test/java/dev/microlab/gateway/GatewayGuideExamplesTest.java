package dev.microlab.gateway;

import static dev.microlab.gateway.TestCertificates.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.microlab.core.secrets.Secrets;
import dev.microlab.registry.ServiceInstance;
import dev.microlab.registry.ServiceRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The code of docs/api-gateway.md, compiled and run: the guide's snippets are copied from here. */
@DisplayName("api-gateway guide examples")
class GatewayGuideExamplesTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("the course's kong.yml, served with its upstream hosts mapped to loopback")
    void courseKongYml() throws Exception {
        Path kongYml = dir.resolve("kong.yml");
        Files.writeString(kongYml, KongConfigTest.resource("course-kong.yml"));
        try (TestUpstream users = new TestUpstream("users")) {
            URI userService = users.uri();
            PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            KongConfig config = KongConfig.load(kongYml, Secrets.fromEnvironment());
            try (ApiGateway gateway = ApiGateway.builder(config)
                    .upstreamHost("user-service", userService)      // kong.yml says http://user-service:8000
                    .meterRegistry(prometheus)                      // the prometheus plugin records here
                    .start(new InetSocketAddress("127.0.0.1", 0))) {
                HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + gateway.port() + "/api/users")).build(),
                        HttpResponse.BodyHandlers.ofString());
                // the course's file has jwt on every service and no consumer: everyone is refused
                assertThat(response.statusCode()).isEqualTo(401);
            }
        }
    }

    @Test
    @DisplayName("upstreams found in the service registry")
    void throughTheRegistry() throws Exception {
        try (TestUpstream instance = new TestUpstream("order-1");
             ServiceRegistry registry = ServiceRegistry.builder().build()) {
            int port = instance.port();
            KongConfig config = KongConfig.parse("""
                    _format_version: "3.0"
                    services:
                      - name: order-service
                        url: http://order-service:8000
                        routes: [{paths: [/api/orders]}]
                    """, "kong.yml", Secrets.fromEnvironment());
            registry.register(ServiceInstance.of("order-service", "order-1", "127.0.0.1", port));
            try (ApiGateway gateway = ApiGateway.builder(config)
                    .registry(registry)                             // order-service is a registry name
                    .start(new InetSocketAddress("127.0.0.1", 0))) {
                HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + gateway.port() + "/api/orders/7")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(TestUpstream.echo(response.body())).containsEntry("path", "/7");
            }
        }
    }

    @Test
    @DisplayName("a reload that fails leaves the running config serving")
    void reload() throws Exception {
        KongConfig first = KongConfig.parse("""
                _format_version: "3.0"
                services: [{name: a, url: "http://127.0.0.1:9", routes: [{paths: [/a]}]}]
                """, "kong.yml", Secrets.fromEnvironment());
        try (ApiGateway gateway = ApiGateway.builder(first).start(new InetSocketAddress("127.0.0.1", 0))) {
            String edited = "_format_version: \"3.0\"\nservices: [{name: a, url: \"http://127.0.0.1:9\", routes: [{pahts: [/a]}]}]\n";
            try {
                gateway.reload(KongConfig.parse(edited, "kong.yml", Secrets.fromEnvironment()));
                fail("a misspelt field must be refused");
            } catch (KongConfigException e) {
                // e.errors(): [line 2: services[0].routes[0]: unknown field 'pahts' (allowed here: ...), ...]
                assertThat(e.errors().get(0)).startsWith("line 2: services[0].routes[0]: unknown field 'pahts'");
            }
            assertThat(gateway.config()).isSameAs(first);
        }
    }

    @Test
    @DisplayName("HTTPS in front and mutual TLS to the services")
    void tls() throws Exception {
        TestCertificates certs = new TestCertificates(dir);
        Path gatewayP12 = certs.keyPair("gateway");
        certs.keyPair("services");
        Path servicesTrust = certs.trustStore("services-trust", "services");
        char[] password = PASSWORD;   // in a service: Secrets.fromEnvironment().require("gateway.keystore.password")
        KongConfig config = KongConfig.parse("""
                _format_version: "3.0"
                services: [{name: s, url: "https://127.0.0.1:9", routes: [{paths: [/]}]}]
                """, "kong.yml", Secrets.fromEnvironment());
        SSLContext front = GatewayTls.serverContext(gatewayP12, password);
        SSLContext toServices = GatewayTls.mutualContext(gatewayP12, password, servicesTrust, password);
        try (ApiGateway gateway = ApiGateway.builder(config)
                .serverTls(front, false)             // true: clients must present a certificate too
                .upstreamTls(toServices)             // verify services against services-trust.p12 only
                .start(new InetSocketAddress("127.0.0.1", 0))) {
            assertThat(gateway.port()).isPositive();
        }
    }
}
