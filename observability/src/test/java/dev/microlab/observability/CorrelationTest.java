package dev.microlab.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

@DisplayName("Correlation (MDC)")
class CorrelationTest {

    @AfterEach
    void clean() {
        MDC.clear();
    }

    @Test
    @DisplayName("puts the correlation id in the MDC for the handler and restores the previous MDC after it")
    void forTheHandlerOnly() {
        MDC.put("user", "ana");
        AtomicReference<String> inside = new AtomicReference<>();

        Correlation.run("corr-1", () -> inside.set(Correlation.current()));

        assertThat(inside.get()).isEqualTo("corr-1");
        assertThat(Correlation.current()).isNull();
        assertThat(MDC.get("user")).as("the rest of the MDC is kept").isEqualTo("ana");
    }

    @Test
    @DisplayName("restores the MDC also when the handler throws")
    void onExceptions() {
        assertThatThrownBy(() -> Correlation.run("corr-1", () -> {
            throw new IllegalStateException("boom");
        })).hasMessage("boom");

        assertThat(Correlation.current()).isNull();
    }

    @Test
    @DisplayName("a nested handler with another id sees its own, and the outer id comes back after it")
    void nested() throws Exception {
        String outerAfter = Correlation.call("outer", () -> {
            Correlation.run("inner", () -> assertThat(Correlation.current()).isEqualTo("inner"));
            return Correlation.current();
        });

        assertThat(outerAfter).isEqualTo("outer");
    }

    @Test
    @DisplayName("a task on another thread runs with the submitter's MDC, and the worker's MDC is left clean")
    void acrossThreads() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            AtomicReference<String> inTask = new AtomicReference<>();
            CountDownLatch done = new CountDownLatch(1);
            Correlation.run("corr-9", () -> Correlation.propagating(pool).execute(() -> {
                inTask.set(Correlation.current());
                done.countDown();
            }));
            assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();

            assertThat(inTask.get()).isEqualTo("corr-9");
            assertThat(pool.submit(Correlation::current).get(5, TimeUnit.SECONDS)).isNull();
        } finally {
            pool.shutdownNow();
        }
    }
}
