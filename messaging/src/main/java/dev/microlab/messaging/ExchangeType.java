package dev.microlab.messaging;

/**
 * How an exchange picks the queues a message goes to, exactly as RabbitMQ's four built-in
 * exchange types do.
 *
 * <ul>
 *   <li>{@link #DIRECT}: to every queue bound with a binding key equal to the routing key.</li>
 *   <li>{@link #TOPIC}: binding keys are patterns of dot-separated words, where {@code *}
 *       matches exactly one word and {@code #} zero or more words ({@code "order.*"} matches
 *       {@code "order.placed"}, {@code "order.#"} also matches {@code "order"}).</li>
 *   <li>{@link #FANOUT}: to every bound queue; the routing key is ignored.</li>
 *   <li>{@link #HEADERS}: the binding's arguments are compared with the message headers;
 *       {@code x-match = all} (the default) needs every argument to match, {@code any} one.
 *       Arguments whose name starts with {@code x-} take no part in matching.</li>
 * </ul>
 */
public enum ExchangeType {
    DIRECT("direct"),
    TOPIC("topic"),
    FANOUT("fanout"),
    HEADERS("headers");

    private final String amqpName;

    ExchangeType(String amqpName) {
        this.amqpName = amqpName;
    }

    /** The type's name in AMQP 0-9-1 ({@code "direct"}, {@code "topic"}, ...). */
    public String amqpName() {
        return amqpName;
    }
}
