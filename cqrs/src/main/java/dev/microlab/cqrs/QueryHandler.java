package dev.microlab.cqrs;

/**
 * Answers one query type from a read model. Must not write anything: queries are free of
 * side effects, so they can be repeated, cached and served from replicas.
 *
 * <pre>{@code
 * queries.register(GetOrderSummary.class, summaries.position(),
 *         q -> summaries.read().find(q.orderId()));
 * }</pre>
 *
 * <p>Implementations must be threadsafe: queries run on any number of threads at once.
 *
 * @param <Q> the query type
 * @param <R> the answer type
 */
@FunctionalInterface
public interface QueryHandler<Q extends Query<R>, R> {

    /** The answer to {@code query}. */
    R handle(Q query);
}
