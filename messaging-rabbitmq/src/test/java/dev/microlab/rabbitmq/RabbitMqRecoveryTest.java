package dev.microlab.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.microlab.messaging.ConsumerOptions;
import dev.microlab.messaging.Message;
import dev.microlab.messaging.MessagingException;
import dev.microlab.messaging.PublishOutcome;
import dev.microlab.messaging.QueueSpec;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Automatic connection recovery against the real RabbitMQ: the network under a live connection
 * is cut (through a loopback proxy), and consumption resumes with no confirmed message lost.
 */
@DisplayName("RabbitMqBroker connection recovery")
class RabbitMqRecoveryTest {

    @Test
    @DisplayName("after the connection is cut, it recovers; every confirmed message is consumed (some redelivered)")
    void consumptionResumesWithNoMessageLost() throws Exception {
        URI uri = URI.create(RealRabbitMq.uri());
        String queue = "recovery-" + UUID.randomUUID();
        try (TcpProxy proxy = new TcpProxy(uri.getHost(), uri.getPort() < 0 ? 5672 : uri.getPort());
                RabbitMqBroker broker = RabbitMqBroker.builder("amqp://" + uri.getRawUserInfo() + "@127.0.0.1:"
                        + proxy.port()).recoveryInterval(Duration.ofMillis(100)).connectionName("microlab-recovery")
                        .build()) {
            broker.declareQueue(QueueSpec.durable(queue));
            try {
                Set<String> consumed = ConcurrentHashMap.newKeySet();
                AtomicInteger redelivered = new AtomicInteger();
                broker.consume(queue, ConsumerOptions.defaults().withPrefetch(5), d -> {
                    consumed.add(d.message().bodyAsText());
                    if (d.redelivered()) {
                        redelivered.incrementAndGet();
                    }
                });
                for (int i = 0; i < 50; i++) {
                    assertThat(broker.publish("", queue, Message.ofText("m" + i))).isEqualTo(PublishOutcome.CONFIRMED);
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> consumed.size() >= 10);

                // When: the network goes away under the live connection
                proxy.cutConnections();

                // Then: publishing works again once the connection has recovered (the publisher
                // owns a message until it is confirmed, so it retries)
                for (int i = 50; i < 100; i++) {
                    publishUntilConfirmed(broker, queue, "m" + i);
                }
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                        assertThat(consumed).as("every confirmed message consumed").hasSize(100));
                assertThat(broker.connection().isOpen()).isTrue();
            } finally {
                broker.deleteQueue(queue);
            }
        }
    }

    private static void publishUntilConfirmed(RabbitMqBroker broker, String queue, String body) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
            try {
                return broker.publish("", queue, Message.ofText(body)).isConfirmed();
            } catch (MessagingException connectionDown) {
                return false;
            }
        });
    }
}
