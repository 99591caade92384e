package dev.microlab.messaging;

/**
 * The exchange or queue an operation names does not exist (RabbitMQ's {@code 404 NOT_FOUND}).
 */
public class NotFoundException extends MessagingException {

    private static final long serialVersionUID = 1L;

    /** With a message naming what is missing. */
    public NotFoundException(String message) {
        super(message);
    }

    /** With a message and its cause. */
    public NotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
