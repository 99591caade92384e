package dev.microlab.core.event;

/**
 * Receives the events a pattern publishes (state transitions, rejected calls, retries...).
 *
 * <p>Listeners run synchronously on the thread that caused the event, outside any lock of
 * the pattern. Keep them quick. A listener that throws is logged and skipped: it never breaks
 * the call that published the event, nor the other listeners.
 *
 * @param <E> the event type, usually a sealed interface of records
 */
@FunctionalInterface
public interface EventListener<E> {

    /** Called once for each published event. */
    void onEvent(E event);
}
