package dev.microlab.registry;

/**
 * How one call to an instance ended, in the terms of Envoy's outlier detection.
 *
 * <p>{@link #GATEWAY_ERROR} (502, 503, 504) and {@link #LOCAL_ORIGIN_ERROR} (connection refused,
 * reset, timeout) count both as 5xx and as gateway failures, as in Envoy with
 * {@code split_external_local_origin_errors: false}. A 4xx is the caller's fault and counts as a
 * success of the instance.
 *
 * <pre>{@code
 * detector.record(instance, CallOutcome.ofHttpStatus(response.statusCode()));
 * }</pre>
 *
 * <p>Enum constants are immutable; this type is threadsafe.
 */
public enum CallOutcome {
    /** The instance answered (2xx, 3xx, 4xx). */
    SUCCESS,
    /** A 5xx other than 502, 503, 504. */
    SERVER_ERROR,
    /** 502, 503 or 504. */
    GATEWAY_ERROR,
    /** No usable answer: connection failure, reset or timeout. */
    LOCAL_ORIGIN_ERROR;

    /**
     * The outcome of an HTTP answer with {@code status}.
     *
     * @throws IllegalArgumentException if {@code status} is not in [100, 599]
     */
    public static CallOutcome ofHttpStatus(int status) {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("status must be in [100, 599], but was " + status);
        }
        if (status == 502 || status == 503 || status == 504) {
            return GATEWAY_ERROR;
        }
        return status >= 500 ? SERVER_ERROR : SUCCESS;
    }

    /** Whether this outcome counts against the instance. */
    public boolean isFailure() {
        return this != SUCCESS;
    }

    /** Whether this outcome counts towards consecutive gateway failures. */
    public boolean isGatewayFailure() {
        return this == GATEWAY_ERROR || this == LOCAL_ORIGIN_ERROR;
    }
}
