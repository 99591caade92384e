package dev.microlab.exercises.messaging;

/**
 * A message as the broker delivers it.
 *
 * @param id            the producer's unique id for it: the same on every redelivery
 * @param eventType     what kind of event it carries ({@code "OrderCreated"}), which picks the handler
 * @param body          its payload
 * @param deliveryCount 1 on the first delivery, 2 on the first redelivery, ...
 */
public record Message(String id, String eventType, String body, int deliveryCount) {
}
