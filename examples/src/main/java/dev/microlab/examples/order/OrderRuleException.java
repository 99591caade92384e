package dev.microlab.examples.order;

import dev.microlab.cqrs.DomainException;
import java.util.Objects;

/**
 * An {@link Order} refused a command; {@link #rule()} says which rule, the message says why
 * with the values involved.
 *
 * <p>This class is threadsafe (immutable).
 */
public final class OrderRuleException extends DomainException {

    private static final long serialVersionUID = 1L;

    /** The order's business rules. */
    public enum Rule {
        /** An order can be created only once. */
        ALREADY_EXISTS,
        /** Only an existing order can be changed. */
        NOT_FOUND,
        /** Only a PENDING order can change its items or be confirmed. */
        NOT_MODIFIABLE,
        /** An order without items cannot be confirmed. */
        EMPTY_ORDER,
        /** A cancelled order cannot be cancelled again. */
        ALREADY_CANCELLED,
        /** Items are priced in the order's currency. */
        CURRENCY_MISMATCH,
        /** A product has one unit price per order. */
        PRICE_MISMATCH,
        /** Only a product in the order can be removed. */
        ITEM_NOT_IN_ORDER,
        /** A quantity is at least 1 and a line holds at most {@link Order#MAX_LINE_QUANTITY}. */
        INVALID_QUANTITY
    }

    private final Rule rule;

    /** For {@code rule}, with a message for the person who sent the command. */
    public OrderRuleException(Rule rule, String message) {
        super(message);
        this.rule = Objects.requireNonNull(rule, "rule must not be null");
    }

    /** The rule that refused the command. */
    public Rule rule() {
        return rule;
    }
}
