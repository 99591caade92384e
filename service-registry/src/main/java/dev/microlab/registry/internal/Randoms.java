package dev.microlab.registry.internal;

import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/** Random sources used when none is injected. */
public final class Randoms {

    private static final RandomGenerator THREAD_LOCAL = new RandomGenerator() {
        @Override
        public long nextLong() {
            return ThreadLocalRandom.current().nextLong();
        }

        @Override
        public int nextInt(int bound) {
            return ThreadLocalRandom.current().nextInt(bound);
        }

        @Override
        public String toString() {
            return "ThreadLocalRandom";
        }
    };

    private Randoms() {
    }

    /** An unseeded, contention-free generator backed by {@link ThreadLocalRandom}. Threadsafe. */
    public static RandomGenerator threadLocal() {
        return THREAD_LOCAL;
    }
}
