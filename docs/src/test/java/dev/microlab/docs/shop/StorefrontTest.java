package dev.microlab.docs.shop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microlab.circuitbreaker.CircuitBreaker;
import dev.microlab.core.time.ManualScheduler;
import dev.microlab.core.time.ManualTimeSource;
import dev.microlab.core.timeout.TimeLimiter;
import dev.microlab.docs.shop.order.api.GetOrder;
import dev.microlab.docs.shop.order.api.OrderReceipt;
import dev.microlab.docs.shop.order.api.OrderService;
import dev.microlab.docs.shop.order.api.OrderStatus;
import dev.microlab.docs.shop.order.api.OrderView;
import dev.microlab.docs.shop.order.api.PlaceOrder;
import dev.microlab.docs.shop.order.internal.Remote;
import dev.microlab.docs.shop.shipping.api.ShippingService;
import dev.microlab.docs.shop.shipping.internal.ShipmentBook;
import dev.microlab.registry.Registration;
import dev.microlab.registry.ServiceClient;
import dev.microlab.registry.ServiceInstance;
import dev.microlab.registry.ServiceRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The storefront degrades instead of failing")
class StorefrontTest {

    private final ManualTimeSource time = new ManualTimeSource();
    private final ManualScheduler scheduler = new ManualScheduler(time);
    /** The order service's queries, held until the test runs them: a slow service. */
    private final List<Runnable> heldQueries = new ArrayList<>();
    private boolean slow;
    private final Shop shop = Shop.builder(time, scheduler)
            .stock("book", 10)
            .wallet("alice", 10_000)
            .orderQueryExecutor(task -> {
                if (slow) {
                    heldQueries.add(task);
                } else {
                    task.run();
                }
            })
            .orderQueryTimeout(Duration.ofMillis(500))
            .build();

    @AfterEach
    void close() {
        shop.close();
    }

    private Optional<OrderPage> page(String orderId) throws Exception {
        CompletableFuture<Optional<OrderPage>> page = shop.storefront().orderPage(orderId).toCompletableFuture();
        if (!page.isDone()) {
            scheduler.advance(Duration.ofMillis(500)); // the time limit passes
        }
        assertThat(page).as("the page is answered once the time limit has passed").isDone();
        return page.get();
    }

    @Test
    @DisplayName("with every service up, the page has the order service's answer and shipping's estimate")
    void healthyPage() throws Exception {
        shop.place(new PlaceOrder("o1", "alice", "book", 2, 1_250));
        Instant now = time.instant();

        OrderPage page = page("o1").orElseThrow();

        assertThat(page.orderSource()).isEqualTo(OrderPage.Source.ORDER_SERVICE);
        assertThat(page.order().status()).isEqualTo(OrderStatus.SHIPPED);
        assertThat(page.estimate()).hasValueSatisfying(e -> assertThat(e.deliverBy()).isEqualTo(now.plus(Duration.ofDays(2))));
        assertThat(page.degraded()).isFalse();
    }

    @Test
    @DisplayName("order service slow: the page is served from the read model, marked as such, after the time limit")
    void slowOrderServiceServesTheReadModel() throws Exception {
        // Given: the read model knows o1 (an earlier page read it), then the order service slows down
        shop.place(new PlaceOrder("o1", "alice", "book", 2, 1_250));
        page("o1");
        slow = true;

        // When
        CompletableFuture<Optional<OrderPage>> pending = shop.storefront().orderPage("o1").toCompletableFuture();
        assertThat(pending).as("nothing is served before the time limit").isNotDone();
        scheduler.advance(Duration.ofMillis(500));

        // Then
        OrderPage page = pending.get().orElseThrow();
        assertThat(page.orderSource()).isEqualTo(OrderPage.Source.READ_MODEL);
        assertThat(page.order().status()).isEqualTo(OrderStatus.SHIPPED);
        assertThat(page.notices()).singleElement().asString().contains("did not answer within 500 ms");
        assertThat(page.estimate()).as("shipping is up: the estimate is still there").isPresent();
        assertThat(heldQueries).as("the slow query was sent, and is simply not waited for").hasSize(1);
    }

