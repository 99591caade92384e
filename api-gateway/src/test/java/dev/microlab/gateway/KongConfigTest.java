package dev.microlab.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microlab.core.secrets.Secrets;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("KongConfig: the declarative kong.yml")
class KongConfigTest {

    static String resource(String name) throws IOException {
        try (InputStream in = KongConfigTest.class.getResourceAsStream("/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    @DisplayName("the course's kong.yml, copied as it is, loads with its services, routes and plugins")
    void courseConfigLoads() throws IOException {
        KongConfig config = KongConfig.parse(resource("course-kong.yml"), "course-kong.yml", Secrets.from(Map.of()));

        assertThat(config.formatVersion()).isEqualTo("2.1");
        assertThat(config.services()).extracting(KongConfig.Service::name).containsExactly("user-service", "order-service");
        KongConfig.Service users = config.services().get(0);
        assertThat(users.upstream()).hasToString("http://user-service:8000");
        assertThat(users.routes().get(0).paths()).containsExactly("/api/users");
        assertThat(users.routes().get(0).methods()).containsExactly("GET", "POST", "PUT", "DELETE");
        assertThat(users.routes().get(0).stripPath()).as("Kong's default strip_path").isTrue();
        assertThat(users.plugins()).extracting(KongConfig.Plugin::config)
                .anySatisfy(c -> assertThat(c).isInstanceOfSatisfying(PluginConfig.RateLimiting.class, r -> {
                    assertThat(r.minute()).isEqualTo(100);
                    assertThat(r.hour()).isEqualTo(1000);
                }));
        assertThat(config.plugins()).extracting(KongConfig.Plugin::name).containsExactly("prometheus", "cors");
        PluginConfig.Cors cors = (PluginConfig.Cors) config.plugins().get(1).config();
        assertThat(cors.origins()).containsExactly("*");
        assertThat(cors.headers()).containsExactly("Accept", "Authorization", "Content-Type");
    }

    @Test
    @DisplayName("a misspelt field is an error naming the field and its line")
    void misspeltField() {
        String yaml = """
                _format_version: "2.1"
                services:
                  - name: a
                    url: http://a:8000
                    routes:
                      - name: r
                        pahts: [/a]
                """;
        assertThatThrownBy(() -> KongConfig.parse(yaml, "kong.yml", Secrets.from(Map.of())))
                .isInstanceOf(KongConfigException.class)
                .hasMessageContaining("line 7: services[0].routes[0]: unknown field 'pahts'")
                .hasMessageContaining("paths");
    }

    @Test
    @DisplayName("every error of the file is reported at once: unknown plugin, bad value, misspelt config field")
    void allErrorsAtOnce() {
        String yaml = """
                _format_version: "2.1"
                services:
                  - name: a
                    url: http://a:8000
                    routes:
                      - paths: [/a]
                    plugins:
                      - name: rate-limitting
                      - name: rate-limiting
                        config:
                          minute: -1
                          hours: 5
                """;
        KongConfigException e = org.junit.jupiter.api.Assertions.assertThrows(KongConfigException.class,
                () -> KongConfig.parse(yaml, "kong.yml", Secrets.from(Map.of())));
        assertThat(e.errors()).anySatisfy(m -> assertThat(m).startsWith("line 8: services[0].plugins[0].name: unknown plugin 'rate-limitting'"))
                .anySatisfy(m -> assertThat(m).startsWith("line 11: services[0].plugins[1].config.minute: must be in [0, "))
                .anySatisfy(m -> assertThat(m).startsWith("line 12: services[0].plugins[1].config: unknown field 'hours'"));
    }

    @Test
    @DisplayName("a JWT secret written as a vault reference is read through Secrets, and a missing one names the variable only")
    void vaultSecrets() {
        String yaml = """
                _format_version: "3.0"
                consumers:
                  - username: alice
                    jwt_secrets:
                      - key: alice-issuer
                        secret: "{vault://env/alice-jwt-secret}"
                """;
        KongConfig config = KongConfig.parse(yaml, "kong.yml", Secrets.from(Map.of("ALICE_JWT_SECRET", "s3cr3t-value")));
        assertThat(config.consumers().get(0).jwtSecrets().get(0).secret()).isEqualTo("s3cr3t-value");
        assertThat(config.consumers().get(0).jwtSecrets().get(0).toString()).doesNotContain("s3cr3t-value");

        assertThatThrownBy(() -> KongConfig.parse(yaml, "kong.yml", Secrets.from(Map.of())))
                .hasMessageContaining("line 6: consumers[0].jwt_secrets[0].secret: secret 'alice-jwt-secret' is not set")
                .hasMessageContaining("ALICE_JWT_SECRET");
    }

    @Test
    @DisplayName("a value of the wrong type names field, line and what was found")
    void wrongType() {
        String yaml = """
                _format_version: "2.1"
                services:
                  - name: a
                    url: http://a:8000
                    routes:
                      - paths: [/a]
                        strip_path: "yes"
                """;
        assertThatThrownBy(() -> KongConfig.parse(yaml, "kong.yml", Secrets.from(Map.of())))
                .hasMessageContaining("line 7: services[0].routes[0].strip_path: must be true or false, but was 'yes'");
    }
}
