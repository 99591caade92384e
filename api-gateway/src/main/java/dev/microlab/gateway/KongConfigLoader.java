package dev.microlab.gateway;

import dev.microlab.core.secrets.Secrets;
import dev.microlab.gateway.internal.YamlNode;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a kong.yml into a {@link KongConfig}, collecting every error (line, field, what is
 * allowed) before failing, so a reader fixes the whole file in one go. Not threadsafe: one loader
 * per load.
 */
final class KongConfigLoader {

    private static final Set<String> FORMAT_VERSIONS = Set.of("1.1", "2.1", "3.0");
    private static final Set<String> HTTP_METHODS = Set.of(
            "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT");
    private static final Set<String> JWT_ALGORITHMS = Set.of("HS256", "HS384", "HS512", "RS256", "RS384", "RS512");
    private static final Pattern VAULT = Pattern.compile("\\{vault://env/([a-z0-9][a-z0-9_.-]*)}");

    private final String source;
    private final Secrets secrets;
    private final List<String> errors = new ArrayList<>();

    KongConfigLoader(String source, Secrets secrets) {
        this.source = source;
        this.secrets = secrets;
    }

    KongConfig load(String yaml) {
        YamlNode root;
        try {
            root = YamlNode.parse(yaml);
        } catch (IOException e) {
            throw new KongConfigException(source, List.of("not valid YAML: " + e.getMessage()));
        }
        Fields top = fields(root, "the document");
        if (top == null) {
            throw new KongConfigException(source, errors);
        }
        String format = top.string("_format_version", true, null);
        if (format != null && !FORMAT_VERSIONS.contains(format)) {
            error(top.line("_format_version"), "_format_version", "must be one of " + new TreeSet<>(FORMAT_VERSIONS)
                    + ", but was '" + format + "'");
        }
        top.ignore("_transform");
        List<KongConfig.Service> services = new ArrayList<>();
        List<YamlNode> serviceNodes = top.list("services");
        for (int i = 0; i < serviceNodes.size(); i++) {
            services.add(service(serviceNodes.get(i), "services[" + i + "]"));
        }
        List<KongConfig.Consumer> consumers = new ArrayList<>();
        List<YamlNode> consumerNodes = top.list("consumers");
        for (int i = 0; i < consumerNodes.size(); i++) {
            consumers.add(consumer(consumerNodes.get(i), "consumers[" + i + "]"));
        }
        List<KongConfig.Plugin> plugins = plugins(top.list("plugins"), "plugins");
        top.end();
        checkUnique(services.stream().map(KongConfig.Service::name).toList(), "service name");
        checkUnique(services.stream().flatMap(s -> s.routes().stream()).map(KongConfig.Route::name)
                .filter(n -> n != null).toList(), "route name");
        checkUnique(consumers.stream().flatMap(c -> c.jwtSecrets().stream()).map(KongConfig.JwtSecret::key)
                .toList(), "jwt_secrets key");
        if (!errors.isEmpty()) {
            throw new KongConfigException(source, errors);
        }
        return new KongConfig(format, services, consumers, plugins);
    }

