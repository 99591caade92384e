package dev.microlab.eventstore;

/** The rule for subscription (checkpoint) names, kept out of the public interface. */
final class SubscriptionNames {

    /** The longest name allowed, in characters. */
    static final int MAX_LENGTH = 100;

    private SubscriptionNames() {
    }

    /**
     * Whether {@code name} is {@code [A-Za-z0-9][A-Za-z0-9._-]{0,99}}, checked character by
     * character: a projection saves its checkpoint on every drain, and a regular expression
     * cost more than the save itself.
     */
    static boolean isValid(String name) {
        if (name.isEmpty() || name.length() > MAX_LENGTH || !isLetterOrDigit(name.charAt(0))) {
            return false;
        }
        for (int i = 1; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!isLetterOrDigit(c) && c != '.' && c != '_' && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean isLetterOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
}
