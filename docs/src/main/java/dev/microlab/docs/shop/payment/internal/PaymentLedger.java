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
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

    private static final String HMAC = "HmacSHA256";

    private static final Logger LOG = LoggerFactory.getLogger(PaymentLedger.class);

    private final EventStore store;
    private final EventSerializer serializer = new EventSerializer(EventTypeRegistry.builder()
            .register("wallet-funded", PaymentEvent.WalletFunded.class)
            .register("payment-charged", PaymentEvent.PaymentCharged.class)
            .register("payment-refunded", PaymentEvent.PaymentRefunded.class)
            .build());
    private final Map<String, Long> balances = new HashMap<>();
    private final Map<String, PaymentReceipt> byOrder = new LinkedHashMap<>();
    private final Map<String, Object> answered = new HashMap<>();
    private final Map<String, String> authorizations = new HashMap<>();
    private final SecretKeySpec processorKey;
    private long nextPayment = 1;

    /**
     * An empty ledger whose event store stamps events with {@code time}, authorizing charges with
     * a processor key made at random for this ledger (no configured secret).
     */
    public PaymentLedger(TimeSource time) {
        this(time, randomKey());
    }

    /**
     * An empty ledger that authorizes each charge with the card processor's API key
     * {@code processorKey} (from {@code Secrets}: {@code payment.processor-key}); the key is kept
     * for signing only, never logged or shown.
     */
    public PaymentLedger(TimeSource time, String processorKey) {
        Objects.requireNonNull(time, "time must not be null");
        Objects.requireNonNull(processorKey, "processorKey must not be null");
        this.store = InMemoryEventStore.builder().timeSource(time).build();
        this.processorKey = new SecretKeySpec(processorKey.getBytes(StandardCharsets.UTF_8), HMAC);
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return HexFormat.of().formatHex(key);
    }

    /**
     * The authorization sent to the card processor with a charge: HMAC-SHA256, under the processor
     * key, of {@code paymentId|orderId|amountCents} in hex — how processors such as Stripe and
     * Adyen sign requests and webhooks, so that the key itself never travels.
     */
    private String authorize(String paymentId, String orderId, long amountCents) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(processorKey);
            return HexFormat.of().formatHex(mac.doFinal((paymentId + "|" + orderId + "|" + amountCents)
                    .getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no " + HMAC, e);
        }
    }

    /** The processor authorization of a charge, if {@code paymentId} was charged. */
    public synchronized Optional<String> authorizationOf(String paymentId) {
        return Optional.ofNullable(authorizations.get(Objects.requireNonNull(paymentId, "paymentId must not be null")));
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
        authorizations.put(paymentId, authorize(paymentId, command.orderId(), command.amountCents()));
        append(new PaymentEvent.PaymentCharged(command.customerId(), command.orderId(), paymentId,
                command.amountCents(), command.idempotencyKey(), instanceId));
        balances.put(command.customerId(), balance - command.amountCents());
        PaymentReceipt receipt = new PaymentReceipt(paymentId, command.orderId(), command.customerId(),
                command.amountCents(), instanceId);
        byOrder.put(command.orderId(), receipt);
        LOG.info("charged {} cents to {} for order {} ({}, on {})", command.amountCents(), command.customerId(),
                command.orderId(), receipt.paymentId(), instanceId);
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

    /** The payment service's event store, for the composition root (health checks, instrumentation); not for other services. */
    public EventStore store() {
        return store;
    }

    private void append(PaymentEvent event) {
        store.append(StreamName.of("wallet-" + event.customerId()), ExpectedVersion.ANY, serializer.serialize(event));
    }
}
