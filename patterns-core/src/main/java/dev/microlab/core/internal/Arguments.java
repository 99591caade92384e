package dev.microlab.core.internal;

import java.time.Duration;

/**
 * The checks every public method and builder of patterns-core applies to its arguments, with
 * messages that name the parameter, the value and what is allowed:
 * {@code "maxWait must be >= 0, but was PT-1S"}.
 *
 * <p>This class is threadsafe (stateless).
 */
public final class Arguments {

    private Arguments() {
    }

    /**
     * {@code value}, if not null.
     *
     * @throws NullPointerException naming {@code parameter}: {@code "<parameter> must not be null"}
     */
    public static <T> T requireNonNull(T value, String parameter) {
        if (value == null) {
            throw new NullPointerException(parameter + " must not be null");
        }
        return value;
    }

    /**
     * The name of a policy instance: not null and not blank (it names the instance in
     * exceptions, events and logs, where a blank name helps nobody). The one naming rule of every
     * policy.
     *
     * @throws NullPointerException if {@code name} is null
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public static String requireName(String name) {
        requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank, but was '" + name + "'");
        }
        return name;
    }

    /**
     * {@code value}, if {@code >= min}.
     *
     * @throws IllegalArgumentException {@code "<field> must be >= <min>, but was <value>"}
     */
    public static int requireAtLeast(int value, int min, String field) {
        if (value < min) {
            throw new IllegalArgumentException(field + " must be >= " + min + ", but was " + value);
        }
        return value;
    }

    /**
     * {@code value}, if not null and {@code > 0}.
     *
     * @throws IllegalArgumentException {@code "<field> must be > 0, but was <value>"}
     */
    public static Duration requirePositive(Duration value, String field) {
        requireNonNull(value, field);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(field + " must be > 0, but was " + value);
        }
        return value;
    }

    /**
     * {@code value}, if not null and {@code >= 0}.
     *
     * @throws IllegalArgumentException {@code "<field> must be >= 0, but was <value>"}
     */
    public static Duration requireNonNegative(Duration value, String field) {
        requireNonNull(value, field);
        if (value.isNegative()) {
            throw new IllegalArgumentException(field + " must be >= 0, but was " + value);
        }
        return value;
    }
}
