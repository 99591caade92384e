package dev.microlab.docs.shop.contract;

import dev.microlab.docs.shop.inventory.api.InventoryService;
import dev.microlab.docs.shop.order.api.OrderService;
import dev.microlab.docs.shop.payment.api.PaymentService;
import dev.microlab.docs.shop.shipping.api.ShippingService;
import java.util.List;
import java.util.Map;

/**
 * What each consumer of the shop relies on, stated by the consumer. A change to a provider's api
 * record that breaks one of these fails {@code ShopContractTest} in the provider's build; a
 * consumer that starts calling something new must add it here ({@code ShopContractTest} checks
 * that every call a consumer makes in a shop run is covered).
 */
final class ShopContracts {

    private ShopContracts() {
    }

    /** The order service's saga, as consumer of inventory, payment and shipping. */
    static final List<Interaction> ORDER_SERVICE = List.of(
            new Interaction("order", "reserve the order's stock", InventoryService.class, "reserve",
                    """
                    {"idempotencyKey":"o1:reserve-inventory:action","orderId":"o1","sku":"book","quantity":2}
                    """, Map.of("reservationId", "string")),
            new Interaction("order", "compensate: release the stock", InventoryService.class, "release",
                    """
                    {"idempotencyKey":"o1:reserve-inventory:compensation","orderId":"o1"}
                    """, Map.of()),
            new Interaction("order", "charge the customer", PaymentService.class, "charge",
                    """
                    {"idempotencyKey":"o1:process-payment:action","orderId":"o1","customerId":"alice","amountCents":2500}
                    """, Map.of("paymentId", "string")),
            new Interaction("order", "compensate: refund", PaymentService.class, "refund",
                    """
                    {"idempotencyKey":"o1:process-payment:compensation","orderId":"o1"}
                    """, Map.of()),
            new Interaction("order", "ship the paid order", ShippingService.class, "schedule",
                    """
                    {"idempotencyKey":"o1:ship:action","orderId":"o1","sku":"book","quantity":2}
                    """, Map.of("trackingId", "string")));

    /** The storefront, as consumer of the order service and shipping. */
    static final List<Interaction> STOREFRONT = List.of(
            new Interaction("storefront", "show the order", OrderService.class, "order",
                    """
                    {"orderId":"o1"}
                    """, Map.of("orderId", "string", "sku", "string", "quantity", "number", "status", "string",
                            "trackingId", "string")),
            new Interaction("storefront", "show the delivery estimate", ShippingService.class, "estimate",
                    """
                    {"sku":"book","quantity":2}
                    """, Map.of("deliverBy", "string")));
}
