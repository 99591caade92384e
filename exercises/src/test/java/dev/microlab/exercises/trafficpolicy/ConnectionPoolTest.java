package dev.microlab.exercises.trafficpolicy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("traffic-policy")
@Tag("task:1")
@DisplayName("Exercise 3 · Traffic policy · connection pool")
class ConnectionPoolTest {

    @Test
    @DisplayName("connection pool: runs the call and returns its result")
    void runsTheCall() throws Exception {
        ConnectionPool pool = new ConnectionPool(2);
        assertThat(pool.execute(() -> "ok")).as("execute(...) returns the call's result").isEqualTo("ok");
    }

    @Test
    @DisplayName("connection pool: a call beyond maxConnections is rejected at once and does not run")
    void rejectsBeyondTheLimit() throws Exception {
        // Given
        ConnectionPool pool = new ConnectionPool(1);
        AtomicInteger innerRuns = new AtomicInteger();

        // When: the only connection is busy while a second call arrives
        Throwable thrown = pool.execute(() -> catchThrowable(() -> pool.execute(innerRuns::incrementAndGet)));

        // Then
        assertThat(thrown).as("with maxConnections = 1 the second call in flight must be rejected")
                .isInstanceOf(ConnectionPoolFullException.class);
        assertThat(innerRuns).as("a rejected call never runs").hasValue(0);
    }

    @Test
    @DisplayName("connection pool: maxConnections calls may run at the same time")
    void allowsUpToTheLimit() throws Exception {
        // Given
        ConnectionPool pool = new ConnectionPool(2);

        // When: a call runs inside another one
        String inner = pool.execute(() -> pool.execute(() -> "inner"));

        // Then
        assertThat(inner).as("2 calls in flight with maxConnections = 2 is allowed").isEqualTo("inner");
    }

    @Test
    @DisplayName("connection pool: inUse() counts the calls in flight, and a finished call gives its connection back")
    void countsConnectionsInUse() throws Exception {
        // Given
        ConnectionPool pool = new ConnectionPool(1);

        // When
        int during = pool.execute(pool::inUse);

        // Then
        assertThat(during).as("inside a call, 1 connection is in use").isEqualTo(1);
        assertThat(pool.inUse()).as("after it, none").isZero();
        assertThat(pool.execute(() -> "again")).as("so the next call gets the connection").isEqualTo("again");
    }

    @Test
    @DisplayName("connection pool: a failing call gives its connection back and its exception reaches the caller")
    void releasesOnFailure() throws Exception {
        // Given
        ConnectionPool pool = new ConnectionPool(1);
        IOException failure = new IOException("reset by peer");

        // When
        Throwable thrown = catchThrowable(() -> pool.execute(() -> {
            throw failure;
        }));

        // Then
        assertThat(thrown).as("the call's own exception, unchanged").isSameAs(failure);
        assertThat(pool.inUse()).as("a connection must be given back even when the call fails (finally)").isZero();
        assertThat(pool.execute(() -> "next")).as("so the pool is not stuck").isEqualTo("next");
    }

    @Test
    @DisplayName("connection pool: with many threads at once, exactly maxConnections run and the rest are rejected")
    void limitHoldsUnderConcurrency() throws Exception {
        // Given
        int max = 3;
        int callers = 8;
        ConnectionPool pool = new ConnectionPool(max);
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(callers);
        try {
            // When: every caller either enters (and holds its connection) or is rejected
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                done.add(threads.submit(() -> {
                    try {
                        pool.execute(() -> {
                            events.add("entered");
                            return release.await(5, TimeUnit.SECONDS);
                        });
                    } catch (ConnectionPoolFullException e) {
                        events.add("rejected");
                    } catch (Exception e) {
                        events.add("threw " + e);
                    }
                }));
            }
            List<String> seen = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            for (int i = 0; i < callers; i++) {
                String event = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                seen.add(event == null ? "nothing within 5 s" : event);
            }
            int inUseWhileFull = pool.inUse();
            release.countDown();
            for (Future<?> future : done) {
                future.get(5, TimeUnit.SECONDS);
            }

            // Then
            assertThat(seen).as("%d callers at once with maxConnections = %d: what each of them saw", callers, max)
                    .containsOnly("entered", "rejected");
            assertThat(seen).as("exactly maxConnections calls run at once").filteredOn("entered"::equals).hasSize(max);
            assertThat(inUseWhileFull).as("inUse() while the pool is full").isEqualTo(max);
            assertThat(pool.inUse()).as("every connection is back at the end").isZero();
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    @DisplayName("connection pool: rejects maxConnections below 1, naming it")
    void validation() {
        assertThatThrownBy(() -> new ConnectionPool(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxConnections");
    }
}
