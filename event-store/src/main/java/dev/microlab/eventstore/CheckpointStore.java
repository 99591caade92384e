package dev.microlab.eventstore;

import java.util.OptionalLong;

/**
 * Where a subscription remembers the position of the last event it handled, so that a
 * restart resumes after it (exclusive) instead of replaying everything.
 *
 * <p>Keep the checkpoint next to what the handler writes when you can (same transaction);
 * otherwise a crash between the two means the event is delivered again, which is why
 * handlers must tolerate a repeat. {@link InMemoryCheckpointStore} and
 * {@link FileCheckpointStore} are provided.
 *
 * <p>Implementations must be threadsafe.
 *
 * <pre>{@code
 * CheckpointStore checkpoints = new FileCheckpointStore(Path.of("data/checkpoints"));
 * long resumeAfter = checkpoints.load("order-summary").orElse(EventStore.START);
 * }</pre>
 */
public interface CheckpointStore {

    /**
     * The saved position of {@code subscription}, or empty if it never saved one.
     *
     * @throws IllegalArgumentException if the name is invalid
     */
    OptionalLong load(String subscription);

    /**
     * Saves {@code position} for {@code subscription}, replacing the previous one.
     *
     * @throws IllegalArgumentException if the name is invalid or the position negative
     */
    void save(String subscription, long position);

    /**
     * Checks a subscription name: 1 to 100 ASCII letters, digits and {@code . _ -}, starting
     * with a letter or digit (so that it is a safe file name).
     *
     * @throws IllegalArgumentException if it is not
     */
    static String validateName(String subscription) {
        java.util.Objects.requireNonNull(subscription, "subscription must not be null");
        if (!SubscriptionNames.isValid(subscription)) {
            throw new IllegalArgumentException("subscription name must be 1 to 100 ASCII letters, digits and . _ -,"
                    + " starting with a letter or digit, but was '" + subscription + "'");
        }
        return subscription;
    }
}
