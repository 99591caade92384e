package dev.microlab.core.event;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one event mechanism every microlab pattern uses to tell the outside world what it did.
 *
 * <p>Listeners can be added and removed at any time, from any thread. Publishing is cheap
 * when nobody listens: a pattern guards event creation with {@link #hasListeners()} (one
 * volatile read) or uses {@link #publish(Supplier)}, so no event object is allocated on a hot
 * path that nobody observes.
 *
 * <pre>{@code
 * EventPublisher<BreakerEvent> events = new EventPublisher<>("circuit breaker 'payments'");
 * EventPublisher.ListenerRegistration reg = events.subscribe(e -> log.info("{}", e));
 * if (events.hasListeners()) {
 *     events.publish(new StateTransition(CLOSED, OPEN));
 * }
 * reg.close();   // stop listening
 * }</pre>
 *
 * <p>A listener that throws is logged through SLF4J at WARN with the publisher's name and the
 * event, and the remaining listeners still run. Listeners run in registration order.
 *
 * <p>This class is threadsafe. Registration is copy-on-write (rare); publishing reads a
 * volatile array and takes no lock.
 *
 * @param <E> the event type
 */
public final class EventPublisher<E> {

    private static final Logger LOG = LoggerFactory.getLogger(EventPublisher.class);
    private static final EventListener<?>[] NONE = new EventListener<?>[0];

    private final String owner;
    private volatile EventListener<?>[] listeners = NONE;

    /**
     * A publisher with no listeners.
     *
     * @param owner names the pattern instance in log messages, e.g. {@code "circuit breaker 'payments'"}
     */
    public EventPublisher(String owner) {
        this.owner = Objects.requireNonNull(owner, "owner must not be null");
    }

    /**
     * Adds a listener; it receives every event published after this call returns.
     *
     * @return a registration whose {@link ListenerRegistration#close()} removes the listener
     * @throws NullPointerException if {@code listener} is null
     */
    public ListenerRegistration subscribe(EventListener<? super E> listener) {
        Objects.requireNonNull(listener, "listener must not be null");
        synchronized (this) {
            EventListener<?>[] current = listeners;
            EventListener<?>[] next = Arrays.copyOf(current, current.length + 1);
            next[current.length] = listener;
            listeners = next;
        }
        return () -> unsubscribe(listener);
    }

    /**
     * Removes one registration of {@code listener}.
     *
     * @return true if it was registered
     */
    public boolean unsubscribe(EventListener<? super E> listener) {
        Objects.requireNonNull(listener, "listener must not be null");
        synchronized (this) {
            EventListener<?>[] current = listeners;
            for (int i = 0; i < current.length; i++) {
                if (current[i] == listener) {
                    EventListener<?>[] next = new EventListener<?>[current.length - 1];
                    System.arraycopy(current, 0, next, 0, i);
                    System.arraycopy(current, i + 1, next, i, current.length - i - 1);
                    listeners = next;
                    return true;
                }
            }
            return false;
        }
    }

    /** Whether any listener is registered; guard event allocation with it. */
    public boolean hasListeners() {
        return listeners.length != 0;
    }

    /** How many listeners are registered. */
    public int listenerCount() {
        return listeners.length;
    }

    /**
     * Delivers {@code event} to every listener, in registration order. Never throws because
     * of a listener.
     *
     * @throws NullPointerException if {@code event} is null
     */
    public void publish(E event) {
        Objects.requireNonNull(event, "event must not be null");
        deliver(listeners, event);
    }

    /**
     * Creates the event with {@code factory} and delivers it, only if somebody listens.
     *
     * @throws NullPointerException if {@code factory} is null or returns null
     */
    public void publish(Supplier<? extends E> factory) {
        Objects.requireNonNull(factory, "factory must not be null");
        EventListener<?>[] current = listeners;
        if (current.length == 0) {
            return;
        }
        E event = Objects.requireNonNull(factory.get(), "event factory returned null");
        deliver(current, event);
    }

    @SuppressWarnings("unchecked")
    private void deliver(EventListener<?>[] current, E event) {
        for (EventListener<?> listener : current) {
            try {
                ((EventListener<? super E>) listener).onEvent(event);
            } catch (RuntimeException | Error e) {
                if (e instanceof VirtualMachineError) {
                    throw (VirtualMachineError) e;
                }
                LOG.warn("A listener of {} threw while handling {}; the other listeners still run",
                        owner, event, e);
            }
        }
    }

    @Override
    public String toString() {
        return "EventPublisher[" + owner + ", listeners=" + listeners.length + "]";
    }

    /** A listener's registration; closing it removes the listener. Closing twice is harmless. */
    @FunctionalInterface
    public interface ListenerRegistration extends AutoCloseable {
        @Override
        void close();
    }
}
