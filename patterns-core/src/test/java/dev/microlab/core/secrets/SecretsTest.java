package dev.microlab.core.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Secrets")
class SecretsTest {

    @Test
    @DisplayName("reads a secret from its environment variable (db.password -> DB_PASSWORD)")
    void fromVariable() {
        Secrets secrets = Secrets.from(Map.of("DB_PASSWORD", "s3cret"));

        assertThat(secrets.require("db.password")).isEqualTo("s3cret");
        assertThat(Secrets.variableOf("gateway.jwt-secret")).isEqualTo("GATEWAY_JWT_SECRET");
    }

    @Test
    @DisplayName("prefers the file named by <VAR>_FILE, as Docker and Kubernetes mount secrets, dropping one trailing newline")
    void fromFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("jwt");
        Files.writeString(file, "from-file\n");
        Secrets secrets = Secrets.from(Map.of("JWT_SECRET_FILE", file.toString(), "JWT_SECRET", "from-variable"));

        assertThat(secrets.require("jwt.secret")).isEqualTo("from-file");
    }

    @Test
    @DisplayName("a missing secret names itself and where it was looked for, and nothing leaks a value")
    void missingAndNoLeak() {
        Secrets secrets = Secrets.from(Map.of("DB_PASSWORD", "s3cret"));

        assertThatThrownBy(() -> secrets.require("broker.password")).isInstanceOf(Secrets.SecretException.class)
                .hasMessage("secret 'broker.password' is not set: set BROKER_PASSWORD, or BROKER_PASSWORD_FILE to the"
                        + " path of a file that holds it");
        assertThat(secrets.find("broker.password")).isEmpty();
        assertThat(secrets.toString()).doesNotContain("s3cret");
    }

    @Test
    @DisplayName("an unreadable file or an empty value is an error naming the secret and the file, not the value")
    void badSources(@TempDir Path dir) throws Exception {
        Secrets unreadable = Secrets.from(Map.of("DB_PASSWORD_FILE", dir.resolve("nope").toString()));
        assertThatThrownBy(() -> unreadable.find("db.password")).isInstanceOf(Secrets.SecretException.class)
                .hasMessageContaining("secret 'db.password': cannot read the file").hasMessageContaining("nope");

        Secrets empty = Secrets.from(Map.of("DB_PASSWORD", ""));
        assertThatThrownBy(() -> empty.require("db.password")).hasMessage("secret 'db.password' is empty in DB_PASSWORD");
    }

    @Test
    @DisplayName("a name that is not lower-case words is refused with the name in the message")
    void badNames() {
        assertThatThrownBy(() -> Secrets.variableOf("DB Password")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'DB Password'");
        assertThatThrownBy(() -> Secrets.variableOf(null)).hasMessage("name must not be null");
    }
}
