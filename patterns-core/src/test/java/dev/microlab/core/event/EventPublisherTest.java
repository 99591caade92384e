package dev.microlab.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("EventPublisher")
class EventPublisherTest {

    private final EventPublisher<String> publisher = new EventPublisher<>("test");

    @Test
    @DisplayName("delivers each event to every listener in registration order")
    void deliversInOrder() {
        List<String> seen = new ArrayList<>();
        publisher.subscribe(e -> seen.add("first:" + e));
        publisher.subscribe(e -> seen.add("second:" + e));

        publisher.publish("opened");

        assertThat(seen).containsExactly("first:opened", "second:opened");
    }

    @Test
    @DisplayName("a throwing listener neither breaks the publisher nor the other listeners")
    void throwingListenerIsIsolated() {
        List<String> seen = new ArrayList<>();
        publisher.subscribe(e -> {
            throw new IllegalStateException("listener bug");
        });
        publisher.subscribe(seen::add);

        publisher.publish("event");

        assertThat(seen).containsExactly("event");
    }

    @Test
    @DisplayName("closing a registration stops delivery; closing twice is harmless")
    void registrationCloses() {
        List<String> seen = new ArrayList<>();
        EventPublisher.ListenerRegistration reg = publisher.subscribe(seen::add);

        publisher.publish("a");
        reg.close();
        reg.close();
        publisher.publish("b");

        assertThat(seen).containsExactly("a");
        assertThat(publisher.hasListeners()).isFalse();
    }

    @Test
    @DisplayName("the supplier form creates no event when nobody listens")
    void noAllocationWithoutListeners() {
        AtomicInteger created = new AtomicInteger();

        publisher.publish(() -> "e" + created.incrementAndGet());
        assertThat(created).hasValue(0);

        publisher.subscribe(e -> { });
        publisher.publish(() -> "e" + created.incrementAndGet());
        assertThat(created).hasValue(1);
    }

    @Test
    @DisplayName("rejects null listeners and events, naming the parameter")
    void rejectsNull() {
        assertThatThrownBy(() -> publisher.subscribe(null)).hasMessageContaining("listener");
        assertThatThrownBy(() -> publisher.publish((String) null)).hasMessageContaining("event");
    }

    @Test
    @DisplayName("listeners added and removed while others publish never miss or break delivery")
    void concurrentSubscribeAndPublish() throws Exception {
        List<String> stable = new CopyOnWriteArrayList<>();
        publisher.subscribe(stable::add);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        int events = 5_000;
        pool.submit(() -> {
            for (int i = 0; i < events; i++) {
                publisher.publish("e" + i);
            }
        });
        pool.submit(() -> {
            for (int i = 0; i < 2_000; i++) {
                EventListener<String> l = e -> { };
                publisher.subscribe(l).close();
            }
        });
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        assertThat(stable).hasSize(events);
        assertThat(publisher.listenerCount()).isEqualTo(1);
    }
}
