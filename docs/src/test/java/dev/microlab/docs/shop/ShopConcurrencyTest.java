package dev.microlab.docs.shop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microlab.core.time.ManualTimeSource;
import dev.microlab.docs.shop.inventory.api.GetStock;
import dev.microlab.docs.shop.inventory.api.OutOfStockException;
import dev.microlab.docs.shop.inventory.api.ReserveStock;
import dev.microlab.docs.shop.inventory.internal.InventoryLedger;
import dev.microlab.docs.shop.payment.api.ChargePayment;
import dev.microlab.docs.shop.payment.api.GetWallet;
import dev.microlab.docs.shop.payment.api.PaymentReceipt;
import dev.microlab.docs.shop.payment.api.PaymentService;
import dev.microlab.docs.shop.payment.internal.PaymentInstance;
import dev.microlab.docs.shop.payment.internal.PaymentLedger;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The shop's services under concurrent calls")
class ShopConcurrencyTest {

    private static final int THREADS = 8;

    private static <T> List<T> race(Callable<T> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get(10, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @DisplayName("the same charge sent at once to both payment instances is charged once")
    void concurrentDuplicateCharges() throws Exception {
        // Given
        PaymentLedger ledger = new PaymentLedger(new ManualTimeSource());
        ledger.fund("alice", 10_000);
        PaymentService one = new PaymentInstance(Shop.PAYMENT_1, ledger);
        PaymentService two = new PaymentInstance(Shop.PAYMENT_2, ledger);
        ChargePayment charge = new ChargePayment("o1:process-payment:ACTION", "o1", "alice", 2_500);
        AtomicInteger turn = new AtomicInteger();

        // When
        List<PaymentReceipt> receipts = race(() -> (turn.incrementAndGet() % 2 == 0 ? one : two).charge(charge));

        // Then
        assertThat(Set.copyOf(receipts)).as("every caller got the same receipt").hasSize(1);
        assertThat(one.wallet(new GetWallet("alice")).balanceCents()).as("alice was charged once")
                .isEqualTo(7_500);
    }

    @Test
    @DisplayName("concurrent reservations never sell more than the stock")
    void concurrentReservationsDoNotOversell() throws Exception {
        // Given
        InventoryLedger inventory = new InventoryLedger(new ManualTimeSource());
        inventory.restock("book", 5);
        AtomicInteger order = new AtomicInteger();

        // When: 8 orders of 1 book race for 5
        List<Boolean> reserved = race(() -> {
            int n = order.incrementAndGet();
            try {
                inventory.reserve(new ReserveStock("k" + n, "o" + n, "book", 1));
                return true;
            } catch (OutOfStockException e) {
                return false;
            }
        });

        // Then
        assertThat(reserved.stream().filter(b -> b).count()).as("exactly 5 reservations succeed").isEqualTo(5);
        assertThat(inventory.stock(new GetStock("book")).available()).as("none left, never negative").isZero();
        assertThat(reserved.stream().collect(Collectors.partitioningBy(b -> b)).get(false))
                .as("the other 3 were refused").hasSize(3);
    }
}
