package dev.microlab.messaging;

/**
 * RabbitMQ's queue types that this API models.
 *
 * <ul>
 *   <li>{@link #CLASSIC}: the default; may be transient, exclusive or auto-delete.</li>
 *   <li>{@link #QUORUM}: replicated in RabbitMQ, always durable; counts deliveries
 *       ({@code x-delivery-count}) and supports a delivery limit that dead-letters a poison
 *       message instead of redelivering it forever.</li>
 * </ul>
 */
public enum QueueType {
    CLASSIC,
    QUORUM
}
