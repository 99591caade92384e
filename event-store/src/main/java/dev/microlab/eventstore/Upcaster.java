package dev.microlab.eventstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Turns a stored event of one (type, revision) into the next shape, on read. Stored events
 * are never rewritten; the registry chains upcasters (r1 → r2 → r3 ...) until the event has
 * the revision of its registered class.
 *
 * <pre>{@code
 * // revision 1 had "amount" in cents as a number; revision 2 has "amount": {"cents": .., "currency": ..}
 * Upcaster v1to2 = Upcaster.of("order-placed", 1, json -> {
 *     long cents = json.get("amount").asLong();
 *     json.putObject("amount").put("cents", cents).put("currency", "EUR");
 *     return json;
 * });
 * }</pre>
 *
 * <p>Implementations must be threadsafe (stateless, usually).
 */
public interface Upcaster {

    /** The stored type alias this upcaster reads. */
    String type();

    /** The stored revision this upcaster reads. */
    int fromRevision();

    /**
     * The event in its next shape. The result must differ from the input in type or
     * revision (a higher revision, usually), or the chain would not end.
     */
    Intermediate upcast(Intermediate event);

    /** An event on its way through the chain: type alias, revision and JSON data. */
    record Intermediate(String type, int revision, JsonNode data) {
        /** Validates. */
        public Intermediate {
            EventData.validateType(type);
            if (revision < 1) {
                throw new IllegalArgumentException("revision must be >= 1, but was " + revision);
            }
            Objects.requireNonNull(data, "data must not be null");
        }
    }

    /**
     * An upcaster that keeps the type, moves {@code fromRevision} to {@code fromRevision + 1}
     * and rewrites the JSON object with {@code change} (which may modify and return its argument).
     */
    static Upcaster of(String type, int fromRevision, UnaryOperator<ObjectNode> change) {
        EventData.validateType(type);
        Objects.requireNonNull(change, "change must not be null");
        if (fromRevision < 1) {
            throw new IllegalArgumentException("fromRevision must be >= 1, but was " + fromRevision);
        }
        return new Upcaster() {
            @Override
            public String type() {
                return type;
            }

            @Override
            public int fromRevision() {
                return fromRevision;
            }

            @Override
            public Intermediate upcast(Intermediate event) {
                if (!(event.data() instanceof ObjectNode object)) {
                    throw new IllegalArgumentException("upcaster for '" + type + "' r" + fromRevision
                            + " expects a JSON object, but got " + event.data().getNodeType());
                }
                ObjectNode result = Objects.requireNonNull(change.apply(object.deepCopy()),
                        "upcaster change returned null");
                return new Intermediate(type, fromRevision + 1, result);
            }

            @Override
            public String toString() {
                return "Upcaster[" + type + " r" + fromRevision + " -> r" + (fromRevision + 1) + "]";
            }
        };
    }
}
