/**
 * The few mechanisms every policy of microlab needs, written once: unwrapping and
 * cancelling stages ({@link dev.microlab.core.internal.Futures}), saturating nanosecond
 * arithmetic ({@link dev.microlab.core.internal.Nanos}) and argument checks whose messages name
 * the parameter ({@link dev.microlab.core.internal.Arguments}).
 *
 * <p>Not part of the public API, and it may change in any release. The microlab modules that
 * would otherwise keep copies of these helpers (circuit-breaker, cqrs, event-store,
 * service-registry, saga) use this package: patterns-core's module-info exports it to them alone
 * ({@code exports ... to}, as the JDK shares {@code jdk.internal.*}), so on the module path no
 * other module can read it, and docs' ModuleMapTest holds the class path to the same list.
 */
package dev.microlab.core.internal;
