package dev.microlab.examples.order;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.microlab.cqrs.AggregateSnapshotCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Snapshots an {@link Order} as JSON of its {@link State}. Bump {@link #REVISION} whenever
 * {@code State} changes shape: older snapshots are then ignored and orders are rebuilt from
 * their events.
 *
 * <p>This class is threadsafe.
 */
public final class OrderSnapshotCodec implements AggregateSnapshotCodec<Order> {

    /** The current shape of {@link State}. */
    public static final int REVISION = 1;

    // A reader and a writer bound to State once: every load decodes a snapshot, and
    // mapper.readValue(bytes, State.class) would look the type's deserializer up each time.
    private final ObjectReader reader;
    private final ObjectWriter writer;

    /** A codec with a plain {@link ObjectMapper}. */
    public OrderSnapshotCodec() {
        ObjectMapper mapper = new ObjectMapper();
        this.reader = mapper.readerFor(State.class);
        this.writer = mapper.writerFor(State.class);
    }

    /** The state of an order, as stored in a snapshot. */
    public record State(boolean exists, String customerId, String currency, OrderStatus status, List<OrderLine> lines) {
    }

    @Override
    public int revision() {
        return REVISION;
    }

    @Override
    public byte[] encode(Order order) {
        try {
            return writer.writeValueAsBytes(order.state());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode order " + order.id(), e);
        }
    }

    @Override
    public Order decode(String orderId, byte[] state) {
        try {
            return Order.restore(orderId, reader.readValue(state));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot decode the snapshot of order " + orderId, e);
        }
    }
}
