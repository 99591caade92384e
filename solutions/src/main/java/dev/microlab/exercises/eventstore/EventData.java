package dev.microlab.exercises.eventstore;

import java.util.Objects;

/**
 * An event to append: its type ({@code "MoneyDeposited"}) and its payload (here a string, e.g. JSON).
 */
public record EventData(String type, String payload) {

    public EventData {
        Objects.requireNonNull(type, "type must not be null");
        Objects.requireNonNull(payload, "payload must not be null");
    }
}
