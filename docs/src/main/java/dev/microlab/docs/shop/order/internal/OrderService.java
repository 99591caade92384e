package dev.microlab.docs.shop.order.internal;

import dev.microlab.core.time.Scheduler;
import dev.microlab.core.time.TimeSource;
import dev.microlab.docs.shop.inventory.api.InventoryApi;
import dev.microlab.docs.shop.order.api.OrderApi;
import dev.microlab.docs.shop.order.api.OrderPlaced;
import dev.microlab.docs.shop.order.api.PlaceOrderCommand;
import dev.microlab.docs.shop.payment.api.ChargeResult;
import dev.microlab.docs.shop.payment.api.PaymentApi;
import dev.microlab.docs.shop.shipping.api.ShippingApi;
import dev.microlab.eventstore.InMemoryEventStore;
import dev.microlab.registry.ServiceClient;
import dev.microlab.registry.ServiceInstance;
import dev.microlab.saga.SagaDefinition;
import dev.microlab.saga.SagaEvent;
import dev.microlab.saga.SagaOrchestrator;
import dev.microlab.saga.SagaOutcome;
import dev.microlab.core.event.EventPublisher;
import java.util.Objects;
import java.util.function.Function;

/**
 * The order service: places an order by running the order saga — reserve stock (compensated by
 * a release), charge a payment instance found through the registry (the pivot), ship (retried
 * until it succeeds). The saga log is this service's own event store: database per service.
 *
 * <p>Payment calls go through a {@link ServiceClient}: load balancing over the registered
 * payment instances, outlier detection, and the caller's policies (retry, circuit breaker).
 *
 * <p>This class is threadsafe.
 */
public final class OrderService implements OrderApi, AutoCloseable {

    private final InMemoryEventStore sagaLog;
    private final SagaOrchestrator orchestrator;
    private final SagaDefinition<OrderData> saga;

    /**
     * An order service over the other services' APIs.
     *
     * @param payments  a client of the "payment" service, with its balancer, detector and policies
     * @param directory reaches the payment instance the client chose
     */
    public OrderService(InventoryApi inventory, ServiceClient payments, Function<ServiceInstance, PaymentApi> directory,
            ShippingApi shipping, TimeSource time, Scheduler scheduler) {
        Objects.requireNonNull(inventory, "inventory must not be null");
        Objects.requireNonNull(payments, "payments must not be null");
        Objects.requireNonNull(directory, "directory must not be null");
        Objects.requireNonNull(shipping, "shipping must not be null");
        this.saga = SagaDefinition.builder("order", OrderData.class)
                .step("reserve-stock").participant("Inventory")
                    .action(ctx -> {
                        inventory.reserve(ctx.idempotencyKey().toString(), ctx.data().sku(), ctx.data().quantity());
                        return null;
                    })
                    .compensation(ctx -> {
                        inventory.release(ctx.idempotencyKey().toString(), ctx.data().sku(), ctx.data().quantity());
                        return null;
                    }).add()
                .step("charge-payment").participant("Payment").pivot()
                    .action(ctx -> {
                        ChargeResult result = payments.call(instance -> directory.apply(instance)
                                .charge(ctx.idempotencyKey().toString(), ctx.data().amountCents()));
                        if (!result.approved()) {
                            throw new IllegalStateException("payment declined by " + result.instance() + ": "
                                    + result.reason());
                        }
                        return ctx.data().paid(result.paymentId(), result.instance());
                    }).add()
                .step("ship").participant("Shipping").retriable()
                    .action(ctx -> ctx.data().shipped(shipping.ship(ctx.idempotencyKey().toString(),
                            ctx.data().orderId()))).add()
                .build();
        this.sagaLog = InMemoryEventStore.builder().timeSource(time).build();
        this.orchestrator = SagaOrchestrator.builder(sagaLog).register(saga)
                .executor(Runnable::run).scheduler(scheduler).build();
    }

    @Override
    public OrderPlaced place(PlaceOrderCommand command) {
        Objects.requireNonNull(command, "command must not be null");
        OrderData data = new OrderData(command.orderId(), command.sku(), command.quantity(), command.amountCents(),
                "", "", "");
        SagaOutcome<OrderData> outcome = orchestrator.start(saga, command.orderId(), data).toCompletableFuture().join();
        OrderData end = outcome.data();
        return new OrderPlaced(end.orderId(), outcome.state().name(), end.paymentId(), end.paidBy(), end.trackingId());
    }

    /** What the order saga reports, step by step. */
    public EventPublisher<SagaEvent> sagaEvents() {
        return orchestrator.events();
    }

    @Override
    public void close() {
        orchestrator.close();
        sagaLog.close();
    }
}
