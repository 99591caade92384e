package dev.microlab.exercises.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("idempotent-consumer")
@DisplayName("Exercise 12 · Idempotent message consumer")
class IdempotentConsumerTest {

    /** Every message the "OrderCreated" handler handled, by id. */
    private final List<String> handled = Collections.synchronizedList(new ArrayList<>());

    private static Message delivery(String id, int deliveryCount) {
        return new Message(id, "OrderCreated", "{\"orderId\":\"" + id + "\"}", deliveryCount);
    }

    /** maxDeliveries 3; "OrderCreated" records what it handles. */
    private IdempotentConsumer consumer() {
        IdempotentConsumer consumer = new IdempotentConsumer(3);
        consumer.register("OrderCreated", message -> handled.add(message.id()));
        return consumer;
    }

    /** maxDeliveries 3; "OrderCreated" always fails with IOException. */
    private IdempotentConsumer failingConsumer() {
        IdempotentConsumer consumer = new IdempotentConsumer(3);
        consumer.register("OrderCreated", message -> {
            throw new IOException("database down");
        });
        return consumer;
    }

    @Test
    @DisplayName("a message is handled by the handler of its type, then acknowledged")
    void handlesAndAcks() {
        // When
        Disposition disposition = consumer().onMessage(delivery("m-1", 1));

        // Then
        assertThat(handled).as("the OrderCreated handler got the message").containsExactly("m-1");
        assertThat(disposition).as("handled: ACK").isEqualTo(Disposition.ACK);
    }

    @Test
    @DisplayName("a duplicate (same id, delivered again) is acknowledged without being handled twice")
    void duplicateIsAckedNotHandled() {
        // Given: handled once, but the ack was lost and the broker delivers it again
        IdempotentConsumer consumer = consumer();
        consumer.onMessage(delivery("m-1", 1));

        // When
        Disposition disposition = consumer.onMessage(delivery("m-1", 2));

        // Then
        assertThat(handled).as("creating the order twice is exactly what idempotence prevents").containsExactly("m-1");
        assertThat(disposition).as("ACK, so the broker stops delivering it").isEqualTo(Disposition.ACK);
    }

    @Test
    @DisplayName("different messages with the same content are different messages")
    void idsNotContent() {
        IdempotentConsumer consumer = consumer();
        consumer.onMessage(new Message("m-1", "OrderCreated", "same body", 1));
        consumer.onMessage(new Message("m-2", "OrderCreated", "same body", 1));
        assertThat(handled).as("duplicates are recognised by id").containsExactly("m-1", "m-2");
    }

    @Test
    @DisplayName("a failing handler gets the message again: REQUEUE while deliveries are left")
    void requeuesOnFailure() {
        // Given
        IdempotentConsumer consumer = failingConsumer();

        // When / Then
        assertThat(consumer.onMessage(delivery("m-1", 1))).as("delivery 1 of 3 failed").isEqualTo(Disposition.REQUEUE);
        assertThat(consumer.onMessage(delivery("m-1", 2))).as("delivery 2 of 3 failed").isEqualTo(Disposition.REQUEUE);
        assertThat(consumer.deadLetters()).as("not dead yet").isEmpty();
    }

    @Test
    @DisplayName("after maxDeliveries failed deliveries the message is dead-lettered, with the reason")
    void deadLettersAfterMaxDeliveries() {
        // Given
        IdempotentConsumer consumer = failingConsumer();

        // When
        Disposition disposition = consumer.onMessage(delivery("m-1", 3));

        // Then
        assertThat(disposition).as("delivery 3 of 3 failed: stop retrying").isEqualTo(Disposition.DEAD_LETTER);
        assertThat(consumer.deadLetters()).as("kept for an operator, with why").singleElement()
                .satisfies(dead -> {
                    assertThat(dead.message().id()).isEqualTo("m-1");
                    assertThat(dead.reason()).as("the reason names the failure").contains("database down");
                });
    }

    @Test
    @DisplayName("a failed message is not marked as handled: its next delivery is handled")
    void failureIsNotRemembered() {
        // Given: the handler fails once, then works
        IdempotentConsumer consumer = new IdempotentConsumer(3);
        List<Integer> attempts = new ArrayList<>();
        consumer.register("OrderCreated", message -> {
            attempts.add(message.deliveryCount());
            if (message.deliveryCount() == 1) {
                throw new IOException("timeout");
            }
        });

        // When
        Disposition first = consumer.onMessage(delivery("m-1", 1));
        Disposition second = consumer.onMessage(delivery("m-1", 2));

        // Then
        assertThat(first).isEqualTo(Disposition.REQUEUE);
        assertThat(second).as("the redelivery is handled, not skipped as a duplicate").isEqualTo(Disposition.ACK);
        assertThat(attempts).as("handled on both deliveries").containsExactly(1, 2);
    }