    private KongConfig.Service service(YamlNode node, String path) {
        Fields f = fields(node, path);
        if (f == null) {
            return new KongConfig.Service("?", URI.create("http://invalid"), Duration.ZERO, Duration.ZERO, 0,
                    List.of(), List.of());
        }
        String name = f.string("name", true, "?");
        String url = f.string("url", false, null);
        String protocol = f.string("protocol", false, null);
        String host = f.string("host", false, null);
        Long port = f.integer("port", 1, 65535, null);
        String basePath = f.string("path", false, null);
        URI upstream = null;
        if (url != null) {
            if (protocol != null || host != null || port != null || basePath != null) {
                error(f.line("url"), path + ".url", "give either url or protocol/host/port/path, not both");
            }
            try {
                upstream = new URI(url);
                if (upstream.getHost() == null || !Set.of("http", "https").contains(upstream.getScheme())) {
                    error(f.line("url"), path + ".url", "must be http(s)://host[:port][/path], but was '" + url + "'");
                    upstream = null;
                }
            } catch (URISyntaxException e) {
                error(f.line("url"), path + ".url", "is not a URL: '" + url + "'");
            }
        } else if (host != null) {
            String scheme = protocol == null ? "http" : protocol;
            if (!Set.of("http", "https").contains(scheme)) {
                error(f.line("protocol"), path + ".protocol", "must be http or https, but was '" + scheme + "'");
                scheme = "http";
            }
            int p = port == null ? ("https".equals(scheme) ? 443 : 80) : port.intValue();
            upstream = URI.create(scheme + "://" + host + ":" + p + (basePath == null ? "" : basePath));
        } else {
            error(node.line(), path, "needs an upstream: url, or host (with optional protocol, port, path)");
        }
        Duration connect = Duration.ofMillis(f.integer("connect_timeout", 1, Integer.MAX_VALUE, 60_000L));
        Duration read = Duration.ofMillis(f.integer("read_timeout", 1, Integer.MAX_VALUE, 60_000L));
        f.integer("write_timeout", 1, Integer.MAX_VALUE, 60_000L);
        int retries = f.integer("retries", 0, 32_767, 5L).intValue();
        f.ignore("tags");
        f.ignore("id");
        Boolean enabled = f.bool("enabled", true);
        if (!enabled) {
            error(f.line("enabled"), path + ".enabled", "disabled services are not supported; remove the service");
        }
        List<KongConfig.Route> routes = new ArrayList<>();
        List<YamlNode> routeNodes = f.list("routes");
        for (int i = 0; i < routeNodes.size(); i++) {
            routes.add(route(routeNodes.get(i), path + ".routes[" + i + "]"));
        }
        List<KongConfig.Plugin> plugins = plugins(f.list("plugins"), path + ".plugins");
        f.end();
        return new KongConfig.Service(name, upstream == null ? URI.create("http://invalid") : upstream,
                connect, read, retries, routes, plugins);
    }

    private KongConfig.Route route(YamlNode node, String path) {
        Fields f = fields(node, path);
        if (f == null) {
            return null;
        }
        String name = f.string("name", false, null);
        List<String> paths = f.strings("paths");
        for (String p : paths) {
            if (p.startsWith("~")) {
                error(f.line("paths"), path + ".paths", "regex paths ('" + p + "') are not supported here; use a prefix");
            } else if (!p.startsWith("/")) {
                error(f.line("paths"), path + ".paths", "must start with '/', but was '" + p + "'");
            }
        }
        List<String> methods = new ArrayList<>();
        for (String m : f.strings("methods")) {
            String upper = m.toUpperCase(Locale.ROOT);
            if (!HTTP_METHODS.contains(upper)) {
                error(f.line("methods"), path + ".methods", "unknown HTTP method '" + m + "' (allowed: "
                        + new TreeSet<>(HTTP_METHODS) + ")");
            }
            methods.add(upper);
        }
        List<String> hosts = f.strings("hosts").stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
        Map<String, List<String>> headers = new LinkedHashMap<>();
        Fields h = f.map("headers");
        if (h != null) {
            for (String header : h.names()) {
                List<String> values = h.strings(header);
                if (values.isEmpty()) {
                    error(h.line(header), path + ".headers." + header, "needs at least one value");
                }
                headers.put(header.toLowerCase(Locale.ROOT), values);
            }
        }
        List<String> protocols = f.strings("protocols");
        for (String p : protocols) {
            if (!Set.of("http", "https").contains(p)) {
                error(f.line("protocols"), path + ".protocols", "must be http or https, but was '" + p + "'");
            }
        }
        boolean strip = f.bool("strip_path", true);
        boolean preserve = f.bool("preserve_host", false);
        f.ignore("tags");
        f.ignore("id");
        f.ignore("regex_priority");
        f.ignore("https_redirect_status_code");
        f.ignore("path_handling");
        f.ignore("request_buffering");
        f.ignore("response_buffering");
        List<KongConfig.Plugin> plugins = plugins(f.list("plugins"), path + ".plugins");
        f.end();
        if (paths.isEmpty() && methods.isEmpty() && hosts.isEmpty() && headers.isEmpty()) {
            error(node.line(), path, "needs at least one of paths, methods, hosts, headers");
        }
        return new KongConfig.Route(name, paths, methods, hosts, headers, strip, preserve, plugins);
    }

