package dev.microlab.docs.shop.inventory.api;

/** The inventory cannot reserve what it does not have. Thrown by {@link InventoryApi#reserve}. */
public final class OutOfStockException extends Exception {

    private static final long serialVersionUID = 1L;

    /** {@code sku} has only {@code available} units, but {@code requested} were asked for. */
    public OutOfStockException(String sku, int requested, int available) {
        super("cannot reserve " + requested + " of " + sku + ": only " + available + " available");
    }
}
