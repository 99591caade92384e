package dev.microlab.docs.shop.order.internal;

import dev.microlab.core.retry.Backoff;
import dev.microlab.core.time.Scheduler;
import dev.microlab.core.time.TimeSource;
import dev.microlab.cqrs.InMemoryProjectionStore;
import dev.microlab.cqrs.Projection;
import dev.microlab.docs.shop.inventory.api.InventoryService;
import dev.microlab.docs.shop.inventory.api.ReleaseStock;
import dev.microlab.docs.shop.inventory.api.ReserveStock;
import dev.microlab.docs.shop.order.api.GetOrder;
import dev.microlab.docs.shop.order.api.OrderEvent;
import dev.microlab.docs.shop.order.api.OrderReceipt;
import dev.microlab.docs.shop.order.api.OrderService;
import dev.microlab.docs.shop.order.api.OrderStatus;
import dev.microlab.docs.shop.order.api.OrderView;
import dev.microlab.docs.shop.order.api.PlaceOrder;
import dev.microlab.docs.shop.payment.api.ChargePayment;
import dev.microlab.docs.shop.payment.api.PaymentService;
import dev.microlab.docs.shop.payment.api.RefundPayment;
import dev.microlab.docs.shop.shipping.api.ScheduleShipment;
import dev.microlab.docs.shop.shipping.api.ShippingService;
import dev.microlab.eventstore.EventMetadata;
import dev.microlab.eventstore.EventSerializer;
import dev.microlab.eventstore.EventStore;
import dev.microlab.eventstore.EventTypeRegistry;
import dev.microlab.eventstore.ExpectedVersion;
import dev.microlab.eventstore.InMemoryEventStore;
import dev.microlab.eventstore.StreamName;
import dev.microlab.saga.SagaDefinition;
import dev.microlab.saga.SagaAction;
import dev.microlab.saga.SagaOrchestrator;
import dev.microlab.saga.SagaOutcome;
import dev.microlab.saga.SagaState;
import dev.microlab.saga.SagaTrace;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The order service: owns the order event store (order streams and the saga log), runs the
 * order saga across inventory, payment and shipping, and answers queries from a CQRS read model
 * (a {@link Projection} of the order events).
 *
 * <p>The saga, as in the course's {@code OrderSaga}:
 * <ol>
 *   <li>{@code validate-order} (Orders) records {@code OrderPlaced}; compensation records
 *       {@code OrderCancelled};</li>
 *   <li>{@code reserve-inventory} (Inventory); compensation releases the stock;</li>
 *   <li>{@code process-payment} (Payment) records {@code OrderPaid}; compensation refunds;</li>
 *   <li>{@code ship} (Shipping), the pivot: once shipped nothing is undone; three attempts a
 *       second apart, then the earlier steps are compensated.</li>
 * </ol>
 * Each step calls its service through a {@link Remote} (registry, load balancer, outlier
 * detection, circuit breaker, retry) with the saga's idempotency key, so a retried call is
 * applied once.
 *
 * <pre>{@code
 * OrderApplication orders = new OrderApplication(time, scheduler, Runnable::run, inventory, payments, shipping);
 * OrderReceipt r = orders.placeOrder(new PlaceOrder("o1", "alice", "book", 2, 1_250))
 *         .toCompletableFuture().get();
 * }</pre>
 *
 * <p>This class is threadsafe.
 */
