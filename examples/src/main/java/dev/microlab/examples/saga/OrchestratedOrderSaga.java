package dev.microlab.examples.saga;

import dev.microlab.saga.SagaDefinition;
import java.time.Duration;
import java.util.Objects;

/**
 * The order flow as an <b>orchestrated</b> saga: one definition says the whole flow, the
 * orchestrator calls each service in turn and undoes the earlier steps when the payment is
 * declined.
 *
 * <pre>{@code
 * SagaDefinition<Order> saga = OrchestratedOrderSaga.definition(orders, inventory, payments, shipping);
 * SagaOrchestrator orchestrator = SagaOrchestrator.builder(store).register(saga).build();
 * orchestrator.start(saga, "o1", Order.of("o1", "book", 1, 2_500));
 * }</pre>
 *
 * <p>This class is threadsafe (stateless).
 */
public final class OrchestratedOrderSaga {

    private OrchestratedOrderSaga() {
    }

    /** The order saga over these services. */
    public static SagaDefinition<Order> definition(Orders orders, Inventory inventory, Payments payments,
            Shipping shipping) {
        Objects.requireNonNull(orders, "orders must not be null");
        Objects.requireNonNull(inventory, "inventory must not be null");
        Objects.requireNonNull(payments, "payments must not be null");
        Objects.requireNonNull(shipping, "shipping must not be null");
        return SagaDefinition.builder("order", Order.class)
                .step("validate-order").participant("Orders")
                    .action(ctx -> {
                        orders.validate(ctx.idempotencyKey(), ctx.data());
                        return null;
                    })
                    .compensation(ctx -> {
                        orders.cancel(ctx.idempotencyKey(), ctx.data().orderId());
                        return null;
                    }).add()
                .step("reserve-inventory").participant("Inventory").timeout(Duration.ofSeconds(2))
                    .action(ctx -> {
                        inventory.reserve(ctx.idempotencyKey(), ctx.data().sku(), ctx.data().quantity());
                        return null;
                    })
                    .compensation(ctx -> {
                        inventory.release(ctx.idempotencyKey(), ctx.data().sku(), ctx.data().quantity());
                        return null;
                    }).add()
                .step("process-payment").participant("Payments").pivot()
                    .action(ctx -> ctx.data().withPaymentId(payments.charge(ctx.idempotencyKey(),
                            ctx.data().amountCents()))).add()
                .step("ship").participant("Shipping").retriable()
                    .action(ctx -> {
                        Order shipped = ctx.data().withTrackingId(shipping.ship(ctx.idempotencyKey(),
                                ctx.data().orderId()));
                        orders.complete(ctx.data().orderId());
                        return shipped;
                    }).add()
                .build();
    }
}
