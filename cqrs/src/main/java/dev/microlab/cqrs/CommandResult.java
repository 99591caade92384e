package dev.microlab.cqrs;

import dev.microlab.eventstore.StreamName;
import java.util.List;
import java.util.Objects;

/**
 * What a handled command wrote: the stream, the stream's version after the write, the global
 * position of the last event written and the events themselves.
 *
 * <p>The position is the read-your-writes token: pass it to
 * {@link QueryBus#query(Query, long, java.time.Duration)} (or
 * {@link ProjectionPosition#awaitAtLeast}) and the query waits until the read model has seen
 * the command's events. A command that wrote nothing reports the stream's current version and
 * the position of its last event, so waiting on it is still correct.
 *
 * <pre>{@code
 * CommandResult r = commands.dispatch(new AddItemCommand("42", "book", 1, Money.of("EUR", 1250)));
 * OrderSummary s = queries.query(new GetOrderSummary("42"), r.position(), Duration.ofSeconds(2)).orElseThrow();
 * }</pre>
 *
 * <p>This class is threadsafe (immutable, provided the events are).
 *
 * @param stream        the stream written to
 * @param streamVersion the stream's version after the command
 * @param position      the global position of the last event written (or of the stream's last event)
 * @param events        the domain events written, in order (empty if none)
 */
public record CommandResult(StreamName stream, long streamVersion, long position, List<Object> events) {

    /** Validates and copies. */
    public CommandResult {
        Objects.requireNonNull(stream, "stream must not be null");
        events = List.copyOf(Objects.requireNonNull(events, "events must not be null"));
        if (position < 0) {
            throw new IllegalArgumentException("position must be >= 0, but was " + position);
        }
    }

    /** Whether the command wrote at least one event. */
    public boolean wroteEvents() {
        return !events.isEmpty();
    }
}
