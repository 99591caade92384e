package dev.microlab.docs.shop.payment.internal;

import dev.microlab.core.time.TimeSource;
import dev.microlab.docs.shop.payment.api.ChargePayment;
import dev.microlab.docs.shop.payment.api.PaymentDeclinedException;
import dev.microlab.docs.shop.payment.api.PaymentEvent;
import dev.microlab.docs.shop.payment.api.PaymentReceipt;
import dev.microlab.docs.shop.payment.api.RefundPayment;
import dev.microlab.docs.shop.payment.api.Wallet;
import dev.microlab.eventstore.EventSerializer;
import dev.microlab.eventstore.EventStore;
import dev.microlab.eventstore.EventTypeRegistry;
import dev.microlab.eventstore.ExpectedVersion;
import dev.microlab.eventstore.InMemoryEventStore;
import dev.microlab.eventstore.StreamName;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The payment service's data: wallets and charges, event-sourced in the payment service's own
 * event store (one stream {@code wallet-<customer>}). Every {@link PaymentInstance} of the
 * service works on this one ledger: instances are replicas of the service, the ledger is its
 * database, so a retry that lands on the other instance finds the charge the first one made.
 *
 * <pre>{@code
 * PaymentLedger ledger = new PaymentLedger(time);
 * ledger.fund("alice", 10_000);
 * PaymentService payment1 = new PaymentInstance("payment-1", ledger);
 * }</pre>
 *
 * <p>This class is threadsafe: commands are serialized.
 */
public final class PaymentLedger {

    private final EventStore store;
    private final EventSerializer serializer = new EventSerializer(EventTypeRegistry.builder()
            .register("wallet-funded", PaymentEvent.WalletFunded.class)
            .register("payment-charged", PaymentEvent.PaymentCharged.class)
            .register("payment-refunded", PaymentEvent.PaymentRefunded.class)
            .build());
    private final Map<String, Long> balances = new HashMap<>();
    private final Map<String, PaymentReceipt> byOrder = new LinkedHashMap<>();
    private final Map<String, Object> answered = new HashMap<>();
    private long nextPayment = 1;

    /** An empty ledger whose event store stamps events with {@code time}. */
    public PaymentLedger(TimeSource time) {
        Objects.requireNonNull(time, "time must not be null");
        this.store = InMemoryEventStore.builder().timeSource(time).build();
    }

    /**
     * Puts {@code amountCents} into the customer's wallet.
     *
     * @throws IllegalArgumentException if the amount is below 1
     */
    public synchronized void fund(String customerId, long amountCents) {
        Objects.requireNonNull(customerId, "customerId must not be null");
        if (amountCents < 1) {
            throw new IllegalArgumentException("amountCents must be >= 1, but was " + amountCents);
        }
        append(new PaymentEvent.WalletFunded(customerId, amountCents));
        balances.merge(customerId, amountCents, Long::sum);
    }

    synchronized PaymentReceipt charge(ChargePayment command, String instanceId) {
        Object earlier = answered.get(command.idempotencyKey());
        if (earlier instanceof PaymentReceipt receipt) {
            return receipt;
        }
        long balance = balances.getOrDefault(command.customerId(), 0L);
        if (balance < command.amountCents()) {
            throw new PaymentDeclinedException(command.customerId(), command.amountCents(), balance);
        }
        String paymentId = "pay-" + nextPayment++;
        append(new PaymentEvent.PaymentCharged(command.customerId(), command.orderId(), paymentId,
                command.amountCents(), command.idempotencyKey(), instanceId));
        balances.put(command.customerId(), balance - command.amountCents());
        PaymentReceipt receipt = new PaymentReceipt(paymentId, command.orderId(), command.customerId(),
                command.amountCents(), instanceId);
        byOrder.put(command.orderId(), receipt);
        answered.put(command.idempotencyKey(), receipt);
        return receipt;
    }

    synchronized void refund(RefundPayment command) {
        if (answered.putIfAbsent(command.idempotencyKey(), Boolean.TRUE) != null) {
            return;
        }
        PaymentReceipt receipt = byOrder.remove(command.orderId());
        if (receipt == null) {
            return;
        }
        append(new PaymentEvent.PaymentRefunded(receipt.customerId(), receipt.orderId(), receipt.paymentId(),
                receipt.amountCents()));
        balances.merge(receipt.customerId(), receipt.amountCents(), Long::sum);
    }

    synchronized Wallet wallet(String customerId) {
        return new Wallet(customerId, balances.getOrDefault(customerId, 0L));
    }

    synchronized List<PaymentReceipt> payments() {
        return List.copyOf(new ArrayList<>(byOrder.values()));
    }

    /** The events of the customer's wallet stream, oldest first. */
    public synchronized List<PaymentEvent> history(String customerId) {
        return store.readStreamForward(StreamName.of("wallet-" + customerId), 0, Integer.MAX_VALUE).stream()
                .map(e -> (PaymentEvent) serializer.deserialize(e)).toList();
    }

    private void append(PaymentEvent event) {
        store.append(StreamName.of("wallet-" + event.customerId()), ExpectedVersion.ANY, serializer.serialize(event));
    }
}
