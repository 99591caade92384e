package dev.microlab.examples.order;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The order summaries read model")
class OrderSummariesTest {

    private static OrderSummary pending(String id) {
        return OrderSummary.created(new OrderEvent.OrderCreated(id, "ana", "EUR"));
    }

    @Test
    @DisplayName("keeps an earlier model unchanged when a later event changes one order of 100,000")
    void earlierModelUnchanged() {
        // Given a model of 100,000 pending orders
        OrderSummaries model = OrderSummaries.EMPTY;
        for (int i = 0; i < 100_000; i++) {
            model = model.with(pending("order-" + i));
        }

        // When one order is confirmed
        OrderSummaries next = model.update("order-5", s -> s.withStatus(OrderStatus.CONFIRMED));

        // Then
        assertThat(model.find("order-5").orElseThrow().status()).as("the earlier model, as committed before")
                .isEqualTo(OrderStatus.PENDING);
        assertThat(next.find("order-5").orElseThrow().status()).as("the new model").isEqualTo(OrderStatus.CONFIRMED);
        assertThat(next.size()).as("no order lost or added").isEqualTo(100_000);
        assertThat(next.eventsApplied()).as("one more event").isEqualTo(100_001);
    }

    @Test
    @DisplayName("built from a plain map equals the same model built event by event")
    void fromPlainMap() {
        // Given
        OrderSummaries byEvents = OrderSummaries.EMPTY.with(pending("o1")).with(pending("o2"));

        // When
        OrderSummaries fromMap = new OrderSummaries(Map.of("o1", pending("o1"), "o2", pending("o2")), 2);

        // Then
        assertThat(fromMap).as("record equality over the map contents").isEqualTo(byEvents);
        assertThat(fromMap.orders().keySet()).as("the orders").containsExactlyInAnyOrderElementsOf(List.of("o1", "o2"));
    }
}
