package dev.microlab.docs.shop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microlab.core.time.ManualTimeSource;
import dev.microlab.docs.shop.inventory.api.GetStock;
import dev.microlab.docs.shop.inventory.api.InventoryEvent;
import dev.microlab.docs.shop.inventory.api.OutOfStockException;
import dev.microlab.docs.shop.inventory.api.ReleaseStock;
import dev.microlab.docs.shop.inventory.api.ReserveStock;
import dev.microlab.docs.shop.inventory.api.StockLevel;
import dev.microlab.docs.shop.inventory.internal.InventoryLedger;
import dev.microlab.docs.shop.payment.api.ChargePayment;
import dev.microlab.docs.shop.payment.api.GetWallet;
import dev.microlab.docs.shop.payment.api.PaymentDeclinedException;
import dev.microlab.docs.shop.payment.api.PaymentService;
import dev.microlab.docs.shop.payment.api.RefundPayment;
import dev.microlab.docs.shop.payment.internal.PaymentInstance;
import dev.microlab.docs.shop.payment.internal.PaymentLedger;
import dev.microlab.docs.shop.shipping.api.ScheduleShipment;
import dev.microlab.docs.shop.shipping.api.Shipment;
import dev.microlab.docs.shop.shipping.api.ShippingEvent;
import dev.microlab.docs.shop.shipping.internal.ShipmentBook;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Each shop service on its own")
class ShopServicesTest {

    private final ManualTimeSource time = new ManualTimeSource();

    @Test
    @DisplayName("inventory: a reservation and its release are recorded in the inventory's own event store")
    void inventoryHistory() {
        // Given
        InventoryLedger inventory = new InventoryLedger(time);
        inventory.restock("book", 3);

        // When
        inventory.reserve(new ReserveStock("k1", "o1", "book", 2));
        inventory.release(new ReleaseStock("k2", "o1"));

        // Then
        assertThat(inventory.history("book")).as("the stock-book stream").containsExactly(
                new InventoryEvent.StockAdded("book", 3),
                new InventoryEvent.StockReserved("book", "o1", 2, "k1"),
                new InventoryEvent.StockReleased("book", "o1", 2));
    }

    @Test
    @DisplayName("inventory: a release for an order never reserved does nothing (null compensation)")
    void nullCompensation() {
        // Given
        InventoryLedger inventory = new InventoryLedger(time);
        inventory.restock("book", 3);

        // When
        inventory.release(new ReleaseStock("k1", "o-never"));

        // Then
        assertThat(inventory.stock(new GetStock("book"))).as("stock unchanged")
                .isEqualTo(new StockLevel("book", 3, 0));
    }

    @Test
    @DisplayName("inventory: the same release twice puts the stock back once")
    void releaseTwice() {
        // Given
        InventoryLedger inventory = new InventoryLedger(time);
        inventory.restock("book", 3);
        inventory.reserve(new ReserveStock("k1", "o1", "book", 2));

        // When
        inventory.release(new ReleaseStock("k2", "o1"));
        inventory.release(new ReleaseStock("k2", "o1"));

        // Then
        assertThat(inventory.stock(new GetStock("book")).available()).as("3, not 5").isEqualTo(3);
    }

    @Test
    @DisplayName("inventory: too few units is refused and reserves nothing")
    void outOfStock() {
        // Given
        InventoryLedger inventory = new InventoryLedger(time);
        inventory.restock("book", 1);

        // When / Then
        assertThatThrownBy(() -> inventory.reserve(new ReserveStock("k1", "o1", "book", 2)))
                .isInstanceOf(OutOfStockException.class).hasMessageContaining("2 x book wanted, 1 available");
        assertThat(inventory.stock(new GetStock("book")).available()).as("nothing taken").isEqualTo(1);
    }

    @Test
    @DisplayName("payment: a refund gives the charge back once, and a declined charge takes nothing")
    void refundAndDecline() {
        // Given
        PaymentLedger ledger = new PaymentLedger(time);
        ledger.fund("alice", 3_000);
        PaymentService payments = new PaymentInstance(Shop.PAYMENT_1, ledger);
        payments.charge(new ChargePayment("c1", "o1", "alice", 2_500));

        // When
        payments.refund(new RefundPayment("r1", "o1"));
        payments.refund(new RefundPayment("r1", "o1"));

        // Then
        assertThat(payments.wallet(new GetWallet("alice")).balanceCents()).as("refunded once").isEqualTo(3_000);
        assertThat(payments.payments()).as("no charge stands after the refund").isEmpty();
        assertThatThrownBy(() -> payments.charge(new ChargePayment("c2", "o2", "alice", 3_001)))
                .isInstanceOf(PaymentDeclinedException.class).hasMessageContaining("3000 cents, 3001 needed");
        assertThat(payments.wallet(new GetWallet("alice")).balanceCents()).as("a decline takes nothing")
                .isEqualTo(3_000);
    }

    @Test
    @DisplayName("shipping: the same key schedules one shipment and publishes one event")
    void shippingIdempotent() {
        // Given
        ShipmentBook shipping = new ShipmentBook(time);
        List<ShippingEvent> events = new ArrayList<>();
        shipping.subscribe(events::add);
        ScheduleShipment command = new ScheduleShipment("s1", "o1", "book", 2);

        // When
        Shipment first = shipping.schedule(command);
        Shipment again = shipping.schedule(command);

        // Then
        assertThat(again).as("the same shipment is answered").isEqualTo(first);
        assertThat(events).as("one event").containsExactly(new ShippingEvent.ShipmentScheduled("o1", "TRK-0001"));
        assertThat(first.scheduledAt()).as("stamped with the virtual clock").isEqualTo(time.instant());
    }

    @Test
    @DisplayName("the network refuses, loses replies, and heals per instance")
    void networkFaults() {
        // Given
        Network network = new Network();
        PaymentLedger ledger = new PaymentLedger(time);
        ledger.fund("alice", 10_000);
        PaymentService endpoint = network.connect(PaymentService.class,
                dev.microlab.registry.ServiceInstance.of("payment", Shop.PAYMENT_2, "10.0.0.3", 8083),
                new PaymentInstance(Shop.PAYMENT_2, ledger));

        // When / Then
        network.inject(Shop.PAYMENT_2, Network.Fault.REFUSE_CONNECTIONS);
        assertThatThrownBy(() -> endpoint.charge(new ChargePayment("c1", "o1", "alice", 100)))
                .isInstanceOf(java.io.UncheckedIOException.class).hasMessageContaining("refused");
        assertThat(ledger.history("alice")).as("a refused call never arrived").hasSize(1);
        network.inject(Shop.PAYMENT_2, Network.Fault.LOSE_REPLIES);
        assertThatThrownBy(() -> endpoint.charge(new ChargePayment("c1", "o1", "alice", 100)))
                .isInstanceOf(java.io.UncheckedIOException.class).hasMessageContaining("lost");
        assertThat(ledger.history("alice")).as("a lost reply: the charge was applied").hasSize(2);
        network.inject(Shop.PAYMENT_2, Network.Fault.NONE);
        assertThat(endpoint.charge(new ChargePayment("c1", "o1", "alice", 100)).paymentId())
                .as("healed: the retry gets the first charge's receipt").isEqualTo("pay-1");
    }
}
