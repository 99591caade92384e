package dev.microlab.cqrs;

/**
 * A business rule said no: the base of every exception an aggregate throws when a command is
 * not allowed in its current state ("order 42 is CONFIRMED and can no longer change").
 *
 * <p>A domain exception is an answer, not a fault: nothing was written, retrying the same
 * command against the same state gives the same answer, and the message is meant to be shown
 * to the person who sent the command. Subclass it per aggregate (see the examples module's
 * {@code dev.microlab.examples.order.OrderRuleException}) so callers can tell rules apart without
 * parsing messages.
 *
 * <pre>{@code
 * if (status != Status.PENDING) {
 *     throw new OrderRuleException(Rule.NOT_MODIFIABLE, "order " + id + " is " + status + " and can no longer change");
 * }
 * }</pre>
 *
 * <p>This class is threadsafe (immutable).
 */
public abstract class DomainException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** With a message that says which rule refused what, with the offending values. */
    protected DomainException(String message) {
        super(message);
    }
}
