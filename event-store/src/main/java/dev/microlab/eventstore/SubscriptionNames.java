package dev.microlab.eventstore;

import java.util.regex.Pattern;

/** The rule for subscription (checkpoint) names, kept out of the public interface. */
final class SubscriptionNames {

    static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    private SubscriptionNames() {
    }
}
