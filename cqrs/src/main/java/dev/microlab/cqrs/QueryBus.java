package dev.microlab.cqrs;

import dev.microlab.core.event.EventPublisher;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Routes each query to the one handler registered for its type: the read side's entry point,
 * with "read your writes" built in.
 *
 * <p>A handler registered with the {@link ProjectionPosition} of its read model can be asked
 * to wait: {@link #query(Query, long, Duration)} blocks until that read model includes the
 * given global position (the {@link CommandResult#position()} of the caller's last command),
 * or throws {@link StaleReadModelException} at the deadline, which the position reads from
 * its time source. {@link #query(Query)} answers at once from whatever the model has.
 *
 * <pre>{@code
 * QueryBus queries = new QueryBus();
 * queries.register(GetOrderSummary.class, summaries.position(), q -> summaries.read().find(q.orderId()));
 * CommandResult r = commands.dispatch(new ConfirmOrderCommand("42"));
 * Optional<OrderSummary> s = queries.query(new GetOrderSummary("42"), r.position(), Duration.ofSeconds(2));
 * }</pre>
 *
 * <p>This class is threadsafe.
 */
public final class QueryBus {

    private final ConcurrentHashMap<Class<?>, Route<?, ?>> routes = new ConcurrentHashMap<>();
    private final EventPublisher<QueryBusEvent> events = new EventPublisher<>("query bus");

    /** A bus with no handler. */
    public QueryBus() {
    }

    /**
     * Registers the handler of {@code type}, which cannot wait for positions.
     *
     * @throws IllegalStateException if {@code type} already has a handler
     */
    public <Q extends Query<R>, R> void register(Class<Q> type, QueryHandler<Q, R> handler) {
        add(type, null, handler);
    }

    /**
     * Registers the handler of {@code type}, answering from the read model whose position is
     * {@code readModel}.
     *
     * @throws IllegalStateException if {@code type} already has a handler
     */
    public <Q extends Query<R>, R> void register(Class<Q> type, ProjectionPosition readModel,
            QueryHandler<Q, R> handler) {
        add(type, Objects.requireNonNull(readModel, "readModel must not be null"), handler);
    }

    private <Q extends Query<R>, R> void add(Class<Q> type, ProjectionPosition readModel, QueryHandler<Q, R> handler) {
        Objects.requireNonNull(type, "type must not be null");
        Objects.requireNonNull(handler, "handler must not be null");
        if (routes.putIfAbsent(type, new Route<>(type, readModel, handler)) != null) {
            throw new IllegalStateException("a query handler is already registered for " + type.getName()
                    + "; a query type has exactly one handler");
        }
    }

    /**
     * Answers {@code query} at once, from the read model as it is.
     *
     * @throws NoHandlerException if no handler is registered for its type
     */
    public <R> R query(Query<R> query) {
        Objects.requireNonNull(query, "query must not be null");
        return route(query).answer(query);
    }

    /**
     * Answers {@code query} once its read model includes every event up to
     * {@code minPosition}, waiting at most {@code timeout}.
     *
     * @throws StaleReadModelException if the read model has not reached {@code minPosition} in
     *         time (by the position's time source), its projection is FAILED (then at once, with
     *         the failure attached), or the thread was interrupted (its interrupt flag is then set
     *         again)
     * @throws IllegalStateException if the handler was registered without a position
     * @throws NoHandlerException if no handler is registered for its type
     */
    public <R> R query(Query<R> query, long minPosition, Duration timeout) {
        Objects.requireNonNull(query, "query must not be null");
        Objects.requireNonNull(timeout, "timeout must not be null");
        Route<?, R> route = route(query);
        if (route.readModel == null) {
            throw new IllegalStateException("the handler of " + query.getClass().getName() + " was registered without"
                    + " a ProjectionPosition, so it cannot wait for position " + minPosition
                    + "; register it with register(type, projection.position(), handler)");
        }
        try {
            if (!route.readModel.awaitAtLeast(minPosition, timeout)) {
                throw stale(query, minPosition, route.readModel, timeout, null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw stale(query, minPosition, route.readModel, timeout, e);
        }
        return route.answer(query);
    }

    private StaleReadModelException stale(Query<?> query, long required, ProjectionPosition readModel,
            Duration timeout, InterruptedException cause) {
        long reached = readModel.current();
        ProjectionFailure failure = readModel.failure().orElse(null);
        if (events.hasListeners()) {
            events.publish(new QueryBusEvent.StaleRead(query.getClass(), required, reached));
        }
        return new StaleReadModelException(query.getClass(), required, reached, timeout, failure, cause);
    }

    /** Where the bus reports queries whose read model was behind; see {@link QueryBusEvent}. */
    public EventPublisher<QueryBusEvent> eventPublisher() {
        return events;
    }

    @SuppressWarnings("unchecked")
    private <R> Route<?, R> route(Query<R> query) {
        Route<?, ?> route = routes.get(query.getClass());
        if (route == null) {
            throw new NoHandlerException("query", query.getClass());
        }
        return (Route<?, R>) route;
    }

    /** Whether {@code type} has a handler. */
    public boolean hasHandler(Class<?> type) {
        return routes.containsKey(Objects.requireNonNull(type, "type must not be null"));
    }

    private record Route<Q extends Query<R>, R>(Class<Q> type, ProjectionPosition readModel,
            QueryHandler<Q, R> handler) {
        R answer(Query<R> query) {
            return handler.handle(type.cast(query));
        }
    }
}
