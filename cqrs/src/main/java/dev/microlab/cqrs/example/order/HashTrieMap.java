package dev.microlab.cqrs.example.order;

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
 * An immutable map whose {@link #with} shares structure with the map it came from: a persistent
 * hash trie (32 children per branch, the key's hash read 5 bits per level).
 *
 * <p>Why it exists: a projection commits its model and its checkpoint as one immutable value, so
 * every event makes a new model. Copying a whole {@code HashMap} per event costs O(orders) time
 * and bytes (a read model of 100k orders would copy 100k entries per event). {@code with} copies
 * only the path from the root to the changed key: at most 7 arrays of 32 references, in practice
 * {@code log32(size)} of them, while the old map stays valid and unchanged for its readers.
 *
 * <pre>{@code
 * HashTrieMap<String, Integer> a = HashTrieMap.<String, Integer>empty().with("x", 1);
 * HashTrieMap<String, Integer> b = a.with("y", 2);   // a still has one entry
 * }</pre>
 *
 * <p>Keys with the same full hash share one leaf (compared with {@code equals}). No null keys or
 * values. There is no removal: the order read model never removes an order.
 *
 * <p>This class is threadsafe (immutable).
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class HashTrieMap<K, V> extends AbstractMap<K, V> {

    private static final int BITS = 5;
    private static final int WIDTH = 1 << BITS;
    private static final int MASK = WIDTH - 1;
    private static final HashTrieMap<?, ?> EMPTY = new HashTrieMap<>(new Object[WIDTH], 0);

    /** A branch: each slot is null, another {@code Object[]} branch, or a {@link Leaf}. */
    private final Object[] root;
    private final int size;

    private HashTrieMap(Object[] root, int size) {
        this.root = root;
        this.size = size;
    }

    /** The empty map. */
    @SuppressWarnings("unchecked")
    static <K, V> HashTrieMap<K, V> empty() {
        return (HashTrieMap<K, V>) EMPTY;
    }

    /** {@code map} itself if it is a {@code HashTrieMap}, else a copy of it. */
    static <K, V> HashTrieMap<K, V> copyOf(Map<K, V> map) {
        Objects.requireNonNull(map, "map must not be null");
        if (map instanceof HashTrieMap<K, V> trie) {
            return trie;
        }
        HashTrieMap<K, V> copy = empty();
        for (Map.Entry<K, V> e : map.entrySet()) {
            copy = copy.with(e.getKey(), e.getValue());
        }
        return copy;
    }

    /** A map with {@code key} mapped to {@code value}; this map is unchanged. */
    HashTrieMap<K, V> with(K key, V value) {
        Objects.requireNonNull(key, "key must not be null");
        Objects.requireNonNull(value, "value must not be null");
        int hash = hash(key);
        boolean added = find(key, hash) == null;
        return new HashTrieMap<>(put(root, 0, hash, key, value), added ? size + 1 : size);
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
