package dev.microlab.circuitbreaker;

import dev.microlab.core.time.Scheduler;
import dev.microlab.core.time.TimeSource;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Named circuit breakers of one application, created on first use from a default config or a
 * named one, all sharing one time source and (optionally) one scheduler.
 *
 * <p>Why: one breaker per backend is the rule (a failing payment service must not open the
 * breaker of the inventory service), and the code that calls a backend should not have to
 * build or pass around its breaker; it asks the registry by name.
 *
 * <pre>{@code
 * CircuitBreakerRegistry registry = CircuitBreakerRegistry.builder()
 *         .defaultConfig(CircuitBreakerConfig.ofDefaults())
 *         .addConfig("slow-backends", CircuitBreakerConfig.builder()
 *                 .slowCallDuration(Duration.ofSeconds(5)).build())
 *         .build();
 * CircuitBreaker payments = registry.circuitBreaker("payments");
 * CircuitBreaker reports = registry.circuitBreaker("reports", "slow-backends");
 * assert registry.circuitBreaker("payments") == payments;   // same name, same breaker
 * }</pre>
 *
 * <p>A breaker is created once per name: asking again returns the existing breaker, whatever
 * config is passed the second time (as in Resilience4j). Remove it first to replace it.
 *
 * <p>This class is threadsafe.
 */
public final class CircuitBreakerRegistry {

    private final CircuitBreakerConfig defaultConfig;
    private final Map<String, CircuitBreakerConfig> configs;
    private final TimeSource timeSource;
    private final Scheduler scheduler;
    private final ConcurrentHashMap<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();

    private CircuitBreakerRegistry(Builder builder) {
        this.defaultConfig = builder.defaultConfig;
        this.configs = Map.copyOf(builder.configs);
        this.timeSource = builder.timeSource;
        this.scheduler = builder.scheduler;
    }

    /** A registry with the default config and the system clock. */
    public static CircuitBreakerRegistry ofDefaults() {
        return builder().build();
    }

    /** A builder for a registry. */
    public static Builder builder() {
        return new Builder();
    }

    /** The breaker called {@code name}, created with the default config if absent. */
    public CircuitBreaker circuitBreaker(String name) {
        return circuitBreaker(name, defaultConfig);
    }

    /**
     * The breaker called {@code name}, created with the config registered as {@code configName}
     * if absent.
     *
     * @throws IllegalArgumentException if no config is registered under {@code configName}
     */
    public CircuitBreaker circuitBreaker(String name, String configName) {
        Objects.requireNonNull(name, "circuitBreaker: name must not be null");
        Objects.requireNonNull(configName, "circuitBreaker: configName must not be null");
        CircuitBreakerConfig config = configs.get(configName);
        if (config == null) {
            throw new IllegalArgumentException("configName must be one of " + new TreeSet<>(configs.keySet())
                    + ", but was '" + configName + "'");
        }
        return circuitBreaker(name, config);
    }

    /** The breaker called {@code name}, created with {@code config} if absent. */
    public CircuitBreaker circuitBreaker(String name, CircuitBreakerConfig config) {
        Objects.requireNonNull(name, "circuitBreaker: name must not be null");
        Objects.requireNonNull(config, "circuitBreaker: config must not be null");
        return breakers.computeIfAbsent(name, n -> {
            CircuitBreaker.Builder builder = CircuitBreaker.builder(n).config(config).timeSource(timeSource);
            if (scheduler != null) {
                builder.scheduler(scheduler);
            }
            return builder.build();
        });
    }

    /** The breaker called {@code name}, if one was created. */
    public Optional<CircuitBreaker> find(String name) {
        Objects.requireNonNull(name, "find: name must not be null");
        return Optional.ofNullable(breakers.get(name));
    }

    /** Removes the breaker called {@code name}; callers holding it keep using it. */
    public Optional<CircuitBreaker> remove(String name) {
        Objects.requireNonNull(name, "remove: name must not be null");
        return Optional.ofNullable(breakers.remove(name));
    }

    /** The names of the breakers created so far, sorted. */
    public Set<String> names() {
        return new TreeSet<>(breakers.keySet());
    }

    /** The breakers created so far. */
    public Collection<CircuitBreaker> all() {
        return List.copyOf(breakers.values());
    }

    /** The config used when none is named. */
    public CircuitBreakerConfig defaultConfig() {
        return defaultConfig;
    }

    /** The config registered as {@code configName}, if any. */
    public Optional<CircuitBreakerConfig> config(String configName) {
        Objects.requireNonNull(configName, "config: configName must not be null");
        return Optional.ofNullable(configs.get(configName));
    }

    @Override
    public String toString() {
        return "CircuitBreakerRegistry" + names();
    }

    /**
     * Builds a {@link CircuitBreakerRegistry}. Not threadsafe; the registry is.
     */
    public static final class Builder {
        private CircuitBreakerConfig defaultConfig = CircuitBreakerConfig.ofDefaults();
        private final Map<String, CircuitBreakerConfig> configs = new ConcurrentHashMap<>();
        private TimeSource timeSource = TimeSource.system();
        private Scheduler scheduler;

        private Builder() {
        }

        /** The config for breakers created without a named config. */
        public Builder defaultConfig(CircuitBreakerConfig config) {
            this.defaultConfig = Objects.requireNonNull(config, "defaultConfig: config must not be null");
            return this;
        }

        /**
         * Registers {@code config} under {@code configName}.
         *
         * @throws IllegalArgumentException if the name is blank or already registered
         */
        public Builder addConfig(String configName, CircuitBreakerConfig config) {
            Objects.requireNonNull(configName, "addConfig: configName must not be null");
            Objects.requireNonNull(config, "addConfig: config must not be null");
            if (configName.isBlank()) {
                throw new IllegalArgumentException("configName must not be blank, but was '" + configName + "'");
            }
            if (configs.putIfAbsent(configName, config) != null) {
                throw new IllegalArgumentException("configName must be unique, but '" + configName
                        + "' was already registered");
            }
            return this;
        }

        /** The time source every breaker reads. */
        public Builder timeSource(TimeSource timeSource) {
            this.timeSource = Objects.requireNonNull(timeSource, "timeSource: timeSource must not be null");
            return this;
        }

        /** The scheduler every breaker uses for timed transitions. */
        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler: scheduler must not be null");
            return this;
        }

        /**
         * @throws IllegalArgumentException if a config enables automatic transitions and no
         *     scheduler was given
         */
        public CircuitBreakerRegistry build() {
            if (scheduler == null) {
                if (defaultConfig.automaticTransitionToHalfOpen()) {
                    throw new IllegalArgumentException("the default config enables automaticTransitionToHalfOpen, "
                            + "so a scheduler is required, but none was given");
                }
                for (Map.Entry<String, CircuitBreakerConfig> e : configs.entrySet()) {
                    if (e.getValue().automaticTransitionToHalfOpen()) {
                        throw new IllegalArgumentException("config '" + e.getKey() + "' enables "
                                + "automaticTransitionToHalfOpen, so a scheduler is required, but none was given");
                    }
                }
            }
            return new CircuitBreakerRegistry(this);
        }
    }
}
