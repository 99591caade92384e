package dev.microlab.cqrs.testdomain;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.microlab.cqrs.AggregateSnapshotCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** Snapshots an {@link Order} as JSON of its {@link State}. */
public final class OrderSnapshotCodec implements AggregateSnapshotCodec<Order> {

    public static final int REVISION = 1;

    private final ObjectMapper mapper = new ObjectMapper();

    public record State(boolean exists, String customerId, String currency, OrderStatus status, List<OrderLine> lines) {
    }

    @Override
    public int revision() {
        return REVISION;
    }

    @Override
    public byte[] encode(Order order) {
        try {
            return mapper.writeValueAsBytes(order.state());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Order decode(String orderId, byte[] state) {
        try {
            return Order.restore(orderId, mapper.readValue(state, State.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
