package dev.microlab.exercises.projection;

import java.util.List;

/** Where a projection reads events from: the event store's global order. */
@FunctionalInterface
public interface EventFeed {

    /** The events with a position above {@code position}, in position order. */
    List<PositionedEvent> readAfter(long position);
}
