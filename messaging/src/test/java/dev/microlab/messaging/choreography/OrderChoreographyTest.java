package dev.microlab.messaging.choreography;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.microlab.core.time.TimeSource;
import dev.microlab.messaging.Broker;
import dev.microlab.messaging.InProcessBroker;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The choreographed order flow over a broker. {@code RabbitMqChoreographyTest} in
 * messaging-rabbitmq runs these very checks on a real RabbitMQ.
 */
@DisplayName("Order choreography over the broker")
public class OrderChoreographyTest {

    /** The broker the flow runs on; a subclass supplies another. */
    protected Broker broker() {
        return inProcess;
    }

    /** Prefix of every exchange and queue name. */
    protected String prefix() {
        return "choreo-";
    }

    private final InProcessBroker inProcess = InProcessBroker.create();

    @AfterEach
    void close() {
        inProcess.close();
    }

    @Test
    @DisplayName("an order goes placed -> reserved -> paid -> shipped -> completed, with no coordinator")
    void completes() {
        try (OrderChoreography flow = new OrderChoreography(broker(), prefix(), Map.of("book", 5), 10_000,
                TimeSource.system())) {
            flow.placeOrder("o1", "book", 1, 2_500);

            await().until(() -> flow.outcome("o1") != null);
            assertThat(flow.outcome("o1")).isEqualTo("completed");
            assertThat(flow.history("o1")).containsExactly("inventory <- order-placed",
                    "payments <- inventory-reserved", "shipping <- payment-processed", "orders <- order-shipped");
            assertThat(flow.stock("book")).isEqualTo(4);
        }
    }

    @Test
    @DisplayName("a declined payment releases the stock (compensation) and cancels the order")
    void compensates() {
        try (OrderChoreography flow = new OrderChoreography(broker(), prefix(), Map.of("book", 5), 10_000,
                TimeSource.system())) {
            flow.placeOrder("o2", "book", 2, 50_000);

            await().until(() -> flow.outcome("o2") != null);
            assertThat(flow.outcome("o2")).isEqualTo("cancelled");
            assertThat(flow.history("o2")).containsExactly("inventory <- order-placed",
                    "payments <- inventory-reserved", "inventory <- payment-declined", "orders <- inventory-released");
            assertThat(flow.stock("book")).as("the reservation was released").isEqualTo(5);
        }
    }

    @Test
    @DisplayName("an order for more than the stock is rejected by inventory and cancelled")
    void rejected() {
        try (OrderChoreography flow = new OrderChoreography(broker(), prefix(), Map.of("book", 1), 10_000,
                TimeSource.system())) {
            flow.placeOrder("o3", "book", 3, 100);

            await().until(() -> flow.outcome("o3") != null);
            assertThat(flow.outcome("o3")).isEqualTo("cancelled");
            assertThat(flow.history("o3")).containsExactly("inventory <- order-placed", "orders <- inventory-rejected");
        }
    }
}