    private KongConfig.Consumer consumer(YamlNode node, String path) {
        Fields f = fields(node, path);
        if (f == null) {
            return new KongConfig.Consumer("?", "?", List.of());
        }
        String username = f.string("username", false, null);
        String customId = f.string("custom_id", false, null);
        String id = f.string("id", false, null);
        if (username == null && customId == null) {
            error(node.line(), path, "needs a username or a custom_id");
        }
        f.ignore("tags");
        List<KongConfig.JwtSecret> secretsList = new ArrayList<>();
        List<YamlNode> nodes = f.list("jwt_secrets");
        for (int i = 0; i < nodes.size(); i++) {
            String p = path + ".jwt_secrets[" + i + "]";
            Fields s = fields(nodes.get(i), p);
            if (s == null) {
                continue;
            }
            String key = s.string("key", true, "?");
            String algorithm = s.string("algorithm", false, "HS256");
            if (!JWT_ALGORITHMS.contains(algorithm)) {
                error(s.line("algorithm"), p + ".algorithm", "must be one of " + new TreeSet<>(JWT_ALGORITHMS)
                        + ", but was '" + algorithm + "'");
            }
            String secret = resolveSecret(s.string("secret", false, null), s.line("secret"), p + ".secret");
            String rsa = s.string("rsa_public_key", false, null);
            s.ignore("tags");
            s.ignore("id");
            s.end();
            if (algorithm.startsWith("RS") && rsa == null) {
                error(nodes.get(i).line(), p, "algorithm " + algorithm + " needs rsa_public_key");
            }
            if (algorithm.startsWith("HS") && secret == null) {
                error(nodes.get(i).line(), p, "algorithm " + algorithm + " needs secret");
            }
            secretsList.add(new KongConfig.JwtSecret(key, algorithm, secret, rsa));
        }
        f.end();
        String name = username != null ? username : customId;
        return new KongConfig.Consumer(id != null ? id : name, name, secretsList);
    }

    private String resolveSecret(String value, int line, String path) {
        if (value == null) {
            return null;
        }
        Matcher m = VAULT.matcher(value);
        if (!m.matches()) {
            if (value.startsWith("{vault://")) {
                error(line, path, "only the env vault is supported: {vault://env/<name>}");
            }
            return value;
        }
        try {
            return secrets.require(m.group(1));
        } catch (RuntimeException e) {
            error(line, path, e.getMessage());   // names the secret and the variable, never a value
            return null;
        }
    }

