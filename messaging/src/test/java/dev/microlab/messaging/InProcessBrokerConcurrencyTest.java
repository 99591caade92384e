package dev.microlab.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * 4 producers and 4 consumers on one queue, released together by a barrier. The default build
 * moves {@value #DEFAULT_MESSAGES} messages (a few seconds on a shared 2-core machine); the
 * issue's million runs with {@code ./mvnw -pl messaging -am verify -Pconcurrency-1m
 * -Dtest=InProcessBrokerConcurrencyTest -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@DisplayName("InProcessBroker under concurrency")
class InProcessBrokerConcurrencyTest {

    static final int DEFAULT_MESSAGES = 40_000;
    private static final int PRODUCERS = 4;
    private static final int CONSUMERS = 4;

    private final int messages = Integer.getInteger("microlab.messaging.concurrency.messages", DEFAULT_MESSAGES);
    private final InProcessBroker broker = InProcessBroker.create();

    @AfterEach
    void close() {
        broker.close();
    }

    @Test
    @DisplayName("every confirmed message is acked exactly once; only redelivered ones are seen twice; none is lost")
    void competingProducersAndConsumers() throws Exception {
        broker.declareQueue(QueueSpec.durable("work"));
        Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> acks = new ConcurrentHashMap<>();
        List<String> firstDeliveriesFlaggedRedelivered = new java.util.concurrent.CopyOnWriteArrayList<>();
        CountDownLatch allAcked = new CountDownLatch(messages);
        for (int c = 0; c < CONSUMERS; c++) {
            broker.consume("work", ConsumerOptions.defaults().withPrefetch(50), d -> {
                String id = d.message().bodyAsText();
                int seen = deliveries.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                if (seen == 1 && d.redelivered()) {
                    firstDeliveriesFlaggedRedelivered.add(id);
                }
                if (!d.redelivered() && ThreadLocalRandom.current().nextInt(100) == 0) {
                    d.nack(true); // 1% go round again
                    return;
                }
                d.ack();
                acks.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                allAcked.countDown();
            });
        }

        List<String> confirmed = produce("work");

        assertThat(allAcked.await(120, TimeUnit.SECONDS)).as("all %d messages acked; acked so far: %d", messages,
                acks.size()).isTrue();
        assertThat(confirmed).hasSize(messages);
        assertThat(acks).as("every confirmed message acked").hasSize(messages).containsOnlyKeys(confirmed);
        assertThat(acks.values()).as("each acked exactly once").allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
        long seenTwice = deliveries.values().stream().filter(n -> n.get() > 1).count();
        assertThat(seenTwice).as("messages delivered more than once were all requeued once").isPositive()
                .isLessThan(messages / 20);
        assertThat(firstDeliveriesFlaggedRedelivered).isEmpty();
        assertThat(broker.queueInfo("work").messageCount()).isZero();
        assertThat(broker.unsettledCount("work")).isZero();
    }

    @Test
    @DisplayName("with a single consumer, each producer's messages arrive in the order it published them")
    void perProducerOrderForOneConsumer() throws Exception {
        broker.declareQueue(QueueSpec.durable("ordered"));
        int[] lastSeen = new int[PRODUCERS];
        java.util.Arrays.fill(lastSeen, -1);
        AtomicReference<String> disorder = new AtomicReference<>();
        CountDownLatch all = new CountDownLatch(messages);
        broker.consume("ordered", ConsumerOptions.defaults().withPrefetch(100), d -> {
            String[] parts = d.message().bodyAsText().split("-");
            int producer = Integer.parseInt(parts[0].substring(1));
            int seq = Integer.parseInt(parts[1]);
            if (seq != lastSeen[producer] + 1 && disorder.get() == null) {
                disorder.set("producer " + producer + ": " + seq + " after " + lastSeen[producer]);
            }
            lastSeen[producer] = seq;
            all.countDown();
        });

        produce("ordered");

        assertThat(all.await(120, TimeUnit.SECONDS)).isTrue();
        assertThat(disorder.get()).as("first out-of-order delivery").isNull();
    }

    /** Publishes {@code messages} bodies "p<producer>-<seq>" from 4 threads started together. */
    private List<String> produce(String queue) throws Exception {
        CyclicBarrier start = new CyclicBarrier(PRODUCERS);
        List<List<String>> confirmedPerProducer = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (int p = 0; p < PRODUCERS; p++) {
            int producer = p;
            List<String> confirmed = new ArrayList<>();
            confirmedPerProducer.add(confirmed);
            Thread t = new Thread(() -> {
                try {
                    start.await();
                    for (int i = producer; i < messages; i += PRODUCERS) {
                        String body = "p" + producer + "-" + (i / PRODUCERS);
                        if (broker.publish("", queue, Message.ofText(body)).isConfirmed()) {
                            confirmed.add(body);
                        }
                    }
                } catch (Throwable e) {
                    failure.set(e);
                }
            }, "producer-" + p);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(failure.get()).as("no producer failed").isNull();
        List<String> all = new ArrayList<>();
        confirmedPerProducer.forEach(all::addAll);
        return all;
    }
}
