package dev.microlab.exercises.eventstore;

import java.time.Instant;

/**
 * An event as the store keeps it.
 *
 * @param streamId   the stream it belongs to
 * @param version    its number within the stream: 1, 2, 3, ...
 * @param position   its number in the whole store, across streams: 1, 2, 3, ... in append order
 * @param type       its type
 * @param payload    its payload
 * @param recordedAt when it was appended (the store's time source)
 */
public record RecordedEvent(String streamId, long version, long position, String type, String payload,
                            Instant recordedAt) {
}