    @Test
    @DisplayName("order service slow and the read model has not seen the order yet: no page, not an error")
    void slowOrderServiceAndUnknownOrder() throws Exception {
        shop.place(new PlaceOrder("o1", "alice", "book", 2, 1_250)); // nobody has read it: not projected yet
        slow = true;

        assertThat(page("o1")).isEmpty();
    }

    @Test
    @DisplayName("shipping down: the page says 'shipping estimate unavailable' instead of failing")
    void shippingDownLeavesTheEstimateOut() throws Exception {
        shop.place(new PlaceOrder("o1", "alice", "book", 2, 1_250));
        shop.network().inject("shipping-1", Network.Fault.REFUSE_CONNECTIONS);

        OrderPage page = page("o1").orElseThrow();

        assertThat(page.orderSource()).isEqualTo(OrderPage.Source.ORDER_SERVICE);
        assertThat(page.estimate()).isEmpty();
        assertThat(page.notices()).containsExactly(OrderPage.SHIPPING_ESTIMATE_UNAVAILABLE);
        assertThat(shop.retry(Shop.SHIPPING_ESTIMATES).config().maxAttempts())
                .as("each page tried shipping this many times first").isEqualTo(3);
    }

    @Test
    @DisplayName("shipping down long enough to open the storefront's breaker: the page degrades without calling it")
    void openBreakerDegradesWithoutACall() throws Exception {
        shop.place(new PlaceOrder("o1", "alice", "book", 2, 1_250));
        shop.network().inject("shipping-1", Network.Fault.REFUSE_CONNECTIONS);
        for (int i = 0; i < 3; i++) {
            page("o1");
        }
        CircuitBreaker breaker = shop.breaker(Shop.SHIPPING_ESTIMATES);
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(shop.breaker(Shop.SHIPPING).state()).as("the order saga's own breaker is not touched")
                .isEqualTo(CircuitBreaker.State.CLOSED);
        long callsBefore = shop.network().calls().size();

        OrderPage page = page("o1").orElseThrow();

        assertThat(page.notices()).containsExactly(OrderPage.SHIPPING_ESTIMATE_UNAVAILABLE);
        assertThat(shop.network().calls()).as("an open breaker sends nothing").hasSize((int) callsBefore);
    }

    @Test
    @DisplayName("a failure that is not unavailability (a defect in the order service) is not hidden by a fallback")
    void defectsAreNotDegraded() {
        OrderService broken = new OrderService() {
            @Override
            public CompletionStage<OrderReceipt> placeOrder(PlaceOrder command) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Optional<OrderView> order(GetOrder query) {
                throw new IllegalStateException("projection handler bug");
            }

            @Override
            public List<OrderView> orders() {
                return List.of();
            }
        };
        ServiceRegistry registry = ServiceRegistry.builder().timeSource(time).build();
        registry.register(Registration.of(ServiceInstance.of("shipping", "shipping-1", "10.0.0.4", 8084))
                .withoutLease());
        Remote<ShippingService> shipping = new Remote<>(ServiceClient.builder(registry, "shipping").build(),
                instance -> new ShipmentBook(time));
        Storefront storefront = new Storefront(broken, id -> Optional.of(new OrderView(id, "alice", "book", 1, 100,
                OrderStatus.PLACED, "", "")), Runnable::run,
                TimeLimiter.builder("order-queries").timeout(Duration.ofMillis(500)).scheduler(scheduler).build(),
                shipping);

        assertThatThrownBy(() -> storefront.orderPage("o1").toCompletableFuture().get())
                .isInstanceOf(ExecutionException.class)
                .hasRootCauseInstanceOf(IllegalStateException.class).hasRootCauseMessage("projection handler bug");
        registry.close();
    }
}
