package dev.microlab.cqrs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microlab.core.retry.Backoff;
import dev.microlab.core.time.ManualTimeSource;
import dev.microlab.eventstore.ExpectedVersion;
import dev.microlab.eventstore.StreamName;
import dev.microlab.eventstore.WrongExpectedVersionException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

@DisplayName("CommandBus")
class CommandBusTest {

    record Ping(String text) {
    }

    record Other() {
    }

    private static final StreamName STREAM = StreamName.of("ping-1");

    private static CommandResult written(long position) {
        return new CommandResult(STREAM, 0, position, List.of("event"));
    }

    private static WrongExpectedVersionException conflict() {
        return new WrongExpectedVersionException(STREAM, ExpectedVersion.exact(0), 1);
    }

    @Test
    @DisplayName("dispatch runs the handler of the command's type and returns its result")
    void dispatchRunsHandler() {
        // Given
        CommandBus bus = CommandBus.builder().build();
        bus.register(Ping.class, m -> written(7));
        // When
        CommandResult result = bus.dispatch(new Ping("hi"));
        // Then
        assertThat(result.position()).as("the position the handler wrote").isEqualTo(7);
    }

    @Test
    @DisplayName("a second handler for the same command type is refused")
    void secondRegistrationRefused() {
        CommandBus bus = CommandBus.builder().build();
        bus.register(Ping.class, m -> written(1));
        assertThatThrownBy(() -> bus.register(Ping.class, m -> written(2)))
                .as("one command type, one handler").isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already registered for " + Ping.class.getName());
    }

    @Test
    @DisplayName("a command without a handler fails with NoHandlerException naming the type")
    void noHandler() {
        CommandBus bus = CommandBus.builder().build();
        assertThatThrownBy(() -> bus.dispatch(new Other()))
                .isInstanceOf(NoHandlerException.class).hasMessageContaining(Other.class.getName());
    }

    @Test
    @DisplayName("an unchecked exception of the handler is rethrown as is, a checked one is wrapped")
    void exceptionsOfTheHandler() {
        CommandBus bus = CommandBus.builder().build();
        bus.register(Ping.class, m -> {
            if (m.payload().text().equals("checked")) {
                throw new IOException("disk");
            }
            throw conflict();
        });
        assertThatThrownBy(() -> bus.dispatch(new Ping("unchecked"))).as("unchecked: unchanged")
                .isInstanceOf(WrongExpectedVersionException.class);
        assertThatThrownBy(() -> bus.dispatch(new Ping("checked"))).as("checked: wrapped with its cause")
                .isInstanceOf(CommandExecutionException.class).hasCauseInstanceOf(IOException.class);
    }

