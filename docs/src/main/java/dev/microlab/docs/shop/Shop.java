package dev.microlab.docs.shop;

import dev.microlab.circuitbreaker.CircuitBreaker;
import dev.microlab.circuitbreaker.CircuitBreakerConfig;
import dev.microlab.circuitbreaker.PolicyStack;
import dev.microlab.core.retry.Backoff;
import dev.microlab.core.retry.Retry;
import dev.microlab.core.time.Scheduler;
import dev.microlab.core.time.Sleeper;
import dev.microlab.core.time.TimeSource;
import dev.microlab.docs.shop.inventory.api.InventoryApi;
import dev.microlab.docs.shop.inventory.internal.InventoryService;
import dev.microlab.docs.shop.order.internal.OrderService;
import dev.microlab.docs.shop.payment.internal.PaymentService;
import dev.microlab.docs.shop.shipping.api.ShippingApi;
import dev.microlab.docs.shop.shipping.internal.ShippingService;
import dev.microlab.registry.CallDecorator;
import dev.microlab.registry.CallOutcome;
import dev.microlab.registry.LoadBalancer;
import dev.microlab.registry.OutlierDetector;
import dev.microlab.registry.Registration;
import dev.microlab.registry.ServiceClient;
import dev.microlab.registry.ServiceInstance;
import dev.microlab.registry.ServiceRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * The composition root of the reference shop: builds the four services, registers two payment
 * instances in a service registry, and gives the order service a payment client with round-robin
 * balancing, outlier detection (3 failures in a row eject an instance for 30 s), a retry (3
 * attempts, 100 ms apart, each picking an instance again) and a circuit breaker. It is the only
 * class allowed to see the services' internals, to wire them.
 *
 * <pre>{@code
 * try (Shop shop = Shop.create(time, scheduler, time.sleeper())) {
 *     OrderPlaced placed = shop.orders().place(new PlaceOrderCommand("o1", "book", 1, 2_500));
 * }
 * }</pre>
 *
 * <p>This class is threadsafe.
 */
public final class Shop implements AutoCloseable {

    /** The payment limit of every payment instance, in cents. */
    public static final long PAYMENT_LIMIT_CENTS = 10_000;

    private final InventoryService inventory;
    private final ShippingService shipping;
    private final Map<String, PaymentService> payments = new LinkedHashMap<>();
    private final ServiceRegistry registry;
    private final OutlierDetector outliers;
    private final OrderService orders;

    private Shop(TimeSource time, Scheduler scheduler, Sleeper sleeper, Map<String, Integer> stock) {
        inventory = new InventoryService(stock);
        shipping = new ShippingService();
        registry = ServiceRegistry.builder().timeSource(time).scheduler(scheduler).build();
        for (String id : new String[] {"payment-1", "payment-2"}) {
            payments.put(id, new PaymentService(id, PAYMENT_LIMIT_CENTS));
            registry.register(Registration.of(ServiceInstance.of("payment", id, "10.0.2." + payments.size(), 8080))
                    .withoutLease());
        }
        outliers = OutlierDetector.builder()
                .consecutive5xx(3).interval(Duration.ofSeconds(10))
                .baseEjectionTime(Duration.ofSeconds(30)).maxEjectionPercent(50)
                .timeSource(time).random(new Random(42)).scheduler(scheduler)
                .build();
        Retry retry = Retry.builder("payment").maxAttempts(3).backoff(Backoff.fixed(Duration.ofMillis(100)))
                .timeSource(time).sleeper(sleeper).build();
        CircuitBreaker breaker = CircuitBreaker.builder("payment")
                .config(CircuitBreakerConfig.builder().minimumNumberOfCalls(20).build())
                .timeSource(time).build();
        ServiceClient paymentClient = ServiceClient.builder(registry, "payment")
                .loadBalancer(LoadBalancer.roundRobin(0))
                .outlierDetector(outliers)
                .outcomeClassifier((result, error) -> error == null ? CallOutcome.SUCCESS : CallOutcome.LOCAL_ORIGIN_ERROR)
                .callDecorator(CallDecorator.of(PolicyStack.builder("payment").retry(retry).circuitBreaker(breaker).build()))
                .build();
        orders = new OrderService(inventory, paymentClient, instance -> payments.get(instance.instanceId()), shipping,
                time, scheduler);
    }

    /** A shop with 20 books and 10 pens in stock. */
    public static Shop create(TimeSource time, Scheduler scheduler, Sleeper sleeper) {
        return new Shop(time, scheduler, sleeper, Map.of("book", 20, "pen", 10));
    }

    /** The order service. */
    public OrderService orders() {
        return orders;
    }

    /** The inventory service, through its API. */
    public InventoryApi inventory() {
        return inventory;
    }

    /** The shipping service, through its API. */
    public ShippingApi shipping() {
        return shipping;
    }

    /** One payment instance ("payment-1" or "payment-2"), to make it flaky in a scenario. */
    public PaymentService payment(String instanceId) {
        PaymentService p = payments.get(instanceId);
        if (p == null) {
            throw new IllegalArgumentException("instanceId must be one of " + payments.keySet() + ", but was '"
                    + instanceId + "'");
        }
        return p;
    }

    /** The order service's outlier detector over the payment instances. */
    public OutlierDetector paymentOutliers() {
        return outliers;
    }

    @Override
    public void close() {
        orders.close();
        outliers.close();
        registry.close();
    }
}
