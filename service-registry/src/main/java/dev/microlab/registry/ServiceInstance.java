package dev.microlab.registry;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One running copy of a service: where it listens and what it declares about itself.
 *
 * <p>An instance is identified by its {@code service} name and its {@code instanceId} (unique
 * within the service). Its metadata carries the labels the client side uses: {@link #version()}
 * for routing subsets, {@link #zone()} for zone preference and {@link #weight()} for weighted
 * load balancing. The well-known keys are {@link #VERSION}, {@link #ZONE} and {@link #WEIGHT};
 * a {@code weight} entry must be a positive integer.
 *
 * <pre>{@code
 * ServiceInstance v2 = ServiceInstance.builder("user-service", "user-service-7")
 *         .host("10.0.0.7").port(8080)
 *         .version("v2").zone("eu-west-1a").weight(3)
 *         .build();
 * }</pre>
 *
 * <p>Records are immutable; this class is threadsafe.
 *
 * @param service    the logical service name, non-blank
 * @param instanceId unique within the service, non-blank
 * @param host       host name or IP address, non-blank
 * @param port       TCP port in [1, 65535]
 * @param metadata   free-form labels (an unmodifiable copy is kept)
 */
public record ServiceInstance(String service, String instanceId, String host, int port,
                              Map<String, String> metadata) {

    /** Metadata key of the version label used by routing subsets. */
    public static final String VERSION = "version";
    /** Metadata key of the availability zone used by zone preference. */
    public static final String ZONE = "zone";
    /** Metadata key of the load-balancing weight, a positive integer (1 when absent). */
    public static final String WEIGHT = "weight";

    /**
     * Validates and copies.
     *
     * @throws IllegalArgumentException for a blank name, id or host, a port outside [1, 65535] or
     *                                  a weight that is not a positive integer
     */
    public ServiceInstance {
        service = requireName(service, "service");
        instanceId = requireName(instanceId, "instanceId");
        host = requireName(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be in [1, 65535], but was " + port);
        }
        Objects.requireNonNull(metadata, "metadata must not be null");
        metadata.forEach((k, v) -> {
            Objects.requireNonNull(k, "metadata keys must not be null");
            Objects.requireNonNull(v, "metadata value of '" + k + "' must not be null");
        });
        metadata = Map.copyOf(metadata);
        String weight = metadata.get(WEIGHT);
        if (weight != null) {
            parseWeight(weight);
        }
    }

    /** An instance without metadata. */
    public static ServiceInstance of(String service, String instanceId, String host, int port) {
        return new ServiceInstance(service, instanceId, host, port, Map.of());
    }

    /** A builder for an instance of {@code service} identified by {@code instanceId}. */
    public static Builder builder(String service, String instanceId) {
        return new Builder(service, instanceId);
    }

    /** The {@code version} label, or null when absent. */
    public String version() {
        return metadata.get(VERSION);
    }

    /** The {@code zone} label, or null when absent. */
    public String zone() {
        return metadata.get(ZONE);
    }

    /** The load-balancing weight: the {@code weight} label, 1 when absent. */
    public int weight() {
        String weight = metadata.get(WEIGHT);
        return weight == null ? 1 : parseWeight(weight);
    }

    /** {@code host:port}. */
    public String address() {
        return host + ":" + port;
    }

    /** Whether this instance listens on the same host and port as {@code other}. */
    public boolean sameAddressAs(ServiceInstance other) {
        return host.equals(other.host) && port == other.port;
    }

    /** Whether every entry of {@code labels} is present with the same value in the metadata. */
    public boolean hasLabels(Map<String, String> labels) {
        for (Map.Entry<String, String> e : labels.entrySet()) {
            if (!e.getValue().equals(metadata.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    static String requireName(String value, String field) {
        Objects.requireNonNull(value, field + " must not be null");
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank, but was '" + value + "'");
        }
        return value;
    }

    private static int parseWeight(String weight) {
        int parsed;
        try {
            parsed = Integer.parseInt(weight.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "weight must be an integer in [1, 2147483647], but was '" + weight + "'", e);
        }
        if (parsed < 1) {
            throw new IllegalArgumentException("weight must be in [1, 2147483647], but was " + parsed);
        }
        return parsed;
    }

    @Override
    public String toString() {
        return service + "/" + instanceId + "@" + address() + (metadata.isEmpty() ? "" : metadata);
    }

    /** Builds a {@link ServiceInstance}; not threadsafe, use from one thread. */
    public static final class Builder {
        private final String service;
        private final String instanceId;
        private String host = "localhost";
        private int port = 0;
        private final Map<String, String> metadata = new LinkedHashMap<>();

        private Builder(String service, String instanceId) {
            this.service = service;
            this.instanceId = instanceId;
        }

        /** The host or IP address; "localhost" unless set. */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host must not be null");
            return this;
        }

        /** The port, required, in [1, 65535]. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Sets the {@code version} label. */
        public Builder version(String version) {
            return metadata(VERSION, Objects.requireNonNull(version, "version must not be null"));
        }

        /** Sets the {@code zone} label. */
        public Builder zone(String zone) {
            return metadata(ZONE, Objects.requireNonNull(zone, "zone must not be null"));
        }

        /**
         * Sets the {@code weight} label.
         *
         * @throws IllegalArgumentException if {@code weight < 1}
         */
        public Builder weight(int weight) {
            if (weight < 1) {
                throw new IllegalArgumentException("weight must be in [1, 2147483647], but was " + weight);
            }
            return metadata(WEIGHT, Integer.toString(weight));
        }

        /** Adds one metadata entry. */
        public Builder metadata(String key, String value) {
            Objects.requireNonNull(key, "key must not be null");
            Objects.requireNonNull(value, "value must not be null");
            metadata.put(key, value);
            return this;
        }

        /** Builds and validates the instance. */
        public ServiceInstance build() {
            return new ServiceInstance(service, instanceId, host, port, metadata);
        }
    }
}
