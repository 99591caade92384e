package dev.microlab.docs.shop;

import dev.microlab.circuitbreaker.CircuitBreaker;
import dev.microlab.circuitbreaker.CircuitBreakerConfig;
import dev.microlab.core.retry.Backoff;
import dev.microlab.core.retry.Retry;
import dev.microlab.core.secrets.Secrets;
import dev.microlab.core.time.ManualScheduler;
import dev.microlab.core.time.ManualTimeSource;
import dev.microlab.core.timeout.TimeLimiter;
import dev.microlab.docs.shop.inventory.api.InventoryService;
import dev.microlab.docs.shop.inventory.internal.InventoryLedger;
import dev.microlab.docs.shop.order.api.OrderReceipt;
import dev.microlab.docs.shop.order.api.OrderService;
import dev.microlab.docs.shop.order.api.PlaceOrder;
import dev.microlab.docs.shop.order.internal.OrderApplication;
import dev.microlab.docs.shop.order.internal.Remote;
import dev.microlab.docs.shop.payment.api.PaymentService;
import dev.microlab.docs.shop.payment.internal.PaymentInstance;
import dev.microlab.docs.shop.payment.internal.PaymentLedger;
import dev.microlab.docs.shop.shipping.api.ShippingService;
import dev.microlab.docs.shop.shipping.internal.ShipmentBook;
import dev.microlab.observability.Correlation;
import dev.microlab.observability.MicrolabMetrics;
import dev.microlab.observability.MicrolabTracing;
import dev.microlab.registry.CallDecorator;
import dev.microlab.registry.LoadBalancer;
import dev.microlab.registry.OutlierDetectionConfig;
import dev.microlab.registry.OutlierDetector;
import dev.microlab.registry.Registration;
import dev.microlab.registry.ServiceClient;
import dev.microlab.registry.ServiceInstance;
import dev.microlab.registry.ServiceRegistry;
import dev.microlab.saga.SagaAction;
import dev.microlab.saga.SagaTrace;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The reference shop, wired: four services (order, inventory, payment ×2 instances, shipping),
 * each owning its data, registered in a {@link ServiceRegistry} and reached by the order service
 * through {@link ServiceClient}s that balance load round-robin, eject outliers, and wrap every
 * attempt in a retry around a circuit breaker. Everything runs on one virtual clock.
 *
 * <p>This is the composition root: the one place that sees every service's internals, to build
 * them. The services themselves know each other only through their {@code api} packages.
 *
 * <pre>{@code
 * ManualTimeSource time = new ManualTimeSource();
 * try (Shop shop = Shop.builder(time, new ManualScheduler(time)).stock("book", 10).wallet("alice", 10_000).build()) {
 *     OrderReceipt r = shop.place(new PlaceOrder("o1", "alice", "book", 2, 1_250));
 * }
 * }</pre>
 *
 * <p>This class is threadsafe, but {@link #place} drives the manual scheduler, so call it from
 * one thread.
 */
public final class Shop implements AutoCloseable {

    /** The secret the payment service signs card-processor requests with. */
    public static final String PAYMENT_PROCESSOR_KEY = "payment.processor-key";
    /** The name of the order service in its log lines. */
    public static final String ORDER = "order";
    /** The registry name of the inventory service. */
    public static final String INVENTORY = "inventory";
    /** The registry name of the payment service. */
    public static final String PAYMENT = "payment";
    /** The registry name of the shipping service. */
    public static final String SHIPPING = "shipping";
    /** The first payment instance. */
    public static final String PAYMENT_1 = "payment-1";
    /** The second payment instance. */
    public static final String PAYMENT_2 = "payment-2";
    /** The name of the storefront's breaker and retry on shipping (its own, not the order saga's). */
    public static final String SHIPPING_ESTIMATES = "shipping-estimates";

    private final ManualScheduler scheduler;
    private final ServiceRegistry registry;
    private final Network network = new Network();
    private final InventoryLedger inventory;
    private final PaymentLedger paymentLedger;
    private final PaymentService payments;
    private final ShipmentBook shipping;
    private final OutlierDetector paymentOutliers;
    private final Map<String, CircuitBreaker> breakers = new LinkedHashMap<>();
    private final Map<String, Retry> retries = new LinkedHashMap<>();
    private final OrderApplication orders;
    private final Storefront storefront;

    private Shop(Builder b) {
        ManualTimeSource time = b.time;
        this.scheduler = b.scheduler;
        this.registry = ServiceRegistry.builder().timeSource(time).random(new Random(7)).build();
        this.inventory = new InventoryLedger(time);
        b.stock.forEach(inventory::restock);
        this.paymentLedger = b.secrets == null ? new PaymentLedger(time)
                : new PaymentLedger(time, b.secrets.require(PAYMENT_PROCESSOR_KEY));
        b.wallets.forEach(paymentLedger::fund);
        this.payments = new PaymentInstance(PAYMENT_1, paymentLedger);
        this.shipping = new ShipmentBook(time);

        Map<String, InventoryService> inventoryEndpoints = Map.of("inventory-1", inventory);
        Map<String, PaymentService> paymentEndpoints = Map.of(PAYMENT_1, payments,
                PAYMENT_2, new PaymentInstance(PAYMENT_2, paymentLedger));
        Map<String, ShippingService> shippingEndpoints = Map.of("shipping-1", shipping);
        register(INVENTORY, "inventory-1", 8081);
        register(PAYMENT, PAYMENT_1, 8082);
        register(PAYMENT, PAYMENT_2, 8083);
        register(SHIPPING, "shipping-1", 8084);

        this.paymentOutliers = OutlierDetector.builder(OutlierDetectionConfig.builder()
                        .consecutive5xx(b.consecutiveFailuresToEject)
                        .interval(Duration.ofSeconds(10))
                        .baseEjectionTime(Duration.ofSeconds(30))
                        .maxEjectionPercent(50)
                        .build())
                .timeSource(time).scheduler(scheduler).random(new Random(42))
                .build();
        Remote<InventoryService> toInventory = remote(time, INVENTORY, null,
                endpoint(InventoryService.class, inventoryEndpoints), b.tracing);
        Remote<PaymentService> toPayment = remote(time, PAYMENT, paymentOutliers,
                endpoint(PaymentService.class, paymentEndpoints), b.tracing);
        Remote<ShippingService> toShipping = remote(time, SHIPPING, null,
                endpoint(ShippingService.class, shippingEndpoints), b.tracing);
        this.orders = new OrderApplication(time, scheduler, Runnable::run, toInventory, toPayment, toShipping,
                step -> inOrderService(b.tracing == null ? step : b.tracing.inStepSpan(step)),
                b.tracing == null ? UnaryOperator.identity() : b.tracing::inject);
        this.storefront = new Storefront(orders, orders::projectedOrder, b.orderQueries,
                TimeLimiter.builder("order-queries").timeout(b.orderQueryTimeout).scheduler(scheduler).build(),
                remote(time, SHIPPING, SHIPPING_ESTIMATES, null, endpoint(ShippingService.class, shippingEndpoints),
                        b.tracing));
        if (b.metrics != null) {
            breakers.values().forEach(b.metrics::bind);
            retries.values().forEach(b.metrics::bind);
            b.metrics.bind(registry);
            b.metrics.bind(paymentOutliers, PAYMENT);
            b.metrics.bind(orders.sagas());
            b.metrics.bind(orders.views(), orders.store());
        }
        if (b.tracing != null) {
            b.tracing.traceSagas(orders.sagas());
            b.tracing.traceProjection(orders.views());
        }
    }

    /**
     * Runs a saga step the way the order service's handler would: its log lines carry the service
     * name and the order id as correlation id (the saga id is the order id); the trace and span
     * ids come from the step's span, made current by {@code step} when tracing is on.
     */
    private static <D> SagaAction<D> inOrderService(SagaAction<D> step) {
        return context -> Correlation.call(context.sagaId(), () -> Correlation.callInService(ORDER, () -> step.apply(context)));
    }

    /**
     * A builder for a shop on {@code time}; {@code scheduler} must run on the same clock.
     */
    public static Builder builder(ManualTimeSource time, ManualScheduler scheduler) {
        return new Builder(time, scheduler);
    }

    private void register(String service, String instanceId, int port) {
        registry.register(Registration.of(ServiceInstance.of(service, instanceId, "10.0.0." + (port - 8080), port))
                .withoutLease());
    }

    private <T> Function<ServiceInstance, T> endpoint(Class<T> api, Map<String, T> targets) {
        return instance -> network.connect(api, instance, Objects.requireNonNull(targets.get(instance.instanceId()),
                () -> "no endpoint for " + instance.instanceId()));
    }

    private <T> Remote<T> remote(ManualTimeSource time, String service, OutlierDetector detector,
            Function<ServiceInstance, T> endpoints, MicrolabTracing tracing) {
        return remote(time, service, service, detector, endpoints, tracing);
    }

    /** A client of {@code service} whose breaker and retry are named {@code policyName}. */
    private <T> Remote<T> remote(ManualTimeSource time, String service, String policyName, OutlierDetector detector,
            Function<ServiceInstance, T> endpoints, MicrolabTracing tracing) {
        CircuitBreaker breaker = CircuitBreaker.builder(policyName)
                .config(CircuitBreakerConfig.builder()
                        .slidingWindow(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED, 10)
                        .minimumNumberOfCalls(5)
                        .failureRateThreshold(50)
                        .waitDurationInOpen(Duration.ofSeconds(30))
                        .recordException(Remote::isTransient)
                        .build())
                .timeSource(time).build();
        Retry retry = Retry.builder(policyName)
                .maxAttempts(3)
                .backoff(Backoff.exponential(Duration.ofMillis(100), 2.0, Duration.ofSeconds(1)))
                .retryOnException(Remote::isTransient)
                .timeSource(time).sleeper(time.sleeper())
                .build();
        breakers.put(policyName, breaker);
        retries.put(policyName, retry);
        ServiceClient.Builder client = ServiceClient.builder(registry, service)
                .loadBalancer(LoadBalancer.roundRobin())
                .outcomeClassifier(Remote.classifier())
                .callDecorator(tracing == null
                        ? CallDecorator.of(retry).andThen(CallDecorator.of(breaker))
                        // innermost, so that each attempt the retry makes is a span of its own
                        : CallDecorator.of(retry).andThen(CallDecorator.of(breaker))
                                .andThen(tracing.callDecorator(service)));
        if (tracing != null) {
            client.instanceDecorator(tracing.instanceDecorator());
        }
        if (detector != null) {
            client.outlierDetector(detector);
        }
        return new Remote<>(client.build(), endpoints);
    }

    /**
     * Places an order and plays virtual time forward until its saga has ended (a wait between
     * saga attempts passes on the manual scheduler).
     *
     * @throws IllegalStateException if the saga has not ended after 1000 scheduler steps
     */
    public OrderReceipt place(PlaceOrder command) throws InterruptedException {
        CompletableFuture<OrderReceipt> receipt = orders.placeOrder(command).toCompletableFuture();
        for (int step = 0; !receipt.isDone() && step < 1000; step++) {
            List<Duration> due = scheduler.pendingDelays();
            if (due.isEmpty()) {
                break;
            }
            scheduler.advance(due.stream().min(Duration::compareTo).orElseThrow());
        }
        if (!receipt.isDone()) {
            throw new IllegalStateException("the saga of order '" + command.orderId()
                    + "' did not end: nothing left to run on the scheduler");
        }
        try {
            return receipt.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("the saga of order '" + command.orderId() + "' could not run",
                    e.getCause());
        }
    }

    /** The customer-facing order page, which degrades when the order service or shipping is unavailable. */
    public Storefront storefront() {
        return storefront;
    }

    /** The order service (commands and read-model queries). */
    public OrderService orders() {
        return orders;
    }

    /** The inventory service. */
    public InventoryService inventory() {
        return inventory;
    }

    /** The payment service, as payment-1 answers it. */
    public PaymentService payments() {
        return payments;
    }

    /** The shipping service. */
    public ShippingService shipping() {
        return shipping;
    }

    /** The network between the services: inject faults, count calls. */
    public Network network() {
        return network;
    }

    /** The registry every service is registered in. */
    public ServiceRegistry registry() {
        return registry;
    }

    /** The outlier detector of the order service's payment client. */
    public OutlierDetector paymentOutliers() {
        return paymentOutliers;
    }

    /**
     * The circuit breaker on calls to {@code service} ({@link #INVENTORY}, {@link #PAYMENT}, {@link #SHIPPING},
     * or the storefront's {@link #SHIPPING_ESTIMATES}).
     */
    public CircuitBreaker breaker(String service) {
        return Objects.requireNonNull(breakers.get(service), () -> "no breaker for '" + service + "'; known: "
                + breakers.keySet());
    }

    /** The retry on calls to {@code service}. */
    public Retry retry(String service) {
        return Objects.requireNonNull(retries.get(service), () -> "no retry for '" + service + "'; known: "
                + retries.keySet());
    }

    /** What the saga of {@code orderId} did, from the order service's saga log. */
    public Optional<SagaTrace> trace(String orderId) {
        return orders.trace(orderId);
    }

    /** The order service's read-model position and its store's head, as "position/head". */
    public String readModelPosition() {
        return orders.readModelPosition() + "/" + orders.storePosition();
    }

    /** The inventory's and the payment ledger's own event histories, for inspection. */
    public InventoryLedger inventoryLedger() {
        return inventory;
    }

    /** The payment service's ledger (shared by its instances). */
    public PaymentLedger paymentLedger() {
        return paymentLedger;
    }

    @Override
    public void close() {
        orders.close();
        paymentOutliers.close();
        registry.close();
    }

    /**
     * Configures a {@link Shop}: initial stock and wallets.
     *
     * <p>Not threadsafe: use from one thread.
     */
    public static final class Builder {
        private final ManualTimeSource time;
        private final ManualScheduler scheduler;
        private final Map<String, Integer> stock = new LinkedHashMap<>();
        private final Map<String, Long> wallets = new LinkedHashMap<>();
        private int consecutiveFailuresToEject = 2;
        private MicrolabMetrics metrics;
        private MicrolabTracing tracing;
        private Executor orderQueries = Runnable::run;
        private Secrets secrets;
        private Duration orderQueryTimeout = Duration.ofMillis(500);

        private Builder(ManualTimeSource time, ManualScheduler scheduler) {
            this.time = Objects.requireNonNull(time, "time must not be null");
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler must not be null");
            if (scheduler.timeSource() != time) {
                throw new IllegalArgumentException("scheduler must run on the shop's clock " + time
                        + ", but runs on " + scheduler.timeSource());
            }
        }

        /**
         * Puts {@code quantity} units of {@code sku} in stock.
         *
         * @throws IllegalArgumentException if quantity is below 1
         */
        public Builder stock(String sku, int quantity) {
            Objects.requireNonNull(sku, "sku must not be null");
            if (quantity < 1) {
                throw new IllegalArgumentException("quantity must be >= 1, but was " + quantity);
            }
            stock.merge(sku, quantity, Integer::sum);
            return this;
        }

        /**
         * Puts {@code cents} in the wallet of {@code customerId}.
         *
         * @throws IllegalArgumentException if cents is below 1
         */
        public Builder wallet(String customerId, long cents) {
            Objects.requireNonNull(customerId, "customerId must not be null");
            if (cents < 1) {
                throw new IllegalArgumentException("cents must be >= 1, but was " + cents);
            }
            wallets.merge(customerId, cents, Long::sum);
            return this;
        }

        /**
         * How many failures in a row eject a payment instance (outlier detection's
         * {@code consecutive5xx}). Default 2.
         *
         * @throws IllegalArgumentException if not in [1, 100]
         */
        public Builder consecutiveFailuresToEject(int failures) {
            if (failures < 1 || failures > 100) {
                throw new IllegalArgumentException("consecutiveFailuresToEject must be in [1, 100], but was "
                        + failures);
            }
            this.consecutiveFailuresToEject = failures;
            return this;
        }

        /**
         * Instruments the shop: every breaker, retry, the registry, the payment outlier detector, the
         * order saga and the read model get Micrometer meters; every call between services and every
         * saga run gets OpenTelemetry spans.
         */
        public Builder observability(MicrolabMetrics metrics, MicrolabTracing tracing) {
            this.metrics = Objects.requireNonNull(metrics, "metrics must not be null");
            this.tracing = Objects.requireNonNull(tracing, "tracing must not be null");
            return this;
        }

        /**
         * Where the storefront's queries to the order service run (default: on the calling
         * thread). A test passes an executor that holds the tasks, to make the service slow.
         */
        public Builder orderQueryExecutor(Executor executor) {
            this.orderQueries = Objects.requireNonNull(executor, "executor must not be null");
            return this;
        }

        /**
         * How long the storefront waits for the order service before it serves the read model
         * (default 500 ms, on the shop's clock).
         *
         * @throws IllegalArgumentException if not positive
         */
        public Builder orderQueryTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout must not be null");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("orderQueryTimeout must be positive, but was " + timeout);
            }
            this.orderQueryTimeout = timeout;
            return this;
        }

        /**
         * Where the services find their secrets: the payment service's card-processor key is
         * {@value Shop#PAYMENT_PROCESSOR_KEY} ({@code PAYMENT_PROCESSOR_KEY_FILE} or
         * {@code PAYMENT_PROCESSOR_KEY}). Without it, the payment ledger makes a random key for
         * the run. {@link #build()} fails, naming the secret, when it is missing.
         */
        public Builder secrets(Secrets secrets) {
            this.secrets = Objects.requireNonNull(secrets, "secrets must not be null");
            return this;
        }

        /** Builds the shop. */
        public Shop build() {
            return new Shop(this);
        }
    }
}
