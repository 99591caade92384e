package dev.microlab.messaging.course;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.microlab.messaging.Broker;
import dev.microlab.messaging.Consumer;
import dev.microlab.messaging.Death;
import dev.microlab.messaging.Delivery;
import dev.microlab.messaging.InProcessBroker;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The course's publisher and consumer, behaving as the course describes. */
@DisplayName("The course's EventPublisher / EventConsumer")
class CourseExampleTest {

    @Test
    @DisplayName("order events reach order_events and are acked; a failing one is dead-lettered, others are untouched")
    void publishConsumeAndDeadLetter() {
        try (Broker broker = InProcessBroker.create()) {
            EventConsumer consumer = new EventConsumer(broker);
            EventPublisher publisher = new EventPublisher(broker);
            List<String> processed = new CopyOnWriteArrayList<>();
            Consumer running = consumer.start((type, json) -> {
                if (json.contains("\"amount\":-1")) {
                    throw new IllegalArgumentException("negative amount");
                }
                processed.add(type);
            });

            publisher.publish("order.created", "{\"orderId\":1,\"amount\":10}");
            publisher.publish("order.created", "{\"orderId\":2,\"amount\":-1}");
            publisher.publish("payment.done", "{\"orderId\":1}"); // not an order.* event: not for this queue
            publisher.publish("order.shipped", "{\"orderId\":1}");

            await().until(() -> processed.size() == 2);
            await().until(() -> broker.queueInfo(EventConsumer.DEAD_LETTER_QUEUE).messageCount() == 1);
            running.cancel();
            assertThat(processed).containsExactly("order.created", "order.shipped");
            assertThat(broker.queueInfo(EventConsumer.QUEUE).messageCount()).isZero();
            Delivery dead = broker.get(EventConsumer.DEAD_LETTER_QUEUE).orElseThrow();
            assertThat(dead.message().bodyAsText()).contains("\"orderId\":2");
            assertThat(dead.deaths()).extracting(Death::reason).containsExactly(Death.REJECTED);
            dead.ack();
        }
    }
}
