package dev.microlab.cqrs;

import java.util.List;

/**
 * Checks the shape of a command before it reaches its handler: required fields, ranges,
 * formats. Business rules that depend on an aggregate's state belong in the aggregate, not
 * here.
 *
 * <pre>{@code
 * CommandValidator v = command -> command instanceof AddItemCommand c && c.quantity() < 1
 *         ? List.of("quantity must be >= 1, but was " + c.quantity())
 *         : List.of();
 * }</pre>
 *
 * <p>Implementations must be threadsafe.
 */
@FunctionalInterface
public interface CommandValidator {

    /** Every problem with {@code command}, one sentence each; empty if it is valid. */
    List<String> violations(Object command);
}
