package dev.microlab.core.internal;

/**
 * The one rule of patterns-core for what a call throws (stated for users in
 * {@link dev.microlab.core.policy.Policy}): anything a call throws — an unchecked exception, a
 * checked one (declared, or thrown sneakily), an {@link Error} — is an outcome of the call; only
 * a {@link VirtualMachineError} (out of memory, stack overflow) is rethrown at once, untouched,
 * because the JVM may not be able to go on.
 *
 * <p>This class is threadsafe (stateless).
 */
public final class Throwables {

    private Throwables() {
    }

    /** Whether {@code failure} must never be caught and turned into an outcome. */
    public static boolean isFatal(Throwable failure) {
        return failure instanceof VirtualMachineError;
    }

    /**
     * Rethrows {@code failure} if it {@linkplain #isFatal is fatal}; otherwise returns it, so a
     * caller can write {@code catch (Throwable t) { fail(rethrowIfFatal(t)); }}.
     */
    public static Throwable rethrowIfFatal(Throwable failure) {
        if (failure instanceof VirtualMachineError fatal) {
            throw fatal;
        }
        return failure;
    }

    /**
     * Throws {@code failure} as it is, checked or not, without declaring it: a blocking
     * {@code executeSupplier} passes on unchanged what its supplier threw sneakily, instead of
     * wrapping it. Declared to return an exception so a caller can write
     * {@code throw sneakyThrow(e)} and the compiler knows the method ends there.
     */
    public static RuntimeException sneakyThrow(Throwable failure) {
        throw Throwables.<RuntimeException>uncheckedCast(failure);
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E uncheckedCast(Throwable failure) throws E {
        throw (E) failure;
    }
}
