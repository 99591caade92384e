package dev.microlab.exercises.projection;

/**
 * An event with its position in the event store's global order (1, 2, 3, ...): what a projection
 * reads, and what its checkpoint remembers.
 */
public record PositionedEvent(long position, ShopEvent event) {
}
