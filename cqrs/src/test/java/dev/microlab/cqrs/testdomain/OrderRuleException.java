package dev.microlab.cqrs.testdomain;

import dev.microlab.cqrs.DomainException;

/** An order refused a command. */
public final class OrderRuleException extends DomainException {

    private static final long serialVersionUID = 1L;

    public OrderRuleException(String message) {
        super(message);
    }
}
