package dev.microlab.observability;

import dev.microlab.core.event.EventListener;
import dev.microlab.core.event.EventPublisher;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The meters (and event subscriptions) that {@link MicrolabMetrics} registered for one component.
 * {@link #close()} removes them all from the registry, e.g. when the breaker they describe is
 * removed from its {@code CircuitBreakerRegistry}; after that, binding the component again
 * registers fresh meters. Meters a binding adds later (a saga type seen for the first time, a
 * new service in the registry) belong to it too.
 *
 * <p>This class is threadsafe.
 */
public final class MeterBinding implements AutoCloseable {

    private final MeterRegistry registry;
    private final Runnable onClose;
    private final List<Meter> meters = new ArrayList<>();
    private final List<EventPublisher.ListenerRegistration> subscriptions = new ArrayList<>();
    private boolean closed;

    MeterBinding(MeterRegistry registry, Runnable onClose) {
        this.registry = registry;
        this.onClose = onClose;
    }

    /** The meters registered for the component so far, in the order they were registered. */
    public synchronized List<Meter> meters() {
        return List.copyOf(meters);
    }

    /** Whether {@link #close()} was called. */
    public synchronized boolean isClosed() {
        return closed;
    }

    /** Stops listening to the component and removes its meters from the registry. Idempotent. */
    @Override
    public void close() {
        List<Meter> toRemove;
        List<EventPublisher.ListenerRegistration> toCancel;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toRemove = List.copyOf(meters);
            toCancel = List.copyOf(subscriptions);
            meters.clear();
            subscriptions.clear();
        }
        toCancel.forEach(EventPublisher.ListenerRegistration::close);
        toRemove.forEach(registry::remove);
        onClose.run();
    }

    @Override
    public synchronized String toString() {
        return "MeterBinding[" + meters.size() + " meters" + (closed ? ", closed]" : "]");
    }

    // ------------------------------------------------------- used by MicrolabMetrics while binding

    <T> void gauge(String name, String description, String unit, Tags tags, T obj, ToDoubleFunction<T> f) {
        add(Gauge.builder(name, obj, f).description(description).baseUnit(unit).tags(tags).register(registry));
    }

    <T> void functionCounter(String name, String description, String unit, Tags tags, T obj, ToDoubleFunction<T> f) {
        add(FunctionCounter.builder(name, obj, f).description(description).baseUnit(unit).tags(tags)
                .register(registry));
    }

    Counter counter(String name, String description, Tags tags) {
        return add(Counter.builder(name).description(description).tags(tags).register(registry));
    }

    Timer timer(String name, String description, Tags tags) {
        return add(Timer.builder(name).description(description).tags(tags).register(registry));
    }

    <E> void subscribe(EventPublisher<E> events, EventListener<E> listener) {
        EventPublisher.ListenerRegistration registration = events.subscribe(listener);
        synchronized (this) {
            if (!closed) {
                subscriptions.add(registration);
                return;
            }
        }
        registration.close();
    }

    private <M extends Meter> M add(M meter) {
        synchronized (this) {
            if (!closed) {
                if (!meters.contains(meter)) {
                    meters.add(meter);
                }
                return meter;
            }
        }
        registry.remove(meter); // a late event after close: don't leave the meter behind
        return meter;
    }
}
