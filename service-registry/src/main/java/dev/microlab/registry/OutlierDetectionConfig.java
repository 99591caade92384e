package dev.microlab.registry;

import java.time.Duration;
import java.util.Objects;

/**
 * The settings of an {@link OutlierDetector}, named after the fields of Envoy's
 * {@code envoy.config.cluster.v3.OutlierDetection} (camel-cased) and with Envoy's defaults.
 * Immutable and validated when built; every message names the field, the value and the range.
 *
 * <p>Three ways to get one:
 * <ul>
 *   <li>{@link #ofDefaults()} / {@link #builder()}: Envoy's defaults (consecutive 5xx 5 enforced 100 %,
 *       gateway failures 5 enforced 0 %, interval 10 s, base ejection 30 s, max ejection 300 s,
 *       max ejection 10 % without {@code alwaysEjectOneHost}, success rate on 5 hosts × 100 calls
 *       with factor 1.9 enforced 100 %, failure percentage 85 % on 5 hosts × 50 calls enforced 0 %,
 *       healthy panic threshold 50 %).</li>
 *   <li>{@link #istio(int, Duration, Duration, int, int)}: what Istio's pilot generates for a
 *       DestinationRule's {@code trafficPolicy.outlierDetection} (success rate not enforced, the
 *       panic threshold is {@code minHealthPercent}, default 0).</li>
 *   <li>{@link #from(OutlierDetectionConfig)}: a copy to change one option.</li>
 * </ul>
 *
 * <pre>{@code
 * OutlierDetectionConfig config = OutlierDetectionConfig.builder()
 *         .consecutive5xx(3).maxEjectionPercent(50).build();
 * OutlierDetector detector = OutlierDetector.builder(config).timeSource(time).build();
 * }</pre>
 *
 * @param interval                           time between analysis sweeps ({@code interval})
 * @param baseEjectionTime                   ejection time of a first ejection ({@code base_ejection_time})
 * @param maxEjectionTime                    cap of the ejection time, at least {@code baseEjectionTime}
 * @param maxEjectionTimeJitter              a random extra ejection time in [0, jitter] drawn per ejection
 * @param maxEjectionPercent                 largest share of hosts ejected at once
 * @param alwaysEjectOneHost                 eject one host even when that exceeds {@code maxEjectionPercent}
 * @param consecutive5xx                     failures in a row that make a host an outlier; 0 disables
 * @param enforcingConsecutive5xx            chance in percent that such an outlier is ejected
 * @param consecutiveGatewayFailure          gateway failures in a row that make an outlier; 0 disables
 * @param enforcingConsecutiveGatewayFailure chance in percent that such an outlier is ejected
 * @param enforcingSuccessRate               chance in percent that a success-rate outlier is ejected
 * @param successRateMinimumHosts            hosts with enough volume needed for success-rate detection
 * @param successRateRequestVolume           calls in an interval for a host to count in success rate
 * @param successRateStdevFactor             Envoy's {@code success_rate_stdev_factor} / 1000
 * @param failurePercentageThreshold         failure percentage that makes a host an outlier
 * @param enforcingFailurePercentage         chance in percent that such an outlier is ejected
 * @param failurePercentageMinimumHosts      hosts with enough volume needed for failure-percentage detection
 * @param failurePercentageRequestVolume     calls in an interval for a host to count in failure percentage
 * @param panicThreshold                     healthy share, in percent, below which every host is used; 0 disables
 */
