package dev.microlab.docs.shop.payment.internal;

import dev.microlab.docs.shop.payment.api.ChargeResult;
import dev.microlab.docs.shop.payment.api.PaymentApi;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One payment instance: approves charges up to a limit, remembers each key's answer, and can
 * be made flaky (every call fails as if the connection dropped). This class is threadsafe.
 */
public final class PaymentService implements PaymentApi {

    private final String instanceId;
    private final long limitCents;
    private final Map<String, ChargeResult> answers = new ConcurrentHashMap<>();
    private final AtomicBoolean flaky = new AtomicBoolean();
    private final AtomicInteger calls = new AtomicInteger();

    /** An instance that declines charges above {@code limitCents}. */
    public PaymentService(String instanceId, long limitCents) {
        this.instanceId = instanceId;
        this.limitCents = limitCents;
    }

    /** Makes every later call fail (true) or work again (false). */
    public void flaky(boolean on) {
        flaky.set(on);
    }

    /** How many calls reached this instance. */
    public int calls() {
        return calls.get();
    }

    @Override
    public ChargeResult charge(String key, long amountCents) throws Exception {
        calls.incrementAndGet();
        if (flaky.get()) {
            throw new IOException(instanceId + ": connection reset");
        }
        return answers.computeIfAbsent(key, k -> amountCents <= limitCents
                ? new ChargeResult(true, "pay-" + k.substring(0, k.indexOf(':')), instanceId, "")
                : new ChargeResult(false, "", instanceId, amountCents + " cents is above the limit of " + limitCents));
    }
}
