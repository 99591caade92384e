package dev.microlab.messaging;

/**
 * A broker refused an operation or could not carry it out: a missing exchange or queue, a
 * re-declaration with different settings, a lost connection. The message says what and why.
 */
public class MessagingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** With a message. */
    public MessagingException(String message) {
        super(message);
    }

    /** With a message and its cause. */
    public MessagingException(String message, Throwable cause) {
        super(message, cause);
    }
}
