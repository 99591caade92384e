package dev.microlab.messaging.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * RabbitMQ's topic matching: keys and patterns are lists of words separated by {@code .};
 * in a pattern {@code *} matches exactly one word and {@code #} zero or more words.
 *
 * <p>Edge cases follow {@code rabbit_exchange_type_topic}: the empty key has zero words (so
 * {@code #} matches it and {@code *} does not); {@code "a..b"} has an empty middle word;
 * a {@code *} or {@code #} is a wildcard only as a whole word ({@code "a*"} is literal).
 *
 * <p>A pattern is compiled once per binding; matching is a backtracking-free dynamic
 * programme over the words, O(words × pattern words) in the worst case, with no allocation
 * beyond splitting the key.
 *
 * <p>This class is threadsafe (immutable).
 */
public final class TopicMatcher {

    private static final String[] NO_WORDS = new String[0];

    private final String[] pattern;
    private final boolean literal;

    private TopicMatcher(String[] pattern) {
        this.pattern = pattern;
        boolean anyWildcard = false;
        for (String w : pattern) {
            anyWildcard |= w.equals("*") || w.equals("#");
        }
        this.literal = !anyWildcard;
    }

    /** Compiles a binding pattern. */
    public static TopicMatcher compile(String bindingKey) {
        return new TopicMatcher(words(bindingKey));
    }

    /** Whether {@code routingKey} matches {@code bindingKey}. */
    public static boolean matches(String bindingKey, String routingKey) {
        return compile(bindingKey).matches(routingKey);
    }

    /** Whether the routing key matches this pattern. */
    public boolean matches(String routingKey) {
        String[] key = words(routingKey);
        if (literal) {
            if (key.length != pattern.length) {
                return false;
            }
            for (int i = 0; i < key.length; i++) {
                if (!key[i].equals(pattern[i])) {
                    return false;
                }
            }
            return true;
        }
        // reachable[j]: the first i key words can be matched by the first j pattern words
        int n = key.length;
        boolean[] reachable = new boolean[n + 1];
        boolean[] next = new boolean[n + 1];
        reachable[0] = true;
        for (String p : pattern) {
            java.util.Arrays.fill(next, false);
            if (p.equals("#")) {
                boolean any = false;
                for (int i = 0; i <= n; i++) {
                    any |= reachable[i];
                    next[i] = any; // # eats zero or more words
                }
            } else {
                boolean star = p.equals("*");
                for (int i = 0; i < n; i++) {
                    if (reachable[i] && (star || key[i].equals(p))) {
                        next[i + 1] = true;
                    }
                }
            }
            boolean[] t = reachable;
            reachable = next;
            next = t;
        }
        return reachable[n];
    }

    /** Splits on '.', keeping empty words; the empty string has no words. */
    static String[] words(String key) {
        if (key.isEmpty()) {
            return NO_WORDS;
        }
        List<String> words = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < key.length(); i++) {
            if (key.charAt(i) == '.') {
                words.add(key.substring(start, i));
                start = i + 1;
            }
        }
        words.add(key.substring(start));
        return words.toArray(NO_WORDS);
    }

    @Override
    public String toString() {
        return "TopicMatcher[" + String.join(".", pattern) + "]";
    }
}
