package dev.microlab.docs.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microlab.core.bulkhead.Bulkhead;
import dev.microlab.core.function.CheckedSupplier;
import dev.microlab.core.ratelimiter.RateLimiter;
import dev.microlab.core.retry.Backoff;
import dev.microlab.core.retry.Retry;
import dev.microlab.core.time.ManualScheduler;
import dev.microlab.core.time.ManualTimeSource;
import dev.microlab.core.time.Scheduler;
import dev.microlab.core.timeout.TimeLimiter;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The code of {@code docs/resilience.md} (and its Spanish version), run against the real
 * patterns-core policies. Each test holds one snippet verbatim; {@code GuidesTest} checks the
 * guide still quotes it. The clients are small stand-ins that answer at once, so no test waits
 * for real time.
 */
@DisplayName("The examples of the resilience guide")
class ResilienceGuideExamplesTest {

    record Order(String id) {
    }

    record Receipt(String orderId) {
    }

    record Quote(String orderId, int cents) {
    }

    /** Payments: the first {@code failures} charges fail with a dropped connection. */
    static final class PaymentClient {
        final AtomicInteger failures = new AtomicInteger();
        final AtomicInteger charges = new AtomicInteger();

        Receipt charge(Order order) throws IOException {
            charges.incrementAndGet();
            if (failures.getAndDecrement() > 0) {
                throw new IOException("connection reset");
            }
            return new Receipt(order.id());
        }

