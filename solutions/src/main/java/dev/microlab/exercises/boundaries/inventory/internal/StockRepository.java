package dev.microlab.exercises.boundaries.inventory.internal;

import java.util.HashMap;
import java.util.Map;

/** Inventory's storage of stock levels. Internal to the inventory service. */
public final class StockRepository {

    private final Map<String, Integer> stock = new HashMap<>();

    public StockRepository(Map<String, Integer> initialStock) {
        stock.putAll(initialStock);
    }

    public int level(String sku) {
        return stock.getOrDefault(sku, 0);
    }

    public void setLevel(String sku, int level) {
        stock.put(sku, level);
    }
}
