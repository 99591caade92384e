/**
 * BASELINES, not microlab code: faithful Java ports of the naive implementations that
 * popular teaching material shows (the course's list-scanning event store, a
 * {@code synchronized} circuit breaker). They exist only so that benchmarks can show what
 * the real implementations gain over them, where no library competes. Never use them in
 * an application.
 */
package dev.microlab.benchmarks.baseline;