    @Test
    @DisplayName("a poison message (PoisonMessageException) is dead-lettered at once, without retries")
    void poisonGoesStraightToDeadLetter() {
        // Given
        IdempotentConsumer consumer = new IdempotentConsumer(3);
        consumer.register("OrderCreated", message -> {
            throw new PoisonMessageException("body is not JSON");
        });

        // When
        Disposition disposition = consumer.onMessage(delivery("m-1", 1));

        // Then
        assertThat(disposition).as("retrying a message that can never be parsed only wastes time")
                .isEqualTo(Disposition.DEAD_LETTER);
        assertThat(consumer.deadLetters()).singleElement().extracting(DeadLetter::reason).asString()
                .contains("body is not JSON");
    }

    @Test
    @DisplayName("a message with no handler for its type is dead-lettered, not silently acknowledged")
    void unknownTypeIsDeadLettered() {
        // When
        IdempotentConsumer consumer = consumer();
        Disposition disposition = consumer.onMessage(new Message("m-9", "InvoiceSent", "{}", 1));

        // Then
        assertThat(disposition).as("nothing is lost silently").isEqualTo(Disposition.DEAD_LETTER);
        assertThat(consumer.deadLetters()).singleElement().extracting(DeadLetter::reason).asString()
                .contains("InvoiceSent");
        assertThat(handled).isEmpty();
    }

    @Test
    @DisplayName("a dead-lettered message replayed after a fix is handled (it was never marked as handled)")
    void replayFromDeadLetters() {
        // Given
        IdempotentConsumer consumer = new IdempotentConsumer(1);
        List<String> fixed = new ArrayList<>();
        boolean[] broken = {true};
        consumer.register("OrderCreated", message -> {
            if (broken[0]) {
                throw new IOException("bug");
            }
            fixed.add(message.id());
        });
        consumer.onMessage(delivery("m-1", 1));

        // When: the bug is fixed and an operator replays the dead letter
        broken[0] = false;
        Disposition disposition = consumer.onMessage(delivery("m-1", 1));

        // Then
        assertThat(disposition).isEqualTo(Disposition.ACK);
        assertThat(fixed).as("the replayed message is handled").containsExactly("m-1");
    }

    @Test
    @DisplayName("the same message delivered twice at the same moment is handled once")
    void concurrentDuplicatesHandledOnce() throws Exception {
        // Given: a slow handler
        IdempotentConsumer consumer = new IdempotentConsumer(3);
        CountDownLatch insideHandler = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        consumer.register("OrderCreated", message -> {
            handled.add(message.id());
            insideHandler.countDown();
            finish.await(5, TimeUnit.SECONDS);
        });
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            // When: the second delivery arrives while the first is being handled
            Future<Disposition> first = threads.submit(() -> consumer.onMessage(delivery("m-1", 1)));
            boolean firstStarted = insideHandler.await(5, TimeUnit.SECONDS);
            Future<Disposition> second = threads.submit(() -> consumer.onMessage(delivery("m-1", 2)));
            // Give a wrong (unsynchronized) consumer a moment to run the handler a second time;
            // a right one keeps the duplicate waiting, so the outcome never depends on this pause.
            catchThrowable(() -> second.get(200, TimeUnit.MILLISECONDS));
            finish.countDown();

            // Then
            assertThat(firstStarted).as("the first delivery reached the handler").isTrue();
            assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo(Disposition.ACK);
            assertThat(second.get(5, TimeUnit.SECONDS)).as("the duplicate is acknowledged").isEqualTo(Disposition.ACK);
            assertThat(handled).as("and handled only once, even while the first was still running")
                    .containsExactly("m-1");
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    @DisplayName("rejects maxDeliveries below 1 and a second handler for the same type")
    void validation() {
        assertThatThrownBy(() -> new IdempotentConsumer(0)).as("maxDeliveries 0")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxDeliveries");
        IdempotentConsumer consumer = consumer();
        assertThatThrownBy(() -> consumer.register("OrderCreated", message -> { })).as("two handlers for OrderCreated")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("OrderCreated");
    }
}
