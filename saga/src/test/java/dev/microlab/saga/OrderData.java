package dev.microlab.saga;

import java.util.ArrayList;
import java.util.List;

/** The saga data of the test order saga: each step records what it did in {@code notes}. */
public record OrderData(String orderId, int quantity, List<String> notes) {

    public OrderData {
        notes = List.copyOf(notes);
    }

    static OrderData of(String orderId) {
        return new OrderData(orderId, 2, List.of());
    }

    OrderData note(String note) {
        List<String> next = new ArrayList<>(notes);
        next.add(note);
        return new OrderData(orderId, quantity, next);
    }
}