    @Test
    @DisplayName("dispatchAsync runs the command on the configured executor")
    void asyncUsesExecutor() throws Exception {
        // Given
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "command-worker"));
        try {
            CommandBus bus = CommandBus.builder().executor(executor).build();
            AtomicReference<String> thread = new AtomicReference<>();
            bus.register(Ping.class, m -> {
                thread.set(Thread.currentThread().getName());
                return written(3);
            });
            // When
            CommandResult result = bus.dispatchAsync(new Ping("hi")).toCompletableFuture().get(5, TimeUnit.SECONDS);
            // Then
            assertThat(result.position()).as("async result").isEqualTo(3);
            assertThat(thread.get()).as("the handler ran on the executor's thread").isEqualTo("command-worker");
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    @DisplayName("dispatchAsync completes exceptionally with exactly the exception dispatch would throw")
    void asyncFailure() {
        CommandBus bus = CommandBus.builder().executor(Runnable::run).build();
        bus.register(Ping.class, m -> {
            throw conflict();
        });
        CompletableFuture<CommandResult> f = bus.dispatchAsync(new Ping("hi")).toCompletableFuture();
        assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .as("the cause is the handler's own exception").hasCauseInstanceOf(WrongExpectedVersionException.class);
    }

    @Test
    @DisplayName("dispatchAsync reports an executor that refuses the task")
    void asyncRejected() {
        CommandBus bus = CommandBus.builder().executor(r -> {
            throw new RejectedExecutionException("full");
        }).build();
        bus.register(Ping.class, m -> written(1));
        CompletableFuture<CommandResult> f = bus.dispatchAsync(new Ping("hi")).toCompletableFuture();
        assertThat(f).as("completed exceptionally, not lost").isCompletedExceptionally();
    }

    @Test
    @DisplayName("interceptors run in the order they were added, the first outermost")
    void interceptorOrder() {
        List<String> trace = new CopyOnWriteArrayList<>();
        CommandBus bus = CommandBus.builder()
                .interceptor((m, chain) -> {
                    trace.add("outer-in");
                    CommandResult r = chain.proceed(m);
                    trace.add("outer-out");
                    return r;
                })
                .interceptor((m, chain) -> {
                    trace.add("inner");
                    return chain.proceed(m);
                })
                .build();
        bus.register(Ping.class, m -> {
            trace.add("handler");
            return written(1);
        });
        bus.dispatch(new Ping("hi"));
        assertThat(trace).containsExactly("outer-in", "inner", "handler", "outer-out");
    }

    @Test
    @DisplayName("an interceptor may not swap the command for another type")
    void interceptorCannotChangeType() {
        CommandBus bus = CommandBus.builder()
                .interceptor((m, chain) -> chain.proceed(CommandMessage.of(new Other())))
                .build();
        bus.register(Ping.class, m -> written(1));
        assertThatThrownBy(() -> bus.dispatch(new Ping("hi"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("interceptors may change metadata, not the type");
    }

    @Test
    @DisplayName("the validating interceptor refuses an invalid command before the handler runs")
    void validationRefuses() {
        AtomicInteger calls = new AtomicInteger();
        CommandBus bus = CommandBus.builder()
                .interceptor(CommandInterceptors.validating(c -> ((Ping) c).text().isBlank()
                        ? List.of("text must not be blank, but was ''") : List.of()))
                .build();
        bus.register(Ping.class, m -> {
            calls.incrementAndGet();
            return written(1);
        });
        assertThatThrownBy(() -> bus.dispatch(new Ping(""))).isInstanceOf(CommandValidationException.class)
                .hasMessageContaining("text must not be blank")
                .satisfies(e -> assertThat(((CommandValidationException) e).violations()).hasSize(1));
        assertThat(calls).as("the handler never ran").hasValue(0);
        bus.dispatch(new Ping("ok"));
        assertThat(calls).as("a valid command passes").hasValue(1);
    }

    @Test
    @DisplayName("the correlating interceptor gives the command its id as correlation id and sets the MDC")
    void correlatingSetsIds() {
        CommandBus bus = CommandBus.builder().interceptor(CommandInterceptors.correlating()).build();
        AtomicReference<CommandMessage<Ping>> seen = new AtomicReference<>();
        AtomicReference<String> mdc = new AtomicReference<>();
        bus.register(Ping.class, m -> {
            seen.set(m);
            mdc.set(MDC.get(CommandInterceptors.CORRELATION_ID_MDC_KEY));
            return written(1);
        });
        UUID id = UUID.randomUUID();
        bus.dispatch(new CommandMessage<>(id, new Ping("hi"), null));
        assertThat(seen.get().correlationId()).as("correlation id defaults to the command id").isEqualTo(id.toString());
        assertThat(seen.get().eventMetadata().causationId()).as("events are caused by the command")
                .isEqualTo(id.toString());
        assertThat(mdc.get()).as("MDC during the handler").isEqualTo(id.toString());
        assertThat(MDC.get(CommandInterceptors.CORRELATION_ID_MDC_KEY)).as("MDC cleared afterwards").isNull();
    }

    @Test
    @DisplayName("the correlating interceptor keeps a correlation id the sender gave")
    void correlatingKeepsGivenId() {
        CommandBus bus = CommandBus.builder().interceptor(CommandInterceptors.correlating()).build();
        AtomicReference<String> seen = new AtomicReference<>();
        bus.register(Ping.class, m -> {
            seen.set(m.correlationId());
            return written(1);
        });
        bus.dispatch(CommandMessage.of(new Ping("hi")).withCorrelationId("req-7"));
        assertThat(seen.get()).isEqualTo("req-7");
    }

    @Test
    @DisplayName("the retry interceptor reruns the whole command after a conflict, until it succeeds")
    void retryUntilSuccess() {
        ConflictRetryInterceptor retry = ConflictRetryInterceptor.maxAttempts(3);
        List<CommandBusEvent> retries = new CopyOnWriteArrayList<>();
        retry.eventPublisher().subscribe(retries::add);
        CommandBus bus = CommandBus.builder().interceptor(retry).build();
        AtomicInteger calls = new AtomicInteger();
        bus.register(Ping.class, m -> {
            if (calls.incrementAndGet() < 3) {
                throw conflict();
            }
            return written(9);
        });
        CommandResult result = bus.dispatch(new Ping("hi"));
        assertThat(result.position()).as("third attempt's result").isEqualTo(9);
        assertThat(calls).as("the handler ran three times").hasValue(3);
        assertThat(retries).as("two retries reported").hasSize(2).allMatch(e -> e instanceof CommandBusEvent.ConflictRetried);
    }

    @Test
    @DisplayName("the retry interceptor waits its backoff between reruns, on the injected clock")
    void retryBackoff() {
        // Given: a fixed 100 ms backoff on a manual clock; the first two attempts conflict
        ManualTimeSource time = new ManualTimeSource();
        ConflictRetryInterceptor retry = ConflictRetryInterceptor.builder().maxAttempts(5)
                .backoff(Backoff.exponential(Duration.ofMillis(100), 2.0, Duration.ofSeconds(1)))
                .sleeper(time.sleeper()).build();
        List<CommandBusEvent> retries = new CopyOnWriteArrayList<>();
        retry.eventPublisher().subscribe(retries::add);
        CommandBus bus = CommandBus.builder().interceptor(retry).build();
        AtomicInteger calls = new AtomicInteger();
        List<Duration> startedAt = new CopyOnWriteArrayList<>();
        bus.register(Ping.class, m -> {
            startedAt.add(time.elapsed());
            if (calls.incrementAndGet() < 3) {
                throw conflict();
            }
            return written(9);
        });
        // When
        bus.dispatch(new Ping("hi"));
        // Then
        assertThat(startedAt).as("attempts at 0, after 100 ms, then 200 ms more")
                .containsExactly(Duration.ZERO, Duration.ofMillis(100), Duration.ofMillis(300));
        assertThat(retries).as("each rerun reports its wait").extracting(e -> ((CommandBusEvent.ConflictRetried) e).delay())
                .containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
    }

    @Test
    @DisplayName("conflict retries are published on the command bus's publisher too")
    void retryEventsOnTheBus() {
        CommandBus bus = CommandBus.builder().interceptor(ConflictRetryInterceptor.maxAttempts(3)).build();
        List<CommandBusEvent> seen = new CopyOnWriteArrayList<>();
        bus.eventPublisher().subscribe(seen::add);
        AtomicInteger calls = new AtomicInteger();
        bus.register(Ping.class, m -> {
            if (calls.incrementAndGet() < 2) {
                throw conflict();
            }
            return written(9);
        });
        bus.dispatch(new Ping("hi"));
        assertThat(seen).as("the retry, then the outcome").hasSize(2);
        assertThat(seen.get(0)).isInstanceOfSatisfying(CommandBusEvent.ConflictRetried.class,
                r -> assertThat(r.nextAttempt()).isEqualTo(2));
        assertThat(seen.get(1)).isInstanceOf(CommandBusEvent.CommandSucceeded.class);
    }

    @Test
    @DisplayName("the retry interceptor gives up after maxAttempts and rethrows the conflict")
    void retryBounded() {
        CommandBus bus = CommandBus.builder().interceptor(ConflictRetryInterceptor.maxAttempts(4)).build();
        AtomicInteger calls = new AtomicInteger();
        bus.register(Ping.class, m -> {
            calls.incrementAndGet();
            throw conflict();
        });
        assertThatThrownBy(() -> bus.dispatch(new Ping("hi"))).isInstanceOf(WrongExpectedVersionException.class);
        assertThat(calls).as("exactly maxAttempts attempts").hasValue(4);
    }

    @Test
    @DisplayName("the retry interceptor does not retry a domain refusal")
    void noRetryOnDomainException() {
        CommandBus bus = CommandBus.builder().interceptor(ConflictRetryInterceptor.maxAttempts(4)).build();
        AtomicInteger calls = new AtomicInteger();
        bus.register(Ping.class, m -> {
            calls.incrementAndGet();
            throw new DomainException("no") {
                private static final long serialVersionUID = 1L;
            };
        });
        assertThatThrownBy(() -> bus.dispatch(new Ping("hi"))).isInstanceOf(DomainException.class);
        assertThat(calls).as("a refusal is an answer, not a race: one attempt").hasValue(1);
    }

    @Test
    @DisplayName("maxAttempts outside [1, 1000] is refused with the value in the message")
    void maxAttemptsValidated() {
        assertThatThrownBy(() -> ConflictRetryInterceptor.maxAttempts(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxAttempts must be in [1, 1000], but was 0");
        assertThatThrownBy(() -> ConflictRetryInterceptor.builder().backoff(null))
                .isInstanceOf(NullPointerException.class).hasMessage("backoff must not be null");
        assertThatThrownBy(() -> ConflictRetryInterceptor.builder().sleeper(null))
                .isInstanceOf(NullPointerException.class).hasMessage("sleeper must not be null");
    }

    @Test
    @DisplayName("the bus publishes the outcome of each command")
    void publishesOutcomes() {
        CommandBus bus = CommandBus.builder().build();
        List<CommandBusEvent> events = new CopyOnWriteArrayList<>();
        bus.eventPublisher().subscribe(events::add);
        bus.register(Ping.class, m -> {
            if (m.payload().text().equals("fail")) {
                throw conflict();
            }
            return written(5);
        });
        bus.dispatch(new Ping("ok"));
        assertThatThrownBy(() -> bus.dispatch(new Ping("fail"))).isInstanceOf(WrongExpectedVersionException.class);
        assertThat(events).hasSize(2);
        assertThat(events.get(0)).isInstanceOf(CommandBusEvent.CommandSucceeded.class);
        assertThat(((CommandBusEvent.CommandSucceeded) events.get(0)).position()).isEqualTo(5);
        assertThat(events.get(1)).isInstanceOf(CommandBusEvent.CommandFailed.class);
    }

    @Test
    @DisplayName("a handler that returns null is reported, not passed on")
    void nullResultRefused() {
        CommandBus bus = CommandBus.builder().build();
        bus.register(Ping.class, m -> null);
        assertThatThrownBy(() -> bus.dispatch(new Ping("hi"))).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("returned null");
    }
}
