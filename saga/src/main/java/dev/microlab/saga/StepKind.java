package dev.microlab.saga;

/**
 * The role of a step in a saga, in the vocabulary of microservices.io (Chris Richardson).
 *
 * <p>A valid saga is {@code COMPENSATABLE* PIVOT? RETRIABLE*}: steps that can be undone,
 * then at most one go/no-go step, then steps that cannot fail for good and are retried until
 * they succeed. {@link SagaDefinition.Builder#build()} enforces that shape.
 *
 * <p>This enum is threadsafe (immutable).
 */
public enum StepKind {
    /** Can be undone by its compensation; compensated if a later step (up to the pivot) fails. */
    COMPENSATABLE,
    /**
     * The point of no return: if it succeeds, the saga runs to completion; if it fails for
     * good, the steps before it are compensated. Never compensated itself.
     */
    PIVOT,
    /** Follows the pivot; retried with backoff until it succeeds; never compensated. */
    RETRIABLE
}