public final class OrderApplication implements OrderService, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OrderApplication.class);

    /** The participant names the saga trace shows. */
    public static final String ORDERS = "Orders";
    /** The inventory participant. */
    public static final String INVENTORY = "Inventory";
    /** The payment participant. */
    public static final String PAYMENT = "Payment";
    /** The shipping participant. */
    public static final String SHIPPING = "Shipping";

    private final EventStore store;
    private final EventSerializer serializer = new EventSerializer(EventTypeRegistry.builder()
            .register("order-placed", OrderEvent.OrderPlaced.class)
            .register("order-paid", OrderEvent.OrderPaid.class)
            .register("order-shipped", OrderEvent.OrderShipped.class)
            .register("order-cancelled", OrderEvent.OrderCancelled.class)
            .build());
    private final SagaDefinition<OrderSagaData> saga;
    private final SagaOrchestrator orchestrator;
    private final Projection<OrderReadModel> views;
    private final UnaryOperator<EventMetadata> eventMetadata;

    /**
     * An order service on {@code time}; the saga's steps run on {@code executor} and wait
     * between attempts on {@code scheduler}.
     */
    public OrderApplication(TimeSource time, Scheduler scheduler, Executor executor, Remote<InventoryService> inventory,
            Remote<PaymentService> payments, Remote<ShippingService> shipping) {
        this(time, scheduler, executor, inventory, payments, shipping, UnaryOperator.identity(),
                UnaryOperator.identity());
    }

    /**
     * As above, with every step's action and compensation passed through {@code aroundSteps} —
     * the composition root's hook for cross-cutting concerns such as running a step inside its
     * trace span — and the metadata of every event the service records passed through
     * {@code eventMetadata} (the hook that puts the trace context into it).
     */
    public OrderApplication(TimeSource time, Scheduler scheduler, Executor executor, Remote<InventoryService> inventory,
            Remote<PaymentService> payments, Remote<ShippingService> shipping,
            UnaryOperator<SagaAction<OrderSagaData>> aroundSteps, UnaryOperator<EventMetadata> eventMetadata) {
        this.eventMetadata = Objects.requireNonNull(eventMetadata, "eventMetadata must not be null");
        Objects.requireNonNull(time, "time must not be null");
        Objects.requireNonNull(scheduler, "scheduler must not be null");
        Objects.requireNonNull(executor, "executor must not be null");
        Objects.requireNonNull(inventory, "inventory must not be null");
        Objects.requireNonNull(payments, "payments must not be null");
        Objects.requireNonNull(shipping, "shipping must not be null");
        this.store = InMemoryEventStore.builder().timeSource(time).build();
        Objects.requireNonNull(aroundSteps, "aroundSteps must not be null");
        this.saga = definition(inventory, payments, shipping, aroundSteps);
        this.orchestrator = SagaOrchestrator.builder(store).register(saga).executor(executor).scheduler(scheduler)
                .compensationBackoff(Backoff.fixed(Duration.ofSeconds(1))).build();
        this.views = Projection.builder("order-views", store, serializer,
                        InMemoryProjectionStore.factory(OrderReadModel.EMPTY))
                .on(OrderEvent.OrderPlaced.class, (model, e, recorded) -> model.placed(e))
                .on(OrderEvent.OrderPaid.class, (model, e, recorded) -> model.update(e.orderId(),
                        v -> v.paid(e.paymentId())))
                .on(OrderEvent.OrderShipped.class, (model, e, recorded) -> model.update(e.orderId(),
                        v -> v.shipped(e.trackingId())))
                .on(OrderEvent.OrderCancelled.class, (model, e, recorded) -> model.update(e.orderId(),
                        v -> v.withStatus(OrderStatus.CANCELLED)))
                .timeSource(time)
                .build();
    }

    private SagaDefinition<OrderSagaData> definition(Remote<InventoryService> inventory,
            Remote<PaymentService> payments, Remote<ShippingService> shipping,
            UnaryOperator<SagaAction<OrderSagaData>> around) {
        return SagaDefinition.builder("order", OrderSagaData.class)
                .step("validate-order").participant(ORDERS)
                    .action(around.apply(ctx -> {
                        OrderSagaData o = ctx.data();
                        record(o.orderId(), new OrderEvent.OrderPlaced(o.orderId(), o.customerId(), o.sku(),
                                o.quantity(), o.totalCents()));
                        return null;
                    }))
                    .compensation(around.apply(ctx -> {
                        record(ctx.data().orderId(), new OrderEvent.OrderCancelled(ctx.data().orderId()));
                        return null;
                    })).add()
                .step("reserve-inventory").participant(INVENTORY)
                    .action(around.apply(ctx -> {
                        OrderSagaData o = ctx.data();
                        String key = ctx.idempotencyKey().toString();
                        return o.withReservationId(inventory.call(i -> i.reserve(
                                new ReserveStock(key, o.orderId(), o.sku(), o.quantity()))).reservationId());
                    }))
                    .compensation(around.apply(ctx -> {
                        String key = ctx.idempotencyKey().toString();
                        inventory.call(i -> {
                            i.release(new ReleaseStock(key, ctx.data().orderId()));
                            return null;
                        });
                        return null;
                    })).add()
                .step("process-payment").participant(PAYMENT)
                    .action(around.apply(ctx -> {
                        OrderSagaData o = ctx.data();
                        String key = ctx.idempotencyKey().toString();
                        String paymentId = payments.call(p -> p.charge(
                                new ChargePayment(key, o.orderId(), o.customerId(), o.totalCents()))).paymentId();
                        record(o.orderId(), new OrderEvent.OrderPaid(o.orderId(), paymentId));
                        return o.withPaymentId(paymentId);
                    }))
                    .compensation(around.apply(ctx -> {
                        String key = ctx.idempotencyKey().toString();
                        payments.call(p -> {
                            p.refund(new RefundPayment(key, ctx.data().orderId()));
                            return null;
                        });
                        return null;
                    })).add()
                .step("ship").participant(SHIPPING).pivot()
                    .retry(3, Backoff.fixed(Duration.ofSeconds(1)))
                    .action(around.apply(ctx -> {
                        OrderSagaData o = ctx.data();
                        String key = ctx.idempotencyKey().toString();
                        String trackingId = shipping.call(s -> s.schedule(
                                new ScheduleShipment(key, o.orderId(), o.sku(), o.quantity()))).trackingId();
                        record(o.orderId(), new OrderEvent.OrderShipped(o.orderId(), trackingId));
                        return o.withTrackingId(trackingId);
                    })).add()
                .build();
    }

    private void record(String orderId, OrderEvent event) {
        LOG.info("order {}: {}", orderId, event.getClass().getSimpleName());
        store.append(StreamName.of("order-" + orderId), ExpectedVersion.ANY, serializer.serialize(event,
                eventMetadata.apply(EventMetadata.EMPTY.withCorrelationId(orderId))));
    }

    @Override
    public CompletionStage<OrderReceipt> placeOrder(PlaceOrder command) {
        Objects.requireNonNull(command, "command must not be null");
        if (orchestrator.status(command.orderId()).isPresent()) {
            return CompletableFuture.completedFuture(receiptOf(command.orderId()));
        }
        OrderSagaData data = OrderSagaData.of(command.orderId(), command.customerId(), command.sku(),
                command.quantity(), command.totalCents());
        return orchestrator.start(saga, command.orderId(), data).thenApply(this::receipt);
    }

    private OrderReceipt receipt(SagaOutcome<OrderSagaData> outcome) {
        OrderSagaData d = outcome.data();
        return switch (outcome.state()) {
            case COMPLETED -> new OrderReceipt(d.orderId(), OrderStatus.SHIPPED, d.paymentId(), d.trackingId(), "");
            case COMPENSATED -> new OrderReceipt(d.orderId(), OrderStatus.CANCELLED, "", "",
                    outcome.failure().orElse(""));
            default -> new OrderReceipt(d.orderId(), OrderStatus.FAILED, d.paymentId(), d.trackingId(),
                    outcome.failure().orElse(""));
        };
    }

    private OrderReceipt receiptOf(String orderId) {
        OrderView view = order(new GetOrder(orderId)).orElseThrow(() -> new IllegalStateException(
                "order '" + orderId + "' has a saga but no view"));
        SagaState state = orchestrator.status(orderId).orElseThrow().state();
        OrderStatus status = state == SagaState.FAILED ? OrderStatus.FAILED : view.status();
        return new OrderReceipt(orderId, status, status == OrderStatus.CANCELLED ? "" : view.paymentId(),
                view.trackingId(), "");
    }

    /** Reads your writes: the projection first catches up with the order store, then answers. */
    @Override
    public Optional<OrderView> order(GetOrder query) {
        Objects.requireNonNull(query, "query must not be null");
        views.drain();
        return views.read().find(query.orderId());
    }

    /**
     * The order as the read model holds it now, without first catching up with the order store:
     * it never waits, and may lag behind the last events (or not know an order placed a moment
     * ago). What a caller serves when the service's own query path is too slow.
     */
    public Optional<OrderView> projectedOrder(String orderId) {
        Objects.requireNonNull(orderId, "orderId must not be null");
        return views.read().find(orderId);
    }

    @Override
    public List<OrderView> orders() {
        views.drain();
        return views.read().all();
    }

    /** What the saga of {@code orderId} did, from its log (for diagrams and operators). */
    public Optional<SagaTrace> trace(String orderId) {
        return orchestrator.trace(Objects.requireNonNull(orderId, "orderId must not be null"));
    }

    /** The last order-store position the read model includes (it catches up on each query). */
    public long readModelPosition() {
        return views.state().position();
    }

    /** The order store's last position. */
    public long storePosition() {
        return store.lastPosition();
    }

    /** The saga orchestrator, for the composition root to instrument (metrics, traces); not for other services. */
    public SagaOrchestrator sagas() {
        return orchestrator;
    }

    /** The read model's projection, for the composition root to instrument; not for other services. */
    public Projection<OrderReadModel> views() {
        return views;
    }

    /** The order event store, for the composition root to instrument; not for other services. */
    public EventStore store() {
        return store;
    }

    @Override
    public void close() {
        views.close();
        orchestrator.close();
        store.close();
    }
}
