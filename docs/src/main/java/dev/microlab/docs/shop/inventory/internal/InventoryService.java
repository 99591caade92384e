package dev.microlab.docs.shop.inventory.internal;

import dev.microlab.docs.shop.inventory.api.InventoryApi;
import dev.microlab.docs.shop.inventory.api.OutOfStockException;
import dev.microlab.saga.IdempotencyKey;
import dev.microlab.saga.IdempotentParticipant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The inventory service: stock per SKU, owned here alone, changed by commutative updates
 * behind an idempotency fence. This class is threadsafe.
 */
public final class InventoryService implements InventoryApi {

    private final Map<String, Integer> stock = new ConcurrentHashMap<>();
    private final IdempotentParticipant fence = new IdempotentParticipant();

    /** A service holding {@code initialStock}. */
    public InventoryService(Map<String, Integer> initialStock) {
        stock.putAll(Objects.requireNonNull(initialStock, "initialStock must not be null"));
    }

    @Override
    public void reserve(String key, String sku, int quantity) throws Exception {
        fence.execute(IdempotencyKey.parse(key), () -> {
            int[] left = new int[1];
            stock.compute(sku, (s, have) -> {
                int available = have == null ? 0 : have;
                left[0] = available;
                return available >= quantity ? available - quantity : available;
            });
            if (left[0] < quantity) {
                throw new OutOfStockException(sku, quantity, left[0]);
            }
            return null;
        });
    }

    @Override
    public void release(String key, String sku, int quantity) throws Exception {
        fence.compensate(IdempotencyKey.parse(key), () -> stock.merge(sku, quantity, Integer::sum));
    }

    @Override
    public int available(String sku) {
        return stock.getOrDefault(sku, 0);
    }
}
