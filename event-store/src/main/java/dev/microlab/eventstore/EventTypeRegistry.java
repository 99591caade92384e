package dev.microlab.eventstore;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Maps stable type aliases to Java classes (and back), with the current schema revision of
 * each, plus the upcasters that bring older revisions up to date. Stored events name their
 * type by alias, so a class can be renamed or moved by changing one line here.
 *
 * <pre>{@code
 * EventTypeRegistry types = EventTypeRegistry.builder()
 *         .register("order-placed", 2, OrderPlaced.class)
 *         .register("order-paid", OrderPaid.class)                     // revision 1
 *         .upcaster(Upcaster.of("order-placed", 1, json -> json.put("currency", "EUR")))
 *         .build();
 * }</pre>
 *
 * <p>This class is threadsafe (immutable once built).
 */
public final class EventTypeRegistry {

    /**
     * One registered event type: the alias stored events name it by, its current schema revision
     * and its Java class.
     *
     * @param alias the stable name stored events carry
     * @param revision the current schema revision
     * @param type the Java class
     */
    public record RegisteredType(String alias, int revision, Class<?> type) {
    }

    private final Map<String, RegisteredType> byAlias;
    private final Map<Class<?>, RegisteredType> byClass;
    private final Map<String, Upcaster> upcasters; // key: type + "@" + revision
    private final Set<String> upcastTypes;         // the types some upcaster reads

    private EventTypeRegistry(Builder b) {
        this.byAlias = Map.copyOf(b.byAlias);
        this.byClass = Map.copyOf(b.byClass);
        this.upcasters = Map.copyOf(b.upcasters);
        Set<String> types = new HashSet<>();
        b.upcasters.values().forEach(u -> types.add(u.type()));
        this.upcastTypes = Set.copyOf(types);
    }

    /** An empty builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The registered type of {@code alias}, if any. */
    public Optional<RegisteredType> forAlias(String alias) {
        return Optional.ofNullable(byAlias.get(Objects.requireNonNull(alias, "alias must not be null")));
    }

    /**
     * The registered type of {@code type}.
     *
     * @throws IllegalArgumentException if the class is not registered
     */
    public RegisteredType forClass(Class<?> type) {
        Objects.requireNonNull(type, "type must not be null");
        RegisteredType r = byClass.get(type);
        if (r == null) {
            throw new IllegalArgumentException("class " + type.getName() + " is not registered in the event type"
                    + " registry; register it with an alias, e.g. register(\"order-placed\", " + type.getSimpleName()
                    + ".class)");
        }
        return r;
    }

    /**
     * Applies upcasters, chained, until no upcaster matches the event's (type, revision).
     *
     * @throws IllegalStateException if the chain loops (more than 1000 steps)
     */
    public Upcaster.Intermediate upcast(Upcaster.Intermediate event) {
        Upcaster.Intermediate current = Objects.requireNonNull(event, "event must not be null");
        for (int steps = 0; steps < 1000; steps++) {
            Upcaster upcaster = upcasters.get(key(current.type(), current.revision()));
            if (upcaster == null) {
                return current;
            }
            Upcaster.Intermediate next = Objects.requireNonNull(upcaster.upcast(current),
                    () -> upcaster + " returned null");
            if (next.type().equals(current.type()) && next.revision() == current.revision()) {
                throw new IllegalStateException(upcaster + " returned the same type and revision "
                        + current.type() + " r" + current.revision() + "; an upcaster must move the revision on");
            }
            current = next;
        }
        throw new IllegalStateException("upcaster chain for '" + event.type() + "' r" + event.revision()
                + " did not end after 1000 steps; check for a cycle");
    }

    /**
     * Whether an upcaster reads stored events of {@code type} at {@code revision}; without one,
     * {@link #upcast} returns such an event unchanged. For the {@link EventSerializer}'s
     * direct read, so that the common case (no upcaster for the type) builds no key.
     */
    boolean hasUpcaster(String type, int revision) {
        return upcastTypes.contains(type) && upcasters.containsKey(key(type, revision));
    }

    /** The registered type of {@code alias}, or null: the allocation-free {@link #forAlias}. */
    RegisteredType registeredTypeOf(String alias) {
        return byAlias.get(alias);
    }

    private static String key(String type, int revision) {
        return type + "@" + revision;
    }

    /** Collects registrations. Not threadsafe; build once. */
    public static final class Builder {
        private final Map<String, RegisteredType> byAlias = new HashMap<>();
        private final Map<Class<?>, RegisteredType> byClass = new HashMap<>();
        private final Map<String, Upcaster> upcasters = new HashMap<>();

        private Builder() {
        }

        /** Registers {@code type} under {@code alias} with revision 1. */
        public Builder register(String alias, Class<?> type) {
            return register(alias, 1, type);
        }

        /**
         * Registers {@code type} under {@code alias}; new events are written with
         * {@code revision}, and stored events of that alias must be upcast to it.
         *
         * @throws IllegalArgumentException if the alias or the class is already registered,
         *         the alias is invalid or the revision below 1
         */
        public Builder register(String alias, int revision, Class<?> type) {
            EventData.validateType(alias);
            Objects.requireNonNull(type, "type must not be null");
            if (revision < 1) {
                throw new IllegalArgumentException("revision must be >= 1, but was " + revision);
            }
            if (byAlias.containsKey(alias)) {
                throw new IllegalArgumentException("alias '" + alias + "' is already registered for "
                        + byAlias.get(alias).type().getName());
            }
            if (byClass.containsKey(type)) {
                throw new IllegalArgumentException("class " + type.getName() + " is already registered as '"
                        + byClass.get(type).alias() + "'");
            }
            RegisteredType r = new RegisteredType(alias, revision, type);
            byAlias.put(alias, r);
            byClass.put(type, r);
            return this;
        }

        /**
         * Adds an upcaster for stored events of its (type, fromRevision).
         *
         * @throws IllegalArgumentException if one is already registered for that pair
         */
        public Builder upcaster(Upcaster upcaster) {
            Objects.requireNonNull(upcaster, "upcaster must not be null");
            String key = key(EventData.validateType(upcaster.type()), upcaster.fromRevision());
            if (upcasters.putIfAbsent(key, upcaster) != null) {
                throw new IllegalArgumentException("an upcaster for '" + upcaster.type() + "' revision "
                        + upcaster.fromRevision() + " is already registered");
            }
            return this;
        }

        /** The registry. */
        public EventTypeRegistry build() {
            return new EventTypeRegistry(this);
        }
    }
}
