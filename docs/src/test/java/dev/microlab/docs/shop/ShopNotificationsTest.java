package dev.microlab.docs.shop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microlab.docs.shop.shipping.api.Notification;
import dev.microlab.docs.shop.shipping.internal.CustomerNotifications;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Shipping's customer notification feed, made from the events it consumes")
class ShopNotificationsTest {

    final CustomerNotifications feed = new CustomerNotifications();

    static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("an order's events become what its customer is told; later events find the customer through order.placed")
    void eventsBecomeNotifications() {
        feed.on("order.placed", json("{\"orderId\":\"o-1\",\"customerId\":\"alice\",\"sku\":\"book\",\"quantity\":2,"
                + "\"totalCents\":2500,\"addedLater\":true}"));
        feed.on("payment.charged", json("{\"customerId\":\"alice\",\"orderId\":\"o-1\",\"paymentId\":\"pay-1\","
                + "\"amountCents\":2500}"));
        feed.on("order.shipped", json("{\"orderId\":\"o-1\",\"trackingId\":\"TRK-0001\"}"));

        assertThat(feed.of("alice")).extracting(Notification::text).containsExactly("order o-1 placed: 2 x book, 25.00",
                "25.00 charged for order o-1", "order o-1 shipped: parcel TRK-0001");
        assertThat(feed.of("bob")).isEmpty();
    }

    @Test
    @DisplayName("an event of an order never seen placed tells no one")
    void unknownOrderIsDropped() {
        feed.on("order.cancelled", json("{\"orderId\":\"o-7\"}"));

        assertThat(feed.of("alice")).isEmpty();
    }

    @Test
    @DisplayName("bad input is refused naming what was wrong: the key, the JSON, a missing field")
    void badInput() {
        assertThatThrownBy(() -> feed.on("inventory.stock-reserved", json("{\"orderId\":\"o-1\"}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'inventory.stock-reserved'")
                .hasMessageContaining("order.*");
        assertThatThrownBy(() -> feed.on("order.paid", json("not json"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'order.paid' event is not JSON");
        assertThatThrownBy(() -> feed.on("order.placed", json("{\"orderId\":\"o-1\",\"sku\":\"book\"}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'customerId'");
    }
}
