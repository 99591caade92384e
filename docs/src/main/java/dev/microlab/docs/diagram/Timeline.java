package dev.microlab.docs.diagram;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A Mermaid {@code timeline}: what happened at each moment of virtual time, e.g. the leases
 * and ejections of a service registry, or the attempts of a retry.
 *
 * <pre>{@code
 * Timeline t = new Timeline("retry on a flaky dependency");
 * t.at("+0.000 s", "attempt 1 fails", "backoff 100 ms");
 * t.at("+0.100 s", "attempt 2 succeeds");
 * }</pre>
 *
 * <p>Mermaid separates a period from its events with {@code :}, so colons inside periods and
 * events are drawn as the look-alike {@code ∶} (ratio sign). This class is threadsafe.
 */
public final class Timeline implements Diagram {

    private final String title;
    private final List<String> periods = new ArrayList<>();
    private final List<List<String>> events = new ArrayList<>();

    /** An empty timeline. */
    public Timeline(String title) {
        this.title = Objects.requireNonNull(title, "title must not be null");
    }

    @Override
    public String title() {
        return title;
    }

    /**
     * Adds one period with its events, in the order given. Events at the same period as the
     * previous call join that period's row, so several things that happen at one instant are
     * drawn together.
     *
     * @throws IllegalArgumentException if no event is given
     */
    public synchronized Timeline at(String period, String... events) {
        Objects.requireNonNull(period, "period must not be null");
        Objects.requireNonNull(events, "events must not be null");
        if (events.length == 0) {
            throw new IllegalArgumentException("events must name at least one event for period '" + period + "'");
        }
        String key = text(period);
        if (periods.isEmpty() || !periods.get(periods.size() - 1).equals(key)) {
            periods.add(key);
            this.events.add(new ArrayList<>());
        }
        List<String> row = this.events.get(this.events.size() - 1);
        for (String event : events) {
            row.add(text(Objects.requireNonNull(event, "event must not be null")));
        }
        return this;
    }

    private static String text(String s) {
        return Diagram.label(s).replace(":", "∶");
    }

    @Override
    public synchronized String render() {
        StringBuilder sb = new StringBuilder("timeline\n");
        sb.append("    title ").append(text(title)).append('\n');
        for (int i = 0; i < periods.size(); i++) {
            sb.append("    ").append(periods.get(i));
            events.get(i).forEach(e -> sb.append(" : ").append(e));
            sb.append('\n');
        }
        return sb.toString();
    }
}
