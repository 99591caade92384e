package dev.microlab.gateway;

import dev.microlab.core.secrets.Secrets;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Kong's declarative configuration ({@code kong.yml}, {@code _format_version} 1.1 to 3.0), validated
 * whole: services with their upstream ({@code url}, or {@code protocol}/{@code host}/{@code port}/
 * {@code path}), routes by {@code paths}, {@code methods}, {@code hosts} and {@code headers}, plugins
 * on a service, a route or globally, and consumers with {@code jwt_secrets}.
 *
 * <pre>{@code
 * KongConfig config = KongConfig.load(Path.of("kong.yml"), Secrets.fromEnvironment());
 * }</pre>
 *
 * <p>An unknown plugin, a misspelt field, a wrong type or a value out of range is an error naming
 * the line and the field; all of them are reported at once by a {@link KongConfigException}. A
 * secret may be written as Kong's vault reference {@code {vault://env/gateway-jwt-secret}}: it is
 * read through {@link Secrets} (variable {@code GATEWAY_JWT_SECRET} or {@code GATEWAY_JWT_SECRET_FILE})
 * so that the file holds no secret.
 *
 * <p>Instances are immutable and threadsafe.
 */
public record KongConfig(String formatVersion, List<Service> services, List<Consumer> consumers,
                         List<Plugin> plugins) {

    /** Validates and copies. */
    public KongConfig {
        Objects.requireNonNull(formatVersion, "formatVersion must not be null");
        services = List.copyOf(services);
        consumers = List.copyOf(consumers);
        plugins = List.copyOf(plugins);
    }

    /** Parses and validates {@code yaml}; {@code source} names it in errors. */
    public static KongConfig parse(String yaml, String source, Secrets secrets) {
        Objects.requireNonNull(yaml, "yaml must not be null");
        Objects.requireNonNull(source, "source must not be null");
        Objects.requireNonNull(secrets, "secrets must not be null");
        return new KongConfigLoader(source, secrets).load(yaml);
    }

    /** Reads, parses and validates the file {@code path}. */
    public static KongConfig load(Path path, Secrets secrets) throws IOException {
        Objects.requireNonNull(path, "path must not be null");
        return parse(Files.readString(path, StandardCharsets.UTF_8), path.toString(), secrets);
    }

    /** A service: where requests go ({@code upstream}), its routes and its plugins. */
    public record Service(String name, URI upstream, Duration connectTimeout, Duration readTimeout,
                          int retries, List<Route> routes, List<Plugin> plugins) {
        public Service {
            routes = List.copyOf(routes);
            plugins = List.copyOf(plugins);
        }
    }

    /**
     * A route. {@code paths} are prefixes, matched as Kong does (plain string prefix); an empty list
     * of {@code methods}, {@code hosts} or {@code headers} matches every request.
     */
    public record Route(String name, List<String> paths, List<String> methods, List<String> hosts,
                        Map<String, List<String>> headers, boolean stripPath, boolean preserveHost,
                        List<Plugin> plugins) {
        public Route {
            paths = List.copyOf(paths);
            methods = List.copyOf(methods);
            hosts = List.copyOf(hosts);
            headers = Map.copyOf(headers);
            plugins = List.copyOf(plugins);
        }
    }

    /** A plugin as applied: its validated config, enabled or not, and the line it was declared on. */
    public record Plugin(PluginConfig config, boolean enabled, int line) {
        /** The plugin's name. */
        public String name() {
            return config.pluginName();
        }
    }

    /** A consumer of the API, with the credentials the jwt plugin accepts. */
    public record Consumer(String id, String username, List<JwtSecret> jwtSecrets) {
        public Consumer {
            jwtSecrets = List.copyOf(jwtSecrets);
        }
    }

    /**
     * A JWT credential: {@code key} is what the token's {@code iss} (key_claim_name) must hold;
     * {@code secret} signs HS256/384/512, {@code rsaPublicKey} (PEM) verifies RS256/384/512.
     */
    public record JwtSecret(String key, String algorithm, String secret, String rsaPublicKey) {
        @Override
        public String toString() {
            return "JwtSecret[key=" + key + ", algorithm=" + algorithm + "]";   // never the secret
        }
    }
}
