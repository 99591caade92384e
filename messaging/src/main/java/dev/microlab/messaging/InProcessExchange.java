package dev.microlab.messaging;

import dev.microlab.messaging.internal.HeadersMatcher;
import dev.microlab.messaging.internal.TopicMatcher;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * An exchange of the {@link InProcessBroker}: its bindings, copied on write (bindings change
 * rarely, routing happens on every publish and takes no lock).
 */
final class InProcessExchange {

    /** One binding; the topic pattern is compiled once. */
    record Binding(String queue, String key, Map<String, Object> args, TopicMatcher topic) {
        boolean sameAs(String q, String k, Map<String, ?> a) {
            return queue.equals(q) && key.equals(k) && args.equals(a);
        }
    }

    private static final Binding[] NONE = new Binding[0];

    final ExchangeSpec spec;
    private volatile Binding[] bindings = NONE;

    InProcessExchange(ExchangeSpec spec) {
        this.spec = spec;
    }

    /** Adds a binding unless it exists; called under the broker's topology lock. */
    boolean bind(String queue, String key, Map<String, Object> args) {
        for (Binding b : bindings) {
            if (b.sameAs(queue, key, args)) {
                return false;
            }
        }
        Binding[] next = Arrays.copyOf(bindings, bindings.length + 1);
        next[bindings.length] = new Binding(queue, key, args,
                spec.type() == ExchangeType.TOPIC ? TopicMatcher.compile(key) : null);
        bindings = next;
        return true;
    }

    /** Removes a binding; called under the broker's topology lock. */
    boolean unbind(String queue, String key, Map<String, ?> args) {
        List<Binding> kept = new ArrayList<>();
        boolean removed = false;
        for (Binding b : bindings) {
            if (b.sameAs(queue, key, args)) {
                removed = true;
            } else {
                kept.add(b);
            }
        }
        bindings = kept.toArray(NONE);
        return removed;
    }

    /** Removes every binding to {@code queue}; called under the broker's topology lock. */
    void unbindQueue(String queue) {
        List<Binding> kept = new ArrayList<>();
        for (Binding b : bindings) {
            if (!b.queue().equals(queue)) {
                kept.add(b);
            }
        }
        bindings = kept.toArray(NONE);
    }

    /** The names of the queues a message goes to, each once, in binding order. */
    List<String> route(String routingKey, Map<String, Object> headers) {
        Binding[] current = bindings;
        List<String> targets = new ArrayList<>(Math.min(current.length, 4));
        for (Binding b : current) {
            boolean match = switch (spec.type()) {
                case DIRECT -> b.key().equals(routingKey);
                case FANOUT -> true;
                case TOPIC -> b.topic().matches(routingKey);
                case HEADERS -> HeadersMatcher.matches(b.args(), headers);
            };
            if (match && !targets.contains(b.queue())) {
                targets.add(b.queue());
            }
        }
        return targets;
    }
}
