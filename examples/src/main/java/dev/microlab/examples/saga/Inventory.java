package dev.microlab.examples.saga;

import dev.microlab.saga.IdempotencyKey;
import dev.microlab.saga.IdempotentParticipant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The inventory service of the example: reserves stock, and releases it (the compensation).
 * Each call is deduplicated by its idempotency key, and a reservation that arrives after its
 * release is refused.
 *
 * <pre>{@code
 * Inventory inventory = new Inventory(Map.of("book", 10));
 * inventory.reserve(key, "book", 2);
 * }</pre>
 *
 * <p>This class is threadsafe.
 */
public final class Inventory {

    private final IdempotentParticipant fence = new IdempotentParticipant();
    private final Map<String, Integer> stock = new ConcurrentHashMap<>();

    /** An inventory with this stock per SKU. */
    public Inventory(Map<String, Integer> initialStock) {
        stock.putAll(initialStock);
    }

    /**
     * Takes {@code quantity} of {@code sku} out of stock.
     *
     * @throws IllegalStateException if there is not enough
     * @throws Exception if the fence refuses a late call
     */
    public void reserve(IdempotencyKey key, String sku, int quantity) throws Exception {
        fence.execute(key, () -> {
            int[] left = new int[1];
            stock.compute(sku, (k, have) -> {
                int h = have == null ? 0 : have;
                if (h < quantity) {
                    throw new IllegalStateException("out of stock: " + sku + " has " + h + ", " + quantity + " wanted");
                }
                left[0] = h - quantity;
                return left[0];
            });
            return left[0];
        });
    }

    /** Puts a reservation back (compensation of {@link #reserve}). */
    public void release(IdempotencyKey key, String sku, int quantity) throws Exception {
        fence.compensate(key, () -> stock.merge(sku, quantity, Integer::sum));
    }

    /** Adds stock (a delivery from a supplier). */
    public void restock(String sku, int quantity) {
        if (quantity <= 0) {
            throw new IllegalArgumentException("quantity must be > 0, but was " + quantity);
        }
        stock.merge(sku, quantity, Integer::sum);
    }

    /** The stock of {@code sku}. */
    public int available(String sku) {
        return stock.getOrDefault(sku, 0);
    }
}
