package dev.microlab.docs.shop.inventory.api;

/**
 * The inventory refused a reservation: not enough stock. A business answer, not a fault of the
 * instance: callers must not retry it, and it does not count against the instance.
 *
 * <pre>{@code
 * try { inventory.reserve(command); } catch (OutOfStockException e) { cancel(order); }
 * }</pre>
 *
 * <p>This class is threadsafe (immutable).
 */
public final class OutOfStockException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** {@code wanted} units of {@code sku} were asked for, {@code available} are left. */
    public OutOfStockException(String sku, int wanted, int available) {
        super("out of stock: " + wanted + " x " + sku + " wanted, " + available + " available");
    }

    /** The refusal as another process answered it, with that process's {@code message}. */
    public OutOfStockException(String message) {
        super(message);
    }
}
