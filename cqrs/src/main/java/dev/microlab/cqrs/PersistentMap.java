package dev.microlab.cqrs;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * An immutable map whose {@link #with} and {@link #without} share structure with the map they
 * came from: a persistent hash trie (32 children per branch, the key's hash read 5 bits per
 * level). It is the map to keep a keyed read model in.
 *
 * <p>Why: a {@link Projection} commits its model and its checkpoint as one immutable value, so
 * every event makes a new model. Copying a whole {@code HashMap} per event costs O(entries) time
 * and bytes (a read model of 100k orders would copy 100k entries per event). {@code with} and
 * {@code without} copy only the path from the root to the changed key: at most 7 arrays of 32
 * references, in practice {@code log32(size)} of them, while the old map stays valid and
 * unchanged for the readers of the previous model.
 *
 * <pre>{@code
 * record Summaries(PersistentMap<String, OrderView> orders) { }
 *
 * Projection.builder("order-views", store, serializer,
 *                 InMemoryProjectionStore.factory(new Summaries(PersistentMap.empty())))
 *         .on(OrderPlaced.class, (model, e, recorded) ->
 *                 new Summaries(model.orders().with(e.orderId(), OrderView.placed(e))))
 *         .on(OrderDeleted.class, (model, e, recorded) ->
 *                 new Summaries(model.orders().without(e.orderId())));
 * }</pre>
 *
 * <p>It is a read-only {@link Map}: {@code get}, {@code containsKey}, {@code size} and iteration
 * work as usual ({@code get} and {@code containsKey} in O(log32 n)); the mutators of
 * {@code Map} throw {@link UnsupportedOperationException}. It equals any {@code Map} with the
 * same entries. Iteration order is unspecified. Keys with the same full hash share one leaf
 * (compared with {@code equals}). No null keys or values.
 *
 * <p>This class is threadsafe (immutable).
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class PersistentMap<K, V> extends AbstractMap<K, V> {

    private static final int BITS = 5;
    private static final int WIDTH = 1 << BITS;
    private static final int MASK = WIDTH - 1;
    private static final PersistentMap<?, ?> EMPTY = new PersistentMap<>(new Object[WIDTH], 0);

    /** A branch: each slot is null, another {@code Object[]} branch, or a {@link Leaf}. */
    private final Object[] root;
    private final int size;

    private PersistentMap(Object[] root, int size) {
        this.root = root;
        this.size = size;
    }

    /**
     * The empty map.
     *
     * @param <K> the key type
     * @param <V> the value type
     * @return the empty map (one shared instance)
     */
    @SuppressWarnings("unchecked")
    public static <K, V> PersistentMap<K, V> empty() {
        return (PersistentMap<K, V>) EMPTY;
    }

    /**
     * {@code map} itself if it is a {@code PersistentMap} (O(1)), else a copy of its entries.
     *
     * @param map the entries
     * @param <K> the key type
     * @param <V> the value type
     * @return a persistent map with the same entries
     * @throws NullPointerException if {@code map}, or one of its keys or values, is null
     */
    public static <K, V> PersistentMap<K, V> copyOf(Map<K, V> map) {
        Objects.requireNonNull(map, "map must not be null");
        if (map instanceof PersistentMap<K, V> trie) {
            return trie;
        }
        PersistentMap<K, V> copy = empty();
        for (Map.Entry<K, V> e : map.entrySet()) {
            copy = copy.with(e.getKey(), e.getValue());
        }
        return copy;
    }

    /**
     * A map with {@code key} mapped to {@code value} (added or replaced); this map is unchanged.
     *
     * @param key   the key
     * @param value its value
     * @return the new map, sharing every path but the key's with this one
     * @throws NullPointerException naming {@code key} or {@code value} when it is null
     */
    public PersistentMap<K, V> with(K key, V value) {
        Objects.requireNonNull(key, "key must not be null");
        Objects.requireNonNull(value, "value must not be null");
        int hash = hash(key);
        boolean added = find(key, hash) == null;
        return new PersistentMap<>(put(root, 0, hash, key, value), added ? size + 1 : size);
    }

    /**
     * A map without {@code key}; this map is unchanged. Without such a key, this map itself.
     *
     * @param key the key to remove
     * @return the new map, sharing every path but the key's with this one
     * @throws NullPointerException naming {@code key} when it is null
     */
    public PersistentMap<K, V> without(K key) {
        Objects.requireNonNull(key, "key must not be null");
        int hash = hash(key);
        if (find(key, hash) == null) {
            return this;
        }
        if (size == 1) {
            return empty();
        }
        return new PersistentMap<>(remove(root, 0, hash, key), size - 1);
    }

    @Override
    public V get(Object key) {
        return key == null ? null : find(key, hash(key));
    }

    @Override
    public boolean containsKey(Object key) {
        return get(key) != null;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public Set<Map.Entry<K, V>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<K, V>> iterator() {
                return new Entries<>(root);
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    private static int hash(Object key) {
        int h = key.hashCode();
        return h ^ (h >>> 16);
    }

    private V find(Object key, int hash) {
        Object[] branch = root;
        for (int shift = 0; ; shift += BITS) {
            Object slot = branch[(hash >>> shift) & MASK];
            if (slot == null) {
                return null;
            }
            if (slot instanceof Leaf<?, ?> leaf) {
                @SuppressWarnings("unchecked")
                V found = leaf.hash == hash ? ((Leaf<K, V>) leaf).get(key) : null;
                return found;
            }
            branch = (Object[]) slot;
        }
    }

    /** A copy of {@code branch} (and of the path below it) with the key put; shares every other slot. */
    private static <K, V> Object[] put(Object[] branch, int shift, int hash, K key, V value) {
        int i = (hash >>> shift) & MASK;
        Object slot = branch[i];
        Object replacement;
        if (slot == null) {
            replacement = new Leaf<>(hash, new Map.Entry<?, ?>[] {Map.entry(key, value)});
        } else if (slot instanceof Leaf<?, ?> leaf) {
            if (leaf.hash == hash) {
                @SuppressWarnings("unchecked")
                Leaf<K, V> same = (Leaf<K, V>) leaf;
                replacement = same.with(key, value);
            } else {
                // two different hashes in one slot: push the old leaf one level down, then put there
                Object[] deeper = new Object[WIDTH];
                deeper[(leaf.hash >>> (shift + BITS)) & MASK] = leaf;
                replacement = put(deeper, shift + BITS, hash, key, value);
            }
        } else {
            replacement = put((Object[]) slot, shift + BITS, hash, key, value);
        }
        Object[] copy = branch.clone();
        copy[i] = replacement;
        return copy;
    }

    /**
     * A copy of {@code branch} (and of the path below it) without the key, which is present;
     * null when the copy would be an empty branch below the root (the parent drops the slot).
     */
    private static <K> Object[] remove(Object[] branch, int shift, int hash, K key) {
        int i = (hash >>> shift) & MASK;
        Object slot = branch[i];
        Object replacement;
        if (slot instanceof Leaf<?, ?> leaf) {
            replacement = leaf.without(key);
        } else {
            replacement = remove((Object[]) slot, shift + BITS, hash, key);
        }
        Object[] copy = branch.clone();
        copy[i] = replacement;
        if (replacement == null && shift > 0 && isEmpty(copy)) {
            return null;
        }
        return copy;
    }

    private static boolean isEmpty(Object[] branch) {
        for (Object slot : branch) {
            if (slot != null) {
                return false;
            }
        }
        return true;
    }

    /** The entries whose keys share one full hash (almost always one entry). */
    private static final class Leaf<K, V> {
        final int hash;
        final Map.Entry<?, ?>[] entries;

        Leaf(int hash, Map.Entry<?, ?>[] entries) {
            this.hash = hash;
            this.entries = entries;
        }

        @SuppressWarnings("unchecked")
        V get(Object key) {
            for (Map.Entry<?, ?> e : entries) {
                if (e.getKey().equals(key)) {
                    return (V) e.getValue();
                }
            }
            return null;
        }

        Leaf<K, V> with(K key, V value) {
            for (int i = 0; i < entries.length; i++) {
                if (entries[i].getKey().equals(key)) {
                    Map.Entry<?, ?>[] copy = entries.clone();
                    copy[i] = Map.entry(key, value);
                    return new Leaf<>(hash, copy);
                }
            }
            Map.Entry<?, ?>[] more = Arrays.copyOf(entries, entries.length + 1);
            more[entries.length] = Map.entry(key, value);
            return new Leaf<>(hash, more);
        }

        /** This leaf without {@code key} (which it holds), or null when nothing is left. */
        Leaf<K, V> without(Object key) {
            if (entries.length == 1) {
                return null;
            }
            Map.Entry<?, ?>[] fewer = new Map.Entry<?, ?>[entries.length - 1];
            int j = 0;
            for (Map.Entry<?, ?> e : entries) {
                if (!e.getKey().equals(key)) {
                    fewer[j++] = e;
                }
            }
            return new Leaf<>(hash, fewer);
        }
    }

    /** Depth-first over the trie. */
    private static final class Entries<K, V> implements Iterator<Map.Entry<K, V>> {
        private final Deque<Object> pending = new ArrayDeque<>();
        private Map.Entry<?, ?>[] leaf = new Map.Entry<?, ?>[0];
        private int next;

        Entries(Object[] root) {
            pushChildren(root);
        }

        private void pushChildren(Object[] branch) {
            for (int i = branch.length - 1; i >= 0; i--) {
                if (branch[i] != null) {
                    pending.push(branch[i]);
                }
            }
        }

        @Override
        public boolean hasNext() {
            while (next == leaf.length) {
                if (pending.isEmpty()) {
                    return false;
                }
                Object slot = pending.pop();
                if (slot instanceof Leaf<?, ?> l) {
                    leaf = l.entries;
                    next = 0;
                } else {
                    pushChildren((Object[]) slot);
                }
            }
            return true;
        }

        @Override
        @SuppressWarnings("unchecked")
        public Map.Entry<K, V> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return (Map.Entry<K, V>) leaf[next++];
        }
    }
}
