package dev.microlab.registry;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What routing matches on: the headers (or any attributes) of one request. Names are
 * case-insensitive, as HTTP header names are.
 *
 * <pre>{@code
 * RequestAttributes canary = RequestAttributes.of("canary", "true");
 * RequestAttributes none = RequestAttributes.empty();
 * }</pre>
 *
 * <p>This class is immutable and threadsafe.
 */
public final class RequestAttributes {

    private static final RequestAttributes EMPTY = new RequestAttributes(Map.of());

    private final Map<String, String> values;

    private RequestAttributes(Map<String, String> values) {
        this.values = values;
    }

    /** No attributes. */
    public static RequestAttributes empty() {
        return EMPTY;
    }

    /** One attribute. */
    public static RequestAttributes of(String name, String value) {
        return of(Map.of(Objects.requireNonNull(name, "name must not be null"),
                Objects.requireNonNull(value, "value must not be null")));
    }

    /**
     * These attributes (names lower-cased).
     *
     * @throws IllegalArgumentException if two names differ only in case
     */
    public static RequestAttributes of(Map<String, String> attributes) {
        Objects.requireNonNull(attributes, "attributes must not be null");
        if (attributes.isEmpty()) {
            return EMPTY;
        }
        Map<String, String> lower = new TreeMap<>();
        attributes.forEach((k, v) -> {
            Objects.requireNonNull(k, "attribute names must not be null");
            Objects.requireNonNull(v, "value of attribute '" + k + "' must not be null");
            if (lower.put(k.toLowerCase(Locale.ROOT), v) != null) {
                throw new IllegalArgumentException("attribute names are case-insensitive, but '" + k
                        + "' appears twice");
            }
        });
        return new RequestAttributes(Map.copyOf(lower));
    }

    /** The value of {@code name} (any case), or null. */
    public String get(String name) {
        Objects.requireNonNull(name, "name must not be null");
        if (values.isEmpty()) {
            return null;
        }
        String value = values.get(name);
        return value != null ? value : values.get(name.toLowerCase(Locale.ROOT));
    }

    /** Every attribute, names lower-cased. */
    public Map<String, String> asMap() {
        return values;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RequestAttributes other && other.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
