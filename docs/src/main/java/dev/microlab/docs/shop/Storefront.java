package dev.microlab.docs.shop;

import dev.microlab.circuitbreaker.CallNotPermittedException;
import dev.microlab.core.timeout.TimeLimiter;
import dev.microlab.core.timeout.TimeoutExceededException;
import dev.microlab.docs.shop.order.api.GetOrder;
import dev.microlab.docs.shop.order.api.OrderService;
import dev.microlab.docs.shop.order.api.OrderView;
import dev.microlab.docs.shop.order.internal.Remote;
import dev.microlab.docs.shop.shipping.api.EstimateDelivery;
import dev.microlab.docs.shop.shipping.api.ShippingEstimate;
import dev.microlab.docs.shop.shipping.api.ShippingService;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * The shop's customer-facing page for one order (a backend-for-frontend): it composes the order
 * service's answer with shipping's delivery estimate, and <b>degrades instead of failing</b> when
 * one of them is unavailable.
 *
 * <ul>
 *   <li><b>Order service slow.</b> The query runs on {@code orderQueries} under a
 *       {@link TimeLimiter}; if the time limit passes first, the page is served from the order
 *       read model as last projected ({@link OrderPage.Source#READ_MODEL}, which may lag behind the
 *       latest events) and says so.</li>
 *   <li><b>Shipping down.</b> The estimate is asked through a {@link Remote} (registry, retry,
 *       circuit breaker); when no answer comes — the network failed after the retries, no instance,
 *       the breaker is open — the page shows {@value OrderPage#SHIPPING_ESTIMATE_UNAVAILABLE}
 *       instead of an error.</li>
 * </ul>
 *
 * <p>Only <i>unavailability</i> is degraded: a timeout, a network failure, no instance, an open
 * breaker. A bug or a refusal from a service (an exception it answered with) still fails the page,
 * so a fallback never hides a defect. patterns-core has no Fallback policy (Failsafe and
 * Resilience4j have one); this class uses the plain mechanism such a policy wraps — recover from
 * the failed stage or the caught exception, for the listed failure types only.
 *
 * <p>This class is threadsafe.
 */
public final class Storefront {

    private final OrderService orders;
    private final Function<String, Optional<OrderView>> readModel;
    private final Executor orderQueries;
    private final TimeLimiter orderQueryLimit;
    private final Remote<ShippingService> shipping;

    /**
     * A storefront asking {@code orders} on {@code orderQueries} within {@code orderQueryLimit},
     * falling back to {@code readModel}, and asking {@code shipping} for estimates.
     */
    public Storefront(OrderService orders, Function<String, Optional<OrderView>> readModel, Executor orderQueries,
            TimeLimiter orderQueryLimit, Remote<ShippingService> shipping) {
        this.orders = Objects.requireNonNull(orders, "orders must not be null");
        this.readModel = Objects.requireNonNull(readModel, "readModel must not be null");
        this.orderQueries = Objects.requireNonNull(orderQueries, "orderQueries must not be null");
        this.orderQueryLimit = Objects.requireNonNull(orderQueryLimit, "orderQueryLimit must not be null");
        this.shipping = Objects.requireNonNull(shipping, "shipping must not be null");
    }

    /**
     * The page of {@code orderId}: completes with empty if neither the order service nor (when it
     * was too slow) the read model knows the order; fails only when a service answered with an
     * error that is not unavailability.
     */
    public CompletionStage<Optional<OrderPage>> orderPage(String orderId) {
        Objects.requireNonNull(orderId, "orderId must not be null");
        CompletionStage<Optional<OrderView>> asked = orderQueryLimit.executeCompletionStage(
                () -> CompletableFuture.supplyAsync(() -> orders.order(new GetOrder(orderId)), orderQueries));
        return asked.handle((view, failure) -> {
            List<String> notices = new ArrayList<>();
            OrderPage.Source source = OrderPage.Source.ORDER_SERVICE;
            Optional<OrderView> order = view;
            if (failure != null) {
                Throwable cause = unwrap(failure);
                if (!(cause instanceof TimeoutExceededException)) {
                    throw new CompletionException(cause);
                }
                source = OrderPage.Source.READ_MODEL;
                order = readModel.apply(orderId);
                notices.add("order shown as last recorded: the order service did not answer within "
                        + orderQueryLimit.config().timeout().toMillis() + " ms");
            }
            if (order.isEmpty()) {
                return Optional.<OrderPage>empty();
            }
            Optional<ShippingEstimate> estimate = estimate(order.get(), notices);
            return Optional.of(new OrderPage(order.get(), source, estimate, notices));
        });
    }

    private Optional<ShippingEstimate> estimate(OrderView order, List<String> notices) {
        try {
            return Optional.of(shipping.call(s -> s.estimate(new EstimateDelivery(order.sku(), order.quantity()))));
        } catch (Exception e) {
            if (!unavailable(e)) {
                throw new CompletionException(e);
            }
            notices.add(OrderPage.SHIPPING_ESTIMATE_UNAVAILABLE);
            return Optional.empty();
        }
    }

    /** No answer from shipping: the network failed (after the retries), no instance, or the breaker is open. */
    private static boolean unavailable(Throwable e) {
        return Remote.isTransient(e) || e instanceof CallNotPermittedException;
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }
}