    private List<KongConfig.Plugin> plugins(List<YamlNode> nodes, String path) {
        List<KongConfig.Plugin> plugins = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < nodes.size(); i++) {
            String p = path + "[" + i + "]";
            Fields f = fields(nodes.get(i), p);
            if (f == null) {
                continue;
            }
            String name = f.string("name", true, null);
            boolean enabled = f.bool("enabled", true);
            f.ignore("tags");
            f.ignore("id");
            f.ignore("protocols");
            for (String scope : List.of("service", "route", "consumer")) {
                if (f.has(scope)) {
                    error(f.line(scope), p + "." + scope, "scoping a plugin by reference is not supported here;"
                            + " nest the plugin under its service or route");
                    f.ignore(scope);
                }
            }
            Fields config = f.map("config");
            if (config == null) {
                config = new Fields(new YamlNode(Map.of(), nodes.get(i).line()), p + ".config");
            }
            f.end();
            if (name == null) {
                continue;
            }
            if (!PluginConfig.KNOWN.containsKey(name)) {
                error(f.line("name"), p + ".name", "unknown plugin '" + name + "' (known: "
                        + new TreeSet<>(PluginConfig.KNOWN.keySet()) + ")");
                continue;
            }
            if (!seen.add(name)) {
                error(f.line("name"), p + ".name", "plugin '" + name + "' is configured twice at this level");
            }
            PluginConfig pc = pluginConfig(name, config);
            config.end();
            if (pc != null) {
                plugins.add(new KongConfig.Plugin(pc, enabled, nodes.get(i).line()));
            }
        }
        return plugins;
    }

    private PluginConfig pluginConfig(String name, Fields c) {
        switch (name) {
            case "rate-limiting": {
                Long second = c.integer("second", 0, Long.MAX_VALUE, null);
                Long minute = c.integer("minute", 0, Long.MAX_VALUE, null);
                Long hour = c.integer("hour", 0, Long.MAX_VALUE, null);
                Long day = c.integer("day", 0, Long.MAX_VALUE, null);
                for (String unsupported : List.of("month", "year")) {
                    if (c.has(unsupported)) {
                        error(c.line(unsupported), c.path + "." + unsupported,
                                "calendar windows are not supported here (use second, minute, hour or day)");
                        c.ignore(unsupported);
                    }
                }
                if (second == null && minute == null && hour == null && day == null) {
                    error(c.node.line(), c.path, "needs at least one of second, minute, hour, day");
                }
                String policy = c.string("policy", false, "local");
                if (!"local".equals(policy)) {
                    error(c.line("policy"), c.path + ".policy", "only 'local' is supported here, but was '" + policy + "'");
                }
                String limitBy = c.string("limit_by", false, "consumer");
                if (!Set.of("consumer", "ip", "header").contains(limitBy)) {
                    error(c.line("limit_by"), c.path + ".limit_by", "must be consumer, ip or header, but was '"
                            + limitBy + "'");
                }
                String headerName = c.string("header_name", false, null);
                if ("header".equals(limitBy) && headerName == null) {
                    error(c.line("limit_by"), c.path + ".header_name", "is required when limit_by is header");
                }
                boolean hide = c.bool("hide_client_headers", false);
                c.bool("fault_tolerant", true);
                int errorCode = c.integer("error_code", 400, 599, 429L).intValue();
                String message = c.string("error_message", false, "API rate limit exceeded");
                return new PluginConfig.RateLimiting(second, minute, hour, day, limitBy, headerName, hide,
                        errorCode, message);
            }
            case "jwt": {
                List<String> uri = c.has("uri_param_names") ? c.strings("uri_param_names") : List.of("jwt");
                List<String> cookies = c.strings("cookie_names");
                List<String> headers = c.has("header_names") ? c.strings("header_names") : List.of("authorization");
                String keyClaim = c.string("key_claim_name", false, "iss");
                boolean base64 = c.bool("secret_is_base64", false);
                List<String> claims = c.strings("claims_to_verify");
                for (String claim : claims) {
                    if (!Set.of("exp", "nbf").contains(claim)) {
                        error(c.line("claims_to_verify"), c.path + ".claims_to_verify",
                                "must hold only exp and nbf, but held '" + claim + "'");
                    }
                }
                long maxExp = c.integer("maximum_expiration", 0, 31_536_000, 0L);
                if (maxExp > 0 && !claims.contains("exp")) {
                    error(c.line("maximum_expiration"), c.path + ".maximum_expiration",
                            "needs 'exp' in claims_to_verify");
                }
                boolean preflight = c.bool("run_on_preflight", true);
                long skew = c.integer("clock_skew_seconds", 0, 3_600, 0L);
                if (c.has("anonymous")) {
                    error(c.line("anonymous"), c.path + ".anonymous", "anonymous consumers are not supported here");
                    c.ignore("anonymous");
                }
                return new PluginConfig.Jwt(uri, cookies, headers, keyClaim, base64, claims, maxExp, preflight, skew);
            }
            case "cors": {
                List<String> origins = c.strings("origins");
                List<String> methods = c.has("methods") ? c.strings("methods")
                        : List.of("GET", "HEAD", "PUT", "PATCH", "POST", "DELETE", "OPTIONS", "TRACE", "CONNECT");
                for (String m : methods) {
                    if (!HTTP_METHODS.contains(m)) {
                        error(c.line("methods"), c.path + ".methods", "unknown HTTP method '" + m + "'");
                    }
                }
                List<String> headers = c.strings("headers");
                List<String> exposed = c.strings("exposed_headers");
                boolean credentials = c.bool("credentials", false);
                Long maxAge = c.integer("max_age", 0, Integer.MAX_VALUE, null);
                boolean cont = c.bool("preflight_continue", false);
                c.bool("private_network", false);
                return new PluginConfig.Cors(origins, methods, headers, exposed, credentials, maxAge, cont);
            }
            case "prometheus":
                return new PluginConfig.Prometheus(c.bool("per_consumer", false), c.bool("status_code_metrics", true),
                        c.bool("latency_metrics", true), c.bool("bandwidth_metrics", true));
            case "correlation-id": {
                String header = c.string("header_name", false, "Kong-Request-ID");
                String generator = c.string("generator", false, "uuid");
                if (!Set.of("uuid", "uuid#counter", "tracker").contains(generator)) {
                    error(c.line("generator"), c.path + ".generator", "must be uuid, uuid#counter or tracker");
                }
                return new PluginConfig.CorrelationId(header, c.bool("echo_downstream", false));
            }
            case "circuit-breaker": {
                long threshold = c.integer("failure_rate_threshold", 1, 100, 50L);
                int window = c.integer("sliding_window_size", 1, 10_000, 100L).intValue();
                int minimum = c.integer("minimum_number_of_calls", 1, 10_000, 100L).intValue();
                long waitSeconds = c.integer("wait_duration_in_open_seconds", 1, 86_400, 60L);
                List<Integer> statuses = c.has("failure_status_codes") ? c.ints("failure_status_codes", 500, 599)
                        : List.of(500, 502, 503, 504);
                return new PluginConfig.CircuitBreaker(threshold, window, minimum, Duration.ofSeconds(waitSeconds),
                        statuses);
            }
            case "retry": {
                int attempts = c.integer("max_attempts", 1, 10, 3L).intValue();
                long backoffMs = c.integer("backoff_ms", 0, 60_000, 0L);
                List<Integer> statuses = c.has("retry_on_status") ? c.ints("retry_on_status", 500, 599)
                        : List.of(502, 503, 504);
                List<String> methods = c.has("methods") ? c.strings("methods") : List.of("GET", "HEAD", "PUT", "DELETE",
                        "OPTIONS");
                return new PluginConfig.Retry(attempts, Duration.ofMillis(backoffMs), statuses, methods);
            }
            default:
                throw new IllegalStateException("plugin " + name + " is known but not parsed");
        }
    }

    private void checkUnique(List<String> names, String what) {
        Set<String> seen = new HashSet<>();
        for (String n : names) {
            if (!seen.add(n)) {
                errors.add(what + " '" + n + "' is used twice; it must be unique");
            }
        }
    }

    private void error(int line, String field, String message) {
        errors.add("line " + line + ": " + field + ": " + message);
    }

    private Fields fields(YamlNode node, String path) {
        if (node.asMap() == null) {
            error(node.line(), path, "must be a mapping of fields, but was " + describe(node));
            return null;
        }
        return new Fields(node, path);
    }

    private static String describe(YamlNode node) {
        Object v = node.value();
        if (v == null) {
            return "empty";
        }
        if (v instanceof List) {
            return "a list";
        }
        if (v instanceof Map) {
            return "a mapping";
        }
        return "'" + v + "'";
    }

    /** The fields of one mapping: each read marks a field as known; {@link #end()} reports the rest. */
    private final class Fields {
        final YamlNode node;
        final String path;
        final Map<String, YamlNode> map;
        final Set<String> read = new HashSet<>();

        Fields(YamlNode node, String path) {
            this.node = node;
            this.path = path;
            this.map = node.asMap();
        }

        Set<String> names() {
            read.addAll(map.keySet());
            return map.keySet();
        }

        boolean has(String name) {
            return map.containsKey(name) && map.get(name).value() != null;
        }

        int line(String name) {
            YamlNode n = map.get(name);
            return n == null ? node.line() : n.line();
        }

        void ignore(String name) {
            read.add(name);
        }

        private YamlNode get(String name) {
            read.add(name);
            YamlNode n = map.get(name);
            return n == null || n.value() == null ? null : n;
        }

        String string(String name, boolean required, String fallback) {
            YamlNode n = get(name);
            if (n == null) {
                if (required) {
                    error(node.line(), path + "." + name, "is required");
                }
                return fallback;
            }
            if (n.value() instanceof Map || n.value() instanceof List) {
                error(n.line(), path + "." + name, "must be a string, but was " + describe(n));
                return fallback;
            }
            return String.valueOf(n.value());
        }

        Long integer(String name, long min, long max, Long fallback) {
            YamlNode n = get(name);
            if (n == null) {
                return fallback;
            }
            if (!(n.value() instanceof Integer || n.value() instanceof Long)) {
                error(n.line(), path + "." + name, "must be a whole number in [" + min + ", " + max + "], but was "
                        + describe(n));
                return fallback;
            }
            long v = ((Number) n.value()).longValue();
            if (v < min || v > max) {
                error(n.line(), path + "." + name, "must be in [" + min + ", " + max + "], but was " + v);
                return fallback;
            }
            return v;
        }

        boolean bool(String name, boolean fallback) {
            YamlNode n = get(name);
            if (n == null) {
                return fallback;
            }
            if (!(n.value() instanceof Boolean b)) {
                error(n.line(), path + "." + name, "must be true or false, but was " + describe(n));
                return fallback;
            }
            return b;
        }

        List<YamlNode> list(String name) {
            YamlNode n = get(name);
            if (n == null) {
                return List.of();
            }
            if (n.asList() == null) {
                error(n.line(), path + "." + name, "must be a list, but was " + describe(n));
                return List.of();
            }
            return n.asList();
        }

        List<String> strings(String name) {
            List<String> out = new ArrayList<>();
            for (YamlNode item : list(name)) {
                if (item.value() == null || item.value() instanceof Map || item.value() instanceof List) {
                    error(item.line(), path + "." + name, "must be a list of strings, but held " + describe(item));
                } else {
                    out.add(String.valueOf(item.value()));
                }
            }
            return List.copyOf(out);
        }

        List<Integer> ints(String name, int min, int max) {
            List<Integer> out = new ArrayList<>();
            for (YamlNode item : list(name)) {
                if (!(item.value() instanceof Integer i) || i < min || i > max) {
                    error(item.line(), path + "." + name, "must be a list of whole numbers in [" + min + ", " + max
                            + "], but held " + describe(item));
                } else {
                    out.add(i);
                }
            }
            return List.copyOf(out);
        }

        Fields map(String name) {
            YamlNode n = get(name);
            if (n == null) {
                return null;
            }
            return fields(n, path + "." + name);
        }

        void end() {
            for (Map.Entry<String, YamlNode> e : map.entrySet()) {
                if (!read.contains(e.getKey())) {
                    List<String> known = new ArrayList<>(read);
                    known.sort(null);
                    error(e.getValue().line(), path, "unknown field '" + e.getKey() + "' (allowed here: "
                            + String.join(", ", known) + ")");
                }
            }
        }
    }
}
