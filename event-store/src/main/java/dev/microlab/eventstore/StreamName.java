package dev.microlab.eventstore;

import java.util.Objects;

/**
 * The validated name of a stream: the unit of consistency of an event store. One aggregate
 * (an order, a saga instance) owns one stream, and the {@link ExpectedVersion} check of an
 * append is made against that stream only.
 *
 * <p>A name is 1 to {@value #MAX_LENGTH} characters of ASCII letters, digits and
 * {@code . _ - : @ + =}, and starts with a letter or digit. Names starting with {@code $} are
 * reserved (EventStoreDB uses them for system streams), and whitespace, slashes and control
 * characters are refused so that a name is safe in file names, URLs and log lines. By
 * convention the part before the first {@code -} is the stream's {@linkplain #category()
 * category}: {@code order-42} belongs to {@code order}.
 *
 * <pre>{@code
 * StreamName orders = StreamName.of("order-42");
 * orders.category();   // "order"
 * }</pre>
 *
 * <p>This class is threadsafe (immutable).
 *
 * @param value the name
 */
public record StreamName(String value) implements Comparable<StreamName> {

    /** The longest name allowed, in characters. */
    public static final int MAX_LENGTH = 200;

    /**
     * Validates {@code value}.
     *
     * @throws NullPointerException if {@code value} is null
     * @throws IllegalArgumentException if it is empty, too long or has a forbidden character
     */
    public StreamName {
        Objects.requireNonNull(value, "stream name must not be null");
        if (value.isEmpty() || value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("stream name must be 1 to " + MAX_LENGTH
                    + " characters long, but was " + value.length() + " characters: '" + abbreviate(value) + "'");
        }
        if (!isValid(value)) {
            throw new IllegalArgumentException("stream name must start with a letter or digit and contain only"
                    + " ASCII letters, digits and . _ - : @ + =, but was '" + abbreviate(value) + "'");
        }
    }

    /**
     * Whether a non-empty {@code value} is {@code [A-Za-z0-9][A-Za-z0-9._\-:@+=]*}, checked
     * character by character: every append and many reads build a name, and a regular
     * expression cost more than the rest of a small read.
     */
    private static boolean isValid(String value) {
        if (!isLetterOrDigit(value.charAt(0))) {
            return false;
        }
        for (int i = 1; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!isLetterOrDigit(c) && c != '.' && c != '_' && c != '-' && c != ':' && c != '@' && c != '+'
                    && c != '=') {
                return false;
            }
        }
        return true;
    }

    private static boolean isLetterOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    /** Same as {@code new StreamName(value)}. */
    public static StreamName of(String value) {
        return new StreamName(value);
    }

    /** The part before the first {@code -}, or the whole name if it has none. */
    public String category() {
        int dash = value.indexOf('-');
        return dash < 0 ? value : value.substring(0, dash);
    }

    @Override
    public int compareTo(StreamName other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }

    private static String abbreviate(String s) {
        String printable = s.replaceAll("\\p{Cntrl}", "?");
        return printable.length() <= 60 ? printable : printable.substring(0, 60) + "...";
    }
}
