package dev.microlab.examples.saga;

import dev.microlab.saga.IdempotencyKey;
import dev.microlab.saga.IdempotentParticipant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The payment service of the example: charges an amount, declining anything above a limit.
 * The pivot of the order saga: once charged, the order goes through.
 *
 * <pre>{@code
 * Payments payments = new Payments(10_000);
 * String paymentId = payments.charge(key, 2_500);
 * }</pre>
 *
 * <p>This class is threadsafe.
 */
public final class Payments {

    private final IdempotentParticipant fence = new IdempotentParticipant();
    private final long limitCents;
    private final AtomicLong charged = new AtomicLong();

    /** Declines charges above {@code limitCents}. */
    public Payments(long limitCents) {
        this.limitCents = limitCents;
    }

    /**
     * Charges {@code amountCents} once per key.
     *
     * @return the payment id (the same for a repeated key)
     * @throws IllegalStateException if the amount is above the limit
     * @throws Exception if the fence refuses a late call
     */
    public String charge(IdempotencyKey key, long amountCents) throws Exception {
        if (amountCents > limitCents) {
            throw new IllegalStateException("payment declined: " + amountCents + " cents is above the limit of "
                    + limitCents);
        }
        return fence.execute(key, () -> {
            charged.addAndGet(amountCents);
            return "pay-" + key.sagaId();
        });
    }

    /** The total charged, in cents. */
    public long chargedCents() {
        return charged.get();
    }
}
