package dev.microlab.registry;

import dev.microlab.registry.internal.Randoms;
import dev.microlab.registry.internal.YamlTree;
import dev.microlab.registry.internal.YamlTree.Entry;
import dev.microlab.registry.internal.YamlTree.Kind;
import dev.microlab.registry.internal.YamlTree.Mapping;
import dev.microlab.registry.internal.YamlTree.Node;
import dev.microlab.registry.internal.YamlTree.Scalar;
import dev.microlab.registry.internal.YamlTree.Sequence;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An Istio {@code DestinationRule} and {@code VirtualService}, read from their YAML into
 * microlab's own types: the outlier detection ({@link OutlierDetectionConfig#istio}, Istio's
 * mapping to Envoy), the connection pool ({@link ConnectionPoolSettings}) and the routes of a
 * {@link TrafficRouter}. The course's files, as they are written, load:
 *
 * <pre>{@code
 * IstioConfig istio = IstioConfig.load(Path.of("destination-rule.yml"), Path.of("virtual-service.yml"));
 * OutlierDetector detector = OutlierDetector.builder(istio.outlierDetectionIfSet().orElseThrow())
 *         .timeSource(time).scheduler(scheduler).build();
 * ServiceClient client = ServiceClient.builder(registry, istio.host())
 *         .router(istio.router(new Random(42)))
 *         .outlierDetector(detector)
 *         .connectionPool(istio.connectionPoolIfSet().orElseThrow())
 *         .build();
 * }</pre>
 *
 * <p><b>What is read.</b> Istio's field names ({@code networking.istio.io/v1alpha3}, {@code v1beta1}
 * or {@code v1}); every other field is an error naming it, its line, the fields allowed there and,
 * for a near miss, the one meant ({@code baseEjectionTim} → {@code baseEjectionTime}), so that a
 * typo never leaves a setting at its default unnoticed. Durations are written as Istio writes them
 * ({@code 30s}, {@code 1m30s}, {@code 100ms}).
 * <ul>
 *   <li>DestinationRule {@code spec}: {@code host}, {@code subsets} ({@code name}, {@code labels}),
 *       {@code trafficPolicy.outlierDetection} ({@code consecutive5xxErrors},
 *       {@code consecutiveGatewayErrors}, {@code interval}, {@code baseEjectionTime},
 *       {@code maxEjectionPercent}, {@code minHealthPercent}; Istio's defaults 5, unset, 10 s, 30 s,
 *       10, 0) and {@code trafficPolicy.connectionPool}: {@code tcp.maxConnections} → calls at once
 *       per instance, {@code http.http1MaxPendingRequests} → calls waiting, {@code tcp.connectTimeout}
 *       (default 10 s) → how long one waits (Envoy bounds a pending request by the route's timeout,
 *       which a DestinationRule does not have), {@code http.maxRequestsPerConnection} is checked and
 *       has no effect (in-process calls reuse no connection). 0 or no value means Istio's "unlimited".</li>
 *   <li>VirtualService {@code spec}: {@code hosts}, {@code http[]} with {@code name}, {@code match[]}
 *       ({@code name}, {@code headers} with {@code exact}, {@code prefix} or {@code regex}) and
 *       {@code route[]} ({@code destination.host}, {@code destination.subset}, {@code weight}). A route
 *       with several destinations needs weights adding up to 100, as Istio's documentation asks.</li>
 * </ul>
 *
 * <p><b>Two liberties, both for the course's files.</b> A section written as {@code pass} (the course's
 * placeholder for "to do") or left empty counts as not written. A subset that a route names and no
 * DestinationRule defines selects the instances whose {@code version} label is its name (the course's
 * DestinationRule has no {@code subsets}; Istio would answer 503 for it); {@link #impliedSubsets()}
 * names them.
 *
 * <p>Needs {@code com.fasterxml.jackson.dataformat:jackson-dataformat-yaml} on the class path (an
 * optional dependency of this module). Records are immutable; this class is threadsafe.
 *
 * @param host             the DestinationRule's {@code spec.host}, else the first destination host of the
 *                         VirtualService
 * @param outlierDetection the outlier detection settings, or null if none are written
 * @param connectionPool   the connection pool limits, or null if none are written
 * @param subsets          subset name → labels an instance must have
 * @param impliedSubsets   the subsets among {@code subsets} that a route names and no DestinationRule
 *                         defines (given the {@code version} label by the loader; Istio would answer 503)
 * @param routes           the VirtualService's {@code http} entries, in matching order
 */
public record IstioConfig(String host, OutlierDetectionConfig outlierDetection,
                          ConnectionPoolSettings connectionPool, Map<String, Map<String, String>> subsets,
                          Set<String> impliedSubsets, List<Route> routes) {

    /** The most that {@link ConnectionPoolSettings} takes: Istio's "unlimited" (2³²−1) becomes this. */
    static final int UNLIMITED = 1_000_000;
    private static final Duration ISTIO_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final List<String> API_VERSIONS = List.of("networking.istio.io/v1alpha3",
            "networking.istio.io/v1beta1", "networking.istio.io/v1");
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(h|ms|us|µs|ns|m|s)");

    /** Validates and copies. */
    public IstioConfig {
        Objects.requireNonNull(host, "host must not be null");
        subsets = Map.copyOf(Objects.requireNonNull(subsets, "subsets must not be null"));
        impliedSubsets = Set.copyOf(Objects.requireNonNull(impliedSubsets, "impliedSubsets must not be null"));
        if (!subsets.keySet().containsAll(impliedSubsets)) {
            throw new IllegalArgumentException("impliedSubsets " + impliedSubsets + " must be among the subsets "
                    + subsets.keySet());
        }
        routes = List.copyOf(Objects.requireNonNull(routes, "routes must not be null"));
    }

    /**
     * A YAML stream and the name its errors are reported under (usually the file name).
     *
     * @param name   e.g. {@code destination-rule.yml}
     * @param reader the YAML; {@link IstioConfig#load} reads it to the end and does not close it
     */
    public record Source(String name, Reader reader) {
        /** Validates. */
        public Source {
            Objects.requireNonNull(name, "name must not be null");
            Objects.requireNonNull(reader, "reader must not be null");
        }
    }

    /**
     * Reads one YAML stream holding a DestinationRule, a VirtualService or both ({@code ---} between them).
     *
     * @throws IstioConfigException naming the line and the field of the first problem
     */
    public static IstioConfig load(Reader yaml) {
        return load(new Source("yaml", Objects.requireNonNull(yaml, "yaml must not be null")));
    }

    /**
     * Reads these files (UTF-8), errors named by file name.
     *
     * @throws IstioConfigException naming the file, the line and the field of the first problem
     * @throws UncheckedIOException if a file cannot be read
     */
    public static IstioConfig load(Path... files) {
        Objects.requireNonNull(files, "files must not be null");
        List<Source> sources = new ArrayList<>();
        List<Reader> open = new ArrayList<>();
        try {
            for (Path file : files) {
                Objects.requireNonNull(file, "files must not contain null");
                Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                open.add(reader);
                sources.add(new Source(String.valueOf(file.getFileName()), reader));
            }
            return load(sources.toArray(Source[]::new));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + Arrays.toString(files), e);
        } finally {
            for (Reader reader : open) {
                try {
                    reader.close();
                } catch (IOException ignored) {
                    // read already; nothing is lost
                }
            }
        }
    }

    /**
     * Reads these streams: together at most one DestinationRule and one VirtualService.
     *
     * @throws IstioConfigException naming the source, the line and the field of the first problem
     */
    public static IstioConfig load(Source... sources) {
        Objects.requireNonNull(sources, "sources must not be null");
        Loading loading = new Loading();
        for (Source source : sources) {
            Objects.requireNonNull(source, "sources must not contain null");
            List<Mapping> documents;
            try {
                documents = YamlTree.readAll(source.reader());
            } catch (YamlTree.SyntaxError e) {
                throw new IstioConfigException(source.name(), e.line(), "", e.getMessage(), e);
            }
            for (Mapping document : documents) {
                new Reading(source.name(), loading).document(document);
            }
        }
        return loading.result(sources.length == 0 ? "yaml" : sources[sources.length - 1].name());
    }

    /** The outlier detection settings, if the DestinationRule has them. */
    public Optional<OutlierDetectionConfig> outlierDetectionIfSet() {
        return Optional.ofNullable(outlierDetection);
    }

    /** The connection pool limits, if the DestinationRule has them. */
    public Optional<ConnectionPoolSettings> connectionPoolIfSet() {
        return Optional.ofNullable(connectionPool);
    }

    /** A router with these subsets and routes, drawing weighted splits from {@code random} (seed it in tests). */
    public TrafficRouter router(RandomGenerator random) {
        Objects.requireNonNull(random, "random must not be null");
        TrafficRouter.Builder builder = TrafficRouter.builder().random(random);
        subsets.forEach(builder::subset);
        routes.forEach(builder::route);
        return builder.build();
    }

    /** A router with these subsets and routes and a thread-local random source. */
    public TrafficRouter router() {
        return router(Randoms.threadLocal());
    }

    // ------------------------------------------------------------------ reading

    /** What the documents read so far hold. */
    private static final class Loading {
        String ruleSource;
        String ruleHost;
        OutlierDetectionConfig outlier;
        ConnectionPoolSettings pool;
        final Map<String, Map<String, String>> subsets = new LinkedHashMap<>();
        String serviceSource;
        final List<Route> routes = new ArrayList<>();
        final List<ReferencedSubset> referenced = new ArrayList<>();
        String firstDestinationHost;

        IstioConfig result(String lastSource) {
            if (ruleSource == null && serviceSource == null) {
                throw new IstioConfigException(lastSource, 0, "", "no DestinationRule and no VirtualService found "
                        + "(every document is empty)", null);
            }
            Map<String, Map<String, String>> all = new LinkedHashMap<>(subsets);
            Set<String> implied = new LinkedHashSet<>();
            for (ReferencedSubset ref : referenced) {
                if (ruleHost != null && !sameHost(ref.host, ruleHost)) {
                    throw new IstioConfigException(ref.source, ref.line, ref.path + ".host", "destination host '"
                            + ref.host + "' is not the DestinationRule's host '" + ruleHost + "' ("
                            + ruleSource + "), so its subsets and traffic policy would not apply", null);
                }
                if (ref.subset != null && !subsets.containsKey(ref.subset)) {
                    all.put(ref.subset, Map.of(ServiceInstance.VERSION, ref.subset));
                    implied.add(ref.subset);
                }
            }
            String host = ruleHost != null ? ruleHost : firstDestinationHost;
            return new IstioConfig(host == null ? "" : host, outlier, pool, all, implied, routes);
        }

        private static boolean sameHost(String a, String b) {
            return a.equals(b) || a.startsWith(b + ".") || b.startsWith(a + ".");
        }
    }

    private record ReferencedSubset(String source, int line, String path, String host, String subset) {
    }

    /** Reads one document; every error names this source and a line. */
    private static final class Reading {
        private final String source;
        private final Loading loading;

        Reading(String source, Loading loading) {
            this.source = source;
            this.loading = loading;
        }

        void document(Mapping doc) {
            known(doc, "", "apiVersion", "kind", "metadata", "spec");
            Entry apiVersion = required(doc, "", "apiVersion");
            String version = string(apiVersion, "apiVersion");
            if (!API_VERSIONS.contains(version)) {
                throw error(apiVersion.value().line(), "apiVersion", "apiVersion must be one of " + API_VERSIONS
                        + ", but was '" + version + "'");
            }
            Entry kind = required(doc, "", "kind");
            String kindName = string(kind, "kind");
            Entry metadata = doc.entries().get("metadata");
            if (metadata != null && section(metadata, "metadata") != null) {
                known(section(metadata, "metadata"), "metadata", "name", "namespace", "labels", "annotations");
            }
            Mapping spec = section(required(doc, "", "spec"), "spec");
            if (spec == null) {
                throw error(doc.entries().get("spec").line(), "spec", "spec is empty");
            }
            switch (kindName) {
                case "DestinationRule" -> destinationRule(spec, kind.line());
                case "VirtualService" -> virtualService(spec, kind.line());
                default -> throw error(kind.value().line(), "kind", "kind must be DestinationRule or VirtualService, "
                        + "but was '" + kindName + "'");
            }
        }

        // ------------------------------------------------------------ DestinationRule

        private void destinationRule(Mapping spec, int line) {
            if (loading.ruleSource != null) {
                throw error(line, "kind", "a second DestinationRule (the first is in " + loading.ruleSource
                        + "); load one DestinationRule and one VirtualService");
            }
            loading.ruleSource = source;
            known(spec, "spec", "host", "trafficPolicy", "subsets");
            loading.ruleHost = string(required(spec, "spec", "host"), "spec.host");
            Entry policyEntry = spec.entries().get("trafficPolicy");
            Mapping policy = policyEntry == null ? null : section(policyEntry, "spec.trafficPolicy");
            if (policy != null) {
                known(policy, "spec.trafficPolicy", "connectionPool", "outlierDetection");
                Entry pool = policy.entries().get("connectionPool");
                if (pool != null && section(pool, "spec.trafficPolicy.connectionPool") != null) {
                    loading.pool = connectionPool(section(pool, "spec.trafficPolicy.connectionPool"),
                            "spec.trafficPolicy.connectionPool");
                }
                Entry outlier = policy.entries().get("outlierDetection");
                if (outlier != null && section(outlier, "spec.trafficPolicy.outlierDetection") != null) {
                    loading.outlier = outlierDetection(section(outlier, "spec.trafficPolicy.outlierDetection"),
                            "spec.trafficPolicy.outlierDetection");
                }
            }
            Entry subsets = spec.entries().get("subsets");
            if (subsets != null) {
                List<Node> items = list(subsets, "spec.subsets");
                for (int i = 0; i < items.size(); i++) {
                    String path = "spec.subsets[" + i + "]";
                    Mapping subset = mapping(items.get(i), path);
                    known(subset, path, "name", "labels");
                    Entry name = required(subset, path, "name");
                    String subsetName = string(name, path + ".name");
                    Entry labelsEntry = required(subset, path, "labels");
                    Mapping labels = mapping(labelsEntry.value(), path + ".labels");
                    Map<String, String> values = new LinkedHashMap<>();
                    labels.entries().forEach((k, v) -> values.put(k, string(v, path + ".labels." + k)));
                    if (values.isEmpty()) {
                        throw error(labelsEntry.line(), path + ".labels", "subset '" + subsetName
                                + "' needs at least one label to select its instances");
                    }
                    if (loading.subsets.putIfAbsent(subsetName, Map.copyOf(values)) != null) {
                        throw error(name.line(), path + ".name", "subset '" + subsetName + "' is defined twice");
                    }
                }
            }
        }

        private OutlierDetectionConfig outlierDetection(Mapping od, String path) {
            known(od, path, "consecutive5xxErrors", "consecutiveGatewayErrors", "interval", "baseEjectionTime",
                    "maxEjectionPercent", "minHealthPercent");
            int consecutive5xx = integer(od, path, "consecutive5xxErrors", 5, 0, 1_000_000);
            Duration interval = duration(od, path, "interval", Duration.ofSeconds(10));
            Duration baseEjection = duration(od, path, "baseEjectionTime", Duration.ofSeconds(30));
            int maxEjectionPercent = integer(od, path, "maxEjectionPercent", 0, 0, 100);
            int minHealthPercent = integer(od, path, "minHealthPercent", 0, 0, 100);
            if (od.entries().containsKey("consecutiveGatewayErrors")) {
                int gateway = integer(od, path, "consecutiveGatewayErrors", 0, 0, 1_000_000);
                return OutlierDetectionConfig.istio(consecutive5xx, gateway, interval, baseEjection,
                        maxEjectionPercent, minHealthPercent);
            }
            return OutlierDetectionConfig.istio(consecutive5xx, interval, baseEjection, maxEjectionPercent,
                    minHealthPercent);
        }

        private ConnectionPoolSettings connectionPool(Mapping pool, String path) {
            known(pool, path, "tcp", "http");
            int maxConnections = UNLIMITED;
            int maxPending = UNLIMITED;
            Duration wait = ISTIO_CONNECT_TIMEOUT;
            Entry tcpEntry = pool.entries().get("tcp");
            Mapping tcp = tcpEntry == null ? null : section(tcpEntry, path + ".tcp");
            if (tcp != null) {
                known(tcp, path + ".tcp", "maxConnections", "connectTimeout");
                maxConnections = unlimitedIfZero(integer(tcp, path + ".tcp", "maxConnections", 0, 0, Integer.MAX_VALUE));
                wait = duration(tcp, path + ".tcp", "connectTimeout", ISTIO_CONNECT_TIMEOUT);
            }
            Entry httpEntry = pool.entries().get("http");
            Mapping http = httpEntry == null ? null : section(httpEntry, path + ".http");
            if (http != null) {
                known(http, path + ".http", "http1MaxPendingRequests", "maxRequestsPerConnection");
                maxPending = unlimitedIfZero(integer(http, path + ".http", "http1MaxPendingRequests", 0, 0,
                        Integer.MAX_VALUE));
                integer(http, path + ".http", "maxRequestsPerConnection", 0, 0, Integer.MAX_VALUE); // checked only
            }
            return ConnectionPoolSettings.of(maxConnections, maxPending, wait);
        }

        private static int unlimitedIfZero(int value) {
            return value == 0 ? UNLIMITED : Math.min(value, UNLIMITED);
        }

        // ------------------------------------------------------------ VirtualService

        private void virtualService(Mapping spec, int line) {
            if (loading.serviceSource != null) {
                throw error(line, "kind", "a second VirtualService (the first is in " + loading.serviceSource
                        + "); load one DestinationRule and one VirtualService");
            }
            loading.serviceSource = source;
            known(spec, "spec", "hosts", "http");
            Entry hosts = spec.entries().get("hosts");
            if (hosts != null) {
                List<Node> items = list(hosts, "spec.hosts");
                for (int i = 0; i < items.size(); i++) {
                    string(items.get(i), "spec.hosts[" + i + "]");
                }
            }
            Entry http = spec.entries().get("http");
            if (http == null) {
                return;
            }
            List<Node> entries = list(http, "spec.http");
            for (int i = 0; i < entries.size(); i++) {
                loading.routes.add(httpRoute(mapping(entries.get(i), "spec.http[" + i + "]"), "spec.http[" + i + "]"));
            }
        }

        private Route httpRoute(Mapping http, String path) {
            known(http, path, "name", "match", "route");
            Entry nameEntry = http.entries().get("name");
            String name = nameEntry == null ? path.substring("spec.".length()) : string(nameEntry, path + ".name");
            List<RouteMatch> matches = new ArrayList<>();
            boolean catchAll = true;
            Entry matchEntry = http.entries().get("match");
            if (matchEntry != null) {
                List<Node> items = list(matchEntry, path + ".match");
                catchAll = items.isEmpty();
                for (int j = 0; j < items.size(); j++) {
                    RouteMatch match = match(mapping(items.get(j), path + ".match[" + j + "]"), path + ".match[" + j + "]");
                    if (match == null) {
                        catchAll = true; // an empty match holds for every request, so the route does
                    } else {
                        matches.add(match);
                    }
                }
            }
            Route.Builder builder = (catchAll ? Route.always() : Route.when(matches.toArray(RouteMatch[]::new)))
                    .named(name);
            Entry routeEntry = required(http, path, "route");
            List<Node> destinations = list(routeEntry, path + ".route");
            if (destinations.isEmpty()) {
                throw error(routeEntry.line(), path + ".route", path + ".route needs at least one destination");
            }
            int sum = 0;
            for (int k = 0; k < destinations.size(); k++) {
                String dPath = path + ".route[" + k + "]";
                Mapping d = mapping(destinations.get(k), dPath);
                known(d, dPath, "destination", "weight");
                Entry destEntry = required(d, dPath, "destination");
                Mapping dest = mapping(destEntry.value(), dPath + ".destination");
                known(dest, dPath + ".destination", "host", "subset");
                Entry hostEntry = required(dest, dPath + ".destination", "host");
                String host = string(hostEntry, dPath + ".destination.host");
                Entry subsetEntry = dest.entries().get("subset");
                String subset = subsetEntry == null ? null : string(subsetEntry, dPath + ".destination.subset");
                int weight = integer(d, dPath, "weight", destinations.size() == 1 ? 100 : 0, 0, 100);
                sum += weight;
                loading.referenced.add(new ReferencedSubset(source, hostEntry.line(), dPath + ".destination", host,
                        subset));
                if (loading.firstDestinationHost == null) {
                    loading.firstDestinationHost = host;
                }
                if (subset == null) {
                    throw error(destEntry.line(), dPath + ".destination.subset", "destination needs a subset: "
                            + "microlab routes to subsets of the host (e.g. subset: v1)");
                }
                builder.split(subset, weight);
            }
            if (destinations.size() > 1 && sum != 100) {
                throw error(routeEntry.line(), path + ".route", "the weights of " + path + ".route must add up to "
                        + "100, but add up to " + sum);
            }
            return builder.build();
        }

        /** One {@code match} entry, or null if it has no condition. */
        private RouteMatch match(Mapping match, String path) {
            known(match, path, "name", "headers");
            Entry headersEntry = match.entries().get("headers");
            if (headersEntry == null) {
                return null;
            }
            Mapping headers = mapping(headersEntry.value(), path + ".headers");
            RouteMatch result = null;
            for (Entry header : headers.entries().values()) {
                String hPath = path + ".headers." + header.key();
                Mapping condition = mapping(header.value(), hPath);
                known(condition, hPath, "exact", "prefix", "regex");
                if (condition.entries().size() != 1) {
                    throw error(header.line(), hPath, "header '" + header.key() + "' needs exactly one of exact, prefix, "
                            + "regex, but has " + condition.entries().keySet());
                }
                Entry how = condition.entries().values().iterator().next();
                String value = string(how, hPath + "." + how.key());
                String name = header.key();
                result = switch (how.key()) {
                    case "exact" -> result == null ? RouteMatch.header(name, value) : result.and(name, value);
                    case "prefix" -> result == null ? RouteMatch.headerPrefix(name, value) : result.andPrefix(name, value);
                    default -> {
                        try {
                            yield result == null ? RouteMatch.headerRegex(name, value) : result.andRegex(name, value);
                        } catch (java.util.regex.PatternSyntaxException e) {
                            throw error(how.line(), hPath + ".regex", "regex '" + value + "' is not valid: "
                                    + e.getDescription());
                        }
                    }
                };
            }
            return result;
        }

        // ------------------------------------------------------------ fields and values

        /** Every key of {@code m} must be one of {@code fields}; the first that is not is an error. */
        private void known(Mapping m, String path, String... fields) {
            List<String> allowed = List.of(fields);
            for (Entry e : m.entries().values()) {
                if (!allowed.contains(e.key())) {
                    String where = path.isEmpty() ? "at the top of the document" : "in " + path;
                    String near = nearest(e.key(), allowed);
                    throw error(e.line(), path.isEmpty() ? e.key() : path + "." + e.key(), "unknown field '" + e.key()
                            + "' " + where + (near == null ? "" : " (did you mean '" + near + "'?)")
                            + "; the fields read here are " + String.join(", ", allowed));
                }
            }
        }

        private Entry required(Mapping m, String path, String field) {
            Entry e = m.entries().get(field);
            if (e == null) {
                throw error(m.line(), path.isEmpty() ? field : path + "." + field, (path.isEmpty() ? "" : path + ": ")
                        + "'" + field + "' is missing");
            }
            return e;
        }

        /** A mapping section, or null if it is empty or the course's {@code pass} placeholder. */
        private Mapping section(Entry e, String path) {
            if (e.value() instanceof Scalar s && (s.kind() == Kind.NULL || "pass".equals(s.text()))) {
                return null;
            }
            return mapping(e.value(), path);
        }

        private Mapping mapping(Node node, String path) {
            if (node instanceof Mapping m) {
                return m;
            }
            throw error(node.line(), path, path + " must be a mapping of fields, but was " + describe(node));
        }

        private List<Node> list(Entry e, String path) {
            if (e.value() instanceof Sequence s) {
                return s.items();
            }
            if (e.value() instanceof Scalar s && s.kind() == Kind.NULL) {
                return List.of();
            }
            throw error(e.value().line(), path, path + " must be a list (lines starting with '- '), but was "
                    + describe(e.value()));
        }

        private String string(Entry e, String path) {
            return string(e.value(), path);
        }

        private String string(Node node, String path) {
            if (node instanceof Scalar s && s.kind() != Kind.NULL && !s.text().isBlank()) {
                return s.text();
            }
            throw error(node.line(), path, path + " must be a non-empty text, but was " + describe(node));
        }

        private int integer(Mapping m, String path, String field, int absent, int min, int max) {
            Entry e = m.entries().get(field);
            if (e == null) {
                return absent;
            }
            String fPath = path + "." + field;
            if (e.value() instanceof Scalar s && s.kind() == Kind.INTEGER) {
                long value;
                try {
                    value = Long.parseLong(s.text().replace("_", ""));
                } catch (NumberFormatException ex) {
                    value = Long.MAX_VALUE;
                }
                if (value < min || value > max) {
                    throw error(s.line(), fPath, field + " must be in [" + min + ", " + max + "], but was " + s.text());
                }
                return (int) value;
            }
            throw error(e.value().line(), fPath, field + " must be a whole number in [" + min + ", " + max
                    + "], but was " + describe(e.value()));
        }

        private Duration duration(Mapping m, String path, String field, Duration absent) {
            Entry e = m.entries().get(field);
            if (e == null) {
                return absent;
            }
            String fPath = path + "." + field;
            Duration d = e.value() instanceof Scalar s && s.kind() == Kind.STRING ? parseDuration(s.text()) : null;
            if (d == null) {
                throw error(e.value().line(), fPath, field + " must be a duration such as 30s, 1m30s or 100ms, but was "
                        + describe(e.value()));
            }
            if (d.compareTo(Duration.ofMillis(1)) < 0) {
                throw error(e.value().line(), fPath, field + " must be at least 1ms, but was " + d);
            }
            return d;
        }

        private IstioConfigException error(int line, String field, String problem) {
            return new IstioConfigException(source, line, field, problem, null);
        }
    }

    /** Go's duration syntax, as Istio reads it: {@code 1h}, {@code 1m30s}, {@code 1.5s}, {@code 100ms}; null if not one. */
    static Duration parseDuration(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        Matcher matcher = DURATION.matcher(text);
        Duration total = Duration.ZERO;
        int at = 0;
        while (at < text.length()) {
            if (!matcher.find(at) || matcher.start() != at) {
                return null;
            }
            double amount = Double.parseDouble(matcher.group(1));
            double nanosPerUnit = switch (matcher.group(2)) {
                case "h" -> 3_600e9;
                case "m" -> 60e9;
                case "s" -> 1e9;
                case "ms" -> 1e6;
                case "us", "µs" -> 1e3;
                default -> 1;
            };
            total = total.plusNanos(Math.round(amount * nanosPerUnit));
            at = matcher.end();
        }
        return total;
    }

    private static String describe(Node node) {
        if (node instanceof Mapping) {
            return "a mapping";
        }
        if (node instanceof Sequence) {
            return "a list";
        }
        Scalar s = (Scalar) node;
        return switch (s.kind()) {
            case NULL -> "empty";
            case STRING -> "'" + s.text() + "'";
            default -> s.text();
        };
    }

    /** The allowed field within two edits of {@code key} (a typo), or null. */
    private static String nearest(String key, List<String> allowed) {
        String best = null;
        int bestDistance = 3;
        for (String candidate : allowed) {
            int d = distance(key.toLowerCase(java.util.Locale.ROOT), candidate.toLowerCase(java.util.Locale.ROOT));
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return best;
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