        CompletionStage<Receipt> chargeAsync(Order order) {
            try {
                return CompletableFuture.completedFuture(charge(order));
            } catch (IOException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
    }

    static final class InventoryClient {
        int stock(String sku) {
            return sku.length();
        }
    }

    static final class ShippingClient {
        Quote quote(Order order) {
            return new Quote(order.id(), 499);
        }

        CompletionStage<Quote> quoteAsync(Order order) {
            return CompletableFuture.completedFuture(quote(order));
        }
    }

    /** A client whose first asynchronous call fails. */
    static final class FlakyClient {
        final AtomicInteger calls = new AtomicInteger();

        CompletionStage<String> callAsync() {
            return calls.incrementAndGet() == 1
                    ? CompletableFuture.failedFuture(new IOException("503"))
                    : CompletableFuture.completedFuture("ok");
        }
    }

    private final PaymentClient paymentClient = new PaymentClient();
    private final InventoryClient inventoryClient = new InventoryClient();
    private final ShippingClient shippingClient = new ShippingClient();
    private final FlakyClient client = new FlakyClient();
    private final Order order = new Order("order-1");
    private final String sku = "SKU-42";
    private final String query = "boots";
    private final List<String> tooManyRequests = new ArrayList<>();

    private List<String> search(String q) {
        return List.of(q + " (3 results)");
    }

    private void respondTooManyRequests() {
        tooManyRequests.add("429");
    }

    @Test
    @DisplayName("a bulkhead runs a call holding one of its permits")
    void bulkhead() {
        Bulkhead bulkhead = Bulkhead.builder("inventory")
                .maxConcurrentCalls(10)
                .maxWait(Duration.ofMillis(50))
                .build();
        int stock = bulkhead.executeSupplier(() -> inventoryClient.stock(sku));

        assertThat(stock).as("the call's result passes through").isEqualTo(6);
        assertThat(bulkhead.availablePermits()).as("the permit is given back").isEqualTo(10);
    }

    @Test
    @DisplayName("a retry with full jitter returns the receipt of a call that succeeds")
    void retry() throws Exception {
        Retry retry = Retry.builder("payments")
                .maxAttempts(4)
                .maxDuration(Duration.ofSeconds(10))
                .backoff(Backoff.fullJitter(Duration.ofMillis(100), Duration.ofSeconds(2), new Random()))
                .retryOnException(e -> e instanceof IOException)
                .build();
        Receipt receipt = retry.executeCallable(() -> paymentClient.charge(order));

        assertThat(receipt).isEqualTo(new Receipt("order-1"));
        assertThat(retry.config().maxAttempts()).isEqualTo(4);
    }

    @Test
    @DisplayName("an asynchronous retry schedules attempts on a Scheduler")
    void asyncRetry() throws Exception {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        Retry asyncRetry = Retry.builder("payments-async")
                .backoff(Backoff.exponential(Duration.ofMillis(100), 2.0, Duration.ofSeconds(2)))
                .scheduler(Scheduler.of(timer))
                .build();
        CompletionStage<Receipt> receipt = asyncRetry.executeCompletionStage(() -> paymentClient.chargeAsync(order));

        try {
            assertThat(receipt.toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo(new Receipt("order-1"));
        } finally {
            timer.shutdownNow();
        }
    }

    @Test
    @DisplayName("a rate limiter lets a call through while it has permits")
    void rateLimiter() {
        List<String> results = List.of();
        RateLimiter limiter = RateLimiter.builder("search-api")
                .rate(100, Duration.ofSeconds(1))
                .burstCapacity(20)
                .build();
        if (limiter.tryAcquire()) {
            results = search(query);
        } else {
            respondTooManyRequests();
        }

        assertThat(results).as("the first call of a full bucket is permitted").containsExactly("boots (3 results)");
        assertThat(tooManyRequests).isEmpty();
    }

    @Test
    @DisplayName("limits change at run time: bulkhead, rate limiter, time limiter")
    void runtimeChanges() {
        Bulkhead bulkhead = Bulkhead.ofDefaults("inventory");
        RateLimiter limiter = RateLimiter.ofDefaults("search-api");
        TimeLimiter timeLimiter = TimeLimiter.ofDefaults("shipping");
        bulkhead.changeMaxConcurrentCalls(5);              // 25 -> 5; calls in flight keep running
        limiter.changeLimitForPeriod(200);                 // 50 -> 200 per second
        int drained = limiter.drainPermissions();          // refuse callers until new permits are earned
        timeLimiter.changeTimeout(Duration.ofSeconds(2));  // for calls started from now on

        assertThat(bulkhead.availablePermits()).isEqualTo(5);
        assertThat(limiter.config().permitsPerPeriod()).isEqualTo(200);
        assertThat(drained).as("the full bucket of 50").isEqualTo(50);
        assertThat(timeLimiter.config().timeout()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    @DisplayName("a time limiter passes on a result that comes in time, async and blocking")
    void timeLimiter() throws Exception {
        TimeLimiter limiter = TimeLimiter.builder("shipping")
                .timeout(Duration.ofMillis(800))
                .build();
        CompletionStage<Quote> quote = limiter.executeCompletionStage(() -> shippingClient.quoteAsync(order));
        Quote blockingQuote = limiter.executeCallable(() -> shippingClient.quote(order));

        assertThat(quote.toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo(new Quote("order-1", 499));
        assertThat(blockingQuote).isEqualTo(new Quote("order-1", 499));
    }

    @Test
    @DisplayName("decorated policies nest: the retry's second attempt goes through every policy")
    void combining() throws Exception {
        ManualTimeSource clock = new ManualTimeSource();
        Retry retry = Retry.builder("payments").backoff(Backoff.fixed(Duration.ofMillis(100)))
                .timeSource(clock).sleeper(clock.sleeper()).build();
        RateLimiter rateLimiter = RateLimiter.builder("payments").timeSource(clock).build();
        TimeLimiter timeLimiter = TimeLimiter.builder("payments").build();
        Bulkhead bulkhead = Bulkhead.builder("payments").build();
        paymentClient.failures.set(1);

        CheckedSupplier<Receipt> call = () -> paymentClient.charge(order);
        CheckedSupplier<Receipt> guarded =
                retry.decorate(rateLimiter.decorate(timeLimiter.decorate(bulkhead.decorate(call))));
        Receipt receipt = guarded.get();

        assertThat(receipt).isEqualTo(new Receipt("order-1"));
        assertThat(paymentClient.charges).as("one failure, then a retried success").hasValue(2);
        assertThat(bulkhead.availablePermits()).as("every permit given back").isEqualTo(bulkhead.maxConcurrentCalls());
    }

    @Test
    @DisplayName("in a test, advancing the manual scheduler runs the next attempt at once")
    void testing() {
        ManualTimeSource time = new ManualTimeSource();
        ManualScheduler scheduler = new ManualScheduler(time);
        Retry retry = Retry.builder("payments")
                .backoff(Backoff.fixed(Duration.ofSeconds(1)))
                .timeSource(time)
                .sleeper(time.sleeper())
                .scheduler(scheduler)
                .build();
        CompletionStage<String> result = retry.executeCompletionStage(() -> client.callAsync());
        scheduler.advance(Duration.ofSeconds(1));   // runs the second attempt, now

        assertThat(result.toCompletableFuture()).as("the second attempt succeeded").isCompletedWithValue("ok");
        assertThat(time.elapsed()).isEqualTo(Duration.ofSeconds(1));
    }
}
