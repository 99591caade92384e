package dev.microlab.cqrs;

import java.util.List;
import java.util.Objects;

/**
 * A command was refused before its handler ran, because it is malformed (a negative quantity,
 * a blank id). Nothing was loaded or written. Thrown by
 * {@link CommandInterceptors#validating(CommandValidator)}.
 *
 * <pre>{@code
 * catch (CommandValidationException e) {
 *     return badRequest(e.violations());   // e.g. ["quantity must be in [1, 1000], but was 0"]
 * }
 * }</pre>
 *
 * <p>This class is threadsafe (immutable).
 */
public final class CommandValidationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<String> violations;

    /** For {@code command}, with at least one violation. */
    public CommandValidationException(Object command, List<String> violations) {
        super("invalid " + Objects.requireNonNull(command, "command must not be null").getClass().getSimpleName()
                + ": " + String.join("; ", violations));
        this.violations = List.copyOf(violations);
    }

    /** Every violation found, each a sentence with the offending value. */
    public List<String> violations() {
        return violations;
    }
}
