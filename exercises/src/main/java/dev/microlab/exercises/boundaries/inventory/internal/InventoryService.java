package dev.microlab.exercises.boundaries.inventory.internal;

import dev.microlab.exercises.boundaries.inventory.api.InventoryApi;

/** The inventory service's implementation of its API. */
public final class InventoryService implements InventoryApi {

    private final StockRepository stock;

    public InventoryService(StockRepository stock) {
        this.stock = stock;
    }

    @Override
    public boolean reserve(String orderId, String sku, int quantity) {
        if (!stock.knownOrder(orderId) || stock.level(sku) < quantity) {
            return false;
        }
        stock.setLevel(sku, stock.level(sku) - quantity);
        return true;
    }

    @Override
    public int available(String sku) {
        return stock.level(sku);
    }
}
