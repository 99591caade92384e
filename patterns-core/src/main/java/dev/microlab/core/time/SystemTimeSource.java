package dev.microlab.core.time;

import java.time.Instant;

/** The JVM's own clocks. This class is threadsafe. */
enum SystemTimeSource implements TimeSource {
    INSTANCE;

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public Instant instant() {
        return Instant.now();
    }

    @Override
    public String toString() {
        return "TimeSource.system()";
    }
}