public record OutlierDetectionConfig(
        Duration interval,
        Duration baseEjectionTime,
        Duration maxEjectionTime,
        Duration maxEjectionTimeJitter,
        int maxEjectionPercent,
        boolean alwaysEjectOneHost,
        int consecutive5xx,
        int enforcingConsecutive5xx,
        int consecutiveGatewayFailure,
        int enforcingConsecutiveGatewayFailure,
        int enforcingSuccessRate,
        int successRateMinimumHosts,
        int successRateRequestVolume,
        double successRateStdevFactor,
        int failurePercentageThreshold,
        int enforcingFailurePercentage,
        int failurePercentageMinimumHosts,
        int failurePercentageRequestVolume,
        int panicThreshold) {

    /** Envoy's default {@code max_ejection_time} when none is set (raised to the base time if lower). */
    public static final Duration DEFAULT_MAX_EJECTION_TIME = Duration.ofSeconds(300);

    private static final OutlierDetectionConfig DEFAULTS = builder().build();

    /**
     * Validates every field.
     *
     * @throws IllegalArgumentException naming the field, its value and the allowed range
     * @throws NullPointerException     naming the field if a duration is null
     */
    public OutlierDetectionConfig {
        positive(interval, "interval");
        positive(baseEjectionTime, "baseEjectionTime");
        positive(maxEjectionTime, "maxEjectionTime");
        Objects.requireNonNull(maxEjectionTimeJitter, "maxEjectionTimeJitter must not be null");
        if (maxEjectionTimeJitter.isNegative() || maxEjectionTimeJitter.compareTo(HealthCheck.MAX_DURATION) > 0) {
            throw new IllegalArgumentException("maxEjectionTimeJitter must be in [0, " + HealthCheck.MAX_DURATION
                    + "], but was " + maxEjectionTimeJitter);
        }
        if (maxEjectionTime.compareTo(baseEjectionTime) < 0) {
            // Envoy refuses the cluster: "max_ejection_time cannot be smaller than base_ejection_time"
            throw new IllegalArgumentException("maxEjectionTime must be >= baseEjectionTime (" + baseEjectionTime
                    + "), but was " + maxEjectionTime);
        }
        percent(maxEjectionPercent, "maxEjectionPercent");
        count(consecutive5xx, 0, "consecutive5xx");
        percent(enforcingConsecutive5xx, "enforcingConsecutive5xx");
        count(consecutiveGatewayFailure, 0, "consecutiveGatewayFailure");
        percent(enforcingConsecutiveGatewayFailure, "enforcingConsecutiveGatewayFailure");
        percent(enforcingSuccessRate, "enforcingSuccessRate");
        count(successRateMinimumHosts, 1, "successRateMinimumHosts");
        count(successRateRequestVolume, 1, "successRateRequestVolume");
        if (!(successRateStdevFactor > 0 && successRateStdevFactor <= 100)) {
            throw new IllegalArgumentException("successRateStdevFactor must be in (0, 100], but was "
                    + successRateStdevFactor);
        }
        percent(failurePercentageThreshold, "failurePercentageThreshold");
        percent(enforcingFailurePercentage, "enforcingFailurePercentage");
        count(failurePercentageMinimumHosts, 1, "failurePercentageMinimumHosts");
        count(failurePercentageRequestVolume, 1, "failurePercentageRequestVolume");
        percent(panicThreshold, "panicThreshold");
    }

    /** Envoy's defaults. */
    public static OutlierDetectionConfig ofDefaults() {
        return DEFAULTS;
    }

    /** A builder starting from Envoy's defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder starting from every value of {@code base}; {@code from(x).build()} equals {@code x}.
     *
     * @throws NullPointerException if {@code base} is null
     */
    public static Builder from(OutlierDetectionConfig base) {
        Objects.requireNonNull(base, "base must not be null");
        Builder b = new Builder();
        b.interval = base.interval;
        b.baseEjectionTime = base.baseEjectionTime;
        // a cap equal to the derived default stays derived, so a new base time moves it as in Envoy
        b.maxEjectionTime = base.maxEjectionTime.equals(derivedMaxEjectionTime(base.baseEjectionTime))
                ? null : base.maxEjectionTime;
        b.maxEjectionTimeJitter = base.maxEjectionTimeJitter;
        b.maxEjectionPercent = base.maxEjectionPercent;
        b.alwaysEjectOneHost = base.alwaysEjectOneHost;
        b.consecutive5xx = base.consecutive5xx;
        b.enforcingConsecutive5xx = base.enforcingConsecutive5xx;
        b.consecutiveGatewayFailure = base.consecutiveGatewayFailure;
        b.enforcingConsecutiveGatewayFailure = base.enforcingConsecutiveGatewayFailure;
        b.enforcingSuccessRate = base.enforcingSuccessRate;
        b.successRateMinimumHosts = base.successRateMinimumHosts;
        b.successRateRequestVolume = base.successRateRequestVolume;
        b.successRateStdevFactor = base.successRateStdevFactor;
        b.failurePercentageThreshold = base.failurePercentageThreshold;
        b.enforcingFailurePercentage = base.enforcingFailurePercentage;
        b.failurePercentageMinimumHosts = base.failurePercentageMinimumHosts;
        b.failurePercentageRequestVolume = base.failurePercentageRequestVolume;
        b.panicThreshold = base.panicThreshold;
        return b;
    }

    /**
     * What Istio's pilot generates for a DestinationRule's {@code trafficPolicy.outlierDetection}
     * (pilot's {@code applyOutlierDetection}), the parameters named as Istio's fields:
     * <ul>
     *   <li>{@code enforcing_success_rate} 0: success-rate detection is off;</li>
     *   <li>{@code consecutive_5xx = consecutive5xxErrors}, enforced 100 % when &gt; 0 and 0 % when 0
     *       (so {@code consecutive5xxErrors: 0} disables the check);</li>
     *   <li>gateway failures keep Envoy's defaults (5, enforced 0 %): Istio's
     *       {@code consecutiveGatewayErrors} is unset;</li>
     *   <li>{@code max_ejection_time} is raised to {@code baseEjectionTime} when that is longer
     *       than 300 s;</li>
     *   <li>{@code maxEjectionPercent} 0 means unset (Envoy's 10 %);</li>
     *   <li>the cluster's {@code healthy_panic_threshold} is {@code minHealthPercent} (Istio's default 0
     *       disables panic).</li>
     * </ul>
     *
     * @param consecutive5xxErrors Istio's {@code consecutive5xxErrors}, in [0, 1000000] (Istio's default 5)
     * @param interval             Istio's {@code interval} (default 10 s)
     * @param baseEjectionTime     Istio's {@code baseEjectionTime} (default 30 s)
     * @param maxEjectionPercent   Istio's {@code maxEjectionPercent}, in [0, 100] (default 10; 0 means unset)
     * @param minHealthPercent     Istio's {@code minHealthPercent}, in [0, 100] (default 0)
     * @throws IllegalArgumentException naming the Istio field when a value is out of range
     */
    public static OutlierDetectionConfig istio(int consecutive5xxErrors, Duration interval, Duration baseEjectionTime,
                                               int maxEjectionPercent, int minHealthPercent) {
        return istioBuilder(consecutive5xxErrors, interval, baseEjectionTime, maxEjectionPercent, minHealthPercent)
                .build();
    }

    /**
     * {@link #istio(int, Duration, Duration, int, int)} with Istio's {@code consecutiveGatewayErrors}
     * set too: {@code consecutive_gateway_failure} is that value, enforced 100 % when &gt; 0, 0 % when 0.
     */
    public static OutlierDetectionConfig istio(int consecutive5xxErrors, int consecutiveGatewayErrors,
                                               Duration interval, Duration baseEjectionTime,
                                               int maxEjectionPercent, int minHealthPercent) {
        count(consecutiveGatewayErrors, 0, "consecutiveGatewayErrors");
        return istioBuilder(consecutive5xxErrors, interval, baseEjectionTime, maxEjectionPercent, minHealthPercent)
                .consecutiveGatewayFailure(consecutiveGatewayErrors)
                .enforcingConsecutiveGatewayFailure(consecutiveGatewayErrors > 0 ? 100 : 0)
                .build();
    }

    private static Builder istioBuilder(int consecutive5xxErrors, Duration interval, Duration baseEjectionTime,
                                        int maxEjectionPercent, int minHealthPercent) {
        count(consecutive5xxErrors, 0, "consecutive5xxErrors");
        positive(interval, "interval");
        positive(baseEjectionTime, "baseEjectionTime");
        percent(maxEjectionPercent, "maxEjectionPercent");
        percent(minHealthPercent, "minHealthPercent");
        Builder b = builder()
                .enforcingSuccessRate(0)
                .consecutive5xx(consecutive5xxErrors)
                .enforcingConsecutive5xx(consecutive5xxErrors > 0 ? 100 : 0)
                .interval(interval)
                .baseEjectionTime(baseEjectionTime)
                .panicThreshold(minHealthPercent);
        if (maxEjectionPercent > 0) {
            b.maxEjectionPercent(maxEjectionPercent);
        }
        return b;
    }

    private static Duration derivedMaxEjectionTime(Duration baseEjectionTime) {
        return baseEjectionTime.compareTo(DEFAULT_MAX_EJECTION_TIME) > 0 ? baseEjectionTime : DEFAULT_MAX_EJECTION_TIME;
    }

    private static void percent(int value, String field) {
        if (value < 0 || value > 100) {
            throw new IllegalArgumentException(field + " must be in [0, 100], but was " + value);
        }
    }

    private static void count(int value, int min, String field) {
        if (value < min || value > 1_000_000) {
            throw new IllegalArgumentException(field + " must be in [" + min + ", 1000000]"
                    + (min == 0 ? " (0 disables)" : "") + ", but was " + value);
        }
    }

    private static void positive(Duration value, String field) {
        Objects.requireNonNull(value, field + " must not be null");
        if (value.isNegative() || value.isZero() || value.compareTo(HealthCheck.MAX_DURATION) > 0) {
            throw new IllegalArgumentException(field + " must be in (0, " + HealthCheck.MAX_DURATION
                    + "], but was " + value);
        }
    }

    /**
     * Builds an {@link OutlierDetectionConfig}; values are checked when set and again, together,
     * when built. Not threadsafe.
     */
    public static final class Builder {
        private Duration interval = Duration.ofSeconds(10);
        private Duration baseEjectionTime = Duration.ofSeconds(30);
        private Duration maxEjectionTime; // null: Envoy's derived default, max(300 s, baseEjectionTime)
        private Duration maxEjectionTimeJitter = Duration.ZERO;
        private int maxEjectionPercent = 10;
        private boolean alwaysEjectOneHost;
        private int consecutive5xx = 5;
        private int enforcingConsecutive5xx = 100;
        private int consecutiveGatewayFailure = 5;
        private int enforcingConsecutiveGatewayFailure = 0;
        private int enforcingSuccessRate = 100;
        private int successRateMinimumHosts = 5;
        private int successRateRequestVolume = 100;
        private double successRateStdevFactor = 1.9;
        private int failurePercentageThreshold = 85;
        private int enforcingFailurePercentage = 0;
        private int failurePercentageMinimumHosts = 5;
        private int failurePercentageRequestVolume = 50;
        private int panicThreshold = 50;

        private Builder() {
        }

        /** Time between analysis sweeps; &gt; 0. Default 10 s. */
        public Builder interval(Duration interval) {
            positive(interval, "interval");
            this.interval = interval;
            return this;
        }

        /** Ejection time of a first ejection; &gt; 0. Default 30 s. */
        public Builder baseEjectionTime(Duration baseEjectionTime) {
            positive(baseEjectionTime, "baseEjectionTime");
            this.baseEjectionTime = baseEjectionTime;
            return this;
        }

        /**
         * Cap of the ejection time; at least {@code baseEjectionTime} (checked when built). Default,
         * as in Envoy: {@code max(300 s, baseEjectionTime)}.
         */
        public Builder maxEjectionTime(Duration maxEjectionTime) {
            positive(maxEjectionTime, "maxEjectionTime");
            this.maxEjectionTime = maxEjectionTime;
            return this;
        }

        /** Random extra ejection time, uniform in [0, jitter], so hosts do not all return at once. Default 0. */
        public Builder maxEjectionTimeJitter(Duration maxEjectionTimeJitter) {
            Objects.requireNonNull(maxEjectionTimeJitter, "maxEjectionTimeJitter must not be null");
            if (maxEjectionTimeJitter.isNegative() || maxEjectionTimeJitter.compareTo(HealthCheck.MAX_DURATION) > 0) {
                throw new IllegalArgumentException("maxEjectionTimeJitter must be in [0, " + HealthCheck.MAX_DURATION
                        + "], but was " + maxEjectionTimeJitter);
            }
            this.maxEjectionTimeJitter = maxEjectionTimeJitter;
            return this;
        }

        /**
         * Largest share of hosts ejected at once, in [0, 100]: a host is ejected only if
         * {@code (ejected + 1) / hosts ≤ maxEjectionPercent} (Envoy's rule). Default 10.
         */
        public Builder maxEjectionPercent(int percent) {
            percent(percent, "maxEjectionPercent");
            this.maxEjectionPercent = percent;
            return this;
        }

        /** Whether a first host is ejected even above {@code maxEjectionPercent}. Default false (Envoy's). */
        public Builder alwaysEjectOneHost(boolean always) {
            this.alwaysEjectOneHost = always;
            return this;
        }

        /** Failures in a row that make a host an outlier, in [0, 1000000]; 0 disables. Default 5. */
        public Builder consecutive5xx(int count) {
            count(count, 0, "consecutive5xx");
            this.consecutive5xx = count;
            return this;
        }

        /** Chance in percent that a consecutive-5xx outlier is ejected, in [0, 100]. Default 100. */
        public Builder enforcingConsecutive5xx(int percent) {
            percent(percent, "enforcingConsecutive5xx");
            this.enforcingConsecutive5xx = percent;
            return this;
        }

        /** Gateway failures in a row that make a host an outlier, in [0, 1000000]; 0 disables. Default 5. */
        public Builder consecutiveGatewayFailure(int count) {
            count(count, 0, "consecutiveGatewayFailure");
            this.consecutiveGatewayFailure = count;
            return this;
        }

        /** Chance in percent that a gateway-failure outlier is ejected, in [0, 100]. Default 0 (Envoy's). */
        public Builder enforcingConsecutiveGatewayFailure(int percent) {
            percent(percent, "enforcingConsecutiveGatewayFailure");
            this.enforcingConsecutiveGatewayFailure = percent;
            return this;
        }

        /** Chance in percent that a success-rate outlier is ejected, in [0, 100]. Default 100. */
        public Builder enforcingSuccessRate(int percent) {
            percent(percent, "enforcingSuccessRate");
            this.enforcingSuccessRate = percent;
            return this;
        }

        /** Hosts with enough volume needed for success-rate detection, in [1, 1000000]. Default 5. */
        public Builder successRateMinimumHosts(int hosts) {
            count(hosts, 1, "successRateMinimumHosts");
            this.successRateMinimumHosts = hosts;
            return this;
        }

        /** Calls in an interval for a host to count in success-rate detection, in [1, 1000000]. Default 100. */
        public Builder successRateRequestVolume(int volume) {
            count(volume, 1, "successRateRequestVolume");
            this.successRateRequestVolume = volume;
            return this;
        }

        /** The stdev factor (Envoy's {@code success_rate_stdev_factor} / 1000), in (0, 100]. Default 1.9. */
        public Builder successRateStdevFactor(double factor) {
            if (!(factor > 0 && factor <= 100)) {
                throw new IllegalArgumentException("successRateStdevFactor must be in (0, 100], but was " + factor);
            }
            this.successRateStdevFactor = factor;
            return this;
        }

        /** Failure percentage that makes a host an outlier, in [0, 100]. Default 85. */
        public Builder failurePercentageThreshold(int percent) {
            percent(percent, "failurePercentageThreshold");
            this.failurePercentageThreshold = percent;
            return this;
        }

        /** Chance in percent that a failure-percentage outlier is ejected, in [0, 100]. Default 0 (Envoy's). */
        public Builder enforcingFailurePercentage(int percent) {
            percent(percent, "enforcingFailurePercentage");
            this.enforcingFailurePercentage = percent;
            return this;
        }

        /** Hosts with enough volume needed for failure-percentage detection, in [1, 1000000]. Default 5. */
        public Builder failurePercentageMinimumHosts(int hosts) {
            count(hosts, 1, "failurePercentageMinimumHosts");
            this.failurePercentageMinimumHosts = hosts;
            return this;
        }

        /** Calls in an interval for a host to count in failure-percentage detection, in [1, 1000000]. Default 50. */
        public Builder failurePercentageRequestVolume(int volume) {
            count(volume, 1, "failurePercentageRequestVolume");
            this.failurePercentageRequestVolume = volume;
            return this;
        }

        /**
         * Envoy's {@code healthy_panic_threshold} (Istio's {@code minHealthPercent}): below this
         * percentage of healthy candidates, all of them are used; in [0, 100], 0 disables. Default 50.
         */
        public Builder panicThreshold(int percent) {
            percent(percent, "panicThreshold");
            this.panicThreshold = percent;
            return this;
        }

        /**
         * Builds the config.
         *
         * @throws IllegalArgumentException if {@code maxEjectionTime} was set below {@code baseEjectionTime}
         */
        public OutlierDetectionConfig build() {
            Duration max = maxEjectionTime != null ? maxEjectionTime : derivedMaxEjectionTime(baseEjectionTime);
            return new OutlierDetectionConfig(interval, baseEjectionTime, max, maxEjectionTimeJitter,
                    maxEjectionPercent, alwaysEjectOneHost, consecutive5xx, enforcingConsecutive5xx,
                    consecutiveGatewayFailure, enforcingConsecutiveGatewayFailure, enforcingSuccessRate,
                    successRateMinimumHosts, successRateRequestVolume, successRateStdevFactor,
                    failurePercentageThreshold, enforcingFailurePercentage, failurePercentageMinimumHosts,
                    failurePercentageRequestVolume, panicThreshold);
        }
    }
}
